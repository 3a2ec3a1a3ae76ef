"""The example report saved in every format reads and parses to the same report."""
import pytest

from auditor.parse import parse
from auditor.read import read

FORMATS = ["utf-8", "utf-8-sig", "gb18030", "crlf-md", "html", "html-gbk-undeclared", "docx", "docx-numbered", "pdf"]
KEYS = ["preamble", "overview", "proactive", "requests", "review", "problems", "other"]


@pytest.fixture(scope="module")
def documents(xihu_files):
    return {name: read(path) for name, path in xihu_files.items()}


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_gives_the_sections_year_and_body_of_the_text(documents, name):
    report = parse(documents[name])
    assert [s.key for s in report.sections] == KEYS
    assert (report.year, report.organization) == (2020, "西湖镇人民政府")
    assert report.published.isoformat() == "2021-01-25"


@pytest.mark.parametrize("name", FORMATS)
def test_headings_are_written_as_in_the_text(documents, name):
    report = parse(documents[name])
    text = documents[name].text
    headings = [text[s.heading_start : s.heading_end] for s in report.sections[1:]]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


@pytest.mark.parametrize("name", ["html", "docx", "docx-numbered", "pdf"])
def test_every_table_cell_points_at_its_text(documents, name):
    document = documents[name]
    assert len(document.tables) == 3
    for table in document.tables:
        assert table.origin == name.split("-")[0]
        for row in table.rows:
            assert len(row) == len(table.rows[0])
            for cell in row:
                assert document.text[cell.start : cell.end] == cell.text
        assert document.text[table.start : table.end].startswith(table.rows[0][0].text)


def _table3(document):
    return next(t for t in document.tables if any(c.text == "申请人情况" for c in t.rows[0]))


def _shape(table):
    """Texts per grid position, and which positions share one cell."""
    texts = [[cell.text for cell in row] for row in table.rows]
    ids = {}
    shared = [[ids.setdefault(id(cell), len(ids)) for cell in row] for row in table.rows]
    return texts, shared


@pytest.mark.parametrize("name", ["html", "docx", "pdf"])
def test_table3_merged_cells_resolve_to_the_same_grid(documents, xihu_parts, name):
    table = _table3(documents[name])
    assert (len(table.rows), len(table.rows[0])) == (26, 10)
    assert _shape(table) == _shape(_table3(documents["html"]))
    rows = table.rows
    assert rows[0][0] is rows[2][2]  # the 3×3 lead-in cell
    assert rows[0][3] is rows[0][9] and rows[0][3].text == "申请人情况"
    assert rows[1][3] is rows[2][3] and rows[1][3].text == "自然人"
    assert all(rows[r][0] is rows[5][0] for r in range(5, 25)) and rows[5][0].text == "三、本年度办理结果"
    assert rows[7][1].text == "（三）不予公开" and rows[14][1] is rows[7][1]
    assert rows[25][0].text == "四、结转下年度继续办理"


@pytest.mark.parametrize("name", ["html", "docx", "pdf"])
def test_a_spanned_cell_is_written_once_and_covered_positions_are_empty(documents, name):
    document = documents[name]
    table = _table3(document)
    assert document.text.count("三、本年度办理结果") == 1
    first_row_line = document.text[table.rows[0][0].start :].split("\n")[0]
    assert first_row_line.split("\t") == [table.rows[0][0].text, "", "", "申请人情况", "", "", "", "", "", ""]


@pytest.mark.parametrize("name", ["html", "docx"])
def test_narrative_paragraphs_come_back_one_per_line(documents, xihu_parts, name):
    lines = set(documents[name].text.split("\n"))
    paragraphs = [value for kind, value in xihu_parts if kind == "paragraph" and not value.startswith("西湖镇人民政府 2021")]
    assert [p for p in paragraphs if p not in lines] == []


def test_pdf_text_keeps_the_chinese_text_layer(documents, xihu_parts):
    flat = documents["pdf"].text.replace("\n", "")
    paragraphs = [value for kind, value in xihu_parts if kind == "paragraph"]
    assert all(p.replace(" ", "") in flat.replace(" ", "") for p in paragraphs)
    assert documents["pdf"].metadata["pages"] == 4


def test_tables_sit_in_their_sections(documents):
    for name in ("html", "docx", "pdf"):
        report = parse(documents[name])
        assert [report.section_at(t.start) for t in documents[name].tables] == ["proactive", "requests", "review"]


def test_report_files_lists_supported_files_below_a_folder_and_skips_hidden_ones(tmp_path):
    from auditor.read import report_files

    (tmp_path / "b").mkdir()
    for name in ("b/2021.pdf", "a.txt", "c.DOCX", "notes.xlsx", ".~lock.a.txt", "b/._2021.pdf"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in report_files(tmp_path)] == ["a.txt", "b/2021.pdf", "c.DOCX"]
    assert report_files(tmp_path / "a.txt") == [tmp_path / "a.txt"]


def test_a_folders_batch_takes_reports_and_formats_to_convert_and_counts_the_rest(tmp_path):
    from collections import Counter

    from auditor.read import folder_files, report_files

    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / ".ipynb_checkpoints").mkdir()
    for name in ("b/2021.pdf", "a.txt", "old.DOC", "b/2019.wps", "scan.ofd", "notes.xlsx", "photo.jpg", "logo.JPG", "README", ".~lock.a.txt", ".git/config", "b/.ipynb_checkpoints/2021-checkpoint.txt"):
        (tmp_path / name).write_bytes(b"x")
    files, others = folder_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.txt", "b/2019.wps", "b/2021.pdf", "old.DOC", "scan.ofd"]
    assert others == Counter({".jpg": 2, ".xlsx": 1, "(no suffix)": 1})  # hidden folders are not counted
    assert [p.relative_to(tmp_path).as_posix() for p in report_files(tmp_path)] == ["a.txt", "b/2021.pdf"]


def test_a_format_to_convert_is_refused_with_how_to_convert_it(tmp_path):
    import pytest

    from auditor.errors import AuditorError
    from auditor.read import read

    for name, advice in (("2019.doc", "save it as .docx"), ("2019.wps", "WPS: 另存为 .docx"), ("2019.ofd", "to PDF")):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
        with pytest.raises(AuditorError, match=r"\[E008\] Unsupported file type") as refused:
            read(tmp_path / name)
        assert advice in str(refused.value)


@pytest.mark.parametrize(("saved", "suffix", "before"), [("html", ".doc", b""), ("docx", ".doc", b""), ("html", ".wps", b""), ("html", ".doc", b"<!-- saved from url=(0040)http://www.example.gov.cn/ -->\r\n")])
def test_a_web_page_or_word_package_named_doc_is_read_as_what_it_is(xihu_files, documents, tmp_path, saved, suffix, before):
    """Sites serve both under .doc (Word opens them); a real binary .doc is refused (above)."""
    disguised = tmp_path / f"xihu-2020{suffix}"
    disguised.write_bytes(before + xihu_files[saved].read_bytes())
    document = read(disguised)
    assert document.text == documents[saved].text and document.format == documents[saved].format
