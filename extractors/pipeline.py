"""The guanxi spaCy pipeline: ``spacy.blank("zh")`` with our jieba tokenizer and rule components.

Order (each reads what the ones before it wrote):

1. ``guanxi_titles``        title candidates (TITLE) -> ``doc.spans["guanxi_titles"]``
2. ``guanxi_bylines``       journalists -> ``doc._.guanxi_bylines``
3. ``guanxi_persons``       PERSON spans and their posts; keeps only titles held by a person
4. ``guanxi_organizations`` ORG spans (bodies inside titles become optional)
5. ``guanxi_places``        GPE/LOC spans (places inside organizations and titles become optional)
6. ``guanxi_recognizer``    PERSON spans the trained name model proposes and the rules accept (names
                            without a title: 村民赵小平告诉记者), added to the persons
7. ``guanxi_events``        EVENT spans, DATE spans, participants and roles -> ``doc._.guanxi_events``
8. ``guanxi_appointments``  personnel decisions and publicity-list particulars ->
                            ``doc._.guanxi_appointments``, ``doc._.guanxi_profiles``; the persons
                            they name join the persons with the post of the decision
9. ``guanxi_mentions``      the type of each person mention (present, reference, byline, other) ->
                            ``doc._.guanxi_mentions``
10. ``guanxi_entities``      the non-overlapping PERSON/ORG/GPE/LOC/EVENT/DATE set -> ``doc.ents``

Titles and persons read no places: a place inside their names is optional, so places come after
them. Every component is a registered factory (``guanxi_<thing>``) declaring what it ``requires``
and ``assigns``, also a ``spacy_factories`` entry point so ``spacy.load`` of a saved pipeline finds
it; each shares :class:`~guanxi.extractors.components.base.Component`: spaCy's error-handler
protocol, lexicons loaded by ``initialize()`` (nothing at import), saved by ``nlp.to_disk`` with the
name model and checked by ``spacy.load``. No model is downloaded (the name model ships inside the
package). See docs/extraction.md, "The spaCy pipeline".

Examples
--------
>>> nlp = make_nlp()
>>> nlp.pipe_names[:3]
['guanxi_titles', 'guanxi_bylines', 'guanxi_persons']
>>> doc = nlp("市委常委、组织部部长王建国主持会议。")
>>> [(e.text, e.label_) for e in doc.ents if e.label_ == "PERSON"]
[('王建国', 'PERSON')]
"""

from __future__ import annotations

import importlib
from typing import Any

import spacy
from guanxi.extractors import tokenizer as _tokenizer  # noqa: F401 - registers guanxi.JiebaTokenizer.v1
from guanxi.extractors.components.base import Component
from guanxi.extractors.extensions import record_error
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

__all__ = ["PIPELINE", "TOKENIZER", "make_nlp"]

#: Component factories in pipeline order, with the module that registers each.
PIPELINE: tuple[tuple[str, str], ...] = (
    ("guanxi_titles", "guanxi.extractors.components.titles"),
    ("guanxi_bylines", "guanxi.extractors.components.bylines"),
    ("guanxi_persons", "guanxi.extractors.components.persons"),
    ("guanxi_organizations", "guanxi.extractors.components.organizations"),
    ("guanxi_places", "guanxi.extractors.components.places"),
    ("guanxi_recognizer", "guanxi.extractors.components.recognizer"),
    ("guanxi_events", "guanxi.extractors.components.events"),
    ("guanxi_appointments", "guanxi.extractors.components.appointments"),
    ("guanxi_mentions", "guanxi.extractors.components.mentions"),
    ("guanxi_entities", "guanxi.extractors.pipeline"),
)

TOKENIZER: dict[str, Any] = {"@tokenizers": "guanxi.JiebaTokenizer.v1", "hmm": False}

# Span groups merged into doc.ents, the earlier ones winning ties of equal length.
_ENT_KEYS = ("guanxi_persons", "guanxi_organizations", "guanxi_places", "guanxi_events", "guanxi_dates")


def make_nlp(
    *,
    exclude: tuple[str, ...] = (),
    config: dict[str, dict[str, Any]] | None = None,
    record_errors: bool = False,
) -> Language:
    """Build the pipeline and load its resources (``nlp.initialize()``).

    Parameters
    ----------
    exclude:
        Factory names to leave out (a factory whose module is missing is left out too).
    config:
        Per-component config overrides, ``{"guanxi_places": {"include_optional": False}}``.
    record_errors:
        A component that fails on a Doc notes it in ``doc._.guanxi_errors``
        (:func:`~guanxi.extractors.extensions.record_error`) and the Doc goes on; by default the
        error is raised, as in spaCy.
    """
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": dict(TOKENIZER)}})
    # No parser or NER: memory grows linearly, so a long article (a whole book page run together) is fine.
    nlp.max_length = 50_000_000
    for name, module in PIPELINE:
        if name in exclude:
            continue
        if not Language.has_factory(name):
            try:
                importlib.import_module(module)
            except ModuleNotFoundError as err:
                if err.name != module:
                    raise
                continue
        if Language.has_factory(name):
            nlp.add_pipe(name, config=(config or {}).get(name, {}))
    nlp.initialize()
    if record_errors:
        nlp.set_error_handler(record_error)
    return nlp


class EntitiesComponent(Component):
    """spaCy component ``guanxi_entities``: one non-overlapping layer of mentions in ``doc.ents``.

    Overlapping mentions stay in their span groups (组织部 inside 组织部部长); ``doc.ents`` holds one
    reading per token, by group priority (PERSON, ORG, GPE/LOC, EVENT, DATE as listed in ``keys``)
    and longest first within a group, so displaCy and spaCy's own tools see a clean layer.
    """

    def __init__(self, nlp: Language, name: str, *, keys: list[str]) -> None:
        self.name = name
        self.keys = list(keys)

    def process(self, doc: Doc) -> Doc:
        # Groups in priority order (persons first, events last); within a group the longest
        # mention wins; optional mentions (a body inside a title) stay out.
        taken = bytearray(len(doc))
        chosen: list[Span] = []
        for key in self.keys:
            group = [s for s in doc.spans.get(key, []) if s.label_ and not _optional(s)]
            for span in filter_spans(group):
                if not any(taken[span.start : span.end]):
                    taken[span.start : span.end] = b"\x01" * (span.end - span.start)
                    chosen.append(span)
        doc.ents = sorted(chosen, key=lambda s: s.start)
        return doc


def _optional(span: Span) -> bool:
    return any(isinstance(data, dict) and data.get("optional") for data in (span._.org, span._.place))


@Language.factory(
    "guanxi_entities", assigns=["doc.ents"], requires=["doc.spans"], default_config={"keys": list(_ENT_KEYS)}
)
def make_entities(nlp: Language, name: str, keys: list[str]) -> EntitiesComponent:
    """Factory of ``guanxi_entities``."""
    return EntitiesComponent(nlp, name, keys=keys)
