"""scripts/pku_compounds.py: compound organizations read from part-of-speech tags, and
scripts/train_ner.py's ``--pku-tagged`` that joins them to the corpus's labels."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str):
    sys.path.insert(0, str(ROOT / "scripts"))  # train_ner imports pku_compounds beside it
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "scripts"))


pc = _script("pku_compounds")

# Invented tagged paragraphs (no corpus text), PKU's word/tag format.
_TAGGED = [
    "东湖/ns  科技/n  发展/vn  委员会/n  今天/t  成立/v  。/w  青禾/ns  大学/n  学生/n  来/v  了/u  。/w",
    "科技/n  委员会/n  和/c  东湖/ns  政府/n  和/c  东湖/ns  居民/n  见面/v  。/w",
    "中央/n  农业/n  广播/vn  电台/n  记者/n  在/p  南山/ns  报道/v  。/w  禾丰/nz  种业/n  公司/n  开业/v  。/w",
    "远山县/ns  农机/n  公司/n  的/u  记者/n  到/v  西岭/ns  采访/v  。/w",
]


def _spans(line: str) -> list[str]:
    tokens = next(pc.read_tagged_lines([line]))
    text = "".join(w for w, _ in tokens)
    return [text[s:e] for s, e in pc.compound_spans(tokens)]


def test_a_run_from_a_place_or_level_word_to_a_head_is_one_organization():
    assert _spans(_TAGGED[0]) == ["东湖科技发展委员会", "青禾大学"]
    assert _spans(_TAGGED[2]) == ["中央农业广播电台", "禾丰种业公司"]


def test_no_opener_no_head_or_a_government_gives_nothing():
    # 科技委员会 has no place or level word; the People's Daily annotation reads 东湖政府 as a place
    # and 政府; 东湖居民 has no head
    assert _spans(_TAGGED[1]) == []


def test_sentences_get_their_compounds_in_their_own_offsets(tmp_path):
    tagged = tmp_path / "tagged.txt"
    tagged.write_text("\n".join(_TAGGED) + "\n", encoding="utf-8")
    # the corpus's sentences: pieces of the paragraphs, one paragraph left out, one sentence unknown
    sentences = ["东湖科技发展委员会今天成立。", "青禾大学学生来了。", "远山县农机公司的记者到西岭采访。", "别处的话。"]
    spans, missing = pc.sentence_spans(tagged, sentences)
    assert [[text[s:e] for s, e in found] for text, found in zip(sentences, spans, strict=True)] == [
        ["东湖科技发展委员会"],
        ["青禾大学"],
        ["远山县农机公司"],
        [],
    ]
    assert missing == 1


def test_compounds_win_over_the_places_inside_them(tmp_path):
    train_ner = _script("train_ner")
    text = "远山县农机公司的记者到西岭采访。"
    ents = [{"label": "LOC", "start": 0, "end": 3}, {"label": "LOC", "start": 11, "end": 13}]
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": text, "entities": ents}, ensure_ascii=False) + "\n")
    read = list(train_ner.read_kinds(tmp_path / "c.jsonl", ("ORG", "LOC"), compounds=[[(0, 7)]]))
    assert read == [(text, [(0, 7, "ORG"), (11, 13, "LOC")])]
    # a persons-only head reads the corpus as it is
    assert list(train_ner.read_kinds(tmp_path / "c.jsonl", ("LOC",), compounds=[[(0, 7)]])) == [
        (text, [(0, 3, "LOC"), (11, 13, "LOC")])
    ]


def test_pku_tagged_option_counts_the_compounds_and_a_missing_file_is_a_usage_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    tagged = tmp_path / "tagged.txt"
    tagged.write_text("\n".join(_TAGGED) + "\n", encoding="utf-8")
    texts = ["东湖科技发展委员会今天成立。", "中央农业广播电台记者在南山报道。", "远山县农机公司的记者到西岭采访。"]
    lines = [json.dumps({"text": t, "entities": []}, ensure_ascii=False) for t in texts]
    (corpus / "pku1998_01.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = [sys.executable, str(ROOT / "scripts" / "train_ner.py"), "--data", str(corpus), "--heads", "ORG,LOC"]
    base += ["--train", "pku1998_01.jsonl", "--eval", "pku1998_01.jsonl", "--iterations", "5"]
    base += ["--min-freq", "1", "--min-weight", "0", "--out", str(tmp_path / "m.xz")]
    run = subprocess.run([*base, "--pku-tagged", str(tagged)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "3 compound organizations" in run.stdout and "0 sentences not found" in run.stdout
    bad = subprocess.run(
        [*base, "--pku-tagged", str(tmp_path / "none.txt")], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2 and "none.txt" in bad.stderr
