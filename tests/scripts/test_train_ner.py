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
    (folder / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "held.jsonl").write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")


def _train(data: Path, out: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "scripts" / "train_ner.py"), "--data", str(data)]
    cmd += ["--train", "train.jsonl", "--eval", "held.jsonl", "--iterations", "20", "--out", str(out)]
    cmd += ["--min-freq", "1", "--min-weight", "0"]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def test_training_is_deterministic_and_scores_held_out(tmp_path):
    _write_corpus(tmp_path / "corpus")
    first = _train(tmp_path / "corpus", tmp_path / "a.xz")
    second = _train(tmp_path / "corpus", tmp_path / "b.xz")
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
    base += ["--iterations", "5", "--min-freq", "1", "--min-weight", "0"]
    halves = subprocess.run(
        [*base, "--train", "train.jsonl:even", "--eval", "train.jsonl:odd", "--out", str(tmp_path / "h.xz")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert halves.returncode == 0, halves.stderr
    # 44 lines: the even half is 22 sentences
    assert "training on 22 sentences" in halves.stdout
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
