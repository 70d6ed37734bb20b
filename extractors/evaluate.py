"""Score per-page extractions (gold schema) against gold, with the reference scorer's definitions.

Both sides are JSONL files of the gold schema (GUIDELINES.md), one object per page, keyed by the
stem of ``file``. Every category is micro P/R/F1 over the distinct items of each page, summed
over the pages of the gold file:

- ``articles`` (by title), ``reporters``, ``persons``, ``officials``, ``organizations``,
  ``places``: sets of normalized strings (punctuation and spaces removed); a prediction equal to
  an ``optional`` item of the page (and not gold) is ignored;
- ``titles``: (person, title) pairs, the home city/province stripped from the front of the title;
  a predicted title matches a gold one when equal or when the gold title is its suffix (a fuller
  form), each predicted pair used once;
- ``event_roles``: (month-day, person, role) triples; ``person_roles``: (person, role) pairs;
- ``person_kind_acc``: share of predicted persons also in gold with the gold kind;
- ``article_date_acc``: share of predicted articles whose title is a dated gold title with the
  same month and day;
- ``appointments`` (only when a gold page has an ``appointments`` key): (person, action, canonical
  post) triples, the home city/province stripped from the front of the post as for titles.

Examples
--------
>>> gold = {"p": {"file": "p.txt", "places": ["沁县", "南里镇"], "optional": ["长子"]}}
>>> pred = {"p": {"file": "p.txt", "places": ["沁县", "长子", "太原"]}}
>>> score(gold, pred)["places"]
(0.5, 0.5, 0.5)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guanxi.errors import GuanxiError, InputError
from guanxi.jsonl import read_jsonl

__all__ = ["CATEGORIES", "EvaluationError", "appointment_triples", "load_gold", "norm", "rounded", "score"]

#: The P/R/F1 categories, in report order; two accuracies follow them.
CATEGORIES = (
    "articles",
    "reporters",
    "persons",
    "officials",
    "titles",
    "organizations",
    "places",
    "event_roles",
    "person_roles",
)

# What norm() removes: whitespace and the punctuation a name may be printed with or without.
_PUNCT = re.compile(r"[\s\u3000·•—\-－_《》<>“”\"'‘’（）()【】\[\]，,。:：;；!！?？、|#*]+")
_HOME_SUFFIX = re.compile(r"(省|市|自治区|自治州|地区|盟)$")
_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})$")


class EvaluationError(GuanxiError):
    """A gold or prediction file cannot be read."""


def norm(text: str | None) -> str:
    """Remove spaces and punctuation: the form in which items are compared.

    >>> norm("《长治市 条例》")
    '长治市条例'
    """
    return _PUNCT.sub("", text or "")


def _stem(name: str | None) -> str | None:
    return Path(name).stem if name else name


def load_gold(path: str | Path) -> dict[str | None, dict[str, Any]]:
    """Read a gold-schema JSONL file into ``{file stem: page object}``.

    Raises
    ------
    EvaluationError
        When the file cannot be read or a line is not a JSON object (message: path:line: reason).
    """
    out: dict[str | None, dict[str, Any]] = {}
    try:
        for obj in read_jsonl(path, errors="raise"):  # a page left out would change the score
            out[_stem(obj.get("file"))] = obj
    except InputError as err:
        raise EvaluationError(str(err)) from err
    return out


@dataclass(slots=True)
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, counts: tuple[int, int, int]) -> None:
        self.tp += counts[0]
        self.fp += counts[1]
        self.fn += counts[2]

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _set_counts(
    gold: Iterable[str | None], pred: Iterable[str | None], optional: Iterable[str] = ()
) -> tuple[int, int, int]:
    want = {n for x in gold if (n := norm(x))}
    ignored = {norm(x) for x in optional} - want
    got = {n for x in pred if (n := norm(x))} - ignored
    return len(want & got), len(got - want), len(want - got)


def _strip_home(title: str | None, home: Mapping[str, str | None]) -> str:
    # Drop the home city/province (full or short) from the front, repeatedly: 山西省长治市市长 -> 市长.
    t = norm(title)
    prefixes = []
    for value in home.values():
        if value:
            prefixes += [norm(value), norm(_HOME_SUFFIX.sub("", value))]
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if p and t.startswith(p) and len(t) > len(p):
                t, changed = t[len(p) :], True
    return t


def _title_pairs(
    persons: list[dict[str, Any]] | None, home: Mapping[str, str | None]
) -> set[tuple[str, str]]:
    return {(norm(p.get("name")), _strip_home(t, home)) for p in persons or [] for t in p.get("titles") or []}


def _pair_counts(gold: set[tuple[str, str]], pred: set[tuple[str, str]]) -> tuple[int, int, int]:
    # Greedy one-to-one matching, in sorted order so that the result does not depend on set order.
    used: set[tuple[str, str]] = set()
    tp = 0
    for name, title in sorted(gold):
        for pp in sorted(pred):
            if pp in used or pp[0] != name:
                continue
            if pp[1] == title or (len(title) >= 2 and pp[1].endswith(title)):
                used.add(pp)
                tp += 1
                break
    return tp, len(pred) - len(used), len(gold) - tp


def _month_day(date: Any) -> str:
    if not date:
        return ""
    m = _MONTH_DAY.search(str(date))
    return f"{int(m.group(1)):02d}-{int(m.group(2)):02d}" if m else ""


def _participants(events: list[dict[str, Any]] | None) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    for e in events or []:
        for p in e.get("participants") or []:
            yield e, p


def _role_triples(events: list[dict[str, Any]] | None) -> set[tuple[str, str, Any]]:
    return {(_month_day(e.get("date")), norm(p.get("name")), p.get("role")) for e, p in _participants(events)}


def _role_pairs(events: list[dict[str, Any]] | None) -> set[tuple[str, Any]]:
    return {(norm(p.get("name")), p.get("role")) for _, p in _participants(events)}


def appointment_triples(
    appointments: list[dict[str, Any]] | None, home: Mapping[str, str | None]
) -> set[tuple[str, str, str]]:
    """(person, action, canonical post) of a page's appointments, as scored."""
    return {
        (norm(a.get("person")), str(a.get("action")), _strip_home(a.get("canonical") or a.get("title"), home))
        for a in appointments or []
    }


def _titles(articles: list[dict[str, Any]] | None) -> list[str]:
    return [t for a in articles or [] if (t := norm(a.get("title")))]


def score(
    gold: Mapping[Any, dict[str, Any]], pred: Mapping[Any, dict[str, Any]]
) -> dict[str, tuple[float, ...]]:
    """Score *pred* against *gold* (both ``{file stem: page object}``, as from :func:`load_gold`).

    Returns
    -------
    dict
        ``{category: (precision, recall, f1)}`` for :data:`CATEGORIES`, then
        ``person_kind_acc`` and ``article_date_acc`` as 1-tuples, then ``appointments`` when the
        gold has them. A gold page missing from *pred*
        counts as an empty prediction.
    """
    tally = {k: _Tally() for k in CATEGORIES}
    with_appointments = any("appointments" in g for g in gold.values())
    appointments = _Tally()
    kind_ok = kind_n = date_ok = date_n = 0
    for key, g in gold.items():
        p = pred.get(key, {})
        home = g.get("home") or {}
        optional = g.get("optional") or []
        tally["articles"].add(_set_counts(_titles(g.get("articles")), _titles(p.get("articles"))))
        dated = {t: _month_day(a.get("date")) for a in g.get("articles") or [] if (t := norm(a.get("title")))}
        for a in p.get("articles") or []:
            t = norm(a.get("title"))
            if t and dated.get(t):
                date_n += 1
                date_ok += _month_day(a.get("date")) == dated[t]
        tally["reporters"].add(
            _set_counts(
                {r for a in g.get("articles") or [] for r in a.get("reporters") or []},
                {r for a in p.get("articles") or [] for r in a.get("reporters") or []},
            )
        )
        gp, pp = g.get("persons") or [], p.get("persons") or []
        tally["persons"].add(_set_counts([x["name"] for x in gp], [x.get("name") for x in pp], optional))
        tally["officials"].add(
            _set_counts(
                [x["name"] for x in gp if x.get("kind") == "official"],
                [x.get("name") for x in pp if x.get("kind") == "official"],
                optional,
            )
        )
        kinds = {norm(x["name"]): x.get("kind") for x in gp}
        for x in pp:
            n = norm(x.get("name"))
            if n in kinds:
                kind_n += 1
                kind_ok += x.get("kind") == kinds[n]
        tally["titles"].add(_pair_counts(_title_pairs(gp, home), _title_pairs(pp, home)))
        for cat in ("organizations", "places"):
            tally[cat].add(_set_counts(g.get(cat) or [], p.get(cat) or [], optional))
        for cat, collect in (("event_roles", _role_triples), ("person_roles", _role_pairs)):
            want, got = collect(g.get("events")), collect(p.get("events"))
            tally[cat].add((len(want & got), len(got - want), len(want - got)))
        if with_appointments:
            want = appointment_triples(g.get("appointments"), home)
            got = appointment_triples(p.get("appointments"), home)
            appointments.add((len(want & got), len(got - want), len(want - got)))
    rows: dict[str, tuple[float, ...]] = {k: t.prf() for k, t in tally.items()}
    if with_appointments:
        rows["appointments"] = appointments.prf()
    rows["person_kind_acc"] = (kind_ok / kind_n if kind_n else 0.0,)
    rows["article_date_acc"] = (date_ok / date_n if date_n else 0.0,)
    return rows


def rounded(rows: Mapping[str, tuple[float, ...]]) -> dict[str, list[float]]:
    """The scores as the reference scorer's ``--json`` prints them (4 decimals, lists)."""
    return {k: [round(x, 4) for x in v] for k, v in rows.items()}
