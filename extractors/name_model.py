"""A character CRF that proposes personal names, organizations and places (the statistical half of
the name recognizer).

Each character gets a few string features (characters and character pairs around it, its type,
surname flags, the jieba word it sits in: position, length and dictionary tag, the tags of the
words beside it and their cue classes: post, honorific, speech verb); a linear-chain CRF (CRFsuite) labels it ``B``/``I`` (a name) or ``O``;
a second head, trained apart on the same features, labels organizations and places
(``B-ORG``/``I-ORG``/``B-LOC``/``I-LOC``/``O``).
The model is trained by ``scripts/train_ner.py`` on public corpora (see docs/model-card.md) and
shipped compressed in ``resources/ner.crfsuite.xz``; nothing is downloaded.

The spans it gives are proposals: :mod:`.components.recognizer` lets the rules verify, extend or
reject them.

Examples
--------
>>> model = NameModel.load()
>>> text = "村民赵小平告诉记者"
>>> [text[s:e] for s, e in model.spans(text)]
['赵小平']
"""

from __future__ import annotations

import itertools
import json
import lzma
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, lru_cache
from importlib.resources import files
from typing import NamedTuple

import numpy as np
import rjieba
from guanxi.extractors.char_pairs import PairLookup, codepoints, pair_codes

from guanxi.han import HAN_CHAR, is_han
from guanxi.sentences import SENTENCE_MARKS

__all__ = [
    "KINDS",
    "MODEL_RESOURCE",
    "NameModel",
    "Reading",
    "char_features",
    "feature_columns",
    "fold",
    "label_spans",
    "marks",
    "pieces",
    "span_marginal",
    "typed_spans",
    "viterbi",
    "viterbi_many",
]

#: The shipped model, inside the package's resources.
MODEL_RESOURCE = "ner.crfsuite.xz"

# Full-width ASCII and the ideographic space to their ASCII forms, one character for one (offsets
# stay): the 1998 corpus prints ４月 where guanxi's normalized text has 4月.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Longest piece tagged at once: Viterbi is linear anyway; pieces keep memory flat on huge articles.
_MAX_PIECE = 2000


def fold(text: str) -> str:
    """Full-width ASCII to ASCII, keeping one character per character."""
    return text.translate(_FOLD)


@cache
def _segmenter() -> rjieba.Jieba:
    # A private instance: nobody's add_word changes the words the model was trained with.
    return rjieba.Jieba()


@cache
def _surname_flags() -> dict[str, str]:
    from guanxi.extractors.components.names import surnames

    flags: dict[str, str] = {}
    for s, common in surnames().items():
        if len(s) == 1:
            flags[s] = "C" if common else "S"
        else:
            flags.setdefault(s[0], "D")  # first character of a two-character surname (欧阳)
    return flags


@cache
def _cue_words() -> tuple[dict[str, str], re.Pattern[str]]:
    """Post words -> kind (the titles' lexicon), and the rules' honorifics and speech verbs."""
    from guanxi.extractors.components.names import _HONORIFIC
    from guanxi.extractors.components.persons import _SPEECH
    from guanxi.extractors.components.titles import post_lexicon

    words = {w: "H" for w in _HONORIFIC} | {w: "T" + kind for w, kind in post_lexicon().kinds.items()}
    return words, _SPEECH


@lru_cache(maxsize=65_536)
def _cue(word: str) -> str:
    """The class of a word next to a name: ``T<kind>`` a post (市长, 村民), ``Tx`` a word ending in
    one (党委书记), ``H`` an honorific, ``V`` a speech verb (说, 介绍), ``""`` anything else."""
    words, speech = _cue_words()
    cls = words.get(word)
    if cls is not None:
        return cls
    if speech.fullmatch(word):
        return "V"
    if any(word[-k:] in words for k in (2, 3) if len(word) > k):
        return "Tx"
    return ""


@cache
def _char_type(c: str) -> str:
    if is_han(c):
        return "H"
    if c.isdigit():
        return "D"
    if c.isalpha():
        return "L"
    if c == "·" or c == "•":
        return "M"
    return "P" if not c.isspace() else "W"


class _Context(NamedTuple):
    """What the features of a text are read from (``c``, ``bi``, ``sf``, ``ty`` padded by two)."""

    n: int
    c: list[str]  # characters; c[j + 2] is text[j]
    bi: list[str]  # character pairs; bi[j + 2] is text[j:j+2]
    s3: list[str]  # surname flags of three characters; s3[j] ends at text[j]
    t3: list[str]  # character types of three characters; t3[j + 1] is centred on text[j]
    sf: list[str]  # surname flag per padded character
    wpos: list[str]  # position in the jieba word and its length: S, B3, M3, E3
    tag: list[str]  # jieba's dictionary tag of the word
    prev_tag: list[str]
    next_tag: list[str]
    prev_cue: list[str]  # the class (:func:`_cue`) of the word before
    next_cue: list[str]


@cache
def _word_positions(m: int) -> list[str]:
    """Position features of the characters of an *m*-character word (S; B3 M3 E3; lengths over 5 as 5)."""
    if m == 1:
        return ["S"]
    length = str(min(m, 5))
    return ["B" + length, *(["M" + length] * (m - 2)), "E" + length]


def _context(text: str) -> _Context:
    n = len(text)
    wpos: list[str] = [""] * n
    tag: list[str] = [""] * n
    prev_tag: list[str] = [""] * n
    next_tag: list[str] = [""] * n
    prev_cue: list[str] = [""] * n
    next_cue: list[str] = [""] * n
    words = _segmenter().tag(text, hmm=False) if n else []
    cues = [_cue(w) for w, _ in words]
    i = 0
    last = "^"
    last_cue = ""
    for k, (w, t) in enumerate(words):
        m = len(w)
        nt, nc = (words[k + 1][1], cues[k + 1]) if k + 1 < len(words) else ("$", "")
        wpos[i : i + m] = _word_positions(m)
        tag[i : i + m] = [t] * m
        prev_tag[i : i + m] = [last] * m
        next_tag[i : i + m] = [nt] * m
        prev_cue[i : i + m] = [last_cue] * m
        next_cue[i : i + m] = [nc] * m
        last, last_cue = t, cues[k]
        i += m
    flags = _surname_flags()
    c = ["\x02", "\x02", *text, "\x03", "\x03"]
    sf = list(map(flags.get, c, "-" * len(c)))
    ty = list(map(_char_type, c))
    bi = [a + b for a, b in itertools.pairwise(c)]
    s3 = [a + b + d for a, b, d in zip(sf, sf[1:], sf[2:], strict=False)]
    t3 = [a + b + d for a, b, d in zip(ty, ty[1:], ty[2:], strict=False)]
    return _Context(n, c, bi, s3, t3, sf, wpos, tag, prev_tag, next_tag, prev_cue, next_cue)


# Feature types read at a fixed offset from one character or one character pair.
_CHAR_TYPES = (("ll", 0), ("l", 1), ("c", 2), ("r", 3), ("rr", 4))  # (type, index of c at text[0])
_PAIR_TYPES = (("llc", 0), ("lc", 1), ("cr", 2), ("crr", 3))  # (type, index of bi at text[0])
# The other types depend on a character only through its word, types and flags (NameModel._rest).
_REST_TYPES = ("t", "s", "w", "wt", "tt", "pt", "nt", "sw", "pc", "nc", "pcnc")
# The order of the types in a training item (CRFsuite numbers attributes as it first meets them).
_TYPE_ORDER = ("c", "l", "r", "ll", "rr", "lc", "cr", "llc", "crr", "lr", *_REST_TYPES)


def _lr(x: _Context) -> list[str]:
    return [a + b for a, b in zip(x.c[1 : x.n + 1], x.c[3 : x.n + 3], strict=True)]


_RestKey = tuple[str, str, str, str, str, str, str, str]


def _rest_keys(x: _Context) -> Iterator[_RestKey]:
    return zip(
        x.t3[1 : x.n + 1],
        x.s3[: x.n],
        x.wpos,
        x.tag,
        x.prev_tag,
        x.next_tag,
        x.prev_cue,
        x.next_cue,
        strict=True,
    )


def _rest_values(key: _RestKey) -> tuple[str, ...]:
    """The values of ``_REST_TYPES`` for one character's key."""
    t3, s3, wpos, tag, prev_tag, next_tag, prev_cue, next_cue = key
    head = wpos[:1]
    return (
        t3,
        s3,
        wpos,
        wpos + tag,
        prev_tag + "|" + tag + "|" + next_tag,
        prev_tag + head,
        next_tag + head,
        s3[-1] + wpos,
        prev_cue,
        next_cue,
        prev_cue + "|" + next_cue,
    )


def feature_columns(text: str) -> list[tuple[str, list[str]]]:
    """The features of every character of *text* (already :func:`fold`-ed), one column per type:
    ``(type, [value of character 0, value of character 1, ...])``.

    The word features come from the same dictionary segmentation (jieba, HMM off) at training and
    at run time, so the model never sees a segmentation it was not trained with.
    """
    x = _context(text)
    n = x.n
    cols = {name: x.c[k : k + n] for name, k in _CHAR_TYPES}
    cols |= {name: x.bi[k : k + n] for name, k in _PAIR_TYPES}
    cols["lr"] = _lr(x)
    rest = [_rest_values(key) for key in _rest_keys(x)]
    cols |= {name: [r[k] for r in rest] for k, name in enumerate(_REST_TYPES)}
    return [(name, cols[name]) for name in _TYPE_ORDER]


def char_features(text: str) -> list[list[str]]:
    """CRFsuite's item sequence for *text*: ``"type=value"`` strings per character (training)."""
    cols = [[f"{name}={v}" for v in values] for name, values in feature_columns(text)]
    return [list(item) for item in zip(*cols, strict=True)]


# -- the features as integer codes, for decoding ----------------------------------------------------
#
# The string features above are what the model is trained on. Decoding computes the same features
# as integer codes with numpy and reads each one's weight row through lookup tables built once per
# model: no feature string is made per character. The weights are added in the order of the string
# features (character types, pair types, ``lr``, then the other types summed on their own), so the
# scores are those of the strings to the last bit (tests/extractors/test_recognizer.py checks).

# The values of the character-level parts, in code order.
_TYPE_CODES = "HDLMPW"  # _char_type
_FLAG_CODES = "-CSD"  # _surname_flags, "-" for none
_HEAD_CODES = "SBME"  # the first letter of a word position
# Word positions (_word_positions): code 0 is S, then B2..B5, M2..M5, E2..E5 (M2 never occurs).
_WPOS_CODES = ("S", *(h + str(k) for h in "BME" for k in range(2, 6)))
# The code of a tag or cue class the model never saw: no feature value contains this character.
_UNKNOWN = "\x00"
# Distinct words whose codes are kept: a whole dictionary's worth.
_MAX_WORDS = 500_000


def _grid(values: dict[str, int], join: Callable[..., str], *axes: Sequence[str]) -> np.ndarray:
    """Weight rows of one feature type for every combination of its parts' codes, flat: the row of
    ``join(axes[0][a], axes[1][b])`` is at ``a * len(axes[1]) + b`` (0 when the model has none)."""
    keys = itertools.starmap(join, itertools.product(*axes))
    size = math.prod(len(axis) for axis in axes)
    return np.fromiter(map(values.get, keys, itertools.repeat(0)), dtype=np.int32, count=size)


class _WordCodes(dict[str, int]):
    """Word -> its length, tag code and cue class code packed in one integer.

    jieba's tag of a word is its dictionary tag, or a guess from its characters (``x``, ``m``,
    ``eng``): it depends on the word only, so a text's words are cut (cheaper than tagging) and
    read here; a text with a word not seen before is tagged once to learn it.
    """

    def __init__(self, tag_code: dict[str, int], cue_code: dict[str, int]) -> None:
        self.tag_code, self.cue_code = tag_code, cue_code
        self.cues = len(cue_code) + 1

    def learn(self, tagged: Iterable[tuple[str, str]]) -> None:
        if len(self) >= _MAX_WORDS:
            self.clear()
        for word, tag in tagged:
            if word not in self:
                code = self.tag_code.get(tag, 0) * self.cues + self.cue_code.get(_cue(word), 0)
                self[word] = len(word) | code << 32

    def codes(self, text: str) -> np.ndarray:
        """The packed codes of the words of *text* (jieba, HMM off), in order."""
        seg = _segmenter()
        words = seg.cut(text, hmm=False)
        try:
            return np.fromiter(map(self.__getitem__, words), dtype=np.int64, count=len(words))
        except KeyError:
            self.learn(seg.tag(text, hmm=False))
            return np.fromiter(map(self.__getitem__, words), dtype=np.int64, count=len(words))


class _FeatureTables:
    """The model's weights indexed by integer feature codes (see the note above)."""

    def __init__(self, types: dict[str, dict[str, int]], weights: np.ndarray) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)
        self.labels = self.weights.shape[1]
        empty: dict[str, int] = {}
        g = types.get
        # Characters and character pairs: one id each, read by every type of the group at its
        # offset (five and four types), each type with its own table of weights.
        for group, group_types in (("char", _CHAR_TYPES), ("pair", _PAIR_TYPES)):
            vocab = sorted({v for name, _ in group_types for v in g(name, empty)})
            index = {v: k + 1 for k, v in enumerate(vocab)}
            tables = []
            for name, _ in group_types:
                rows = np.zeros((len(vocab) + 1, self.labels), dtype=np.float32)
                for v, row in g(name, empty).items():
                    rows[index[v]] = self.weights[row]
                tables.append(rows)
            setattr(self, f"_{group}_index", index)
            setattr(self, f"_{group}_tables", tables)
        self._pairs = PairLookup(self._pair_index)
        self._lr = PairLookup(g("lr", empty))
        # Per code point: char id * 32 + type code * 4 + surname flag code; -1 until first met.
        self._chars = np.full(0x110000, -1, dtype=np.int32)
        # Tags and cue classes the model knows (code 0: any other, which no weight mentions).
        tags: set[str] = set()
        for v in g("tt", empty):
            tags.update(v.split("|"))
        tags.update(v[:-1] for name in ("pt", "nt") for v in g(name, empty))
        tags.update(v[1:] if v[:1] == "S" else v[2:] for v in g("wt", empty))
        cues: set[str] = set(g("pc", empty)) | set(g("nc", empty))
        for v in g("pcnc", empty):
            cues.update(v.split("|"))
        tag_axis, cue_axis = [_UNKNOWN, *sorted(tags)], [_UNKNOWN, *sorted(cues)]
        self._tags, self._cues = len(tag_axis), len(cue_axis)
        tag_code = {t: k for k, t in enumerate(tag_axis) if k}
        cue_code = {c: k for k, c in enumerate(cue_axis) if k}
        self._edges = (tag_code.get("^", 0), tag_code.get("$", 0), cue_code.get("", 0))
        self._words = _WordCodes(tag_code, cue_code)
        # The types of _REST_TYPES, each a flat grid over its parts' codes.
        cat2, cat3 = "{}{}".format, "{}{}{}".format
        bar2, bar3 = "{}|{}".format, "{}|{}|{}".format
        self._t = _grid(g("t", empty), cat3, _TYPE_CODES, _TYPE_CODES, _TYPE_CODES)
        self._s = _grid(g("s", empty), cat3, _FLAG_CODES, _FLAG_CODES, _FLAG_CODES)
        self._w = _grid(g("w", empty), str, _WPOS_CODES)
        self._wt = _grid(g("wt", empty), cat2, _WPOS_CODES, tag_axis)
        self._tt = _grid(g("tt", empty), bar3, tag_axis, tag_axis, tag_axis)
        self._pt = _grid(g("pt", empty), cat2, tag_axis, _HEAD_CODES)
        self._nt = _grid(g("nt", empty), cat2, tag_axis, _HEAD_CODES)
        self._sw = _grid(g("sw", empty), cat2, _FLAG_CODES, _WPOS_CODES)
        self._pc = _grid(g("pc", empty), str, cue_axis)
        self._nc = _grid(g("nc", empty), str, cue_axis)
        self._pcnc = _grid(g("pcnc", empty), bar2, cue_axis, cue_axis)

    def _char_codes(self, cps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Char ids, type codes and surname flag codes of the code points *cps*."""
        packed = self._chars.take(cps)
        if (packed < 0).any():
            flags = _surname_flags()
            for cp in np.unique(cps[packed < 0]).tolist():
                c = chr(cp)
                kind, flag = _TYPE_CODES.index(_char_type(c)), _FLAG_CODES.index(flags.get(c, "-"))
                self._chars[cp] = self._char_index.get(c, 0) * 32 + kind * 4 + flag
            packed = self._chars.take(cps)
        return packed >> 5, (packed >> 2) & 7, packed & 3

    def _word_codes(self, text: str) -> tuple[np.ndarray, ...]:
        """Per character: its position code and head code in its word, and as codes its word's tag,
        the tags of the words before and after, the cue classes of the words before and after
        (from the dictionary segmentation)."""
        packed = self._words.codes(text)
        lens = packed & 0xFFFFFFFF
        tags, cues = np.divmod(packed >> 32, self._cues)
        n = len(text)
        if int(lens.sum()) != n:
            raise ValueError("the segmentation does not cover the text")
        word = np.repeat(np.arange(len(packed)), lens)
        m = lens.take(word)
        at = np.arange(n) - (np.cumsum(lens) - lens).take(word)
        head = np.where(m == 1, 0, np.where(at == 0, 1, np.where(at == m - 1, 3, 2)))
        wpos = np.where(head == 0, 0, 1 + (head - 1) * 4 + np.minimum(m, 5) - 2)
        first, last, no_cue = self._edges
        prev_tag = np.concatenate(([first], tags[:-1])).take(word)
        next_tag = np.concatenate((tags[1:], [last])).take(word)
        prev_cue = np.concatenate(([no_cue], cues[:-1])).take(word)
        next_cue = np.concatenate((cues[1:], [no_cue])).take(word)
        return head, wpos, tags.take(word), prev_tag, next_tag, prev_cue, next_cue

    def emissions(self, text: str) -> np.ndarray:
        """``(len(text), labels)`` emission scores of *text* (already :func:`fold`-ed)."""
        n = len(text)
        scores = np.zeros((n, self.labels), dtype=np.float32)
        if not n:
            return scores
        cps = codepoints("\x02\x02" + text + "\x03\x03")
        cid, ty, sf = self._char_codes(cps)
        for (_, k), table in zip(_CHAR_TYPES, self._char_tables, strict=True):
            scores += table.take(cid[k : k + n], axis=0)
        bid = self._pairs(pair_codes(cps, 1))
        for (_, k), table in zip(_PAIR_TYPES, self._pair_tables, strict=True):
            scores += table.take(bid[k : k + n], axis=0)
        w = self.weights
        scores += w.take(self._lr(pair_codes(cps[1 : n + 3], 2)), axis=0)
        head, wpos, tag, prev_tag, next_tag, prev_cue, next_cue = self._word_codes(text)
        flag = sf[2 : n + 2]
        ny, nf, nw, nh = len(_TYPE_CODES), len(_FLAG_CODES), len(_WPOS_CODES), len(_HEAD_CODES)
        nt, nc = self._tags, self._cues
        rest = np.zeros((n, self.labels), dtype=np.float32)
        for grid, at in (  # in the order of _REST_TYPES
            (self._t, (ty[1 : n + 1] * ny + ty[2 : n + 2]) * ny + ty[3 : n + 3]),
            (self._s, (sf[:n] * nf + sf[1 : n + 1]) * nf + flag),
            (self._w, wpos),
            (self._wt, wpos * nt + tag),
            (self._tt, (prev_tag * nt + tag) * nt + next_tag),
            (self._pt, prev_tag * nh + head),
            (self._nt, next_tag * nh + head),
            (self._sw, flag * nw + wpos),
            (self._pc, prev_cue),
            (self._nc, next_cue),
            (self._pcnc, prev_cue * nc + next_cue),
        ):
            rest += w.take(grid.take(at), axis=0)
        scores += rest
        return scores


def pieces(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` pieces of *text*: whole sentences joined up to ``_MAX_PIECE`` characters (fewer
    calls), cut after a sentence end, or every ``_MAX_PIECE`` characters in a text without one."""
    start = 0
    n = len(text)
    while n - start > _MAX_PIECE:
        limit = start + _MAX_PIECE
        cut = max(text.rfind(ch, start, limit) for ch in SENTENCE_MARKS + "\n") + 1
        end = cut if cut > start else limit
        yield start, end
        start = end
    if start < n:
        yield start, n


def label_spans(labels: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of every ``B I*`` run (an ``I`` without a ``B`` opens a span too)."""
    out: list[tuple[int, int]] = []
    start = -1
    for i, lab in enumerate(labels):
        if lab == "B" or (lab == "I" and start < 0):
            if start >= 0:
                out.append((start, i))
            start = i
        elif lab == "O" and start >= 0:
            out.append((start, i))
            start = -1
    if start >= 0:
        out.append((start, len(labels)))
    return out


def typed_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every ``B-KIND I-KIND*`` run (an ``I-KIND`` after anything but its
    own kind opens a span too); a bare ``B``/``I`` is kind ``PER``.

    >>> typed_spans(["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "I-ORG"])
    [(0, 2, 'PER'), (3, 5, 'LOC'), (5, 6, 'ORG')]
    """
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, lab in enumerate(labels):
        head, _, k = lab.partition("-")
        k = k or "PER"
        if head == "B" or (head == "I" and (start < 0 or k != kind)):
            if start >= 0:
                out.append((start, i, kind))
            start, kind = i, k
        elif head == "O" and start >= 0:
            out.append((start, i, kind))
            start = -1
    if start >= 0:
        out.append((start, len(labels), kind))
    return out


#: The kinds a model may read, in the order of their label columns.
KINDS = ("PER", "ORG", "LOC")


def _label_order(labels: Iterable[str]) -> tuple[str, ...]:
    """``O`` first, then ``B-KIND``/``I-KIND`` pairs in :data:`KINDS` order (a person-only model of
    bare ``B``/``I`` keeps ``O B I``)."""
    present = set(labels)
    if present <= {"O", "B", "I"}:
        return ("O", "B", "I")
    kinds = [k for k in KINDS if f"B-{k}" in present or f"I-{k}" in present]
    kinds += sorted({lab[2:] for lab in present if lab[:2] in ("B-", "I-")} - set(kinds))
    return ("O", *(f"{h}-{k}" for k in kinds for h in "BI"))


class Reading(NamedTuple):
    """What the model reads in a text: its spans of every kind and the model's probability of a
    span (its marginal, :func:`span_marginal`), computed only when asked (a forward-backward pass)."""

    spans: list[tuple[int, int, str]]
    confidence: Callable[[int, int, str], float]

    def of(self, kind: str) -> list[tuple[int, int]]:
        """``(start, end)`` of the spans of *kind*."""
        return [(s, e) for s, e, k in self.spans if k == kind]


class Head(NamedTuple):
    """One label set of a model, decoded on its own: its labels, transitions ``[from][to]`` and the
    first column of its emission scores in the weight table."""

    labels: tuple[str, ...]
    transitions: np.ndarray
    column: int

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of the head's labels, in order (a bare ``B``/``I`` is ``PER``)."""
        return tuple(dict.fromkeys(lab.partition("-")[2] or "PER" for lab in self.labels[1:]))

    def spans(self, path: Sequence[int]) -> list[tuple[int, int, str]]:
        """:func:`typed_spans` of a label path given as indices into :attr:`labels`, looking only
        at its labels other than ``O`` (a few per hundred characters)."""
        inside = np.flatnonzero(np.asarray(path))
        if not len(inside):
            return []
        # each run of consecutive non-O positions, with an O before and after it
        breaks = np.flatnonzero(np.diff(inside) > 1) + 1
        out: list[tuple[int, int, str]] = []
        for run in np.split(inside, breaks):
            start = int(run[0])
            out.extend((start + a, start + b, k) for a, b, k in typed_spans([self.labels[path[i]] for i in run]))
        return out

    def kind_columns(self, kind: str) -> tuple[int, int] | None:
        """The columns (within the head) of ``B`` and ``I`` of *kind*, or None."""
        if self.labels == ("O", "B", "I"):
            return (1, 2) if kind == "PER" else None
        if f"B-{kind}" not in self.labels:
            return None
        return self.labels.index(f"B-{kind}"), self.labels.index(f"I-{kind}")


class NameModel:
    """The trained CRF as a weight table: per feature type, value -> row of ``weights``.

    Stored (``to_bytes``) as a JSON header, the feature values and float16 weights, xz-compressed
    by the caller; decoding is our own Viterbi over the model's labels (``O`` and ``B-``/``I-`` of
    each kind it reads: persons, organizations, places), so no CRFsuite is needed at run time and
    the model stays small. A model may hold several label sets (heads: CRFs trained apart on the
    same features, 人名 in one, organizations and places in another): their weights sit side by side
    in one table, so the features of a text are computed and looked up once for all, and each
    head's Viterbi runs on its own columns.
    """

    def __init__(
        self,
        types: dict[str, dict[str, int]],
        weights: np.ndarray,
        transitions: np.ndarray,
        labels: Sequence[str] = ("O", "B", "I"),
        more_heads: Sequence[tuple[Sequence[str], np.ndarray]] = (),
    ) -> None:
        self.types = types
        heads = []
        column = 0
        for labs, trans in [(labels, transitions), *more_heads]:
            labs = tuple(labs)
            t = np.asarray(trans, dtype=np.float64).reshape(len(labs), len(labs))
            heads.append(Head(labs, t, column))
            column += len(labs)
        self.heads = tuple(heads)
        self.width = column
        # (rows + 1, width); row 0 is all zeros (a value the model never saw)
        self.weights = weights
        self.labels = self.heads[0].labels
        self.transitions = [[float(x) for x in row] for row in self.heads[0].transitions]  # [from][to]
        self._tables()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds the model reads (``PER``, ``ORG``, ``LOC``), in label order."""
        return tuple(dict.fromkeys(k for h in self.heads for k in h.kinds))

    def head_model(self, head: Head) -> NameModel:
        """The model of one of its heads alone (the feature values it gives no weight dropped)."""
        columns = self.weights[:, head.column : head.column + len(head.labels)]
        types: dict[str, dict[str, int]] = {}
        rows = [0]
        for name in sorted(self.types):
            for v, row in sorted(self.types[name].items()):
                if np.any(columns[row]):
                    types.setdefault(name, {})[v] = len(rows)
                    rows.append(row)
        return NameModel(types, columns[rows], head.transitions, head.labels)

    def _head(self, kind: str) -> tuple[Head, tuple[int, int]]:
        """The first head that reads *kind* and the columns of its ``B`` and ``I`` there."""
        for head in self.heads:
            cols = head.kind_columns(kind)
            if cols is not None:
                return head, cols
        raise KeyError(kind)

    @classmethod
    def combine(cls, first: NameModel, *others: NameModel) -> NameModel:
        """One model holding the heads of *first* and *others* (trained on the same features), their
        weights side by side; a kind read by two heads is read from the first."""
        models = (first, *others)
        types: dict[str, dict[str, int]] = {}
        rows = 1
        for name in sorted({name for m in models for name in m.types}):
            values = sorted({v for m in models for v in m.types.get(name, {})})
            types[name] = {v: rows + k for k, v in enumerate(values)}
            rows += len(values)
        weights = np.zeros((rows, sum(m.width for m in models)), dtype=np.float32)
        column = 0
        for m in models:
            for name, values in m.types.items():
                for v, row in values.items():
                    weights[types[name][v], column : column + m.width] = m.weights[row]
            column += m.width
        heads = [(h.labels, h.transitions) for m in models for h in m.heads]
        (labels, trans), more = heads[0], heads[1:]
        return cls(types, weights.astype(np.float16), trans, labels, more)

    @classmethod
    def from_crfsuite(cls, data: bytes, *, min_weight: float = 0.0) -> NameModel:
        """Read a CRFsuite model; state features whose weights are all below *min_weight* go."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(data)  # read in place: `data` outlives this function's use of it
        info = tagger.info()
        labels = _label_order(tagger.labels())
        index = {lab: k for k, lab in enumerate(labels)}
        width = len(labels)
        table: dict[str, list[float]] = {}
        for (attr, lab), w in info.state_features.items():
            table.setdefault(attr, [0.0] * width)[index[lab]] = w
        types: dict[str, dict[str, int]] = {}
        rows: list[list[float]] = [[0.0] * width]
        for attr in sorted(table):
            w = table[attr]
            if max(abs(x) for x in w) <= min_weight:
                continue
            name, _, value = attr.partition("=")
            types.setdefault(name, {})[value] = len(rows)
            rows.append(w)
        trans = np.zeros((width, width), dtype=np.float32)
        for (a, b), w in info.transitions.items():
            trans[index[a], index[b]] = w
        tagger.close()
        return cls(types, np.asarray(rows, dtype=np.float16), trans, labels)

    def to_bytes(self) -> bytes:
        """Header (JSON: labels, types, counts, transitions), NUL, values joined by 0x1F, NUL, float16 rows."""
        names = sorted(self.types)
        values: list[str] = []
        counts = []
        for name in names:
            vals = sorted(self.types[name], key=self.types[name].__getitem__)
            values.extend(vals)
            counts.append(len(vals))
        order = [
            self.types[name][v]
            for name in names
            for v in sorted(self.types[name], key=self.types[name].__getitem__)
        ]
        weights = np.asarray(self.weights, dtype="<f2")[[0, *order]]
        header: dict[str, object] = {
            "labels": list(self.labels),
            "types": names,
            "counts": counts,
            "transitions": self.transitions,
        }
        if len(self.heads) > 1:
            header["more_heads"] = [
                {"labels": list(h.labels), "transitions": h.transitions.tolist()} for h in self.heads[1:]
            ]
        return b"\0".join(
            [json.dumps(header, ensure_ascii=False).encode(), "\x1f".join(values).encode(), weights.tobytes()]
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> NameModel:
        head, _, rest = data.partition(b"\0")
        header = json.loads(head)
        labels = tuple(header.get("labels") or ("O", "B", "I"))
        more = [(h["labels"], np.asarray(h["transitions"])) for h in header.get("more_heads", [])]
        width = len(labels) + sum(len(h) for h, _ in more)
        values_raw, _, weights_raw = rest.partition(b"\0")
        values = values_raw.decode().split("\x1f") if values_raw else []
        types: dict[str, dict[str, int]] = {}
        row = 1
        for name, count in zip(header["types"], header["counts"], strict=True):
            types[name] = {v: row + k for k, v in enumerate(values[row - 1 : row - 1 + count])}
            row += count
        weights = np.frombuffer(weights_raw, dtype="<f2").reshape(-1, width).astype(np.float32)
        return cls(types, weights, np.asarray(header["transitions"], dtype=np.float32), labels, more)

    @classmethod
    @cache
    def load(cls) -> NameModel:
        """The model shipped in the package (read and decompressed once per process)."""
        raw = files("guanxi.extractors").joinpath("resources", MODEL_RESOURCE).read_bytes()
        return cls.from_bytes(lzma.decompress(raw))

    def tag(self, text: str) -> list[str]:
        """One label per character of *text* (one piece; see :meth:`read` for whole texts), of the
        first head."""
        if not text:
            return []
        head = self.heads[0]
        scores = self._emissions(fold(text))[:, : len(head.labels)]
        return [head.labels[k] for k in viterbi(scores, head.transitions, marks(text))]

    def _tables(self) -> None:
        """Index the weight table by feature ids (:class:`_FeatureTables`) for decoding."""
        self._features = _FeatureTables(self.types, self.weights)

    def _emissions(self, text: str) -> np.ndarray:
        """``(len(text), width)`` emission scores (every head's labels): the sum of the weights of
        every feature."""
        return self._features.emissions(text)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` character offsets of the names (persons) the model reads in *text*."""
        return self.read(text).of("PER")

    def scored_spans(self, text: str) -> list[tuple[int, int, float]]:
        """``(start, end, p)`` of the names the model reads in *text*, *p* the model's probability
        that exactly this span is a name (its marginal, :func:`span_marginal`)."""
        reading = self.read(text)
        return [(s, e, reading.confidence(s, e, "PER")) for s, e in reading.of("PER")]

    def proposals(self, text: str) -> tuple[list[tuple[int, int]], Callable[[int, int], float]]:
        """The names (persons) the model reads in *text* and a function giving the model's
        probability of a span of them (see :meth:`read`)."""
        reading = self.read(text)
        return reading.of("PER"), lambda s, e: reading.confidence(s, e, "PER")

    def read(self, text: str) -> Reading:
        """Every span the model reads in *text* (persons, organizations, places) and a function
        giving the model's probability of a span of a kind, computed only when asked: the rules
        ask only about the few spans their checks doubt, and a marginal costs a forward-backward
        pass."""
        out: list[tuple[int, int, str]] = []
        starts: list[int] = []
        scored: list[np.ndarray] = []
        for s, e in pieces(text):
            piece = text[s:e]
            if not _has_han(piece):
                continue
            scores = self._emissions(fold(piece))
            cuts = marks(piece)
            seen: set[str] = set()
            problems = [(scores[:, h.column : h.column + len(h.labels)], h.transitions) for h in self.heads]
            for head, best in zip(self.heads, _viterbi_rows(problems, cuts), strict=True):
                out.extend((s + a, s + b, kind) for a, b, kind in head.spans(best) if kind not in seen)
                seen.update(head.kinds)
            starts.append(s)
            scored.append(scores)
        out.sort()

        def confidence(start: int, end: int, kind: str = "PER") -> float:
            k = bisect_right(starts, start) - 1
            head, cols = self._head(kind)
            scores = scored[k][:, head.column : head.column + len(head.labels)]
            return span_marginal(scores, head.transitions, start - starts[k], end - starts[k], cols)

        return Reading(out, confidence)


# Decoding cuts a text after these marks into parts decoded side by side (one numpy step per
# character of the longest part, not per character of the text), each mark labelled O: the best
# path of a CRF trained on news puts O on them anyway, so the cut does not change it.
_MARK = re.compile(r"[。！？；，、：,;:!?]")
# Longest part: a run without marks is cut every so many characters.
_MAX_PART = 200
# Numbers compared at once when the back pointers are read (a few steps of the running parts).
_BACK_CHUNK = 1 << 14


def marks(text: str) -> list[int]:
    """Offsets just after each mark in *text* where :func:`viterbi` may cut.

    >>> marks("村民说，好。")
    [4, 6]
    """
    return [m.end() for m in _MARK.finditer(text)]


def _parts(n: int, cuts: Sequence[int]) -> list[tuple[int, int, bool]]:
    """``(start, end, after_mark)`` parts of ``0:n``: cut at *cuts* and every ``_MAX_PART``."""
    out: list[tuple[int, int, bool]] = []
    start, after = 0, False
    for end in [*(c for c in cuts if 0 < c < n), n]:
        while end - start > _MAX_PART:
            out.append((start, start + _MAX_PART, after))
            start, after = start + _MAX_PART, False
        if end > start:
            out.append((start, end, after))
            start, after = end, True
    return out


def viterbi(
    scores: np.ndarray | Sequence[Sequence[float]],
    trans: np.ndarray | Sequence[Sequence[float]],
    cuts: Sequence[int] = (),
) -> list[int]:
    """Best label path (indices) for emission *scores* ``(n, labels)`` and transitions
    ``trans[from][to]``, with label 0 (``O``) on the position before each of *cuts* (the marks of
    :func:`marks`). The parts between cuts then decode independently, all advancing together:
    one numpy step per position of the longest part (:func:`viterbi_many`).

    >>> viterbi([[0.0, 1.0], [1.0, 0.0]], [[0.0, 0.0], [0.0, 5.0]])
    [1, 1]
    """
    return viterbi_many([(scores, trans)], cuts)[0]


def viterbi_many(
    problems: Sequence[tuple[np.ndarray | Sequence[Sequence[float]], np.ndarray | Sequence[Sequence[float]]]],
    cuts: Sequence[int] = (),
) -> list[list[int]]:
    """:func:`viterbi` of several ``(scores, trans)`` over the same positions (the heads of a
    model), decoded side by side: the label sets are padded to the widest with impossible labels,
    so every part of every head advances in the same numpy steps."""
    return _viterbi_rows(problems, cuts).tolist()


def _viterbi_rows(
    problems: Sequence[tuple[np.ndarray | Sequence[Sequence[float]], np.ndarray | Sequence[Sequence[float]]]],
    cuts: Sequence[int] = (),
) -> np.ndarray:
    """:func:`viterbi_many` as a ``(heads, n)`` array of label indices."""
    ems = [np.asarray(sc, dtype=np.float64) for sc, _ in problems]
    heads, n = len(ems), len(ems[0])
    if n == 0:
        return np.zeros((heads, 0), dtype=np.intp)
    width = max(em.shape[1] for em in ems)
    parts = _parts(n, cuts)
    count = len(parts)
    starts = np.array([s for s, _, _ in parts])
    lens = np.array([e - s for s, e, _ in parts])
    after = np.array([a for _, _, a in parts])
    on_mark = np.zeros(count, dtype=bool)
    on_mark[:-1] = after[1:]  # a part followed by one after a mark ends on that mark
    # The parts longest first (at step t the parts still running are the first columns), the heads
    # of a part side by side: part of rank r, head h is column r * heads + h. Every head is padded
    # to the widest label set with impossible (-inf) labels.
    order = np.argsort(-lens, kind="stable")
    lens, starts, after, on_mark = lens[order], starts[order], after[order], on_mark[order]
    steps = int(lens[0])
    batch = heads * count
    trans = np.full((heads, width, width), -np.inf)
    for h, (em_h, (_, tr)) in enumerate(zip(ems, problems, strict=True)):
        trans[h, : em_h.shape[1], : em_h.shape[1]] = np.asarray(tr, dtype=np.float64)
    t_ = np.tile(trans.transpose(1, 2, 0), count)  # (from, to, column)
    # (step, label, column) by index arithmetic: rank r's step t is the text's start_r + t (past a
    # part's end: any position, never read)
    at = np.minimum(starts + np.arange(steps)[:, None], n - 1)
    em = np.full((steps, width, count, heads), -np.inf)
    for h, em_h in enumerate(ems):
        em[:, : em_h.shape[1], :, h] = em_h[at].transpose(0, 2, 1)
    em = em.reshape(steps, width, batch)
    heads_of = np.arange(heads)

    def columns(ranks: np.ndarray) -> np.ndarray:
        return (ranks[:, None] * heads + heads_of).ravel()

    first = columns(np.flatnonzero(after))
    em[0][:, first] += t_[0][:, first]  # the mark before is O
    ending = np.flatnonzero(on_mark)
    em[np.repeat(lens[ending] - 1, heads), 1:, columns(ending)] = -np.inf  # the mark ending a part is O
    # Forward: labels first, the columns last, so that each step is three numpy calls on rows of
    # `batch` numbers (the best previous label is an elementwise maximum of rows).
    alphas = np.empty((steps, width, batch))
    alphas[0] = em[0]
    cand = np.empty((width, width, batch))
    add, maximum = np.add, np.maximum.reduce
    rows = list(alphas)
    for prev, alpha, e in zip([a[:, None, :] for a in rows], rows[1:], list(em)[1:], strict=False):
        add(prev, t_, out=cand)  # (from, to, column)
        maximum(cand, axis=0, out=alpha)
        add(alpha, e, out=alpha)
    # Back pointers (the first best label before each label) of the positions inside the parts,
    # a few steps at a time over the columns still running: the same sums, each label before
    # taking over only where it is strictly better than those before it.
    back = np.zeros((steps, width, batch), dtype=np.intp)
    t0 = 1
    while t0 < steps:
        k = heads * int(np.count_nonzero(lens > t0))
        t1 = min(steps, t0 + max(1, _BACK_CHUNK // (width * width * k)))
        a = alphas[t0 - 1 : t1 - 1, :, None, :k]  # (step, from, 1, column)
        best = a[:, 0] + t_[0, :, :k]  # (step, to, column)
        b = back[t0:t1, :, :k]
        for f in range(1, width):
            c = a[:, f] + t_[f, :, :k]
            np.copyto(b, f, where=c > best)
            np.maximum(best, c, out=best)
        t0 = t1
    # A part ending on a mark ends in O, and the back pointers just past its end all lead to O
    # (the only label left there). Any other part ends in its best last label: the step after its
    # end points there from every label. So every path is followed back from the last step.
    own = np.flatnonzero(~on_mark & (lens < steps))
    if len(own):
        own_cols, own_lens = columns(own), np.repeat(lens[own], heads)
        back[own_lens, :, own_cols] = alphas[own_lens - 1, :, own_cols].argmax(axis=1)[:, None]
    column = np.arange(batch)
    back *= batch
    back += column  # flat indices into the (label, column) numbers of the step before
    flat = list(back.reshape(steps, width * batch))
    cur = alphas[-1].argmax(axis=0) * batch + column
    path = [cur]
    for t in range(steps - 1, 0, -1):
        cur = flat[t].take(cur)
        path.append(cur)
    labels = np.array(path[::-1]).ravel() // batch  # (step, column), flat
    # each head's parts, in text order, each to its length: the whole text
    rank = np.empty(count, dtype=np.intp)
    rank[order] = np.arange(count)
    part = np.repeat(np.arange(count), lens[rank])
    start_of = starts[rank]
    where = (np.arange(n) - start_of[part]) * batch + rank[part] * heads
    return labels.take(where + heads_of[:, None])


# Characters either side of a span read by :func:`span_marginal`: a linear-chain CRF's labels
# depend on far context only through the labels between, so a window gives the marginal to
# within rounding and keeps the cost per proposal, not per character.
_MARGIN_WINDOW = 24


def _lse(x: np.ndarray, axis: int | None = None) -> np.ndarray:
    # the reductions np.max and np.sum call, without their Python wrappers (called per position)
    m = np.maximum.reduce(x, axis=axis, keepdims=True)
    out = m + np.log(np.add.reduce(np.exp(x - m), axis=axis, keepdims=True))
    return out.squeeze() if axis is None else out.squeeze(axis)


def span_marginal(
    scores: np.ndarray | Sequence[Sequence[float]],
    trans: np.ndarray | Sequence[Sequence[float]],
    start: int,
    end: int,
    kind: tuple[int, int] = (1, 2),
) -> float:
    """The probability that the labels of ``start:end`` are ``B I…I`` of one kind (the label
    columns *kind*, ``(B, I)``) and the next one is not its ``I`` (the span is one whole mention),
    by forward-backward over a window around it.

    >>> scores = [[0.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 5.0], [5.0, 0.0, 0.0]]
    >>> trans = [[0.0, 0.0, -9.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    >>> round(span_marginal(scores, trans, 1, 3), 2)
    0.98
    """
    b_lab, i_lab = kind
    t_ = np.asarray(trans, dtype=np.float64)
    lo, hi = max(0, start - _MARGIN_WINDOW), min(len(scores), end + _MARGIN_WINDOW)
    em = np.asarray(scores[lo:hi], dtype=np.float64)
    s, e = start - lo, end - lo
    n = len(em)
    alpha = np.empty_like(em)
    alpha[0] = em[0]
    for k in range(1, n):
        alpha[k] = _lse(alpha[k - 1][:, None] + t_, axis=0) + em[k]
    beta = np.zeros_like(em)
    for k in range(n - 2, -1, -1):
        beta[k] = _lse(t_ + (em[k + 1] + beta[k + 1])[None, :], axis=1)
    log_z = float(_lse(alpha[-1]))
    # B at s, I through e - 1 (forward along the fixed path), then anything but that I at e.
    x = float(alpha[s][b_lab])
    last = b_lab
    for k in range(s + 1, e):
        x += float(t_[last][i_lab] + em[k][i_lab])
        last = i_lab
    if e < n:
        others = [c for c in range(em.shape[1]) if c != i_lab]
        x += float(_lse(t_[last][others] + em[e][others] + beta[e][others]))
    return math.exp(x - log_z)


def _has_han(s: str) -> bool:
    return HAN_CHAR.search(s) is not None
