"""scripts/train_ner.py: trains a model from a corpus folder, deterministically, and scores it held out."""

from __future__ import annotations

import itertools
import json
import lzma
import math
import subprocess
import sys
from pathlib import Path

from guanxi.extractors.name_model import NameModel

ROOT = Path(__file__).resolve().parents[2]

# Invented sentences and names (surname + given name), none from any corpus or gold set.
_SENTENCES = [
    ("村民{}告诉记者，今年的玉米长势很好。", "赵小平"),
    ("工作组走访了{}等困难群众。", "孙海燕"),
    ("{}在会上介绍了合作社的做法。", "韩立新"),
    ("据{}介绍，新校区将于明年启用。", "冯玉兰"),
    ("老党员{}每天都到广场上义务值守。", "曹德胜"),
    ("{}说，这条路修好以后出门方便多了。", "蒋春梅"),
    ("参加座谈的有{}和几位种粮大户。", "吕志刚"),
    ("获奖者{}上台领取了证书。", "魏红霞"),
]
_PLAIN = ["今年全县新建了三所学校。", "会议要求各部门抓好落实。", "这条河的水质明显好转。"]
# Invented sentences with an organization and a place (CLUENER's labels for half of them).
_ORG_LOC = [
    ("东方机械厂", "远山县", "{}在{}建了新车间。"),
    ("青禾合作社", "山东", "{}的苹果销往{}各地。"),
    ("环宇通信", "江南省", "{}落户{}。"),
]


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    lines = []
    for k in range(4):
        for pattern, name in _SENTENCES:
            text = pattern.format(name)
            start = text.index(name)
            ent = {
                "label": "PER" if k % 2 else "name",
                "start": start,
                "end": start + len(name),
                "text": name,
            }
            lines.append(json.dumps({"text": text, "entities": [ent]}, ensure_ascii=False))
        lines.extend(json.dumps({"text": t, "entities": []}, ensure_ascii=False) for t in _PLAIN)
        for org, loc, pattern in _ORG_LOC:
            text = pattern.format(org, loc)
            ents = [
                {"label": ("ORG", "company")[k % 2], "start": text.index(org), "end": text.index(org) + len(org)},
                {"label": ("LOC", "address")[k % 2], "start": text.index(loc), "end": text.index(loc) + len(loc)},
            ]
            lines.append(json.dumps({"text": text, "entities": ents}, ensure_ascii=False))
    (folder / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "held.jsonl").write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")


def _train(data: Path, out: Path, *more: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "scripts" / "train_ner.py"), "--data", str(data), *more]
    cmd += ["--train", "train.jsonl", "--eval", "held.jsonl", "--iterations", "20", "--out", str(out)]
    cmd += ["--min-freq", "1", "--min-weight", "0"]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def test_training_is_deterministic_and_scores_held_out(tmp_path):
    _write_corpus(tmp_path / "corpus")
    first = _train(tmp_path / "corpus", tmp_path / "a.xz", "--heads", "PER")
    second = _train(tmp_path / "corpus", tmp_path / "b.xz", "--heads", "PER")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "a.xz").read_bytes() == (tmp_path / "b.xz").read_bytes()
    assert "held-out held.jsonl" in first.stdout
    per = next(line for line in first.stdout.splitlines() if line.split()[:1] == ["PER"])
    precision, recall, f1 = (float(x) for x in per.split()[1:])
    assert 0 <= precision <= 100 and 0 <= recall <= 100 and 0 <= f1 <= 100
    model = NameModel.from_bytes(lzma.decompress((tmp_path / "a.xz").read_bytes()))
    assert model.tag("村民赵小平告诉记者") and len(model.tag("村民赵小平告诉记者")) == 9


def test_missing_corpus_is_a_usage_error(tmp_path):
    out = _train(tmp_path / "nowhere", tmp_path / "m.xz")
    assert out.returncode == 2
    assert "nowhere" in out.stderr and "missing" in out.stderr
    assert not (tmp_path / "m.xz").exists()


def test_own_decoder_reads_every_feature_crfsuite_was_trained_on(tmp_path):
    """guanxi's Viterbi over the weight table scores a path as CRFsuite does: every feature type of
    ``char_features`` (cue words, jieba words, characters) is decoded, none is left out."""
    import pycrfsuite
    from guanxi.extractors.name_model import char_features, fold, marks, viterbi

    trainer = pycrfsuite.Trainer(verbose=False)
    for pattern, name in _SENTENCES:
        text = pattern.format(name)
        start = text.index(name)
        tags = ["O"] * len(text)
        tags[start : start + len(name)] = ["B"] + ["I"] * (len(name) - 1)
        trainer.append(char_features(fold(text)), tags)
    for text in _PLAIN:
        trainer.append(char_features(fold(text)), ["O"] * len(text))
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True})
    trainer.train(str(tmp_path / "m.crfsuite"))
    raw = (tmp_path / "m.crfsuite").read_bytes()
    model = NameModel.from_bytes(NameModel.from_crfsuite(raw).to_bytes())
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "m.crfsuite"))
    texts = ["副市长钱卫东说，村民赵小平告诉记者今年收成好。", "工作组走访了韩立新同志和冯玉兰等人。"]
    for text in texts:
        tagger.set(char_features(fold(text)))
        scores = model._emissions(fold(text)).tolist()
        best = viterbi(scores, model.transitions, marks(text))
        for path in (best, [0] * len(text), [1] + [2] * (len(text) - 1)):
            labels = [model.labels[k] for k in path]
            ours = sum(scores[i][k] for i, k in enumerate(path))
            ours += sum(model.transitions[a][b] for a, b in itertools.pairwise(path))
            # log P(path) = score(path) - log Z: differences between paths must agree
            theirs = math.log(tagger.probability(labels))
            if path is best:
                offset = ours - theirs
            assert abs((ours - theirs) - offset) < 0.05, (text, labels)
        assert [model.labels[k] for k in best] == tagger.tag()


def test_half_files_train_and_score_and_a_wrong_half_is_a_usage_error(tmp_path):
    _write_corpus(tmp_path / "corpus")
    base = [sys.executable, str(ROOT / "scripts" / "train_ner.py"), "--data", str(tmp_path / "corpus")]
    base += ["--iterations", "5", "--min-freq", "1", "--min-weight", "0", "--heads", "PER"]
    halves = subprocess.run(
        [*base, "--train", "train.jsonl:even", "--eval", "train.jsonl:odd", "--out", str(tmp_path / "h.xz")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert halves.returncode == 0, halves.stderr
    # 56 lines: the even half is 28 sentences
    assert "training on 28 sentences" in halves.stdout
    assert "held-out train.jsonl:odd" in halves.stdout
    wrong = subprocess.run(
        [*base, "--train", "train.jsonl:third", "--out", str(tmp_path / "w.xz")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 2
    assert "train.jsonl:third" in wrong.stderr
    assert not (tmp_path / "w.xz").exists()


def test_two_heads_train_apart_ship_in_one_file_and_a_head_can_be_reused(tmp_path):
    """Persons in one head, organizations and places in another: one file, one feature pass, each
    head decoded on its own; ``--reuse`` takes a trained head as it is."""
    _write_corpus(tmp_path / "corpus")
    both = _train(tmp_path / "corpus", tmp_path / "both.xz", "--heads", "PER", "ORG,LOC")
    assert both.returncode == 0, both.stderr
    model = NameModel.from_bytes(lzma.decompress((tmp_path / "both.xz").read_bytes()))
    assert [h.kinds for h in model.heads] == [("PER",), ("ORG", "LOC")]
    assert model.weights.shape[1] == 3 + 5
    for kind in ("PER", "ORG", "LOC"):
        assert next(line for line in both.stdout.splitlines() if line.split()[:1] == [kind])
    text = "东方机械厂在远山县建了新车间，村民赵小平告诉记者。"
    reading = model.read(text)
    assert {text[s:e] for s, e in reading.of("ORG")} == {"东方机械厂"}
    assert {text[s:e] for s, e in reading.of("LOC")} == {"远山县"}
    assert _train(tmp_path / "corpus", tmp_path / "per.xz", "--heads", "PER").returncode == 0
    again = ["--heads", "PER", "ORG,LOC", "--reuse", str(tmp_path / "both.xz")]
    reused = _train(tmp_path / "corpus", tmp_path / "again.xz", *again)
    assert reused.returncode == 0, reused.stderr
    assert "PER: taken from" in reused.stdout and "ORG,LOC: taken from" in reused.stdout
    assert (tmp_path / "again.xz").read_bytes() == (tmp_path / "both.xz").read_bytes()
    per = NameModel.from_bytes(lzma.decompress((tmp_path / "per.xz").read_bytes()))
    assert model.head_model(model.heads[0]).to_bytes() == per.to_bytes()
