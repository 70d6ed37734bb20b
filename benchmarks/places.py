"""Place extractor: speed against jieba.posseg.cut and P/R/F1 on the seeds and the dev set.

usage: python benchmarks/places.py [--errors]

Speed: time of find_places over the seed pages (after the one-time lexicon build, reported apart)
vs jieba.posseg.cut over the same text; the pipeline as a whole must beat posseg by 3x, so this
component should take a small share of it. Quality: per page over distinct strings as
/work/shared/gold/score.py counts them (predictions matching the gold "optional" list are
ignored). The dev set is read from ../shared/gold/dev when present (it is never copied here).
"""

from __future__ import annotations

import sys
import time

from gold_records import DEV, dev_records, seed_records
from guanxi.extractors.components.places import find_places
from guanxi.extractors.evaluate import norm

from guanxi.model import Home


def evaluate(records: list[dict], label: str, errors: bool) -> None:
    tp = fp = fn = 0
    for rec in records:
        home = Home(rec["home"].get("province"), rec["home"].get("city"))
        pred = {norm(m.text) for m in find_places(rec["text"], home=home) if not m.optional}
        gold = {norm(x) for x in rec["places"]}
        pred -= {norm(x) for x in rec.get("optional") or []} - gold
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        if errors and pred ^ gold:
            print(f"  {rec['file']}: FP {sorted(pred - gold)} FN {sorted(gold - pred)}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{label:6} places P={p:.3f} R={r:.3f} F1={f:.3f} (tp={tp} fp={fp} fn={fn}, {len(records)} pages)")


def speed(records: list[dict]) -> None:
    import jieba
    import jieba.posseg

    texts = [rec["text"] for rec in records]
    home = Home("山西省", "长治市")
    t0 = time.perf_counter()
    find_places("", home=home)
    find_places("沁县", home=home)  # builds the lexicon and reads the general dictionary once
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in texts:
        find_places(text, home=home)
    ours = time.perf_counter() - t0
    jieba.initialize()
    t0 = time.perf_counter()
    for text in texts:
        list(jieba.posseg.cut(text))
    base = time.perf_counter() - t0
    chars = sum(map(len, texts))
    print(
        f"speed  lexicon build {build:.2f}s once; find_places {ours:.3f}s, posseg {base:.3f}s on {chars} chars"
    )
    print(f"       find_places takes {ours / base:.1%} of posseg's time ({base / ours:.0f}x faster)")


def main(argv: list[str]) -> int:
    errors = "--errors" in argv
    seeds = seed_records()
    speed(seeds)
    evaluate(seeds, "seeds", errors)
    if DEV.is_dir():
        evaluate(dev_records(), "dev", errors)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
