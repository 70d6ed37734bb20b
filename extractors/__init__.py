"""Text in, structured mentions out: reading, segmentation and extraction. No database I/O.

The extraction API (spaCy stays inside this package):

- :func:`make_nlp` builds the spaCy pipeline (``spacy.blank("zh")``, jieba tokenizer, guanxi components);
- :func:`extract` turns one article's text into an :class:`~guanxi.model.ArticleExtraction`;
- :func:`extract_pages` segments and extracts pages (``jobs`` worker processes);
- :func:`to_gold` gives a page in the gold schema of the annotation guidelines.

``guanxi.extractors.extract`` is the function; import the module's other names with
``from guanxi.extractors.extract import ...``.
"""

from __future__ import annotations

# Imported eagerly: the function ``extract`` must win over the submodule of the same name, which
# Python binds on the package when the submodule is first loaded.
from guanxi.extractors.extract import extract, extract_pages
from guanxi.extractors.gold import to_gold
from guanxi.extractors.pipeline import make_nlp

__all__ = ["extract", "extract_pages", "make_nlp", "to_gold"]
