"""The report page in a real browser: headless Chromium (Debian's package) driven by Playwright.

The page is opened from disk with every non-file request aborted and recorded; the tests assert no
console errors, no request leaving the file, the officials table, search in the network view and
the provenance sentence. A screenshot goes to tests/artifacts/report.png, and to docs/img/report.png
(the README's) when that is missing or GUANXI_UPDATE_SCREENSHOT=1.

Chromium and the session's browser come from tests/browser_fixtures.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import struct
import unicodedata
from pathlib import Path

import pytest
from careers_fixtures import career_pages
from click.testing import CliRunner
from guanxi.graph.report import build_report_data, write_report
from report_fixtures import HOME, TEXT_1, article, extractions, make_out, pdf_build, prov, referred_meeting

from guanxi.cli import main
from guanxi.model import ArticleExtraction, Page, PageExtraction, Person, Post
from guanxi.report import RunReport
from guanxi.sentences import sentence_spans

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
        # In Chinese, pages are 版.
        page.click("#lang")
        assert "第 1 版" in page.locator(f"#details .where[data-article='{k}']").inner_text()
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


# --- the page for research: filters, exports, communities, sources, language -------------------------


def _persons(opened: Opened) -> set[str]:
    """Names in the persons table (all kinds), as filtered now."""
    page = opened.page
    page.click("button[data-tab='officials']")
    page.select_option("#pkind", "")
    return set(page.locator("#ptable tbody tr td:first-child button.ent").all_inner_texts())


def _network(opened: Opened) -> set[str]:
    opened.page.wait_for_selector("body[data-ready='1']")
    return set(opened.page.evaluate("() => guanxi.graph().mapNodes((k, a) => a.label)"))


def _visitor() -> PageExtraction:
    """A meeting that studies a provincial governor's speech: he is only referred to, never present."""
    return referred_meeting("赵东海", Post("省长", "省长", "河北省人民政府"), "全省大会")


def test_date_range_refilters_tables_and_network(browser, tmp_path: Path) -> None:
    opened = Opened(browser, write_report(make_out(tmp_path / "out")))
    page = opened.page
    try:
        assert {"张明远", "李建华", "王立新"} <= _network(opened)
        page.fill("#datefrom", "2025-03-10")
        page.fill("#dateto", "2025-03-31")
        # 王立新 is seen on 03-09 only; the meeting was on 03-02.
        assert _persons(opened) == {"张明远", "李建华"}
        page.click("button[data-tab='events']")
        assert page.locator("#ecount").inner_text().startswith("0 of 1")
        page.click("button[data-tab='network']")
        shown = _network(opened)
        assert "王立新" not in shown and {"张明远", "李建华"} <= shown
        # No node is left without a link.
        assert page.evaluate("() => guanxi.graph().nodes().every(k => guanxi.graph().degree(k) > 0)")
        page.fill("#datefrom", "")
        page.fill("#dateto", "")
        assert "王立新" in _network(opened)
        assert opened.errors == []
    finally:
        opened.close()


def test_local_only_hides_persons_never_present(browser, tmp_path: Path) -> None:
    out = make_out(tmp_path / "out", [*extractions(), _visitor()])
    opened = Opened(browser, write_report(out))
    try:
        assert "赵东海" in _persons(opened)
        opened.page.check("#localonly")
        assert _persons(opened) == {"张明远", "李建华", "王立新"}
        assert "赵东海" not in _network(opened)
        assert opened.errors == []
    finally:
        opened.close()


def _download(opened: Opened, button: str) -> bytes:
    with opened.page.expect_download() as info:
        opened.page.click(button)
    return Path(info.value.path()).read_bytes()


def test_csv_export_of_each_table_holds_every_filtered_row(browser, tmp_path: Path) -> None:
    out = make_out(tmp_path / "out", [*extractions(), _visitor()])
    opened = Opened(browser, write_report(out))
    try:
        _persons(opened)
        rows = list(csv.DictReader(io.StringIO(_download(opened, "#pcsv").decode("utf-8-sig"))))
        assert {r["name"] for r in rows} == {"张明远", "李建华", "王立新", "赵东海"}
        zhang = next(r for r in rows if r["name"] == "张明远" and r["title"] == "市委书记")
        assert zhang["organization"] == "邯郸市委" and zhang["local"] == "1"
        assert next(r for r in rows if r["name"] == "赵东海")["local"] == "0"
        opened.page.check("#localonly")
        rows = list(csv.DictReader(io.StringIO(_download(opened, "#pcsv").decode("utf-8-sig"))))
        assert "赵东海" not in {r["name"] for r in rows}
        opened.page.click("button[data-tab='events']")
        (event,) = csv.DictReader(io.StringIO(_download(opened, "#ecsv").decode("utf-8-sig")))
        assert (event["title"], event["date"], event["places"]) == (
            "全市营商环境工作会议",
            "2025-03-02",
            "邯山区",
        )
        assert event["participants"] == "张明远（主持）、李建华（出席）"
        assert opened.errors == []
    finally:
        opened.close()


def test_png_export_of_the_network_draws_the_nodes(browser, tmp_path: Path) -> None:
    opened = Opened(browser, write_report(make_out(tmp_path / "out")))
    try:
        png = _download(opened, "#png")
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])
        box = opened.page.locator("#graph canvas").first.bounding_box()
        assert (width, height) == (round(box["width"]), round(box["height"]))
        # The picture holds the nodes' colours, not a blank canvas.
        coloured = opened.page.evaluate(
            """() => new Promise(done => { const img = new Image(); img.onload = () => {
                 const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
                 const x = c.getContext('2d'); x.drawImage(img, 0, 0);
                 const d = x.getImageData(0, 0, c.width, c.height).data; let n = 0;
                 for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 200 && d[i] < 80) n++;  // person blue
                 done(n); }; img.src = guanxi.png(); })"""
        )
        assert coloured > 20
        assert opened.errors == []
    finally:
        opened.close()


def test_label_propagation_finds_communities_and_colours_them(browser, tmp_path: Path) -> None:
    opened = Opened(browser, write_report(make_out(tmp_path / "out")))
    page = opened.page
    try:
        # Two triangles joined by one edge are two communities, the same on every run.
        found = page.evaluate(
            """() => { const G = new GuanxiVendor.Graph({type: 'undirected'});
                 ['a','b','c','x','y','z'].forEach(k => G.addNode(k));
                 [['a','b'],['b','c'],['a','c'],['x','y'],['y','z'],['x','z'],['c','x']].forEach(e => G.addEdge(e[0], e[1], {w: 1}));
                 return [guanxi.communities(G), guanxi.communities(G)]; }"""
        )
        first, again = found
        assert first == again
        assert first["a"] == first["b"] == first["c"] != first["x"] == first["y"] == first["z"]
        page.select_option("#colour", "community")
        nodes = page.evaluate("() => guanxi.graph().mapNodes((k, a) => [a.community, a.color])")
        colour_of = {}
        for community, colour in nodes:
            assert community is not None
            assert colour_of.setdefault(community, colour) == colour
        assert len(set(colour_of.values())) == len(colour_of)
        page.select_option("#colour", "type")
        assert page.evaluate("() => guanxi.graph().mapNodes((k, a) => a.community)") == [None] * len(nodes)
        assert opened.errors == []
    finally:
        opened.close()


def test_tie_selector_offers_every_tie_kind_of_the_data(browser, tmp_path: Path) -> None:
    out = make_out(tmp_path / "out")
    edges = [json.loads(line) for line in (out / "edges.jsonl").read_text(encoding="utf-8").splitlines()]
    names = {e["id"]: e["n"] for e in build_report_data(out)["entities"]}
    attended = {names[e[k]] for e in edges if e["type"] == "CO_ATTENDED" for k in ("source", "target")}
    assert attended  # the build's own co-attendance ties (persons of one event)
    labels = {"CO_ATTENDED": "co-attendance", "SERVED_WITH": "shared service"}
    kinds = ["co-mention", *(labels[t] for t in labels if any(e["type"] == t for e in edges))]
    opened = Opened(browser, write_report(out))
    page = opened.page
    try:
        assert page.locator("#tie option").all_inner_texts() == kinds
        page.uncheck("#roles")
        page.select_option("#tie", label="co-attendance")
        assert _network(opened) == attended
        page.select_option("#tie", label="co-mention")
        assert {"张明远", "李建华", "王立新"} <= _network(opened)
        assert opened.errors == []
    finally:
        opened.close()


def test_sources_page_through_every_article_and_open_its_full_text(browser, tmp_path: Path) -> None:
    texts = [f"本报讯 市长李建华到第{k + 1}号项目工地调研。" for k in range(25)]
    xs = tuple(
        ArticleExtraction(
            article(f"b{k}", k, f"调研之{k + 1:02d}", "2025-04-01", text),
            sentences=tuple(sentence_spans(text)),
            persons=(
                Person(
                    "李建华",
                    "official",
                    (Post("市长", "市长", "邯郸市人民政府"),),
                    prov(f"b{k}", text, "李建华"),
                ),
            ),
        )
        for k, text in enumerate(texts)
    )
    pe = PageExtraction(Page("page-b", "pages/page-b.txt", "".join(texts), home=HOME), HOME, xs)
    opened = Opened(browser, write_report(make_out(tmp_path / "out", [pe])))
    page = opened.page
    try:
        opened.search("李建华")
        titles = page.locator("#details .prov .src b").all_inner_texts()
        assert len(titles) == 20
        page.click("#srcpager button.next")
        page.wait_for_function("() => document.querySelectorAll('#details .prov li').length === 5")
        titles += page.locator("#details .prov .src b").all_inner_texts()
        assert sorted(titles) == [f"调研之{k + 1:02d}" for k in range(25)]
        # The article's full text is one click from its sentence.
        item = page.locator("#details .prov li").first
        item.locator("button.fulltext-btn").click()
        full = item.locator(".fulltext").inner_text()
        assert _norm(full) == _norm(texts[20]) and "李建华" in item.locator(".fulltext mark").inner_text()
        assert opened.errors == []
    finally:
        opened.close()


def test_interface_is_chinese_by_default_and_the_switch_to_english_persists(browser, tmp_path: Path) -> None:
    path = write_report(make_out(tmp_path / "out"))
    opened = Opened(browser, path, lang=None)
    page = opened.page
    try:
        tabs = "() => [...document.querySelectorAll('.tabs button')].map(b => b.textContent)"
        assert page.evaluate(tabs) == ["关系网络", "官员", "事件"]
        assert page.evaluate("() => document.documentElement.lang") == "zh-CN"
        assert page.locator("#pcsv").inner_text() == "导出 CSV"
        page.click("#lang")
        assert page.evaluate(tabs) == ["Network", "Officials", "Events"]
        assert page.locator("#summary .card .k").first.text_content() == "Articles"
        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        assert page.evaluate(tabs) == ["Network", "Officials", "Events"]
        page.click("#lang")
        assert page.evaluate(tabs) == ["关系网络", "官员", "事件"]
        assert opened.errors == []
    finally:
        opened.close()


def test_person_panel_shows_the_career_timeline_and_the_succession(browser, tmp_path: Path) -> None:
    opened = Opened(browser, write_report(make_out(tmp_path / "out", list(career_pages()))))
    page = opened.page
    try:
        opened.search("范永刚")
        rows = page.locator("#details ol.timeline > li").all_inner_texts()
        assert len(rows) == 1 and "清苑县委书记" in rows[0]
        spell = page.locator("#details .timeline .spell").inner_text()
        assert spell == "2024-03-08 (appointment) → 2024-06-01 (last seen)"
        assert "appointed 2024-03-08 · 保定市委" in page.locator("#details .timeline .decisions").inner_text()
        assert page.locator("#details .timeline .succession").inner_text() == "Succession: 蒋春生 → 范永刚"
        # The predecessor is a link: it opens his career, ended by his removal.
        page.locator("#details .timeline .succession button", has_text="蒋春生").click()
        page.wait_for_function("() => document.querySelector('#details h2').textContent === '蒋春生'")
        assert page.locator("#details .timeline .spell").inner_text() == (
            "2023-05-10 (first seen) → 2024-03-08 (removal)"
        )
        page.click("#lang")  # and in Chinese
        page.wait_for_function("() => document.querySelector('#details .timeline .spell')")
        assert page.locator("#details .timeline .spell").inner_text() == "2023-05-10 (首次见报) → 2024-03-08 (免职)"
        assert opened.errors == []
    finally:
        opened.close()


def test_seeds_page_is_the_same_bytes_on_every_write(seeds_out: Path) -> None:
    first = (seeds_out / "index.html").read_bytes()
    assert write_report(seeds_out).read_bytes() == first


# --- corrections written from the page (docs/corrections.md) ---------------------------------------


def _one_secretary_twice(tmp_path: Path) -> tuple[Path, Path]:
    """Invented records of one city secretary, most with their city and one without a home, and of
    another city's secretary of the same name: a real ``guanxi build`` cannot tell whose the one
    without a home is and keeps it apart. Returns (records, output folder)."""
    text = "5月{}日，市委书记周致远主持召开市委常委会会议。"
    rows = [
        {"id": f"r{d}", "text": text.format(d), **({} if d == 2 else {"home": "山西省/长治市"})}
        for d in range(1, 4)
    ]
    rows.append({"id": "r4", "text": text.format(4), "home": "山西省/晋城市"})
    src = tmp_path / "records.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return src, out


def _person_nodes(out: Path, name: str) -> list[dict]:
    nodes = (json.loads(x) for x in (out / "nodes.jsonl").read_text(encoding="utf-8").splitlines())
    return [n for n in nodes if n["label"] == "Person" and n["properties"]["name"] == name]


def _copy(opened: Opened, scope: str) -> str:
    """Click the copy button in *scope* and return what the clipboard holds."""
    page = opened.page
    page.locator(f"{scope} button.copy").click()
    page.wait_for_function(f"() => document.querySelector('{scope} .copy-status').textContent !== ''")
    assert page.locator(f"{scope} .copy-status").inner_text() in ("已复制", "Copied")
    return page.evaluate("() => navigator.clipboard.readText()")


def _cli_line(*args: str) -> str:
    result = CliRunner().invoke(main, ["corrections", "line", *args])
    assert result.exit_code == 0, result.output
    return result.output.rstrip("\n")


def test_merge_lines_copied_from_the_page_merge_the_persons_on_a_rebuild(browser, tmp_path: Path) -> None:
    src, out = _one_secretary_twice(tmp_path)
    by_home = {n["properties"].get("home"): n for n in _person_nodes(out, "周致远")}
    assert sorted(by_home, key=str) == [None, "晋城市", "长治市"]
    homed, homeless = by_home["长治市"], by_home[None]
    opened = Opened(browser, out / "index.html", lang=None)
    opened.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = opened.page
    try:
        page.click("button[data-tab='officials']")
        assert page.locator("#fixes").is_hidden()
        assert page.locator("#ptable tbody tr input.pick").count() == 3

        def index(node: dict) -> int:
            return page.evaluate("id => guanxi.data.entities.findIndex(e => e.id === id)", node["id"])

        page.locator(f"#ptable tbody tr[data-idx='{index(homed)}'] input.pick").check()
        assert "再选择至少一位人物" in page.locator("#fixes").inner_text()
        page.locator(f"#ptable tbody tr[data-idx='{index(homeless)}'] input.pick").check()
        # The person kept is the one with a home; the line is the one the CLI writes for them.
        assert page.locator("#fixes select.fix-keep").input_value() == str(index(homed))
        page.check("#fixes input.fix-header")
        copied = _copy(opened, "#fixes")
        cli = _cli_line("merge", "周致远", "--home", "", "--to", "周致远", "--to-home", "长治市", "--header")
        assert copied == cli == "op,name,home,to,to_home,date,post\nmerge,周致远,,周致远,长治市,,"
        assert opened.errors == []
    finally:
        opened.close()
    # The copied text is a corrections file: the rebuild has one person, corrected by its line.
    fixes = tmp_path / "corrections.csv"
    fixes.write_text(copied + "\n", encoding="utf-8")
    again = tmp_path / "again"
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(again), "-q", "--corrections", str(fixes)])
    assert result.exit_code == 0, result.output
    (one,) = [n for n in _person_nodes(again, "周致远") if n["properties"].get("home") != "晋城市"]
    assert one["id"] == homed["id"]
    assert one["properties"]["articles"] == 3 and one["properties"]["corrected"] == [2]
    report = json.loads((again / "report.json").read_text(encoding="utf-8"))
    assert [(c["status"], c["mentions"]) for c in report["corrections"]] == [("applied", 1)]


def test_one_persons_lines_are_those_of_the_cli(browser, tmp_path: Path) -> None:
    _, out = _one_secretary_twice(tmp_path)
    opened = Opened(browser, out / "index.html", lang=None)
    opened.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = opened.page
    panel = "#details details.fix"
    try:
        page.click("button[data-tab='officials']")
        page.locator("#ptable tbody tr").first.locator("button.ent").click()  # the homed one (most articles)
        page.locator(f"{panel} summary").click()
        options = page.locator(f"{panel} select.fix-op option").all_inner_texts()
        assert options == ["删除（误识别的人物）", "改名", "按日期拆分", "按职务拆分", "修正职务"]
        home = ["--home", "长治市"]
        cases = [
            ("drop", {}, ["drop", "周致远", *home]),
            ("rename", {"input.fix-to": "周志远"}, ["rename", "周致远", *home, "--to", "周志远"]),
            ("split_date", {"input.fix-date": "2024-05-02"}, ["split", "周致远", *home, "--date", "2024-05-02"]),
            ("split_post", {"select.fix-post": "市委书记"}, ["split", "周致远", *home, "--post", "市委书记"]),
            ("post", {"select.fix-post": "市委书记", "input.fix-to": "市长"}, ["post", "周致远", *home, "--post", "市委书记", "--to", "市长"]),
        ]  # fmt: skip
        for op, fields, args in cases:
            page.select_option(f"{panel} select.fix-op", op)
            for sel, value in fields.items():
                if sel.startswith("select"):
                    page.select_option(f"{panel} {sel}", value)
                else:
                    page.fill(f"{panel} {sel}", value)
            assert page.locator(f"{panel} .fix-line").inner_text() == _cli_line(*args), op
            assert _copy(opened, panel) == _cli_line(*args), op
        # A line that needs a value says so and cannot be copied.
        page.select_option(f"{panel} select.fix-op", "rename")
        assert page.locator(f"{panel} .fix-line").inner_text() == "请填写：新姓名"
        assert page.locator(f"{panel} button.copy").is_disabled()
        # English labels after the switch; the person's panel adds it to the merge box too.
        page.click("#lang")
        page.locator(f"{panel} button.pick-btn").click()
        assert page.locator("#fixes h3").inner_text() == "Merge persons (1 chosen)"
        assert page.locator(f"{panel} button.pick-btn").inner_text() == "Remove from merge"
        assert opened.errors == []
    finally:
        opened.close()


def test_a_name_after_an_astral_character_is_the_one_marked(browser, tmp_path: Path) -> None:
    """Offsets count Python characters (code points); a name printed after a character outside the
    Basic Multilingual Plane (a rare name character of CJK Extension B) is still the text marked."""
    src = tmp_path / "pages"
    src.mkdir()
    text = "青禾日报\n3月5日，\U00020000\U00020001村村民代表和市委书记张明远一起到青禾镇调研。张明远强调，要抓好春耕。\n"
    (src / "page.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(out), "-q", "--home", "河北省/邯郸市"])
    assert result.exit_code == 0, result.output
    opened = Opened(browser, out / "index.html")
    try:
        opened.page.click("button[data-tab='network']")
        opened.search("张明远")
        marks = opened.page.locator("#details .prov mark").all_inner_texts()
        assert marks and set(marks) == {"张明远"}
        assert opened.errors == []
    finally:
        opened.close()
