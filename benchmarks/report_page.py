"""Benchmark: the report page on a synthetic build output of ~100k articles.

Writes a synthetic OUT folder (about 50k entity nodes, 100k Article nodes, 300k relationship
edges besides MENTIONED_IN, 100k articles of extractions), runs ``write_report`` on it, opens the
page in headless Chromium and prints: page size, write time, time to the first drawn network and
to the end of the layout, a name search, the officials filter, and raising "Top" to 2,000 nodes.
The baseline is the same page on the small hand-made output of tests/graph/report_fixtures.py;
ratios are printed against it. Not a test: nothing is asserted.

Usage: .venv/bin/python benchmarks/report_page.py [--articles 100000] [--keep DIR]

Measured figures are printed with the load average, since they scale with it on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "graph"))

from guanxi.graph.report import write_report  # noqa: E402
from guanxi.graph.resolve import normalize_org, person_id, place_key  # noqa: E402

from guanxi.model import Place, stable_id  # noqa: E402
from guanxi.sentences import sentence_index, sentence_spans  # noqa: E402

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国华明伟芳军平海波强涛斌磊勇杰宏晓东亮志红文博鹏辉春玉林静刚卫新立英"
ORG_HEAD = "发展改革 教育 科技 工业信息化 公安 民政 司法 财政 人力资源 自然资源 生态环境 住房建设 交通运输 水利 农业农村 商务 文化旅游 卫生健康 应急管理 审计 市场监管 统计 医保 林业 体育".split()
ORG_TAIL = ["局", "委员会", "中心", "办公室", "协会"]
TITLES = ["书记", "副书记", "市长", "副市长", "局长", "副局长", "主任", "副主任", "主席", "部长"]
ROLES = ["主持", "讲话", "出席", "调研", "陪同"]
EVENT_TYPES = ["meeting", "inspection", "activity", "signing", "notice"]


def _zipf(rng: random.Random, n: int, s: float = 1.1) -> int:
    # Skewed pick in [0, n): a few hubs, a long tail.
    return min(n - 1, int(n * rng.random() ** (1 + s * 2)))


def synthesize(out: Path, n_articles: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    scale = n_articles / 100_000
    n_person, n_org, n_place, n_event = (int(x * scale) or 1 for x in (25_000, 12_000, 8_000, 5_000))
    persons = []
    seen: set[str] = set()
    while len(persons) < n_person:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        name = name if name not in seen else name + str(len(persons))
        seen.add(name)
        kind = "official" if len(persons) % 5 < 3 else ("journalist" if len(persons) % 25 == 3 else "other")
        # Ids as the build makes them (no home): the page finds each mention's entity by its id.
        persons.append(
            (person_id((name, "", "journalist" if kind == "journalist" else "person"), 0), name, kind)
        )
    orgs = [
        (stable_id("org", {"name": normalize_org(name)}), name)
        for name in (f"第{i}区{rng.choice(ORG_HEAD)}{rng.choice(ORG_TAIL)}" for i in range(n_org))
    ]
    places = [
        (stable_id("place", place_key(Place(name))), name)
        for name in (f"{rng.choice(GIVEN)}{rng.choice(GIVEN)}{i}镇" for i in range(n_place))
    ]
    events = [(stable_id("event", f"e{i}"), f"第{i}次{rng.choice(ORG_HEAD)}工作会议") for i in range(n_event)]

    nodes: list[dict] = []
    edges: dict[str, dict] = {}
    co: dict[tuple[str, str], list] = {}
    ent_articles: dict[str, int] = {}
    extraction_lines: list[str] = []
    event_articles: dict[int, list[str]] = {}
    per_page = 5
    for page_no in range(0, n_articles, per_page):
        page_id = f"page{page_no // per_page:06d}"
        arts = []
        for a in range(page_no, min(page_no + per_page, n_articles)):
            aid = f"art{a:07d}"
            date = f"20{20 + a * 5 // n_articles:02d}-{1 + a % 12:02d}-{1 + a % 28:02d}"
            ps = sorted({_zipf(rng, n_person) for _ in range(rng.randint(2, 4))})
            os_ = sorted({_zipf(rng, n_org) for _ in range(rng.randint(1, 2))})
            pl = sorted({_zipf(rng, n_place) for _ in range(1)})
            ev = _zipf(rng, n_event) if rng.random() < 0.3 else None
            text, mentions = "", []
            for i in ps:
                sent = f"{orgs[os_[0]][1]}{rng.choice(TITLES)}{persons[i][1]}在{places[pl[0]][1]}调研并讲话。"
                start = len(text) + sent.index(persons[i][1])
                mentions.append(("persons", persons[i], sent, start))
                text += sent
            for i in os_:
                sent = f"{orgs[i][1]}召开专题会议，研究部署有关工作。"
                mentions.append(("organizations", orgs[i], sent, len(text)))
                text += sent
            sent = f"活动在{places[pl[0]][1]}举行。"
            mentions.append(("places", places[pl[0]], sent, len(text) + 3))
            text += sent
            if ev is not None:
                sent = f"{events[ev][1]}于当日举行。"
                mentions.append(("events", events[ev], sent, len(text)))
                text += sent
                event_articles.setdefault(ev, []).append(aid)
            ax: dict = {"article": {"article_id": aid, "page_id": page_id, "ordinal": a - page_no, "title": f"第{a}篇报道",
                                   "kind": "news", "date": date, "text": text, "start": 0, "end": len(text)},
                        "persons": [], "organizations": [], "places": [], "events": []}  # fmt: skip
            spans = sentence_spans(text)
            ax["sentences"] = [{"start": u.start, "end": u.end, "cut": u.cut} for u in spans]
            starts = [u.start for u in spans]
            ids = []
            for key, (eid, name, *rest), _sent, start in mentions:
                prov = [{"article_id": aid, "sentence": sentence_index(starts, start), "start": start,
                         "end": start + len(name)}]  # fmt: skip
                if key == "persons":
                    ax[key].append({"name": name, "kind": rest[0], "posts": [], "prov": prov})
                elif key == "events":
                    ax[key].append({"title": name, "type": "meeting", "date": date, "prov": prov})
                else:
                    ax[key].append({"name": name, "prov": prov})
                ids.append(eid)
                ent_articles[eid] = ent_articles.get(eid, 0) + 1
                art_node = stable_id("article", aid)
                e_id = stable_id("edge", ["m", eid, aid])
                edges[e_id] = {"id": e_id, "type": "MENTIONED_IN", "source": eid, "target": art_node,
                               "properties": {"articles": [aid], "count": 1, "date": date}}  # fmt: skip
            ids = sorted(set(ids) - {events[ev][0]} if ev is not None else set(ids))
            for i, x in enumerate(ids):
                for y in ids[i + 1 :]:
                    slot = co.setdefault((x, y), [0, date, date])
                    slot[0] += 1
                    slot[2] = date
            arts.append(ax)
            nodes.append({"id": stable_id("article", aid), "label": "Article",
                          "properties": {"article_id": aid, "name": f"第{a}篇报道", "date": date}})  # fmt: skip
        page = {
            "page_id": page_id,
            "path": f"corpus/{page_id}.txt",
            "text": "",
            "line": None,
            "encoding": "utf-8",
        }
        extraction_lines.append(json.dumps({"page": page, "home": {}, "articles": arts}, ensure_ascii=False))
    for (x, y), (w, first, last) in co.items():
        e_id = stable_id("edge", ["c", x, y])
        edges[e_id] = {"id": e_id, "type": "CO_OCCURS", "source": x, "target": y,
                       "properties": {"weight": w, "first_seen": first, "last_seen": last}}  # fmt: skip
    for i, (pid, name, kind) in enumerate(persons):
        nodes.append(
            {
                "id": pid,
                "label": "Person",
                "properties": {"name": name, "kind": kind, "articles": ent_articles.get(pid, 0)},
            }
        )
        if kind == "official":
            for j in {_zipf(rng, n_org), (i * 7) % n_org}:
                e_id = stable_id("edge", ["h", pid, j])
                edges[e_id] = {"id": e_id, "type": "HOLDS_POST", "source": pid, "target": orgs[j][0],
                               "properties": {"title": orgs[j][1] + TITLES[i % len(TITLES)], "canonical": TITLES[i % len(TITLES)],
                                              "first_seen": "2020-01-01", "last_seen": "2024-12-28"}}  # fmt: skip
    for oid, name in orgs:
        nodes.append(
            {
                "id": oid,
                "label": "Organization",
                "properties": {"name": name, "type": "government", "articles": ent_articles.get(oid, 0)},
            }
        )
    for plid, name in places:
        nodes.append(
            {
                "id": plid,
                "label": "Place",
                "properties": {"name": name, "level": "township", "articles": ent_articles.get(plid, 0)},
            }
        )
    for k, (evid, title) in enumerate(events):
        arts = event_articles.get(k, [])
        nodes.append(
            {
                "id": evid,
                "label": "Event",
                "properties": {"name": title, "title": title, "type": EVENT_TYPES[k % 5], "articles": arts},
            }
        )
        for r in range(rng.randint(2, 5)):
            pid = persons[_zipf(rng, n_person)][0]
            e_id = stable_id("edge", ["pa", pid, evid, r])
            edges[e_id] = {
                "id": e_id,
                "type": "PARTICIPATED_IN",
                "source": pid,
                "target": evid,
                "properties": {"role": ROLES[r % 5]},
            }
        for rel, s, t in (
            ("ORGANIZED", orgs[_zipf(rng, n_org)][0], evid),
            ("HELD_AT", evid, places[_zipf(rng, n_place)][0]),
        ):
            e_id = stable_id("edge", [rel, s, t])
            edges[e_id] = {"id": e_id, "type": rel, "source": s, "target": t, "properties": {}}
    out.mkdir(parents=True, exist_ok=True)
    nodes.sort(key=lambda n: n["id"])
    with (out / "nodes.jsonl").open("w", encoding="utf-8") as fh:
        for n in nodes:
            fh.write(json.dumps(n, ensure_ascii=False, sort_keys=True) + "\n")
    with (out / "edges.jsonl").open("w", encoding="utf-8") as fh:
        for k in sorted(edges):
            fh.write(json.dumps(edges[k], ensure_ascii=False, sort_keys=True) + "\n")
    (out / "extractions.jsonl").write_text("\n".join(extraction_lines) + "\n", encoding="utf-8")
    n_pages = len(extraction_lines)
    (out / "report.json").write_text(
        json.dumps({"inputs": n_pages, "pages": n_pages, "articles": n_articles, "problems": []})
    )
    rel_edges = sum(1 for e in edges.values() if e["type"] not in ("MENTIONED_IN",))
    return {"entity_nodes": n_person + n_org + n_place + n_event, "article_nodes": n_articles,
            "relationship_edges": rel_edges, "mentioned_in_edges": len(edges) - rel_edges}  # fmt: skip


def measure_page(path: Path, search: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"]  # fmt: skip
    res: dict[str, float] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = b.new_page(viewport={"width": 1440, "height": 960})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        t = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=300_000)
        res["load_s"] = time.perf_counter() - t
        page.wait_for_function(
            "() => window.guanxi && guanxi.graph() && guanxi.graph().order > 0", timeout=300_000
        )
        res["first_network_s"] = time.perf_counter() - t
        page.wait_for_selector("body[data-ready='1']", timeout=300_000)
        res["layout_done_s"] = time.perf_counter() - t
        t = time.perf_counter()
        page.fill("#search", search)
        page.press("#search", "Enter")
        page.wait_for_function("n => document.querySelector('#details h2')?.textContent === n", arg=search)
        res["search_s"] = time.perf_counter() - t
        page.click("button[data-tab='officials']")
        prev = page.inner_text("#pcount")
        t = time.perf_counter()
        page.fill("#pfilter", search[:1])
        page.wait_for_function("p => document.querySelector('#pcount').textContent !== p", arg=prev)
        res["filter_s"] = time.perf_counter() - t - 0.12  # the filter waits 120 ms for typing to stop
        page.click("button[data-tab='network']")
        top = min(2000, page.evaluate("() => guanxi.data.meta.max_nodes"))
        if top != page.evaluate("() => guanxi.graph().order"):
            page.evaluate("() => document.body.removeAttribute('data-ready')")
        t = time.perf_counter()
        page.fill("#topn", str(top))
        page.wait_for_selector("body[data-ready='1']", timeout=300_000)
        res["top2000_layout_s"] = time.perf_counter() - t
        res["console_errors"] = len(errors)
        b.close()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, help="write the synthetic folder here and keep it (reused if there)")
    args = ap.parse_args()
    from report_fixtures import extractions, make_out

    with tempfile.TemporaryDirectory() as tmp:
        base_out = make_out(Path(tmp) / "base")
        t = time.perf_counter()
        base_page = write_report(base_out)
        base_write = time.perf_counter() - t
        # Search for the fixture's first person (the benchmark names nobody itself).
        base = measure_page(base_page, extractions()[0].articles[0].persons[0].name)
        out = args.keep or Path(tmp) / "big"
        if (out / "nodes.jsonl").exists():
            print(f"synthetic corpus: reusing {out}")
        else:
            t = time.perf_counter()
            sizes = synthesize(out, args.articles)
            print(f"synthetic corpus: {sizes} in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        page = write_report(out)
        write_s = time.perf_counter() - t
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"write_report: {write_s:.1f} s (baseline {base_write:.2f} s), page {page.stat().st_size / 1e6:.1f} MB, peak RSS {rss:.0f} MB"
        )
        name = next(
            json.loads(line)["properties"]["name"]
            for line in (out / "nodes.jsonl").open(encoding="utf-8")
            if '"label":"Person"' in line.replace(" ", "")
        )
        big = measure_page(page, name)
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"{'measure':<18}{'100k':>10}{'baseline':>10}{'ratio':>8}")
        for k in big:
            ratio = big[k] / base[k] if base[k] else float("nan")
            print(f"{k:<18}{big[k]:>10.2f}{base[k]:>10.2f}{ratio:>8.1f}")


if __name__ == "__main__":
    main()
