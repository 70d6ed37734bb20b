"""The ``guanxi_organizations`` spaCy component: organization mentions as ``ORG`` spans.

The matching rules (:func:`~guanxi.extractors.orgs.find_organizations`, :func:`~guanxi.extractors.orgs.org_type`,
canonical names, title bodies) live in :mod:`guanxi.extractors.orgs`, which needs no spaCy; this
module writes their matches to ``doc.spans`` and re-exports them.
"""

from __future__ import annotations

from typing import Any

from guanxi.extractors.components.base import Component
from guanxi.extractors.extensions import doc_text, snap
from guanxi.extractors.orgs import (
    OrgMatch,
    _compiled,
    canonical_org,
    find_organizations,
    org_type,
    page_organizations,
    split_title_body,
)
from spacy.language import Language
from spacy.tokens import Doc, Span

from guanxi.model import Home

__all__ = [
    "OrgMatch",
    "OrganizationsComponent",
    "canonical_org",
    "find_organizations",
    "make_organizations",
    "org_type",
    "page_organizations",
    "split_title_body",
]


# ----------------------------------------------------------------------------------------------
# spaCy component


def _to_dict(m: OrgMatch) -> dict[str, Any]:
    return {f: getattr(m, f) for f in OrgMatch.__slots__}


class OrganizationsComponent(Component):
    """Write :func:`find_organizations` results to ``doc.spans[spans_key]`` with label ``ORG``.

    Reads ``doc.spans[titles_key]`` (the titles the persons component kept) and
    ``doc._.guanxi_home``. Each span's ``span._.org`` is a msgpack-safe dict of the
    :class:`OrgMatch` fields (exact character offsets, type, canonical, parent, optional, why);
    spans are snapped to tokens (:func:`~guanxi.extractors.extensions.snap`, which counts the
    widened ones in ``doc._.guanxi_misses``).
    """

    resources = (
        "org_suffixes.tsv",
        "org_national.tsv",
        "org_prefixes.tsv",
        "org_protected.tsv",
        "org_stopwords.tsv",
        "org_generic.tsv",
        "org_title_words.tsv",
        "org_false_words.tsv",
        "org_right_context.tsv",
    )

    def __init__(
        self, nlp: Language, name: str, *, spans_key: str, titles_key: str, include_optional: bool
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.titles_key = titles_key
        self.include_optional = include_optional

    @property
    def labels(self) -> tuple[str, ...]:
        return ("ORG",)

    def load(self) -> None:
        _compiled()

    def process(self, doc: Doc) -> Doc:
        titles = (
            [(sp.start_char, sp.end_char) for sp in doc.spans[self.titles_key]]
            if self.titles_key in doc.spans
            else []
        )
        home = Home.parse(doc._.guanxi_home) if doc._.guanxi_home else None
        spans: list[Span] = []
        for m in find_organizations(doc_text(doc), home=home, titles=titles):
            if m.optional and not self.include_optional:
                continue
            span = snap(doc, m.start, m.end, "ORG")
            if span is None:
                continue
            span._.org = _to_dict(m)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "guanxi_organizations",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={
        "spans_key": "guanxi_organizations",
        "titles_key": "guanxi_titles",
        "include_optional": True,
    },
)
def make_organizations(
    nlp: Language, name: str, spans_key: str, titles_key: str, include_optional: bool
) -> OrganizationsComponent:
    """Build the ``guanxi_organizations`` component (settings documented on :class:`OrganizationsComponent`)."""
    return OrganizationsComponent(
        nlp, name, spans_key=spans_key, titles_key=titles_key, include_optional=include_optional
    )
