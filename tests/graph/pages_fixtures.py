"""Hand-made PageExtraction records for the graph tests (an invented 邯郸 paper, not the seeds).

``article(...)`` builds an ArticleExtraction whose provenance offsets are found in the text, so
``text[start:end]`` is the surface form, as the extractors guarantee.
"""

from __future__ import annotations

from dataclasses import replace

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
    Provenance,
    Reporter,
)
from guanxi.sentences import sentence_index, sentence_spans, sentence_starts

HOME = Home("河北省", "邯郸市")

# JSONL records of a city paper (长治日报) and of a page without a home: bare 县委 in articles
# naming one county (q, w), none (x, z) or two (y).
COUNTY_RECORDS = (
    {"id": "q", "text": "5月6日，县委书记聂卫东在沁县调研，主持召开县委常委会会议。", "source": "长治日报"},
    {"id": "w", "text": "5月7日，县委书记赵志刚在武乡县调研，主持召开县委常委会会议。", "source": "长治日报"},
    {"id": "x", "text": "5月8日，县委书记钱文主持召开县委常委会会议，县长吴海出席。", "source": "长治日报"},
    {
        "id": "y",
        "text": "5月9日，县委书记郑国到沁县、武乡县调研，主持召开县委常委会会议。",
        "source": "长治日报",
    },
    {"id": "z", "text": "5月10日，县委书记孙平主持召开县委常委会会议。"},
)


def _provs(article_id: str, text: str, surface: str) -> tuple[Provenance, ...]:
    starts = sentence_starts(text)
    out, i = [], text.find(surface)
    while i >= 0:
        out.append(Provenance(article_id, sentence_index(starts, i), i, i + len(surface)))
        i = text.find(surface, i + 1)
    return tuple(out)


def article(
    article_id: str,
    text: str,
    *,
    date: str | None = "2024-05-06",
    title: str | None = None,
    kind: str = "news",
    reporters: tuple[str, ...] = (),
    persons: tuple = (),
    orgs: tuple = (),
    places: tuple = (),
    events: tuple[Event, ...] = (),
) -> ArticleExtraction:
    """persons: (name, kind, ((title, canonical, org), ...)); orgs: (name, type) or (name, type, parent);
    places: (name, level, code, parent_code)."""
    art = Article(
        article_id=article_id,
        page_id=article_id.split("#")[0],
        ordinal=int(article_id.rsplit("#", 1)[-1]) if "#" in article_id else 0,
        title=title or text[:12],
        kind=kind,
        date=date,
        text=text,
        start=0,
        end=len(text),
        reporters=tuple(Reporter(r, "记者") for r in reporters),
    )
    ps = tuple(
        Person(n, k, tuple(Post(t, c, o) for t, c, o in posts), _provs(article_id, text, n))
        for n, k, posts in persons
    )
    os_ = tuple(
        Organization(o[0], o[1], parent=o[2] if len(o) > 2 else None, prov=_provs(article_id, text, o[0]))
        for o in orgs
    )
    pls = tuple(
        Place(n, lvl, code=code, parent_code=parent, prov=_provs(article_id, text, n))
        for n, lvl, code, parent in places
    )
    evs = tuple(
        Event(
            e.title,
            e.type,
            e.date,
            e.date_end,
            e.organizers,
            e.places,
            e.participants,
            _provs(article_id, text, e.title[:4]),
        )
        for e in events
    )
    return ArticleExtraction(art, ps, os_, pls, evs, sentences=tuple(sentence_spans(text)))


def page(
    page_id: str, *articles: ArticleExtraction, home: Home = HOME, path: str | None = None
) -> PageExtraction:
    text = "\n\n".join(a.article.text for a in articles)
    return PageExtraction(
        Page(page_id, path or f"pages/{page_id}.txt", text, home=home), home, tuple(articles)
    )


MEETING = Event(
    "市委常委会会议",
    "meeting",
    "2024-05-06",
    organizers=("市委",),
    participants=(
        Participant("王建国", "主持"),
        Participant("王建国", "讲话"),
        Participant("李明华", "出席"),
    ),
)


def sample_pages() -> list[PageExtraction]:
    """Two pages: a front page with a meeting and an inspection, and a page with its continuation."""
    a1 = article(
        "p1#1",
        "本报讯 记者赵晓雪报道：5月6日，市委书记王建国主持召开市委常委会会议。市委副书记、市长李明华出席。"
        "会议听取了市委组织部工作汇报。中共邯郸市委组织部将加强干部队伍建设。",
        reporters=("赵晓雪",),
        persons=(
            ("王建国", "official", (("市委书记", "书记", "市委"),)),
            ("李明华", "official", (("市委副书记", "副书记", "市委"), ("市长", "市长", "市政府"))),
            ("赵晓雪", "journalist", ()),
        ),
        orgs=(("市委", "party"), ("市委组织部", "party"), ("中共邯郸市委组织部", "party")),
        events=(MEETING,),
    )
    a2 = article(
        "p1#2",
        "本报讯 5月7日，市长李明华到丛台区调研。他来到联纺西街道东关村，察看邯郸丛台春酒业有限公司生产线。"
        "丛台春酒业负责人介绍了情况。",
        date="2024-05-07",
        persons=(("李明华", "official", (("市长", "市长", "市政府"),)),),
        orgs=(("邯郸丛台春酒业有限公司", "company"), ("丛台春酒业", "company")),
        places=(
            ("丛台区", "county", "130403", "130400"),
            ("联纺西街道", "township", "130403002", "130403"),
            ("东关村", "village", None, "130403002"),
        ),
        events=(
            Event(
                "李明华到丛台区调研",
                "inspection",
                "2024-05-07",
                places=("丛台区",),
                participants=(Participant("李明华", "调研"),),
            ),
        ),
    )
    a3 = article(
        "p2#1",
        "（上接第一版）王建国在市委常委会会议上强调，邯郸市委组织部要抓好落实。",
        date=None,
        kind="continuation",
        persons=(("王建国", "official", ()),),
        orgs=(("邯郸市委组织部", "party"),),
        places=(("邯郸", "prefecture", "130400", "130000"),),
        events=(
            Event(
                "市委常委会会议",
                "meeting",
                None,
                participants=(Participant("王建国", "讲话"),),
            ),
        ),
    )
    return [page("p1", a1, a2), page("p2", a3)]


def untitled(ax: ArticleExtraction) -> ArticleExtraction:
    """The same article extraction with no headline (a continuation or a photo caption)."""
    return replace(ax, article=replace(ax.article, title=None))


def continuation_pages(cont_date: str | None, *, extra_front: tuple[Event, ...] = ()) -> list[PageExtraction]:
    """A front-page meeting and, on a second page, its headline-less continuation whose event
    is titled by the layout mark (（上接第一版）) and dated *cont_date*."""
    who = (Participant("王建国", "主持"),)
    front = article(
        "c1#1",
        "本报讯 6月3日，市委书记王建国主持召开全市防汛工作会议。",
        date="2024-06-03",
        persons=(("王建国", "official", ()),),
        events=(Event("全市防汛工作会议", "meeting", "2024-06-03", participants=who), *extra_front),
    )
    cont = untitled(
        article(
            "c2#3",
            "（上接第一版）\n\n会议强调，要压实防汛责任。王建国要求各县区做好值守。",
            date=cont_date,
            kind="continuation",
            persons=(("王建国", "official", ()),),
            events=(
                Event("（上接第一版）", "meeting", cont_date, participants=(Participant("王建国", "讲话"),)),
            ),
        )
    )
    return [page("c1", front), page("c2", cont)]


def two_posts_pages() -> list[PageExtraction]:
    """One page where a person holds two posts in one body (党组书记 and 主席 of the 市文联) and
    speaks at a meeting: two HOLDS_POST edges between the same two nodes."""
    text = "本报讯 5月9日，市文联党组书记、主席孙文涛主持召开市文联全委会议。"
    return [
        page(
            "w1",
            article(
                "w1#1",
                text,
                date="2024-05-09",
                persons=(
                    (
                        "孙文涛",
                        "official",
                        (
                            ("市文联党组书记", "邯郸市文联党组书记", "市文联"),
                            ("主席", "邯郸市文联主席", "市文联"),
                        ),
                    ),
                ),
                orgs=(("市文联", "association"),),
                events=(
                    Event(
                        "市文联全委会议",
                        "meeting",
                        "2024-05-09",
                        participants=(Participant("孙文涛", "主持"),),
                    ),
                ),
            ),
        )
    ]


CHANGZHI = Home("山西省", "长治市")


def homeless_pages(*, homed: bool = False, namesakes: bool = False) -> list[PageExtraction]:
    """An invented 长治 paper whose pages n1, n2 have no home (a 长治 home when *homed*): the same
    secretary, mayor and journalist as its page with a home. With *namesakes*, a 晋城 page where
    the secretary's name is the mayor's and the mayor's a vice-mayor's."""
    none = CHANGZHI if homed else Home()
    meeting = Event(
        "市委常委会会议",
        "meeting",
        "2024-04-01",
        organizers=("市委",),
        participants=(Participant("刘振华", "主持"), Participant("周明远", "出席")),
    )
    pages = [
        page(
            "h1",
            article(
                "h1#1",
                "本报讯 记者孙晓雯报道：4月1日，市委书记刘振华主持召开市委常委会会议，市长周明远出席。",
                date="2024-04-01",
                reporters=("孙晓雯",),
                persons=(
                    ("孙晓雯", "journalist", ()),
                    ("刘振华", "official", (("市委书记", "书记", "市委"),)),
                    ("周明远", "official", (("市长", "市长", "市政府"),)),
                ),
                orgs=(("市委", "party"),),
                events=(meeting,),
            ),
            home=CHANGZHI,
        ),
        page(
            "n1",
            article(
                "n1#1",
                "本报讯 记者孙晓雯报道：4月8日，市委书记刘振华到企业调研，周明远陪同。",
                date="2024-04-08",
                reporters=("孙晓雯",),
                persons=(
                    ("孙晓雯", "journalist", ()),
                    ("刘振华", "official", (("市委书记", "书记", "市委"),)),
                    ("周明远", "official", ()),
                ),
            ),
            home=none,
        ),
        page(
            "n2",
            article(
                "n2#1",
                "4月15日，市长周明远主持召开市政府常务会议。",
                date="2024-04-15",
                persons=(("周明远", "official", (("市长", "市长", "市政府"),)),),
                orgs=(("市政府", "government"),),
            ),
            home=none,
        ),
    ]
    if namesakes:
        pages.append(
            page(
                "j1",
                article(
                    "j1#1",
                    "4月3日，市长刘振华主持召开市政府常务会议，副市长周明远出席。",
                    date="2024-04-03",
                    persons=(
                        ("刘振华", "official", (("市长", "市长", "市政府"),)),
                        ("周明远", "official", (("副市长", "副市长", "市政府"),)),
                    ),
                    orgs=(("市政府", "government"),),
                ),
                home=Home("山西省", "晋城市"),
            )
        )
    return pages
