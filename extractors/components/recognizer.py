"""Persons, organizations and places the trained model proposes and the rules accept (``guanxi_recognizer``).

The rules find a person where a title, a byline or speech announces one; a name standing alone
(走访了王建英等, 村民赵小平告诉记者) needs the statistical model of :mod:`..name_model`. Its
proposals pass general evidence before they count; the rules keep the last word:

- a mention the rules already read stays as they read it (a proposal overlapping it is dropped);
- a proposal is cut before a post or an honorific glued to it (钱卫东副市长 -> 钱卫东) and extended
  over a middle dot (a minority name) or to a third character when only that reading ends on a
  boundary word;
- it must then be a plausible name (:func:`.names.plausible_name`: a known surname, 2-4 Han
  characters or a dotted name, no honorific or post inside, not a dictionary word; four characters
  only after a two-character surname; no two-character word jieba counts often, whatever its
  tag) -- unless the model is sure of the span (its probability at least :data:`CONFIDENT`, and
  the rules neither cut nor extended it): then only its shape is checked (2-8 Han characters or a
  dotted name, no post or honorific inside), so that transliterated and Japanese names without a
  known surname (克林顿, 桥本龙太郎) and names jieba lists as words (historical persons) count;
  without 某
  (孙某明 is an anonymized name, not a name), must not open the name of a doctrine (…思想, …理论),
  and must not overlap an organization, a place or a title already found;
- a post printed right after the name (钱卫东副市长到…调研) is attached to it; otherwise the person
  has no post (kind ``other``);
- other occurrences of an accepted name on the page are read as well.

The same reading of the model (one decoding per article) proposes organizations and places; the
organizations' and places' rules decide which count, of what kind and under which canonical name
(:func:`.orgs.model_org`, :func:`.places.model_place`): a head of the organization lexicon, a
division, country or feature of the reference data, or else the model's sureness. A proposal
overlapping anything the rules read (a person, an organization, a place, a title) is dropped; a
place the rules read inside an accepted organization becomes optional, as the rules' own places
inside names are.

Examples
--------
>>> ms = accept_proposals("村民赵小平告诉记者，孙某明未到场。", [(2, 5), (10, 13)])
>>> [(m.name, m.evidence) for m in ms]
[('赵小平', 'model')]
"""

from __future__ import annotations

import lzma
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import srsly
from guanxi.extractors.components.base import Component
from guanxi.extractors.components.names import (
    _AFTER_CHARS,
    _AFTER_RE,
    _DOTTED,
    _HONORIFIC_RE,
    _NOT_GIVEN,
    _compound,
    _dictionary_freq,
    boundary_strength,
    dictionary_word,
    dotted_end,
    honorific_given,
    is_surname_start,
    load_names,
    plausible_name,
    split_name,
)
from guanxi.extractors.components.persons import (
    PersonMention,
    _known_occurrences,
    _list_partners,
    _post,
    _Taken,
    person_record,
    place_lists,
    work_titles,
)
from guanxi.extractors.components.places import (
    MODEL_PLACE_CONFIDENT,
    PlaceMatch,
    model_place,
    transliterated_place,
)
from guanxi.extractors.components.places import _to_dict as _place_dict
from guanxi.extractors.components.titles import TitleMatch, post_lexicon, skip_lead, title_from_dict
from guanxi.extractors.extensions import doc_text, snap
from guanxi.extractors.name_model import NameModel, Reading
from guanxi.extractors.orgs import MODEL_HEAD_CONFIDENT, canonical_org, country_before, headed_org, model_org
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from guanxi.han import is_han as _han
from guanxi.model import Home

__all__ = [
    "LONGER",
    "ModelMention",
    "RecognizerComponent",
    "accept_organizations",
    "accept_places",
    "accept_proposals",
    "longer_readings",
]


class _Intervals:
    """Sorted, possibly overlapping intervals with an overlap test."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        # longest interval: an overlap test looks back only that far
        self.longest = max((e - s for s, e in self.spans), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)
        lo = bisect_left(self.starts, start - self.longest)
        return any(s < end and start < e for s, e in self.spans[lo:k])


def _cut(text: str, s: int, e: int) -> int:
    """End of the name once a post or an honorific glued to it is cut (张三同志, 钱卫东副市长)."""
    for k in range(s + 2, e):
        if post_lexicon().pattern.match(text, k) or _honorific_at(text, k, e):
            return k
    return e


def _honorific_at(text: str, k: int, e: int | None = None) -> bool:
    """An honorific starts at *k* (张三|同志, 张明|家; it may run past the name's end *e*: a reading
    that stops inside 同志), not a given name opened by 家 (欧阳|家明: only ``text[k:e]`` says so)."""
    m = _HONORIFIC_RE.match(text, k)
    return m is not None and (m.group() != "家" or honorific_given(text[k:e]))


def _extend(text: str, s: int, e: int) -> int:
    """A two-character reading that runs into a word (王建|英等) extended to three characters when
    only that reading ends on a boundary; a dotted name (also one reached so: 阿不|都·热合曼) read
    over its dot to where its second part ends (:func:`.names.dotted_end`)."""
    if (
        e - s == 2
        and e < len(text)
        and _han(text[e])
        and boundary_strength(text, e) == 0
        and boundary_strength(text, e + 1) == 2
        and not dictionary_word(text[e - 1 : e + 1])
    ):
        e += 1
    dot = max(text.rfind("·", s, e), text.rfind("•", s, e))
    if (e < len(text) and text[e] in "·•") or (dot >= 0 and e - dot <= 2):
        # read over the dot, or a second part of one character (阿不都·热|合曼); a second part the
        # model read whole stays as it is (鲍里斯·贝尔克|出战: no boundary word follows a name)
        m = _DOTTED.match(text, s)
        end = dotted_end(text, m, e) if m else None
        return end if end is not None else e
    return e


# Longest run of characters a dotted name's first part is read back over (艾尔肯|江·买买提).
_DOTTED_BACK = 5


def _dotted_start(text: str, s: int, e: int) -> int:
    """Start of a dotted proposal whose first part the model cut (江·买买提 in 艾尔肯江·买买提): the
    first part runs back to the clause opening when that is at most :data:`_DOTTED_BACK`
    characters back, over no function word (会见了…), no post (总统…) and no everyday word (网坛老将…);
    else the model's start."""
    if "·" not in text[s:e] or s == 0 or not _han(text[s - 1]):
        return s
    k = s
    while k > 0 and _han(text[k - 1]):
        k -= 1
        if s - k > _DOTTED_BACK or text[k] in _NOT_GIVEN:
            return s
    words = (text[i : i + n] for n in (2, 3) for i in range(k, s - n + 1))
    if post_lexicon().pattern.search(text, k, s) or any(dictionary_word(w, _WORD_IN_NAME) for w in words):
        return s
    return k


# How often jieba counts a word (not a name) for it to show that a run is ordinary text, not the
# first part of a transliterated name (热合 is counted twice, 老将 hundreds of times).
_WORD_IN_NAME = 10


# A leader's name that opens the name of a doctrine (…新时代中国特色社会主义思想, …生态文明思想, …理论)
# is part of that name, not a person the article reports on.
_DOCTRINE = re.compile(r"(?:新时代[^，。；、\n]{0,12}|生态文明|法治|经济|外交|强军|文化)?思想|理论")


# A two-character string jieba counts this often is a word, whatever its tag: jieba's dictionary
# tags many everyday words nr (康复, 文明, 高峰), while two-character personal names are rare in it.
_WORD_FREQ = 20


def _common_word(name: str) -> bool:
    """An everyday word the model took for a name (the rules' :func:`plausible_name` trusts
    jieba's nr tags; the model's guesses need the stricter test)."""
    entry = _dictionary_freq().get(name)
    return entry is not None and len(name) == 2 and entry[1] >= _WORD_FREQ


def _noun_compound(name: str, sure: bool = False) -> bool:
    """A word with a surname character in front that jieba lists whole, read as a word plus a head
    character (孔明灯 = 孔明 + 灯): a thing, not a person, unless the text around it says otherwise.
    jieba tags many such words nr, so the test is on the parts: the whole and all but its last
    character are dictionary words (any tag), and the latter is no compound surname (欧阳修).

    For a name the model is sure of (``sure``) the head must also be far more frequent than the
    whole (孔明灯 is rare beside 孔明): jieba lists many foreign and historical names whose first
    characters happen to be a word too (马克思 beside 马克)."""
    head = name[:-1]
    freq = _dictionary_freq()
    if len(name) < 3 or name not in freq or head not in freq or head in _compound():
        return False
    return not sure or freq[head][1] >= _COMPOUND_RATIO * freq[name][1]


# How much more often jieba counts the head (孔明) than the whole (孔明灯) for a name the model is
# sure of to be read as a word plus a head character.
_COMPOUND_RATIO = 50


def _shape(name: str) -> bool:
    """2-3 Han characters after a known surname, four only with a two-character surname (欧阳明华),
    or a dotted minority name."""
    if "·" in name:
        return True
    if not is_surname_start(name):
        return False
    return len(name) <= 3 or name[:2] in _compound()


#: The model's probability of a span (:meth:`.NameModel.scored_spans`) from which its reading
#: overrides the lexical doubts (a known surname, not a dictionary word): tuned on the tuning half
#: of the public NER dev file (docs/model-card.md).
CONFIDENT = 0.7
# Longest name without a dot read on the model's word alone (桥本龙太郎, and transliterations up to eight).
_LOOSE_MAX = 8


def _strict_ok(name: str) -> bool:
    """All the rules' tests of a proposed name (a known surname, not a word jieba counts often, a
    plausible name, a given name that is no function word)."""
    return _shape(name) and not _common_word(name) and plausible_name(name) and not _function_given(name)


def _loose_ok(name: str) -> bool:
    """The shape of a name the model is sure of: Han characters (a dot allowed), no post or
    honorific inside; no surname needed (transliterations, Japanese names), dictionary words allowed."""
    core = name.replace("·", "")
    return (
        2 <= len(core) <= (12 if "·" in name else _LOOSE_MAX)
        and all(_han(c) for c in core)
        and not post_lexicon().pattern.search(name)
        and not any(_honorific_at(name, k) for k in range(len(name)))
    )


def _function_given(name: str) -> bool:
    """A known surname whose given name is only function words or measure words (官为, 国于, 宋在):
    a surname character before the word that follows it, far more often than a name."""
    if "·" in name or not is_surname_start(name):
        return False
    return all(c in _NOT_GIVEN for c in split_name(name)[1])


#: The model's probability from which its reading of one more character overrides the rules'
#: shorter reading of a name (副校长龚育|之在 -> 龚育之): far above :data:`CONFIDENT`, since the rules
#: cut there for a reason (a light character or a word starting after the name).
LONGER = 0.9


def longer_readings(
    text: str,
    found: Sequence[tuple[int, int]],
    proposals: Sequence[tuple[int, int]],
    confidence: Callable[[int, int], float],
    blocked: Sequence[tuple[int, int]] = (),
) -> dict[tuple[int, int], int]:
    """Rule-read names the model reads longer from the same start, and surely: ``{(start, end): new end}``.

    The rules cut a name short where its last character may open the next word (刘建|华观), and a
    transliteration after a title at a surname's length (主席谢列兹|尼奥夫); the model's reading
    wins when its probability is at least :data:`LONGER`, the rules' end is no strong boundary
    (punctuation or a word after a name), no added character is a light word after a name (说, 在,
    和...) or opens a boundary word (荣获), a post or an honorific, the longer name keeps the shape
    of a name the model is sure of (:func:`_loose_ok`) and overlaps no organization, place or
    title (where it ends is the model's word: 贾斯蒂诺|最近).

    >>> longer_readings("副校长龚育之在会上讲话", [(3, 5)], [(3, 6)], lambda s, e: 0.99)
    {(3, 5): 6}
    >>> longer_readings("议长谢列兹尼奥夫会见了代表团", [(2, 5)], [(2, 8)], lambda s, e: 0.99)
    {(2, 5): 8}
    >>> longer_readings("民警程亦荣获表彰", [(2, 4)], [(2, 5)], lambda s, e: 0.99)
    {}
    """
    by_start = {s: e for s, e in proposals}
    block = _Intervals(blocked)
    out: dict[tuple[int, int], int] = {}
    for s, e in found:
        end = by_start.get(s)
        if end is None or end <= e or boundary_strength(text, e) >= 2 or not _loose_ok(text[s:end]):
            continue
        if any(
            text[k] in _AFTER_CHARS
            or _AFTER_RE.match(text, k)
            or _HONORIFIC_RE.match(text, k)
            or post_lexicon().pattern.match(text, k)
            for k in range(e, end)
        ):
            continue
        if block.overlaps(e, end) or confidence(s, end) < LONGER:
            continue
        out[(s, e)] = end
    return out


def accept_proposals(
    text: str,
    proposals: Sequence[tuple[int, int]],
    *,
    confidence: Callable[[int, int], float] | None = None,
    found: Sequence[tuple[int, int]] = (),
    blocked: Sequence[tuple[int, int]] = (),
    titles: Sequence[TitleMatch] = (),
    home_city: str | None = None,
) -> list[PersonMention]:
    """The model's proposals the rules accept, as mentions with evidence ``"model"``.

    Parameters
    ----------
    text:
        The article's text.
    proposals:
        ``(start, end)`` of the model's names.
    confidence:
        The model's probability of a proposed span (:meth:`.NameModel.proposals`): from
        :data:`CONFIDENT` on, and when the rules neither cut nor extend the span, only the shape of
        the name is checked (Han characters, no post or honorific inside), not its surname or
        whether jieba lists it as a word (贺龙, 克林顿, 桥本龙太郎). Without it every check applies.
    found:
        Persons the rules read (they win any overlap).
    blocked:
        Organizations, places and titles already found: no name overlaps them.
    titles:
        Title candidates; one starting right where a name ends becomes its post.
    home_city:
        The paper's city, for canonical posts.
    """
    taken = _Intervals(found)
    block = _Intervals([*blocked, *work_titles(text), *place_lists(text)])
    # A title whose prefix swallowed the name (钱卫东副市长 read as one title) starts after it.
    after_name = {
        p: t for t in titles if t.kind in ("post", "company") for p in range(t.start, t.post_start + 1)
    }
    out = _Taken()
    for s0, e0 in proposals:
        s, e = s0, _cut(text, s0, e0)
        e = _extend(text, s, e)
        s = _dotted_start(text, s, e)
        name = text[s:e]
        if (
            "某" in text[s : e + 1]
            or taken.overlaps(s, e)
            or block.overlaps(s, e)
            or _DOCTRINE.match(text, e)
        ):
            continue
        sure = False
        if not _strict_ok(name) or _noun_compound(name):
            # the model's word against the lexicon's doubt: asked only now (a forward-backward pass);
            # a surname before a function word (官为, 国于) needs the model's near-certainty
            floor = LONGER if _function_given(name) else CONFIDENT
            sure = (
                confidence is not None
                and (s, e) == (s0, e0)
                and _loose_ok(name)
                and confidence(s, e) >= floor
            )
            if not sure:
                continue
        t = after_name.get(e)
        posts = ()
        if t is not None and boundary_strength(text, t.end) >= 1:
            own_start = skip_lead(text, e, t.post_start)  # 钱卫东同志任副市长: the post after 任
            own = TitleMatch(own_start, t.end, text[own_start : t.end], t.post, t.kind, t.post_start)
            posts = (_post(own, (), None, home_city),)
        if _noun_compound(name, sure) and not posts and not _AFTER_RE.match(text, e):
            continue  # 孔明灯飞上夜空: no post or verb of a person around it
        out.add(PersonMention(s, e, name, None, posts, "model"))
    accepted = out.values()
    names = {m.name for m in accepted}
    for m in _known_occurrences(text, names):
        if not taken.overlaps(m.start, m.end) and not block.overlaps(m.start, m.end):
            out.add(PersonMention(m.start, m.end, m.name, None, (), "model"))
    for m in _list_partners(text, out.values(), names):
        if not taken.overlaps(m.start, m.end) and not block.overlaps(m.start, m.end):
            out.add(PersonMention(m.start, m.end, m.name, None, (), "model"))
    return out.values()


class ModelMention(NamedTuple):
    """An organization or place the model read and the rules accepted: offsets, and the record
    the rules give it (``span._.org`` or ``span._.place``, with ``source`` ``"model"``)."""

    start: int
    end: int
    record: dict[str, Any]


# How the rules judge a proposal of one kind: (text, start, end, confidence, home) -> its record or None.
_Judge = Callable[[str, int, int, Callable[[], float], Home | None], dict[str, Any] | None]


def _accepted(
    text: str,
    reading: Reading,
    kind: str,
    judge: _Judge,
    blocked: Sequence[tuple[int, int]],
    home: Home | None,
) -> list[ModelMention]:
    """The spans of *kind* in the model's *reading* that overlap nothing in *blocked* and that
    *judge* accepts, with the records it gives them (``source`` ``"model"``)."""
    block = _Intervals(blocked)
    out = []
    for s, e in reading.of(kind):
        if block.overlaps(s, e):
            continue
        record = judge(text, s, e, lambda s=s, e=e: reading.confidence(s, e, kind), home)
        if record is not None:
            out.append(ModelMention(record["start"], record["end"], record | {"source": "model"}))
    return out


def _org_record(
    text: str, s: int, e: int, confidence: Callable[[], float], home: Home | None
) -> dict[str, Any] | None:
    got = model_org(text[s:e], confidence, home=home)
    if got is None:
        return None
    typ, canonical = got
    # A body of another country is named with the country printed before it (日本 + 大藏省).
    if (front := country_before(text, s)) < s:
        s, canonical = front, canonical_org(text[front:e], home=home)
    return {
        "start": s,
        "end": e,
        "text": text[s:e],
        "type": typ,
        "canonical": canonical,
        "parent": None,
        "optional": False,
        "why": "",
    }


def _place_record(
    text: str, s: int, e: int, confidence: Callable[[], float], home: Home | None
) -> dict[str, Any] | None:
    m = model_place(text, s, e, confidence, home=home)
    return None if m is None else _place_dict(m)


#: The model's probability from which a longer name only it vouches for counts around the one rule
#: organization or place inside it (the rules read 巴西 where it reads 巴西利亚): tuned on the tuning
#: half of the public NER dev file.
_AROUND_SURE = 0.9


def accept_organizations(
    text: str,
    reading: Reading,
    *,
    blocked: Sequence[tuple[int, int]] = (),
    organizations: Sequence[tuple[int, int]] = (),
    home: Home | None = None,
) -> list[ModelMention]:
    """The organizations of the model's *reading* the rules accept (:func:`.orgs.model_org`) that
    overlap nothing in *blocked* nor in *organizations* (what the rules read) -- except a longer
    name the model is very sure of (:data:`_AROUND_SURE`) around the only rule organization it
    overlaps (印度外交部 around 外交部, 共青团东方市委 around 东方市委): the name printed is the longer one.
    """
    inner = _sole_inside(organizations, reading.of("ORG"))
    return [
        m
        for m in _accepted(
            text, reading, "ORG", _org_record, [*blocked, *(o for o in organizations if o not in inner)], home
        )
        if not any(s < m.end and m.start < e for s, e in organizations)
        or reading.confidence(m.start, m.end, "ORG") >= _around_sure(text, m, organizations)
    ]


def _named_by_model(orgs: Sequence[Span], reading: Reading) -> None:
    """A company, school or hospital the rules read without a name (``why`` ``generic``: everyday
    words before its head) counts when the model reads it as an organization from
    :data:`.orgs.MODEL_HEAD_CONFIDENT` on: a brand made of everyday words."""
    for org in orgs:
        data = org._.org
        if isinstance(data, dict) and data.get("why") == "generic":
            if reading.confidence(data["start"], data["end"], "ORG") >= MODEL_HEAD_CONFIDENT:
                org._.org = data | {"optional": False, "why": ""}


def _around_sure(text: str, m: ModelMention, organizations: Sequence[tuple[int, int]]) -> float:
    """The sureness a longer organization needs around the rule organization it holds: a unit
    named after the body that opens it and ended by a body head (国务院 + …协调委员会) needs only
    :data:`.orgs.MODEL_HEAD_CONFIDENT`, any other :data:`_AROUND_SURE`."""
    opens = any(s == m.start and e < m.end for s, e in organizations)
    return MODEL_HEAD_CONFIDENT if opens and headed_org(text[m.start : m.end]) else _AROUND_SURE


def accept_places(
    text: str,
    reading: Reading,
    *,
    blocked: Sequence[tuple[int, int]] = (),
    places: Sequence[tuple[int, int]] = (),
    home: Home | None = None,
) -> list[ModelMention]:
    """The places of the model's *reading* the rules accept (:func:`.places.model_place`) that
    overlap nothing in *blocked* nor in *places* (what the rules read) -- except a longer place the
    reference data know around the only rule place it overlaps (巴西利亚 around 巴西, 龙泉驿 around
    龙泉), or one the model is very sure of (:data:`_AROUND_SURE`), or sure of if it is a transliterated
    foreign name (:func:`.places.transliterated_place`): the name printed is the longer one.
    A place the reference data lack is left to the persons where the persons' head reads the same
    span as a name at least as surely (苏南 among names: a person's name and a region's).

    >>> from guanxi.extractors.name_model import Reading
    >>> text = "代表团抵达巴西利亚。"
    >>> sure = Reading([(5, 9, "LOC")], lambda s, e, k: 0.95)
    >>> [m.record["text"] for m in accept_places(text, sure, places=[(5, 7)])]
    ['巴西利亚']
    """
    inner = _sole_inside(places, reading.of("LOC"))
    names = set(reading.of("PER"))
    return [
        m
        for m in _accepted(
            text, reading, "LOC", _place_record, [*blocked, *(p for p in places if p not in inner)], home
        )
        if m.record["level"] != "other"
        or (
            (
                not any(s < m.end and m.start < e for s, e in places)
                or reading.confidence(m.start, m.end, "LOC") >= _around_place_sure(m.record["text"])
            )
            and not _a_name_rather(reading, m, names)
        )
    ]


def _around_place_sure(name: str) -> float:
    """The sureness a longer place needs around the rule place it holds: a transliterated foreign
    name (the rules read 德州 inside 某某巴德州) needs only :data:`.places.MODEL_PLACE_CONFIDENT`."""
    return MODEL_PLACE_CONFIDENT if transliterated_place(name) else _AROUND_SURE


def _a_name_rather(reading: Reading, m: ModelMention, names: set[tuple[int, int]]) -> bool:
    """Does the persons' head read the span of the place *m* as a name at least as surely as the
    other head reads it as a place?"""
    span = (m.start, m.end)
    return span in names and reading.confidence(*span, "PER") >= reading.confidence(*span, "LOC")


def _offsets(span: Span) -> tuple[int, int]:
    """The exact character offsets of a rule mention (its record's; the span itself may have been
    widened to token edges)."""
    ext = span._  # one extension accessor for both reads (a span's `_` is made anew at each access)
    for data in (ext.org, ext.place):
        if isinstance(data, dict) and "start" in data:
            return data["start"], data["end"]
    return span.start_char, span.end_char


def _sole_inside(places: Sequence[tuple[int, int]], longer: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """The *places* that are the only one of them overlapping a span of *longer*, and lie strictly
    inside it (巴西 in 巴西利亚; not 山西省 and 长治市 in 山西省长治市, a chain the rules read unit by unit)."""
    out = set()
    for s, e in longer:
        hits = [(a, b) for a, b in places if a < e and s < b]
        if len(hits) == 1 and s <= hits[0][0] and hits[0][1] <= e and hits[0] != (s, e):
            out.add(hits[0])
    return out


def _inner_places_optional(places: Sequence[Span], m: ModelMention) -> None:
    """Make the places inside the accepted mention *m* optional (巴西 of 巴西队, of 巴西利亚)."""
    for place in places:
        data = place._.place
        s, e = _place_offsets(place)
        if m.start <= s and e <= m.end and (s, e) != (m.start, m.end) and isinstance(data, dict):
            place._.place = data | {"optional": True}


def _place_offsets(span: Span) -> tuple[int, int]:
    """A place's own offsets (a place widened to a token may share its span with an organization
    whose record :func:`_offsets` would read: 智利 of 智利队)."""
    data = span._.place
    return (data["start"], data["end"]) if isinstance(data, dict) and "start" in data else _offsets(span)


def _label(record: dict[str, Any]) -> str:
    return PlaceMatch(0, 0, "", record["level"]).label


class RecognizerComponent(Component):
    """spaCy component ``guanxi_recognizer``: adds the accepted model names to the persons, and the
    accepted model organizations and places to theirs.

    Runs after the rule components whose spans it respects (persons, organizations, places,
    titles); appends PERSON spans to ``doc.spans[spans_key]``, the post titles it attaches to
    ``doc.spans[titles_key]`` and records to ``doc._.guanxi_persons`` (evidence ``"model"``); ORG
    spans to ``doc.spans[organizations_key]`` and GPE/LOC spans to ``doc.spans[places_key]`` with
    the rules' records (``span._.org``, ``span._.place``; ``source`` ``"model"``). ``kinds`` says
    which of the model's kinds (``PER``, ``ORG``, ``LOC``) are read.

    The name model (:attr:`model`) is the one shipped in the package, set by ``initialize()``;
    ``to_disk`` saves it with the pipeline (``name_model.xz``) and ``from_disk`` reads it back.
    """

    resources = ("surnames.tsv", "title_posts.tsv")
    #: The file of the name model inside the component's folder of a saved pipeline.
    MODEL_FILE = "name_model.xz"

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        spans_key: str,
        titles_key: str,
        blocking_keys: list[str],
        organizations_key: str = "guanxi_organizations",
        places_key: str = "guanxi_places",
        kinds: Sequence[str] = ("PER", "ORG", "LOC"),
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.titles_key = titles_key
        self.blocking_keys = list(blocking_keys)
        self.organizations_key = organizations_key
        self.places_key = places_key
        self.kinds = tuple(kinds)
        self.model: NameModel | None = None

    def load(self) -> None:
        load_names()
        if self.model is None:
            self.model = NameModel.load()

    def process(self, doc: Doc) -> Doc:
        if self.model is None:
            self.load()
        text = doc_text(doc)
        home_name = doc._.guanxi_home or ""
        home = Home.parse(home_name) if home_name else None
        reading = self.model.read(text)
        rule_persons = [(r["start"], r["end"]) for r in doc._.guanxi_persons or []]
        if "ORG" in self.kinds and "ORG" in self.model.kinds:
            self._add_organizations(doc, text, reading, rule_persons, home)
        if "LOC" in self.kinds and "LOC" in self.model.kinds:
            self._add_places(doc, text, reading, rule_persons, home)
        if "PER" in self.kinds:
            self._add_persons(doc, text, reading, home_name)
        return doc

    def _taken(self, doc: Doc, keys: Iterable[str]) -> list[tuple[int, int]]:
        return [_offsets(sp) for key in keys for sp in doc.spans.get(key, [])]

    def _add_organizations(
        self, doc: Doc, text: str, reading: Reading, persons: list[tuple[int, int]], home: Home | None
    ) -> None:
        places = list(doc.spans.get(self.places_key, []))
        # A rule place inside a proposed organization does not block it (东方省机械厂): it becomes optional.
        orgs = list(doc.spans.get(self.organizations_key, []))
        _named_by_model(orgs, reading)
        rule_orgs = [_offsets(sp) for sp in orgs]
        blocked = [*persons, *self._taken(doc, (self.titles_key,))]
        place_spans = [_place_offsets(sp) for sp in places]
        mentions = [
            m
            for m in accept_organizations(text, reading, blocked=blocked, organizations=rule_orgs, home=home)
            if not any(
                s < m.end and m.start < e and not (m.start <= s and e <= m.end) for s, e in place_spans
            )
        ]
        if not mentions:
            return
        for m in mentions:
            span = snap(doc, m.start, m.end, "ORG")
            if span is None:
                continue
            for org in orgs:  # a rule organization inside it is nested in it (外交部 of 印度外交部)
                data = org._.org
                if isinstance(data, dict) and m.start <= data["start"] and data["end"] <= m.end:
                    org._.org = data | {"optional": True, "why": "nested"}
            span._.org = m.record
            orgs.append(span)
            _inner_places_optional(places, m)
        doc.spans[self.organizations_key] = orgs

    def _add_places(
        self, doc: Doc, text: str, reading: Reading, persons: list[tuple[int, int]], home: Home | None
    ) -> None:
        places = list(doc.spans.get(self.places_key, []))
        mentions = accept_places(
            text,
            reading,
            blocked=[*persons, *self._taken(doc, (self.organizations_key, self.titles_key))],
            places=[_place_offsets(sp) for sp in places],
            home=home,
        )
        if not mentions:
            return
        for m in mentions:
            span = snap(doc, m.start, m.end, _label(m.record), kb_id=m.record["code"] or "")
            if span is not None:
                span._.place = m.record
                _inner_places_optional(places, m)
                places.append(span)
        doc.spans[self.places_key] = places

    def _add_persons(self, doc: Doc, text: str, reading: Reading, home: str) -> None:
        persons = list(doc.spans.get(self.spans_key, []))
        blocked = self._taken(doc, self.blocking_keys)
        titles = [title_from_dict(t) for t in (doc._.guanxi_titles or [])]
        proposals = reading.of("PER")

        def confidence(start: int, end: int) -> float:
            return reading.confidence(start, end, "PER")

        records = list(doc._.guanxi_persons or [])
        longer = longer_readings(
            text, [(r["start"], r["end"]) for r in records], proposals, confidence, blocked
        )
        if longer:
            records, persons = self._lengthen(doc, records, persons, longer)
            doc._.guanxi_persons = records
            doc.spans[self.spans_key] = persons
        mentions = accept_proposals(
            text,
            proposals,
            confidence=confidence,
            found=[(r["start"], r["end"]) for r in records],
            blocked=blocked,
            titles=titles,
            home_city=home.split("/")[-1] or None,
        )
        if not mentions:
            return
        title_spans: list[Span] = list(doc.spans.get(self.titles_key, []))
        records = list(doc._.guanxi_persons or [])
        for m in mentions:
            span = snap(doc, m.start, m.end, "PERSON")
            if span is not None:
                persons.append(span)
            for p in m.posts:
                ts = snap(doc, p.start, p.end, "TITLE")
                if ts is not None:
                    title_spans.append(ts)
            records.append(person_record(m))
        records.sort(key=lambda r: r["start"])
        doc.spans[self.spans_key] = persons
        doc.spans[self.titles_key] = title_spans
        doc._.guanxi_persons = records

    @staticmethod
    def _lengthen(
        doc: Doc, records: list[dict], persons: list[Span], longer: dict[tuple[int, int], int]
    ) -> tuple[list[dict], list[Span]]:
        """The records and PERSON spans with the names of *longer* read to their new end."""
        text = doc_text(doc)
        out = []
        for r in records:
            end = longer.get((r["start"], r["end"]))
            out.append(r if end is None else {**r, "end": end, "name": text[r["start"] : end]})
        spans = []
        for span in persons:
            end = longer.get((span.start_char, span.end_char))
            spans.append(span if end is None else (snap(doc, span.start_char, end, "PERSON") or span))
        return out, spans

    # The model travels with the pipeline (the lexicons are checked by the base class).

    def _model_bytes(self) -> bytes:
        self.load()
        return lzma.compress(self.model.to_bytes())

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"resources": super().to_bytes(), "model": self._model_bytes()})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RecognizerComponent:
        parts = srsly.msgpack_loads(data)
        self.model = NameModel.from_bytes(lzma.decompress(parts["model"]))
        super().from_bytes(parts["resources"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        super().to_disk(path)
        (ensure_path(path) / self.MODEL_FILE).write_bytes(self._model_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RecognizerComponent:
        self.model = NameModel.from_bytes(lzma.decompress((ensure_path(path) / self.MODEL_FILE).read_bytes()))
        super().from_disk(path)
        return self


@Language.factory(
    "guanxi_recognizer",
    assigns=["doc.spans", "doc._.guanxi_persons"],
    requires=["doc.spans", "doc._.guanxi_titles", "doc._.guanxi_persons"],
    default_config={
        "spans_key": "guanxi_persons",
        "titles_key": "guanxi_titles",
        "blocking_keys": ["guanxi_organizations", "guanxi_places", "guanxi_titles"],
        "organizations_key": "guanxi_organizations",
        "places_key": "guanxi_places",
        "kinds": ["PER", "ORG", "LOC"],
    },
)
def make_recognizer(
    nlp: Language,
    name: str,
    spans_key: str,
    titles_key: str,
    blocking_keys: list[str],
    organizations_key: str,
    places_key: str,
    kinds: list[str],
) -> RecognizerComponent:
    """Factory of ``guanxi_recognizer``."""
    return RecognizerComponent(
        nlp,
        name,
        spans_key=spans_key,
        titles_key=titles_key,
        blocking_keys=blocking_keys,
        organizations_key=organizations_key,
        places_key=places_key,
        kinds=kinds,
    )
