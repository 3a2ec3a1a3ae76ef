"""Bad files of every kind auditors receive, built by the tests from the example report."""
from __future__ import annotations

from pathlib import Path

import pytest

# Texts that are not annual reports, written for these tests.
NOT_REPORTS = {
    "news": (
        "本报讯 昨日，市区迎来今年入冬以来的第一场降雪，气温骤降至零下五摄氏度。\n"
        "市气象台提醒广大市民注意防寒保暖，出行时注意交通安全，驾车减速慢行。\n"
        "环卫部门连夜组织三百余名工人上街清扫积雪，保障主干道路畅通。\n"
    ),
    "letter": (
        "Dear Sir or Madam,\n\nThank you for your letter of 3 March regarding the maintenance contract.\n"
        "Please contact our office at +44 20 7946 0958 if the date does not suit you.\n\nYours faithfully,\nJ. Smith\n"
    ),
    "work-summary": (
        "某某镇2023年工作总结\n一、经济发展稳中有进\n全年完成地区生产总值12.5亿元，同比增长6.2%。\n"
        "二、民生保障持续改善\n新建农村公路15公里，改造危房32户。\n三、2024年工作打算\n继续加大招商引资力度。\n"
        "联系电话：0571-88888888\n"
    ),
    "recipe": (
        "红烧肉的做法\n材料：五花肉500克，冰糖30克，生抽两勺，老抽一勺。\n"
        "1. 五花肉切块，冷水下锅焯水，捞出洗净。\n2. 锅中放少许油，加入冰糖小火炒出糖色。\n"
    ),
}


def text_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF with a text layer (reportlab's built-in CJK font)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    drawing = canvas.Canvas(str(path))
    drawing.setFont("STSong-Light", 11)
    for index, line in enumerate(lines[:50]):
        drawing.drawString(40, 800 - 15 * index, line)
    drawing.showPage()
    drawing.save()
    return path


def scanned_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF as a scanner makes it: a picture per page, no text layer."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    picture = path.with_suffix(".png")
    Image.new("L", (200, 280), color=200).save(picture)
    drawing = canvas.Canvas(str(path))
    for _ in range(pages):
        drawing.drawImage(str(picture), 50, 100, width=480, height=660)
        drawing.showPage()
    drawing.save()
    picture.unlink()
    return path


def word_file(path: Path, lines: list[str]) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory, xihu_text) -> dict[str, tuple[Path, str, str]]:
    """name -> (file, expected error code, a phrase the message must contain)."""
    folder = tmp_path_factory.mktemp("bad")
    lines = [line.strip() for line in xihu_text.splitlines() if line.strip() and "\t" not in line]
    raw = xihu_text.encode("utf-8")
    files: dict[str, tuple[Path, str, str]] = {}

    def add(name: str, content: bytes, code: str, phrase: str) -> None:
        (folder / name).write_bytes(content)
        files[name] = (folder / name, code, phrase)

    add("empty.txt", b"", "E004", "is empty")
    add("blank.txt", " \n\t\n\u3000\n".encode("utf-8"), "E005", "only white space")
    add("junk.txt", bytes((index * 7919 + 13) % 256 for index in range(20000)), "E006", "binary data")
    add("mixed-encodings.txt", raw[: len(raw) // 2] + xihu_text[len(xihu_text) // 2 :].encode("gb18030"), "E007", "Cannot tell the text encoding")
    add("text-named.docx", raw, "E009", "not a ZIP package")
    add("text-named.pdf", raw, "E009", "no %PDF- header")
    add("report.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "E008", "Unsupported file type")
    whole_docx = word_file(folder / "whole.docx", lines).read_bytes()
    add("truncated.docx", whole_docx[: len(whole_docx) // 2], "E009", "DOCX")
    whole_pdf = text_pdf(folder / "whole.pdf", lines).read_bytes()
    add("truncated.pdf", whole_pdf[: len(whole_pdf) // 2], "E009", "truncated")
    (folder / "whole.docx").unlink()
    (folder / "whole.pdf").unlink()
    files["scan.pdf"] = (scanned_pdf(folder / "scan.pdf"), "E010", "no text layer")
    for name, text in NOT_REPORTS.items():
        add(f"{name}.txt", text.encode("utf-8"), "E012", "does not look like a 政府信息公开工作年度报告")
    return files
