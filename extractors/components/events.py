"""Events and the roles of their participants (``guanxi_events``).

An article reports one main happening (its headline and lead: 召开, 举行, 调研, 签约, 逝世...) and
sometimes a later one introduced by its own date (13日上午，…召开座谈会). Participants are read
from the verbs after a group of names: a group is the names of one subject list (titles, 、, 及
between them), its predicate runs to the next group or the end of the sentence.

Roles: 主持 (主持), 讲话 (讲话, 强调, 指出, 致辞, 作…说明), 出席 (出席, 参加, 列席), 带队 (带领, 带队,
率), 调研 (调研, 考察, 深入, 检查...; a leader of an inspection also 调研s), 陪同 (陪同), 其他 (签约,
荣获, 逝世...). Quoted words (表示, 说, 介绍) count as 讲话 only for someone already taking part.

Examples
--------
>>> text = "3月18日，市委组织部召开理论学习中心组会议。市委常委、组织部部长王建国主持并讲话。"
>>> persons = [{"start": 31, "end": 34, "name": "王建国", "evidence": "title",
...             "posts": [{"title": "组织部部长", "start": 26, "end": 31}]}]
>>> ev = find_events(text, persons=persons, title="市委组织部理论学习中心组会议召开", date="2025-03-18")[0]
>>> ev["type"], ev["title"], [(p["name"], p["role"]) for p in ev["participants"]]
('meeting', '市委组织部理论学习中心组会议', [('王建国', '主持'), ('王建国', '讲话')])
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from guanxi.extractors.bylines import parse_dateline
from guanxi.extractors.components.base import Component
from guanxi.extractors.extensions import doc_text, snap
from spacy.language import Language
from spacy.tokens import Doc, Span

from guanxi.continuation import LAYOUT_MARK
from guanxi.han import HAN

__all__ = ["EventsComponent", "event_type", "find_events"]

_SENT = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("notice", re.compile(r"逝世|病故|告别仪式|讣告|追悼|辞世")),
    ("signing", re.compile(r"签约|签署|签订|签字")),
    (
        "meeting",
        re.compile(
            r"会议|全会|座谈会|会见|会晤|接见|(?<!常委)(?<!委员)会(?:召开|举行)|研讨会|推进会|部署会|调度会|联席会|电视电话会|报告会|见面会|交流会|例会|务虚会|议事会|恳谈会|会谈|大会"
        ),
    ),
    ("inspection", re.compile(r"调研|考察|视察|检查|督导|督查|走访|慰问|巡河|巡林|巡边|回访|察看|暗访|巡视|巡察")),
    (
        "activity",
        re.compile(
            r"活动|仪式|开幕|闭幕|培训|比赛|大赛|竞赛|比武|展览|宣传周|宣讲|志愿服务|演出|集市|课堂|行动|开工|"
            r"揭牌|推介|表彰|颁奖|庆祝|纪念"
        ),
    ),
)
_TITLE_TAIL = re.compile(
    r"(?:隆重|顺利|正式|胜利|成功|圆满|如期|在[^，。]{1,10})?(?:召开|举行|举办|开幕|闭幕|启动|落幕|开班|结业|开营|成立|开馆)$"
)
_ORGANIZE = re.compile(r"召开|举办|举行|主办|承办|组织|开展|联合开展|联合|发起")
_PLACE_CUE = re.compile(r"在|赴|到|深入|来到|走进|前往|来")

# Verbs of a predicate -> roles. Order matters only for readability; every match adds its role.
_ROLE_VERBS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("主持", re.compile(r"主持")),
    (
        "讲话",
        re.compile(
            r"讲话|强调|指出|致辞|致词|传达|领学|点评|安排部署|作出部署|致[^，。]{0,4}辞|发言|要求|作(?:了)?[^，。]{0,24}(?:说明|报告|讲座|辅导|安排|部署|总结|动员)|讲授|授课|"
            r"讲解|提出要求|寄语|通报|汇报|宣读|向[^，。]{0,10}报告工作|介绍(?:了)?[^，。]{1,20}(?:情况|项目|经验|做法|成果)"
        ),
    ),
    # 参加工作, 参加革命 of a life's record say when a career began, not who attended
    ("出席", re.compile(r"出席|参加(?!工作|革命)|列席|参会|到会|就座|就坐|与[^，。]{0,12}座谈|观看|观赏")),
    ("带队", re.compile(r"带领|带队|率领|率队|^率|领队")),
    ("调研", re.compile(r"调研|考察|视察|检查|督导|督查|深入|走访|察看|查看|实地|巡河|巡林|巡边|回访|慰问|巡视|巡察")),
    # 一同/一道 (together) accompanies unless it joins the audience (与观众一同观看: they attend)
    ("陪同", re.compile(r"陪同|^[^与和同，。]{0,6}(?:一同|一道)")),
    (
        "其他",
        re.compile(
            # a ceremony's act, not its name (出席启动仪式, 参加颁奖大会: 出席 only)
            r"(?:启动|奠基|揭牌|剪彩|颁奖|授牌|授旗|颁证)(?!仪式|典礼|大会|会|式)|"
            r"荣获|获评|当选|逝世|病故|受表彰|抓获|侦破|宣布[^，。]{0,12}(?:开幕|闭幕|开工|启动|开班|开营|开业|开园|开馆|成立)|见证|会见|会晤|会谈|接见|颁发|"
            r"接受[^，。]{0,8}采访|"
            r"^(?:分别)?(?:与|同|和)[^。]{0,80}?(?:签约|签署|签订)|^(?:分别)?(?:代表[^，。对的]{0,20})?(?:签约|签署|签订)"
        ),
    ),
)
# A host named before the guests of talks (X与来访的Y一行举行会谈).
_WITH_TALKS = re.compile(r"(?:分别)?(?:与|同|和)[^。]{0,80}?(?:会谈|会晤|会见)")
# Words said by someone taking part: 表示, 说 right after the name, also after 代表… and 对…
# (代表县政府对新厂投产表示祝贺, 对各位嘉宾的光临表示感谢).
_QUOTE = re.compile(
    r"^(?:代表[^，。对]{0,16})?(?:对[^，。]{0,24})?(?:在[^，。]{0,10})?(?:表示|说|介绍|认为|谈到)"
)
# A speech verb opening what was said (强调，…; 指出：…): verbs inside the words said are no
# roles of the speaker (张三强调，要尽快启动防汛预案 is no 启动).
_SAID = re.compile(r"(?:强调|指出|表示|要求|认为|说)[，,：:]")
# The person visited, not visiting: 来到困难群众张三家中, 走访了李四等三户 (an inspection's host).
_HOST_AFTER = re.compile(r"^(?:的)?家(?:中|里)?")
_HOST_BEFORE = re.compile(
    r"(?:走访|看望|慰问|探望)(?:了)?(?:[^，。、]{0,10}?(?:村民|群众|居民|困难户|贫困户|党员|老人|职工|家庭))?$"
    # the guests met (会见了来青禾考察的X一行): their part in the meeting is no visit of their own
    r"|(?:会见|会晤|接见)(?:了)?[^，。、]{0,16}$"
    r"|(?:村民|群众|居民|困难户|贫困户|老党员|老人)$"
)
# A verb closing a relative clause before a noun (会见了来青禾考察的客商, 前来出席开幕式的嘉宾) is what
# the people named after it did, not the subject's act (but 调研的路上 is the subject's own).
_RELATIVE = re.compile(
    r"(?:调研|考察|视察|检查|参观|走访|参加|出席|慰问|陪同)(?:了|过)?[^，。、；的]{0,5}的"
    r"(?!路上|途中|过程|时候|同时|基础上)"
)


def _unless_first(m: re.Match[str]) -> str:
    return m.group() if m.start() == 0 else ""


# 他强调 / 她在讲话中指出 / 其在会上要求 opening a sentence (after a scene word: 会上，他指出); 其 as a
# pronoun, not 其中/其他/其余/其实.
_PRONOUN_SPEECH = re.compile(
    r"^(?:(?:会上|会议上|座谈中|座谈会上|调研中|期间|随后|最后|同时)[，,]?)?(?:他|她|其(?![中他余实次]))"
    r"(?:在[^，。]{0,10})?(?:强调|指出|表示|要求|说)"
)
# Roles that make no one the subject a later 他 refers to: those who accompany, and those visited.
_NO_SUBJECT = {"陪同", "其他"}
# Between two names of one list: other names the person grammar did not read (、韩冬梅、).
_UNREAD_NAMES = re.compile(rf"(?:[、，,][{HAN}·]{{2,4}})+[、，,和及]")
_SEP = re.compile(r"[\s、，,及和与等同志]+")
# A lead opening with when it happened, the date left relative (昨天上午，…举行): a news report
# even where no date can be read, unlike reportage (初冬时节，走进…村).
_TIME_LEAD = re.compile(r"(?:昨天|昨日|今天|今日|前天|日前|近日|上周|本周|上月|本月|\d{1,2}日)")
_LATER_DATE = re.compile(r"^(?:(\d{1,2})月)?(\d{1,2})日(?:上午|下午|晚|晚上|中午)?[，,]?")


def event_type(text: str) -> str | None:
    """The type of happening a headline or lead reports, or None."""
    for name, pattern in _TYPES:
        if pattern.search(text):
            return name
    return None


# Lead-derived titles. Layout marks of continued articles (LAYOUT_MARK) are no part of any sentence.
_BYLINE = re.compile(r"^\s*本报讯\s*(?:[(（][^)）]{0,30}[)）])?\s*")
_CLAUSE = re.compile(r"[^，,；;。！？!?]+")
_ATTENDANCE_LIST = re.compile(
    r"^(?:(?P<verb>出席|列席|参加|陪同)[^，。：:]{0,12}的[^，。：:]{0,24}?(?:有|是|为|包括)[:：]?)"
)
_BULLET = re.compile(r"^[\s▲△▼↑↓←→●◆■□★◎•]+")
# A clause that is only a date, a time word or its leading dateline (2024年)3月5日上午 / 日前 / 昨天.
_DATE_CLAUSE = re.compile(
    r"^(?:(?:\d{2,4}年)?\d{1,2}月\d{1,2}日(?:[至到-]\d{1,2}日)?|近日|日前|连日来|近期|昨天|昨日|今天|今日|前不久)"
    r"(?:上午|下午|早上|晚上|晚|中午|凌晨)?"
)
# Clauses that set the scene rather than say what happened: 正值国际志愿者日, 在春节来临之际,
# 11月9日是“全国消防日”, 社区“四点半课堂”上, 为深化…, 根据…安排, 在X的陪同下, 圆满完成议程后.
_SCENE = re.compile(
    r"^(?:正值|时值|适逢|恰逢|正逢|值此|值|在.{0,30}?之际|为了?|根据|按照|依据|围绕|针对|结合|随着|据|由于|作为)"
    r"|(?:之际|前夕|期间|以来|之后|后|时|上|中|下|里)$"
    r"|是[“\"]?[^，,]{0,20}(?:日|节|周|月)[”\"]?$"
)
# Purpose clauses continuing a 为… clause (为深化…，推动…，促进…): a title only when nothing else is.
_PURPOSE = re.compile(r"^(?:推动|促进|进一步|切实|助力|推进|提升|加强|确保|不断|积极|深化|巩固|营造|引导)")
# Verbs of a happening: the clause holding one (and its object) names the event.
_EVENT_VERB = re.compile(
    r"召开|举行|举办|开展|启动|调研|座谈|签约|签署|签订|考察|视察|慰问|走访|督导|检查|开幕|闭幕|揭牌|开工|"
    r"表彰|颁奖|培训|宣讲|组织|开班|拉开帷幕|落幕|主持|出席"
)
# Where a long clause may end: a quoted name and what follows it, or an event noun.
_TITLE_END = re.compile(
    r"[”》](?:[^，,“”]{0,8}?(?:活动|会议|大会|仪式|比赛|大赛|竞赛|集市|行动|讲座|课堂|论坛|展览|展|节|周))?"
    r"|(?:活动|会议|大会|座谈会|推进会|仪式|比赛|大赛|竞赛|集市|行动|讲座|论坛|展览|培训班|培训)"
)
_LEAD_TAIL = re.compile(
    r"(?:在[^，。]{1,30}?)?(?:隆重|顺利|正式|胜利|成功|圆满|如期)?"
    r"(?:召开|举行|举办|开幕|闭幕|启动|落幕|开班|结业|开营|成立|开馆|拉开帷幕|拉开序幕)$"
)
_SPEECH_TAIL = re.compile(r"(?:强调|指出|表示|要求|认为|说)$")
_TITLE_MAX = 40


def _event_title(title: str | None, lead: str) -> str:
    if title:
        t = re.sub(r"\s+", " ", title).strip()
        return _TITLE_TAIL.sub("", t) or t
    return _lead_title(lead)


def _lead_title(lead: str) -> str:
    """A short description of what the lead reports: the clause with the event verb.

    Scene-setting clauses (正值…, X是“…日”, …课堂上, 为…) and layout marks (上接第一版) are skipped;
    a long clause is cut after a quoted name or an event noun, else at a list boundary with an
    ellipsis, never inside a word.
    """
    # a caption's or a brief's mark (▲4月7日，…; ●近日，…) is no part of the description
    text = _BULLET.sub("", LAYOUT_MARK.sub("", lead))
    # 新华社北京12月5日电, 青禾网讯（记者 X）: the agency's dateline is no part of the description
    dateline = parse_dateline(text)
    text = text[len(dateline.text) :] if dateline else _BYLINE.sub("", text)
    clauses = []
    for m in _CLAUSE.finditer(text):
        c = m.group().strip()
        date = _DATE_CLAUSE.match(c)
        if date:  # 3月5日上午 / 11月9日是“全国消防日”: the dateline is no part of the description
            rest = c[date.end() :].strip()
            c = rest if not rest.startswith("是") else c
        if c:
            clauses.append(c)
    if not clauses:  # a lead of layout marks only
        return _shorten(re.sub(r"\s+", "", text))
    plain = [c for c in clauses if not _SCENE.search(c) and not _DATE_CLAUSE.fullmatch(c)]
    chosen = (
        next((c for c in plain if _EVENT_VERB.search(c)), None)
        or next((c for c in plain if not _PURPOSE.match(c)), None)
        or (plain or clauses)[0]
    )
    # a long subject list before an inner date (…等同志于9月15日深入…开展回访工作): the predicate says it
    inner = re.search(r"于?\d{1,2}月\d{1,2}日(?:上午|下午|晚上|晚)?", chosen)
    if len(chosen) > _TITLE_MAX and inner and _EVENT_VERB.search(chosen, inner.end()):
        chosen = chosen[inner.end() :]
    # 共同举办了“…”活动: the aspect marker after the verb adds nothing to a name
    chosen = re.sub(r"(?<=[办行开展约署订])了", "", chosen)
    chosen = re.sub(r"[(（]以下简称[^)）]*[)）]", "", chosen)
    # a photo caption's position marks (王某（左二）在…调研, （前排左三）) name no part of the happening
    chosen = re.sub(
        r"[(（](?:[前后中]排|第[一二三四五六七八九十\d]+排)?(?:[左右中前后]排?[一二三四五六七八九十\d]*|居中)[)）]",
        "",
        chosen,
    )
    chosen = re.sub(r"^为期[^，,的]{1,6}的", "", chosen)
    # 开工仪式在高新区举行 -> 开工仪式, but 我市启动 keeps its verb: the rest must name a happening
    stripped = _LEAD_TAIL.sub("", chosen)
    chosen = stripped if stripped and event_type(stripped) else chosen
    if _SPEECH_TAIL.search(chosen) and chosen in clauses[:-1]:
        # 会议强调，要…: a bare "会议" would name every meeting; what was stressed tells this one
        chosen = f"{chosen}，{clauses[clauses.index(chosen) + 1]}"
    return _shorten(chosen)


def _shorten(clause: str, limit: int = _TITLE_MAX) -> str:
    """Cut a clause at a word boundary: after a quoted name or an event noun, else at a list
    boundary (、 or a space) with an ellipsis."""
    if len(clause) <= limit:
        return clause
    # an event noun may run a little past the limit rather than be cut in half
    ends = [m.end() for m in _TITLE_END.finditer(clause) if limit // 2 <= m.end() <= limit + 10]
    if ends:
        return clause[: max(ends)]
    cuts = [m.start() for m in re.finditer(r"[、\s]", clause) if limit // 2 <= m.start() <= limit]
    return clause[: max(cuts) if cuts else limit] + "…"


def _groups(text: str, mentions: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = []
    for m in mentions:
        if groups:
            gap = text[groups[-1][-1]["end"] : m["start"]]
            # the titles printed between the two names: the next one's before it, and the last
            # one's after it (钱卫东副市长、孙立平局长陪同)
            for p in (*m.get("posts", ()), *groups[-1][-1].get("posts", ())):
                gap = gap.replace(p["title"], "")
            if not _SEP.sub("", gap) or _UNREAD_NAMES.fullmatch(gap):
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


def _group_start(m: dict[str, Any]) -> int:
    starts = [
        p["start"] for p in m.get("posts", ()) if p.get("end", 0) <= m["start"] and p["start"] < m["start"]
    ]
    return min([*starts, m["start"]])


def find_events(
    text: str,
    *,
    persons: Sequence[dict[str, Any]] = (),
    organizations: Sequence[tuple[int, int, str]] = (),
    places: Sequence[tuple[int, int, str]] = (),
    title: str | None = None,
    date: str | None = None,
    kind: str | None = None,
    journalists: Sequence[str] = (),
    subtitle: str | None = None,
) -> list[dict[str, Any]]:
    """Find the events of an article.

    Parameters
    ----------
    text:
        The article's text.
    persons:
        Person mention records (``start``, ``end``, ``name``, ``evidence``, ``posts``) of the
        persons component.
    organizations, places:
        ``(start, end, name)`` of non-optional mentions.
    title, date, kind:
        The article's headline, ISO date (``YYYY-MM-DD`` or ``--MM-DD``) and kind.
    journalists:
        Names in the article's bylines: never participants.
    subtitle:
        The line under the headline (王建国深入甲县乙县丙县调研), read when the headline is a slogan.

    Returns
    -------
    list[dict]
        ``title, type, date, date_end, organizers, places, participants [{name, role}], start, end``.
    """
    sentences = [(m.start(), m.end()) for m in _SENT.finditer(text) if m.group().strip()]
    if not sentences:
        return []
    # The headline says what happened unless it is a slogan; then the subtitle or the lead does.
    lead_start, lead_end = _lead(text, sentences)
    by_title = event_type(title) if title else None
    by_subtitle = event_type(subtitle) if subtitle else None
    by_lead = event_type(text[lead_start:lead_end]) or event_type(
        text[: sentences[min(1, len(sentences) - 1)][1]]
    )
    if by_title in (None, "activity") and (by_subtitle or by_lead) not in (None, "activity"):
        etype = by_subtitle or by_lead
        title = subtitle if by_subtitle else title
    else:
        etype = by_title or by_subtitle or by_lead
    excluded = {m["name"] for m in persons if m.get("evidence") == "byline"} | set(journalists)
    mentions = sorted((m for m in persons if m["name"] not in excluded), key=lambda m: m["start"])
    starts = [m["start"] for m in mentions]
    if etype is None and not mentions:
        return []
    if kind in ("commentary", "interview"):
        return []
    if kind == "notice" and etype is None:
        return []  # an office's notice (公告, 任前公示): no happening; its appointments are read apart
    if kind == "feature" and not date and not _TIME_LEAD.match(text[lead_start:lead_end].strip()):
        return []  # reportage or a profile: what it tells is no dated happening
    date_end = None
    lead = _lead_date(text[lead_start:lead_end], date)
    if lead is not None:
        date = date or lead.iso
        if lead.iso_end and date and lead.iso and date[-5:] == lead.iso[-5:]:
            date_end = lead.iso_end
    main = _new_event(text, title, etype or "activity", date, lead_start, lead_end, organizations, places)
    main["date_end"] = date_end
    events = [main]
    current = main
    last_subject: str | None = None
    for s0, s1 in sentences:
        sent = text[s0:s1].strip()
        later = _LATER_DATE.match(sent) if s0 >= lead_end else None
        if later and event_type(sent) and current["date"]:
            iso = _shift_day(current["date"], later.group(1), later.group(2))
            if iso and iso != current["date"]:
                current = _new_event(
                    text, None, event_type(sent) or "activity", iso, s0, s1, organizations, places
                )
                events.append(current)
        ms = mentions[bisect_left(starts, s0) : bisect_left(starts, s1)]
        pronoun = _PRONOUN_SPEECH.match(sent)
        at = s0 + len(text[s0:s1]) - len(text[s0:s1].lstrip())  # where *sent* starts
        if last_subject and pronoun and (not ms or ms[0]["start"] >= at + pronoun.end()):
            _add_role(current, last_subject, "讲话")
        if not ms:
            continue
        groups = _groups(text, ms)
        # 出席会议的市领导有：A、B、C — the verb before the list names every name's part
        listed = _ATTENDANCE_LIST.match(sent)
        for gi, g in enumerate(groups):
            pred_start = g[-1]["end"]
            pred_end = _group_start(groups[gi + 1][0]) if gi + 1 < len(groups) else s1
            pred = text[pred_start : max(pred_start, pred_end)]
            g = [m for m in g if m["name"] not in excluded and not _named_post(text, m["end"])]
            if not g:
                continue
            said = _SAID.search(pred)
            acts = _RELATIVE.sub(_unless_first, pred[: said.end()] if said else pred)
            roles = [role for role, pattern in _ROLE_VERBS if pattern.search(acts)]
            if listed and not roles and _group_start(g[0]) >= at + listed.end():
                # 出席会议的还有…, 列席会议的有：… (列席, 参加 as 出席); 陪同调研的有…
                roles = ["陪同" if listed["verb"] == "陪同" else "出席"]
            elif not roles and _WITH_TALKS.match(text, pred_start, s1):
                roles = ["其他"]  # 市长X与来访的Y一行举行会谈: the host of the talks
            if _HOST_AFTER.match(pred) or _HOST_BEFORE.search(text, s0, _group_start(g[0])):
                roles = ["其他"]  # the family or person visited
            # 在X的陪同下 / 在X的带领下: the verb after 的 names the group's role only
            if re.match(r"^的(?:陪同|带领)下", pred):
                roles = ["陪同"] if "陪同" in pred[:4] else ["带队"]
            if "陪同" in roles:
                roles = [r for r in roles if r not in ("出席", "调研")]
            if "调研" in roles and (current["type"] != "inspection" or "出席" in roles):
                roles.remove("调研")
            # 代表…对Y一行的到来表示欢迎: the words are the group's, across a name inside the 对… phrase
            quoted = bool(_QUOTE.match(text[pred_start:s1]))
            acted = set(roles)
            for m in g:
                taking_part = any(p["name"] == m["name"] for p in current["participants"])
                if m.get("evidence") == "short" and not taking_part:
                    continue  # 赵书记 (a surname and a post) acts only as someone already taking part
                for role in roles:
                    _add_role(current, m["name"], role)
                if quoted and taking_part:
                    _add_role(current, m["name"], "讲话")
                    acted.add("讲话")
            if acted and len(g) == 1 and not acted <= _NO_SUBJECT:
                # 他强调 refers to the last one person acting as subject (X出席并讲话。他指出), not
                # to someone accompanying (副市长Y陪同。他强调 is still the leader's)
                last_subject = g[0]["name"]
            elif roles and last_subject is None:
                last_subject = current["participants"][0]["name"]
    for ev in events:
        if ev["type"] == "inspection":
            for p in list(ev["participants"]):
                if p["role"] == "带队":
                    _add_role(ev, p["name"], "调研")
    return [ev for ev in events if ev["participants"] or ev["date"] or ev["organizers"] or etype]


def _lead_date(lead: str, date: str | None):
    try:
        from guanxi.extractors.dates import lead_date
    except ImportError:  # the date module is optional here
        return None
    year = int(date[:4]) if date and date[:4].isdigit() else None
    return lead_date(lead, year=year)


# Central posts printed after a name (X总书记…重要讲话): the person is referred to, not acting. A
# local post after a name (钱卫东副市长到…调研, 孙立平局长陪同) leaves the person acting.
_CENTRAL_AFTER_NAME = re.compile(r"总书记|总理|委员长")


def _named_post(text: str, end: int) -> bool:
    """X总书记…重要讲话: a name followed by a central post is referred to, not acting."""
    return bool(_CENTRAL_AFTER_NAME.match(text, end))


def _lead(text: str, sentences: list[tuple[int, int]]) -> tuple[int, int]:
    for s0, s1 in sentences:
        if re.search(r"\d{1,2}月\d{1,2}日|近日|日前|本报讯", text[s0:s1]):
            return s0, s1
    # a continued article opens with its layout mark (上接第一版): the lead is the next sentence
    for s0, s1 in sentences:
        if LAYOUT_MARK.sub("", text[s0:s1]).strip(" \t()（）。"):
            return s0, s1
    return sentences[0]


def _shift_day(date: str, month: str | None, day: str) -> str | None:
    m = re.match(r"(\d{4}|-)-(\d{2})-(\d{2})$", date)
    if not m:
        return None
    year = m.group(1)
    mo = int(month) if month else int(m.group(2))
    d = int(day)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{year}-{mo:02d}-{d:02d}" if year != "-" else f"--{mo:02d}-{d:02d}"


def _new_event(
    text: str,
    title: str | None,
    etype: str,
    date: str | None,
    s0: int,
    s1: int,
    organizations: Sequence[tuple[int, int, str]],
    places: Sequence[tuple[int, int, str]],
) -> dict[str, Any]:
    lead = text[s0:s1]
    organizers: list[str] = []
    for chain, end in _joined_bodies(text, s0, s1, organizations):
        # 市委统战部、市工商联联合举办: every body of the list organizes; a signing's are its parties
        if _ORGANIZE.match(text, end) or (etype == "signing" and len(chain) > 1 and _SIGNS.match(text, end)):
            organizers.extend(n for n in chain if n not in organizers)
    where = []
    for start, _end, name in places:
        if s0 <= start < s1 and _PLACE_CUE.search(text[max(s0, start - 2) : start]) and name not in where:
            where.append(name)
    return {
        "title": _event_title(title, lead),
        "type": etype,
        "date": date,
        "date_end": None,
        "organizers": organizers,
        "places": where,
        "participants": [],
        "start": s0,
        "end": s1,
    }


# Bodies joined into one list, and the verb of a signing after them (市第一人民医院与青禾大学签订…,
# A、B和C在市行政中心举行签约仪式).
_JOIN = re.compile(r"\s*[与和同、及]\s*")
_SIGNS = re.compile(r"(?:在[^，。]{0,12})?(?:正式|成功|共同)?(?:签订|签署|签约|举行[^，。]{0,8}签约)")


def _joined_bodies(
    text: str, s0: int, s1: int, organizations: Sequence[tuple[int, int, str]]
) -> list[tuple[list[str], int]]:
    """The bodies named in ``text[s0:s1]`` as lists joined by 与/和/同/、/及, each with where
    its last name ends."""
    inside = sorted((o for o in organizations if s0 <= o[0] < s1), key=lambda o: o[0])
    out: list[tuple[list[str], int]] = []
    chain: list[str] = []
    for k, (_start, end, name) in enumerate(inside):
        chain.append(name)
        nxt = inside[k + 1] if k + 1 < len(inside) else None
        if nxt is not None and _JOIN.fullmatch(text, end, nxt[0]):
            continue
        out.append((chain, end))
        chain = []
    return out


def _add_role(event: dict[str, Any], name: str, role: str) -> None:
    entry = {"name": name, "role": role}
    if entry not in event["participants"]:
        event["participants"].append(entry)


class EventsComponent(Component):
    """spaCy component ``guanxi_events``: EVENT spans (the lead sentence), DATE spans and
    ``doc._.guanxi_events`` records with participants and roles.

    Reads ``doc._.guanxi_persons``, ``doc._.guanxi_article``, ``doc._.guanxi_page_date`` and the
    solid spans of ``doc.spans[orgs_key]`` and ``doc.spans[places_key]``."""

    resources = ("title_posts.tsv",)

    def __init__(
        self, nlp: Language, name: str, *, spans_key: str, dates_key: str, orgs_key: str, places_key: str
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.dates_key = dates_key
        self.orgs_key = orgs_key
        self.places_key = places_key

    def load(self) -> None:
        from guanxi.extractors.components.titles import post_lexicon

        post_lexicon()

    def process(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        orgs = [
            (s.start_char, s.end_char, s.text)
            for s in doc.spans.get(self.orgs_key, [])
            if not (s._.org or {}).get("optional")
        ]
        places = [
            (s.start_char, s.end_char, s.text)
            for s in doc.spans.get(self.places_key, [])
            if not (s._.place or {}).get("optional")
        ]
        meta = doc._.guanxi_article or {}
        events = find_events(
            text,
            persons=doc._.guanxi_persons or [],
            organizations=orgs,
            places=places,
            title=meta.get("title"),
            date=meta.get("date") or doc._.guanxi_page_date,
            kind=meta.get("kind"),
            journalists=meta.get("reporters", ()),
            subtitle=meta.get("subtitle"),
        )
        doc._.guanxi_events = events
        spans: list[Span] = []
        for ev in events:
            # The EVENT span is the event's name where printed (else its cue word), not the sentence,
            # so that doc.ents keeps the persons and bodies inside the sentence.
            s, e = _name_span(text, ev)
            span = snap(doc, s, e, "EVENT")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc.spans[self.dates_key] = _date_spans(doc)
        return doc


def _name_span(text: str, ev: dict[str, Any]) -> tuple[int, int]:
    at = text.find(ev["title"]) if ev["title"] else -1
    if at >= 0:
        return at, at + len(ev["title"])
    for name, pattern in _TYPES:
        if name == ev["type"]:
            m = pattern.search(text, ev["start"], ev["end"])
            if m:
                return m.start(), m.end()
    return ev["start"], ev["end"]


def _date_spans(doc: Doc) -> list[Span]:
    try:
        from guanxi.extractors.dates import parse_dates
    except ImportError:
        return []
    out = []
    for m in parse_dates(doc_text(doc)):
        if m.kind == "date":
            span = snap(doc, m.start, m.end, "DATE")
            if span is not None:
                out.append(span)
    return out


@Language.factory(
    "guanxi_events",
    assigns=["doc.spans", "doc._.guanxi_events"],
    requires=["doc.spans", "doc._.guanxi_persons"],
    default_config={
        "spans_key": "guanxi_events",
        "dates_key": "guanxi_dates",
        "orgs_key": "guanxi_organizations",
        "places_key": "guanxi_places",
    },
)
def make_events(
    nlp: Language, name: str, spans_key: str, dates_key: str, orgs_key: str, places_key: str
) -> EventsComponent:
    """Factory of ``guanxi_events``."""
    return EventsComponent(
        nlp, name, spans_key=spans_key, dates_key=dates_key, orgs_key=orgs_key, places_key=places_key
    )
