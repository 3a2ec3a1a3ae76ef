"""Saved government web pages: the report without the page around it."""
import datetime as dt

import pytest

from auditor.read import read


@pytest.fixture(scope="module")
def page(xihu_files):
    return read(xihu_files["html"])


def _page(tmp_path, body: str, head: str = "", encoding: str = "utf-8", name: str = "page.html"):
    path = tmp_path / name
    path.write_bytes(f"<html><head>{head}</head><body>{body}</body></html>".encode(encoding))
    return read(path)


def test_navigation_scripts_and_footer_are_dropped(page):
    for clutter in ("首页", "互动交流", "当前位置", "请输入关键字", "分享到", "相关链接", "西湖镇2019年", "版权所有", "鲁ICP备", "脚本写入", "访问统计", "隐藏的统计代码", "color: red"):
        assert clutter not in page.text, clutter


def test_title_above_the_article_is_kept_as_the_first_line(page):
    assert page.text.split("\n")[0] == "西湖镇 2020 年政府信息公开 工作年度报告"
    assert page.metadata["title"] == "西湖镇 2020 年政府信息公开 工作年度报告"


def test_pubdate_meta_becomes_the_published_date(page):
    assert page.metadata["published"] == dt.date(2021, 1, 25)


def test_date_shown_on_the_page_is_used_without_meta(xihu_files):
    assert read(xihu_files["html-gbk-undeclared"]).metadata["published"] == dt.date(2021, 1, 25)


def test_undeclared_gb18030_page_is_detected(xihu_files, page):
    document = read(xihu_files["html-gbk-undeclared"])
    assert document.encoding == "gb18030"
    assert document.text == page.text


def test_br_and_source_line_breaks(page):
    lines = page.text.split("\n")
    assert lines[-3:] == ["西湖镇人民政府", "2021 年 1 月 25 日", ""]
    assert "社会主义思想为指导,认真贯彻" in page.text  # the source broke this line between Chinese characters


def test_gb2312_declaration_reads_gbk_characters(tmp_path):
    document = _page(tmp_path, "<p>联系人：王堃</p>", '<meta charset="gb2312">', encoding="gbk")
    assert document.encoding == "gb18030"
    assert document.text == "联系人：王堃\n"


def test_utf8_bytes_win_over_a_stale_gbk_declaration(tmp_path):
    document = _page(tmp_path, "<p>依申请公开</p>", '<meta http-equiv="Content-Type" content="text/html; charset=GBK">')
    assert (document.encoding, document.text) == ("utf-8", "依申请公开\n")


def test_declared_charset_is_used_when_the_bytes_are_not_utf8(tmp_path):
    document = _page(tmp_path, "<p>政府資訊公開</p>", '<meta charset="big5">', encoding="big5")
    assert (document.encoding, document.text) == ("big5", "政府資訊公開\n")


def test_xml_declaration_does_not_break_parsing(tmp_path):
    path = tmp_path / "x.htm"
    path.write_bytes('<?xml version="1.0" encoding="gb2312"?><html><body><p>一、总体情况</p></body></html>'.encode("gb2312"))
    assert read(path).text == "一、总体情况\n"


def test_rowspan_and_colspan_fill_the_grid_with_one_cell(tmp_path):
    body = """<p>三、收到和处理政府信息公开申请情况</p>
    <table><tr><th rowspan="2" colspan="2">项目</th><th colspan="2">申请人情况</th></tr>
    <tr><td>自然人</td><td>总计</td></tr>
    <tr><td rowspan="2">三、办理结果</td><td>（一）予以公开</td><td>1</td><td>1</td></tr>
    <tr><td>（二）部分公开</td><td>0</td><td>0</td></tr>
    <tr><td colspan="2">四、结转</td><td>0</td><td rowspan="0">0</td></tr></table>"""
    document = _page(tmp_path, body)
    table = document.tables[0]
    rows = table.rows
    assert [[c.text for c in row] for row in rows] == [
        ["项目", "项目", "申请人情况", "申请人情况"],
        ["项目", "项目", "自然人", "总计"],
        ["三、办理结果", "（一）予以公开", "1", "1"],
        ["三、办理结果", "（二）部分公开", "0", "0"],
        ["四、结转", "四、结转", "0", "0"],
    ]
    assert rows[0][0] is rows[1][1] and rows[2][0] is rows[3][0] and rows[4][0] is rows[4][1]
    assert document.text.split("\n")[1:6] == ["项目\t\t申请人情况\t", "\t\t自然人\t总计", "三、办理结果\t（一）予以公开\t1\t1", "\t（二）部分公开\t0\t0", "四、结转\t\t0\t0"]
    assert table.origin == "html"
    for row in rows:
        for cell in row:
            assert document.text[cell.start : cell.end] == cell.text


def test_short_rows_are_padded_and_empty_rows_dropped(tmp_path):
    document = _page(tmp_path, "<table><tr><td>甲</td><td>乙</td><td>丙</td></tr><tr><td>丁</td></tr><tr><td> </td><td></td></tr></table>")
    assert [[c.text for c in row] for row in document.tables[0].rows] == [["甲", "乙", "丙"], ["丁", "", ""]]
    assert document.text == "甲\t乙\t丙\n丁\t\t\n"


def test_cell_paragraphs_join_without_spaces_inside_chinese(tmp_path):
    document = _page(tmp_path, "<table><tr><td><p>社会</p><p>公益组织</p></td><td>Legal<br>Aid 2</td></tr></table>")
    assert [c.text for c in document.tables[0].rows[0]] == ["社会公益组织", "Legal Aid 2"]


def test_layout_tables_are_read_as_text_not_as_data(tmp_path):
    body = """<table><tr><td><table><tr><td>网站导航</td></tr></table></td></tr>
    <tr><td><p>一、总体情况</p><p>本机关全年主动公开信息120条。</p>
    <table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table></td></tr></table>"""
    document = _page(tmp_path, body)
    assert "一、总体情况\n本机关全年主动公开信息120条。\n信息内容\t本年制发件数\n规章\t0\n" in document.text
    assert len(document.tables) == 1 and document.tables[0].rows[1][0].text == "规章"


def test_without_an_obvious_container_the_body_is_kept(tmp_path):
    document = _page(tmp_path, "<p>某局2021年政府信息公开工作年度报告</p><div>一、总体情况</div>正文<br>第二行<div>二、主动公开政府信息情况</div>")
    assert document.text == "某局2021年政府信息公开工作年度报告\n一、总体情况\n正文\n第二行\n二、主动公开政府信息情况\n"


def test_a_wrapper_named_like_a_header_but_holding_the_report_is_kept(tmp_path):
    report = "".join(f"<p>第{i}段：本机关依法做好政府信息公开工作，主动公开信息。</p>" for i in range(20))
    document = _page(tmp_path, f'<div class="page-head-wrap">{report}</div><div class="footer">版权所有</div>')
    assert document.text.count("\n") == 20 and "版权所有" not in document.text


def test_empty_page_is_refused(tmp_path):
    from auditor.errors import ReadError

    with pytest.raises(ReadError) as caught:
        _page(tmp_path, "<script>var a = 1;</script>")
    assert caught.value.code == "E005"


def test_rowspan_beyond_the_last_row_ends_at_the_last_row(tmp_path):
    document = _page(tmp_path, '<table><tr><td rowspan="99999">项目</td><td>总计</td></tr><tr><td>1</td></tr><tr><td>2</td></tr></table>')
    rows = document.tables[0].rows
    assert [[c.text for c in row] for row in rows] == [["项目", "总计"], ["项目", "1"], ["项目", "2"]]
    assert rows[0][0] is rows[2][0]


def test_span_written_with_thousands_of_digits_is_capped(tmp_path):
    document = _page(tmp_path, f'<table><tr><td rowspan="{"9" * 5000}">甲</td><td>乙</td></tr><tr><td>丙</td></tr></table>')
    assert document.text == "甲\t乙\n\t丙\n"


def test_rowspan_zero_on_every_row_reads_like_a_browser_lays_it_out(tmp_path):
    # each row's first cell runs to the end, so each row starts one column further right
    document = _page(tmp_path, "<table>" + "".join(f"<tr><td rowspan='0'>{i}</td><td>x</td></tr>" for i in range(200)) + "</table>")
    rows = document.tables[0].rows
    assert len(rows) == 200 and all(len(row) == 201 for row in rows)
    assert [rows[i][i].text for i in range(200)] == [str(i) for i in range(200)]
    assert rows[0][0] is rows[199][0] and rows[199][200].text == "x"
    assert document.text.count("\n") == 200 and len(document.text) == 200 * 201 + sum(len(str(i)) + 1 for i in range(200))


def test_table_whose_spans_exceed_the_text_limit_is_refused_with_its_code(tmp_path):
    from auditor.errors import ReadError
    from auditor.read import MAX_CHARS

    with pytest.raises(ReadError) as caught:  # 6 KB that would lay out as 100 rows of 100,000 columns
        _page(tmp_path, "<table>" + "".join(f"<tr><td rowspan='0' colspan='1000'>{i}</td><td>x</td></tr>" for i in range(100)) + "</table>")
    assert caught.value.code == "E018"
    assert caught.value.values["positions"] > MAX_CHARS and f"limit of {MAX_CHARS:,}" in str(caught.value)


def test_text_limit_for_tables_counts_the_text_read_before_them(tmp_path):
    from auditor.errors import ReadError

    table = "<table>" + "".join(f"<tr><td colspan='1000'>{i}</td><td>x</td></tr>" for i in range(400)) + "</table>"
    assert len(_page(tmp_path, table).text) > 400_000
    with pytest.raises(ReadError) as caught:
        _page(tmp_path, table * 3)
    assert caught.value.code == "E018"


def test_page_with_a_font_left_open_on_every_line_is_read_to_its_end(tmp_path):
    """Old pages open a <font> a line and never close it; past 255 levels libxml2 dropped the
    rest of the page without a word (2,000 such lines read as their first 300)."""
    lines = "".join(f"<font face='宋体' size='3'>第{i}行：本机关认真落实政府信息公开工作<br>" for i in range(600))
    document = _page(tmp_path, f"<div>{lines}全文完</div>")
    assert document.text.count("本机关认真落实政府信息公开工作") == 600
    assert document.text.rstrip().endswith("全文完")


def test_page_nested_too_deep_to_read_whole_is_refused_not_cut(tmp_path):
    from auditor.errors import ReadError

    with pytest.raises(ReadError, match=r"\[E009\].*nest more than 255 deep"):
        _page(tmp_path, "<div>" * 600 + "本机关认真落实政府信息公开工作" + "</div>" * 600)
