"""Write perturbed prediction files from the seed gold, for tests/extractors/test_evaluate.py.

Run from the repository root:

    python tests/data/make_eval_preds.py
    for f in tests/data/eval_pred_*.jsonl; do python /path/to/score.py tests/data/gold_seeds.jsonl $f --json; done

and paste the reference scorer's numbers into tests/data/eval_expected.json (done once; the
test compares guanxi's scorer with them). Perturbations are seeded, so the files are reproducible.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold_seeds.jsonl"


def _pages() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def _drop(items: list, rng: random.Random, share: float) -> list:
    return [x for x in items if rng.random() >= share]


def perfect(pages: list[dict], rng: random.Random) -> list[dict]:
    return copy.deepcopy(pages)


def dropped(pages: list[dict], rng: random.Random) -> list[dict]:
    """Lose about a third of every list; flip some person kinds; move some dates."""
    out = []
    for page in copy.deepcopy(pages):
        page["persons"] = _drop(page["persons"], rng, 0.3)
        for p in page["persons"]:
            if rng.random() < 0.2:
                p["kind"] = "other" if p["kind"] != "other" else "official"
            p["titles"] = _drop(p["titles"], rng, 0.3)
        page["organizations"] = _drop(page["organizations"], rng, 0.3)
        page["places"] = _drop(page["places"], rng, 0.3)
        page["articles"] = _drop(page["articles"], rng, 0.2)
        for a in page["articles"]:
            if a.get("date") and rng.random() < 0.3:
                a["date"] = "2024-01-01"
            a["reporters"] = _drop(a.get("reporters") or [], rng, 0.3)
        page["events"] = _drop(page["events"], rng, 0.3)
        for e in page["events"]:
            e["participants"] = _drop(e["participants"], rng, 0.3)
        out.append(page)
    return out


def noisy(pages: list[dict], rng: random.Random) -> list[dict]:
    """Add spurious items, optional items (ignored), punctuation variants, fuller titles with the home
    prefix, and a folder and extension in the file name."""
    out = []
    for page in copy.deepcopy(pages):
        page["file"] = "out/" + page["file"]
        opt = page.get("optional") or []
        page["places"] = [f"“{x}”" if rng.random() < 0.3 else x for x in page["places"]]
        page["places"] += opt[:3] + [f"假地名{i}村" for i in range(rng.randint(1, 4))]
        page["organizations"] += opt[3:6] + [f"虚构委员会{i}" for i in range(rng.randint(0, 3))]
        home_city = (page.get("home") or {}).get("city") or ""
        for p in page["persons"]:
            p["titles"] = [home_city + t if rng.random() < 0.3 else t for t in p["titles"]]
            if rng.random() < 0.2:
                p["titles"].append("虚构职务")
        page["persons"].append({"name": "无名氏", "kind": "other", "titles": ["路人"]})
        for a in page["articles"]:
            if a.get("title") and rng.random() < 0.3:
                a["title"] = a["title"] + "!"
            if a.get("date") and rng.random() < 0.3:
                a["date"] = a["date"][5:]  # "--03-18"-like month-day only
        for e in page["events"]:
            e["participants"] = [
                {**x, "role": "其他"} if rng.random() < 0.2 else x for x in e["participants"]
            ]
        out.append(page)
    return out


def partial(pages: list[dict], rng: random.Random) -> list[dict]:
    """Two pages missing, one page with empty lists."""
    out = copy.deepcopy(pages[2:])
    out[0] = {"file": out[0]["file"], "home": out[0]["home"], "articles": [], "persons": []}
    return out


PERTURBATIONS = {"perfect": perfect, "dropped": dropped, "noisy": noisy, "partial": partial}


def main() -> None:
    pages = _pages()
    for name, make in PERTURBATIONS.items():
        rng = random.Random(f"guanxi-eval-{name}")
        lines = [json.dumps(p, ensure_ascii=False) for p in make(pages, rng)]
        (HERE / f"eval_pred_{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
