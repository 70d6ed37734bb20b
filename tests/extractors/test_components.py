"""The spaCy layer: data flow between components, per-Doc counters, error handling, resources
loaded by ``initialize()`` and the pipeline saved with ``to_disk`` and read back by ``spacy.load``."""

from __future__ import annotations

import importlib
import json
import lzma
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import spacy
from click.testing import CliRunner
from guanxi.extractors.components.base import ResourceMismatchError
from guanxi.extractors.extensions import DOC_EXTENSIONS
from guanxi.extractors.extract import extract_page, extract_pages, get_nlp
from guanxi.extractors.name_model import NameModel
from guanxi.extractors.pipeline import make_nlp
from guanxi.extractors.read import read_inputs
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._dict_proxies import SpanGroups
from spacy.tokens.underscore import Underscore
from spacy.util import get_lang_class

from guanxi.cli import main
from guanxi.errors import ExtractionError
from guanxi.model import Home, Page

# The module (the package's attribute ``extract`` is the function).
extract_module = importlib.import_module("guanxi.extractors.extract")
HOME = Home("山西省", "长治市")
TEXT = (
    "本报讯 记者李明报道：3月18日，市委组织部召开会议。市委常委、组织部部长王建国主持会议并讲话。"
    "村民赵小平告诉记者，他在沁县城工作。市政协副主席刘强、孙立出席。"
)
# What the caller puts on the Doc before the pipeline runs (extract._prepare).
CALLER = {"guanxi_article_id", "guanxi_home", "guanxi_page_names", "guanxi_page_date", "guanxi_article"}
# Per-Doc counters every component may add to.
COUNTERS = {"guanxi_misses", "guanxi_errors"}


def _prepared(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    doc._.guanxi_article_id = "a1"
    doc._.guanxi_home = "山西省/长治市"
    doc._.guanxi_page_names = []
    doc._.guanxi_page_date = "2024-03-18"
    doc._.guanxi_article = {
        "title": None,
        "date": "2024-03-18",
        "kind": "news",
        "subtitle": None,
        "reporters": [],
    }
    return doc


@pytest.fixture
def access_log(monkeypatch) -> list[tuple[str, str]]:
    """Every read and write of a Doc extension (``doc._.x``) and a span group (``doc.spans[k]``)."""
    log: list[tuple[str, str]] = []
    get_attr, set_attr = Underscore.__getattr__, Underscore.__setattr__
    get_item, set_item, contains = SpanGroups.__getitem__, SpanGroups.__setitem__, SpanGroups.__contains__

    def read_ext(self, name):
        if self._start is None and name in DOC_EXTENSIONS:
            log.append(("read", f"doc._.{name}"))
        return get_attr(self, name)

    def write_ext(self, name, value):
        if self._start is None and name in DOC_EXTENSIONS:
            log.append(("write", f"doc._.{name}"))
        set_attr(self, name, value)

    def read_group(self, key):
        log.append(("read", f"spans.{key}"))
        return get_item(self, key)

    def has_group(self, key):
        log.append(("read", f"spans.{key}"))
        return contains(self, key)

    def write_group(self, key, value):
        log.append(("write", f"spans.{key}"))
        set_item(self, key, value)

    monkeypatch.setattr(Underscore, "__getattr__", read_ext)
    monkeypatch.setattr(Underscore, "__setattr__", write_ext)
    monkeypatch.setattr(SpanGroups, "__getitem__", read_group)
    monkeypatch.setattr(SpanGroups, "__contains__", has_group)
    monkeypatch.setattr(SpanGroups, "__setitem__", write_group)
    return log


def test_extensions_are_registered_in_one_module():
    root = Path(extract_module.__file__).parent
    registering = sorted(
        str(f.relative_to(root))
        for f in root.rglob("*.py")
        if "set_extension(" in f.read_text(encoding="utf-8")
    )
    assert registering == ["extensions.py"]


def test_each_component_reads_only_what_earlier_components_wrote(access_log):
    nlp = get_nlp()
    doc = _prepared(nlp, TEXT)
    written = {f"doc._.{name}" for name in CALLER}
    counters = {f"doc._.{name}" for name in COUNTERS}
    for name, proc in nlp.pipeline:
        meta = nlp.get_pipe_meta(name)
        access_log.clear()
        doc = proc(doc)
        reads = {what for op, what in access_log if op == "read"} - counters
        writes = {what for op, what in access_log if op == "write"} - counters
        assert reads - written - writes == set(), f"{name} reads what no earlier component wrote"
        # What it requires is there; what it writes and what it reads of the others' work is declared.
        for attr in meta.requires:
            assert attr == "doc.spans" or attr in written, (name, attr)
        for what in writes:
            assert (what if what.startswith("doc._.") else "doc.spans") in meta.assigns, (name, what)
        for what in reads & written - {f"doc._.{c}" for c in CALLER}:
            assert (what if what.startswith("doc._.") else "doc.spans") in meta.requires, (name, what)
        written |= writes
    assert not any(nlp.analyze_pipes()["problems"].values())


def test_misses_are_counted_on_each_doc():
    nlp = get_nlp()
    # jieba reads 沁 | 县城: the place 沁县 is widened to the tokens 沁县城 and counted on its Doc.
    widened = nlp("他在沁县城工作。")
    assert [(s.text, s._.place["text"]) for s in widened.spans["guanxi_places"]] == [("沁县城", "沁县")]
    assert widened._.guanxi_misses == 1
    # Nothing is carried over to the next Doc, and no component keeps a count of its own.
    assert nlp("副市长朱静带领调研组深入学校调研。")._.guanxi_misses == 0
    assert not any(hasattr(proc, "misses") for _name, proc in nlp.pipeline)


@Language.factory("guanxi_test_failing", default_config={"article_id": ""})
def _make_failing(nlp: Language, name: str, article_id: str):
    """Fails on one article (a stand-in for a bug that one input triggers)."""

    def fail(doc: Doc) -> Doc:
        if doc._.guanxi_article_id == article_id:
            raise ValueError("invented failure")
        return doc

    return fail


@pytest.fixture(scope="module")
def page(seed_paths) -> Page:
    (first,) = [p for p in read_inputs([str(seed_paths[0])], home=HOME) if isinstance(p, Page)]
    return first


@pytest.fixture(scope="module")
def good(page):
    return extract_page(page, nlp=get_nlp())


@pytest.fixture(scope="module")
def failing_nlp(good) -> Language:
    nlp = make_nlp(record_errors=True)
    bad_id = good.articles[1].article.article_id
    nlp.add_pipe("guanxi_test_failing", after="guanxi_persons", config={"article_id": bad_id})
    return nlp


def test_a_failing_article_is_reported_and_the_page_goes_on(failing_nlp, page, good):
    assert len(good.articles) > 2
    problems = []
    px = extract_page(page, nlp=failing_nlp, problems=problems)
    bad_id = good.articles[1].article.article_id
    assert [(p.path, p.reason) for p in problems] == [
        (page.path, f"article {bad_id}: not extracted (guanxi_test_failing: ValueError: invented failure)")
    ]
    assert px.articles[1].article == good.articles[1].article
    assert (px.articles[1].persons, px.articles[1].organizations, px.articles[1].events) == ((), (), ())
    assert px.articles[0] == good.articles[0] and px.articles[2:] == good.articles[2:]
    with pytest.raises(ExtractionError, match=rf"article {bad_id}: not extracted"):
        extract_page(page, nlp=failing_nlp)


def test_cli_reports_the_failing_article_and_writes_the_rest(failing_nlp, seed_paths, tmp_path, monkeypatch):
    monkeypatch.setattr(extract_module, "get_nlp", lambda: failing_nlp)
    out = tmp_path / "pages.jsonl"
    args = [
        "extract",
        str(seed_paths[0]),
        str(seed_paths[1]),
        "--home",
        "山西省/长治市",
        "-o",
        str(out),
        "-q",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "not extracted" in line]
    assert len(lines) == 1 and lines[0].startswith(f"guanxi: {seed_paths[0]}: article ")
    assert [json.loads(line)["file"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        seed_paths[0].name,
        seed_paths[1].name,
    ]


def test_extract_pages_reports_to_on_problem(failing_nlp, page, monkeypatch):
    monkeypatch.setattr(extract_module, "get_nlp", lambda: failing_nlp)
    problems = []
    (px,) = extract_pages([page], on_problem=problems.append)
    assert len(problems) == 1 and px.page == page
    with pytest.raises(ExtractionError):
        list(extract_pages([page]))


# -- resources and serialization -------------------------------------------------------------------

_CACHES = """
import importlib, sys
from guanxi.extractors.pipeline import PIPELINE
for _name, module in PIPELINE:
    importlib.import_module(module)
from guanxi.extractors.components.names import _dictionary_freq, surnames
from guanxi.extractors.components.organizations import _compiled
from guanxi.extractors.components.places import _lexicon
from guanxi.extractors.components.titles import post_lexicon
caches = [surnames, _dictionary_freq, _compiled, _lexicon, post_lexicon]
def filled():
    return [c.cache_info().currsize for c in caches]
assert filled() == [0] * len(caches), f"read at import time: {filled()}"
if sys.argv[1] == "make_nlp":
    from guanxi.extractors.pipeline import make_nlp
    nlp = make_nlp()
else:
    import spacy
    nlp = spacy.load(sys.argv[1])
assert filled() == [1] * len(caches), f"not loaded: {filled()}"
assert nlp.get_pipe("guanxi_recognizer").model is not None
"""


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pipeline") / "guanxi"
    get_nlp().to_disk(path)
    return path


@pytest.mark.parametrize("how", ["make_nlp", "spacy.load"])
def test_resources_are_loaded_by_initialize_or_from_disk_not_on_import(how, saved):
    arg = "make_nlp" if how == "make_nlp" else str(saved)
    run = subprocess.run([sys.executable, "-c", _CACHES, arg], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("how", ["disk", "bytes"])
def test_a_saved_pipeline_gives_identical_extractions_on_the_seeds(how, saved, seed_paths):
    if how == "disk":
        loaded = spacy.load(saved)
    else:
        loaded = get_lang_class("zh").from_config(get_nlp().config).from_bytes(get_nlp().to_bytes())
    assert loaded.pipe_names == get_nlp().pipe_names
    assert loaded.config["components"] == get_nlp().config["components"]
    pages = [p for p in read_inputs([str(p) for p in seed_paths], home=HOME) if isinstance(p, Page)]
    for p in pages:
        before = extract_page(p, nlp=get_nlp())
        after = extract_page(p, nlp=loaded)
        assert json.dumps(after.to_dict(), ensure_ascii=False) == json.dumps(
            before.to_dict(), ensure_ascii=False
        )


def test_the_name_model_is_saved_with_the_pipeline_and_read_back(saved, tmp_path):
    model_file = saved / "guanxi_recognizer" / "name_model.xz"
    text = "上午，村民赵小平告诉记者，今年的玉米长势很好。"
    assert NameModel.from_bytes(lzma.decompress(model_file.read_bytes())).spans(
        text
    ) == NameModel.load().spans(text)
    # The loaded pipeline uses the saved model, not the package's: an empty model proposes nothing.
    empty = NameModel({}, np.zeros((1, 3), dtype=np.float32), np.zeros((3, 3), dtype=np.float32))
    copy = tmp_path / "copy"
    get_nlp().to_disk(copy)
    (copy / "guanxi_recognizer" / "name_model.xz").write_bytes(lzma.compress(empty.to_bytes()))
    loaded = spacy.load(copy)
    assert loaded.get_pipe("guanxi_recognizer").model.spans(text) == []
    walk = "他和钱卫东一起走访了几户人家。"  # no title, no byline: only the model finds the name
    assert [p["name"] for p in get_nlp()(walk)._.guanxi_persons] == ["钱卫东"]
    assert loaded(walk)._.guanxi_persons == []


def test_a_pipeline_saved_with_other_lexicons_does_not_load(tmp_path):
    path = tmp_path / "old"
    get_nlp().to_disk(path)
    saved_posts = path / "guanxi_titles" / "title_posts.tsv"
    assert saved_posts.is_file()
    saved_posts.write_text(saved_posts.read_text(encoding="utf-8") + "发明官\tpost\n", encoding="utf-8")
    with pytest.raises(ResourceMismatchError, match=r"guanxi_titles: resources/title_posts.tsv"):
        spacy.load(path)


def test_every_resource_is_saved_by_a_component():
    from importlib.resources import files

    shipped = {
        f.name for f in files("guanxi.extractors").joinpath("resources").iterdir() if f.name.endswith(".tsv")
    }
    claimed = {name for _name, proc in get_nlp().pipeline for name in getattr(proc, "resources", ())}
    assert shipped <= claimed, shipped - claimed
