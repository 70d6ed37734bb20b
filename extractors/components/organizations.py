"""The ``guanxi_organizations`` spaCy component: organization mentions as ``ORG`` spans.

The matching rules (:func:`~guanxi.extractors.orgs.find_organizations`, :func:`~guanxi.extractors.orgs.org_type`,
canonical names, title bodies) live in :mod:`guanxi.extractors.orgs`, which needs no spaCy; this
module writes their matches to ``doc.spans`` and re-exports them.
"""

from __future__ import annotations

from typing import Any

from guanxi.extractors.orgs import (
    OrgMatch,
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


def _home_of(doc: Doc) -> Home | None:
    # The pipeline puts the paper's home on the doc (doc._.home: Home, dict or "省/市").
    if not Doc.has_extension("home"):
        return None
    value = doc._.home
    if isinstance(value, dict):
        return Home(value.get("province"), value.get("city"))
    if isinstance(value, str):
        return Home.parse(value)
    return value if isinstance(value, Home) else None


def _to_dict(m: OrgMatch) -> dict[str, Any]:
    return {f: getattr(m, f) for f in OrgMatch.__slots__}


class OrganizationsComponent:
    """Write :func:`find_organizations` results to ``doc.spans[spans_key]`` with label ``ORG``.

    Title spans are read from ``doc.spans[titles_key]`` when an earlier component wrote them.
    Each span's ``span._.org`` is a msgpack-safe dict of the :class:`OrgMatch` fields (exact
    character offsets, type, canonical, parent, optional, why); spans are snapped to tokens with
    ``alignment_mode="expand"`` and ``misses`` counts matches that found no tokens at all.
    """

    def __init__(
        self, nlp: Language, name: str, *, spans_key: str, titles_key: str, include_optional: bool
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.titles_key = titles_key
        self.include_optional = include_optional
        self.misses = 0
        if not Span.has_extension("org"):
            Span.set_extension("org", default=None)

    @property
    def labels(self) -> tuple[str, ...]:
        return ("ORG",)

    def __call__(self, doc: Doc) -> Doc:
        titles = (
            [(sp.start_char, sp.end_char) for sp in doc.spans[self.titles_key]]
            if self.titles_key in doc.spans
            else []
        )
        spans: list[Span] = []
        for m in find_organizations(doc.text, home=_home_of(doc), titles=titles):
            if m.optional and not self.include_optional:
                continue
            span = doc.char_span(m.start, m.end, label="ORG", alignment_mode="expand")
            if span is None:
                self.misses += 1
                continue
            span._.org = _to_dict(m)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "guanxi_organizations",
    assigns=["doc.spans"],
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
