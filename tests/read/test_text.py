"""Plain text in the encodings reports arrive in, told apart by their bytes alone."""
import zipfile

import pytest

from auditor.errors import ReadError
from auditor.read import read
from auditor.read.text import decode


@pytest.mark.parametrize("name, encoding", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030")])
def test_text_encodings_decode_to_the_same_text(xihu_files, xihu_text, name, encoding):
    document = read(xihu_files[name])
    assert document.encoding == encoding
    assert document.text == xihu_text
    assert not document.text.startswith("\ufeff")


def test_gb18030_is_detected_from_the_bytes_whatever_the_file_is_called(tmp_path, xihu_text):
    raw = xihu_text.encode("gb18030")
    for name in ("report.txt", "report.md", "utf8-report.text"):
        (tmp_path / name).write_bytes(raw)
        assert read(tmp_path / name).encoding == "gb18030"
        assert read(tmp_path / name).text == xihu_text


def test_gbk_only_characters_decode(tmp_path):
    (tmp_path / "a.txt").write_bytes("联系人：王堃，电话：0635-2954188".encode("gbk"))
    assert read(tmp_path / "a.txt").text == "联系人：王堃，电话：0635-2954188"


def test_windows_line_ends_are_kept_as_read(xihu_files, xihu_text):
    document = read(xihu_files["crlf-md"])
    assert document.text == xihu_text.replace("\n", "\r\n")


def test_utf16_with_bom_is_read(tmp_path):
    (tmp_path / "a.txt").write_bytes("一、总体情况\n".encode("utf-16"))
    assert read(tmp_path / "a.txt").text == "一、总体情况\n"


def test_binary_junk_named_txt_is_refused_as_binary(tmp_path):
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ReadError) as caught:
        read(tmp_path / "junk.txt")
    assert caught.value.code == "E006"


def test_a_zipped_word_file_named_txt_is_refused_as_binary(tmp_path):
    with zipfile.ZipFile(tmp_path / "report.txt", "w") as package:
        package.writestr("word/document.xml", "<w:document/>" * 50)
    with pytest.raises(ReadError) as caught:
        read(tmp_path / "report.txt")
    assert caught.value.code == "E006"


def test_decode_reports_the_encoding_it_used():
    assert decode("年度报告".encode("utf-8"), "x") == ("年度报告", "utf-8")
    assert decode("年度报告".encode("gb18030"), "x") == ("年度报告", "gb18030")


@pytest.mark.parametrize("raw, code", [(b"", "E004"), (b" \n\t\n", "E005")])
def test_empty_and_blank_files_are_refused(tmp_path, raw, code):
    (tmp_path / "a.txt").write_bytes(raw)
    with pytest.raises(ReadError) as caught:
        read(tmp_path / "a.txt")
    assert caught.value.code == code


def test_missing_file_directory_and_unknown_suffix_are_refused(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"x")
    for path, code in ((tmp_path / "none.txt", "E001"), (tmp_path, "E002"), (tmp_path / "a.xls", "E008")):
        with pytest.raises(ReadError) as caught:
            read(path)
        assert caught.value.code == code
