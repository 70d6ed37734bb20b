"""The name recognizer (``guanxi_recognizer``): the shipped model and the rules that check it.

Every sentence and name here is invented.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from importlib.resources import files

import numpy as np
import pytest
from guanxi.extractors.components.recognizer import accept_proposals
from guanxi.extractors.components.titles import find_titles
from guanxi.extractors.extract import extract, get_nlp
from guanxi.extractors.name_model import MODEL_RESOURCE, NameModel, label_spans, pieces
from guanxi.extractors.pipeline import make_nlp

HOME = "山西省/长治市"


@pytest.fixture(scope="module")
def rules_nlp():
    return make_nlp(exclude=("guanxi_recognizer",))


def _persons(text: str, nlp=None) -> dict[str, tuple[str, list[str]]]:
    ex = extract(text, home=HOME, nlp=nlp or get_nlp())
    return {p.name: (p.kind, list(p.titles)) for p in ex.persons}


def test_model_ships_in_the_package_and_is_small():
    resource = files("guanxi.extractors").joinpath("resources", MODEL_RESOURCE)
    size = len(resource.read_bytes())
    assert 100_000 < size < 8_000_000, size
    model = NameModel.load()
    assert len(model.weights) > 10_000  # a trained model, not a stub
    # two heads: persons (O B I); organizations and places (O, B-/I-ORG, B-/I-LOC)
    assert [h.kinds for h in model.heads] == [("PER",), ("ORG", "LOC")]
    assert model.weights.shape[1] == 3 + 5


def test_shipped_model_was_trained_with_the_features_the_code_computes():
    """A model trained on an older feature set would decode with silent zero weights."""
    from guanxi.extractors.name_model import feature_columns

    computed = {name for name, _ in feature_columns("村民赵小平告诉记者")}
    shipped = set(NameModel.load().types)
    assert shipped == computed, shipped ^ computed


def _string_emissions(model: NameModel, text: str) -> np.ndarray:
    """Emission scores read from the feature strings the model is trained on, in the order the
    decoder adds them: character types, pair types, ``lr``, then the other types summed apart."""
    from guanxi.extractors.name_model import feature_columns

    weights = np.asarray(model.weights, dtype=np.float32)
    columns = feature_columns(text)
    first = ("ll", "l", "c", "r", "rr", "llc", "lc", "cr", "crr", "lr")
    scores = np.zeros((len(text), weights.shape[1]), dtype=np.float32)
    rest = np.zeros_like(scores)
    for name, values in sorted(columns, key=lambda col: first.index(col[0]) if col[0] in first else 99):
        rows = weights[[model.types.get(name, {}).get(v, 0) for v in values]]
        if name in first:
            scores += rows
        else:
            rest += rows
    return scores + rest


_FEATURE_TEXTS = (
    "村民赵小平告诉记者，今年收成好。",
    "副市长钱卫东说：欧阳明华同志和司马小燕等走访了３号楼，ＡＢ公司的Tom、阿卜杜·热合曼也在。",
    "２０２４年５月６日 上午\n\t会议由县委书记孙某明主持 ，𬭚𠀀😀 等罕见字。",
    "x",
    "王",
)


@pytest.mark.parametrize("text", _FEATURE_TEXTS)
def test_decoder_scores_equal_the_feature_strings_to_the_last_bit(text):
    """The decoder reads features as integer codes: its scores are those of the strings
    ``feature_columns`` gives (the ones the model was trained on), bit for bit, twice over (the
    second time from its caches)."""
    from guanxi.extractors.name_model import fold

    model = NameModel.load()
    folded = fold(text)
    expected = _string_emissions(model, folded)
    for _ in range(2):
        got = model._emissions(folded)
        assert got.dtype == np.float32 and got.shape == expected.shape
        assert np.array_equal(got, expected)


def test_decoder_scores_equal_the_feature_strings_on_the_seeds(seed_paths, monkeypatch):
    """Whole pages, with the cache of word codes emptied as it fills (a tiny bound)."""
    from guanxi.extractors import name_model

    monkeypatch.setattr(name_model, "_MAX_WORDS", 50)
    model = NameModel.from_bytes(NameModel.load().to_bytes())  # caches of its own
    for path in seed_paths:
        text = name_model.fold(path.read_text(encoding="utf-8"))
        for s, e in pieces(text):
            assert np.array_equal(model._emissions(text[s:e]), _string_emissions(model, text[s:e]))


_OFFLINE = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network refused by the test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from guanxi.extractors.pipeline import make_nlp
doc = make_nlp()("上午，村民赵小平告诉记者，今年的玉米长势很好。")
print(",".join(r["name"] for r in doc._.guanxi_persons))
"""


def test_pipeline_loads_the_model_offline():
    out = subprocess.run([sys.executable, "-c", _OFFLINE], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "赵小平"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("工作组先后走访了王建英等困难群众，送去米面油。", "王建英"),
        ("这次活动由刘春生、马秀英等人组织。", "马秀英"),
        ("李春日前获评全省优秀教师。", "李春"),  # not 李春日: 日前 is "recently"
        ("会上，韩立新同志结合自身经历谈了体会。", "韩立新"),
        ("据冯玉兰介绍，新校区将于明年九月启用。", "冯玉兰"),
    ],
)
def test_untitled_names_are_found_by_the_model_only(rules_nlp, text, name):
    assert name not in _persons(text, rules_nlp)  # no title or byline announces them
    found = _persons(text)
    assert found.get(name) == ("other", [])  # a person without a post


def test_a_villager_who_speaks_stays_a_person_without_post():
    assert _persons("上午，村民赵小平告诉记者，今年的玉米长势很好。") == {"赵小平": ("other", [])}


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("3月5日，钱卫东副市长到县里调研春耕生产。", "钱卫东", "副市长"),
        ("周海燕主席先后赴两个乡镇督导。", "周海燕", "主席"),
    ],
)
def test_a_title_after_the_name_is_attached(text, name, title):
    # the recognizer attaches the post to a name only it reads (the rules now read these names
    # too, opening a clause before their post: the pipeline gives the same)
    start = text.index(name)
    (m,) = accept_proposals(text, [(start, start + len(name))], titles=find_titles(text))
    assert (m.name, [p.title for p in m.posts]) == (name, [title])
    assert _persons(text)[name] == ("official", [title])


def test_anonymized_names_and_common_words_are_rejected():
    text = "被执行人孙某明至今未履行判决，康复中心和文明城市建设都在推进。"
    proposals = [(4, 7), (15, 17), (20, 22)]  # 孙某明, 康复, 文明: as if the model proposed them
    assert accept_proposals(text, proposals) == []
    found = _persons(text)
    assert not any("某" in n for n in found)
    assert not {"康复", "文明"} & set(found)


def test_cut_before_a_post_or_honorific_and_rules_keep_the_last_word():
    text = "钱卫东副市长到会，张建华同志发言。"
    got = accept_proposals(text, [(0, 4), (9, 14)], titles=find_titles(text), home_city="长治市")
    assert [(m.name, [p.title for p in m.posts]) for m in got] == [("钱卫东", ["副市长"]), ("张建华", [])]
    # a mention the rules read wins any overlap; an organization or place blocks a proposal
    assert accept_proposals(text, [(0, 3)], found=[(0, 2)]) == []
    assert accept_proposals(text, [(0, 3)], blocked=[(1, 6)]) == []


@pytest.mark.parametrize(
    ("text", "proposal", "name"),
    [
        ("会上，张建华同志作了发言。", (3, 7), "张建华"),  # the reading ends inside 同志
        ("会上，刘伟先生作了发言。", (3, 6), "刘伟"),  # inside 先生
        ("村民王建国同志说。", (2, 6), "王建国"),
        ("会上，欧阳家明作了发言。", (3, 7), "欧阳家明"),  # 家 opening a given name stays
    ],
)
def test_a_reading_that_ends_inside_an_honorific_is_cut_before_it(text, proposal, name):
    assert [m.name for m in accept_proposals(text, [proposal])] == [name]


def test_other_occurrences_of_an_accepted_name_are_read():
    text = "村民赵小平告诉记者。赵小平说，今年收成好。"
    got = accept_proposals(text, [(2, 5)])
    assert [(m.start, m.name) for m in got] == [(2, "赵小平"), (10, "赵小平")]


def test_pieces_cover_the_text_and_label_spans_read_runs():
    text = ("一句话。" * 700) + "没有句号的长文本" * 300
    parts = list(pieces(text))
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
    assert all(0 < e - s <= 2000 for s, e in parts)
    assert label_spans(["O", "B", "I", "O", "I", "B", "B", "I"]) == [(1, 3), (4, 5), (5, 6), (6, 8)]


@pytest.mark.parametrize("width", [3, 7])
def test_viterbi_finds_the_best_path(width):
    """Brute force over every label path: the best one, with O (label 0) before each cut."""
    import random

    from guanxi.extractors.name_model import viterbi

    rng = random.Random(7)
    for _ in range(150):
        n = rng.randint(1, 6 if width == 3 else 4)
        scores = [[rng.uniform(-3, 3) for _ in range(width)] for _ in range(n)]
        trans = [[rng.uniform(-3, 3) for _ in range(width)] for _ in range(width)]
        cuts = sorted(rng.sample(range(1, n), rng.randint(0, n - 1))) if n > 1 else []

        def total(path, scores=scores, trans=trans):
            return sum(scores[i][k] for i, k in enumerate(path)) + sum(
                trans[a][b] for a, b in itertools.pairwise(path)
            )

        allowed = [p for p in itertools.product(range(width), repeat=n) if all(p[c - 1] == 0 for c in cuts)]
        best = max(allowed, key=total)
        got = viterbi(scores, trans, cuts)
        assert all(got[c - 1] == 0 for c in cuts)
        assert total(got) == pytest.approx(total(best))


def test_names_inside_the_title_of_a_work_are_not_persons():
    """A name in 《…》 is a character or the subject of a play, book or film, not a person reported on."""
    from guanxi.extractors.components.recognizer import accept_proposals

    text = "晚会上，剧团演出了《韩立新进城记》，村民韩立新告诉记者很受感动。"
    inside = (text.index("韩立新"), text.index("韩立新") + 3)
    outside = (text.rindex("韩立新"), text.rindex("韩立新") + 3)
    accepted = accept_proposals(text, [inside, outside])
    assert [(m.start, m.end) for m in accepted] == [outside]


@pytest.mark.parametrize(
    "text",
    [
        "村里组织党员深入学习宣传习近平新时代中国特色社会主义思想。",
        "会议强调，要坚持以邓小平理论为指导。",
    ],
)
def test_a_name_opening_a_doctrine_is_no_person(text):
    # The guidelines put a leader's name inside a doctrine's name to optional, not to persons.
    assert _persons(text) == {}


@pytest.mark.parametrize("width", [3, 5])
def test_span_marginal_is_the_probability_of_the_whole_span(width):
    """Forward-backward against brute force: the summed probability of every label path that has
    exactly ``B I…I`` of one kind on the span and no ``I`` of that kind right after it."""
    import math
    import random

    from guanxi.extractors.name_model import span_marginal

    rng = random.Random(11)
    for _ in range(100):
        n = rng.randint(2, 6 if width == 3 else 5)
        scores = [[rng.uniform(-3, 3) for _ in range(width)] for _ in range(n)]
        trans = [[rng.uniform(-3, 3) for _ in range(width)] for _ in range(width)]
        start = rng.randrange(n - 1)
        end = rng.randint(start + 1, n)
        b, i = rng.choice([(1, 2), (3, 4)][: (width - 1) // 2])

        def weight(path, scores=scores, trans=trans):
            return math.exp(
                sum(scores[i][k] for i, k in enumerate(path))
                + sum(trans[a][b] for a, b in itertools.pairwise(path))
            )

        paths = list(itertools.product(range(width), repeat=n))
        z = sum(map(weight, paths))
        wanted = (b, *[i] * (end - start - 1))
        hit = sum(weight(p) for p in paths if p[start:end] == wanted and (end == n or p[end] != i))
        assert span_marginal(scores, trans, start, end, (b, i)) == pytest.approx(hit / z)


def test_log_sum_exp_of_the_marginals_is_the_numpy_formula_to_the_last_bit():
    """span_marginal's log-sum-exp calls numpy's reductions directly: the same numbers as
    ``np.max``/``np.sum``, along either axis and over the whole array, -inf labels included."""
    from guanxi.extractors.name_model import _lse

    rng = np.random.default_rng(3)
    for _ in range(300):
        x = rng.normal(size=(rng.integers(1, 6), rng.integers(1, 6))) * rng.choice([0.1, 10, 1000])
        x[1:, 1:][rng.random((len(x) - 1, x.shape[1] - 1)) < 0.3] = -np.inf  # row and column 0 finite
        for axis in (0, 1, None):
            m = np.max(x, axis=axis, keepdims=True)
            out = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
            expected = out.squeeze() if axis is None else np.squeeze(out, axis=axis)
            got = _lse(x, axis)
            assert got.shape == expected.shape
            assert np.array_equal(got, expected)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a transliterated name without a dot (no Chinese surname)
        ("外交部长瓦西连科夫斯基昨天抵达北京。", "瓦西连科夫斯基"),
        ("昨天，诺瓦列夫说，会谈很成功。", "诺瓦列夫"),
        # a Japanese name (five characters; 田中 is no surname in the lexicon's sense of a start)
        ("日本作家山田健太郎昨天发表演讲。", "山田健太郎"),
        # names jieba lists as dictionary words (historical persons)
        ("会上传达了彭真同志的指示。", "彭真"),
        ("贺龙元帅的故居在湘西。", "贺龙"),
    ],
)
def test_a_confident_model_name_passes_where_the_lexical_checks_objected(text, name):
    model = NameModel.load()
    assert [text[s:e] for s, e, p in model.scored_spans(text) if p >= 0.7] == [name]
    proposals, confidence = model.proposals(text)
    # the strict checks alone (no probability given) reject it ...
    assert name not in {m.name for m in accept_proposals(text, proposals)}
    # ... the model's confidence lets it through, in the pipeline too
    assert name in {m.name for m in accept_proposals(text, proposals, confidence=confidence)}
    assert name in _persons(text)


def test_a_doubtful_proposal_still_needs_the_lexical_checks():
    text = "外交部长瓦西连科夫斯基昨天抵达北京。"
    s = text.index("瓦西")
    span = (s, s + len("瓦西连科夫斯基"))
    assert accept_proposals(text, [span], confidence=lambda s, e: 0.4) == []
    assert [m.name for m in accept_proposals(text, [span], confidence=lambda s, e: 0.95)] == [
        "瓦西连科夫斯基"
    ]
    # sure or not: no 某, no post inside, and a thing named after a word (孔明灯) stays a thing
    for wrong in ("孙某明", "王主任", "孔明灯"):
        sentence = f"晚上{wrong}飞上夜空。"
        k = sentence.index(wrong)
        assert accept_proposals(sentence, [(k, k + len(wrong))], confidence=lambda s, e: 0.99) == [], wrong


def test_a_sure_model_reading_one_character_longer_wins_over_the_rules(rules_nlp):
    # the rules read surname + two characters of a transliterated name after a title; the model
    # reads the whole name, and surely
    text = "委员会主席施林斯潘也要求加息。"
    assert "施林斯" in _persons(text, rules_nlp)
    assert _persons(text) == {"施林斯潘": ("official", ["委员会主席"])}


def test_a_character_that_opens_a_word_after_the_name_is_not_taken():
    from guanxi.extractors.components.recognizer import longer_readings

    text = "民警程亦荣获表彰，主席李炜谈体会。"
    found = [(2, 4), (11, 13)]
    assert longer_readings(text, found, [(2, 5), (11, 14)], lambda s, e: 0.99) == {}


def test_names_inside_a_work_title_are_not_persons_for_the_rules_either():
    text = "县长韩立新出席。话剧《村支书赵德明》首演，《书记郑海涛的一天》同期出版。"
    ex = extract(text, home=HOME)
    assert [p.name for p in ex.persons] == ["韩立新"]
    # the name read outside the title: its mention inside one is no occurrence
    ex = extract("县长韩立新出席。话剧《县长韩立新》首演。", home=HOME)
    assert [len(p.prov) for p in ex.persons] == [1]


def test_dotted_names_are_read_from_their_first_part_to_their_end():
    got = _persons("会上，艾尔肯江·买买提在讲话中强调，要加快发展。")
    assert set(got) == {"艾尔肯江·买买提"}  # the model's 江·买买提 runs back to the clause opening
    got = _persons("副县长艾尔肯·吐尔逊主持会议，阿不都·热合曼宣读文件。")
    assert set(got) == {"艾尔肯·吐尔逊", "阿不都·热合曼"}  # 阿不|都 read on over the dot
    # a second part the model read whole is not run on to the end of the clause
    assert set(_persons("场边，卡尔·施密特出战比赛。")) == {"卡尔·施密特"}
    # a run of everyday words before the dot is no first part
    assert set(_persons("由网坛老将卡尔·施密特出战比赛。")) == {"卡尔·施密特"}


def test_a_dotted_name_ends_before_a_whole_boundary_word():
    # 买买|提出 and 买买提|出席 both end on a boundary word: the one that leaves a whole word wins
    assert _persons("市长艾尔肯江·买买提出席。") == {"艾尔肯江·买买提": ("official", ["市长"])}


def test_a_partner_of_a_name_the_model_found_is_read():
    got = _persons("大会选举秦海岳为县人民政府县长。随后，葛国庆、秦海岳先后致辞。")
    assert set(got) == {"秦海岳", "葛国庆"}


def test_a_sure_model_reading_of_a_whole_transliteration_wins_over_a_surname_length_cut(rules_nlp):
    text = "农业部长贾斯蒂诺最近披露，产量增加。"
    assert "贾斯" in _persons(text, rules_nlp)
    assert _persons(text) == {"贾斯蒂诺": ("official", ["农业部长"])}


# ---------------------------------------------------------------------------------------------
# Organizations and places the model proposes: the rules decide (invented text throughout).


def _reading(text: str, spans: list[tuple[str, str]], sure: float):
    """A model reading of *text* proposing each ``(string, kind)`` at its first occurrence."""
    from guanxi.extractors.name_model import Reading

    found = [(text.index(w), text.index(w) + len(w), kind) for w, kind in spans]
    return Reading(sorted(found), lambda s, e, kind: sure)


def test_model_organizations_need_a_lexicon_head_or_the_models_sureness():
    from guanxi.extractors.components.recognizer import accept_organizations

    text = "东方重工机械厂与环宇通信签订协议，山西和国务院派员出席。"
    proposals = [("东方重工机械厂", "ORG"), ("环宇通信", "ORG"), ("山西", "ORG"), ("和国务院", "ORG")]
    unsure = accept_organizations(text, _reading(text, proposals, 0.5))
    # a body suffix of the lexicon suffices; a division name is a place, not an organization; a
    # name opening with a conjunction is no name
    assert [(m.record["text"], m.record["type"], m.record["source"]) for m in unsure] == [
        ("东方重工机械厂", "company", "model")
    ]
    sure = accept_organizations(text, _reading(text, proposals, 0.95))
    assert [m.record["text"] for m in sure] == ["东方重工机械厂", "环宇通信"]
    # what the rules read wins any overlap
    blocked = [(text.index("环宇"), text.index("环宇") + 2)]
    assert [
        m.record["text"] for m in accept_organizations(text, _reading(text, proposals, 0.95), blocked=blocked)
    ] == ["东方重工机械厂"]


def test_model_places_take_the_rules_kind_and_code():
    from guanxi.extractors.components.recognizer import accept_places

    text = "山东和巴拉圭的客商来到亚洲大陆，中美双方及中国代表出席，天下太平。"
    proposals = [
        ("山东", "LOC"),
        ("巴拉圭", "LOC"),
        ("亚洲大陆", "LOC"),
        ("中", "LOC"),
        ("中国", "LOC"),
        ("天下", "LOC"),
    ]
    unsure = {m.record["text"]: m.record for m in accept_places(text, _reading(text, proposals, 0.5))}
    # a province by its short name, with its code; a country of the gazetteer; China as the rules
    # read it (optional); a single character never; an unknown name only when the model is sure
    assert set(unsure) == {"山东", "巴拉圭", "中国"}
    assert (unsure["山东"]["level"], unsure["山东"]["code"]) == ("province", "370000")
    assert unsure["巴拉圭"]["level"] == "country" and unsure["中国"]["optional"]
    sure = {m.record["text"]: m.record for m in accept_places(text, _reading(text, proposals, 0.95))}
    # ... and jieba does not list it as a word of place (天下)
    assert set(sure) == {"山东", "巴拉圭", "中国", "亚洲大陆"}
    assert sure["亚洲大陆"]["level"] == "other" and sure["亚洲大陆"]["code"] is None


def _orgs_places(text: str, nlp=None) -> tuple[set[str], set[str]]:
    ex = extract(text, home=HOME, nlp=nlp or get_nlp())
    return {o.name for o in ex.organizations}, {p.name for p in ex.places}


@pytest.mark.parametrize(
    ("text", "orgs", "places"),
    [
        # a news agency without a body suffix of the lexicon (international bodies are in the
        # lexicon since: test_organizations.py)
        ("美联社记者发自华盛顿。", {"美联社"}, {"华盛顿"}),
        # a company known by its brand alone
        ("这家公司与微软、英特尔签订了合作协议。", {"微软"}, set()),
    ],
)
def test_model_organizations_and_places_the_rules_miss(text, orgs, places, rules_nlp):
    got_orgs, got_places = _orgs_places(text)
    assert orgs <= got_orgs and places <= got_places, (got_orgs, got_places)
    # the rules alone (the pipeline before the model read organizations and places) miss them
    rule_orgs, rule_places = _orgs_places(text, rules_nlp)
    assert not (orgs & rule_orgs) and not ((places - {"华盛顿"}) & rule_places)


def test_short_forms_on_the_models_word():
    """A prefecture's short form is a place with its code; a county's short form and a township's
    (mostly an everyday word) only when the model is very sure."""
    from guanxi.extractors.components.places import model_place

    def read(name, sure):
        return model_place(name, 0, len(name), lambda: sure)

    assert (read("广州", 0.0).level, read("广州", 0.0).code) == ("prefecture", "440100")
    # a county's short form only when the model is very sure, without a code (it may name another place)
    assert read("平遥", 0.8) is None
    assert (read("平遥", 0.95).level, read("平遥", 0.95).code) == ("other", None)
    # ... and a word boundary follows it (not the opening of a housing estate's name)
    assert model_place("平遥花园小区", 0, 2, lambda: 0.95) is None
    # a word of its own before a verb or a noun (jieba ends a word there), also a district's old name
    # with 县, but not the opening of a longer name one word before its head
    for text, name in (("卫星从西昌发射升空", "西昌"), ("平遥苗木远销各地", "平遥"), ("在平谷县境内", "平谷县")):
        start = text.index(name)
        assert model_place(text, start, start + len(name), lambda: 0.95).level == "other", text
    assert model_place("住在平遥名都小区", 2, 4, lambda: 0.95) is None
    assert read("南北", 0.8) is None and read("南北", 0.95).level == "other"


def test_rare_place_words_count_when_the_model_is_very_sure():
    """A place's name jieba lists as a rare place word (中关村, 雁门关) counts when the model is very
    sure of it; an everyday word jieba tags otherwise never does (幸福感 is tagged nr)."""
    from guanxi.extractors.components.places import model_place

    def read(name, sure):
        return model_place(name, 0, len(name), lambda: sure)

    for name in ("中关村", "雁门关"):
        assert read(name, 0.95).level == "other" and read(name, 0.95).code is None
        assert read(name, 0.8) is None
    assert read("幸福感", 0.99) is None and read("天下", 0.99) is None


def test_natural_features_count_when_the_model_is_sure():
    """A rare place word ended by a natural feature's word (a mountain, a lake) counts when the model
    is sure (0.6), not only very sure; an everyday word never."""
    from guanxi.extractors.components.places import model_place

    def read(name, sure):
        return model_place(name, 0, len(name), lambda: sure)

    for name in ("莫干山", "西樵山", "东钱湖", "南泥湾"):
        assert read(name, 0.7).level == "other", name
        assert read(name, 0.5) is None
    assert read("半边天", 0.99) is None


def _around(text: str, inner: str, longer: str, sure: float) -> list[str]:
    """The places accepted when the rules read *inner* and the model reads *longer* around it."""
    from guanxi.extractors.components.recognizer import accept_places

    inside = [(text.index(inner), text.index(inner) + len(inner))]
    return [m.record["text"] for m in accept_places(text, _reading(text, [(longer, "LOC")], sure), places=inside)]


def test_a_longer_place_around_a_rule_place():
    """The rules read a place inside a longer name of a place (巴西 of 巴西高原): the longer one the
    model reads counts when it is very sure of it, or when the reference data know it; the rule
    place inside does not block it. Two rule places inside (a chain) do."""
    from guanxi.extractors.components.recognizer import accept_places

    text = "考察团登上巴西高原后，又去了东方省北山市。"
    assert _around(text, "巴西", "巴西高原", 0.95) == ["巴西高原"]
    assert _around(text, "巴西", "巴西高原", 0.7) == []
    chain = [
        (text.index("东方省"), text.index("东方省") + 3),
        (text.index("北山市"), text.index("北山市") + 3),
    ]
    got = accept_places(text, _reading(text, [("东方省北山市", "LOC")], 0.99), places=chain)
    assert got == []
    # a transliterated foreign name around the rule place (德州 inside 卡拉巴德州) only needs the
    # model to be sure
    text = "洪水淹没了卡拉巴德州的村庄。"
    assert _around(text, "德州", "卡拉巴德州", 0.7) == ["卡拉巴德州"]
    assert _around(text, "德州", "卡拉巴德州", 0.5) == []


def test_the_rule_place_inside_a_longer_place_is_optional():
    ex = extract("代表团昨天抵达巴西利亚，受到热烈欢迎。", home=HOME, nlp=get_nlp())
    assert [p.name for p in ex.places] == ["巴西利亚"]


def test_a_longer_organization_around_a_rule_organization():
    """The rules read 东方市委 inside 共青团东方市委: the longer name the model is very sure of wins,
    the rule organization inside becomes nested (optional)."""
    from guanxi.extractors.components.recognizer import accept_organizations

    text = "在共青团东方市委的联系下，活动顺利举行。"
    inside = [(text.index("东方市委"), text.index("东方市委") + 4)]
    proposals = [("共青团东方市委", "ORG")]
    sure = accept_organizations(text, _reading(text, proposals, 0.95), organizations=inside)
    assert [m.record["text"] for m in sure] == ["共青团东方市委"]
    assert accept_organizations(text, _reading(text, proposals, 0.7), organizations=inside) == []
    assert accept_organizations(text, _reading(text, proposals, 0.95), blocked=inside) == []


def _reference_viterbi_many(problems, cuts=()):
    """The batched decoder as it was before its padded arrays were filled by index arithmetic:
    one Python step per part and head, the parts' last scores kept as they end (and each part's
    path followed back in Python)."""
    from guanxi.extractors.name_model import _parts

    ems = [np.asarray(sc, dtype=np.float64) for sc, _ in problems]
    n = len(ems[0])
    if n == 0:
        return [[] for _ in problems]
    width = max(em.shape[1] for em in ems)
    parts = _parts(n, cuts)
    ends_mark = {s for s, _, after in parts if after}
    lens = np.array([e - s for s, e, _ in parts] * len(problems))
    steps = int(lens.max())
    batch = len(lens)
    em = np.full((batch, steps, width), -np.inf)
    t_ = np.full((batch, width, width), -np.inf)
    b = 0
    for em_all, (_, trans) in zip(ems, problems, strict=True):
        k = em_all.shape[1]
        tr = np.asarray(trans, dtype=np.float64)
        for s, e, after in parts:
            em[b, : e - s, :k] = em_all[s:e]
            em[b, e - s :, 0] = 0.0
            if after:
                em[b, 0, :k] += tr[0]
            if e in ends_mark:
                em[b, e - s - 1, 1:] = -np.inf
            t_[b, :k, :k] = tr
            b += 1
    alpha = em[:, 0].copy()
    final = alpha.copy()
    back = np.zeros((steps, batch, width), dtype=np.intp)
    ends = {int(t): lens == t for t in np.unique(lens)}
    for t in range(1, steps):
        cand = alpha[:, :, None] + t_
        back[t] = cand.argmax(axis=1)
        alpha = cand.max(axis=1) + em[:, t]
        ending = ends.get(t + 1)
        if ending is not None:
            final[ending] = alpha[ending]
    paths = []
    for b, label in enumerate(final.argmax(axis=1).tolist()):  # each part back from its last position
        path = [label]
        for t in range(int(lens[b]) - 1, 0, -1):
            path.append(int(back[t, b, path[-1]]))
        paths.append(path[::-1])
    per = len(parts)
    return [list(itertools.chain.from_iterable(paths[h * per : (h + 1) * per])) for h in range(len(problems))]


@pytest.mark.parametrize("chunk", [None, 1, 60])
def test_batched_viterbi_gives_the_reference_paths_label_for_label(chunk, monkeypatch):
    """Random heads of different widths, integer scores (many ties: argmax must break them the
    same way), long runs cut every _MAX_PART, marks at the start, end and side by side; the back
    pointers read as they are by default, one step at a time, and a few steps at a time."""
    import random

    from guanxi.extractors import name_model
    from guanxi.extractors.name_model import _MAX_PART, viterbi_many

    if chunk is not None:
        monkeypatch.setattr(name_model, "_BACK_CHUNK", chunk)

    rng = random.Random(11)
    for _ in range(300):
        n = rng.choice([1, 2, 3, rng.randint(1, 40), rng.randint(_MAX_PART - 5, 2 * _MAX_PART + 30)])
        problems = []
        for width in rng.sample([2, 3, 5, 7], rng.randint(1, 3)):
            scores = np.array(
                [[rng.randint(-2, 2) for _ in range(width)] for _ in range(n)], dtype=np.float32
            )
            trans = np.array(
                [[rng.randint(-2, 2) for _ in range(width)] for _ in range(width)], dtype=np.float32
            )
            problems.append((scores, trans))
        cuts = sorted(rng.sample(range(0, n + 2), min(n + 2, rng.randint(0, 12))))
        assert viterbi_many(problems, cuts) == _reference_viterbi_many(problems, cuts)


def test_batched_viterbi_gives_the_reference_paths_on_the_seeds(seed_paths):
    """Every head of the shipped model on every piece of the seed pages."""
    from guanxi.extractors import name_model

    model = NameModel.load()
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        for s, e in pieces(text):
            piece = text[s:e]
            scores = model._emissions(name_model.fold(piece))
            problems = [(scores[:, h.column : h.column + len(h.labels)], h.transitions) for h in model.heads]
            cuts = name_model.marks(piece)
            assert name_model.viterbi_many(problems, cuts) == _reference_viterbi_many(problems, cuts)


def test_model_organizations_ended_by_a_body_head_need_less_sureness():
    """A name the model reads that ends in a body head of the lexicon after a named core (the rules
    want a place or a level word before 委员会) counts from MODEL_HEAD_CONFIDENT; other names still
    need MODEL_ORG_CONFIDENT; a word opening with a function character only if it is no word (对外)."""
    from guanxi.extractors.orgs import MODEL_HEAD_CONFIDENT, MODEL_ORG_CONFIDENT, model_org

    between = (MODEL_HEAD_CONFIDENT + MODEL_ORG_CONFIDENT) / 2
    assert model_org("联邦航运委员会", lambda: between) == ("government", "联邦航运委员会")
    assert model_org("对外文化联络部", lambda: between) == ("government", "对外文化联络部")
    assert model_org("联邦航运委员会", lambda: MODEL_HEAD_CONFIDENT - 0.05) is None
    assert model_org("环宇通信", lambda: between) is None  # no body head
    assert model_org("服务中心", lambda: between) is None  # a core of generic words
    assert model_org("和国务院", lambda: 0.99) is None  # a conjunction opens it


def test_a_longer_organization_opened_by_a_rule_organization():
    """国务院 + …协调委员会: a unit named after the rule organization that opens it and ended by a
    body head counts from MODEL_HEAD_CONFIDENT; around a rule organization elsewhere in it the
    model must be very sure."""
    from guanxi.extractors.components.recognizer import accept_organizations
    from guanxi.extractors.orgs import MODEL_HEAD_CONFIDENT

    text = "国务院防沙治沙协调委员会和东方航运委员会派员出席。"
    inside = [(0, 3)]
    unit = [("国务院防沙治沙协调委员会", "ORG")]
    got = accept_organizations(text, _reading(text, unit, MODEL_HEAD_CONFIDENT + 0.05), organizations=inside)
    assert [m.record["text"] for m in got] == ["国务院防沙治沙协调委员会"]
    k = text.index("航运委员会")
    inner = [(k, k + 5)]
    around = [("东方航运委员会", "ORG")]
    assert accept_organizations(text, _reading(text, around, 0.7), organizations=inner) == []


def test_a_clause_the_model_reads_as_one_name_is_no_organization():
    """A copula or an aspect particle inside the span (是, 了) makes it a clause joining two noun
    phrases, even when a rule organization opens it and a body head ends it."""
    from guanxi.extractors.components.recognizer import accept_organizations
    from guanxi.extractors.orgs import model_org

    text = "县图书馆新馆是县文化中心的一部分。"
    clause = [("县图书馆新馆是县文化中心", "ORG")]
    assert accept_organizations(text, _reading(text, clause, 0.95), organizations=[(0, 4)]) == []
    assert model_org("环宇通信成立了研究中心", lambda: 0.99) is None
    assert model_org("环宇通信研究中心", lambda: 0.99) == ("other", "环宇通信研究中心")


def test_a_region_the_persons_head_reads_as_a_name_is_left_to_the_persons():
    """Among names (张明、李华、江北等人) the two heads may both read a word that is a person's name
    and a region's: a place the reference data lack then counts only when the place reading is the
    surer; a place they know (巴拉圭) stays a place."""
    from guanxi.extractors.components.recognizer import accept_places
    from guanxi.extractors.name_model import Reading

    text = "他带领张明、李华、江北等人赶到巴拉圭。"
    k, c = text.index("江北"), text.index("巴拉圭")
    spans = [(k, k + 2, "LOC"), (k, k + 2, "PER"), (c, c + 3, "LOC"), (c, c + 3, "PER")]

    def reading(person: float) -> Reading:
        return Reading(sorted(spans), lambda s, e, kind: person if kind == "PER" else 0.95)

    assert [m.record["text"] for m in accept_places(text, reading(0.96))] == ["巴拉圭"]
    assert [m.record["text"] for m in accept_places(text, reading(0.5))] == ["江北", "巴拉圭"]


def test_transliterated_places_jieba_tags_as_names():
    """jieba tags many foreign places' transliterations as persons' names (马拉加, 维罗纳): made only
    of the characters of foreign names' transliteration tables, they count when the model is sure
    (0.6); a name of other characters (蓬莱阁) only when it is very sure; an everyday word it tags so
    (幸福感 = 幸福 + 感) never."""
    from guanxi.extractors.components.places import model_place

    def read(name, sure):
        return model_place(name, 0, len(name), lambda: sure)

    for name in ("马拉加", "维罗纳"):
        assert (read(name, 0.7).level, read(name, 0.7).code) == ("other", None), name
        assert read(name, 0.5) is None
    assert read("蓬莱阁", 0.8) is None and read("蓬莱阁", 0.95).level == "other"
    assert read("幸福感", 0.99) is None and read("文明", 0.99) is None


@pytest.mark.parametrize(("text", "span"), [("法官为群众解答法律问题。", (1, 3)), ("两国于去年签署合作协议。", (1, 3))])
def test_a_surname_before_a_function_word_needs_a_very_sure_model(text, span):
    # 官为, 国于: a surname character and the word after it; a fairly sure model is not enough
    assert accept_proposals(text, [span], confidence=lambda s, e: 0.8) == []
    assert accept_proposals(text, [span]) == []
    (m,) = accept_proposals(text, [span], confidence=lambda s, e: 0.95)
    assert m.name == text[span[0] : span[1]]


def test_a_function_word_inside_a_given_name_is_no_reason_to_doubt():
    (m,) = accept_proposals("村民李为民说，今年收成好。", [(2, 5)])
    assert m.name == "李为民"


def test_a_nameless_company_counts_only_where_the_model_reads_it(rules_nlp):
    """The rules leave a company head after everyday words optional (generic); the model's reading
    of the span as an organization, from MODEL_HEAD_CONFIDENT on, makes it count."""
    from guanxi.extractors.components.recognizer import _named_by_model
    from guanxi.extractors.name_model import Reading
    from guanxi.extractors.orgs import MODEL_HEAD_CONFIDENT

    for sure, optional in ((0.0, True), (MODEL_HEAD_CONFIDENT, False)):
        doc = rules_nlp("他在保险公司上班。")
        orgs = list(doc.spans["guanxi_organizations"])
        assert [(o._.org["text"], o._.org["why"]) for o in orgs] == [("保险公司", "generic")]
        _named_by_model(orgs, Reading([], lambda s, e, k, p=sure: p))
        assert orgs[0]._.org["optional"] is optional


def test_a_model_organization_takes_the_country_printed_before_it():
    """A body of another country the model reads is named with its country (as the rules read
    以色列政府), and the country inside it is no place of its own."""
    ex = extract("日本大藏省今天宣布新的措施。")
    assert [o.name for o in ex.organizations] == ["日本大藏省"]
    assert "日本" not in {p.name for p in ex.places}
