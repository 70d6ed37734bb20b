"""A small hand-made build output folder for the report page tests (an invented paper, not the seeds).

:func:`make_out` writes ``nodes.jsonl``, ``edges.jsonl``, ``extractions.jsonl`` and ``report.json``
in the formats ``guanxi build`` writes (GraphNode/GraphEdge.to_json, PageExtraction.to_dict,
RunReport.to_dict), with the same conventions as graph/build.py: Article node ids are
``stable_id("article", article_id)``, entities reach their articles through MENTIONED_IN edges,
events list their article ids.
"""

from __future__ import annotations

import json
from pathlib import Path

from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType

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

HOME = Home("河北省", "邯郸市")
# A name that would end an inline <script> if the page did not escape its data.
HOSTILE = "</script><script>window.pwned=1</script>"

TEXT_1 = (
    "本报讯 3月2日，市委召开全市营商环境工作会议。市委书记张明远主持并讲话，"
    "市长李建华出席。会议在邯山区举行。张明远强调，要持续优化营商环境。"
)
TEXT_2 = "本报讯 3月9日，市长李建华到复兴区调研企业发展。市发展改革委主任王立新陪同。"
TEXT_3 = f"本报讯 3月12日，张明远在丛台区调研{HOSTILE}项目建设。"


def _prov(article_id: str, text: str, surface: str) -> tuple[Provenance, ...]:
    i = text.index(surface)
    return (Provenance(article_id, sentence_index(sentence_starts(text), i), i, i + len(surface)),)


def _article(aid: str, ordinal: int, title: str, date: str, text: str) -> Article:
    return Article(aid, "page-1", ordinal, title, "news", date, text, 0, len(text))


def extractions() -> list[PageExtraction]:
    a1 = _article("a1", 0, "全市营商环境工作会议召开", "2025-03-02", TEXT_1)
    a2 = _article("a2", 1, "李建华到复兴区调研", "2025-03-09", TEXT_2)
    a3 = _article("a3", 2, "张明远调研项目建设", "2025-03-12", TEXT_3)
    x1 = ArticleExtraction(
        a1,
        sentences=tuple(sentence_spans(TEXT_1)),
        persons=(
            Person(
                "张明远",
                "official",
                (Post("市委书记", "书记", "中共邯郸市委员会"),),
                _prov("a1", TEXT_1, "张明远"),
            ),
            Person(
                "李建华", "official", (Post("市长", "市长", "邯郸市人民政府"),), _prov("a1", TEXT_1, "李建华")
            ),
        ),
        organizations=(Organization("市委", "party", "中共邯郸市委员会", None, _prov("a1", TEXT_1, "市委")),),
        places=(Place("邯山区", "county", "130402", "邯山区", "130400", _prov("a1", TEXT_1, "邯山区")),),
        events=(
            Event(
                "全市营商环境工作会议",
                "meeting",
                "2025-03-02",
                None,
                ("中共邯郸市委员会",),
                ("邯山区",),
                (Participant("张明远", "主持"), Participant("李建华", "出席")),
                _prov("a1", TEXT_1, "全市营商环境工作会议"),
            ),
        ),
    )
    x2 = ArticleExtraction(
        a2,
        sentences=tuple(sentence_spans(TEXT_2)),
        persons=(
            Person(
                "李建华", "official", (Post("市长", "市长", "邯郸市人民政府"),), _prov("a2", TEXT_2, "李建华")
            ),
            Person(
                "王立新",
                "official",
                (Post("市发展改革委主任", "主任", "邯郸市发展和改革委员会"),),
                _prov("a2", TEXT_2, "王立新"),
            ),
        ),
        places=(Place("复兴区", "county", "130404", "复兴区", "130400", _prov("a2", TEXT_2, "复兴区")),),
    )
    x3 = ArticleExtraction(
        a3,
        sentences=tuple(sentence_spans(TEXT_3)),
        persons=(Person("张明远", "official", (), _prov("a3", TEXT_3, "张明远")),),
        organizations=(Organization(HOSTILE, "other", HOSTILE, None, _prov("a3", TEXT_3, HOSTILE)),),
    )
    page = Page("page-1", "pages/2025-03-page1.txt", TEXT_1 + TEXT_2 + TEXT_3, home=HOME)
    return [PageExtraction(page, HOME, (x1, x2, x3))]


def _node(kind: str, label: NodeLabel, props: dict) -> GraphNode:
    from guanxi.model import stable_id

    return GraphNode(stable_id(kind, {"name": props["name"]}), label, props)


def graph() -> tuple[list[GraphNode], list[GraphEdge]]:
    from guanxi.model import stable_id

    dates = {"a1": "2025-03-02", "a2": "2025-03-09", "a3": "2025-03-12"}
    arts = {
        aid: GraphNode(
            stable_id("article", aid),
            NodeLabel.ARTICLE,
            {"article_id": aid, "name": aid, "date": d, "file": "2025-03-page1.txt"},
        )
        for aid, d in dates.items()
    }
    zhang = _node(
        "person",
        NodeLabel.PERSON,
        {"name": "张明远", "kind": "official", "titles": ("市委书记",), "articles": 2},
    )
    li = _node(
        "person", NodeLabel.PERSON, {"name": "李建华", "kind": "official", "titles": ("市长",), "articles": 2}
    )
    wang = _node(
        "person",
        NodeLabel.PERSON,
        {"name": "王立新", "kind": "official", "titles": ("市发展改革委主任",), "articles": 1},
    )
    party = _node(
        "org",
        NodeLabel.ORGANIZATION,
        {"name": "中共邯郸市委员会", "type": "party", "aliases": ("市委",), "articles": 1},
    )
    gov = _node(
        "org", NodeLabel.ORGANIZATION, {"name": "邯郸市人民政府", "type": "government", "articles": 0}
    )
    ndrc = _node(
        "org", NodeLabel.ORGANIZATION, {"name": "邯郸市发展和改革委员会", "type": "government", "articles": 0}
    )
    odd = _node("org", NodeLabel.ORGANIZATION, {"name": HOSTILE, "type": "other", "articles": 1})
    hanshan = _node(
        "place", NodeLabel.PLACE, {"name": "邯山区", "level": "county", "code": "130402", "articles": 1}
    )
    fuxing = _node(
        "place", NodeLabel.PLACE, {"name": "复兴区", "level": "county", "code": "130404", "articles": 1}
    )
    meeting = GraphNode(
        stable_id("event", {"title": "全市营商环境工作会议"}),
        NodeLabel.EVENT,
        {
            "name": "全市营商环境工作会议",
            "title": "全市营商环境工作会议",
            "type": "meeting",
            "date": "2025-03-02",
            "articles": ("a1",),
        },
    )
    nodes = [*arts.values(), zhang, li, wang, party, gov, ndrc, odd, hanshan, fuxing, meeting]
    edges: list[GraphEdge] = []

    def edge(rel: RelType, s: GraphNode, t: GraphNode, **props) -> None:
        eid = stable_id("edge", {"type": str(rel), "source": s.id, "target": t.id, "key": props.get("role")})
        edges.append(GraphEdge(eid, rel, s.id, t.id, props))

    mentions = {
        "a1": [zhang, li, party, hanshan],
        "a2": [li, wang, fuxing],
        "a3": [zhang, odd],
    }
    for aid, ents in mentions.items():
        for e in ents:
            edge(RelType.MENTIONED_IN, e, arts[aid], count=1, articles=(aid,), date=dates[aid])
        for i, a in enumerate(ents):
            for b in ents[i + 1 :]:
                s, t = (a, b) if a.id < b.id else (b, a)
                edge(
                    RelType.CO_OCCURS,
                    s,
                    t,
                    weight=2 if {s.id, t.id} == {zhang.id, li.id} else 1,
                    articles=(aid,),
                )
    edge(
        RelType.HOLDS_POST, zhang, party, title="市委书记", titles=("市委书记",), canonical="书记",
        articles=("a1",), first_seen="2025-03-02", last_seen="2025-03-02",
    )  # fmt: skip
    edge(
        RelType.HOLDS_POST, li, gov, title="市长", titles=("市长",), canonical="市长",
        articles=("a1", "a2"), first_seen="2025-03-02", last_seen="2025-03-09",
    )  # fmt: skip
    edge(
        RelType.HOLDS_POST, wang, ndrc, title="市发展改革委主任", titles=("市发展改革委主任",), canonical="主任",
        articles=("a2",), first_seen="2025-03-09", last_seen="2025-03-09",
    )  # fmt: skip
    edge(RelType.PARTICIPATED_IN, zhang, meeting, role="主持", articles=("a1",))
    edge(RelType.PARTICIPATED_IN, li, meeting, role="出席", articles=("a1",))
    edge(RelType.ORGANIZED, party, meeting, articles=("a1",))
    edge(RelType.HELD_AT, meeting, hanshan, articles=("a1",))
    # Co-occurrence edges repeat per article here; keep one per pair with the largest weight.
    merged: dict[tuple[str, str, str], GraphEdge] = {}
    for e in edges:
        key = (str(e.type), e.source, e.target) if e.type == RelType.CO_OCCURS else (e.id, "", "")
        if key not in merged or e.properties.get("weight", 0) > merged[key].properties.get("weight", 0):
            merged[key] = e
    return sorted(nodes, key=lambda n: n.id), sorted(merged.values(), key=lambda e: e.id)


def make_out(out: Path) -> Path:
    """Write the hand-made build output into *out* and return it."""
    out.mkdir(parents=True, exist_ok=True)
    nodes, edges = graph()
    (out / "nodes.jsonl").write_text("".join(n.to_json() + "\n" for n in nodes), encoding="utf-8")
    (out / "edges.jsonl").write_text("".join(e.to_json() + "\n" for e in edges), encoding="utf-8")
    (out / "extractions.jsonl").write_text(
        "".join(json.dumps(x.to_dict(), ensure_ascii=False) + "\n" for x in extractions()), encoding="utf-8"
    )
    report = RunReport(
        inputs=2,
        pages=1,
        articles=3,
        problems=[Problem("pages/broken.txt", None, "cannot decode as UTF-8, GB18030 or UTF-16")],
    )
    (out / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
    return out
