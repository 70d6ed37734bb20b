"""Saved web pages: site-shaped pages (scripts/make_html_pages.py, invented text) read back as one
article each and checked against what was written; bad files reported one line each; a folder
of web pages, text pages and JSONL records built in one run."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from guanxi.extractors.extract import extract_page, get_nlp
from guanxi.extractors.html_pages import Decoded, decode_html, read_html_bytes
from guanxi.extractors.read import read_inputs
from guanxi.extractors.segment import segment

from guanxi.cli import main
from guanxi.model import Home, Page, Problem

ROOT = Path(__file__).resolve().parents[2]
HOME = Home("青河省", "青河市")


def _maker():
    spec = importlib.util.spec_from_file_location("make_html_pages", ROOT / "scripts" / "make_html_pages.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _one_page(head: str, body: str, name: str = "p.html") -> Page:
    """The one page read from a UTF-8 page with this <head> and <body>."""
    html = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    (page,) = read_html_bytes(html.encode("utf-8"), name)
    return page


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    d = tmp_path_factory.mktemp("web")
    return d, _maker().write_pages(d)


@pytest.fixture(scope="module")
def pages(corpus) -> dict[str, Page]:
    d, truth = corpus
    out = {}
    for name in truth["pages"]:
        items = list(read_inputs([d / name]))
        assert [type(x) for x in items] == [Page], (name, items)
        out[name] = items[0]
    return out


def test_every_site_shape_is_read(corpus, pages):
    _, truth = corpus
    assert set(pages) == set(truth["pages"]) and len(pages) == 8


def test_header_fields_land_in_the_article(corpus, pages):
    _, truth = corpus
    for name, t in truth["pages"].items():
        page = pages[name]
        assert page.get("date") == t["date"], name
        (art,) = segment(page).articles  # one article per web page
        assert (art.title, art.kicker, art.subtitle) == (t["title"], t["kicker"], t["subtitle"]), name
        assert set(t["reporters"]) <= {r.name for r in art.reporters}, (name, art.reporters)


def test_epaper_edition_and_gbk_charset(pages):
    assert pages["epaper_article.html"].get("page") == "3"
    assert pages["gbk_page.htm"].encoding == "gb18030"
    assert pages["saved_page.mht"].get("url", "").startswith("http://xilin.example/")


def test_body_reaches_extraction_and_boilerplate_does_not(corpus, pages):
    _, truth = corpus
    for name, t in truth["pages"].items():
        page = pages[name]
        (art,) = segment(page).articles
        for para in t["body"]:
            assert para in art.text, (name, para)
        for junk in t["boilerplate"]:
            assert junk not in page.text, (name, junk)
        # The article covers the whole page text: nothing read is left out of extraction.
        assert not page.text[: art.start].strip() and not page.text[art.end :].strip()


def test_officials_in_the_body_are_extracted_with_offsets(corpus, pages):
    _, truth = corpus
    nlp = get_nlp()
    for name, t in truth["pages"].items():
        page = pages[name]
        pe = extract_page(page, home=HOME, nlp=nlp)
        officials = {p.name: p for ax in pe.articles for p in ax.persons if p.kind == "official"}
        for official in t["officials"]:
            assert official in officials, (name, official, sorted(officials))
            for prov in officials[official].prov:  # provenance points at the page text guanxi writes
                assert page.text[prov.page_start : prov.page_end] == official


def test_bad_files_one_line_each(corpus):
    d, truth = corpus
    for name, reason in truth["bad"].items():
        (item,) = read_inputs([d / name])
        assert isinstance(item, Problem) and item.path == str(d / name), item
        assert item.reason.startswith(reason), item


def test_charset_declared_wrongly_is_read_from_the_bytes():
    text = "<html><head><meta charset='utf-8'></head><body><p>县委书记到乡镇调研</p></body></html>"
    assert decode_html(text.encode("gbk")) == Decoded(text, "gb18030")
    gb2312 = text.replace("utf-8", "gb2312")
    assert decode_html(gb2312.encode("gb18030")) == Decoded(gb2312, "gb18030")


def test_a_stray_byte_is_kept_as_replacement_and_reported(corpus):
    d, _ = corpus
    data = (d / "county_news.html").read_bytes()
    at = data.index("会议指出".encode())
    page, problem = read_html_bytes(data[:at] + b"\xff" + data[at:], "bad.html")
    assert "\ufffd会议指出" in page.text
    assert problem.path == "bad.html" and f"from byte {at} of the file" in problem.reason


def test_mixed_folder_in_one_run(corpus, tmp_path):
    d, truth = corpus
    (d / "page.txt").write_text(
        "青河市召开安全生产会议\n\n本报讯 3月2日，青河市召开安全生产会议。\n", encoding="utf-8"
    )
    (d / "records.jsonl").write_text(
        json.dumps(
            {"id": "r1", "text": "北川县召开春耕会议\n3月3日，北川县召开春耕会议。"}, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main, ["build", str(d), "-o", str(out), "-q", "--no-html", "--home", "青河省/青河市"]
    )
    assert res.exit_code == 1, res.output
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    for name, reason in truth["bad"].items():
        (line,) = [x for x in lines if str(d / name) in x]
        assert reason in line
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["pages"] == len(truth["pages"]) + 2
    assert sorted(Path(p["path"]).name for p in report["problems"]) == sorted(truth["bad"])
    files = {json.loads(x)["file"] for x in (out / "pages.jsonl").read_text(encoding="utf-8").splitlines()}
    assert {"page.txt", "r1", "epaper_article.html", "saved_page.mht"} <= files


def test_title_found_as_the_heading_that_prints_the_page_title():
    # No <h1>, no block named title: the <h2> that prints <title> (less the site name) is the
    # headline, and the <h3> above it its kicker.
    page = _one_page(
        "<title>白石镇开展春季植树活动_白石新闻网</title>",
        "<div class='menu'><a href='/'>首页</a> <a href='/n'>新闻</a></div><div class='art'>"
        "<h3>建设美丽乡村</h3><h2>白石镇开展春季植树活动</h2>"
        "<p>3月12日，白石镇组织干部群众三百余人开展春季植树活动，栽种各类苗木五千余株。</p>"
        "<p>镇党委书记高振宇参加活动并与群众一起挥锹铲土、扶苗培土。</p></div>",
    )
    assert (page.get("title"), page.get("kicker")) == ("白石镇开展春季植树活动", "建设美丽乡村")
    assert page.text.startswith("建设美丽乡村\n白石镇开展春季植树活动\n\n3月12日")


def test_the_site_logo_in_an_h1_is_not_the_title():
    page = _one_page(
        "<title>红岩乡召开脱贫成果巩固会议-红岩新闻网</title>",
        "<div class='top'><h1><a href='/'>红岩新闻网</a></h1></div>"
        "<div class='con'><h1>红岩乡召开脱贫成果巩固会议</h1><div class='src'>来源：红岩报 作者：罗文静</div>"
        "<p>3月15日，红岩乡召开脱贫成果巩固会议，乡党委书记石俊峰主持会议并讲话。</p>"
        "<p>会议要求，要守住不发生规模性返贫的底线，持续抓好产业帮扶和就业帮扶。</p></div>",
    )
    assert page.get("title") == "红岩乡召开脱贫成果巩固会议"
    assert page.text.startswith("红岩乡召开脱贫成果巩固会议\n来源：红岩报 作者：罗文静\n\n3月15日")
    assert "红岩新闻网" not in page.text


def test_header_of_a_page_in_traditional_script_is_simplified_like_its_title():
    page = _one_page(
        "",
        "<h3>鄉村振興</h3><h1>東坡鎮召開產業發展會議</h1><h2>會議部署全年工作</h2>"
        "<p>3月18日，東坡鎮召開產業發展會議，鎮長馮家明出席會議並講話。</p>"
        "<p>會議強調，要做強特色產業，帶動群眾增收。</p>",
    )
    (art,) = segment(page).articles
    assert (art.kicker, art.title, art.subtitle) == ("乡村振兴", "东坡镇召开产业发展会议", "会议部署全年工作")


def test_xhtml_page_with_an_xml_declaration():
    html = (
        '<?xml version="1.0" encoding="gb2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" /></head><body>'
        "<h1>柳河县召开防汛工作会议</h1><p>4月2日，柳河县召开防汛工作会议，副县长简明远主持会议。</p>"
        "<p>会议要求，各乡镇要落实防汛责任，做好物资储备和隐患排查。</p></body></html>"
    )
    (page,) = read_html_bytes(html.encode("gb2312"), "x.xhtml")
    assert page.get("title") == "柳河县召开防汛工作会议" and page.encoding == "gb18030"


def test_nul_bytes_are_left_out_and_reported(corpus):
    d, _ = corpus
    data = (
        (d / "portal_article.html")
        .read_bytes()
        .replace("会议要求".encode(), b"\x00\x00" + "会议要求".encode())
    )
    page, problem = read_html_bytes(data, "nul.html")
    assert "\n会议要求，各级各部门" in page.text and "\x00" not in page.text
    assert problem.reason.startswith("2 control characters")


def test_a_column_name_in_a_block_named_title_is_not_the_headline():
    body = (
        "<div class='column-title'>政务要闻</div><div class='box'>"
        "<div class='article-title'>石门县开展禁毒宣传进校园活动</div><div class='article-content'>"
        "<p>6月20日，石门县禁毒委员会办公室走进县第一中学开展禁毒宣传。</p>"
        "<p>副县长、县公安局局长龚永辉为师生讲授禁毒知识。</p></div></div>"
    )
    title = "石门县开展禁毒宣传进校园活动"
    assert _one_page(f"<title>{title}</title>", body).get("title") == title
    assert _one_page("", body).get("title") == title  # no page title: the longer block


def test_articles_command_writes_the_composed_page_text_first(corpus, pages):
    # As for a PDF page: the text guanxi composed from the web page comes first, and the
    # article's offsets point into it.
    d, truth = corpus
    name = "epaper_article.html"
    res = CliRunner().invoke(main, ["articles", "-q", str(d / name)])
    assert res.exit_code == 0, res.output
    head, art = (json.loads(x) for x in res.stdout.splitlines())
    assert head == {
        "file": name,
        "page_id": "epaper_article",
        "page": "3",
        "date": truth["pages"][name]["date"],
        "page_text": pages[name].text,
    }
    assert art["title"] == truth["pages"][name]["title"]
    assert head["page_text"][art["start"] : art["end"]].startswith(art["text"][:10])
