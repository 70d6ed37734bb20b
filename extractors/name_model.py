"""A character CRF that proposes personal names (the statistical half of the name recognizer).

Each character gets a few string features (characters and character pairs around it, its type,
surname flags, the jieba word it sits in: position, length and dictionary tag, the tags of the
words beside it and their cue classes: post, honorific, speech verb); a linear-chain CRF (CRFsuite) labels it ``B``/``I`` (a name) or ``O``.
The model is trained by ``scripts/train_ner.py`` on public corpora (see docs/model-card.md) and
shipped compressed in ``resources/ner_person.crfsuite.xz``; nothing is downloaded.

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

from guanxi.han import HAN_CHAR, is_han
from guanxi.sentences import SENTENCE_MARKS

__all__ = [
    "MODEL_RESOURCE",
    "NameModel",
    "char_features",
    "feature_columns",
    "fold",
    "label_spans",
    "pieces",
    "span_marginal",
]

#: The shipped model, inside the package's resources.
MODEL_RESOURCE = "ner_person.crfsuite.xz"

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


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def _pair_codes(codepoints: np.ndarray, gap: int) -> np.ndarray:
    """One integer per pair of characters *gap* apart (``codepoints[j]``, ``codepoints[j + gap]``)."""
    return (codepoints[:-gap] << 21) | codepoints[gap:]


class _PairLookup:
    """Character pairs (two-character feature values) -> ids, looked up for whole arrays at once."""

    def __init__(self, index: dict[str, int]) -> None:
        pairs = sorted(((ord(v[0]) << 21) | ord(v[1]), k) for v, k in index.items() if len(v) == 2)
        # ends with a code no pair has, where a search past the last pair lands
        self.codes = np.array([c for c, _ in pairs] + [-1], dtype=np.int64)
        self.ids = np.array([k for _, k in pairs] + [0], dtype=np.int32)

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self.codes[:-1], codes)
        return np.where(self.codes.take(at) == codes, self.ids.take(at), 0)


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
        self._pairs = _PairLookup(self._pair_index)
        self._lr = _PairLookup(g("lr", empty))
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
        cps = _codepoints("\x02\x02" + text + "\x03\x03")
        cid, ty, sf = self._char_codes(cps)
        for (_, k), table in zip(_CHAR_TYPES, self._char_tables, strict=True):
            scores += table.take(cid[k : k + n], axis=0)
        bid = self._pairs(_pair_codes(cps, 1))
        for (_, k), table in zip(_PAIR_TYPES, self._pair_tables, strict=True):
            scores += table.take(bid[k : k + n], axis=0)
        w = self.weights
        scores += w.take(self._lr(_pair_codes(cps[1 : n + 3], 2)), axis=0)
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


class NameModel:
    """The trained CRF as a weight table: per feature type, value -> row of ``weights``.

    Stored (``to_bytes``) as a JSON header, the feature values and float16 weights, xz-compressed
    by the caller; decoding is our own Viterbi over three labels (``O``, ``B``, ``I``), so no
    CRFsuite is needed at run time and the model stays small.
    """

    LABELS = ("O", "B", "I")

    def __init__(
        self, types: dict[str, dict[str, int]], weights: np.ndarray, transitions: np.ndarray
    ) -> None:
        self.types = types
        self.weights = weights  # (rows + 1, 3); row 0 is all zeros (a value the model never saw)
        self.transitions = [[float(x) for x in row] for row in transitions]  # [from][to]
        self._tables()

    @classmethod
    def from_crfsuite(cls, data: bytes, *, min_weight: float = 0.0) -> NameModel:
        """Read a CRFsuite model; state features whose weights are all below *min_weight* go."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(data)  # read in place: `data` outlives this function's use of it
        info = tagger.info()
        index = {lab: k for k, lab in enumerate(cls.LABELS)}
        table: dict[str, list[float]] = {}
        for (attr, lab), w in info.state_features.items():
            table.setdefault(attr, [0.0, 0.0, 0.0])[index[lab]] = w
        types: dict[str, dict[str, int]] = {}
        rows: list[list[float]] = [[0.0, 0.0, 0.0]]
        for attr in sorted(table):
            w = table[attr]
            if max(abs(x) for x in w) <= min_weight:
                continue
            name, _, value = attr.partition("=")
            types.setdefault(name, {})[value] = len(rows)
            rows.append(w)
        trans = np.zeros((3, 3), dtype=np.float32)
        for (a, b), w in info.transitions.items():
            trans[index[a], index[b]] = w
        tagger.close()
        return cls(types, np.asarray(rows, dtype=np.float16), trans)

    def to_bytes(self) -> bytes:
        """Header (JSON: types, counts, transitions), NUL, values joined by 0x1F, NUL, float16 rows."""
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
        header = {
            "labels": list(self.LABELS),
            "types": names,
            "counts": counts,
            "transitions": self.transitions,
        }
        return b"\0".join(
            [json.dumps(header, ensure_ascii=False).encode(), "\x1f".join(values).encode(), weights.tobytes()]
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> NameModel:
        head, _, rest = data.partition(b"\0")
        header = json.loads(head)
        values_raw, _, weights_raw = rest.partition(b"\0")
        values = values_raw.decode().split("\x1f") if values_raw else []
        types: dict[str, dict[str, int]] = {}
        row = 1
        for name, count in zip(header["types"], header["counts"], strict=True):
            types[name] = {v: row + k for k, v in enumerate(values[row - 1 : row - 1 + count])}
            row += count
        weights = np.frombuffer(weights_raw, dtype="<f2").reshape(-1, 3).astype(np.float32)
        return cls(types, weights, np.asarray(header["transitions"], dtype=np.float32))

    @classmethod
    @cache
    def load(cls) -> NameModel:
        """The model shipped in the package (read and decompressed once per process)."""
        raw = files("guanxi.extractors").joinpath("resources", MODEL_RESOURCE).read_bytes()
        return cls.from_bytes(lzma.decompress(raw))

    def tag(self, text: str) -> list[str]:
        """One label per character of *text* (one piece; see :meth:`spans` for whole texts)."""
        if not text:
            return []
        return [self.LABELS[k] for k in _viterbi(self._emissions(fold(text)).tolist(), self.transitions)]

    def _tables(self) -> None:
        """Index the weight table by feature ids (:class:`_FeatureTables`) for decoding."""
        self._features = _FeatureTables(self.types, self.weights)

    def _emissions(self, text: str) -> np.ndarray:
        """``(len(text), labels)`` emission scores: the sum of the weights of every feature."""
        return self._features.emissions(text)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` character offsets of the names the model reads in *text*."""
        return [(s, e) for s, e, _ in self.scored_spans(text)]

    def scored_spans(self, text: str) -> list[tuple[int, int, float]]:
        """``(start, end, p)`` of the names the model reads in *text*, *p* the model's probability
        that exactly this span is a name (its marginal, :func:`span_marginal`)."""
        spans, confidence = self.proposals(text)
        return [(s, e, confidence(s, e)) for s, e in spans]

    def proposals(self, text: str) -> tuple[list[tuple[int, int]], Callable[[int, int], float]]:
        """The names the model reads in *text* and a function giving the model's probability of a
        span of them (:func:`span_marginal`), computed only when asked: the rules ask only about the
        few names their lexical checks doubt, and a marginal costs a forward-backward pass."""
        out: list[tuple[int, int]] = []
        starts: list[int] = []
        scored: list[list[list[float]]] = []
        for s, e in pieces(text):
            piece = text[s:e]
            if not _has_han(piece):
                continue
            scores = self._emissions(fold(piece)).tolist()
            path = [self.LABELS[k] for k in _viterbi(scores, self.transitions)]
            out.extend((s + a, s + b) for a, b in label_spans(path))
            starts.append(s)
            scored.append(scores)

        def confidence(start: int, end: int) -> float:
            k = bisect_right(starts, start) - 1
            return span_marginal(scored[k], self.transitions, start - starts[k], end - starts[k])

        return out, confidence


def _viterbi(scores: list[list[float]], trans: list[list[float]]) -> list[int]:
    """Best label path (indices) for emission *scores* and transitions ``trans[from][to]``.

    Written out for three labels: this loop runs once per character of every article.
    """
    (t00, t01, t02), (t10, t11, t12), (t20, t21, t22) = trans
    a0, a1, a2 = scores[0]
    back: list[int] = []  # the three back pointers of a step as b0 + 3 * b1 + 9 * b2
    for e0, e1, e2 in itertools.islice(scores, 1, None):
        x0, x1, x2 = a0 + t00, a1 + t10, a2 + t20
        if x0 >= x1:
            n0, b = (x0, 0) if x0 >= x2 else (x2, 2)
        else:
            n0, b = (x1, 1) if x1 >= x2 else (x2, 2)
        y0, y1, y2 = a0 + t01, a1 + t11, a2 + t21
        if y0 >= y1:
            n1, c = (y0, 0) if y0 >= y2 else (y2, 6)
        else:
            n1, c = (y1, 3) if y1 >= y2 else (y2, 6)
        z0, z1, z2 = a0 + t02, a1 + t12, a2 + t22
        if z0 >= z1:
            n2, d = (z0, 0) if z0 >= z2 else (z2, 18)
        else:
            n2, d = (z1, 9) if z1 >= z2 else (z2, 18)
        a0, a1, a2 = n0 + e0, n1 + e1, n2 + e2
        back.append(b + c + d)
    k = 0 if a0 >= a1 and a0 >= a2 else (1 if a1 >= a2 else 2)
    path = [k]
    for code in reversed(back):
        k = (code // (1, 3, 9)[k]) % 3
        path.append(k)
    path.reverse()
    return path


# Characters either side of a span read by :func:`span_marginal`: a linear-chain CRF's labels
# depend on far context only through the labels between, so a window gives the marginal to
# within rounding and keeps the cost per proposal, not per character.
_MARGIN_WINDOW = 24


def _logsumexp(xs: Sequence[float]) -> float:
    m = max(xs)
    return m + math.log(sum(math.exp(x - m) for x in xs))


def span_marginal(
    scores: Sequence[Sequence[float]], trans: Sequence[Sequence[float]], start: int, end: int
) -> float:
    """The probability that the labels of ``start:end`` are ``B I…I`` and the next one is no ``I``
    (the span is one whole name), by forward-backward over a window around it.

    >>> scores = [[0.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 5.0], [5.0, 0.0, 0.0]]
    >>> trans = [[0.0, 0.0, -9.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    >>> round(span_marginal(scores, trans, 1, 3), 2)
    0.98
    """
    lo, hi = max(0, start - _MARGIN_WINDOW), min(len(scores), end + _MARGIN_WINDOW)
    em = scores[lo:hi]
    s, e = start - lo, end - lo
    n = len(em)
    labels = range(3)
    alpha = [list(em[0])]
    for k in range(1, n):
        prev = alpha[-1]
        alpha.append([_logsumexp([prev[a] + trans[a][b] for a in labels]) + em[k][b] for b in labels])
    beta = [[0.0, 0.0, 0.0] for _ in range(n)]
    for k in range(n - 2, -1, -1):
        nxt = beta[k + 1]
        beta[k] = [_logsumexp([trans[a][b] + em[k + 1][b] + nxt[b] for b in labels]) for a in labels]
    log_z = _logsumexp(alpha[-1])
    # B at s, I through e - 1 (forward along the fixed path), then anything but I at e.
    x = alpha[s][1]
    last = 1
    for k in range(s + 1, e):
        x += trans[last][2] + em[k][2]
        last = 2
    if e < n:
        x += _logsumexp([trans[last][b] + em[e][b] + beta[e][b] for b in (0, 1)])
    return math.exp(x - log_z)


def _has_han(s: str) -> bool:
    return HAN_CHAR.search(s) is not None
