"""Make a synthetic list page (a roll of honour) of a given size, for memory and output-size checks.

A headline, then one paragraph without 。: invented villages of the home city's townships, bureaus
of its counties, and township party secretaries with invented names, joined by 、 and ，, the way a
paper prints a list of thousands of units and persons. Names are drawn as in
``scripts/make_corpus.py`` (invented persons and villages, divisions from the official list); the
same seed and size give the same page.

Example::

    python scripts/make_listpage.py --kb 1024 -o /tmp/list1m.txt
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guanxi.extractors.divisions import load_divisions
from make_corpus import BUREAUS, GIVEN, SURNAMES, VILLAGE_SUFFIX

from guanxi.outputs import atomic_open

CITY_CODE = "130400"  # 邯郸市: its counties and townships are the list's places


def list_page(size: int, *, seed: int = 7) -> str:
    """A list page of about *size* UTF-8 bytes."""
    rng = random.Random(seed)
    divs = load_divisions()
    city = divs.by_code(CITY_CODE)
    counties = list(divs.children(city.code))
    towns = [t for c in counties for t in divs.children(c.code)]
    parts = [f"{city.name}表彰先进集体和先进个人名单\n\n受表彰的先进集体和先进个人是："]
    n = len(parts[0].encode("utf-8"))
    while n < size:
        r = rng.random()
        if r < 0.4:
            town = rng.choice(towns)
            item = f"{town.name}{rng.choice(SURNAMES)}{rng.choice(VILLAGE_SUFFIX)}、"
        elif r < 0.7:
            item = f"{rng.choice(counties).name}{rng.choice(BUREAUS)}、"
        else:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            item = f"{rng.choice(towns).name}党委书记{name}，"
        parts.append(item)
        n += len(item.encode("utf-8"))
    return "".join(parts)[:-1] + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kb", type=int, required=True, help="size of the page in KB (1024 bytes)")
    ap.add_argument("-o", "--out", required=True, help="the .txt page to write")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    with atomic_open(args.out) as fh:
        fh.write(list_page(args.kb * 1024, seed=args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
