"""A small hand-made build output folder for the report page tests (an invented paper, not the seeds).

:func:`make_out` writes ``nodes.jsonl``, ``edges.jsonl``, ``extractions.jsonl`` and ``report.json``
as ``guanxi build`` writes them: the graph is the real build of the hand-made extractions
(:func:`~guanxi.graph.build.build_graph`, :func:`~guanxi.graph.export.write_jsonl`), so its ids
are the build's own and the report must find each mention's entity by them.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path

from click.testing import CliRunner
from guanxi.graph.build import KnowledgeGraph, build_graph
from guanxi.graph.export import write_jsonl

from guanxi.cli import main
from guanxi.model import (
    Article,
    ArticleExtraction,
    Event,
    Home,
    Organization,
    Page,
    PageExtraction,
    Participant,
    Person,
    Place,
    Post,
    Problem,
    Provenance,
)
from guanxi.report import RunReport
from guanxi.sentences import sentence_index, sentence_spans, sentence_starts

ROOT = Path(__file__).resolve().parents[2]
HOME = Home("河北省", "邯郸市")
# A name that would end an inline <script> if the page did not escape its data.
HOSTILE = "</script><script>window.pwned=1</script>"

TEXT_1 = (
    "本报讯 3月2日，市委召开全市营商环境工作会议。市委书记张明远主持并讲话，"
    "市长李建华出席。会议在邯山区举行。张明远强调，要持续优化营商环境。"
)
TEXT_2 = "本报讯 3月9日，市长李建华到复兴区调研企业发展。市发展改革委主任王立新陪同。"
TEXT_3 = f"本报讯 3月12日，张明远、李建华在丛台区调研{HOSTILE}项目建设。"


def prov(article_id: str, text: str, surface: str, at: int | None = None) -> tuple[Provenance, ...]:
    """Provenance of *surface* in *text*: its first occurrence, or the one at *at*."""
    i = text.index(surface) if at is None else at
    return (Provenance(article_id, sentence_index(sentence_starts(text), i), i, i + len(surface)),)


def article(aid: str, ordinal: int, title: str, date: str, text: str) -> Article:
    return Article(aid, "page-1", ordinal, title, "news", date, text, 0, len(text))


def extractions() -> list[PageExtraction]:
    a1 = article("a1", 0, "全市营商环境工作会议召开", "2025-03-02", TEXT_1)
    a2 = article("a2", 1, "李建华到复兴区调研", "2025-03-09", TEXT_2)
    a3 = article("a3", 2, "张明远调研项目建设", "2025-03-12", TEXT_3)
    x1 = ArticleExtraction(
        a1,
        sentences=tuple(sentence_spans(TEXT_1)),
        persons=(
            Person(
                "张明远",
                "official",
                (Post("市委书记", "书记", "中共邯郸市委员会"),),
                prov("a1", TEXT_1, "张明远"),
            ),
            Person(
                "李建华", "official", (Post("市长", "市长", "邯郸市人民政府"),), prov("a1", TEXT_1, "李建华")
            ),
        ),
        organizations=(Organization("市委", "party", "中共邯郸市委员会", None, prov("a1", TEXT_1, "市委")),),
        places=(Place("邯山区", "county", "130402", "邯山区", "130400", prov("a1", TEXT_1, "邯山区")),),
        events=(
            Event(
                "全市营商环境工作会议",
                "meeting",
                "2025-03-02",
                None,
                ("中共邯郸市委员会",),
                ("邯山区",),
                (Participant("张明远", "主持"), Participant("李建华", "出席")),
                prov("a1", TEXT_1, "全市营商环境工作会议"),
            ),
        ),
    )
    x2 = ArticleExtraction(
        a2,
        sentences=tuple(sentence_spans(TEXT_2)),
        persons=(
            Person(
                "李建华", "official", (Post("市长", "市长", "邯郸市人民政府"),), prov("a2", TEXT_2, "李建华")
            ),
            Person(
                "王立新",
                "official",
                (Post("市发展改革委主任", "主任", "邯郸市发展和改革委员会"),),
                prov("a2", TEXT_2, "王立新"),
            ),
        ),
        places=(Place("复兴区", "county", "130404", "复兴区", "130400", prov("a2", TEXT_2, "复兴区")),),
    )
    x3 = ArticleExtraction(
        a3,
        sentences=tuple(sentence_spans(TEXT_3)),
        persons=(
            Person("张明远", "official", (), prov("a3", TEXT_3, "张明远")),
            Person("李建华", "official", (), prov("a3", TEXT_3, "李建华")),
        ),
        organizations=(Organization(HOSTILE, "other", HOSTILE, None, prov("a3", TEXT_3, HOSTILE)),),
    )
    page = Page("page-1", "pages/2025-03-page1.txt", TEXT_1 + TEXT_2 + TEXT_3, home=HOME)
    return [PageExtraction(page, HOME, (x1, x2, x3))]


@cache
def referred_meeting(leader: str, post: Post, meeting: str) -> PageExtraction:
    """A meeting the mayor 李建华 chairs that studies *leader*'s speech at *meeting*: the mayor is
    present, *leader* (holding *post*) only referred to."""
    text = f"本报讯 3月20日，市长李建华主持会议，传达学习{post.title}{leader}在{meeting}上的讲话精神。"
    x = ArticleExtraction(
        article("a9", 0, "市政府召开会议", "2025-03-20", text),
        sentences=tuple(sentence_spans(text)),
        persons=(
            Person(leader, "official", (post,), prov("a9", text, leader), mentions=("reference",)),
            Person(
                "李建华",
                "official",
                (Post("市长", "市长", "邯郸市人民政府"),),
                prov("a9", text, "李建华"),
                mentions=("present",),
            ),
        ),
    )
    return PageExtraction(Page("page-9", "pages/page-9.txt", text, home=HOME), HOME, (x,))


def graph(since: str | None = None) -> KnowledgeGraph:
    """The graph ``guanxi build [--since]`` makes of :func:`extractions` (built once per session)."""
    return build_graph(extractions(), since=since)


def make_out(out: Path, pages: list[PageExtraction] | None = None, *, since: str | None = None) -> Path:
    """Write the build output of *pages* (default: :func:`extractions`) into *out* and return it."""
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(graph(since) if pages is None else build_graph(pages, since=since), out)
    (out / "extractions.jsonl").write_text(
        "".join(json.dumps(x.to_dict(), ensure_ascii=False) + "\n" for x in pages or extractions()),
        encoding="utf-8",
    )
    report = RunReport(
        inputs=2,
        pages=1,
        articles=3,
        problems=[Problem("pages/broken.txt", None, "cannot decode as UTF-8, GB18030 or UTF-16")],
    )
    (out / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
    return out


def pdf_build(root: Path, *, seed: int = 0) -> tuple[dict, Path]:
    """Render a two-page PDF issue (scripts/make_pdf_pages.py, invented text; its first page's
    article jumps to the second) into ``root/pdf`` and build it into ``root/out`` with
    ``guanxi build``; return the rendering's truth and the output folder."""
    spec = importlib.util.spec_from_file_location("make_pdf_pages", ROOT / "scripts" / "make_pdf_pages.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    truth = mod.render_issue(root / "pdf", pages=2, seed=seed)
    truth["size"] = (mod.W, mod.H)
    out = root / "out"
    res = CliRunner().invoke(main, ["build", str(root / "pdf"), "-o", str(out), "-q", "--no-html"])
    assert res.exit_code == 0, res.output
    return truth, out
