"""Read the lexicons of ``extractors/resources/`` (tab-separated, with a header line).

Kept apart from the spaCy components so that reading and segmenting (which also use lexicons,
see :mod:`guanxi.extractors.normalize`) do not import spaCy.
"""

from __future__ import annotations

from importlib.resources import files

__all__ = ["load_tsv"]


def load_tsv(name: str) -> list[list[str]]:
    """Read ``resources/<name>``: UTF-8, ``#`` comments, a header line, tab-separated rows.

    Raises ``ValueError`` naming ``file:line`` on a row whose column count differs from the header.
    """
    text = files("guanxi.extractors").joinpath("resources", name).read_text(encoding="utf-8-sig")
    rows: list[list[str]] = []
    header: list[str] | None = None
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if header is None:
            header = cols
            continue
        if len(cols) != len(header):
            raise ValueError(f"{name}:{no}: expected {len(header)} tab-separated columns, got {len(cols)}")
        rows.append(cols)
    return rows
