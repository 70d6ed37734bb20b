"""Read e-paper PDF pages into laid-out pages (:mod:`guanxi.extractors.layout`).

The text layer is read with pypdfium2 (PDFium; Apache-2.0/BSD-3-Clause): every character with
its box and size. Each PDF page becomes a :class:`~guanxi.model.Page` whose text guanxi composes
from the layout (written out with the extractions, so offsets still point at characters), with
the page's regions, its size (``width``, ``height`` in points) in ``meta``, and its issue date
and page number there when the header prints them.

A PDF that cannot be opened (encrypted, damaged, not a PDF) is one :class:`~guanxi.model.Problem`;
a page without a text layer (a scan) is read by OCR when the extra ``guanxi[ocr]`` is installed
(:mod:`guanxi.extractors.ocr`, ``encoding`` ``pdf+ocr``), else it is one Problem, and the other
pages are read.

Jump lines are linked across the pages read together (:func:`read_pdfs`: the pages of one file,
or of the PDF files of one folder): an article that ends ``转第4版`` gets the id of the piece on
page 4 that opens ``上接第1版`` (``continued_to``), and that piece the id back (``continued_from``).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from guanxi.extractors.layout import Char, lay_out

from guanxi.model import Home, Page, Problem

__all__ = ["PDF_SUFFIXES", "count_pdf_pages", "link_jumps", "read_pdf", "read_pdfs"]

PDF_SUFFIXES = (".pdf",)


def _pdfium():
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    return pdfium, raw


def count_pdf_pages(path: str | Path) -> int:
    """Pages of a PDF file (1 when it cannot be opened: the reader reports it once)."""
    pdfium, _ = _pdfium()
    try:
        doc = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):
        return 1
    try:
        return len(doc)
    finally:
        doc.close()


def _open_problem(name: str, err: Exception) -> Problem:
    msg = str(err)
    if "password" in msg.lower():
        return Problem(name, None, "encrypted PDF (a password is needed); not read")
    if "format" in msg.lower() or "not found" in msg.lower() or "damaged" in msg.lower():
        return Problem(name, None, f"not a readable PDF ({msg.strip() or 'damaged'}); not read")
    return Problem(name, None, f"cannot read PDF: {msg.strip() or type(err).__name__}")


def _chars(textpage, raw, height: float) -> list[Char]:
    n = raw.FPDFText_CountChars(textpage)
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    out: list[Char] = []
    get_unicode, get_box = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox
    generated, font_size, get_matrix = (
        raw.FPDFText_IsGenerated,
        raw.FPDFText_GetFontSize,
        raw.FPDFText_GetMatrix,
    )
    for i in range(n):
        u = get_unicode(textpage, i)
        if u in (0, 0xFFFE, 0xFFFF) or u == 10 or u == 13:
            continue
        if u == 32 and generated(textpage, i) == 1:
            continue  # a space PDFium guessed from a gap: the layout reads gaps itself
        if not get_box(textpage, i, ctypes.byref(rect)):
            continue
        # The type size: the font size times the text matrix's vertical scale (a PDF may set
        # 1 Tf and scale the matrix); the box height varies with the glyph, so it is no size.
        size = font_size(textpage, i)
        if get_matrix(textpage, i, ctypes.byref(matrix)):
            size *= (matrix.c * matrix.c + matrix.d * matrix.d) ** 0.5
        size = round(size, 2)
        if size <= 0 or rect.top <= rect.bottom:
            continue
        # PDF space has its origin at the bottom-left; the layout reads from the top-left.
        out.append(Char(chr(u), rect.left, height - rect.top, rect.right, height - rect.bottom, size))
    return out


def read_pdf(path: str | Path, *, home: Home | None = None) -> Iterator[Page | Problem]:
    """The laid-out pages of one PDF file, a Problem for each page without text or a file that
    cannot be read (jump lines linked within the file)."""
    yield from read_pdfs([path], home=home)


def _read_one(path: Path, home: Home | None) -> Iterator[Page | Problem]:
    pdfium, raw = _pdfium()
    name = str(path)
    try:
        doc = pdfium.PdfDocument(name)
    except pdfium.PdfiumError as err:
        yield _open_problem(name, err)
        return
    except OSError as err:
        yield Problem(name, None, f"cannot read: {err.strerror or err}")
        return
    try:
        n = len(doc)
        if n == 0:
            yield Problem(name, None, "PDF without pages")
            return
        for k in range(n):
            try:
                page = doc[k]
                width, height = page.get_size()
                textpage = page.get_textpage()
                chars = _chars(textpage, raw, height)
            except pdfium.PdfiumError as err:
                yield Problem(name, None, f"page {k + 1}: cannot read ({err}); skipped")
                continue
            stem = path.stem if n == 1 else f"{path.stem}#p{k + 1}"
            encoding = "pdf"
            if not any(not c.text.isspace() for c in chars):
                problem = _scan(name, k, page)
                if isinstance(problem, Problem):
                    yield problem
                    continue
                chars, encoding = problem, "pdf+ocr"
            lay = lay_out(chars, width, height)
            meta = [("page", str(lay.page_number if lay.page_number is not None else k + 1))]
            # The page's size in points: what the boxes of its regions are drawn within.
            meta += [("width", f"{round(width, 2):g}"), ("height", f"{round(height, 2):g}")]
            if lay.date:
                meta.insert(0, ("date", lay.date))
            yield Page(stem, name, lay.text, None, encoding, home, tuple(meta), lay.regions)
    finally:
        doc.close()


def _scan(name: str, k: int, page) -> list[Char] | Problem:
    """The characters OCR reads on a page without a text layer, or the Problem that says why not."""
    from guanxi.extractors import ocr

    if not ocr.available():
        return Problem(
            name,
            None,
            f"page {k + 1}: no text layer (a scanned image?); not read (pip install 'guanxi[ocr]' to OCR it)",
        )
    chars = ocr.ocr_chars(page)
    if not chars:
        return Problem(name, None, f"page {k + 1}: no text layer, and OCR found no text; not read")
    return chars


def read_pdfs(paths: Sequence[str | Path], *, home: Home | None = None) -> Iterator[Page | Problem]:
    """The pages of PDF files read together (one issue: a folder's page files, or one file),
    with their jump lines linked (see the module docstring)."""
    items: list[Page | Problem] = []
    for p in paths:
        items.extend(_read_one(Path(p), home))
    pages = link_jumps([x for x in items if isinstance(x, Page)])
    linked = iter(pages)
    for x in items:
        yield next(linked) if isinstance(x, Page) else x


def _number(page: Page) -> int | None:
    v = page.get("page")
    return int(v) if v and v.isdigit() else None


def link_jumps(pages: list[Page]) -> list[Page]:
    """*pages* with each jump (转第X版 → 上接第Y版) linked by article ids, within one issue date.

    A region that jumps to page X is linked to the first continuation on page X (of the same
    issue date) that says it comes from the region's page; each continuation is taken once.
    """
    from guanxi.extractors.segmentation import article_id

    by_key: dict[tuple[str | None, int], list[tuple[int, int]]] = {}
    for pi, page in enumerate(pages):
        num = _number(page)
        for ri, r in enumerate(page.layout):
            if r.jump_from is not None and num is not None:
                by_key.setdefault((page.get("date"), num), []).append((pi, ri))
    if not by_key:
        return pages
    layouts = [list(p.layout) for p in pages]
    for pi, page in enumerate(pages):
        num = _number(page)
        for ri, r in enumerate(page.layout):
            if r.jump_to is None or num is None:
                continue
            for k, (pj, rj) in enumerate(by_key.get((page.get("date"), r.jump_to), [])):
                if pages[pj].layout[rj].jump_from == num:
                    del by_key[(page.get("date"), r.jump_to)][k]
                    cont = pages[pj].layout[rj]
                    layouts[pi][ri] = replace(
                        layouts[pi][ri], continued_to=article_id(pages[pj], cont.start, cont.end)
                    )
                    layouts[pj][rj] = replace(
                        layouts[pj][rj], continued_from=article_id(page, r.start, r.end)
                    )
                    break
    return [replace(p, layout=tuple(lay)) for p, lay in zip(pages, layouts, strict=True)]
