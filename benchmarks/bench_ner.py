"""The name recognizer measured alone, the rules alone, and both combined (seeds and dev set).

usage: python benchmarks/bench_ner.py [--errors] [--public-only] [--tune]

For each gold set (the seeds in the repository; the dev set read from ../shared/gold/dev when present,
never copied) it prints F1 of persons, officials, titles, organizations, places and (person, role).
Then, from ../shared/ner when present, the held-out half of the public NER dev file (the sentences
scripts/train_ner.py scores, never trained on), one sentence a page: PER, ORG, LOC and the three
pooled, as guanxi's persons, organizations and places (distinct strings per sentence; one-character
PER spans, bare surnames, left out); the rows marked ``*`` also leave out one-character ORG and LOC
spans (中, 美 of 中美) and read China as optional, as guanxi's guidelines do.

- ``rules``: the pipeline without ``guanxi_recognizer``;
- ``model``: the model alone (every distinct span it reads on the page; on the gold pages persons
  only, on the public file persons, organizations and places);
- ``combined``: the whole pipeline (the rules verify the model's names).

``--errors`` lists, per page, the persons the combined pipeline gets wrong (false positives and
misses), for the seeds only: the dev set's text stays in ../shared. ``--public-only`` skips the seeds
and the dev set; ``--tune`` scores the even (tuning) half of the public file instead of the held-out
odd half: tune thresholds there, report the held-out half once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gold_records import DEV, NER, PUBLIC_LABELS, dev_records, public_records, seed_records
from guanxi.extractors import to_gold
from guanxi.extractors.components.places import _OWN_COUNTRY as OWN_COUNTRY
from guanxi.extractors.evaluate import _set_counts, _Tally, score
from guanxi.extractors.extract import extract_page
from guanxi.extractors.name_model import NameModel
from guanxi.extractors.pipeline import make_nlp

from guanxi.model import Home, Page

CATEGORIES = ("persons", "officials", "titles", "organizations", "places", "person_roles")


def pages(records: list[dict]) -> list[Page]:
    out = []
    for rec in records:
        h = rec.get("home") or {}
        home = Home(h.get("province"), h.get("city"))
        out.append(Page(Path(rec["file"]).stem, rec["file"], rec["text"], home=home))
    return out


def pipeline_scores(records: list[dict], nlp) -> tuple[dict, dict]:
    gold = {Path(r["file"]).stem: r for r in records}
    pred = {p.page_id: to_gold(extract_page(p, nlp=nlp)) for p in pages(records)}
    return score(gold, pred), pred


def model_pred(records: list[dict]) -> dict:
    """The model's distinct spans per page: names as persons without posts, and organizations and
    places as read (the kinds the model reads)."""
    model = NameModel.load()
    pred = {}
    for p in pages(records):
        reading = model.read(p.text)
        names = sorted({p.text[s:e] for s, e in reading.of("PER")})
        pred[p.page_id] = {
            "file": p.path,
            "persons": [{"name": n, "kind": "other", "titles": []} for n in names],
            "organizations": sorted({p.text[s:e] for s, e in reading.of("ORG")}),
            "places": sorted({p.text[s:e] for s, e in reading.of("LOC")}),
        }
    return pred


def model_scores(records: list[dict]) -> dict:
    return score({Path(r["file"]).stem: r for r in records}, model_pred(records))


def table(label: str, records: list[dict], rules_nlp, full_nlp) -> dict:
    rules, _ = pipeline_scores(records, rules_nlp)
    model = model_scores(records)
    combined, pred = pipeline_scores(records, full_nlp)
    print(f"\n{label} ({len(records)} pages): F1 (precision / recall)")
    print(f"{'category':14} {'rules':>20} {'model':>20} {'combined':>20}")
    for cat in CATEGORIES:
        cells = []
        for rows in (rules, model, combined):
            p, r, f = rows[cat]
            cells.append(f"{f:.3f} ({p:.2f}/{r:.2f})" if cat == "persons" or rows is not model else "-")
        print(f"{cat:14} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20}")
    return pred


def public_table(records: list[dict], rules_nlp, full_nlp) -> None:
    """PER, ORG, LOC and all three pooled (micro) on the public NER file's held-out half."""
    gold = {Path(r["file"]).stem: r for r in records}
    columns = {
        "rules": pipeline_scores(records, rules_nlp)[1],
        "model": model_pred(records),
        "combined": pipeline_scores(records, full_nlp)[1],
    }
    print(f"\npublic NER ({len(records)} sentences): F1 (precision / recall)")
    print(f"{'label':14} {'rules':>20} {'model':>20} {'combined':>20}")
    rows = [*PUBLIC_LABELS.items(), ("overall", "")]
    for label, cat in [*rows, *((f"{label}*", cat) for label, cat in rows[1:])]:
        strict = label.endswith("*")
        cells = []
        for pred in columns.values():
            tally = _Tally()
            for key, g in gold.items():
                for c in [cat] if cat else PUBLIC_LABELS.values():
                    got = [x["name"] if isinstance(x, dict) else x for x in pred.get(key, {}).get(c) or []]
                    want = [x["name"] if isinstance(x, dict) else x for x in g[c]]
                    if strict and c != "persons":
                        want = [w for w in want if len(w) > 1 and w not in OWN_COUNTRY]
                        got = [w for w in got if w not in OWN_COUNTRY]
                    tally.add(_set_counts(want, got))
            p, r, f = tally.prf()
            cells.append(f"{f:.3f} ({p:.2f}/{r:.2f})")
        print(f"{label:14} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20}")
    print("* one-character ORG/LOC spans (中, 美 of 中美) left out and China optional, as guanxi's guidelines have them")


def errors(records: list[dict], pred: dict) -> None:
    for rec in records:
        stem = Path(rec["file"]).stem
        gold = {p["name"] for p in rec.get("persons", [])}
        got = {p["name"] for p in pred[stem].get("persons", [])} - set(rec.get("optional") or [])
        print(f"  {stem}: FP {sorted(got - gold)} FN {sorted(gold - got)}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="The name recognizer alone, the rules alone and both combined.",
        epilog="Without --tune the held-out half of the public file is read: record each read in the model card.",
    )
    parser.add_argument("--errors", action="store_true", help="list the seeds' wrong persons")
    parser.add_argument("--public-only", action="store_true", help="skip the seeds and the dev set")
    parser.add_argument("--tune", action="store_true", help="score the even (tuning) half of the public file")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    rules_nlp = make_nlp(exclude=("guanxi_recognizer",))
    full_nlp = make_nlp()
    public = public_records("even" if args.tune else None)
    if args.public_only:
        public_table(public, rules_nlp, full_nlp)
        return 0
    seeds = seed_records()
    pred = table("seeds", seeds, rules_nlp, full_nlp)
    if args.errors:
        errors(seeds, pred)
    if DEV.is_dir():
        table("dev", dev_records(), rules_nlp, full_nlp)
    else:
        print(f"\ndev: {DEV} not found (skipped)")
    if public:
        public_table(public, rules_nlp, full_nlp)
    else:
        print(f"\npublic NER: {NER} not found (skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
