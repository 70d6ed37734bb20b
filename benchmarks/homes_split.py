"""Compare the persons of a build with ``--home`` and of the same input built without it.

Counts the persons the ``--home`` build keeps whole (one Person node for a name and role) that
the build without a home splits into several nodes: the figure of issue 18 ("building without
``--home`` ... splits no person that the ``--home`` build keeps whole").

Example::

    python scripts/make_corpus.py -n 5000 -o /tmp/c5000 --city 140400
    guanxi build /tmp/c5000.jsonl -o /tmp/home --home 山西省/长治市 --no-html
    guanxi build /tmp/c5000.jsonl -o /tmp/nohome --no-html
    python benchmarks/homes_split.py /tmp/home /tmp/nohome
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path


def persons(out: Path) -> Counter[tuple[str, bool]]:
    """Person nodes of a build folder counted by (name, journalist?)."""
    counts: Counter[tuple[str, bool]] = Counter()
    with (out / "nodes.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            node = json.loads(line)
            if node["label"] == "Person":
                props = node["properties"]
                counts[(props["name"], props["kind"] == "journalist")] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("home", type=Path, help="output folder of the build with --home")
    ap.add_argument("nohome", type=Path, help="output folder of the build without --home")
    ap.add_argument("--show", type=int, default=10, help="split names to list")
    args = ap.parse_args(argv)
    whole, other = persons(args.home), persons(args.nohome)
    kept = [k for k, n in whole.items() if n == 1]
    split = sorted(k for k in kept if other.get(k, 0) > 1)
    report = json.loads((args.nohome / "report.json").read_text(encoding="utf-8"))
    print(f"persons kept whole with --home: {len(kept)}")
    print(f"of them split without --home:   {len(split)}")
    print(f"pages without a home:           {report['without_home']['pages']}")
    persons_report = report["without_home"].get("persons")
    if persons_report is not None:
        print(f"homeless persons:               {json.dumps(persons_report, ensure_ascii=False)}")
    for name, journalist in split[: args.show]:
        print(f"  {name}{' (journalist)' if journalist else ''}: {other[(name, journalist)]} nodes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
