"""OCR for PDF pages without a text layer (scans), with the optional extra ``guanxi[ocr]``.

The engine is RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``, Apache-2.0): its PP-OCRv4
models ship inside its wheel, so nothing is downloaded at run time. A page is rendered with
PDFium, read line by line (text and box), and each line is handed to the layout as characters
spread evenly over its box, the type size read from the box height; box heights of one type
size vary a little from line to line, so heights within a tenth of each other are taken as one
size. The layout then finds headlines, columns and articles as on a page with a text layer.

Without the extra, :func:`available` is False and a scan is reported (one line) instead.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from functools import cache
from typing import Any

from guanxi.extractors.layout import Char

__all__ = ["SCALE", "available", "ocr_chars"]

#: Render scale (points to pixels): 2 gives about 144 dpi, enough for body type of 9 points.
SCALE = 2.0
#: An OCR line box is about this many times the type size high.
_BOX_RATIO = 1.15


def available() -> bool:
    """True when the OCR extra (``pip install 'guanxi[ocr]'``) is installed."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _sizes(heights: list[float]) -> dict[float, float]:
    """Each box height mapped to the median of its group (heights within 10% of the group's
    first); heights up to a quarter above the most common one (a line with quotes, a box a
    little skewed) are the body size."""
    if not heights:
        return {}
    body = Counter(heights).most_common(1)[0][0]
    out: dict[float, float] = {h: body for h in heights if 0.8 * body <= h <= 1.25 * body}
    group: list[float] = []
    for h in [*sorted(set(heights) - set(out)), float("inf")]:
        if group and h > group[0] * 1.1:
            mid = group[len(group) // 2]
            out.update((g, mid) for g in group)
            group = []
        group.append(h)
    return out


def ocr_chars(page: Any) -> list[Char]:
    """The characters OCR reads on a pypdfium2 page, in reading order of its lines."""
    image = page.render(scale=SCALE).to_numpy()
    result, _ = _engine()(image)
    return _chars(result)


def _chars(result: list | None) -> list[Char]:
    lines: list[tuple[float, float, float, float, str]] = []
    for box, text, _score in result or []:
        text = "".join(str(text).split())
        if not text:
            continue
        xs = [float(p[0]) / SCALE for p in box]
        ys = [float(p[1]) / SCALE for p in box]
        lines.append((min(xs), min(ys), max(xs), max(ys), text))
    sizes = _sizes([round(b - t, 1) for _, t, _, b, _ in lines])
    chars: list[Char] = []
    for x0, top, x1, bottom, text in lines:
        size = sizes[round(bottom - top, 1)] / _BOX_RATIO
        step = (x1 - x0) / len(text)
        chars.extend(
            Char(ch, x0 + k * step, top, x0 + (k + 1) * step, bottom, round(size, 2))
            for k, ch in enumerate(text)
        )
    return chars
