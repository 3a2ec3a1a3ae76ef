"""The example report saved in every format auditors receive, built by the tests themselves.

The Xihu text is cut into blocks (paragraphs and tables); its table 3, garbled by the PDF
extraction it came from, is replaced by the clean 2019-format table with its merged cells,
so that each format has to resolve rowspan/colspan (HTML), gridSpan/vMerge (DOCX) and
spanned ruled cells (PDF).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

Spec = list[list[tuple[str, int, int]]]  # rows of (text, rowspan, colspan)

_RESULTS = [
    ("（一）予以公开", []),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", []),
    ("（三）不予公开", ["1．属于国家秘密", "2．其他法律行政法规禁止公开", "3．危及“三安全一稳定”", "4．保护第三方合法权益", "5．属于三类内部事务信息", "6．属于四类过程性信息", "7．属于行政执法案卷", "8．属于行政查询事项"]),
    ("（四）无法提供", ["1．本机关不掌握相关政府信息", "2．没有现成信息需要另行制作", "3．补正后申请内容仍不明确"]),
    ("（五）不予处理", ["1．信访举报投诉类申请", "2．重复申请", "3．要求提供公开出版物", "4．无正当理由大量反复申请", "5．要求行政机关确认或重新出具已获取信息"]),
    ("（六）其他处理", []),
    ("（七）总计", []),
]


def table3() -> Spec:
    """Table 3 of the 2019 format, all zeros, with its real merged cells (26 rows, 10 columns)."""
    zeros = [("0", 1, 1)] * 7
    rows: Spec = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [(name, 1, 1) for name in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
        [("一、本年新收政府信息公开申请数量", 1, 3), *zeros],
        [("二、上年结转政府信息公开申请数量", 1, 3), *zeros],
    ]
    results = [("三、本年度办理结果", sum(max(1, len(subs)) for _, subs in _RESULTS), 1)]
    for label, subs in _RESULTS:
        if not subs:
            rows.append([*results, (label, 1, 2), *zeros])
            results = []
        for index, sub in enumerate(subs):
            rows.append([*results, *([(label, len(subs), 1)] if index == 0 else []), (sub, 1, 1), *zeros])
            results = []
    rows.append([("四、结转下年度继续办理", 1, 3), *zeros])
    return rows


def positions(spec: Spec) -> list[tuple[int, int, str, int, int]]:
    """Each spec cell with its grid row and column: (row, column, text, rowspan, colspan)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(spec):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, text, rowspan, colspan))
            taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            c += colspan
    return out


def blocks(text: str) -> list[tuple[str, object]]:
    """The report as ("paragraph", str) and ("table", Spec) blocks, in order."""
    out: list[tuple[str, object]] = []
    section = None
    rows: list[list[str]] = []

    def close() -> None:
        if rows:
            width = max(len(row) for row in rows)
            out.append(("table", [[(cell, 1, 1) for cell in row + [""] * (width - len(row))] for row in rows]))
            rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            if section == "requests":
                if not (out and out[-1][0] == "table3"):
                    out.append(("table3", table3()))
                continue
            cells = line.split("\t")
            while cells and not cells[-1].strip():
                cells.pop()
            rows.append([cell.strip() for cell in cells])
            continue
        if not line.strip():
            continue
        close()
        if line.startswith("三、收到和处理"):
            section = "requests"
        elif re.match(r"^[一二四五六]、", line):
            section = None
        out.append(("paragraph", line.strip()))
    close()
    return [("table" if kind == "table3" else kind, value) for kind, value in out]


def to_html(parts: list[tuple[str, object]], charset: str | None = "utf-8", pubdate: bool = True) -> str:
    """A government-site page: header, menu, breadcrumb, title, info bar, article, footer, scripts."""
    title, *body = parts
    lines = []
    for kind, value in body:
        if kind == "table":
            rows = []
            for row in value:
                cells = "".join(
                    f'<td rowspan="{rs}" colspan="{cs}"><p align="center">{html.escape(t)}</p></td>' if (rs, cs) != (1, 1) else f"<td>{html.escape(t)}</td>"
                    for t, rs, cs in row
                )
                rows.append(f"<tr>{cells}</tr>")
            lines.append('<table border="1" cellspacing="0"><tbody>\n' + "\n".join(rows) + "\n</tbody></table>")
        elif value.startswith("西湖镇人民政府 2021"):
            lines.append("<p style=\"text-align:right\">西湖镇人民政府<br/>2021 年 1 月 25 日</p>")
        else:
            lines.append(f'<p style="text-indent:2em">\u3000\u3000{_source_wrap(value)}</p>')
    meta_charset = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    meta_date = '<meta name="PubDate" content="2021-01-25 09:30">' if pubdate else ""
    return f"""<!DOCTYPE html>
<html><head>{meta_charset}
<title>{html.escape(title[1])}_阳谷县人民政府</title>
{meta_date}
<script>var menu = "首页"; document.write("<p>脚本写入的内容</p>");</script>
<style>.nav {{ color: red }}</style>
</head>
<body>
<div class="header"><div class="logo">阳谷县人民政府</div>
<ul class="nav-menu"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul>
<form class="search"><input name="q" value="请输入关键字"><button>搜索</button></form></div>
<div class="main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/ndbg">年度报告</a></div>
<h1 class="article-title">{html.escape(title[1])}</h1>
<div class="info">发布时间：2021-01-25　来源：西湖镇人民政府　【字号：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="TRS_Editor" id="zoom">
{chr(10).join(lines)}
</div>
<div class="bdshare">分享到：<a>微信</a> <a>微博</a> <a href="javascript:window.print()">打印本页</a></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">西湖镇2019年政府信息公开工作年度报告</a></li></ul></div>
<div style="display:none">隐藏的统计代码</div>
</div>
<div class="footer"><p>主办：阳谷县人民政府办公室　地址：阳谷县侨润街道　版权所有</p><p>网站标识码：3715210001　鲁ICP备00000000号</p></div>
<script>console.log("访问统计")</script>
</body></html>
"""


def _source_wrap(text: str, width: int = 40) -> str:
    """Escaped text with the line breaks a page's source puts inside long Chinese paragraphs."""
    out, run = [], 0
    for index, char in enumerate(text):
        out.append(html.escape(char))
        run += 1
        following = text[index + 1 : index + 2]
        if run >= width and re.match(r"[\u4e00-\u9fff]", char) and re.match(r"[\u4e00-\u9fff]", following):
            out.append("\n")
            run = 0
    return "".join(out)


def to_docx(parts: list[tuple[str, object]], path: Path, numbered: bool = False) -> Path:
    """A Word file: paragraphs and tables with merged cells; ``numbered`` makes the section
    and sub-topic numbers Word's automatic numbering instead of typed text."""
    import docx

    word = docx.Document()
    num_id = _add_chinese_numbering(word) if numbered else None
    for kind, value in parts:
        if kind == "table":
            width = sum(cs for _, _, cs in value[0])
            table = word.add_table(rows=len(value), cols=width)
            table.style = "Table Grid"
            for r, c, text, rowspan, colspan in positions(value):
                cell = table.cell(r, c)
                if (rowspan, colspan) != (1, 1):
                    cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
                cell.text = text
            continue
        match = re.match(r"^([一二三四五六七])、(.+)$|^[(（]([一二三四五六七])[)）]\s*(.+)$", value) if numbered else None
        paragraph = word.add_paragraph(match[2] or match[4] if match else value)
        if match:
            _number(paragraph, num_id, 0 if match[1] else 1)
    word.save(path)
    return path


@pytest.fixture(scope="session")
def add_chinese_numbering():
    """Adds a list numbered 一、 (level 0) and （一） (level 1) to a python-docx document; returns its numId."""
    return _add_chinese_numbering


def _add_chinese_numbering(word) -> str:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = word.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
        "</w:abstractNum>"
    )
    numbering.insert(0, abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _number(paragraph, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    props = paragraph._p.get_or_add_pPr()
    props.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def to_pdf(parts: list[tuple[str, object]], path: Path) -> Path:
    """A PDF with a text layer (reportlab's built-in STSong-Light CID font) and ruled tables."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=17, wordWrap="CJK")
    small = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    document = SimpleDocTemplate(str(path), pagesize=A4)
    flow = []
    for kind, value in parts:
        if kind == "paragraph":
            if value.startswith("三、"):
                flow.append(PageBreak())  # table 3 on one page: a table split by a page break is two tables
            flow.append(Paragraph(html.escape(value), body))
            continue
        width = sum(cs for _, _, cs in value[0])
        data = [[""] * width for _ in value]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for r, c, text, rowspan, colspan in positions(value):
            data[r][c] = Paragraph(html.escape(text), small)
            if (rowspan, colspan) != (1, 1):
                style.append(("SPAN", (c, r), (c + colspan - 1, r + rowspan - 1)))
        weights = [2] * width  # wider columns for longer labels, so the table fits one page
        for _, c, text, _, colspan in positions(value):
            if colspan == 1:
                weights[c] = max(weights[c], min(len(text), 12))
        widths = [document.width * w / sum(weights) for w in weights]
        flow.append(Table(data, colWidths=widths, style=TableStyle(style)))
    document.build(flow)
    return path


@pytest.fixture(scope="session")
def xihu_parts(xihu_text) -> list[tuple[str, object]]:
    return blocks(xihu_text)


@pytest.fixture(scope="session")
def xihu_files(tmp_path_factory, xihu_text, xihu_parts) -> dict[str, Path]:
    """The example report in every format: name -> path."""
    folder = tmp_path_factory.mktemp("xihu")
    files = {
        "utf-8": (folder / "utf8.txt", xihu_text.encode("utf-8")),
        "utf-8-sig": (folder / "bom.txt", b"\xef\xbb\xbf" + xihu_text.encode("utf-8")),
        "gb18030": (folder / "gb.txt", xihu_text.encode("gb18030")),
        "crlf-md": (folder / "crlf.md", xihu_text.replace("\n", "\r\n").encode("gb18030")),
        "html": (folder / "page.html", to_html(xihu_parts).encode("utf-8")),
        "html-gbk-undeclared": (folder / "gbk.htm", to_html(xihu_parts, charset=None, pubdate=False).encode("gb18030")),
    }
    out = {}
    for name, (path, raw) in files.items():
        path.write_bytes(raw)
        out[name] = path
    out["docx"] = to_docx(xihu_parts, folder / "report.docx")
    out["docx-numbered"] = to_docx(xihu_parts, folder / "numbered.docx", numbered=True)
    out["pdf"] = to_pdf(xihu_parts, folder / "report.pdf")
    return out
