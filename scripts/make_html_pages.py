"""Write saved web pages shaped like Chinese news and e-paper sites, with their ground truth.

Every text here is invented (persons, places, organizations, sites); only the page shapes follow
common sites: a national news portal's article page, a news agency's article page, a paper's
数字报 (e-paper) article page with 引题/标题/副题/作者/版次, a county government portal's news
page, a page in GBK with paragraphs between ``<br>`` tags, a WeChat public account's article, an
old township site laid out in tables (GB2312), and an ``.mht`` (MIME) archive of a page. Each page wraps its article in
navigation, ads, a related-article list and a footer. Bad files (empty, no main text, bytes that
are no text) are written beside them with the reason guanxi should give.

``truth.json`` holds, per file: title, kicker, subtitle, reporters, date, the body paragraphs,
the officials named in the body, and the boilerplate strings that must not reach extraction.

Example::

    python scripts/make_html_pages.py -o /tmp/pages
"""

from __future__ import annotations

import argparse
import base64
import json
import quopri
import sys
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path

from guanxi.outputs import atomic_open, atomic_path


@dataclass(frozen=True)
class Story:
    """One invented article with what guanxi should read from its page."""

    title: str
    body: tuple[str, ...]
    date: str
    kicker: str | None = None
    subtitle: str | None = None
    reporters: tuple[str, ...] = ()
    officials: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = field(default=())  # nav, related lists, ads, footer: never extracted


_NAV = ("首页", "时政", "地方", "财经", "社会", "图片", "视频", "评论", "专题")
_RELATED = (
    "青河县召开乡村振兴专题推进会",
    "云岭镇举办春季招聘会 五百余个岗位虚位以待",
    "北川湖湿地公园迎来首批越冬候鸟",
    "东陵区开展安全生产大检查",
)
_AD = "限时特惠 云梦山温泉度假村 周末套票八八折 立即预订"
_FOOTER = "本网站所刊登的各种新闻、信息和专栏资料，均为版权所有，未经协议授权，禁止下载使用。"


def _nav(items=_NAV) -> str:
    return (
        "<ul class='nav'>"
        + "".join(f"<li><a href='/{i}'>{escape(t)}</a></li>" for i, t in enumerate(items))
        + "</ul>"
    )


def _related(title: str = "相关新闻") -> str:
    lis = "".join(f"<li><a href='/n/{i}.html'>{escape(t)}</a></li>" for i, t in enumerate(_RELATED))
    return f"<div class='related'><h4>{title}</h4><ul>{lis}</ul></div>"


def _paras(body: tuple[str, ...]) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in body)


def _br_paras(body: tuple[str, ...]) -> str:
    # Paragraphs as indented runs of text between <br> tags (older CMS and e-paper systems).
    return "".join(f"\u3000\u3000{escape(p)}<br>" for p in body)


_BOILER = (*_RELATED, _AD, _FOOTER, "版权所有")

STORIES: dict[str, Story] = {
    "portal_article.html": Story(
        title="青河市召开全市营商环境优化推进大会",
        date="2024-03-05",
        reporters=("孟清远",),
        officials=("韩立峰", "柯雨晴"),
        body=(
            "3月4日，青河市召开全市营商环境优化推进大会，总结去年工作，部署今年任务。",
            "市委书记韩立峰出席会议并讲话。他强调，要把优化营商环境作为“一把手”工程，"
            "聚焦企业办事的堵点难点，推动审批事项再精简、办理时限再压缩。",
            "市长柯雨晴主持会议。会议通报了各县区营商环境评价结果，三家单位作了交流发言。",
            "会议要求，各级各部门要建立问题清单、责任清单和整改清单，确保各项举措落地见效，"
            "为全市经济高质量发展提供有力保障。",
        ),
        boilerplate=_BOILER,
    ),
    "agency_article.html": Story(
        title="云岭山区特色茶产业带动万户增收",
        date="2024-03-06",
        reporters=("苏明哲", "邱若兰"),
        officials=("甘振华",),
        body=(
            "新华社青河3月6日电（记者苏明哲、邱若兰）早春时节，云岭山区的茶园里一片忙碌。"
            "茶农们抢抓农时采摘春茶，加工厂里机器轰鸣，茶香四溢。",
            "近年来，云岭县把茶产业作为富民主导产业，建成标准化茶园十二万亩，"
            "培育龙头企业二十余家，带动一万多户农户稳定增收。",
            "云岭县县长甘振华介绍，县里正推进茶旅融合，打造集采茶体验、民宿康养于一体的产业带，"
            "让绿水青山持续释放生态红利。",
        ),
        boilerplate=_BOILER,
    ),
    "epaper_article.html": Story(
        kicker="聚焦基层治理现代化",
        title="东陵区“网格+服务”打通为民服务最后一米",
        subtitle="全区划分网格六百余个 今年以来解决群众诉求一万两千件",
        date="2024-03-07",
        reporters=("林晓岚", "唐卫东"),
        officials=("戴建平", "丁雪梅"),
        body=(
            "本报讯 3月6日，记者从东陵区委政法委获悉，今年以来，该区深化“网格+服务”模式，"
            "全区六百余个网格累计解决群众诉求一万两千件。",
            "东陵区委副书记戴建平表示，网格是基层治理的“神经末梢”，要让网格员成为群众身边的贴心人。",
            "在青石街道，网格员每天走访辖区住户，收集问题、登记台账。街道党工委书记丁雪梅说，"
            "小事不出网格、大事不出街道，已经成为居民的共识。",
            "下一步，东陵区将推动网格服务与数字平台深度融合，提升基层治理精细化水平。",
        ),
        boilerplate=(*_BOILER, "第03版：要闻", "上一版", "下一版", "本版其他文章"),
    ),
    "county_news.html": Story(
        title="北川县召开春季森林防火工作部署会",
        date="2024-03-08",
        reporters=("程一鸣",),
        officials=("魏国强", "齐海燕"),
        body=(
            "3月8日上午，北川县召开春季森林防火工作部署会。",
            "县委副书记、县长魏国强出席会议并讲话，副县长齐海燕主持会议。",
            "会议指出，当前已进入森林防火关键期，各乡镇各部门要压紧压实责任，加强巡山护林，"
            "严管野外用火，确保全县森林资源安全。",
            "会上，各乡镇主要负责人递交了森林防火目标责任书。",
        ),
        boilerplate=(*_BOILER, "主办单位：北川县人民政府办公室", "网站标识码", "乡镇动态"),
    ),
    "gbk_page.htm": Story(
        title="南屏镇新建便民服务中心投入使用",
        date="2024-03-09",
        reporters=("彭少杰",),
        officials=("郝志远",),
        body=(
            "3月9日，南屏镇便民服务中心正式投入使用，群众办理社保、户籍等二十三项业务实现“一窗通办”。",
            "南屏镇党委书记郝志远介绍，服务中心设置综合窗口八个，配备自助终端四台，"
            "群众办事平均等候时间缩短一半以上。",
            "前来办理医保业务的村民说，以前要跑好几个地方，现在一个窗口就办好了。",
        ),
        boilerplate=_BOILER,
    ),
    "wechat_article.html": Story(
        title="江口镇：党建引领 幸福加码",
        date="2024-03-11",
        officials=("岳文斌", "冉秋菊"),
        body=(
            "近日，江口镇党委书记岳文斌带队走访辖区企业，了解企业发展中遇到的困难和问题。",
            "岳文斌表示，要持续优化营商环境，为企业发展提供全方位服务，帮助企业解决用工、融资等难题。",
            "镇长冉秋菊参加走访。",
        ),
        boilerplate=("微信扫一扫", "关注该公众号", "阅读原文"),
    ),
    "table_layout.htm": Story(
        title="石桥乡召开春耕备耕工作会议",
        date="2024-03-12",
        officials=("金海涛", "向玉兰"),
        body=(
            "3月12日，石桥乡召开春耕备耕工作会议，乡党委书记金海涛出席会议并讲话。",
            "会议要求各村抓好农资储备和技术培训，确保春耕生产顺利进行。",
            "乡长向玉兰主持会议。",
        ),
        boilerplate=("网站首页", "机构设置", "版权所有：石桥乡人民政府", "技术支持"),
    ),
    "saved_page.mht": Story(
        kicker="以文塑旅 以旅彰文",
        title="西林区举办第三届乡村文化旅游节",
        subtitle="二十余项活动吸引游客两万余人次",
        date="2024-03-10",
        reporters=("袁思远",),
        officials=("蒋立新",),
        body=(
            "3月10日，西林区第三届乡村文化旅游节在桃溪村开幕，吸引游客两万余人次。",
            "西林区委书记蒋立新在开幕式上致辞，他表示，要以文塑旅、以旅彰文，"
            "让乡村文化旅游成为群众增收致富的新引擎。",
            "活动期间，非遗展演、农产品市集、民俗体验等二十余项活动轮番登场。",
        ),
        boilerplate=_BOILER,
    ),
}


def _portal(s: Story) -> str:
    # A national portal's article page: a kicker <h3 class="pre">, <h1>, a subtitle <p class="sub">,
    # a line with time and source, the text, 相关新闻.
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{escape(s.title)}--青河新闻网</title>
<meta name="publishdate" content="{s.date}">
<meta name="author" content="{escape(s.reporters[0])}">
<meta name="description" content="{escape(s.body[0][:30])}">
</head><body>
<div class="header">{_nav()}<div class="search"><input type="text" value="搜索"></div></div>
<div class="ad-banner"><a href="/ad">{_AD}</a></div>
<div class="route"><a href="/">青河新闻网</a> &gt;&gt; <a href="/local">地方</a></div>
<div class="main">
<div class="col-1">
{f'<h3 class="pre">{escape(s.kicker)}</h3>' if s.kicker else ""}
<h1>{escape(s.title)}</h1>
{f'<p class="sub">{escape(s.subtitle)}</p>' if s.subtitle else ""}
<div class="col-1-1">{s.date.replace("-", "年", 1).replace("-", "月")}日08:12 | 来源：青河日报</div>
<div class="rm_txt_con">
{_paras(s.body)}
<p class="edit">(责编：任佳怡)</p>
</div>
<div class="share">分享到：微信 微博</div>
{_related()}
</div>
<div class="col-2"><h4>热点排行</h4><ol>{"".join(f"<li><a href='/h/{i}.html'>{escape(t)}</a></li>" for i, t in enumerate(reversed(_RELATED)))}</ol></div>
</div>
<div class="footer"><p>{_FOOTER}</p><p>青河新闻网 版权所有</p></div>
</body></html>
"""


def _agency(s: Story) -> str:
    # A news agency's article page: the date in pieces, the source line, the text in #detail.
    y, m, d = s.date.split("-")
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{escape(s.title)}-青河通讯社</title>
<meta property="article:published_time" content="{s.date}T10:30:00+08:00">
</head><body>
<div class="topbar">{_nav()}</div>
<div class="header-cont">
<h1><span class="title">{escape(s.title)}</span></h1>
<div class="info"><span class="year"><em>{y}</em></span><span class="day"><em>{m}</em>/<em>{d}</em></span>
<span class="time">10:30:00</span> 来源：青河通讯社</div>
</div>
<div class="main-left">
<div id="detail">
{_paras(s.body)}
</div>
<div class="editor">【纠错】 【责任编辑：韦小川】</div>
{_related("相关阅读")}
<div class="adv"><a href="/ad">{_AD}</a></div>
</div>
<div class="foot"><p>{_FOOTER}</p><p>青河通讯社 版权所有</p></div>
</body></html>
"""


def _epaper(s: Story) -> str:
    # A 数字报 article page: the edition bar, 引题/标题/副题, the byline, the text, the page's
    # other articles and the previous/next edition links.
    y, m, d = (int(x) for x in s.date.split("-"))
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>东陵日报数字报-{escape(s.title)}</title></head>
<body>
<table width="100%"><tr><td class="bar">{y}年{m}月{d}日 星期四 | <a href="node_1.htm">第01版：要闻</a>
<a href="node_2.htm">第02版：综合</a> <a href="node_3.htm">第03版：要闻</a> <a href="#">往期回顾</a></td></tr></table>
<table><tr>
<td class="left"><div class="pagepic">第03版：要闻</div>
<div class="pagelinks"><a href="#">上一版</a> <a href="#">下一版</a></div>
<div class="list"><h4>本版其他文章</h4><ul>{"".join(f"<li><a href='#'>{escape(t)}</a></li>" for t in _RELATED)}</ul></div></td>
<td class="content">
<div class="article">
<h3>{escape(s.kicker or "")}</h3>
<h1>{escape(s.title)}</h1>
<h2>{escape(s.subtitle or "")}</h2>
<div class="author">本报记者 {escape(" ".join(s.reporters))}</div>
<div id="ozoom"><founder-content>{_br_paras(s.body)}</founder-content></div>
</div>
</td></tr></table>
<div class="ad"><a href="#">{_AD}</a></div>
<div class="bottom"><p>{_FOOTER}</p><p>东陵日报社 版权所有</p></div>
</body></html>
"""


def _county(s: Story, charset: str = "utf-8", meta_date: bool = False, br: bool = False) -> str:
    # A county portal's news page: breadcrumbs, the title, an info line (发布时间/来源/作者/
    # 浏览次数), the text in a TRS editor div, and a footer with the site's owner.
    meta = f'<meta name="PubDate" content="{s.date} 09:00">' if meta_date else ""
    body = _br_paras(s.body) if br else _paras(s.body)
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{escape(s.title)}_乡镇动态_北川县人民政府</title>{meta}
</head><body>
<div class="head"><img src="logo.png" alt="北川县人民政府">{_nav(("首页", "政务公开", "政务服务", "互动交流", "走进北川"))}</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xw">新闻中心</a> &gt; <a href="/xzdt">乡镇动态</a></div>
<div class="article-box">
<div class="title"><h2>{escape(s.title)}</h2></div>
<div class="info">发布时间：{s.date} 09:00 来源：北川县融媒体中心 作者：{escape(" ".join(s.reporters))} 浏览次数：1024</div>
<div class="TRS_Editor">{body}</div>
<div class="print">【打印本页】 【关闭窗口】</div>
</div>
{_related("相关信息")}
<div class="footer"><p>主办单位：北川县人民政府办公室</p><p>网站标识码：0000000000 {_FOOTER}</p></div>
</body></html>
"""


def _wechat(s: Story) -> str:
    # An article of a WeChat public account, saved from the browser: the title, the account's
    # name and time, the text in <section><p><span>, and the follow-us QR block under it.
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="{escape(s.title)}"><title>{escape(s.title)}</title></head><body>
<div id="js_article"><div class="rich_media_inner"><h1 class="rich_media_title" id="activity-name">
  {escape(s.title)} </h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta_text">江口融媒</span>
<span class="rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">江口发布</a></span>
<em id="publish_time" class="rich_media_meta_text">{s.date} 18:30</em></div>
<div class="rich_media_content" id="js_content"><section>
{"".join(f"<p><span>{escape(p)}</span></p>" for p in s.body)}
</section></div>
<div class="qr_code_pc"><p>微信扫一扫<br>关注该公众号</p></div>
<div class="rich_media_tool"><a href="#">阅读原文</a></div></div></div></body></html>
"""


def _table_layout(s: Story) -> str:
    # An old township site in GB2312: the page is tables, the headline in <font><b>, the text
    # between <br> tags, and a copyright table with no class to tell it.
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{escape(s.title)}</title></head><body>
<table width=980><tr><td><a href="/">网站首页</a> | <a href="/a">机构设置</a> | <a href="/b">政务公开</a></td></tr></table>
<table width=980><tr><td align=center><font size=5><b>{escape(s.title)}</b></font></td></tr>
<tr><td align=center>时间：{s.date} 来源：石桥乡人民政府</td></tr>
<tr><td><font size=3>{_br_paras(s.body)}</font></td></tr></table>
<table><tr><td>版权所有：石桥乡人民政府 技术支持：某某网络</td></tr></table></body></html>
"""


def _mht(html: str) -> bytes:
    # A page saved as a web archive: multipart/related, the HTML part quoted-printable, an image
    # part in base64.
    boundary = "----=_NextPart_000_0000_01DA0000.00000000"
    qp = quopri.encodestring(html.encode("utf-8")).decode("ascii")
    img = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(40)).decode("ascii")
    return (
        "From: <Saved by a web browser>\r\n"
        "Subject: =?utf-8?B?" + base64.b64encode("西林区".encode()).decode() + "?=\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n'
        "This is a multi-part message in MIME format.\r\n\r\n"
        f"--{boundary}\r\n"
        'Content-Type: text/html;\r\n\tcharset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: http://xilin.example/news/2024/0310/1.html\r\n\r\n"
        f"{qp}\r\n\r\n"
        f"--{boundary}\r\n"
        "Content-Type: image/png\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Location: http://xilin.example/logo.png\r\n\r\n"
        f"{img}\r\n"
        f"--{boundary}--\r\n"
    ).encode("ascii")


#: Bad files and the start of the reason guanxi gives for each.
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.html": (b"  \n", "empty file"),
    "no_text.html": (
        (
            "<html><head><meta charset='utf-8'><title>青河新闻网</title></head><body>"
            + _nav()
            + _related()
            + f"<div class='footer'>{_FOOTER}</div></body></html>"
        ).encode("utf-8"),
        "no main text found",
    ),
    "binary.html": (bytes(range(256)) * 8, "binary file"),
}


def write_pages(out: Path) -> dict[str, dict]:
    """Write the pages and bad files into *out*; return (and write as truth.json) the truth."""
    out.mkdir(parents=True, exist_ok=True)
    s = STORIES
    pages: dict[str, bytes] = {
        "portal_article.html": _portal(s["portal_article.html"]).encode("utf-8"),
        "agency_article.html": _agency(s["agency_article.html"]).encode("utf-8"),
        "epaper_article.html": _epaper(s["epaper_article.html"]).encode("utf-8"),
        "county_news.html": _county(s["county_news.html"]).encode("utf-8"),
        "gbk_page.htm": _county(s["gbk_page.htm"], "gbk", meta_date=True, br=True).encode("gbk"),
        "saved_page.mht": _mht(_portal(s["saved_page.mht"])),
        "wechat_article.html": _wechat(s["wechat_article.html"]).encode("utf-8"),
        "table_layout.htm": _table_layout(s["table_layout.htm"]).encode("gb2312"),
    }
    for name, data in [*pages.items(), *((n, d) for n, (d, _) in BAD_FILES.items())]:
        with atomic_path(out / name) as tmp:
            tmp.write_bytes(data)
    truth = {
        "pages": {name: asdict(story) for name, story in s.items()},
        "bad": {name: reason for name, (_, reason) in BAD_FILES.items()},
    }
    with atomic_open(out / "truth.json") as fh:
        fh.write(json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", required=True, help="the folder to write the pages into")
    args = ap.parse_args(argv)
    truth = write_pages(Path(args.out))
    print(f"{len(truth['pages'])} pages and {len(truth['bad'])} bad files in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
