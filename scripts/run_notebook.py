#!/usr/bin/env python3
"""Run docs/notebook.ipynb from top to bottom and write its fresh outputs into it.

Usage::

    .venv/bin/python scripts/run_notebook.py [NOTEBOOK]

Needs the test extra (``pip install -e '.[test]'``: nbclient, ipykernel, matplotlib) and a font with Chinese
glyphs (``apt-get install fonts-noto-cjk``). The notebook runs in its own folder, as Jupyter runs it. No cell
timings are recorded, so a rerun on unchanged code leaves the file as it was, but for the plot's PNG.

tests/graph/test_notebook.py runs the notebook the same way (:func:`execute`) and fails when the outputs
committed in the file differ from today's (:func:`outputs`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "notebook.ipynb"
# What differs between two runs of the same code: object addresses and the notebook's temporary folder.
_ADDRESS = re.compile(r"\b0x[0-9a-f]{4,}\b")
_TMP = re.compile(r"\S*guanxi-nb-[A-Za-z0-9_]+")


def execute(path: Path = NOTEBOOK):
    """The notebook at *path*, executed in its folder (an ``nbformat.NotebookNode``)."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def _text(value: str | list[str]) -> str:
    text = "".join(value) if isinstance(value, list) else value
    return _TMP.sub("<tmp>/guanxi-nb", _ADDRESS.sub("0x…", text))


def outputs(nb) -> list[tuple[int, str, list]]:
    """Per code cell: its execution count, its source and its outputs as compared by the tests.

    Text outputs are kept whole (object addresses and the temporary folder masked); images only by
    their MIME type, since PNG bytes change with the matplotlib and FreeType versions.
    """
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for out in cell.get("outputs", []):
            kind = out["output_type"]
            if kind == "stream":
                outs.append((kind, out["name"], _text(out["text"])))
            elif kind == "error":
                outs.append((kind, out["ename"], _text(out["evalue"])))
            else:
                data = {
                    mime: "<image>" if mime.startswith("image/") else _text(value)
                    for mime, value in sorted(out.get("data", {}).items())
                }
                outs.append((kind, out.get("execution_count"), data))
        cells.append((cell.get("execution_count"), cell.source, outs))
    return cells


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    import nbformat

    path = Path(argv[0]) if argv else NOTEBOOK
    nb = execute(path)
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(nb, path)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
