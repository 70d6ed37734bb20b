"""Reading the JSON records back: ``from_dict`` gives what ``to_dict`` was given."""

from __future__ import annotations

import json

from guanxi.model import (
    Article,
    ArticleExtraction,
    Event,
    Home,
    Page,
    PageExtraction,
    Participant,
    Person,
    Post,
    Provenance,
    Reporter,
    Sentence,
)

TEXT = "本报讯 5月6日，县长赵文海主持召开防汛工作会议。"


def _page() -> PageExtraction:
    prov = (Provenance("x1", 0, 9, 12, 9, 12),)
    art = Article(
        "x1", "p1", 0, "防汛工作会议召开", "news", "2025-05-06", TEXT, 0, len(TEXT),
        reporters=(Reporter("钱小雨", "记者"),), offsets=((0, 0), (5, 6)),
    )  # fmt: skip
    ax = ArticleExtraction(
        art,
        persons=(Person("赵文海", "official", (Post("县长", "县长", "甲县政府"),), prov),),
        events=(
            Event("防汛工作会议", "meeting", "2025-05-06", participants=(Participant("赵文海", "主持"),)),
        ),
        sentences=(Sentence(0, len(TEXT)),),
    )
    page = Page("p1", "pages/p1.txt", TEXT, home=Home("甲省", "乙市"), meta=(("source", "乙日报"),))
    return PageExtraction(page, Home("甲省", "乙市"), (ax,))


def test_page_extractions_round_trip_through_json() -> None:
    pe = _page()
    assert PageExtraction.from_dict(json.loads(json.dumps(pe.to_dict(), ensure_ascii=False))) == pe


def test_keys_a_record_does_not_know_are_left_out() -> None:
    # Records of a later version may carry more keys: a record with no field to convert
    # (Provenance) and a nested one read the same either way.
    prov = {"article_id": "x1", "sentence": 0, "start": 9, "end": 12, "source": "later"}
    assert Provenance.from_dict(prov) == Provenance("x1", 0, 9, 12)
    data = _page().to_dict()
    data["articles"][0]["persons"][0]["prov"][0]["source"] = "later"
    data["articles"][0]["article"]["layout"] = "later"
    assert PageExtraction.from_dict(data) == _page()


def test_stable_id_is_the_sha1_of_the_key_sorted_json_whatever_the_path():
    # Strings and flat dicts of strings take a faster path: the ids must stay those of json.dumps.
    import hashlib
    import json

    from guanxi.model import stable_id

    keys = [
        "a#1", "某报2024-03-01#2", 'q"\\\n\t\x00\u2028x', "",
        {"type": "CO_OCCURS", "source": "person:1", "target": "org:2"}, {"name": '某县"文联'},
        {"b": "1", "a": "2", "é": "3", "A": "4"}, {}, {"code": "140400"}, {"a": 1}, ["x"], {"k": None},
    ]  # fmt: skip
    for key in keys:
        blob = json.dumps(key, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert stable_id("k", key) == "k:" + hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16], key
