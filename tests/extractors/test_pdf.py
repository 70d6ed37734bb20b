"""PDF pages: rendered issues (scripts/make_pdf_pages.py, invented text) read back into articles,
checked against what was rendered; scans, encrypted and broken files reported one line each."""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from guanxi.extractors.read import read_inputs
from guanxi.extractors.segment import segment

from guanxi.cli import main
from guanxi.model import Page, Problem

ROOT = Path(__file__).resolve().parents[2]
SEEDS = (0, 1, 2, 3, 4, 5)


def _renderer():
    spec = importlib.util.spec_from_file_location("make_pdf_pages", ROOT / "scripts" / "make_pdf_pages.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def issues(tmp_path_factory) -> list[tuple[dict, list[Page]]]:
    """Six rendered issues of three pages (2-5 columns), each read back as pages."""
    render = _renderer().render_issue
    out = []
    for seed in SEEDS:
        d = tmp_path_factory.mktemp(f"issue{seed}")
        truth = render(d, pages=3, seed=seed)
        items = list(read_inputs([d]))
        assert not [x for x in items if isinstance(x, Problem)]
        out.append((truth, [x for x in items if isinstance(x, Page)]))
    return out


def _flat(s: str) -> str:
    return "".join(s.split())


def test_titles_f1(issues) -> None:
    tp = fp = fn = 0
    for truth, pages in issues:
        for tpage, page in zip(truth["pages"], pages, strict=True):
            gold = [a["title"] for a in tpage["articles"] if a["kind"] == "article"]
            for a in segment(page).articles:
                if a.title is None:
                    continue
                if a.title in gold:
                    gold.remove(a.title)
                    tp += 1
                else:
                    fp += 1
            fn += len(gold)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert tp > 100
    assert f1 >= 0.95, (tp, fp, fn)


def test_every_body_character_in_exactly_one_article(issues) -> None:
    """Each rendered piece's paragraphs are in one article, each article holds one piece, and
    articles and gaps cover the page text once."""
    for truth, pages in issues:
        for tpage, page in zip(truth["pages"], pages, strict=True):
            seg = segment(page)
            spans = sorted([(a.start, a.end) for a in seg.articles] + [(g[0], g[1]) for g in seg.gaps])
            assert spans[0][0] == 0 and spans[-1][1] == len(page.text)
            assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
            texts = [_flat(a.text) for a in seg.articles]
            owners_seen: set[int] = set()
            for piece in tpage["articles"]:
                # The piece's longest paragraph is printed once: the article that holds it holds
                # all its paragraphs (a byline like 本报记者 X may be printed twice on a page).
                key = max(piece["body"], key=len)
                holders = [k for k, t in enumerate(texts) if _flat(key) in t]
                assert len(holders) == 1, (page.page_id, key[:20], holders)
                (owner,) = holders
                for para in piece["body"]:
                    assert _flat(para) in texts[owner], (page.page_id, piece["title"], para[:20])
                assert owner not in owners_seen, (page.page_id, piece["title"])
                owners_seen.add(owner)
            # Nothing is left over: every article is a rendered piece, gaps are blank or the header.
            assert owners_seen == set(range(len(seg.articles)))
            assert {g[2] for g in seg.gaps} <= {"blank", "page header"}


def test_reporters_kinds_and_page_facts(issues) -> None:
    for truth, pages in issues:
        for tpage, page in zip(truth["pages"], pages, strict=True):
            assert page.get("date") == truth["date"]
            assert page.get("page") == str(tpage["page"])
            by_text = {_flat(a.text): a for a in segment(page).articles}
            for piece in tpage["articles"]:
                art = next(a for t, a in by_text.items() if _flat(max(piece["body"], key=len)) in t)
                assert art.page_number == tpage["page"]
                assert art.boxes and all(x0 < x1 and top < bottom for x0, top, x1, bottom in art.boxes)
                if piece["kind"] == "continuation":
                    assert art.kind == "continuation" and art.title is None
                    continue
                assert [r.name for r in art.reporters] == piece["reporters"], piece["title"]
                if piece["kind"] == "photo":
                    assert art.kind == "photo" and art.title is None
                else:
                    assert art.kicker == piece["kicker"] and art.subtitle == piece["subtitle"]


def test_offsets_point_into_the_page_text(issues) -> None:
    _truth, pages = issues[0]
    for page in pages:
        for a in segment(page).articles:
            assert a.start < a.end
            for i, ch in enumerate(a.text):
                if not ch.isspace():
                    assert page.text[a.page_offset(i)] == ch


def test_jump_lines_linked_across_pages(issues) -> None:
    linked = 0
    for truth, pages in issues:
        if not any(p["jump_to"] for p in truth["pages"][0]["articles"]):
            continue
        first = {a.article_id: a for a in segment(pages[0]).articles}
        second = {a.article_id: a for a in segment(pages[1]).articles}
        (jumping,) = [a for a in first.values() if a.continued_to]
        cont = second[jumping.continued_to]
        assert cont.kind == "continuation" and cont.continued_from == jumping.article_id
        assert "转第2版" in jumping.text and "上接第1版" in cont.text
        linked += 1
    assert linked >= 3


def _pdf(path: Path, draw) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(600, 800), invariant=1, **draw.get("kw", {}))
    for page in draw["pages"]:
        if page:
            c.setFont("STSong-Light", 20)
            c.drawString(50, 700, "岚山区召开河湖治理推进会")
            c.setFont("STSong-Light", 10)
            c.drawString(50, 670, "本报讯（记者 周海）3月5日，岚山区召开河湖治理推进会。")
        else:  # a scan: a picture, no text
            c.setFillGray(0.5)
            c.rect(50, 50, 500, 700, stroke=0, fill=1)
        c.showPage()
    c.save()
    return path


def test_scans_encrypted_and_broken_files_reported_and_the_run_goes_on(tmp_path: Path, monkeypatch) -> None:
    from guanxi.extractors import ocr
    from reportlab.lib import pdfencrypt

    monkeypatch.setattr(ocr, "available", lambda: False)  # as without the extra guanxi[ocr]

    d = tmp_path / "in"
    d.mkdir()
    _pdf(d / "a_text_and_scan.pdf", {"pages": [True, False]})
    _pdf(d / "b_scan.pdf", {"pages": [False]})
    _pdf(
        d / "c_locked.pdf", {"pages": [True], "kw": {"encrypt": pdfencrypt.StandardEncryption("pw", "owner")}}
    )
    (d / "d_broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage")
    (d / "e_page.txt").write_text("市里开会\n\n本报讯 记者张三报道：3月19日，市里开会。\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["articles", "-q", str(d)])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"guanxi: {d / 'a_text_and_scan.pdf'}: page 2: no text layer (a scanned image?); not read (pip install 'guanxi[ocr]' to OCR it)",
        f"guanxi: {d / 'b_scan.pdf'}: page 1: no text layer (a scanned image?); not read (pip install 'guanxi[ocr]' to OCR it)",
        f"guanxi: {d / 'c_locked.pdf'}: encrypted PDF (a password is needed); not read",
        f"guanxi: {d / 'd_broken.pdf'}: not a readable PDF (Failed to load document (PDFium: Data format error).); not read",
    ]
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    (page,) = [x for x in lines if "page_text" in x]  # the PDF page's text, which offsets point into
    arts = [x for x in lines if "page_text" not in x]
    assert (page["file"], page["page"], page["page_id"]) == ("a_text_and_scan.pdf", "1", "a_text_and_scan#p1")
    assert page["page_text"][arts[0]["start"] : arts[0]["end"]].startswith("岚山区召开河湖治理推进会\n本报讯")
    assert [(a["file"], a["title"], a["page_number"]) for a in arts] == [
        ("a_text_and_scan.pdf", "岚山区召开河湖治理推进会", 1),
        ("e_page.txt", "市里开会", None),
    ]
    assert arts[0]["reporters"] == [{"name": "周海", "role": "记者"}]


def _scan_of(pdf: Path, out: Path) -> Path:
    """An image-only copy of a PDF's first page (a scan: no text layer)."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = pdfium.PdfDocument(str(pdf))[0]
    w, h = page.get_size()
    c = canvas.Canvas(str(out), pagesize=(w, h), invariant=1)
    c.drawImage(ImageReader(page.render(scale=2).to_pil()), 0, 0, w, h)
    c.showPage()
    c.save()
    return out


def test_ocr_reads_a_scanned_page(tmp_path: Path) -> None:
    from guanxi.extractors import ocr

    assert ocr.available()  # the test extra installs guanxi[ocr]
    text = _pdf(tmp_path / "text.pdf", {"pages": [True]})
    blank = _pdf(tmp_path / "blank.pdf", {"pages": [False]})
    (page,) = read_inputs([_scan_of(text, tmp_path / "scan.pdf")])
    assert isinstance(page, Page) and page.encoding == "pdf+ocr"
    (art,) = segment(page).articles
    assert art.title == "岚山区召开河湖治理推进会"
    assert [r.name for r in art.reporters] == ["周海"]
    (problem,) = read_inputs([_scan_of(blank, tmp_path / "blank-scan.pdf")])
    assert problem.reason == "page 1: no text layer, and OCR found no text; not read"


def _lines_pdf(path: Path, lines: list[tuple[float, float, float, str]]) -> Path:
    """A one-page PDF of (x, top, size, text) lines."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(600, 800), invariant=1)
    for x, top, size, text in lines:
        c.setFont("STSong-Light", size)
        c.drawString(x, 800 - top - size, text)
    c.showPage()
    c.save()
    return path


def test_kicker_in_body_type_right_above_the_title(tmp_path: Path) -> None:
    pdf = _lines_pdf(
        tmp_path / "p.pdf",
        [
            (50, 100, 10, "一线采访"),
            (50, 114, 22, "柳塘镇建起便民驿站"),
            (50, 146, 10, "本报记者 周海"),
            (70, 162, 10, "今年以来，柳塘镇新建便民驿站十二个，群众办事"),
            (50, 176, 10, "不出村。镇里还组织志愿者上门服务。"),
        ],
    )
    (page,) = read_inputs([pdf])
    (art,) = segment(page).articles
    assert (art.kicker, art.title, [r.name for r in art.reporters]) == (
        "一线采访",
        "柳塘镇建起便民驿站",
        ["周海"],
    )


def test_progress_counts_the_pages_of_a_pdf(tmp_path: Path) -> None:
    from guanxi.cli.progress import count_pages

    _pdf(tmp_path / "two.pdf", {"pages": [True, False]})
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf")
    assert count_pages([tmp_path]) == 3  # two pages, and the broken file's one problem


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("澄川日报 2025年3月18日 星期二 第3版 要闻", ("2025-03-18", 3)),
        ("2025年3月18日 第A2版 综合新闻", ("2025-03-18", 2)),
        ("第十二版 2024-11-05", ("2024-11-05", 12)),
        ("澄川日报", (None, None)),
    ],
)
def test_page_header(line: str, want: tuple) -> None:
    from guanxi.extractors.layout import page_header

    assert page_header(line) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("会议强调……（转第4版）", (4, None)),
        ("（下转第二版）", (2, None)),
        ("（上接第1版）会议强调……", (None, 1)),
        ("(紧接第一版)会议强调……", (None, 1)),
        ("会议强调，转变作风。", (None, None)),
    ],
)
def test_jump_marks(text: str, want: tuple) -> None:
    from guanxi.extractors.layout import jump_marks

    assert jump_marks(text) == want


def test_an_issue_is_read_as_at_most_issue_files_files(tmp_path: Path, monkeypatch) -> None:
    import guanxi.extractors.read as read

    _renderer().render_issue(tmp_path, pages=2, seed=0)

    def links() -> int:
        pages = [x for x in read_inputs([tmp_path]) if isinstance(x, Page)]
        return sum(r.continued_to is not None for p in pages for r in p.layout)

    assert links() == 1
    monkeypatch.setattr(read, "ISSUE_FILES", 1)  # each page file read on its own: no jump linked
    assert links() == 0
