"""The paper's home on a Doc is read by one function (extensions.doc_home): the organizations and
places components see the same home whichever extension the caller set."""

from __future__ import annotations

import pytest
import spacy
from guanxi.extractors.extensions import doc_home

from guanxi.model import Home

TEXT = "市委组织部在平遥召开会议"


def _run(attr: str | None):
    nlp = spacy.blank("zh")
    nlp.add_pipe("guanxi_organizations")
    nlp.add_pipe("guanxi_places")
    doc = nlp.make_doc(TEXT)
    if attr:
        setattr(doc._, attr, "山西省/晋中市")
    for _name, pipe in nlp.pipeline:
        doc = pipe(doc)
    orgs = {s.text: s._.org["canonical"] for s in doc.spans["guanxi_organizations"]}
    places = [s.text for s in doc.spans["guanxi_places"]]
    return doc, orgs, places


@pytest.mark.parametrize("attr", ["guanxi_home", "home"])
def test_both_components_read_the_home_however_it_is_set(attr):
    doc, orgs, places = _run(attr)
    assert doc_home(doc) == Home("山西省", "晋中市")
    assert orgs["市委组织部"] == "晋中市委组织部"  # 市 is the home city
    assert "平遥" in places  # a county's short form, licensed by its home city


def test_without_a_home_neither_component_assumes_one():
    doc, orgs, places = _run(None)
    assert doc_home(doc) is None
    assert orgs["市委组织部"] == "市委组织部"
    assert "平遥" not in places


def test_the_forms_of_a_home():
    doc = spacy.blank("zh").make_doc(TEXT)
    for value in ("山西省/晋中市", {"province": "山西省", "city": "晋中市"}, Home("山西省", "晋中市")):
        doc._.guanxi_home = value
        assert doc_home(doc) == Home("山西省", "晋中市")
    doc._.guanxi_home, doc._.home = None, "山西省/晋中市"
    assert doc_home(doc) == Home("山西省", "晋中市")
