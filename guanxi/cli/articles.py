"""``guanxi articles``: pages in, one JSON line per article out."""

from __future__ import annotations

import json

import click

from guanxi.cli import main
from guanxi.cli.common import Run, home_option, inputs_argument, open_output, output_option, quiet_option
from guanxi.model import Home


@main.command("articles")
@inputs_argument
@home_option
@output_option
@click.option(
    "--pages",
    "per_page",
    is_flag=True,
    help="One line per page in the gold schema (file, home, articles: title, kind, date, reporters).",
)
@click.option(
    "--gaps",
    is_flag=True,
    help="Also write the spans of each page that belong to no article: one line each "
    "(file, page_id, gap: blank or unassigned, start, end, text), or a gaps list with --pages.",
)
@quiet_option
def articles_command(
    paths: tuple[str, ...], home: Home | None, output: str, per_page: bool, gaps: bool, quiet: bool
) -> None:
    """Cut newspaper pages into articles and write one JSON line per article.

    PATH is a page (.txt/.md), an e-paper PDF, a saved web page (.html/.htm/.mht), a JSONL file of
    article records, a folder of them (read recursively) or - for stdin. Each line is an Article (title, kicker, subtitle, kind, date,
    reporters, clean text, offsets into the page) plus the page's file name and home; with
    --gaps, the spans of the page that belong to no article too. The articles of a PDF page or a
    saved web page follow a line with the page text guanxi composed from it (file, page_id, page,
    date, page_text), which their offsets point into. A rejected input prints one line
    ``guanxi: PATH:LINE: reason`` on stderr and sets exit code 1 (so does a page kept without a
    few bytes that are no text).

    \b
    Example:
        guanxi articles seeds/ -o articles.jsonl
        guanxi articles corpus.jsonl --home 四川省/宜宾市 --pages -o pages.jsonl
        guanxi articles seeds/ --gaps | grep '"gap"'
        cat page.txt | guanxi articles -
    """
    from guanxi.extractors.home import detect_home
    from guanxi.extractors.segment import segment

    with Run("articles", quiet=quiet) as run, open_output(output, run) as out:
        for page in run.pages(paths, home=home):
            page_home = page.home or detect_home(page.text)
            seg = segment(page, home=page_home)
            run.count("articles", len(seg.articles))
            if unassigned := sum(g[2] == "unassigned" for g in seg.gaps):
                run.count("unassigned spans", unassigned)
            home_dict = page_home.to_dict() if page_home else None
            gap_recs = [
                {"gap": why, "start": start, "end": end, "text": page.text[start:end]}
                for start, end, why in (seg.gaps if gaps else ())
            ]
            if per_page:
                arts = [
                    {
                        "title": a.title,
                        "kind": a.kind,
                        "date": a.date,
                        "reporters": [r.name for r in a.reporters],
                    }
                    for a in seg.articles
                ]
                rec = {"file": page.file, "home": home_dict, "articles": arts}
                if gaps:
                    rec["gaps"] = gap_recs
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                continue
            # In page order: articles and gaps by their start. A page whose text guanxi composed
            # (a PDF page, a saved web page) first gets a line with that text, which the offsets
            # point into.
            if page.composed:
                rec = {"file": page.file, "page_id": page.page_id, "page": page.get("page"), "date": page.get("date")}
                out.write(json.dumps({**rec, "page_text": page.text}, ensure_ascii=False) + "\n")
            lines = [(a.start, {"file": page.file, "home": home_dict, **a.to_dict()}) for a in seg.articles]
            lines += [(g["start"], {"file": page.file, "page_id": page.page_id, **g}) for g in gap_recs]
            for _, rec in sorted(lines, key=lambda x: x[0]):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            for a in seg.articles:
                run.count(f"kind: {a.kind}")
    run.exit()
