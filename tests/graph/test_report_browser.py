"""The report page in a real browser: headless Chromium (Debian's package) driven by Playwright.

The page is opened from disk with every non-file request aborted and recorded; the tests assert no
console errors, no request leaving the file, the officials table, search in the network view and
the provenance sentence. A screenshot goes to tests/artifacts/report.png, and to docs/img/report.png
(the README's) when that is missing or GUANXI_UPDATE_SCREENSHOT=1.

Chromium and the session's browser come from tests/browser_fixtures.py.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from guanxi.graph.report import write_report
from report_fixtures import TEXT_1, make_out, pdf_build

from guanxi.report import RunReport

ROOT = Path(__file__).resolve().parents[2]
SEED_OFFICIAL = ("杨保春", "组织部")  # a seed official and a word of his post


class Opened:
    """A page opened from disk with the network blocked, and what it tried and logged."""

    def __init__(self, browser, path: Path, lang: str | None = "en") -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 1440, "height": 960}, device_scale_factor=1, accept_downloads=True
        )
        if lang is not None:  # the interface language a reader chose before (the page's localStorage)
            self.context.add_init_script(f"localStorage.setItem('guanxi.lang', {json.dumps(lang)})")
        self.page = self.context.new_page()
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on(
            "requestfailed", lambda r: None if r.url.startswith("file:") else self.outside.append(r.url)
        )
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=60_000)

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def search(self, name: str) -> None:
        box = self.page.locator("#search")
        box.fill(name)
        box.press("Enter")
        self.page.wait_for_function(
            "n => document.querySelector('#details h2') && document.querySelector('#details h2').textContent === n",
            arg=name,
        )

    def close(self) -> None:
        self.context.close()


def _norm(text: str) -> str:
    # Article texts are cleaned (full-width ASCII normalized, line wraps joined): compare the same way.
    return "".join(unicodedata.normalize("NFKC", text).split())


def _check_page(opened: Opened, name: str, post_word: str, source_text: str) -> str:
    page = opened.page
    # Officials table lists the official with a post.
    page.click("button[data-tab='officials']")
    page.fill("#pfilter", name)
    row = page.locator("#ptable tbody tr", has_text=name).first
    row.wait_for()
    assert post_word in row.inner_text()
    # Search in the network view selects the node.
    page.click("button[data-tab='network']")
    opened.search(name)
    node = page.evaluate("() => guanxi.selected()")
    assert page.evaluate("id => guanxi.data.entities.find(e => e.id === id).n", node) == name
    display = page.evaluate(
        "id => { const i = String(guanxi.data.entities.findIndex(e => e.id === id));"
        " const d = guanxi.renderer().getNodeDisplayData(i); return d && {h: !!d.highlighted, hidden: !!d.hidden}; }",
        node,
    )
    assert display == {"h": True, "hidden": False}
    # Selecting it shows a provenance sentence of the source text, with the name highlighted.
    sentences = page.locator("#details .prov .sentence").all_inner_texts()
    assert sentences
    assert any(_norm(s.strip("…")) in _norm(source_text) for s in sentences)
    assert name in page.locator("#details .prov mark").all_inner_texts()
    return node


def test_page_on_hand_made_output(browser, tmp_path: Path) -> None:
    out = make_out(tmp_path / "out")
    opened = Opened(browser, write_report(out))
    try:
        node = _check_page(opened, "张明远", "市委书记", TEXT_1)
        assert opened.page.evaluate("() => window.pwned") is None  # hostile names stay text
        # The type filter takes the node out of the network; the minimum weight keeps only heavier
        # co-occurrence edges.
        key = opened.page.evaluate("id => String(guanxi.data.entities.findIndex(e => e.id === id))", node)
        shown = "k => guanxi.graph().hasNode(k)"
        opened.page.uncheck("#types input[data-label='Person']")
        assert opened.page.evaluate(shown, key) is False
        opened.page.check("#types input[data-label='Person']")
        assert opened.page.evaluate(shown, key) is True
        # With the selection kept, count the edges drawn at weight >= 2 without role edges.
        opened.page.uncheck("#roles")
        opened.page.fill("#minweight", "2")
        drawn = opened.page.evaluate(
            "() => { const g = guanxi.graph(), r = guanxi.renderer(); r.refresh();"
            " return g.edges().filter(e => !r.getEdgeDisplayData(e).hidden).length; }"
        )
        assert drawn == 1  # 张明远 - 李建华, the only pair sharing two articles
        assert opened.errors == []
        assert opened.outside == []
    finally:
        opened.close()


def test_evidence_of_a_pdf_article_draws_where_it_sat_on_its_page(browser, tmp_path: Path) -> None:
    truth, out = pdf_build(tmp_path)
    opened = Opened(browser, write_report(out))
    page = opened.page
    try:
        data = page.evaluate("() => guanxi.data")
        (jumping,) = [a["title"] for a in truth["pages"][0]["articles"] if a.get("jump_to") == 2]
        (k,) = [i for i, r in enumerate(data["articles"]) if r[0] == jumping]
        where = data["articles"][k][3]
        # An entity whose sources cite the article that jumps to page 2.
        entity = next(
            e["id"] for e in data["entities"] if any(data["sentences"][q[0]][0] == k for q in e["ev"])
        )
        assert page.evaluate("id => guanxi.select(id)", entity)
        fig = page.locator(f"#details .where[data-article='{k}']")
        rects = fig.locator("svg rect.box")
        assert rects.count() == len(where["b"])
        drawn = [[float(r.get_attribute(a)) for a in ("x", "y", "width", "height")] for r in rects.all()]
        assert drawn == [[b[0], b[1], b[2] - b[0], b[3] - b[1]] for b in where["b"]]
        size = fig.locator("svg").bounding_box()
        assert abs(size["height"] / size["width"] - where["h"] / where["w"]) < 0.05  # the page's shape
        assert "page 1" in fig.inner_text()
        # Its continuation on page 2 is one click away.
        fig.locator("button.jump", has_text="continued on page 2").click()
        cont = page.locator(f"#details .where[data-article='{where['to']}']")
        assert cont.locator("svg rect.box").count() == len(data["articles"][where["to"]][3]["b"])
        assert "page 2" in cont.inner_text() and "continued from page 1" in cont.inner_text()
        assert opened.errors == []
        assert opened.outside == []
    finally:
        opened.close()


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real output of ``guanxi build seeds -o OUT``: the runner writes index.html itself."""
    from guanxi.runner import build

    out = tmp_path_factory.mktemp("seeds") / "out"
    build([ROOT / "seeds"], out)
    assert (out / "index.html").exists()
    return out


def test_page_on_seeds_output(browser, seeds_out: Path) -> None:
    seed_text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    opened = Opened(browser, seeds_out / "index.html")
    try:
        name, word = SEED_OFFICIAL
        _check_page(opened, name, word, seed_text)
        assert opened.errors == []
        assert opened.outside == []
        targets = [ROOT / "tests" / "artifacts" / "report.png"]
        # The README's copy is refreshed on request only, so a test run leaves the work tree clean.
        readme_img = ROOT / "docs" / "img" / "report.png"
        if os.environ.get("GUANXI_UPDATE_SCREENSHOT") == "1" or not readme_img.exists():
            targets.append(readme_img)
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            opened.page.screenshot(path=str(target))
    finally:
        opened.close()


def test_summary_names_pages_without_a_home(browser, tmp_path: Path) -> None:
    out = make_out(tmp_path / "out")
    report = RunReport(pages=3)
    for page_id in ("p1", "p2"):
        report.no_home("pages/records.jsonl", page_id)
    (out / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
    opened = Opened(browser, write_report(out))
    try:
        cards = opened.page.locator("#summary .card.warn").all_text_contents()
        card = next(c for c in cards if c.startswith("Pages without a home"))
        assert card.startswith("Pages without a home2their bare 市委/县委 stay unqualified")
        assert opened.errors == []
    finally:
        opened.close()
