"""A character CRF that proposes personal names (the statistical half of the name recognizer).

Each character gets a few string features (characters and character pairs around it, its type,
surname flags, the jieba word it sits in: position, length and dictionary tag, and the tags of
the words beside it); a linear-chain CRF (CRFsuite) labels it ``B``/``I`` (a name) or ``O``.
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
import re
from collections.abc import Iterator, Sequence
from functools import cache
from importlib.resources import files

import numpy as np
import rjieba

__all__ = ["MODEL_RESOURCE", "NameModel", "char_features", "feature_columns", "fold", "label_spans", "pieces"]

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
def _char_type(c: str) -> str:
    if "\u3400" <= c <= "\u9fff":
        return "H"
    if c.isdigit():
        return "D"
    if c.isalpha():
        return "L"
    if c == "·" or c == "•":
        return "M"
    return "P" if not c.isspace() else "W"


def feature_columns(text: str) -> list[tuple[str, list[str]]]:
    """The features of every character of *text* (already :func:`fold`-ed), one column per type:
    ``(type, [value of character 0, value of character 1, ...])``.

    The word features come from the same dictionary segmentation (jieba, HMM off) at training and
    at run time, so the model never sees a segmentation it was not trained with.
    """
    n = len(text)
    wpos: list[str] = [""] * n
    tag: list[str] = [""] * n
    prev_tag: list[str] = [""] * n
    next_tag: list[str] = [""] * n
    words = _segmenter().tag(text, hmm=False) if n else []
    i = 0
    last = "^"
    for k, (w, t) in enumerate(words):
        m = len(w)
        nt = words[k + 1][1] if k + 1 < len(words) else "$"
        if m == 1:
            wpos[i] = "S"
        else:
            length = str(min(m, 5))
            wpos[i] = "B" + length
            for j in range(i + 1, i + m - 1):
                wpos[j] = "M" + length
            wpos[i + m - 1] = "E" + length
        for j in range(i, i + m):
            tag[j] = t
            prev_tag[j] = last
            next_tag[j] = nt
        last = t
        i += m
    flags = _surname_flags()
    c = ["\x02", "\x02", *text, "\x03", "\x03"]  # c[j + 2] is text[j]
    sf = list(map(flags.get, c, "-" * len(c)))
    ty = list(map(_char_type, c))
    bi = [a + b for a, b in itertools.pairwise(c)]  # bi[j + 2] is text[j:j+2]
    s3 = [a + b + d for a, b, d in zip(sf, sf[1:], sf[2:], strict=False)]  # s3[j] ends at text[j]
    t3 = [a + b + d for a, b, d in zip(ty, ty[1:], ty[2:], strict=False)]  # t3[j + 1] centred on text[j]
    head = [w[:1] for w in wpos]
    return [
        ("c", c[2 : n + 2]),
        ("l", c[1 : n + 1]),
        ("r", c[3 : n + 3]),
        ("ll", c[:n]),
        ("rr", c[4 : n + 4]),
        ("lc", bi[1 : n + 1]),
        ("cr", bi[2 : n + 2]),
        ("llc", bi[:n]),
        ("crr", bi[3 : n + 3]),
        ("lr", [a + b for a, b in zip(c[1 : n + 1], c[3 : n + 3], strict=True)]),
        ("t", t3[1 : n + 1]),
        ("s", s3[:n]),
        ("w", wpos),
        ("wt", [a + b for a, b in zip(wpos, tag, strict=True)]),
        ("tt", [a + "|" + b + "|" + d for a, b, d in zip(prev_tag, tag, next_tag, strict=True)]),
        ("pt", [a + b for a, b in zip(prev_tag, head, strict=True)]),
        ("nt", [a + b for a, b in zip(next_tag, head, strict=True)]),
        ("sw", [a + b for a, b in zip(sf[2 : n + 2], wpos, strict=True)]),
    ]


def char_features(text: str) -> list[list[str]]:
    """CRFsuite's item sequence for *text*: ``"type=value"`` strings per character (training)."""
    cols = [[f"{name}={v}" for v in values] for name, values in feature_columns(text)]
    return [list(item) for item in zip(*cols, strict=True)]


def pieces(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` pieces of *text*: whole sentences joined up to ``_MAX_PIECE`` characters (fewer
    calls), cut after a sentence end, or every ``_MAX_PIECE`` characters in a text without one."""
    start = 0
    n = len(text)
    while n - start > _MAX_PIECE:
        limit = start + _MAX_PIECE
        cut = max(text.rfind(ch, start, limit) for ch in "。！？!?；;\n") + 1
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
        n = len(text)
        zeros = [0] * n
        ids: list[int] = []
        for table, values in self._columns(fold(text)):
            ids.extend(map(table.get, values, zeros))  # 0: a value the model never saw
        scores = self.weights[np.array(ids, dtype=np.int32).reshape(-1, n)].sum(axis=0).tolist()
        return [self.LABELS[k] for k in _viterbi(scores, self.transitions)]

    def _columns(self, text: str) -> Iterator[tuple[dict[str, int], list[str]]]:
        empty: dict[str, int] = {}
        for name, values in feature_columns(text):
            yield self.types.get(name, empty), values

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` character offsets of the names the model reads in *text*."""
        out: list[tuple[int, int]] = []
        for s, e in pieces(text):
            piece = text[s:e]
            if not _has_han(piece):
                continue
            out.extend((s + a, s + b) for a, b in label_spans(self.tag(piece)))
        return out


def _viterbi(scores: list[list[float]], trans: list[list[float]]) -> list[int]:
    """Best label path (indices) for emission *scores* and transitions ``trans[from][to]``."""
    (t00, t01, t02), (t10, t11, t12), (t20, t21, t22) = trans
    a0, a1, a2 = scores[0]
    back: list[tuple[int, int, int]] = []
    for e0, e1, e2 in scores[1:]:
        x0, x1, x2 = a0 + t00, a1 + t10, a2 + t20
        b0 = 0 if x0 >= x1 and x0 >= x2 else (1 if x1 >= x2 else 2)
        y0, y1, y2 = a0 + t01, a1 + t11, a2 + t21
        b1 = 0 if y0 >= y1 and y0 >= y2 else (1 if y1 >= y2 else 2)
        z0, z1, z2 = a0 + t02, a1 + t12, a2 + t22
        b2 = 0 if z0 >= z1 and z0 >= z2 else (1 if z1 >= z2 else 2)
        a0 = (x0, x1, x2)[b0] + e0
        a1 = (y0, y1, y2)[b1] + e1
        a2 = (z0, z1, z2)[b2] + e2
        back.append((b0, b1, b2))
    k = 0 if a0 >= a1 and a0 >= a2 else (1 if a1 >= a2 else 2)
    path = [k]
    for b in reversed(back):
        k = b[k]
        path.append(k)
    path.reverse()
    return path


_HAN = re.compile(r"[\u3400-\u9fff]")


def _has_han(s: str) -> bool:
    return _HAN.search(s) is not None
