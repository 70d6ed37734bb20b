"""Text in, structured mentions out: reading, segmentation and extraction. No database I/O.

The extraction API (spaCy stays inside this package):

- :func:`make_nlp` builds the spaCy pipeline (``spacy.blank("zh")``, jieba tokenizer, guanxi components);
- :func:`extract` turns one article's text into an :class:`~guanxi.model.ArticleExtraction`;
- :func:`extract_pages` segments and extracts pages (``jobs`` worker processes);
- :func:`to_gold` gives a page in the gold schema of the annotation guidelines.

``extract``, ``extract_pages`` and ``make_nlp`` are loaded on first use, so reading and segmenting
(``import guanxi.extractors.read``) never pay for spaCy. ``guanxi.extractors.extract`` is the
function; import the module's other names with ``from guanxi.extractors.extract import ...``.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

from guanxi.extractors.gold import to_gold

__all__ = ["extract", "extract_pages", "make_nlp", "to_gold"]

_LAZY = {
    "extract": "guanxi.extractors.extract",
    "extract_pages": "guanxi.extractors.extract",
    "make_nlp": "guanxi.extractors.pipeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    if name != "extract":
        globals()[name] = value  # later reads skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(types.ModuleType):
    """The package, whose ``extract`` is always the function.

    Loading the submodule ``extract`` makes Python bind it on the package under the same name;
    the setter drops that binding so the function keeps the name.
    """

    @property
    def extract(self) -> Callable[..., Any]:
        return importlib.import_module("guanxi.extractors.extract").extract

    @extract.setter
    def extract(self, value: object) -> None:
        pass


sys.modules[__name__].__class__ = _Package
