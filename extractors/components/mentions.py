"""Mention types (``guanxi_mentions``): is a person in the reported happening, or only referred to?

Each person mention (one record of ``doc._.guanxi_persons``) gets one type, read from the grammar
around it, never from a list of names:

- ``byline``: the name is printed as the article's reporter, photographer, editor or signature
  (a byline record, or a name of the article's bylines);
- ``reference``: the person is named as the source of doctrine, instructions or words not spoken
  in the reported happening: the name fronts what is studied or followed (学习贯彻X总书记重要讲话
  精神, 按照X的指示, 传达学习X在…的讲话, X新时代中国特色社会主义思想), is commemorated (纪念X同志
  诞辰), or is quoted from an earlier occasion (X曾指出, 正如X所说, 此前X在…上指出, X在…时指出 by
  someone who takes no part in the happening);
- ``other``: named without taking part in a happening: only as the subject of a personnel
  decision or publicity list (see docs/careers.md), or anywhere in a commentary;
- ``present``: everything else: a participant of an extracted event, and anyone the article shows
  saying or doing something (村民张三说, a name in a list of award winners).

The frames of ``reference`` win over participation: a leader who chairs the meeting (present)
and whose speech at an earlier meeting is studied at it (reference) gets both, mention by mention.

Examples
--------
>>> persons = [{"start": 7, "end": 10, "name": "陈志远", "evidence": "after", "posts": []},
...            {"start": 24, "end": 27, "name": "王建国", "evidence": "title", "posts": []}]
>>> text = "会议传达学习了陈志远总书记重要讲话精神。市委书记王建国主持会议。"
>>> events = [{"participants": [{"name": "王建国", "role": "主持"}]}]
>>> mention_types(text, persons, events=events)
['reference', 'present']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from guanxi.extractors.components.base import Component
from guanxi.extractors.components.persons import doctrine_names
from guanxi.extractors.extensions import doc_text
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["MENTION_TYPES", "MentionsComponent", "mention_types"]

#: The mention types, in the order the documentation gives them.
MENTION_TYPES = ("present", "reference", "byline", "other")

# Where a clause starts and a sentence ends.
_CLAUSE_STOP = "，,。；;：:！？!?\n“”"
_SENTENCE_STOP = "。；;！？!?\n"
# Verbs that make what follows an object of study or obedience, not an actor.
_CUE = re.compile(
    r"学习|贯彻|落实|按照|根据|依照|遵照|遵循|传达|领会|践行|牢记|对照|秉承|沿着|聆听|重温|宣讲|宣传|解读|"
    r"感悟|研读|领悟|观看|收看"
)
_LIST_WORDS = ("以及", "及", "和", "还有", "并")
_LIST_GOES_ON = re.compile("^(?:" + "|".join(_LIST_WORDS) + ")")
# Honorifics and central posts printed after a name (X总书记, X同志, X主席).
_AFTER_NAME = re.compile(r"(?:总书记|主席|总理|委员长|同志)*")
# Any character inside a clause (full-width and ASCII punctuation both end one).
_IN = r"[^，,。；;！？!?]"
# What a referenced person is the source of. Strong objects are doctrinal on their own; weak ones
# (讲话, 要求) need a verb of study or obedience before the name. An occasion or a topic before the
# object ends in 的 (在…会议上的, 关于…的): 在会上作了重要讲话 is a speech, not its source.
_SOURCE = rf"(?:[在对就]{_IN}{{0,40}}?的|关于[^。；;]{{0,60}}?的|的|重要|系列|有关|\s)*"
_STRONG = re.compile(
    _SOURCE
    + r"(?:指示|批示|论述|思想|嘱托|回信|贺信|贺词|讲话精神|重要讲话|精神|理念|指引|号召|教诲|重要文章)"
)
_WEAK = re.compile(_SOURCE + r"(?:讲话|要求|部署|文章|著作|报告|讲座)")
# After a verb of study, the clause may go on to the source further on: headed by 的
# (X来我县调研时的重要讲话精神) or doctrinal (X视察本省重要讲话重要指示精神).
_HEADED = re.compile(
    rf"^{_IN}{{0,60}}?(?:的(?:“[^”]{{0,40}}”)?(?:重要|系列|总体|殷切)?(?:讲话|指示|批示|论述|思想|嘱托|回信|贺信|要求|精神|文章)"
    r"|重要讲话|重要指示|指示批示|批示精神|讲话精神|重要论述|重要要求|重要思想|重要回信)"
)
# A time before the reported happening (此前, 去年): words spoken then are quoted, not reported.
_EARLIER_TIME = re.compile(r"此前|之前|早前|去年|前年|上月|当年|早在")
# Commemoration of a (historical) person.
_COMMEMORATE_BEFORE = re.compile(r"纪念|缅怀|追忆|悼念|怀念|追思|祭奠|瞻仰")
_COMMEMORATE_AFTER = re.compile(rf"^{_IN}{{0,8}}?(?:诞辰|逝世\d*周年|故居|旧居|纪念馆|铜像|雕像|题词)")
# Words from an earlier occasion: X曾指出; 正如X所说; X在…时/上/中指出 (another occasion).
_EARLIER = re.compile(r"^曾(?:经)?")
_AS_SAID_WORDS = ("正如", "就像", "如同", "诚如")
_AS_SAID_BEFORE = re.compile("(?:" + "|".join(_AS_SAID_WORDS) + rf"){_IN}{{0,12}}$")
_AS_SAID_AFTER = re.compile(rf"^{_IN}{{0,6}}?所(?:说|言|指出|强调|讲)")
_SAID = r"[，,]?(?:指出|强调|说|要求|提出)"
_OCCASION_SPEECH = re.compile(rf"^在{_IN}{{1,40}}?(?:时|上|中|之际)(?:的讲话中)?{_SAID}")
# Another happening the speaker went to (在内蒙古考察时指出); 在致辞时, 在会上 are this one's.
_VISIT_SPEECH = re.compile(
    rf"^在{_IN}{{0,30}}?(?:考察|视察|调研|出席|参加|会见|座谈|来|到|赴){_IN}{{0,20}}?(?:时|期间){_SAID}"
)
_SPEECH = re.compile(r"^在[^，。；]{1,40}?(?:时|上|中|之际)(?:的讲话中)?[，,]?(?:指出|强调|说|要求|提出)")
_SPEECH = re.compile(r"^(?:[，,：:]?)(?:指出|强调|说|要求|提出)")

_CLAUSE_STOP_RE = re.compile("[" + re.escape(_CLAUSE_STOP) + "]")
_SENTENCE_STOP_RE = re.compile("[" + re.escape(_SENTENCE_STOP) + "]")
# Alternations of literal words searched for before a name (see _Around).
_BEFORE_WORDS = (_CUE, _COMMEMORATE_BEFORE, _EARLIER_TIME)
# Longest match of _LIST_GOES_ON, and of _AS_SAID_BEFORE (a word, then up to 12 characters).
_LIST_GOES_ON_MAX = max(map(len, _LIST_WORDS))
_AS_SAID_MAX = max(map(len, _AS_SAID_WORDS)) + 12


class _Around:
    """Where each clause and sentence of a text starts, and where the words :func:`_referenced`
    looks for before a name occur (all of them, overlapping): found once per text, so a mention's
    test reads no more of its sentence than the regexes it matches at the name. A sentence of a
    whole article (a long text without a full stop) would otherwise be scanned once per mention."""

    def __init__(self, text: str) -> None:
        self.clause_stops = [m.start() for m in _CLAUSE_STOP_RE.finditer(text)]
        self.sentence_stops = [m.start() for m in _SENTENCE_STOP_RE.finditer(text)]
        self.words = {pattern: _Occurrences(text, pattern) for pattern in _BEFORE_WORDS}

    def clause_start(self, pos: int) -> int:
        k = bisect_left(self.clause_stops, pos)
        return self.clause_stops[k - 1] + 1 if k else 0

    def sentence_start(self, pos: int) -> int:
        k = bisect_left(self.sentence_stops, pos)
        return self.sentence_stops[k - 1] + 1 if k else 0

    def found(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """``pattern.search(text[start:end])``, for a pattern of :data:`_BEFORE_WORDS`."""
        return self.words[pattern].within(start, end)


class _Occurrences:
    """Every occurrence of the words of an alternation of literal words (overlapping ones too)."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        words = sorted(pattern.pattern.split("|"), key=len)  # the shortest word first at a start
        if any(not w or re.escape(w) != w for w in words):
            raise ValueError(f"not an alternation of literal words: {pattern.pattern}")
        ahead = re.compile("(?=(" + "|".join(words) + "))")
        found = [(m.start(), m.end(1)) for m in ahead.finditer(text)]
        self.starts = [s for s, _ in found]
        # the earliest end of the occurrences from each one on
        self.first_end = [e for _, e in found]
        for k in range(len(found) - 2, -1, -1):
            self.first_end[k] = min(self.first_end[k], self.first_end[k + 1])

    def within(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, start)
        return k < len(self.starts) and self.first_end[k] <= end


def _after(text: str, m: dict[str, Any]) -> int:
    """Where the predicate of mention *m* starts: after the name, its posts printed after it
    (X总书记) and honorifics."""
    end = m["end"]
    for p in m.get("posts", ()):
        if p["start"] >= end and p["start"] - end <= 1:
            end = max(end, p["end"])
    return end + len(_AFTER_NAME.match(text, end).group())


def _referenced(
    text: str, m: dict[str, Any], participant: bool, doctrines: set[int], around: _Around
) -> bool:
    """True when the grammar around mention *m* makes it a reference (see the module docstring)."""
    end = _after(text, m)
    rest = text[end : end + 80]
    start = m["start"]
    clause, sentence = around.clause_start(start), around.sentence_start(start)
    # A clause opening with 以及/和 goes on with the list of what the sentence studies.
    opens_list = _LIST_GOES_ON.match(text[clause : min(start, clause + _LIST_GOES_ON_MAX)])
    cue = around.found(_CUE, sentence if opens_list else clause, start)
    if _STRONG.match(rest) or (cue and (_WEAK.match(rest) or _HEADED.match(rest))):
        return True
    if start in doctrines:
        return True
    if around.found(_COMMEMORATE_BEFORE, clause, start) or _COMMEMORATE_AFTER.match(rest):
        return True
    # _AS_SAID_BEFORE ends at the name: a match starts in its last _AS_SAID_MAX characters
    said_before = text[max(sentence, start - _AS_SAID_MAX) : start]
    if _EARLIER.match(rest) or (_AS_SAID_BEFORE.search(said_before) and _AS_SAID_AFTER.match(rest)):
        return True
    if around.found(_EARLIER_TIME, sentence, start) and _OCCASION_SPEECH.match(rest):
        return True
    if participant:
        return False
    # Speech by someone taking no part: at another happening, or under a post printed after the name.
    if _VISIT_SPEECH.match(rest):
        return True
    return m.get("evidence") == "after" and bool(_SPEECH.match(rest))


def mention_types(
    text: str,
    persons: Sequence[dict[str, Any]],
    *,
    events: Sequence[dict[str, Any]] = (),
    decided: Sequence[str] = (),
    reporters: Sequence[str] = (),
    kind: str | None = None,
) -> list[str]:
    """The type of each person mention record in *persons* (aligned with it).

    Parameters
    ----------
    text:
        The article's text.
    persons:
        ``doc._.guanxi_persons`` records (``start``, ``end``, ``name``, ``evidence``, ``posts``).
    events:
        ``doc._.guanxi_events`` records: their participants are present.
    decided:
        Names of the article's personnel decisions and publicity-list particulars.
    reporters:
        Names of the article's bylines (as the segmenter and the bylines component read them).
    kind:
        The article's kind (``commentary`` names nobody present).
    """
    bylines = {m["name"] for m in persons if m.get("evidence") == "byline"} | set(reporters)
    participants = {p["name"] for ev in events for p in ev.get("participants", ())}
    doctrines = {start for start, _end, _name in doctrine_names(text)}
    around = _Around(text) if persons else None
    out = []
    for m in persons:
        name = m["name"]
        if name in bylines:
            out.append("byline")
        elif _referenced(text, m, name in participants, doctrines, around):
            out.append("reference")
        elif name in participants:
            out.append("present")
        elif name in decided or kind == "commentary":
            out.append("other")
        else:
            out.append("present")
    return out


class MentionsComponent(Component):
    """spaCy component ``guanxi_mentions``: ``doc._.guanxi_mentions``, the type of each record of
    ``doc._.guanxi_persons`` (same order). Reads the bylines, persons, events, appointments and
    profiles, and the caller's article metadata (reporters, kind)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def process(self, doc: Doc) -> Doc:
        meta = doc._.guanxi_article or {}
        decided = [a["name"] for a in doc._.guanxi_appointments or []]
        decided += [p["name"] for p in doc._.guanxi_profiles or []]
        reporters = [*meta.get("reporters", ()), *(b["name"] for b in doc._.guanxi_bylines or [])]
        doc._.guanxi_mentions = mention_types(
            doc_text(doc),
            doc._.guanxi_persons or [],
            events=doc._.guanxi_events or [],
            decided=decided,
            reporters=reporters,
            kind=meta.get("kind"),
        )
        return doc


@Language.factory(
    "guanxi_mentions",
    assigns=["doc._.guanxi_mentions"],
    requires=[
        "doc._.guanxi_bylines",
        "doc._.guanxi_persons",
        "doc._.guanxi_events",
        "doc._.guanxi_appointments",
        "doc._.guanxi_profiles",
    ],
)
def make_mentions(nlp: Language, name: str) -> MentionsComponent:
    """Factory of ``guanxi_mentions``."""
    return MentionsComponent(nlp, name)
