"""The report page's data and HTML, on a small hand-made build output (see report_fixtures.py)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from careers_fixtures import career_pages
from guanxi.graph.report import build_report_data, render_report, write_report
from report_fixtures import (
    HOME,
    HOSTILE,
    TEXT_1,
    article,
    extractions,
    make_out,
    pdf_build,
    prov,
    referred_meeting,
)

from guanxi.errors import InputError
from guanxi.model import (
    ArticleExtraction,
    Event,
    Organization,
    Page,
    PageExtraction,
    Participant,
    Person,
    Post,
)
from guanxi.sentences import sentence_spans

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "graph" / "report_assets"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return make_out(tmp_path / "out")


def _embedded(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="guanxi-data">(.*?)</script>', html, re.S)
    assert m is not None
    return json.loads(m.group(1))


def _entity(data: dict, name: str) -> tuple[int, dict]:
    hits = [(i, e) for i, e in enumerate(data["entities"]) if e["n"] == name]
    assert len(hits) == 1, name
    return hits[0]


def test_write_report_writes_one_self_contained_page(out: Path) -> None:
    path = write_report(out)
    assert path == out / "index.html"
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    # Everything inlined: no external script, stylesheet, image or font.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)
    assert "@import" not in html and "url(http" not in html
    assert "GuanxiVendor" in html and "sigma" in html.lower()
    assert "default-src 'none'" in html  # the page itself forbids network requests


def test_embedded_data_round_trips_and_cannot_break_out_of_its_tag(out: Path) -> None:
    html = write_report(out).read_text(encoding="utf-8")
    assert _embedded(html) == build_report_data(out)
    assert HOSTILE not in html
    assert html.lower().count("</script>") == 3  # data, vendor bundle, page script
    assert _entity(_embedded(html), HOSTILE)[1]["n"] == HOSTILE


def test_summary_counts_and_rejected_inputs(out: Path) -> None:
    s = build_report_data(out)
    assert s["summary"] == {
        "inputs": 2,
        "pages": 1,
        "articles": 3,
        "persons": 3,
        "officials": 3,
        "journalists": 0,
        "others": 0,
        "organizations": 4,
        "places": 4,  # 邯山区, 复兴区 and the divisions above them: 邯郸市, 河北省
        "events": 1,
        "date_first": "2025-03-02",
        "date_last": "2025-03-12",
        "rejected": 1,
        "without_home": 0,  # the sample page has its home
    }
    assert s["problems"] == [["pages/broken.txt", None, "cannot decode as UTF-8, GB18030 or UTF-16"]]


def test_officials_have_posts_with_first_and_last_seen_and_event_counts(out: Path) -> None:
    data = build_report_data(out)
    i, _ = _entity(data, "李建华")
    row = next(p for p in data["persons"] if p[0] == i)
    # The spell is known from sightings only; no decision, no succession.
    spell = ["2025-03-02", "first_seen", "2025-03-09", "last_seen"]
    assert row[1] == [["市长", "市长", "邯郸市政府", "2025-03-02", "2025-03-09", *spell, [], -1]]
    assert row[2] == 1  # one event
    w, _ = _entity(data, "王立新")
    assert next(p for p in data["persons"] if p[0] == w)[1][0][2] == "邯郸市发展和改革委员会"


def test_events_list_organizers_places_and_participants_with_roles(out: Path) -> None:
    data = build_report_data(out)
    (ev,) = data["events"]
    assert data["entities"][ev[0]]["n"] == "全市营商环境工作会议"
    assert ev[1:6] == ["2025-03-02", "", "meeting", ["邯郸市委"], ["邯山区"]]
    assert [p[:2] for p in ev[6]] == [["张明远", "主持"], ["李建华", "出席"]]
    assert data["entities"][ev[6][0][2]]["n"] == "张明远"


def test_provenance_keeps_the_sentence_and_highlights_the_mention(out: Path) -> None:
    data = build_report_data(out)
    _, zhang = _entity(data, "张明远")
    assert zhang["m"] == 2 and len(zhang["ev"]) == 2
    for s, hs, he in zhang["ev"]:
        a, sentence = data["sentences"][s]
        assert sentence[hs:he] == "张明远"
        assert data["articles"][a][2] == "2025-03-page1.txt"
    s, hs, he = zhang["ev"][0]
    assert data["sentences"][s][1] in TEXT_1
    assert data["articles"][data["sentences"][s][0]][:2] == ["全市营商环境工作会议召开", "2025-03-02"]
    # 市委 in a 邯郸 paper is 邯郸市委 (the build's key, hence its id), highlighted as printed.
    _, party = _entity(data, "邯郸市委")
    ((s, hs, he),) = party["ev"]
    assert data["sentences"][s][1][hs:he] == "市委"
    # The full text of each cited article is kept with it, one click from its sentences.
    assert data["texts"][data["sentences"][s][0]] == TEXT_1
    assert len(data["texts"]) == len(data["articles"])


def test_full_texts_stop_at_their_budget(out: Path) -> None:
    data = build_report_data(out, max_text=len(TEXT_1))
    assert [t for t in data["texts"] if t] == [TEXT_1]  # the first cited article only
    assert data["texts"].count("") == len(data["articles"]) - 1


def test_entities_carry_first_and_last_dates_and_persons_whether_local(out: Path) -> None:
    data = build_report_data(out)
    _, li = _entity(data, "李建华")
    assert (li["f"], li["t"]) == ("2025-03-02", "2025-03-12")
    _, wang = _entity(data, "王立新")
    assert (wang["f"], wang["t"]) == ("2025-03-09", "2025-03-09")
    local = {data["entities"][p[0]]["n"]: p[3] for p in data["persons"]}
    # Posts in 邯郸市 bodies (the pages' home city) are local.
    assert local["张明远"] == 1 and local["李建华"] == 1 and local["王立新"] == 1


def _referred(tmp_path: Path) -> Path:
    """An output where the party secretary is only referred to (his speech studied) and the mayor chairs."""
    page = referred_meeting("孙志强", Post("市委书记", "市委书记", "邯郸市委"), "全市大会")
    return make_out(tmp_path / "out", [page])


def test_a_person_only_referred_to_is_not_local(tmp_path: Path) -> None:
    data = build_report_data(_referred(tmp_path))
    local = {data["entities"][p[0]]["n"]: p[3] for p in data["persons"]}
    assert local == {"孙志强": 0, "李建华": 1}  # both hold a post in a home-city body


def test_output_without_mention_types_falls_back_on_a_post_at_home(tmp_path: Path) -> None:
    out = _referred(tmp_path)
    edges = [json.loads(line) for line in (out / "edges.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any("present" in e["properties"] for e in edges)
    for e in edges:  # as written before mention types existed
        for key in ("present", "reference", "byline", "other"):
            e["properties"].pop(key, None)
    (out / "edges.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in edges), encoding="utf-8")
    data = build_report_data(out)
    local = {data["entities"][p[0]]["n"]: p[3] for p in data["persons"]}
    assert local == {"孙志强": 1, "李建华": 1}  # the stand-in: both hold a post at home


def test_other_weighted_ties_get_a_bit_of_their_own_in_the_selector(out: Path) -> None:
    edges = [json.loads(line) for line in (out / "edges.jsonl").read_text(encoding="utf-8").splitlines()]
    written = {e["type"] for e in edges if e["type"] in ("CO_ATTENDED", "SERVED_WITH")}
    assert "CO_ATTENDED" in written  # the build's own co-attendance ties
    data = build_report_data(out)
    ties = data["meta"]["ties"]
    assert ties["1"] == "CO_OCCURS" and set(ties.values()) == {"CO_OCCURS", *written}
    bit = next(b for b, k in ties.items() if k == "CO_ATTENDED")
    assert int(bit) > max(data["meta"]["edge_bits"].values())
    tie = next(e for e in edges if e["type"] == "CO_ATTENDED")
    index = {e["id"]: k for k, e in enumerate(data["entities"])}
    pos = {idx: r for r, idx in enumerate(data["graph"]["nodes"])}
    ends = sorted((pos[index[tie["source"]]], pos[index[tie["target"]]]))
    (edge,) = [e for e in data["graph"]["edges"] if sorted(e[:2]) == ends]
    assert edge[3] & int(bit) and edge[4][bit] == tie["properties"]["weight"]


def _page(page_id: str, *articles: ArticleExtraction) -> PageExtraction:
    text = "".join(ax.article.text for ax in articles)
    return PageExtraction(Page(page_id, f"pages/{page_id}.txt", text, home=HOME), HOME, articles)


def _news(aid: str, date: str, text: str, **mentions) -> ArticleExtraction:
    return ArticleExtraction(
        article(aid, 0, text[:12], date, text), sentences=tuple(sentence_spans(text)), **mentions
    )


def _cited(data: dict, entity: dict) -> list[tuple[str, str]]:
    """(article date, highlighted text) of each evidence item of *entity*."""
    return [
        (data["articles"][data["sentences"][s][0]][1], data["sentences"][s][1][hs:he])
        for s, hs, he in entity["ev"]
    ]


def test_an_article_of_a_pdf_page_carries_where_it_sat(tmp_path: Path) -> None:
    truth, out = pdf_build(tmp_path)
    data = build_report_data(out)
    boxes = {}  # title (or the continuation's file) -> boxes, as extractions.jsonl holds them
    for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines():
        pe = PageExtraction.from_dict(json.loads(line))
        for ax in pe.articles:
            boxes[ax.article.title or (ax.article.kind, pe.page.file)] = ax.article.boxes
    titles = {a["title"]: p["page"] for p in truth["pages"] for a in p["articles"] if a["title"]}
    rows = [r for r in data["articles"] if r[0]]
    assert rows and all(len(r) == 4 for r in rows)
    for title, _, file, where in rows:
        assert where["n"] == titles[title] and file == f"{titles[title]:02d}.pdf", title
        assert (where["w"], where["h"]) == truth["size"]
        assert where["b"] == [[round(v, 1) for v in b] for b in boxes[title]], title
        assert all(
            0 <= x0 < x1 <= where["w"] and 0 <= top < bottom <= where["h"]
            for x0, top, x1, bottom in where["b"]
        )
    # The article that jumps to page 2 links to its continuation there, and back.
    (jumping,) = [a["title"] for a in truth["pages"][0]["articles"] if a.get("jump_to") == 2]
    (k,) = [i for i, r in enumerate(data["articles"]) if r[0] == jumping]
    cont = data["articles"][k][3]["to"]
    assert data["articles"][cont][2:] == [
        "02.pdf",
        {
            "n": 2,
            "w": 900.0,
            "h": 1300.0,
            "b": [[round(v, 1) for v in b] for b in boxes[("continuation", "02.pdf")]],
            "from": k,
        },
    ]
    # Articles of text pages carry no page: their rows stay [title, date, file], and their page
    # gets no page-outline script.
    text = build_report_data(make_out(tmp_path / "text"))
    assert all(len(r) == 3 for r in text["articles"])
    assert "pageOutline" in render_report(data) and "pageOutline" not in render_report(text)


def test_an_article_outside_the_date_range_is_no_evidence(tmp_path: Path) -> None:
    # --since leaves a1 (2025-03-02) out of the graph: 张明远 was counted in a3 only, and the page
    # must not cite or count a1 for him (it did when it matched mentions by name).
    data = build_report_data(make_out(tmp_path / "out", since="2025-03-05"))
    _, zhang = _entity(data, "张明远")
    assert zhang["m"] == 1
    assert _cited(data, zhang) == [("2025-03-12", "张明远")]
    assert all(data["articles"][a][1] >= "2025-03-05" for a, _ in data["sentences"])


def test_an_event_reported_under_another_title_is_the_event_the_build_merged_it_into(tmp_path: Path) -> None:
    # a4 reports the meeting of a1 (same day, same chair) under a title of its own; a5 holds another
    # meeting under that title two weeks later. The build merges a4 into a1's event: so does the page
    # (matching by name, it gave a4 to a5's event, the only one titled so).
    t4 = "本报讯 3月2日，全市营商环境工作推进会召开，张明远主持。"
    t5 = "本报讯 3月20日，全市营商环境工作推进会召开。"
    title = "全市营商环境工作推进会"
    a4 = _news(
        "a4",
        "2025-03-02",
        t4,
        persons=(Person("张明远", "official", (), prov("a4", t4, "张明远")),),
        events=(
            Event(
                title,
                "meeting",
                "2025-03-02",
                participants=(Participant("张明远", "主持"),),
                prov=prov("a4", t4, title),
            ),
        ),
    )
    a5 = _news(
        "a5", "2025-03-20", t5, events=(Event(title, "meeting", "2025-03-20", prov=prov("a5", t5, title)),)
    )
    data = build_report_data(make_out(tmp_path / "out", [*extractions(), _page("page-2", a4, a5)]))
    _, merged = _entity(data, "全市营商环境工作会议")
    _, other = _entity(data, title)
    assert _cited(data, merged) == [("2025-03-02", "全市营商环境工作会议"), ("2025-03-02", title)]
    assert _cited(data, other) == [("2025-03-20", title)]


def test_a_journalist_and_an_official_of_one_name_in_one_article_are_two_entities(tmp_path: Path) -> None:
    t6 = "本报记者王立新报道：3月15日，市发展改革委主任王立新到企业调研。"
    official = t6.rindex("王立新")
    a6 = _news(
        "a6",
        "2025-03-15",
        t6,
        persons=(
            Person("王立新", "journalist", (), prov("a6", t6, "王立新")),
            Person(
                "王立新",
                "official",
                (Post("市发展改革委主任", "主任", "邯郸市发展和改革委员会"),),
                prov("a6", t6, "王立新", at=official),
            ),
        ),
    )
    data = build_report_data(make_out(tmp_path / "out", [*extractions(), _page("page-2", a6)]))
    wangs = {e["k"]: e for e in data["entities"] if e["n"] == "王立新"}
    assert sorted(wangs) == ["journalist", "official"]
    # Each is cited in a6 (matching by name, both mentions went to one of them).
    assert ("2025-03-15", "王立新") in _cited(data, wangs["journalist"])
    assert ("2025-03-15", "王立新") in _cited(data, wangs["official"])


def test_a_short_company_name_is_the_registered_company_the_build_merged_it_into(tmp_path: Path) -> None:
    t7 = "本报讯 邯郸市丛台春酒业有限公司新厂区投产。"
    t8 = "本报讯 丛台春新品上市。"
    a7 = _news(
        "a7",
        "2025-03-20",
        t7,
        organizations=(
            Organization(
                "邯郸市丛台春酒业有限公司", "company", prov=prov("a7", t7, "邯郸市丛台春酒业有限公司")
            ),
        ),
    )
    a8 = _news(
        "a8",
        "2025-03-21",
        t8,
        organizations=(Organization("丛台春", "company", prov=prov("a8", t8, "丛台春")),),
    )
    data = build_report_data(make_out(tmp_path / "out", [*extractions(), _page("page-2", a7, a8)]))
    assert not [e for e in data["entities"] if e["n"] == "丛台春"]
    _, company = _entity(data, "邯郸市丛台春酒业有限公司")
    assert _cited(data, company) == [("2025-03-20", "邯郸市丛台春酒业有限公司"), ("2025-03-21", "丛台春")]


def test_evidence_is_bounded_per_entity(out: Path) -> None:
    data = build_report_data(out, evidence=1, max_nodes=2, evidence_rest=0)
    shown = set(data["graph"]["nodes"])
    for i, e in enumerate(data["entities"]):
        limit = 1 if (i in shown or e["l"] == 3) else 0
        assert len(e["ev"]) <= limit
        assert e["m"] >= len(e["ev"])
    _, li = _entity(data, "李建华")
    assert li["m"] == 3  # the count of articles stays whole when sentences are dropped


def test_network_keeps_the_nodes_of_highest_degree(out: Path) -> None:
    full = build_report_data(out)
    degrees = sorted((e["d"] for e in full["entities"]), reverse=True)
    small = build_report_data(out, top_n=2, max_nodes=3)
    nodes = small["graph"]["nodes"]
    assert len(nodes) == 3
    assert [small["entities"][i]["d"] for i in nodes] == degrees[:3]
    assert small["meta"]["top_n"] == 2 and small["meta"]["max_nodes"] == 3
    assert small["meta"]["total_nodes"] == len(full["entities"])
    assert all(0 <= a < 3 and 0 <= b < 3 for a, b, *_ in small["graph"]["edges"])
    # 张明远 and 李建华 share two articles: the co-occurrence weight drawn between them.
    z, _ = _entity(full, "张明远")
    li, _ = _entity(full, "李建华")
    pos = {idx: r for r, idx in enumerate(full["graph"]["nodes"])}
    pair = sorted((pos[z], pos[li]))
    assert next(e for e in full["graph"]["edges"] if sorted(e[:2]) == pair)[2] == 2.0


def test_output_is_deterministic(out: Path) -> None:
    first = write_report(out).read_bytes()
    assert write_report(out).read_bytes() == first


def test_empty_folder_gives_an_empty_page(tmp_path: Path) -> None:
    page = write_report(tmp_path).read_text(encoding="utf-8")
    data = _embedded(page)
    assert data["summary"]["articles"] == 0 and data["entities"] == [] and data["graph"]["nodes"] == []


def test_a_bad_line_names_file_and_line(out: Path) -> None:
    with (out / "edges.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    n = len((out / "edges.jsonl").read_text(encoding="utf-8").splitlines())
    with pytest.raises(InputError, match=rf"edges\.jsonl:{n}: invalid JSON"):
        write_report(out)


def test_long_sentences_are_clipped_around_the_mention(out: Path) -> None:
    path = out / "extractions.jsonl"
    rec = json.loads(path.read_text(encoding="utf-8"))
    art = rec["articles"][2]
    pad = "各项工作扎实推进" * 40
    sentence = pad + "张明远" + pad + "。"
    art["article"]["text"] = sentence
    art["sentences"] = [{"start": 0, "end": len(sentence), "cut": False}]
    art["persons"][0]["prov"] = [{"article_id": "a3", "sentence": 0, "start": len(pad), "end": len(pad) + 3}]
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    data = build_report_data(out)
    _, zhang = _entity(data, "张明远")
    s, hs, he = zhang["ev"][-1]
    text = data["sentences"][s][1]
    assert text[hs:he] == "张明远"
    assert text.startswith("…") and text.endswith("…") and len(text) < 200


def test_a_piece_of_a_list_sentence_is_marked_where_the_sentence_goes_on(out: Path) -> None:
    path = out / "extractions.jsonl"
    rec = json.loads(path.read_text(encoding="utf-8"))
    art = rec["articles"][2]
    head = "张明远、" + "、".join(f"东{c}村" for c in "甲乙丙丁戊己庚辛壬癸") + "、"
    text = head + "西甲村、西乙村。"
    art["article"]["text"] = text
    art["sentences"] = [
        {"start": 0, "end": len(head), "cut": True},
        {"start": len(head), "end": len(text), "cut": True},
    ]
    art["persons"][0]["prov"] = [{"article_id": "a3", "sentence": 0, "start": 0, "end": 3}]
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    data = build_report_data(out)
    _, zhang = _entity(data, "张明远")
    s, hs, he = zhang["ev"][-1]
    sentence = data["sentences"][s][1]
    assert sentence == head + "…" and sentence[hs:he] == "张明远"


def test_render_escapes_the_title() -> None:
    html = render_report(build_report_data(Path("/nonexistent")), title="<b>x</b> & y")
    assert "<title>&lt;b>x&lt;/b> &amp; y</title>" in html


def test_vendored_library_is_recorded_with_versions_and_licences() -> None:
    vendor = (ASSETS / "VENDOR.md").read_text(encoding="utf-8")
    licences = (ASSETS / "LICENSES.txt").read_text(encoding="utf-8")
    for package in ("sigma", "graphology", "graphology-layout-forceatlas2"):
        m = re.search(rf"^\| {re.escape(package)} \| (\d+\.\d+\.\d+) \| MIT \|", vendor, re.M)
        assert m, package
        assert f"==== {package}@{m.group(1)} (MIT) ====" in licences
    assert (ASSETS / "vendor.min.js").stat().st_size > 50_000
    script = (ROOT / "scripts" / "vendor-web.sh").read_text(encoding="utf-8")
    assert re.search(r"^SIGMA=\d+\.\d+\.\d+$", script, re.M)


def test_schema_property_names_are_the_documented_ones() -> None:
    from guanxi.graph.schema import Prop

    documented = set(re.findall(r"`(\w+)`", (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")))
    assert {str(p) for p in Prop} <= documented


@pytest.mark.parametrize("module", ["report.py", "report_data.py", "mention_ids.py"])
def test_report_modules_import_no_cli_libraries(module: str) -> None:
    tree = ast.parse((ROOT / "graph" / module).read_text(encoding="utf-8"))
    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not names & {"click", "rich"}


def test_a_post_carries_its_spell_ends_decisions_and_succession(tmp_path: Path) -> None:
    # The invented notices of careers_fixtures: 范永刚 succeeds 蒋春生 as 清苑县委书记 on 2024-03-08
    # (the decision of 保定市委), 蒋春生 having been first seen in 2023.
    data = build_report_data(make_out(tmp_path / "out", list(career_pages())))
    names = [e["n"] for e in data["entities"]]
    posts = {names[p[0]]: p[1] for p in data["persons"]}
    jiang, fan = posts["蒋春生"][0], posts["范永刚"][0]
    assert jiang[1] == "清苑县委书记"
    assert jiang[5:9] == ["2023-05-10", "first_seen", "2024-03-08", "removal"]
    assert jiang[9] == [["removed", "2024-03-08", "保定市委"]]
    assert fan[5:9] == ["2024-03-08", "appointment", "2024-06-01", "last_seen"]
    assert fan[9] == [["appointed", "2024-03-08", "保定市委"]]
    # Both posts point at one succession row: the holders in order.
    assert jiang[10] == fan[10] >= 0
    org, canonical, holders = data["successions"][fan[10]]
    assert (names[org], canonical, [names[h] for h in holders]) == ("清苑县委", "清苑县委书记", ["蒋春生", "范永刚"])
    # No removal printed for 曹丽娟: her spell ends when last seen, and no PRECEDED gives a succession.
    cao = posts["曹丽娟"][0]
    assert cao[5:9] == ["2023-11-20", "first_seen", "2023-11-20", "last_seen"]
