"""Reports with consistent statistics tables, written by hand for the table tests.

``report_text(era, layout)`` writes a whole report whose tables 2, 3 and 4 are laid out as
tab-separated rows, space-separated rows, ``|`` rows or one cell per line (labels broken over
lines, as PDF extraction leaves them); ``report_document(era, origin)`` gives the same report
as a reader of HTML or DOCX would: rows written into the text with tabs, plus ``Table``
objects whose spanned cells repeat the same ``Cell``.  ``change`` replaces one printed cell.
"""
from __future__ import annotations

from auditor.types import Cell, Document, Table

COLUMNS = ("natural_person", "business", "research", "public_interest", "legal_services", "other", "total")
HEADER_3 = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
HEADER_3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

# (row id, group label, row label, values by column); the groups are printed once.
_RESULTS_2019_OTHER = [("results.other", "（六）其他处理", "", [0, 0, 0, 0, 0, 0, 0])]
_RESULTS_2021_OTHER = [
    ("results.other.no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [1, 0, 0, 0, 0, 0, 1]),
    ("results.other.no_fee", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0, 0, 0, 0, 0, 0, 0]),
    ("results.other.other", "", "3.其他", [0, 0, 0, 0, 0, 0, 0]),
]


def requests_rows(era: str) -> list[tuple[str, str, str, list[int]]]:
    """Table 3 rows with numbers that satisfy every identity of domain.md §4."""
    other = _RESULTS_2021_OTHER if era == "2021" else _RESULTS_2019_OTHER
    total = [3, 1, 0, 0, 1, 0, 5] if era == "2021" else [2, 1, 0, 0, 1, 0, 4]
    forward = [1, 0, 0, 0, 0, 0, 1] if era == "2021" else [2, 0, 0, 0, 0, 0, 2]
    return [
        ("received", "一、本年新收政府信息公开申请数量", "", [3, 1, 0, 0, 1, 0, 5]),
        ("carried", "二、上年结转政府信息公开申请数量", "", [1, 0, 0, 0, 0, 0, 1]),
        ("results.public", "三、本年度办理结果", "（一）予以公开", [1, 1, 0, 0, 0, 0, 2]),
        ("results.partial", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
        ("results.withheld.state_secret", "（三）不予公开", "1.属于国家秘密", [0] * 7),
        ("results.withheld.prohibited", "", "2.其他法律行政法规禁止公开", [0] * 7),
        ("results.withheld.security", "", "3.危及“三安全一稳定”", [0] * 7),
        ("results.withheld.third_party", "", "4.保护第三方合法权益", [0] * 7),
        ("results.withheld.internal", "", "5.属于三类内部事务信息", [0] * 7),
        ("results.withheld.process", "", "6.属于四类过程性信息", [0] * 7),
        ("results.withheld.enforcement_file", "", "7.属于行政执法案卷", [0] * 7),
        ("results.withheld.inquiry", "", "8.属于行政查询事项", [0] * 7),
        ("results.unavailable.not_held", "（四）无法提供", "1.本机关不掌握相关政府信息", [0, 0, 0, 0, 1, 0, 1]),
        ("results.unavailable.needs_creation", "", "2.没有现成信息需要另行制作", [0] * 7),
        ("results.unavailable.unclear", "", "3.补正后申请内容仍不明确", [0] * 7),
        ("results.not_processed.petition", "（五）不予处理", "1.信访举报投诉类申请", [0] * 7),
        ("results.not_processed.repeated", "", "2.重复申请", [0] * 7),
        ("results.not_processed.publication", "", "3.要求提供公开出版物", [0] * 7),
        ("results.not_processed.excessive", "", "4.无正当理由大量反复申请", [0] * 7),
        ("results.not_processed.confirmation", "", "5.要求行政机关确认或重新出具已获取信息", [0] * 7),
        *other,
        ("results.total", "（七）总计", "", total),
        ("carried_forward", "四、结转下年度继续办理", "", forward),
    ]


def proactive_blocks(era: str) -> list[tuple[str, list[str], list[tuple[str, str, list[str]]]]]:
    """Table 2 as printed: (block title, column headers, rows of (id, label, cells))."""
    if era == "2021":
        return [
            ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
             [("regulations", "规章", ["0", "0", "3"]), ("normative_documents", "行政规范性文件", ["2", "1", "10"])]),
            ("第二十条第（五）项", ["本年处理决定数量"], [("licensing", "行政许可", ["30"])]),
            ("第二十条第（六）项", ["本年处理决定数量"], [("penalties", "行政处罚", ["20"]), ("enforcement", "行政强制", ["2"])]),
            ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("fees", "行政事业性收费", ["1.25"])]),
        ]
    return [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
         [("regulations", "规章", ["0", "0", "0"]), ("normative_documents", "规范性文件", ["2", "2", "10"])]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
         [("licensing", "行政许可", ["5", "1", "30"]), ("other_services", "其他对外管理服务事项", ["3", "0", "12"])]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
         [("penalties", "行政处罚", ["4", "-1", "20"]), ("enforcement", "行政强制", ["1", "0", "2"])]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("fees", "行政事业性收费", ["2", "0"])]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("procurement", "政府集中采购", ["3", "45.5"])]),
    ]


PROACTIVE_COLUMNS = {
    "2021": {"regulations": ("issued", "repealed", "in_force"), "normative_documents": ("issued", "repealed", "in_force"),
             "licensing": ("decisions",), "penalties": ("decisions",), "enforcement": ("decisions",), "fees": ("fee_amount",)},
    "2019": {"regulations": ("made", "published", "total_public"), "normative_documents": ("made", "published", "total_public"),
             "licensing": ("previous_items", "change", "decisions"), "other_services": ("previous_items", "change", "decisions"),
             "penalties": ("previous_items", "change", "decisions"), "enforcement": ("previous_items", "change", "decisions"),
             "fees": ("previous_items", "change"), "procurement": ("procurement_items", "procurement_amount")},
}

REVIEW_BLOCKS = ("reconsideration", "litigation_direct", "litigation_after")
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
REVIEW_VALUES = [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]
REVIEW_HEADER = [
    ["行政复议", "", "", "", "", "行政诉讼"],
    ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
]


def expected_values(era: str) -> dict[tuple[str, str], str]:
    """Every cell of the three tables, as the text prints it."""
    out = {}
    for _, _, rows in proactive_blocks(era):
        for row, _, cells in rows:
            out.update({(row, column): cell for column, cell in zip(PROACTIVE_COLUMNS[era][row], cells)})
    for row, _, _, values in requests_rows(era):
        out.update({(row, column): str(value) for column, value in zip(COLUMNS, values)})
    cells = iter(REVIEW_VALUES)
    out.update({(block, column): str(next(cells)) for block in REVIEW_BLOCKS for column in REVIEW_COLUMNS})
    return out


# --- rows of cells, and the ways text lays them out -----------------------------------------


def _grids(era: str, change: dict | None) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """Tables 2, 3 and 4 as rows of printed cells ('' for an empty cell)."""
    change = change or {}
    proactive = []
    for title, headers, rows in proactive_blocks(era):
        proactive.append([title])
        proactive.append(["信息内容", *headers])
        for row, label, cells in rows:
            cells = [change.get((row, column), cell) for column, cell in zip(PROACTIVE_COLUMNS[era][row], cells)]
            proactive.append([label, *cells])
    requests = [HEADER_3, ["", *HEADER_3_COLUMNS]]
    for row, group, label, values in requests_rows(era):
        cells = [change.get((row, column), str(value)) for column, value in zip(COLUMNS, values)]
        requests.append([group, label, *cells])
    cells = [change.get((block, column), str(value)) for (block, column), value in zip(
        [(b, c) for b in REVIEW_BLOCKS for c in REVIEW_COLUMNS], REVIEW_VALUES)]
    review = [*REVIEW_HEADER, cells]
    return proactive, requests, review


def _tab(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(row) for row in rows)


def _space(rows: list[list[str]]) -> str:
    return "\n".join(" ".join(cell for cell in row if cell) for row in rows)


def _pipe(rows: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def _lines(rows: list[list[str]]) -> str:
    """One cell per line, long labels broken in the middle as a narrow PDF column breaks them."""
    out = []
    for row in rows:
        for cell in row:
            if not cell:
                continue
            if len(cell) > 9 and not cell[0].isdigit():
                out.extend([cell[: len(cell) // 2], cell[len(cell) // 2 :]])
            else:
                out.append(cell)
    return "\n".join(out)


LAYOUTS = {"tab": _tab, "space": _space, "pipe": _pipe, "lines": _lines}

NARRATIVE = "2021年，本机关共收到政府信息公开申请5件，均按时答复。"


def _parts(era: str, narrative: str | None) -> tuple[str, str, str, str]:
    year = 2021 if era == "2021" else 2020
    head = (
        f"某某县某某局{year}年政府信息公开工作年度报告\n"
        "根据《中华人民共和国政府信息公开条例》编制本报告。\n"
        "一、总体情况\n"
        f"{(narrative if narrative is not None else NARRATIVE).replace('2021', str(year))}\n"
        "二、主动公开政府信息情况\n"
    )
    middle_3 = "三、收到和处理政府信息公开申请情况\n"
    middle_4 = "四、政府信息公开行政复议、行政诉讼情况\n"
    tail = (
        "五、存在的主要问题及改进情况\n"
        "政策解读形式较单一，下一步将丰富解读形式。\n"
        "六、其他需要报告的事项\n"
        "本年度未收取信息处理费。\n"
        f"某某县某某局\n{year + 1}年1月20日\n"
    )
    return head, middle_3, middle_4, tail


def report_text(era: str = "2021", layout: str = "tab", change: dict | None = None, narrative: str | None = None) -> str:
    """A whole report whose three tables are laid out in ``layout``."""
    proactive, requests, review = _grids(era, change)
    render = LAYOUTS[layout]
    head, middle_3, middle_4, tail = _parts(era, narrative)
    return f"{head}{render(proactive)}\n{middle_3}{render(requests)}\n{middle_4}{render(review)}\n{tail}"


def report_document(era: str = "2021", origin: str = "html", change: dict | None = None, pieces: bool = False) -> Document:
    """The report as a reader of HTML/DOCX gives it: table rows written into the text with
    tabs, and ``Table`` objects whose merged cells repeat the same ``Cell``.

    Group labels of table 3 (三、本年度办理结果, （三）不予公开 …) span the rows of their
    group; with ``pieces`` table 2 comes as one small table per 第二十条 block.
    """
    proactive, requests, review = _grids(era, change)
    head, middle_3, middle_4, tail = _parts(era, None)
    builder = _Builder()
    builder.write(head)
    if pieces:
        block: list[list[str]] = []
        for row in proactive:
            if len(row) == 1 and block:
                builder.table(block, origin)
                block = []
            block.append(row)
        builder.table(block, origin)
    else:
        builder.table(proactive, origin)
    builder.write(middle_3)
    builder.table(requests, origin, merge_down=True)
    builder.write(middle_4)
    builder.table(review, origin)
    builder.write(tail)
    return Document(text=builder.text, source=f"<{origin}>", format=origin, tables=builder.tables)


class _Builder:
    def __init__(self) -> None:
        self.text = ""
        self.tables: list[Table] = []

    def write(self, text: str) -> None:
        self.text += text

    def table(self, rows: list[list[str]], origin: str, merge_down: bool = False) -> None:
        width = max(len(row) for row in rows)
        start = len(self.text)
        out: list[list[Cell]] = []
        above: list[Cell | None] = [None] * width
        for row in rows:
            row = row + [""] * (width - len(row))
            cells, pieces = [], []
            for index, value in enumerate(row):
                position = len(self.text) + sum(len(p) + 1 for p in pieces)
                if merge_down and index == 0 and not value and above[0] is not None and out:
                    cells.append(above[0])  # the group label spans this row
                    pieces.append("")
                    continue
                cell = Cell(value, position, position + len(value))
                cells.append(cell)
                pieces.append(value)
                if index == 0 and value:
                    above[0] = cell
            self.text += "\t".join(pieces) + "\n"
            out.append(cells)
        self.tables.append(Table(out, start, len(self.text) - 1, origin))


# --- files, as the HTML and DOCX readers see them --------------------------------------------


def _group_spans(rows: list[list[str]]) -> list[int]:
    """For each row, how many rows its first cell spans (0: covered by the cell above)."""
    spans = [1] * len(rows)
    owner = None
    for index, row in enumerate(rows):
        if row[0] or owner is None or index < 2:
            owner = index
        else:
            spans[owner] += 1
            spans[index] = 0
    return spans


def report_html(era: str = "2021", change: dict | None = None) -> str:
    """The report as a web page: table 3's group labels span their rows (rowspan), short
    rows of table 2 end in a cell spanning the rest (colspan)."""
    proactive, requests, review = _grids(era, change)
    head, middle_3, middle_4, tail = _parts(era, None)

    def table(rows: list[list[str]], merge_down: bool = False) -> str:
        width = max(len(row) for row in rows)
        spans = _group_spans(rows) if merge_down else [1] * len(rows)
        out = []
        for row, span in zip(rows, spans):
            cells = []
            for index, value in enumerate(row):
                if index == 0 and span == 0:
                    continue
                attributes = f' rowspan="{span}"' if index == 0 and span > 1 else ""
                if index == len(row) - 1 and len(row) < width:
                    attributes += f' colspan="{width - len(row) + 1}"'
                cells.append(f"<td{attributes}>{value}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        return "<table border=1>" + "".join(out) + "</table>"

    def paragraphs(text: str) -> str:
        return "".join(f"<p>{line}</p>" for line in text.split("\n") if line)

    return (
        "<html><head><meta charset='utf-8'></head><body>"
        + paragraphs(head) + table(proactive)
        + paragraphs(middle_3) + table(requests, merge_down=True)
        + paragraphs(middle_4) + table(review)
        + paragraphs(tail) + "</body></html>"
    )


def write_docx(path, era: str = "2021", change: dict | None = None) -> None:
    """The report as a Word file; table 3's group labels are merged down their rows."""
    import docx

    proactive, requests, review = _grids(era, change)
    head, middle_3, middle_4, tail = _parts(era, None)
    word = docx.Document()

    def table(rows: list[list[str]], merge_down: bool = False) -> None:
        width = max(len(row) for row in rows)
        grid = word.add_table(rows=len(rows), cols=width)
        spans = _group_spans(rows) if merge_down else [1] * len(rows)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value and not (c == 0 and spans[r] == 0):
                    grid.cell(r, c).text = value
            if spans[r] > 1:
                grid.cell(r, 0).merge(grid.cell(r + spans[r] - 1, 0))

    for text, rows, merge in ((head, proactive, False), (middle_3, requests, True), (middle_4, review, False)):
        for line in text.split("\n"):
            if line:
                word.add_paragraph(line)
        table(rows, merge)
    for line in tail.split("\n"):
        if line:
            word.add_paragraph(line)
    word.save(path)
