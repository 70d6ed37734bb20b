"""Make a synthetic corpus of local-news articles for benchmarks (not real news, not the seeds).

Articles are filled from a few report templates (meeting, inspection, signing, activity) with
officials drawn from a pool of invented names (common surnames and given-name characters), bodies
of general Chinese public administration, and places from the official division list (the
home city's counties and townships; villages invented). Entity pools grow slowly with the corpus
(about 300 + n/25 persons) so a larger corpus repeats people as a real paper does.

By default an article is one short report (60-110 characters). Real articles are several
paragraphs (500-800 characters on the seed pages, which name about two officials and one event an
article): with ``--paragraphs K`` (K > 1) an article holds K - 2 to K + 2 paragraphs (a median of
K), the report and then what its officials said, naming them, the county and topics again, so a
longer article brings more mentions and places of the same few people, as real ones do.
``--paragraphs 6`` gives a median near 570 characters (340-820). The default output is the same
bytes as before the option existed.

Writes, streaming:
- ``OUT.jsonl``: one article record per line (``id``, ``title``, ``date``, ``source``, ``text``),
  the JSONL input of ``guanxi build``;
- with ``--extractions``, ``OUT.extractions.jsonl``: the matching ground-truth
  :class:`~guanxi.model.PageExtraction` per record (every span's offsets are exact), for
  benchmarking the graph stage alone (``guanxi build --from-extractions``).

Example::

    python scripts/make_corpus.py -n 10000 -o /tmp/corpus10k --extractions
    python scripts/make_corpus.py -n 10000 -o /tmp/corpus10k-long --paragraphs 6
"""

from __future__ import annotations

import argparse
import json
import random
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from guanxi.extractors.divisions import Division, load_divisions

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
from guanxi.outputs import atomic_open
from guanxi.sentences import sentence_index, sentence_spans, sentence_starts

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌栋梁维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
DEPARTMENTS = (
    ("组织部", "部长", "party"),
    ("宣传部", "部长", "party"),
    ("统战部", "部长", "party"),
    ("政法委", "书记", "party"),
)
BUREAUS = (
    "发展改革委",
    "教育局",
    "财政局",
    "住建局",
    "交通运输局",
    "农业农村局",
    "商务局",
    "文旅局",
    "卫健委",
    "应急管理局",
)
TOPICS = (
    "安全生产",
    "乡村振兴",
    "营商环境",
    "生态环境保护",
    "招商引资",
    "城市更新",
    "民生实事",
    "防汛抗旱",
    "文明城市创建",
    "产业转型",
)
INDUSTRIES = (
    "科技",
    "新材料",
    "食品",
    "能源",
    "物流",
    "医药",
    "机械制造",
    "农业开发",
    "文化传媒",
    "建设工程",
)
VILLAGE_SUFFIX = ("庄村", "家村", "河村", "沟村", "坪村", "店村")
PHRASES = ("压实工作责任", "强化统筹协调", "狠抓工作落实", "坚持问题导向", "推动高质量发展")


@dataclass
class _Paragraph:
    """One report of an article, with what its ground truth needs."""

    text: str
    title: str
    kind: str
    officials: tuple[tuple[str, tuple[str, str, str, str]], ...]
    county: Division
    town: Division | None
    village: str
    company: str
    topic: str
    roles: tuple[tuple[str, str], ...]
    organizers: tuple[str, ...]
    places: tuple[str, ...]


class Corpus:
    """Deterministic generator of articles and their ground-truth extractions."""

    def __init__(
        self,
        n: int,
        *,
        seed: int = 7,
        city_code: str | None = None,
        start: str = "2023-01-01",
        paragraphs: int = 1,
    ) -> None:
        self.rng = random.Random(seed)
        self.n = n
        self.paragraphs = paragraphs
        divs = load_divisions()
        cities = sorted(
            (d for d in divs if d.level == 2 and len(divs.children(d.code)) >= 5), key=lambda d: d.code
        )
        city = divs.by_code(city_code) if city_code else self.rng.choice(cities)
        self.city = city
        self.province = divs.by_code(city.parent_code)
        self.home = Home(self.province.name, city.name)
        self.counties = list(divs.children(city.code))
        self.townships = {c.code: list(divs.children(c.code)) for c in self.counties}
        self.start = date.fromisoformat(start)
        self.days = max(30, min(3 * 365, n // 40))
        size = 300 + n // 25
        used: set[str] = set()
        self.people = [self._name(used) for _ in range(size)]
        self.journalists = [self._name(used) for _ in range(20 + n // 2000)]
        # Posts: city leaders, department and bureau heads, county leaders; the rest are deputies.
        self.posts: list[tuple[str, str, str, str]] = [
            ("市委书记", "书记", "市委", "party"),
            ("市长", "市长", "市政府", "government"),
        ]
        self.posts += [(f"市委{d}{t}", t, f"市委{d}", ty) for d, t, ty in DEPARTMENTS]
        self.posts += [
            (
                f"市{b}{'主任' if b.endswith('委') else '局长'}",
                "主任" if b.endswith("委") else "局长",
                f"市{b}",
                "government",
            )
            for b in BUREAUS
        ]
        for c in self.counties:
            self.posts.append((f"{c.name}委书记", "书记", f"{c.name}委", "party"))
            self.posts.append(
                (f"{c.name}长", "县长" if c.name.endswith("县") else "区长", f"{c.name}政府", "government")
            )
        self.posts += [("副市长", "副市长", "市政府", "government")] * 6
        self.companies = [
            (
                f"{self.city.name}{self.rng.choice(GIVEN)}{self.rng.choice(GIVEN)}{self.rng.choice(INDUSTRIES)}有限公司"
            )
            for _ in range(50 + n // 100)
        ]

    def _name(self, used: set[str]) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + "".join(
                self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2)))
            )
            if name not in used:
                used.add(name)
                return name

    def _official(self) -> tuple[str, tuple[str, str, str, str]]:
        # Persons hold the post of their index (stable), with few posts changing hands over time.
        i = min(int(self.rng.paretovariate(1.2)) - 1, len(self.people) - 1)
        i = self.rng.randrange(len(self.people)) if self.rng.random() < 0.5 else i
        return self.people[i], self.posts[i % len(self.posts)]

    def records(self):
        """Yield (record dict, PageExtraction) for each article."""
        for k in range(self.n):
            yield self._article(k)

    def _article(self, k: int) -> tuple[dict, PageExtraction]:
        rng = self.rng
        day = self.start + timedelta(days=k * self.days // max(1, self.n))
        iso = day.isoformat()
        cn_date = f"{day.month}月{day.day}日"
        rid = f"syn{k:07d}"
        aid = f"{rid}#1"
        journalist = rng.choice(self.journalists)
        paras = [self._paragraph(cn_date)]
        said: list[str] = []
        if self.paragraphs > 1:
            # Real articles vary in length: K - 2 to K + 2 paragraphs, the report then what its
            # officials said (the seed pages name about two officials an article, many times).
            count = rng.randint(max(1, self.paragraphs - 2), self.paragraphs + 2)
            said = [self._statement(paras[0], i % 2) for i in range(count - 1)]
        title = paras[0].title
        text = f"本报讯 记者{journalist}报道：" + "\n\n".join([paras[0].text, *said])
        record = {"id": rid, "title": title, "date": iso, "source": "synthetic", "text": text}
        # Ground truth with exact offsets.
        art = Article(
            aid, rid, 1, title, "news", iso, text, 0, len(text), reporters=(Reporter(journalist, "记者"),)
        )

        starts = sentence_starts(text)

        def provs(surface: str) -> tuple[Provenance, ...]:
            out, i = [], text.find(surface)
            while i >= 0:
                out.append(Provenance(aid, sentence_index(starts, i), i, i + len(surface)))
                i = text.find(surface, i + 1)
            return tuple(out)

        persons = [Person(journalist, "journalist", (Post("记者"),), provs(journalist))]
        named = {journalist}
        orgs: dict[str, Organization] = {}
        places_: dict[str, Place] = {}
        for para in paras:
            post1 = para.officials[0][1]
            for name, post in para.officials:
                if name in text and name not in named:
                    named.add(name)
                    persons.append(Person(name, "official", (Post(post[0], post[1], post[2]),), provs(name)))
            for o, t in {(post1[2], post1[3]), (para.company, "company")}:
                if o in text and o not in orgs:
                    orgs[o] = Organization(o, t, prov=provs(o))
            county, town, village = para.county, para.town, para.village
            found = []
            if county.name in text:
                found.append(
                    Place(
                        county.name,
                        "county",
                        county.code,
                        county.name,
                        county.parent_code,
                        provs(county.name),
                    )
                )
            if town and town.name in text:
                found.append(
                    Place(town.name, "township", town.code, town.name, town.parent_code, provs(town.name))
                )
            if village in text and town:
                found.append(Place(village, "village", None, None, town.code, provs(village)))
            for place in found:
                places_.setdefault(place.name, place)
        events = tuple(
            Event(
                para.title,
                para.kind,
                iso,
                organizers=tuple(o for o in para.organizers if o in text),
                places=para.places,
                participants=tuple(Participant(n, r) for n, r in para.roles),
                prov=provs(para.title[:4]),
            )
            for para in paras
        )
        page = Page(
            rid, "corpus.jsonl", text, line=k + 1, home=self.home, meta=(("date", iso), ("title", title))
        )
        ax = ArticleExtraction(
            art,
            tuple(persons),
            tuple(sorted(orgs.values(), key=lambda o: o.name)),
            tuple(places_.values()),
            events,
            sentences=tuple(sentence_spans(text)),
        )
        return record, PageExtraction(page, self.home, (ax,))

    def _paragraph(self, cn_date: str) -> _Paragraph:
        """One report (meeting, inspection, signing or activity) with its officials and places."""
        rng = self.rng
        (p1, post1), (p2, post2) = self._official(), self._official()
        while p2 == p1:
            p2, post2 = self._official()
        county = rng.choice(self.counties)
        town = rng.choice(self.townships[county.code]) if self.townships[county.code] else None
        village = rng.choice(SURNAMES) + rng.choice(VILLAGE_SUFFIX)
        company = rng.choice(self.companies)
        topic = rng.choice(TOPICS)
        kind = rng.choice(("meeting", "inspection", "signing", "activity"))
        if kind == "meeting":
            org = post1[2]
            title = f"全市{topic}工作会议"
            text = f"{cn_date}，{org}召开{title}。{post1[0]}{p1}主持并讲话，{post2[0]}{p2}出席。"
            text += f"{p1}强调，要{rng.choice(PHRASES)}，扎实做好{topic}各项工作。"
            roles: tuple[tuple[str, str], ...] = ((p1, "主持"), (p1, "讲话"), (p2, "出席"))
            organizers: tuple[str, ...] = (org,)
            places: tuple[str, ...] = ()
        elif kind == "inspection":
            where = f"{county.name}{town.name if town else ''}{village}"
            title = f"{p1}到{county.name}调研{topic}工作"
            text = f"{cn_date}，{post1[0]}{p1}到{where}调研{topic}工作。"
            text += f"{p1}先后来到{company}和{village}，察看项目进展。{post2[0]}{p2}陪同。"
            roles = ((p1, "调研"), (p2, "陪同"))
            organizers, places = (), (county.name,)
        elif kind == "signing":
            title = f"{post1[2]}与{company}签约"
            text = f"{cn_date}，{post1[2]}与{company}签订{topic}合作协议。{post1[0]}{p1}、{post2[0]}{p2}出席签约仪式。"
            roles = ((p1, "出席"), (p2, "出席"))
            organizers, places = (post1[2], company), ()
        else:
            title = f"{county.name}{topic}宣传活动"
            text = f"{cn_date}，{county.name}在{town.name if town else county.name}举办{topic}宣传活动。{post1[0]}{p1}出席并致辞。"
            roles = ((p1, "出席"), (p1, "讲话"))
            organizers, places = (), (county.name,)
        return _Paragraph(
            text,
            title,
            kind,
            ((p1, post1), (p2, post2)),
            county,
            town,
            village,
            company,
            topic,
            roles,
            organizers,
            places,
        )

    def _statement(self, para: _Paragraph, who: int) -> str:
        """What an official of *para* said (the first or second): the long rest of a real report,
        naming the official, the county and topics again."""
        rng = self.rng
        first, second, third = rng.sample(PHRASES, 3)
        other = rng.choice(TOPICS)
        name = para.officials[who][0]
        return (
            f"{name}指出，{para.topic}工作事关全局，要{first}，{second}，统筹抓好{other}，"
            f"确保各项任务落地见效。{para.county.name}要{third}，把{para.topic}各项工作做深做细做实，"
            f"以实际成效推动{other}取得新进展。"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="number of articles")
    ap.add_argument("-o", "--out", required=True, help="output prefix: OUT.jsonl (and OUT.extractions.jsonl)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--city", help="home city division code (default: drawn from the seed)")
    ap.add_argument("--extractions", action="store_true", help="also write ground-truth PageExtraction lines")
    ap.add_argument(
        "--paragraphs",
        type=int,
        default=1,
        metavar="K",
        help="median paragraphs per article (default 1: one short report; 6: real article length)",
    )
    args = ap.parse_args(argv)
    if args.paragraphs < 1:
        ap.error("--paragraphs must be at least 1")
    corpus = Corpus(args.n, seed=args.seed, city_code=args.city, paragraphs=args.paragraphs)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    dumps = lambda o: json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # noqa: E731
    with ExitStack() as stack:  # both files are replaced only once the whole corpus is written
        fh = stack.enter_context(atomic_open(f"{out}.jsonl"))
        ext = stack.enter_context(atomic_open(f"{out}.extractions.jsonl")) if args.extractions else None
        for record, pe in corpus.records():
            fh.write(dumps(record) + "\n")
            if ext:
                ext.write(dumps(pe.to_dict()) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
