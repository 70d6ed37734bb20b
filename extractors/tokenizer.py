"""A spaCy tokenizer that segments Chinese with its own jieba instance.

spaCy's built-in ``spacy.zh.ChineseTokenizer`` with ``segmenter = "jieba"`` calls the module-level
``jieba.cut``, whose dictionary is shared by the whole process; anyone calling ``jieba.add_word``
changes our tokens. This tokenizer owns a private segmenter (default dictionary plus an optional
user dictionary), initialized lazily once per process: ``rjieba.Jieba`` (jieba-rs, the same
dictionary and algorithm, ~20x faster; same words as jieba with the HMM off) when installed, else
``jieba.Tokenizer``.

Long texts are cut at sentence ends (and every ``max_chunk`` characters in the worst case) before
jieba sees them, so a 1 MB article without line breaks segments in linear time.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "guanxi.JiebaTokenizer.v1"}}})
>>> [t.text for t in nlp("市委书记主持会议。")][-1]
'。'
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from typing import Any

import jieba
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

__all__ = ["GuanxiDoc", "JiebaTokenizer", "create_jieba_tokenizer", "word_bounds"]


class GuanxiDoc(Doc):
    """A ``Doc`` that keeps the text it was made from.

    spaCy's ``Doc.text`` joins every token each time it is read; the rule components read it
    once each, which cost more than the components' own work on long articles. The text is
    kept in ``user_data`` (so it also survives ``DocBin``) and used while it still matches the
    tokens (an O(1) length check); otherwise spaCy's own property answers.
    """

    @property
    def text(self) -> str:
        cached = self.user_data.get(_TEXT_KEY)
        if cached is not None and len(self):
            last = self[-1]
            if last.idx + len(last.text_with_ws) == len(cached):
                return cached
        elif cached is not None and len(self) == 0 and cached == "":
            return cached
        return super().text

    @property
    def text_with_ws(self) -> str:
        return self.text


_TEXT_KEY = "guanxi_text"


class JiebaTokenizer:
    """Segment text with a private ``jieba.Tokenizer``; whitespace becomes spaCy's ``spaces``.

    Parameters
    ----------
    vocab:
        The pipeline's vocabulary.
    hmm:
        Let jieba guess unknown words with its HMM (slower; names are matched by characters
        downstream anyway, so the default is off).
    user_dict:
        Optional path of a jieba user dictionary (``word [freq] [tag]`` per line).
    max_chunk:
        Longest piece handed to jieba at once.
    """

    def __init__(
        self, vocab: Vocab, *, hmm: bool = False, user_dict: str | None = None, max_chunk: int = 2000
    ) -> None:
        self.vocab = vocab
        self.hmm = hmm
        self.user_dict = user_dict
        self.max_chunk = max_chunk
        self._jieba: Any = None
        self._cut: Callable[[str], list[str]] | None = None
        self._lock = threading.Lock()

    @property
    def jieba(self) -> Any:
        """The private segmenter (``rjieba.Jieba`` or ``jieba.Tokenizer``), built on first use."""
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    self._jieba, self._cut = _make_segmenter(self.hmm, self.user_dict)
        return self._jieba

    def cut(self, text: str) -> list[str]:
        """The words of *text* (whitespace runs included, as jieba gives them)."""
        if self._cut is None:
            self.jieba  # noqa: B018 - builds the segmenter
        return self._cut(text)

    def _pieces(self, text: str) -> Iterator[str]:
        """Chunks of at most ``max_chunk`` characters, cut after a sentence end where there is one
        (jieba never joins words across 。 or a line break, so cutting there changes nothing)."""
        step = self.max_chunk
        start, n = 0, len(text)
        while start < n:
            end = min(start + step, n)
            if end < n:
                cut = max(text.rfind(c, start, end) for c in "。！？；\n")
                if cut > start:
                    end = cut + 1
            yield text[start:end]
            start = end

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        cut = self.cut
        for piece in self._pieces(text):
            cut_words = cut(piece)
            if " " not in piece:  # no space to fold into the word before: the words as they are
                words.extend(cut_words)
                spaces.extend([False] * len(cut_words))
                continue
            for word in cut_words:
                if word == " " and words and not spaces[-1] and not words[-1].isspace():
                    spaces[-1] = True
                    continue
                words.append(word)
                spaces.append(False)
        doc = GuanxiDoc(self.vocab, words=words, spaces=spaces)
        doc.user_data[_TEXT_KEY] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # spaCy serializes the tokenizer with the pipeline; settings only, the dictionary is jieba's own.
    def to_bytes(self, **kwargs) -> bytes:
        import srsly

        return srsly.msgpack_dumps(
            {"hmm": self.hmm, "user_dict": self.user_dict, "max_chunk": self.max_chunk}
        )

    def from_bytes(self, data: bytes, **kwargs) -> JiebaTokenizer:
        import srsly

        cfg = srsly.msgpack_loads(data)
        self.hmm, self.user_dict, self.max_chunk = cfg["hmm"], cfg["user_dict"], cfg["max_chunk"]
        self._jieba = self._cut = None
        return self

    def to_disk(self, path, **kwargs) -> None:
        from pathlib import Path

        Path(path).write_bytes(self.to_bytes(**kwargs))

    def from_disk(self, path, **kwargs) -> JiebaTokenizer:
        from pathlib import Path

        return self.from_bytes(Path(path).read_bytes(), **kwargs)


def _make_segmenter(hmm: bool, user_dict: str | None) -> tuple[Any, Callable[[str], list[str]]]:
    try:
        import rjieba
    except ImportError:
        rjieba = None
    if rjieba is not None:
        seg = rjieba.Jieba()
        if user_dict:
            _load_userdict(seg, user_dict)
        return seg, lambda text: seg.cut(text, hmm=hmm)
    tk = jieba.Tokenizer()
    # jieba logs "Building prefix dict..." at INFO on the root jieba logger; keep quiet.
    jieba.setLogLevel(30)
    tk.initialize()
    if user_dict:
        tk.load_userdict(user_dict)
    return tk, lambda text: list(tk.cut(text, HMM=hmm))


@functools.cache
def _default_cut() -> Callable[[str], list[str]]:
    return _make_segmenter(False, None)[1]


def word_bounds(text: str) -> frozenset[int]:
    """Offsets of *text* where a word of the default dictionary starts or ends (HMM off).

    >>> sorted(word_bounds("他来到平遥县"))
    [0, 1, 3, 6]
    """
    bounds, i = {0}, 0
    for word in _default_cut()(text):
        i += len(word)
        bounds.add(i)
    return frozenset(bounds)


def _load_userdict(seg: Any, path: str) -> None:
    """jieba's user dictionary format (``word [freq] [tag]`` per line) into an ``rjieba.Jieba``."""
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                continue
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
            seg.add_word(parts[0], freq, tag)


@registry.tokenizers("guanxi.JiebaTokenizer.v1")
def create_jieba_tokenizer(
    hmm: bool = False, user_dict: str | None = None, max_chunk: int = 2000
) -> Callable[[Language], JiebaTokenizer]:
    """Registered tokenizer factory ``guanxi.JiebaTokenizer.v1`` (``[nlp.tokenizer]`` in the config)."""

    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, hmm=hmm, user_dict=user_dict, max_chunk=max_chunk)

    return make
