"""Word files: paragraphs and tables in order, merged cells once, numbering drawn, bad files named."""
import zipfile

import docx
import pytest

from auditor.errors import ReadError
from auditor.read import read


def _error(path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read(path)
    return caught.value


def test_paragraphs_and_tables_keep_document_order(tmp_path):
    word = docx.Document()
    word.add_paragraph("二、主动公开政府信息情况")
    table = word.add_table(rows=2, cols=3)
    for r, row in enumerate([["信息内容", "本年制发件数", "现行有效件数"], ["规章", "0", "3"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    word.add_paragraph("三、收到和处理政府信息公开申请情况")
    word.save(tmp_path / "a.docx")
    document = read(tmp_path / "a.docx")
    assert document.text == "二、主动公开政府信息情况\n信息内容\t本年制发件数\t现行有效件数\n规章\t0\t3\n三、收到和处理政府信息公开申请情况\n"
    assert document.tables[0].origin == "docx"
    assert (document.tables[0].start, document.tables[0].end) == (13, document.text.index("\n三"))


def test_merged_cells_are_one_cell_written_once(tmp_path):
    word = docx.Document()
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "项目"
    table.cell(0, 2).text = "总计"
    table.cell(1, 2).text = "5"
    table.cell(2, 0).merge(table.cell(2, 1)).text = "四、结转下年度继续办理"
    table.cell(2, 2).text = "0"
    word.save(tmp_path / "m.docx")
    document = read(tmp_path / "m.docx")
    rows = document.tables[0].rows
    assert rows[0][0] is rows[1][1] and rows[2][0] is rows[2][1]
    assert document.text == "项目\t\t总计\n\t\t5\n四、结转下年度继续办理\t\t0\n"
    assert all(document.text[c.start : c.end] == c.text for row in rows for c in row)


def test_cell_with_several_paragraphs_is_one_line(tmp_path):
    word = docx.Document()
    cell = word.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "社会"
    cell.add_paragraph("公益组织")
    word.save(tmp_path / "c.docx")
    assert read(tmp_path / "c.docx").text == "社会公益组织\t\n"


def test_line_breaks_inside_a_paragraph_start_new_lines(tmp_path):
    word = docx.Document()
    paragraph = word.add_paragraph("西湖镇人民政府")
    paragraph.add_run().add_break()
    paragraph.add_run("2021年1月25日")
    word.save(tmp_path / "b.docx")
    assert read(tmp_path / "b.docx").text == "西湖镇人民政府\n2021年1月25日\n"


def test_automatic_numbering_is_drawn_into_the_text(xihu_files):
    document = read(xihu_files["docx-numbered"])
    lines = document.text.split("\n")
    assert "一、总体情况" in lines and "（五）监督保障" in lines and "六、其他需要报告的事项" in lines
    assert "（一）主动公开情况" in lines and lines.index("（一）主动公开情况") > lines.index("一、总体情况")


def test_text_file_named_docx_is_refused_with_reason(tmp_path, xihu_text):
    path = tmp_path / "report.docx"
    path.write_text(xihu_text, encoding="utf-8")
    error = _error(path)
    assert error.code == "E009"
    assert error.values["kind"] == "DOCX" and "not a ZIP package" in error.values["reason"]


def test_old_word_file_renamed_docx_is_named_as_such(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "old binary Word (.doc)" in _error(path).values["reason"]


def test_zip_without_a_word_document_is_refused(tmp_path):
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    error = _error(path)
    assert error.code == "E009" and "word/document.xml" in error.values["reason"]


def test_truncated_docx_is_refused(tmp_path, xihu_files):
    raw = xihu_files["docx"].read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(raw[: len(raw) // 2])
    error = _error(path)
    assert error.code == "E009" and "damaged or truncated" in error.values["reason"]


def test_numbering_carried_by_a_heading_style_is_drawn(tmp_path, add_chinese_numbering):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    word = docx.Document()
    num_id = add_chinese_numbering(word)
    heading = word.styles["Heading 1"].element.get_or_add_pPr()
    heading.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))
    for title in ("总体情况", "主动公开政府信息情况"):
        word.add_paragraph(title, style="Heading 1")
        word.add_paragraph("正文。")
    word.save(tmp_path / "s.docx")
    assert read(tmp_path / "s.docx").text == "一、总体情况\n正文。\n二、主动公开政府信息情况\n正文。\n"


@pytest.mark.parametrize(
    "n, fmt, shown",
    [(1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCountingThousand", "十一"), (20, "japaneseCounting", "二十"),
     (3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"), (4, "upperRoman", "IV"), (27, "lowerLetter", "aa"), (7, "decimal", "7")],
)
def test_word_number_formats(n, fmt, shown):
    from auditor.read._numbering import format_number

    assert format_number(n, fmt) == shown


def test_row_starting_late_keeps_its_cells_in_their_columns(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    word = docx.Document()
    table = word.add_table(rows=2, cols=3)
    for c, text in enumerate(["项目", "自然人", "总计"]):
        table.cell(0, c).text = text
    row = table.rows[1]._tr
    row.remove(row.tc_lst[0])  # Word writes a row that skips its first column as gridBefore
    row.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    for cell in row.tc_lst:
        cell.p_lst[0].append(parse_xml(f'<w:r {nsdecls("w")}><w:t>3</w:t></w:r>'))
    word.save(tmp_path / "g.docx")
    document = read(tmp_path / "g.docx")
    assert [[c.text for c in r] for r in document.tables[0].rows] == [["项目", "自然人", "总计"], ["", "3", "3"]]


def _span(cell, tag: str, value: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    cell.get_or_add_tcPr().append(parse_xml(f'<w:{tag} {nsdecls("w")} w:val="{value}"/>'))


def test_grid_span_of_a_billion_is_capped_at_words_63_columns(tmp_path):
    word = docx.Document()
    table = word.add_table(rows=2, cols=2)
    for r, c, text in [(0, 0, "项目"), (0, 1, "总计"), (1, 0, "自然人"), (1, 1, "5")]:
        table.cell(r, c).text = text
    _span(table.cell(0, 0)._tc, "gridSpan", 10**9)
    word.save(tmp_path / "wide.docx")
    document = read(tmp_path / "wide.docx")
    rows = document.tables[0].rows
    assert len(rows[0]) == 64 and rows[0][0] is rows[0][62] and rows[0][63].text == "总计"
    assert document.text == "项目" + "\t" * 63 + "总计\n自然人\t5" + "\t" * 62 + "\n"


def test_grid_before_of_a_billion_is_capped_at_words_63_columns(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    word = docx.Document()
    table = word.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "总计"
    table.rows[0]._tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="{10**9}"/></w:trPr>'))
    word.save(tmp_path / "late.docx")
    assert read(tmp_path / "late.docx").text == "\t" * 63 + "总计\n"


def test_table_nested_in_a_cell_keeps_every_cell_of_a_wide_row(tmp_path):
    word = docx.Document()
    outer = word.add_table(rows=1, cols=2)
    outer.cell(0, 1).text = "合计"
    inner = outer.cell(0, 0).add_table(rows=1, cols=3000)
    for c, cell in enumerate(inner.rows[0].cells):
        cell.text = str(c)
    word.save(tmp_path / "nested.docx")
    document = read(tmp_path / "nested.docx")
    assert document.text == " ".join(map(str, range(3000))) + "\t合计\n"


def test_row_whose_spans_exceed_the_text_limit_is_refused_with_its_code(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from auditor.read import MAX_CHARS

    word = docx.Document()
    table = word.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "总计"
    table.cell(1, 0).text = "0"
    cell = f'<w:tc {nsdecls("w")}><w:tcPr><w:gridSpan w:val="63"/></w:tcPr><w:p/></w:tc>'
    for _ in range(8000):  # 504,000 columns, and the row below is padded to as many
        table.rows[0]._tr.append(parse_xml(cell))
    word.save(tmp_path / "spread.docx")
    error = _error(tmp_path / "spread.docx")
    assert error.code == "E018" and error.values["positions"] > MAX_CHARS
