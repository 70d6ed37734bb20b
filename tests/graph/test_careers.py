"""Careers in the graph: APPOINTED facts, post spells and coded posts on HOLDS_POST, PRECEDED
successions and the career tables, built from invented notices by the real pipeline."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

from careers_fixtures import career_pages, publicity_pages
from guanxi.extractors.extract import extract_page
from guanxi.graph.aggregate import EntityIds, PostAcc, PostKey, add_posts, merge_all, post_edges
from guanxi.graph.build import article_date, article_parts, build_graph, page_home
from guanxi.graph.careers import write_careers

from guanxi.model import Home, Page

GOLD = Path(__file__).resolve().parents[1] / "data" / "appointments_gold.jsonl"


def _edges(kg, rel: str) -> dict[tuple[str, ...], dict]:
    names = {n.id: n.properties.get("name") for n in kg.nodes}
    out = {}
    for e in kg.edges:
        if e.type == rel:
            key = (names[e.source], names[e.target], e.properties.get("action", ""))
            out[key] = e.properties
    return out


def test_appointments_become_facts_with_their_decision_and_evidence():
    kg = build_graph(career_pages())
    got = {
        k: (p["date"], p["decided_by"], p["canonical"], len(p["articles"]))
        for k, p in _edges(kg, "APPOINTED").items()
    }
    assert got == {
        ("范永刚", "清苑县委", "appointed"): ("2024-03-08", "保定市委", "清苑县委书记", 1),
        ("蒋春生", "清苑县委", "removed"): ("2024-03-08", "保定市委", "清苑县委书记", 1),
        ("冯建军", "保定市教育局", "appointed"): ("2024-03-29", "保定市人大常委会", "保定市教育局局长", 1),
    }


def test_spells_merge_appointments_and_sightings_and_a_removal_closes_one():
    posts = _edges(build_graph(career_pages()), "HOLDS_POST")
    spell = {k[0]: (p["start"], p["start_by"], p["end"], p["end_by"]) for k, p in posts.items()}
    assert spell == {
        "蒋春生": ("2023-05-10", "first_seen", "2024-03-08", "removal"),
        "范永刚": ("2024-03-08", "appointment", "2024-06-01", "last_seen"),
        # the list of appointments is dated by its decision (2024年3月29日…通过), not the date
        "冯建军": ("2024-03-29", "appointment", "2024-03-29", "last_seen"),
        # No removal printed: the successor's appointment does not end her spell.
        "曹丽娟": ("2023-11-20", "first_seen", "2023-11-20", "last_seen"),
    }


def test_posts_are_coded_on_holds_post():
    posts = _edges(build_graph(career_pages()), "HOLDS_POST")
    code = {
        k[0]: (
            p["level"],
            p["division_code"],
            p["body_type"],
            p["position_class"],
            p["principal"],
            p["single"],
        )
        for k, p in posts.items()
    }
    assert code["范永刚"] == ("county", "130608", "party_committee", "secretary", True, True)
    assert code["冯建军"] == ("prefecture", "130600", "government_department", "head", True, True)


def test_successions_order_the_holders_of_a_single_holder_post():
    kg = build_graph(career_pages())
    got = {
        (k[0], k[1]): (p["canonical"], p["end"], p["end_by"], p["start"], p["start_by"])
        for k, p in _edges(kg, "PRECEDED").items()
    }
    assert got == {
        ("蒋春生", "范永刚"): ("清苑县委书记", "2024-03-08", "removal", "2024-03-08", "appointment"),
        ("曹丽娟", "冯建军"): ("保定市教育局局长", "2023-11-20", "last_seen", "2024-03-29", "appointment"),
    }


def test_partial_folds_with_appointments_merge_to_the_single_fold():
    parts = [
        article_parts(pe, ax, page_home(pe), article_date(pe, ax.article))
        for pe in career_pages()
        for ax in pe.articles
    ]
    assert any(pp.appointments for p in parts for pp in p.persons)

    def fold(ps) -> dict[PostKey, PostAcc]:
        accs: dict[PostKey, PostAcc] = {}
        for p in copy.deepcopy(ps):
            for pp in p.persons:
                add_posts(accs, pp.block[0], pp.posts, p.article_id, p.date, pp.block[1], pp.appointments)
        return accs

    ids = EntityIds([], {})
    whole = sorted(e.to_json() for e in post_edges(fold(parts), ids))
    for cut in range(1, len(parts)):
        merged = merge_all([fold(parts[cut:]), fold(parts[:cut])])
        assert sorted(e.to_json() for e in post_edges(merged, ids)) == whole


def test_career_tables_are_written_and_sorted(tmp_path: Path):
    kg = build_graph(career_pages())
    write_careers(kg, tmp_path)
    careers = list(csv.DictReader((tmp_path / "careers.csv").open(encoding="utf-8")))
    row = next(r for r in careers if r["name"] == "蒋春生")
    assert (
        row["canonical"], row["organization"], row["start"], row["end_by"], row["position_class"], row["single"]
    ) == ("清苑县委书记", "清苑县委", "2023-05-10", "removal", "secretary", "true")  # fmt: skip
    assert [r["person_id"] for r in careers] == sorted(r["person_id"] for r in careers)
    appts = list(csv.DictReader((tmp_path / "appointments.csv").open(encoding="utf-8")))
    assert sorted((r["date"], r["name"], r["action"]) for r in appts) == [
        ("2024-03-08", "范永刚", "appointed"), ("2024-03-08", "蒋春生", "removed"), ("2024-03-29", "冯建军", "appointed"),
    ]  # fmt: skip
    assert [(r["date"], r["person_id"]) for r in appts] == sorted((r["date"], r["person_id"]) for r in appts)
    first = (tmp_path / "careers.csv").read_bytes()
    write_careers(build_graph(reversed(career_pages())), tmp_path)
    assert (tmp_path / "careers.csv").read_bytes() == first


def test_every_gold_notice_appointment_with_a_body_is_a_fact():
    pages, expected = [], set()
    for i, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        home = Home(**rec["home"])
        pe = extract_page(
            Page(
                page_id=f"g{i}", path=rec["file"], text=rec["text"], home=home, meta=(("date", "2024-05-01"),)
            )
        )
        pages.append(pe)
        expected |= {
            (a.person, a.action, a.canonical) for ax in pe.articles for a in ax.appointments if a.organization
        }
    kg = build_graph(pages)
    names = {n.id: n.properties["name"] for n in kg.nodes}
    got = {
        (names[e.source], e.properties["action"], e.properties["canonical"])
        for e in kg.edges
        if e.type == "APPOINTED"
    }
    assert len(expected) >= 20
    assert got == expected


def test_a_publicity_lists_particulars_are_kept_on_the_person():
    kg = build_graph([*career_pages(), *publicity_pages()])
    (meng,) = [n for n in kg.nodes if n.label == "Person" and n.properties["name"] == "孟庆祥"]
    got = {k: meng.properties.get(k) for k in ("sex", "ethnicity", "birth", "education", "party_entry")}
    assert got == {"sex": "男", "ethnicity": "汉族", "birth": "1976-04", "education": "研究生", "party_entry": "1999-06"}
    assert meng.properties["articles"] == 2
    (jiang,) = [n for n in kg.nodes if n.label == "Person" and n.properties["name"] == "蒋春生"]
    assert "sex" not in jiang.properties  # printed without particulars: none invented
