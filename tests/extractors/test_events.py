"""Events: types, titles, dates, and participants' roles read from verbs and list structure."""

from __future__ import annotations

from guanxi.extractors.components.events import event_type, find_events
from guanxi.extractors.components.persons import find_persons
from guanxi.extractors.extract import extract


def events(text: str, **kw):
    persons = [
        {
            "start": m.start,
            "end": m.end,
            "name": m.name,
            "evidence": m.evidence,
            "posts": [{"title": p.title, "start": p.start, "end": p.end} for p in m.posts],
        }
        for m in find_persons(text)
    ]
    return find_events(text, persons=persons, **kw)


def roles(ev) -> set[tuple[str, str]]:
    return {(p["name"], p["role"]) for p in ev["participants"]}


def test_types():
    assert event_type("市政协召开党建暨党风廉政建设工作会议") == "meeting"
    assert event_type("省人大常委会调研组在我市开展立法调研") == "inspection"
    assert event_type("北京科技大学与某公司签署战略合作协议") == "signing"
    assert event_type("闫多三同志逝世") == "notice"
    assert event_type("社区开展志愿服务活动") == "activity"


def test_shared_verb_goes_to_the_whole_list():
    text = (
        "3月19日，市政协召开党建工作会议。市政协副主席阎新平、赵文栋，市政协党组成员崔云峰及秘书长焦彦平参加。"
        "阎新平在讲话中指出，要坚持党的领导。"
    )
    (ev,) = events(text, title="市政协召开党建工作会议", date="2025-03-19")
    assert ev["type"] == "meeting" and ev["date"] == "2025-03-19"
    assert roles(ev) == {
        ("阎新平", "出席"),
        ("阎新平", "讲话"),
        ("赵文栋", "出席"),
        ("崔云峰", "出席"),
        ("焦彦平", "出席"),
    }


def test_inspection_leader_leads_and_inspects():
    text = "1月25日，副市长朱静带领市教育局负责人深入学校调研。朱静强调，要抓好项目谋划。"
    (ev,) = events(text, title="朱静调研教育领域项目谋划工作", date="2024-01-25")
    assert ev["type"] == "inspection"
    assert roles(ev) == {("朱静", "带队"), ("朱静", "调研"), ("朱静", "讲话")}


def test_accompanying_and_date_range():
    text = "3月17日至18日，省人大常委会财经委副主任委员段宝燕带领调研组深入我市调研。市人大常委会副主任于川陪同。"
    (ev,) = events(text)
    assert ev["date"] == "--03-17" and ev["date_end"] == "--03-18"
    assert roles(ev) == {("段宝燕", "带队"), ("段宝燕", "调研"), ("于川", "陪同")}


def test_journalists_and_referred_leaders_take_no_part():
    text = "本报讯 记者王涵报道：3月18日，市委组织部召开会议，学习习近平总书记重要讲话精神。市委常委、组织部部长杨保春主持。"
    (ev,) = events(text, title="市委组织部会议召开", date="2025-03-18")
    assert roles(ev) == {("杨保春", "主持")}


def test_one_event_per_happening_and_a_later_dated_one():
    text = (
        "8月12日至13日，青禾市委书记韦国栋带领考察团来我市考察。\n"
        "13日上午，市委书记钟立新主持召开座谈会。副市长费振华参加座谈会。"
    )
    evs = events(text, title="青禾市考察团在我市考察", date="2019-08-12")
    assert [(e["type"], e["date"]) for e in evs] == [("inspection", "2019-08-12"), ("meeting", "2019-08-13")]
    assert roles(evs[0]) == {("韦国栋", "带队"), ("韦国栋", "调研")}
    assert roles(evs[1]) == {("钟立新", "主持"), ("费振华", "出席")}


def test_extract_gives_event_records():
    ex = extract(
        "11月25日，市委常委、常务副市长崔元斌主持召开分管领域工作务虚会并讲话。", home="山西省/长治市"
    )
    (ev,) = ex.events
    assert ev.type == "meeting"
    assert {(p.name, p.role) for p in ev.participants} == {("崔元斌", "主持"), ("崔元斌", "讲话")}
    (prov,) = ev.prov
    assert ex.article.text[prov.start : prov.end].strip() == ex.evidence(prov)


# --- titles of headline-less reports (the lead says what happened) -------------------------------


def lead_title(text: str) -> str:
    return events(text)[0]["title"]


def test_lead_title_skips_the_occasion_for_the_clause_with_the_event_verb():
    text = (
        "4月23日，正值第29个世界读书日，鼓楼区东街社区新时代文明实践站联合辖区学校，"
        "共同举办了“书香满社区”读书分享活动。"
    )
    assert lead_title(text) == "共同举办“书香满社区”读书分享活动"
    text = "在端午节来临之际，江北区石门街道联合辖区企业开展“粽情邻里”慰问活动。"
    assert lead_title(text) == "江北区石门街道联合辖区企业开展“粽情邻里”慰问活动"


def test_lead_title_skips_a_named_day():
    text = "3月15日是“国际消费者权益日”，我市各市场监管所纷纷开展“诚信消费”宣传活动，提升群众维权意识。"
    assert lead_title(text) == "我市各市场监管所纷纷开展“诚信消费”宣传活动"


def test_lead_title_skips_a_venue_ending_in_shang():
    text = "6月1日，城关街道青石社区“七彩课堂”上，志愿者正在教孩子们剪纸。"
    assert lead_title(text) == "志愿者正在教孩子们剪纸"


def test_lead_title_drops_byline_date_and_where_it_was_held():
    text = "本报讯（记者 张明）7月3日上午，市农业农村局召开全市夏粮收购工作推进会。"
    assert lead_title(text) == "市农业农村局召开全市夏粮收购工作推进会"
    text = "4月21日上午，东湖区第二批重点项目集中开工仪式在临港产业园南区举行，9个项目开工建设。"
    assert lead_title(text) == "东湖区第二批重点项目集中开工仪式"
    text = "11月5日，为深化“法治宣传进万家”活动，县司法局开展法律援助集中宣传活动。"
    assert lead_title(text) == "县司法局开展法律援助集中宣传活动"
    text = "新华社北京12月5日电 青禾市委书记陈刚5日主持召开市委常委会会议。"
    assert lead_title(text) == "青禾市委书记陈刚5日主持召开市委常委会会议"
    text = "▲4月2日，县委书记王海涛（左二）在经济开发区调研企业生产情况。"
    assert lead_title(text) == "县委书记王海涛在经济开发区调研企业生产情况"
    text = "青禾网讯（记者 周明 通讯员 吴芳）12月5日，县住建局召开冬季安全生产部署会。"
    assert lead_title(text) == "县住建局召开冬季安全生产部署会"


def test_lead_title_never_cuts_a_word():
    # 41 characters ending in 活动: kept whole rather than cut into 慰问活
    text = "1月20日，鼓楼区西关社区联合徐州云龙山农产品贸易有限公司、城东八队企业家联合开展春节慰问活动，送去米面油。"
    title = lead_title(text)
    assert title.endswith("开展春节慰问活动") and len(title) > 40
    # a long list without an event noun: cut at a list boundary, marked with an ellipsis
    text = (
        "8月9日，市委书记周立新赴东河县、西岭区就秋粮生产、防汛抗旱、乡村振兴、文旅融合发展、"
        "城市更新改造、森林防火等方面工作开展调研。"
    )
    title = lead_title(text)
    assert title.endswith("…") and not title.endswith("、…") and len(title) <= 41
    assert title[:-1].endswith(("秋粮生产", "防汛抗旱", "乡村振兴", "文旅融合发展"))


def test_lead_title_skips_layout_marks_of_continued_articles():
    for mark in ("(上接第一版)\n\n", "（上接第1版）", "（接上页）"):
        text = f"{mark}会议强调，要压实防汛责任，确保安全度汛。"
        (ev,) = events(text)
        assert ev["title"] == "会议强调，要压实防汛责任"
        if mark.endswith("\n"):  # the mark's own line is no lead
            assert text[ev["start"] : ev["end"]].startswith("会议强调")
        assert "版" not in ev["title"] and "页" not in ev["title"]
    text = "（下转第三版）5月6日，市政协召开常委会议。"
    assert lead_title(text) == "市政协召开常委会议"


def test_headline_titles_are_unchanged():
    (ev,) = events("3月2日，市水利局召开会议。", title="全市防汛工作会议召开", date="2025-03-02")
    assert ev["title"] == "全市防汛工作会议"


def test_undated_feature_with_a_relative_time_lead_reports_a_happening():
    lead = "昨天下午，某某县召开防汛工作会议。县委书记王立东主持会议并讲话，县长陈晓兰出席。"
    (ev,) = events(lead, kind="feature", date=None)
    assert roles(ev) == {("王立东", "主持"), ("王立东", "讲话"), ("陈晓兰", "出席")}
    # reportage without a time for what it tells: no event
    story = "初冬时节，走进某某村。在村党支部书记李卫军的带领下，记者一行来到村民家中。"
    assert events(story, kind="feature", date=None) == []


def test_presenting_reporting_and_greeting_are_speech():
    text = (
        "5月8日，某某县新材料产业园签约落户。副县长蒋文华出席签约活动。"
        "某某材料有限公司董事长吴立新介绍了企业发展情况。蒋文华代表县政府对企业落户表示感谢。"
    )
    (ev,) = events(text, date="2025-05-08")
    assert roles(ev) == {("蒋文华", "出席"), ("蒋文华", "讲话"), ("吴立新", "讲话")}  # no 其他 from 签约
    text = "3月2日，某某县第八次党代会开幕。县委书记冯海涛代表县委向全体代表报告工作。"
    (ev,) = events(text, date="2025-03-02")
    assert ("冯海涛", "讲话") in roles(ev)


def test_verbs_inside_the_words_said_are_no_roles():
    text = "7月9日，市长韩立明到某某区调研防汛工作。韩立明强调，要尽快启动防汛预案。"
    (ev,) = events(text, date="2025-09-09")
    assert roles(ev) == {("韩立明", "调研"), ("韩立明", "讲话")}


def test_the_person_visited_in_an_inspection_is_no_inspector():
    text = (
        "1月20日，县委书记赵文斌到某某村调研春耕备耕。赵文斌到村民钱永福家里看望，询问种植打算。"
        "随后，赵文斌走访了困难户孙桂兰。"
    )
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {
        ("赵文斌", "调研"),
        ("钱永福", "其他"),
        ("孙桂兰", "其他"),
    }


def test_a_pronoun_is_the_last_one_person_subject():
    # 他 after a second speaker is that speaker's, not the event's first participant's
    text = "3月5日，全市安全生产工作会议召开，市长钱国平主持。市委书记赵立新出席并讲话。他指出，责任重于泰山。"
    (ev,) = events(text)
    assert roles(ev) == {("钱国平", "主持"), ("赵立新", "出席"), ("赵立新", "讲话")}


def test_a_pronoun_skips_those_who_accompany():
    text = "3月5日，市委书记赵立新到青禾镇调研，副市长钱国平陪同。他强调，要抓好春耕生产。"
    (ev,) = events(text)
    assert roles(ev) == {("赵立新", "调研"), ("钱国平", "陪同"), ("赵立新", "讲话")}


def test_qi_as_a_pronoun_of_speech():
    # 其在讲话中强调 refers to the one who attended last; 其中 is no pronoun
    text = "3月5日，全市春耕工作会议召开。市长钱国平主持。市委书记赵立新出席会议。其在讲话中强调，要抓好春耕。"
    (ev,) = events(text)
    assert ("赵立新", "讲话") in roles(ev)
    assert ("钱国平", "讲话") not in roles(ev)
    text = "3月5日，全市春耕工作会议召开。市长钱国平主持会议。其中强调，要抓好春耕。"
    (ev,) = events(text)
    assert roles(ev) == {("钱国平", "主持")}


def test_a_pronoun_before_a_name_in_its_sentence():
    # the sentence names a person after the pronoun's speech verb: 他 is still the subject before
    text = "3月5日，市委书记赵立新到青禾镇调研。他强调，副市长钱国平要牵头抓好落实。"
    (ev,) = events(text)
    assert roles(ev) == {("赵立新", "调研"), ("赵立新", "讲话")}


def test_a_known_name_opening_a_clause_is_the_subject_of_a_pronoun():
    # 赵立新简要介绍了…: the name recurs at a clause start before a word that follows no name
    text = (
        "3月5日，青禾市产业项目签约仪式举行，市委书记赵立新出席并讲话，市长钱国平主持。\n"
        "赵立新简要介绍了青禾经济社会发展情况。他说，希望双方加强合作。"
    )
    ex = extract(text, home="河北省/保定市")
    (ev,) = ex.events
    assert ("钱国平", "讲话") not in {(q.name, q.role) for q in ev.participants}
    assert len(next(p for p in ex.persons if p.name == "赵立新").prov) == 2


def test_words_said_across_a_name_in_the_to_phrase():
    # 李国强代表…对孙海涛一行的到来表示欢迎: the welcome is 李国强's, and so is the 他说 after it
    text = (
        "3月5日，青禾市产业项目签约仪式举行，市长钱国平主持，副市长李国强出席。"
        "李国强代表市委、市政府对孙海涛一行的到来表示欢迎。他说，希望双方加强合作。"
    )
    (ev,) = extract(text, home="河北省/保定市").events
    got = {(q.name, q.role) for q in ev.participants}
    assert ("李国强", "讲话") in got
    assert ("钱国平", "讲话") not in got


def test_a_meeting_with_guests_gives_host_and_guests_a_part_and_no_inspection():
    text = "12月5日，市委书记陈刚会见了来我市考察的青禾集团董事长周明一行。双方就深化合作进行了交流。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert ev.type == "meeting"
    # 考察 closes the relative clause before the guests: their visit, not the host's act
    assert {(p.name, p.role) for p in ev.participants} == {("陈刚", "其他"), ("周明", "其他")}


def test_a_verb_of_a_relative_clause_is_no_role_of_the_subject():
    text = "3月2日，县长吴晓东会见了前来出席开幕式的嘉宾代表。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("吴晓东", "其他")}
    text = "3月2日，县长吴晓东到青禾村调研。吴晓东在调研的路上察看了道路建设。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("吴晓东", "调研")}


def test_declaring_an_opening_is_an_active_part():
    text = "3月14日，我市举行重点项目集中开工仪式。市委书记王海涛宣布项目开工，市长刘振宇致辞。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("王海涛", "其他"), ("刘振宇", "讲话")}


def test_presenting_awards_is_an_active_part():
    text = "3月8日，我市举办首届青年创新创业大赛。市委常委、宣传部部长刘洋为获奖选手颁奖。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("刘洋", "其他")}


def test_the_parties_of_a_signing_organize_it_and_their_signatories_take_part():
    text = "4月8日，县人民医院与青禾职业学院签订战略合作协议。院长钱明、校长郑华分别代表双方签约。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert ev.type == "signing"
    assert list(ev.organizers) == ["县人民医院", "青禾职业学院"]
    assert {(p.name, p.role) for p in ev.participants} == {("钱明", "其他"), ("郑华", "其他")}


def test_relaying_a_document_or_leading_the_study_is_speaking():
    text = "4月2日，县委常委会召开会议。县委书记王海涛主持。县委副书记孙建传达了全国两会精神，县委常委李红领学了有关文件。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("王海涛", "主持"), ("孙建", "讲话"), ("李红", "讲话")}


def test_a_name_inside_a_campaign_s_quoted_name_takes_no_part():
    text = "3月5日，县里举行“学雷锋”志愿服务启动仪式。团县委书记冯丽致辞。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("冯丽", "讲话")}


def test_being_interviewed_at_the_event_is_an_active_part():
    text = "4月17日，县里春季招聘会在人力资源市场举办。县人社局局长吴波在现场接受记者采访。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("吴波", "其他")}


def test_every_body_of_a_list_before_the_verb_organizes():
    text = "4月20日，县委统战部、县工商联联合举办民营企业家座谈会。县委常委、统战部部长郭明出席并讲话。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert list(ev.organizers) == ["县委统战部", "县工商联"]


def test_a_tour_of_the_inspection_team_is_an_inspection():
    text = "4月19日，省委巡视组组长高建华一行到青禾县开展巡视工作。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert ev.type == "inspection"
    assert {(p.name, p.role) for p in ev.participants} == {("高建华", "调研")}


def test_names_after_those_also_present_or_accompanying_take_that_part():
    text = "4月21日，县委召开全县组织工作会议。县委书记王海涛出席并讲话。出席会议的还有县领导李国华、周文。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {
        ("王海涛", "讲话"), ("王海涛", "出席"), ("李国华", "出席"), ("周文", "出席")
    }
    text = "4月24日，副县长陈立到青禾镇调研。陪同调研的有镇党委书记钱进、镇长孙丽。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("陈立", "调研"), ("钱进", "陪同"), ("孙丽", "陪同")}


def test_the_host_of_talks_named_before_the_guests_takes_part():
    text = "4月23日，县长刘振宇与来访的青禾控股集团总裁马丁·史密斯一行举行会谈。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("刘振宇", "其他"), ("马丁·史密斯", "其他")}


def test_watching_with_the_audience_is_attending_not_accompanying():
    text = "4月25日，文艺演出在县大剧院举行。县领导王海涛、刘振宇与观众一同观看演出。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("王海涛", "出席"), ("刘振宇", "出席")}
    text = "4月24日，副县长陈立到青禾镇调研。镇党委书记钱进一同调研。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("陈立", "调研"), ("钱进", "陪同")}


def test_making_the_arrangements_is_speaking():
    text = "5月6日，县政府召开常务会议。县长刘振宇主持会议。副县长陈立就下一步工作作出安排。"
    (ev,) = extract(text, home="河北省/保定市").events
    assert {(p.name, p.role) for p in ev.participants} == {("刘振宇", "主持"), ("陈立", "讲话")}


def test_a_ceremony_named_after_its_act_is_attended_not_performed():
    """出席启动仪式, 参加颁奖大会: 出席 only; 为…揭牌 and 启动了… remain acts of their own (其他)."""
    text = (
        "4月7日，东岭县启动护苗专项行动。县委常委、宣传部部长苗佳出席启动仪式，"
        "副县长卓立新参加颁奖大会。县委书记滕志军为基地揭牌。"
    )
    (ev,) = events(text, title="东岭县启动护苗行动", date="2025-04-07")
    assert roles(ev) == {("苗佳", "出席"), ("卓立新", "出席"), ("滕志军", "其他")}


def test_an_obituary_career_line_is_no_attendance_and_an_office_notice_no_event():
    text = (
        "原东岭县人大常委会副主任苗志远同志，因病医治无效，于2025年4月5日逝世，享年86岁。"
        "苗志远同志1939年出生，1960年参加工作，1962年加入中国共产党。"
    )
    (ev,) = events(text, title="苗志远同志逝世", date="2025-04-05", kind="notice")
    assert ev["type"] == "notice" and roles(ev) == {("苗志远", "其他")}
    text = "经市委研究，拟任用以下同志，现予以公示。卓立新，男，1978年5月出生，现任东岭县委常委、组织部部长，拟任东岭县委副书记。"
    assert events(text, title="市管领导干部任前公示", date="2025-04-07", kind="notice") == []


def test_names_listed_after_an_attendance_phrase_attend():
    text = (
        "4月7日，市十六届人大常委会第十二次会议闭幕。市人大常委会主任苗建国主持闭幕会并讲话。"
        "出席会议的市人大常委会副主任有：卓志明、柏晓华、滕建平。列席会议的有：副市长尹卫东。"
    )
    (ev,) = events(text, title="市十六届人大常委会第十二次会议闭幕", date="2025-04-07")
    assert roles(ev) == {
        ("苗建国", "主持"),
        ("苗建国", "讲话"),
        ("卓志明", "出席"),
        ("柏晓华", "出席"),
        ("滕建平", "出席"),
        ("尹卫东", "出席"),
    }


def test_a_captions_bullet_and_row_mark_leave_its_event_title():
    text = "▲4月7日，市委书记苗卫东（前排左三）与参加植树活动的志愿者合影。"
    (ev,) = events(text, date="2025-04-07", kind="photo")
    assert ev["title"] == "市委书记苗卫东与参加植树活动的志愿者合影"
