"""Every query of docs/cypher.md, run against the real server loaded with the seed pages.

The ```cypher blocks of the cookbook are read in order: a block ``:param {...}`` sets the
parameters (evaluated by the server, as Neo4j Browser does), every other block is a query run with
the current parameters. Each query must return rows, and the rows are checked for what the
recipe promises. The generic recipes are run again with parameters picked from the loaded data
by query (every official with a post, ...), so they are not tuned to one example name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j_fixtures import wipe
from neo4j_helpers import ROOT, expected_counts, seeds_out

from guanxi.cli import main

pytestmark = pytest.mark.neo4j

COOKBOOK = ROOT / "docs" / "cypher.md"
GRASS = ROOT / "docs" / "guanxi.grass"


@dataclass(frozen=True)
class Recipe:
    section: str  # "1", "0", ...
    title: str
    params: str  # the :param map expression, "{}" when none
    query: str

    @property
    def id(self) -> str:
        return f"{self.section}-{self.query.split()[0].lower()}"


def recipes(text: str) -> list[Recipe]:
    out: list[Recipe] = []
    section, title, params = "", "", "{}"
    for match in re.finditer(r"^## ([^\n]+)$|^```cypher\n(.*?)^```", text, re.M | re.S):
        if match.group(1):
            title = match.group(1).strip()
            section = title.split(".")[0] if title[0].isdigit() else title
            params = "{}"
            continue
        block = match.group(2).strip()
        if block.startswith(":param"):
            params = block[len(":param") :].strip()
            assert params.startswith("{"), f"use the map form `:param {{...}}`: {block}"
            continue
        out.append(Recipe(section, title, params, block))
    return out


RECIPES = recipes(COOKBOOK.read_text(encoding="utf-8"))


def test_cookbook_covers_the_questions():
    sections = {r.section for r in RECIPES if r.section.isdigit()}
    assert len(sections - {"0"}) >= 12
    titles = " ".join(r.title.lower() for r in RECIPES)
    for words in (
        "posts a person has held",
        "holds a given post now",
        "meet a given official most",
        "organization's people",
        "events in a county in a date range",
        "presides over",
        "shortest path",
        "co-occurrence communities",
        "places an official inspects",
        "journalists covering",
        "busiest officials by month",
        "sharing an employer",
        "attended events with a person",
        "served with a person in a body",
        "a career",
        "who held this post, in order",
        "all holders of a coded post",
    ):
        assert words in titles, words


@pytest.fixture(scope="module")
def seeds_db(neo4j_server, tmp_path_factory):
    """The session server holding exactly the seed graph, loaded with `guanxi load` as a user would."""
    driver = neo4j_server.driver()
    try:
        load(neo4j_server, driver, seeds_out(tmp_path_factory))
        yield driver
    finally:
        driver.close()


def load(neo4j_server, driver, out: Path) -> None:
    """Replace the server's graph with the output folder *out*, with `guanxi load`."""
    wipe(driver)
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None}
    result = CliRunner().invoke(main, ["load", str(out), "-q"], env=env)
    assert result.exit_code == 0, result.output


def params_of(driver, expression: str) -> dict:
    # Evaluated by the server, exactly like Browser's `:param {...}`.
    return dict(driver.execute_query(f"RETURN {expression} AS p").records[0]["p"])


def rows(driver, query: str, params: dict) -> list[dict]:
    return [dict(r) for r in driver.execute_query(query, params).records]


# What each recipe promises, checked on its rows (by section; "0" has two queries).
def _check_0(rs: list[dict], params: dict) -> None:
    if "nodes" in rs[0] and isinstance(rs[0]["nodes"], list):  # db.schema.visualization()
        labels = {next(iter(n.labels)) for n in rs[0]["nodes"]}
        assert {"Person", "Organization", "Place", "Event", "Article"} <= labels
    else:
        assert {r["label"] for r in rs} == {"Person", "Organization", "Place", "Event", "Article"}


def _check_1(rs, params):
    assert all(r["person"] == params["person"] and r["post"] and r["organization"] for r in rs)
    dated = [r for r in rs if r["first_seen"]]
    assert dated and all(r["first_seen"] <= r["last_seen"] for r in dated)
    assert [r["first_seen"] for r in dated] == sorted(r["first_seen"] for r in dated)


def _check_2(rs, params):
    last = [r["last_seen"] or "" for r in rs]
    assert last == sorted(last, reverse=True)
    assert rs[0]["person"]


def _check_3(rs, params):
    assert all(r["official"] != params["person"] for r in rs)
    assert rs[0]["events_together"] >= 1 or rs[0]["articles_together"] >= 1
    together = [(r["events_together"], r["articles_together"]) for r in rs]
    assert together == sorted(together, reverse=True)


def _check_4(rs, params):
    assert all(r["person"] and r["post"] for r in rs)
    assert any(r["unit"] != params["org"] for r in rs), "departments (PART_OF) are included"


def _check_5(rs, params):
    assert all(params["from"] <= r["date"] <= params["to"] for r in rs)
    assert any(params["county"] in r["held_at"] or r["participants"] for r in rs)


def _check_6(rs, params):
    assert rs[0]["meetings"] >= 1 and rs[0]["presides"]
    assert all(len(r["which"]) == r["meetings"] for r in rs)


def _check_7(rs, params):
    r = rs[0]
    assert r["hops"] >= 2
    assert r["through"][0] == params["person"] and r["through"][-1] == params["other"]
    assert len(r["path"].nodes) == r["hops"] + 1


def _check_8(rs, params):
    members = [m for r in rs for m in r["members"]]
    assert rs[0]["size"] >= 2 and all(r["size"] == len(r["members"]) for r in rs)
    assert len(members) == len(set(members)) or len(rs) >= 1  # names may repeat; ids never do
    assert [r["size"] for r in rs] == sorted((r["size"] for r in rs), reverse=True)


def _check_9(rs, params):
    assert any(r["held_at"] or r["places_in_report"] for r in rs)


def _check_10(rs, params):
    assert all(r["journalist"] and r["articles"] >= 1 and r["examples"] for r in rs)


def _check_11(rs, params):
    months = [r["month"] for r in rs]
    assert months == sorted(months) and all(re.fullmatch(r"\d{4}-\d{2}", m) for m in months)
    assert all(1 <= len(r["busiest"]) <= params["top"] for r in rs)


def _check_12(rs, params):
    assert all(r["organization"] and r["colleague"] != params["person"] for r in rs)


def _check_13(rs, params):
    assert rs[0]["hierarchy"][0] == params["name"] and rs[0]["levels"] >= 1


def _check_14(rs, params):
    assert all(r["file"] and r["start"] < r["end"] for r in rs)


def _check_15(rs, params):
    assert all(r["person"] != params["person"] and r["events_together"] >= 1 for r in rs)
    assert all(r["events"] and len(r["events"]) <= r["events_together"] for r in rs)
    assert all(r["roles"] and all("/" in x for x in r["roles"]) for r in rs)
    assert all(r["first_seen"] <= r["last_seen"] for r in rs if r["first_seen"])  # undated events: none


def _check_16(rs, params):
    assert all(r["colleague"] != params["person"] and r["posts"] and r["bodies_shared"] >= 1 for r in rs)
    assert all(r["overlap_from"] <= r["overlap_to"] for r in rs)


def _check_17(rs, params):
    assert all(r["person"] == params["person"] and r["post"] for r in rs)
    assert all(r["start_by"] in (None, "appointment", "first_seen") for r in rs)
    assert all(r["end_by"] in (None, "removal", "last_seen") for r in rs)


def _check_18(rs, params):
    starts = [r["start"] for r in rs]
    assert starts == sorted(starts) and all(r["holder"] for r in rs)
    assert all(r["predecessor"] in {x["holder"] for x in rs} for r in rs if r["predecessor"])


def _check_19(rs, params):
    assert all(r["holder"] and r["post"] for r in rs)


CHECKS: dict[str, Callable[[list[dict], dict], None]] = {
    name.removeprefix("_check_"): f for name, f in globals().items() if name.startswith("_check_")
}


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda r: r.id)
def test_recipe_returns_what_it_promises(seeds_db, recipe: Recipe):
    params = params_of(seeds_db, recipe.params)
    result = rows(seeds_db, recipe.query, params)
    assert result, f"section {recipe.title!r} returned nothing with {params}"
    CHECKS[recipe.section](result, params)


# Parameters picked from the loaded data (not the cookbook's example names): the query must answer
# for each of them, not only for the example.
PICK = {
    "1": "MATCH (p:Person)-[:HOLDS_POST]->() WHERE EXISTS { (p)-[h:HOLDS_POST]->() WHERE h.first_seen IS NOT NULL } "
    "RETURN DISTINCT {person: p.name} AS p",
    "2": "MATCH ()-[h:HOLDS_POST]->() RETURN DISTINCT {post: h.canonical} AS p",
    "3": "MATCH (p:Person {kind: 'official'})-[:CO_OCCURS]-(:Person {kind: 'official'}) RETURN DISTINCT {person: p.name} AS p",
    "4": "MATCH (o:Organization)<-[:PART_OF]-(:Organization)<-[:HOLDS_POST]-() RETURN DISTINCT {org: o.name} AS p",
    "6": "MATCH (o:Organization)-[:ORGANIZED]->()<-[r:PARTICIPATED_IN]-() WHERE '主持' IN r.roles "
    "RETURN DISTINCT {org: o.name} AS p",
    "9": "MATCH (p:Person)-[r:PARTICIPATED_IN]->(e:Event) WHERE (e.type = 'inspection' OR '调研' IN r.roles) "
    "AND (EXISTS { (e)-[:HELD_AT]->() } OR EXISTS { MATCH (a:Article)<-[:MENTIONED_IN]-(:Place) "
    "WHERE a.article_id IN e.articles }) RETURN DISTINCT {person: p.name} AS p",
    "10": "MATCH (p:Person {kind: 'official'})-[:MENTIONED_IN]->(:Article)<-[:REPORTED]-() RETURN DISTINCT {person: p.name} AS p",
    "12": "MATCH (p:Person)-[:HOLDS_POST]->(:Organization)<-[:HOLDS_POST]-(q:Person) WHERE p <> q "
    "RETURN DISTINCT {person: p.name} AS p",
    "15": "MATCH (p:Person)-[:CO_ATTENDED]-() RETURN DISTINCT {person: p.name} AS p",
    "16": "MATCH (p:Person)-[s:SERVED_WITH]-(), (o:Organization) WHERE o.id IN s.organizations "
    "RETURN DISTINCT {person: p.name, org: o.name} AS p",
    "17": "MATCH (p:Person)-[h:HOLDS_POST]->() WHERE h.start IS NOT NULL RETURN DISTINCT {person: p.name} AS p",
    "18": "MATCH ()-[h:HOLDS_POST]->() WHERE h.single AND h.start IS NOT NULL RETURN DISTINCT {post: h.canonical} AS p",
    "19": "MATCH ()-[h:HOLDS_POST]->() WHERE h.level IS NOT NULL RETURN DISTINCT "
    "{level: h.level, body_type: h.body_type, position_class: h.position_class} AS p",
    "13": "MATCH (x:Place {level: 'village'})-[:PART_OF]->() RETURN DISTINCT {name: x.name} AS p",
}


@pytest.mark.parametrize("section", sorted(PICK, key=int))
def test_recipe_answers_for_names_picked_from_the_data(seeds_db, section: str):
    recipe = next(r for r in RECIPES if r.section == section)
    picked = [dict(r["p"]) for r in seeds_db.execute_query(PICK[section]).records]
    assert picked, f"the seeds have no example for section {section}"
    for params in sorted(picked, key=str)[:8]:
        params = params_of(seeds_db, recipe.params) | params  # keep e.g. date ranges, top
        result = rows(seeds_db, recipe.query, params)
        assert result, f"section {recipe.title!r} returned nothing for {params}"
        CHECKS[section](result, params)


def test_seed_graph_is_loaded_completely(seeds_db, tmp_path_factory):
    from neo4j_helpers import counts

    assert counts(seeds_db) == expected_counts(seeds_out(tmp_path_factory))


def test_grass_style_colours_every_label_and_captions_names():
    text = GRASS.read_text(encoding="utf-8")
    blocks = dict(re.findall(r"^(node(?:\.\w+)?|relationship(?:\.\w+)?) \{(.*?)^\}", text, re.M | re.S))
    colours = set()
    for label in ("Person", "Organization", "Place", "Event", "Article"):
        body = blocks[f"node.{label}"]
        assert "caption: '{name}'" in body
        colours.add(re.search(r"\bcolor: (#[0-9A-Fa-f]{6})", body).group(1))
    assert len(colours) == 5
    for rel in ("HOLDS_POST", "PARTICIPATED_IN", "CO_OCCURS", "CO_ATTENDED", "SERVED_WITH"):
        assert f"relationship.{rel}" in blocks


def test_cookbook_path_is_documented():
    text = COOKBOOK.read_text(encoding="utf-8")
    assert "guanxi load" in text and "guanxi.grass" in text and ":param" in text
    assert Path(ROOT / "docs" / "guanxi.grass").is_file()


# Last in the module: it replaces the seed graph on the server with the career notices.
def test_career_recipes_answer_on_appointment_notices(neo4j_server, tmp_path: Path):
    from careers_fixtures import career_pages

    from guanxi.runner import build_from_extractions

    out = tmp_path / "careers"
    build_from_extractions(career_pages(), out, html=False)
    driver = neo4j_server.driver()
    try:
        load(neo4j_server, driver, out)
        query = {r.section: r.query for r in RECIPES}
        rs = rows(driver, query["18"], {"post": "清苑县委书记"})
        _check_18(rs, {})
        assert [(r["holder"], r["predecessor"], r["end_by"]) for r in rs] == [
            ("蒋春生", None, "removal"),
            ("范永刚", "蒋春生", "last_seen"),
        ]
        rs = rows(driver, query["17"], {"person": "蒋春生"})
        assert [(r["post"], r["start_by"], r["end"], r["decisions"]) for r in rs] == [
            ("清苑县委书记", "first_seen", "2024-03-08", ["removed 2024-03-08"])
        ]
        rs = rows(
            driver,
            query["19"],
            {"level": "county", "body_type": "party_committee", "position_class": "secretary"},
        )
        assert sorted(r["holder"] for r in rs) == ["范永刚", "蒋春生"]
    finally:
        driver.close()
