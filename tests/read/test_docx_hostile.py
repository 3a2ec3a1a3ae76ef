"""Word files made to break the reader: junk or huge numbering values, label patterns that
multiply, ZIP bombs.  Each reads with sensible labels or is refused with its code."""
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from auditor.errors import ReadError
from auditor.read import read


def _numbered(path, levels: str, ilvls: list[str]):
    """A document with one list (numId 90) of ``levels`` and a paragraph "正文。" per ilvl."""
    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for ilvl in ilvls:
        props = word.add_paragraph("正文。")._p.get_or_add_pPr()
        props.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))
    word.save(path)
    return path


def _level(ilvl="0", start="1", fmt="decimal", text="%1.") -> str:
    return f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'


def test_superscript_digit_as_level_reads_as_level_zero(tmp_path):
    # "²".isdigit() is True but int("²") fails
    path = _numbered(tmp_path / "sup.docx", _level() + _level(ilvl="²", text="x"), ["²", "0"])
    assert read(path).text == "1.正文。\n2.正文。\n"


def test_level_of_five_thousand_digits_is_words_last_level(tmp_path):
    # int() refuses strings over 4300 digits; Word has levels 0-8
    path = _numbered(tmp_path / "digits.docx", _level() + _level(ilvl="8", text="(%9)"), ["0", "9" * 5000, "9" * 5000])
    assert read(path).text == "1.正文。\n(1)正文。\n(2)正文。\n"


def test_level_of_a_million_is_clamped_and_numbered(tmp_path):
    path = _numbered(tmp_path / "deep.docx", _level(ilvl=str(10**6), text="%9."), [str(10**6)] * 3)
    assert read(path).text == "1.正文。\n2.正文。\n3.正文。\n"


def test_style_with_a_junk_level_is_read_whether_used_or_not(tmp_path):
    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{_level(fmt="chineseCounting", text="%1、")}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for name in ("Heading 1", "Heading 2"):
        props = word.styles[name].element.get_or_add_pPr()
        props.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="²"/><w:numId w:val="90"/></w:numPr>'))
    word.add_paragraph("总体情况", style="Heading 1")
    word.add_paragraph("正文。")
    word.save(tmp_path / "style.docx")
    assert read(tmp_path / "style.docx").text == "一、总体情况\n正文。\n"


def test_start_override_with_junk_values_is_ignored(tmp_path):
    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{_level(start="3")}</w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="²"><w:startOverride w:val="²"/></w:lvlOverride></w:num>'
    ))
    props = word.add_paragraph("正文。")._p.get_or_add_pPr()
    props.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    word.save(tmp_path / "override.docx")
    assert read(tmp_path / "override.docx").text == "3.正文。\n"


@pytest.mark.parametrize("fmt, first", [("lowerRoman", "32767"), ("upperLetter", "AVLG"), ("decimal", "32767"), ("chineseCounting", "32767")])
def test_start_of_ten_billion_counts_from_words_largest_start(tmp_path, fmt, first):
    # lowerRoman of 10**10 would be ten million letters "m"; Word's "start at" stops at 32767,
    # and counters past it are written in digits
    path = _numbered(tmp_path / "start.docx", _level(start=str(10**10), fmt=fmt), ["0", "0"])
    assert read(path).text == f"{first}.正文。\n32768.正文。\n"


def test_start_of_four_thousand_digits_is_capped(tmp_path):
    path = _numbered(tmp_path / "long.docx", _level(start="9" * 4000, fmt="upperLetter"), ["0"])
    assert read(path).text == "AVLG.正文。\n"


@pytest.mark.parametrize("n, fmt, shown", [(3999, "upperRoman", "MMMCMXCIX"), (4000, "upperRoman", "4000"), (32767, "upperLetter", "AVLG"), (10**9, "lowerRoman", "1000000000"), (10**9, "upperLetter", "1000000000")])
def test_large_counters_have_short_labels(n, fmt, shown):
    from auditor.read._numbering import format_number

    assert format_number(n, fmt) == shown


def test_label_pattern_of_twenty_thousand_placeholders_is_cut_to_a_short_label(tmp_path):
    path = _numbered(tmp_path / "amp.docx", _level(text="%1" * 20000), ["0", "0", "0"])
    assert read(path).text == "1" * 20 + "正文。\n" + "2" * 20 + "正文。\n" + "3" * 20 + "正文。\n"


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    # 160 KB on disk, under E011's 20 MB, unpacks to 110 MB of identical paragraphs
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w") as part:
            part.write(f'<w:document {nsdecls("w")}><w:body>'.encode())
            chunk = "<w:p><w:r><w:t>我局加强了工作。</w:t></w:r></w:p>".encode() * 20_000
            for _ in range(110 * 2**20 // len(chunk) + 1):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    assert path.stat().st_size < 2**20
    with pytest.raises(ReadError) as caught:
        read(path)
    error = caught.value
    assert error.code == "E019" and error.values["part"] == "word/document.xml"
    assert error.values["size_mb"] > error.values["limit_mb"] == 100 and "ZIP bomb" in str(error)


def test_text_over_the_limit_is_refused_as_soon_as_it_passes_it():
    from auditor.read import MAX_CHARS
    from auditor.read._layout import TextBuilder

    builder = TextBuilder("docx", "many.docx")
    line = "我局加强了工作。" * 12  # 96 characters and a line end
    for _ in range(MAX_CHARS // 97):
        builder.line(line)
    with pytest.raises(ReadError) as caught:
        builder.line(line)
    assert caught.value.code == "E014" and caught.value.values["chars"] == (MAX_CHARS // 97 + 1) * 97


def test_cell_merged_down_nested_tables_is_written_once_not_once_a_row(tmp_path):
    """A nested table's cell merged down its rows was written again on every row, and each
    nesting level multiplied it: 37 KB took 39 s and 7.6 GB before E014."""
    text = "信息公开" * 50
    inner = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    for _ in range(2):
        first = f'<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{inner}</w:tc></w:tr>'
        rest = '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>' * 199
        inner = f"<w:tbl>{first}{rest}</w:tbl><w:p/>"
    word = docx.Document()
    word.add_paragraph("正文。")
    word.element.body.insert(0, parse_xml(f'<w:tbl {nsdecls("w")}><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>'))
    path = tmp_path / "nested.docx"
    word.save(path)
    document = read(path)
    assert document.text.count(text) == 1 and document.text.endswith("正文。\n")


def test_rows_spread_by_grid_spans_past_the_text_limit_are_refused_before_they_are_built(tmp_path):
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="63"/></w:tcPr><w:p/></w:tc>'
    rows = ("<w:tr>" + cell * 400 + "</w:tr>") * 50  # 50 x 400 x 63 = 1,260,000 positions
    word = docx.Document()
    word.add_paragraph("正文。")
    word.element.body.insert(0, parse_xml(f'<w:tbl {nsdecls("w")}>{rows}</w:tbl>'))
    path = tmp_path / "wide.docx"
    word.save(path)
    with pytest.raises(ReadError, match=r"\[E018\]"):
        read(path)
