"""Every ``Doc``/``Span`` extension of the guanxi pipeline, registered here and nowhere else.

Importing this module registers them (idempotent, never ``force=True``): every component module
imports it, so a worker process or ``spacy.load`` of a saved pipeline has them before the first
Doc. Values are msgpack-safe (dicts, lists, str, int) so ``DocBin(store_user_data=True)`` and
``nlp.pipe(n_process>1)`` carry them.

Set by the caller before the pipeline runs (:func:`guanxi.extractors.extract` does):

- ``doc._.guanxi_article_id``; ``doc._.guanxi_home`` (``"省/市"`` or ``None``);
  ``doc._.guanxi_page_names`` (names with strong evidence elsewhere on the page);
  ``doc._.guanxi_page_date`` (ISO date of the page, for the year of ``3月18日``);
  ``doc._.guanxi_article`` (title, date, kind, subtitle, reporters of the article).

Written by the components (lists of plain dicts, ``None`` until written):

- ``doc._.guanxi_titles``, ``doc._.guanxi_bylines``, ``doc._.guanxi_persons``,
  ``doc._.guanxi_events``, ``doc._.guanxi_appointments``, ``doc._.guanxi_profiles``,
  ``doc._.guanxi_mentions`` (the type of each ``guanxi_persons`` record, same order);
  ``span._.org`` and ``span._.place`` on the ORG and GPE/LOC spans.

Per-Doc counters (never on a component or a module, which every Doc of a process shares):

- ``doc._.guanxi_misses``: mentions no token boundary could hold, widened to token edges
  (the records keep the exact characters) or, when even that fails, left out of the spans;
- ``doc._.guanxi_errors``: ``{"component", "error"}`` of each component that failed on the Doc
  (written by :func:`record_error`, the pipeline's error handler).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["DOC_EXTENSIONS", "SPAN_EXTENSIONS", "doc_text", "record_error", "register_extensions", "snap"]

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


#: Doc extensions and their defaults.
DOC_EXTENSIONS: dict[str, object] = {
    "guanxi_article_id": None,
    "guanxi_home": None,
    "guanxi_page_names": None,
    "guanxi_page_date": None,
    "guanxi_article": None,
    "guanxi_titles": None,
    "guanxi_bylines": None,
    "guanxi_persons": None,
    "guanxi_events": None,
    "guanxi_appointments": None,
    "guanxi_profiles": None,
    "guanxi_mentions": None,
    "guanxi_misses": 0,
    "guanxi_errors": None,
}

#: Span extensions (the msgpack-safe record of an organization or a place) and their defaults.
SPAN_EXTENSIONS: dict[str, object] = {"org": None, "place": None}


def register_extensions() -> None:
    """Register the extensions if missing (idempotent; safe in every worker process)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def snap(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
    """Return the token span covering characters ``start:end`` (expanded to token edges).

    jieba may glue a name to the verb after it (王建国主 | 持), so exact spans often do not exist;
    ``alignment_mode="expand"`` keeps the mention and ``doc._.guanxi_misses`` counts the matches
    that had to be widened or could not be placed at all (``None``).
    """
    span = doc.char_span(start, end, label=label, kb_id=kb_id)
    if span is not None:
        return span
    doc._.guanxi_misses = (doc._.guanxi_misses or 0) + 1
    return doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")


def record_error(proc_name: str, proc: object, docs: list[Doc], e: Exception) -> None:
    """spaCy error handler (``nlp.set_error_handler``): note the failure on each Doc and go on.

    The Doc keeps what the components before wrote; :func:`guanxi.extractors.extract.extract_page`
    reports such an article (with its id) as a problem instead of extracting it.
    """
    for doc in docs:
        errors = list(doc._.guanxi_errors or [])
        errors.append({"component": proc_name, "error": f"{type(e).__name__}: {e}"})
        doc._.guanxi_errors = errors


register_extensions()
