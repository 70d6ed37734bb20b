"""Every ``Doc``/``Span`` extension of the guanxi pipeline, registered in one place.

Values are msgpack-safe (dicts, lists, str, int) so ``DocBin(store_user_data=True)`` and
``nlp.pipe(n_process>1)`` carry them. Structured results of the components live on the Doc:

- ``doc._.guanxi_article_id``, ``doc._.guanxi_home`` (``"省/市"`` or ``None``), ``doc._.guanxi_page_names``
  (names with strong evidence elsewhere on the page), ``doc._.guanxi_page_date`` (ISO date of the page
  or article, for the year of ``3月18日``), set by the caller before the pipeline runs;
- ``doc._.guanxi_titles``, ``doc._.guanxi_bylines``, ``doc._.guanxi_persons``, ``doc._.guanxi_events``:
  lists of plain dicts written by the components;
- ``doc._.guanxi_misses``: character matches that no token boundary could hold (counted, not dropped
  silently).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["doc_text", "register_extensions", "snap"]

_TEXT_KEY = "guanxi_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once: spaCy rebuilds it from every token on each access, which costs
    more than a whole rule component on a long article. The tokenizer stores the original text
    in ``doc.user_data``; a Doc made elsewhere gets it stored on first use."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is not None and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        return text
    text = doc.text
    doc.user_data[_TEXT_KEY] = text
    return text


_DOC_EXTENSIONS: dict[str, object] = {
    "guanxi_article_id": None,
    "guanxi_home": None,
    "guanxi_page_names": None,
    "guanxi_page_date": None,
    "guanxi_article": None,
    "guanxi_titles": None,
    "guanxi_bylines": None,
    "guanxi_persons": None,
    "guanxi_events": None,
    "guanxi_misses": 0,
    # The paper's home as "省/市" under the name the places and organizations components read.
    "home": None,
}


def register_extensions() -> None:
    """Register the extensions if missing (idempotent; safe in every worker process)."""
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("guanxi_data"):
        # Per-span record (post, kind, roles): stored in doc.user_data by spaCy, keyed by the span.
        Span.set_extension("guanxi_data", default=None)


def snap(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """Return the token span covering characters ``start:end`` (expanded to token edges).

    jieba may glue a name to the verb after it (王建国主 | 持), so exact spans often do not exist;
    ``alignment_mode="expand"`` keeps the mention and ``doc._.guanxi_misses`` counts the matches
    that had to be widened or could not be placed at all.
    """
    span = doc.char_span(start, end, label=label)
    if span is not None:
        return span
    doc._.guanxi_misses = (doc._.guanxi_misses or 0) + 1
    return doc.char_span(start, end, label=label, alignment_mode="expand")


register_extensions()
