"""Organization extractor: speed against jieba.posseg.cut and P/R/F1 on the seeds and the dev set.

usage: python benchmarks/organizations.py [--errors]

Speed: time of find_organizations over the seed pages vs jieba.posseg.cut over the same text (the
pipeline as a whole must beat posseg by 3x; this component should take a small share of that).
Quality: each page scored over distinct names as /work/shared/gold/score.py does (predictions that
match the gold "optional" list are ignored). The dev set is read from ../shared/gold/dev when present.
"""

from __future__ import annotations

import sys
import time

from gold_records import DEV, dev_records, seed_records
from guanxi.extractors.components.organizations import find_organizations, page_organizations
from guanxi.extractors.evaluate import norm

from guanxi.model import Home


def evaluate(records: list[dict], label: str, errors: bool) -> None:
    tp = fp = fn = 0
    for rec in records:
        home = Home(rec["home"].get("province"), rec["home"].get("city"))
        orgs, _ = page_organizations(find_organizations(rec["text"], home=home))
        gold = {norm(x) for x in rec["organizations"]}
        optional = {norm(x) for x in rec["optional"]}
        pred = {norm(x) for x in orgs} - (optional - gold)
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        if errors and (pred ^ gold):
            print(f"  {rec['file']}: FP {sorted(pred - gold)} FN {sorted(gold - pred)}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{label:6} pages {len(records):3}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp} fp {fp} fn {fn})")


def speed(records: list[dict]) -> None:
    import jieba.posseg

    texts = [r["text"] for r in records]
    find_organizations(texts[0])  # load lexicons
    list(jieba.posseg.cut(texts[0]))  # load jieba's dictionary
    t0 = time.perf_counter()
    for text in texts:
        find_organizations(text)
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in texts:
        list(jieba.posseg.cut(text))
    base = time.perf_counter() - t0
    chars = sum(map(len, texts))
    print(
        f"speed  {chars} chars: find_organizations {ours:.3f}s, jieba.posseg.cut {base:.3f}s, ratio {base / ours:.1f}x"
    )


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
