"""Render an issue of newspaper-like PDF pages from invented text, with their ground truth.

Each page has a header (paper, date, 第N版), 2-5 columns and articles laid out in rows: kicker,
title (larger type, left or centred), subtitle, byline or dateline, body running on across the columns under the
headline, photos with captions (smaller type, with a credit), and one article that jumps from
page 1 to page 2 (转第2版 / 上接第1版). The text is made up here (invented places, bodies and
names); the font is ReportLab's built-in CID font STSong-Light (no font file needed).

``truth.json`` beside the pages records what was rendered: per page its file, number, date,
columns and articles (kind, title, kicker, subtitle, reporters, body paragraphs, jumps).

Usage: ``python scripts/make_pdf_pages.py OUT_DIR [--pages 3] [--seed 0]``
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from guanxi.outputs import atomic_open

FONT = "STSong-Light"
W, H = 900.0, 1300.0
MARGIN = 36.0
GUTTER = 14.0
BODY, LEADING = 9.5, 14.0
CAPTION, CAPTION_LEADING = 7.5, 11.0
PAPER = "澄川日报"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗"
GIVEN = "建国明华文军丽静志强海燕平红春晓云峰宇涛波敏杰鹏"
PLACES = ["岚山区", "南湖县", "柳塘镇", "东岭街道", "白沙乡", "青石村", "云溪区", "北坪县"]
BODIES = [
    "市农业农村局",
    "市文化和旅游局",
    "岚山区人民政府",
    "南湖县教育局",
    "市生态环境局",
    "市总工会",
    "澄川高新区管委会",
    "市交通运输局",
    "市卫生健康委员会",
    "市科学技术局",
]
TOPICS = [
    "乡村振兴",
    "营商环境",
    "文明创建",
    "河湖治理",
    "冬春农田水利",
    "社区养老服务",
    "旧城改造",
    "全民阅读",
    "春季植树",
    "安全生产",
    "数字乡村",
    "就业帮扶",
    "夜间经济",
    "科普惠民",
]
POSTS = ["市委副书记", "副市长", "市政协副主席", "区委书记", "县长", "局长", "党组书记"]
VERBS = ["扎实推进", "持续深化", "全力抓好", "统筹做好", "稳步推进"]
THINGS = ["示范点", "服务站", "项目", "合作社", "文化广场", "便民驿站"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _sentence(rng: random.Random, topic: str) -> str:
    place, body = rng.choice(PLACES), rng.choice(BODIES)
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    forms = [
        f"{m}月{d}日，{body}召开{topic}工作推进会，{rng.choice(POSTS)}{_name(rng)}出席并讲话。",
        f"会议指出，要{rng.choice(VERBS)}{topic}，把各项任务落到实处，让群众看得见、摸得着。",
        f"今年以来，{place}新建{rng.choice(THINGS)}{rng.randint(3, 60)}个，带动{rng.randint(100, 900)}户群众增收。",
        f"{place}负责人介绍，下一步将{rng.choice(VERBS)}{topic}，完善长效机制，提升服务水平。",
        f"在{place}{rng.choice(THINGS)}，工作人员正忙着整理资料，现场秩序井然。",
        f"据了解，{body}已累计投入资金{rng.randint(2, 90)}00万元，完成年度目标的{rng.randint(40, 99)}%。",
        f"“{topic}关系到每一个家庭，我们一定要把好事办好。”{place}居民{_name(rng)}说。",
    ]
    return rng.choice(forms)


_SEEN: set[str] = set()  # the paragraphs of the issue being rendered: each one printed once


def _paragraphs(rng: random.Random, topic: str, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        para = "".join(_sentence(rng, topic) for _ in range(rng.randint(2, 4)))
        if para not in _SEEN:
            _SEEN.add(para)
            out.append(para)
    return out


@dataclass
class Item:
    """One rendered piece of a page, as the ground truth records it."""

    kind: str  # article | photo | continuation
    title: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    reporters: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    jump_to: int | None = None
    jump_from: int | None = None


def _article(rng: random.Random, used: set[str], date: tuple[int, int, int]) -> Item:
    while True:
        topic, place = rng.choice(TOPICS), rng.choice(PLACES + BODIES)
        title = rng.choice(
            [
                f"{place}召开{topic}推进会",
                f"{place}{topic}工作取得新进展",
                f"{topic}：让{place}更宜居",
                f"{place}扎实推进{topic}",
                f"做好{topic}这篇大文章",
            ]
        )
        if title not in used:
            used.add(title)
            break
    item = Item("article", title=title)
    if rng.random() < 0.4:
        item.kicker = rng.choice([f"聚焦{topic}", f"奋力推进{topic}", "一线采访"])
    if rng.random() < 0.35:
        item.subtitle = f"——{rng.choice(PLACES)}{topic}工作综述"
    reporters = [_name(rng) for _ in range(rng.choice((1, 1, 2)))]
    item.reporters = reporters
    paras = _paragraphs(rng, topic, rng.randint(2, 5))
    if rng.random() < 0.5:
        who = " ".join(reporters)
        paras[0] = f"本报讯（记者 {who}）{date[1]}月{date[2]}日，" + paras[0].split("，", 1)[-1]
    else:
        paras.insert(0, "本报记者 " + " ".join(reporters))
    item.body = paras
    return item


def _photo(rng: random.Random) -> Item:
    who = _name(rng)
    text = f"图为{rng.choice(PLACES)}{rng.choice(THINGS)}工作人员为群众提供{rng.choice(TOPICS)}服务。 本报记者 {who} 摄"
    return Item("photo", reporters=[who], body=[text])


class _Pen:
    """Draws text with the CID font and wraps it by the font's own widths."""

    def __init__(self, canvas) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.c = canvas
        self.width = stringWidth
        self.enabled = True  # off for a dry run (does the slot fit?)

    def wrap(self, text: str, size: float, width: float, indent: float = 0.0) -> list[tuple[str, float]]:
        lines: list[tuple[str, float]] = []
        cur, used, x0 = "", 0.0, indent
        for ch in text:
            w = self.width(ch, FONT, size)
            if cur and x0 + used + w > width + 0.01:
                lines.append((cur, x0))
                cur, used, x0 = "", 0.0, 0.0
            cur += ch
            used += w
        if cur:
            lines.append((cur, x0))
        return lines

    def draw(self, x: float, top: float, text: str, size: float) -> None:
        if not self.enabled:
            return
        self.c.setFont(FONT, size)
        self.c.drawString(x, H - top - size, text)  # top-left coordinates in, PDF space out


def _layout_columns(n: int) -> list[float]:
    cw = (W - 2 * MARGIN - (n - 1) * GUTTER) / n
    return [MARGIN + k * (cw + GUTTER) for k in range(n)]


def _row_spans(rng: random.Random, n: int) -> list[int]:
    options = {
        2: [[2], [1, 1]],
        3: [[3], [2, 1], [1, 2], [1, 1, 1]],
        4: [[4], [2, 2], [3, 1], [1, 3], [2, 1, 1]],
        5: [[5], [3, 2], [2, 3], [2, 2, 1], [1, 2, 2]],
    }
    return rng.choice(options[n])


def _body_lines(pen: _Pen, paras: list[str], cw: float) -> list[tuple[str, float]]:
    lines: list[tuple[str, float]] = []
    for p in paras:
        lines.extend(pen.wrap(p, BODY, cw, indent=2 * BODY))
    return lines


def _render_slot(
    pen: _Pen,
    item: Item,
    x0: float,
    x1: float,
    cols: list[float],
    cw: float,
    top: float,
    rng: random.Random,
    photo: Item | None,
    max_bottom: float | None = None,
    repeat_title: str | None = None,
) -> tuple[float, list[str] | None]:
    """Draw *item* in the slot [x0, x1] from *top*; return its bottom and, when cut off at
    *max_bottom*, the paragraphs left over (the jump)."""
    y = top
    head_w = x1 - x0
    if item.kicker:
        pen.draw(x0, y, item.kicker, 12)
        y += 12 + 5
    title = item.title or repeat_title
    if title:
        size = 16 if repeat_title else rng.choice((20, 22, 26))
        centered = rng.random() < 0.3  # some papers centre the headline over its columns
        for line, _ in pen.wrap(title, size, head_w):
            dx = (head_w - pen.width(line, FONT, size)) / 2 if centered else 0.0
            pen.draw(x0 + dx, y, line, size)
            y += size + 4
        y += 2
    if item.subtitle:
        pen.draw(x0, y, item.subtitle, 13)
        y += 13 + 5
    y += 6
    body_top = y
    starts = [body_top] * len(cols)
    if photo is not None:
        c = len(cols) - 1
        if pen.enabled:
            pen.c.setFillGray(0.8)
            pen.c.rect(cols[c], H - (body_top + 90), cw, 90, stroke=0, fill=1)
            pen.c.setFillGray(0)
        cy = body_top + 94
        for line, dx in pen.wrap(photo.body[0], CAPTION, cw):
            pen.draw(cols[c] + dx, cy, line, CAPTION)
            cy += CAPTION_LEADING
        starts[c] = cy + 10
    lines = _body_lines(pen, item.body, cw)
    # The lowest bottom at which the lines fit the slot's columns.
    bottom = body_top
    while sum(max(0, int((bottom - s) // LEADING)) for s in starts) < len(lines):
        bottom += LEADING
        if max_bottom is not None and bottom > max_bottom:
            bottom = max_bottom
            break
    capacity = [max(0, int((bottom - s) // LEADING)) for s in starts]
    rest: list[str] | None = None
    if sum(capacity) < len(lines):  # cut: the article jumps to another page
        keep = sum(capacity) - 1
        drawn, k = 0, 0
        para_ends = []
        for p in item.body:
            k += len(pen.wrap(p, BODY, cw, indent=2 * BODY))
            para_ends.append(k)
        # Cut at a paragraph end, so the pieces are whole paragraphs.
        n_paras = max(i + 1 for i, e in enumerate(para_ends) if e <= keep) if para_ends[0] <= keep else 1
        rest = item.body[n_paras:]
        item.body = [*item.body[:n_paras], "（转第2版）"]
        lines = _body_lines(pen, item.body, cw)
        drawn = len(lines)
        del drawn
    k = 0
    for c, x in enumerate(cols):
        y = starts[c]
        for _ in range(capacity[c]):
            if k >= len(lines):
                break
            line, dx = lines[k]
            pen.draw(x + dx, y, line, BODY)
            y += LEADING
            k += 1
    if k < len(lines):  # the truth must not record text that was not drawn
        raise ValueError(f"slot too small for {item.title or item.kind}")
    return bottom, rest


def render_issue(out: Path, *, pages: int = 3, seed: int = 0) -> dict:
    """Write ``pages`` PDF pages and ``truth.json`` into *out*; return the truth."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    rng = random.Random(seed)
    _SEEN.clear()
    out.mkdir(parents=True, exist_ok=True)
    date = (2025, rng.randint(1, 12), rng.randint(1, 28))
    used: set[str] = set()
    truth: dict = {"paper": PAPER, "date": f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}", "pages": []}
    jump_rest: list[str] | None = None
    jump_title: str | None = None
    for number in range(1, pages + 1):
        file = f"{number:02d}.pdf"
        c = canvas.Canvas(str(out / file), pagesize=(W, H), invariant=1)
        pen = _Pen(c)
        items: list[Item] = []
        n = rng.randint(2, 5)
        cols_all = _layout_columns(n)
        cw = (W - 2 * MARGIN - (n - 1) * GUTTER) / n
        y = MARGIN
        if number == 1:
            pen.draw(MARGIN, y, PAPER, 44)
            y += 44 + 8
        header = (
            f"{PAPER}  {date[0]}年{date[1]}月{date[2]}日  星期二  第{number}版  要闻  责任编辑：{_name(rng)}"
        )
        pen.draw(MARGIN, y, header, 9)
        y += 9 + 6
        c.line(MARGIN, H - y, W - MARGIN, H - y)
        y += 14
        first_row = True
        while True:
            spans = _row_spans(rng, n)
            row_bottom = y
            col = 0
            placed = False
            for span in spans:
                cols = cols_all[col : col + span]
                x0, x1 = cols[0], cols[-1] + cw
                col += span
                if number > 1 and first_row and jump_rest is not None and col == span:
                    cont = Item("continuation", body=["（上接第1版）", *jump_rest], jump_from=1)
                    repeat = jump_title if rng.random() < 0.5 else None
                    bottom, _ = _render_slot(pen, cont, x0, x1, cols, cw, y, rng, None, repeat_title=repeat)
                    items.append(cont)
                    jump_rest = None
                    row_bottom = max(row_bottom, bottom)
                    placed = True
                    continue
                item = _article(rng, used, date)
                photo = _photo(rng) if rng.random() < 0.35 else None
                room = H - MARGIN
                jumping = number == 1 and pages > 1 and jump_title is None and 0.55 * H < y < room - 300
                if jumping:
                    photo = None  # the jumping article keeps its room for text
                    item.body += _paragraphs(rng, "乡村振兴", 4)
                slot_seed = rng.random()
                cap = min(room, y + 260) if jumping else None

                draw = functools.partial(
                    _render_slot, pen, x0=x0, x1=x1, cols=cols, cw=cw, top=y, photo=photo, max_bottom=cap
                )

                pen.enabled = False  # a dry run first: does it fit?
                bottom, _ = draw(copy.deepcopy(item), rng=random.Random(slot_seed))
                pen.enabled = True
                if bottom > room:  # does not fit: leave the rest of the page blank
                    used.discard(item.title)
                    break
                bottom, rest = draw(item, rng=random.Random(slot_seed))
                if rest:
                    item.jump_to = 2
                    jump_rest, jump_title = rest, item.title
                items.append(item)
                if photo is not None:
                    items.append(photo)
                row_bottom = max(row_bottom, bottom)
                placed = True
            if not placed or row_bottom + 120 > H - MARGIN:
                break
            y = row_bottom + 18
            c.line(MARGIN, H - (y - 9), W - MARGIN, H - (y - 9))
            first_row = False
        c.showPage()
        c.save()
        truth["pages"].append(
            {"file": file, "page": number, "columns": n, "articles": [asdict(i) for i in items]}
        )
    with atomic_open(out / "truth.json") as fh:
        fh.write(json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
    return truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    truth = render_issue(args.out, pages=args.pages, seed=args.seed)
    n = sum(len(p["articles"]) for p in truth["pages"])
    print(f"{len(truth['pages'])} pages, {n} pieces -> {args.out}")


if __name__ == "__main__":
    main()
