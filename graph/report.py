"""The offline report page: one self-contained ``OUT/index.html`` written from a build's output folder.

The page needs no network: the vendored graph drawing library (sigma.js with graphology, bundled by
``scripts/vendor-web.sh`` into ``report_assets/vendor.min.js``), the page's own script and style, and
the data (JSON in a ``<script type="application/json">`` tag) are all inlined into the one file.
The data, and the bounds that keep it small, come from :mod:`guanxi.graph.report_data`. A build
with PDF pages also gets ``report_pages.js``/``.css`` (the outline of the page each cited article
sat on); the page of a build without one is left as it was.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from guanxi.graph.report_data import build_report_data

from guanxi.errors import OutputError
from guanxi.outputs import atomic_open

__all__ = ["build_report_data", "render_report", "write_report"]


def _asset(name: str) -> str:
    return (resources.files("guanxi.graph") / "report_assets" / name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    # A literal "</script" or "<!--" would end or confuse the inline <script> element.
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def render_report(data: dict[str, Any], *, title: str = "guanxi report") -> str:
    """Return the self-contained HTML page for *data* (from :func:`build_report_data`)."""
    # Page outlines only when an article has a page (a fourth field): text-only pages stay as they were.
    pages = any(len(a) > 3 for a in data.get("articles", ()))
    css, app = _asset("report.css"), _asset("report.js")
    if pages:
        css, app = css + _asset("report_pages.css"), app + "\n" + _asset("report_pages.js")
    # "<" only occurs inside JSON strings, where \u003c is the same character: no "</script>" can end the tag.
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    parts = {
        "TITLE": title.replace("&", "&amp;").replace("<", "&lt;"),
        "CSS": css.replace("</", "<\\/"),
        "VENDOR": _inline_script(_asset("vendor.min.js")),
        "APP": _inline_script(app),
        "DATA": blob,
    }
    return re.sub(r"\{\{(TITLE|CSS|VENDOR|APP|DATA)\}\}", lambda m: parts[m.group(1)], _asset("report.html"))


def write_report(
    out_dir: Path,
    *,
    top_n: int = 500,
    max_nodes: int = 5000,
    evidence: int | None = None,
    max_text: int | None = 20_000_000,
) -> Path:
    """Write ``out_dir/index.html``, the offline report page of a build, and return its path.

    Parameters
    ----------
    out_dir
        A ``guanxi build`` output folder (see :func:`build_report_data`).
    top_n
        Network nodes shown when the page opens; the page says so and can raise it up to *max_nodes*.
    max_nodes
        Network nodes embedded in the page.
    evidence
        Provenance sentences kept per entity, one per article (None: all, so that the page pages
        through every source).
    max_text
        Characters of full article text embedded (None: no bound); see :func:`build_report_data`.

    Raises
    ------
    InputError
        A line of the folder's JSONL files is not a JSON object (names file and line).
    OutputError
        ``index.html`` cannot be written.
    """
    out_dir = Path(out_dir)
    data = build_report_data(out_dir, top_n=top_n, max_nodes=max_nodes, evidence=evidence, max_text=max_text)
    page = render_report(data)
    target = out_dir / "index.html"
    try:
        with atomic_open(target) as fh:
            fh.write(page)
    except OSError as err:
        raise OutputError(f"{target}: cannot write the report page ({err.strerror or err})") from err
    return target
