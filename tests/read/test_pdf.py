"""PDF files: the text layer read, scans and broken files refused with the reason."""
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from auditor.errors import ReadError
from auditor.read import read


def _error(path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read(path)
    return caught.value


def _scan(path, pages: int = 2, page_number: bool = False):
    """A PDF like a scanner makes: a picture per page (here a grey image and a box), no text."""
    from PIL import Image

    picture = path.with_suffix(".png")
    Image.new("L", (200, 280), color=200).save(picture)
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for number in range(pages):
        drawing.drawImage(str(picture), 50, 100, width=480, height=660)
        drawing.rect(60, 110, 200, 100, fill=1)
        if page_number:
            drawing.drawString(290, 40, str(number + 1))
        drawing.showPage()
    drawing.save()
    return path


def test_scanned_pdf_is_refused_as_a_scan(tmp_path):
    error = _error(_scan(tmp_path / "scan.pdf"))
    assert error.code == "E010" and "no text layer" in str(error)


def test_scan_with_stamped_page_numbers_is_still_a_scan(tmp_path):
    assert _error(_scan(tmp_path / "scan.pdf", pages=3, page_number=True)).code == "E010"


def test_pdf_of_shapes_only_is_refused_as_a_scan(tmp_path):
    drawing = canvas.Canvas(str(tmp_path / "shapes.pdf"))
    drawing.rect(100, 100, 300, 300)
    drawing.save()
    assert _error(tmp_path / "shapes.pdf").code == "E010"


def test_truncated_pdf_is_refused_as_truncated(tmp_path, xihu_files):
    raw = xihu_files["pdf"].read_bytes()
    (tmp_path / "cut.pdf").write_bytes(raw[: len(raw) // 2])
    error = _error(tmp_path / "cut.pdf")
    assert error.code == "E009"
    assert error.values["kind"] == "PDF" and "truncated" in error.values["reason"]


def test_html_error_page_saved_as_pdf_is_named(tmp_path):
    (tmp_path / "report.pdf").write_text("<!DOCTYPE html><html><body>404 页面不存在</body></html>", encoding="utf-8")
    error = _error(tmp_path / "report.pdf")
    assert error.code == "E009" and "HTML page" in error.values["reason"]


def test_text_saved_as_pdf_is_refused(tmp_path, xihu_text):
    (tmp_path / "report.pdf").write_text(xihu_text, encoding="utf-8")
    error = _error(tmp_path / "report.pdf")
    assert error.code == "E009" and "no %PDF- header" in error.values["reason"]


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"garbage\n", "cannot be parsed"),
        (b"1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n", "no pages"),
        (b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
         b"3 0 obj << /Type /Page /Parent 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n", "cannot be parsed"),
    ],
)
def test_pdf_with_a_damaged_body_is_refused(tmp_path, body, reason):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n" + body + b"%%EOF\n")
    error = _error(tmp_path / "bad.pdf")
    assert error.code == "E009" and reason in error.values["reason"]


def test_text_and_ruled_table_come_back_in_page_order(tmp_path):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("p", fontName="STSong-Light", fontSize=11, leading=16)
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("SPAN", (1, 0), (2, 0))])
    SimpleDocTemplate(str(tmp_path / "t.pdf")).build(
        [
            Paragraph("四、政府信息公开行政复议、行政诉讼情况", style),
            Table([["行政复议", "行政诉讼", ""], ["总计", "未经复议直接起诉", "复议后起诉"], ["0", "0", "0"]], style=grid),
            Paragraph("五、存在的主要问题及改进情况", style),
        ]
    )
    document = read(tmp_path / "t.pdf")
    assert document.text == "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\t\n总计\t未经复议直接起诉\t复议后起诉\n0\t0\t0\n五、存在的主要问题及改进情况\n"
    rows = document.tables[0].rows
    assert rows[0][1] is rows[0][2] and rows[0][1].text == "行政诉讼"
    assert document.tables[0].origin == "pdf"
    assert all(document.text[c.start : c.end] == c.text for row in rows for c in row)


@pytest.fixture(scope="module")
def ruled_grid(tmp_path_factory):
    """One A4 page holding a 60 × 60 ruled table, cell (r, c) reading (7r + c) mod 100."""
    path = tmp_path_factory.mktemp("grid") / "grid.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    x0, y0, width, height = 20, 20, (A4[0] - 40) / 60, (A4[1] - 40) / 60
    for k in range(61):
        drawing.line(x0, y0 + k * height, x0 + 60 * width, y0 + k * height)
        drawing.line(x0 + k * width, y0, x0 + k * width, y0 + 60 * height)
    drawing.setFont("Helvetica", 4)
    for r in range(60):
        for c in range(60):
            drawing.drawString(x0 + c * width + 1, A4[1] - y0 - (r + 1) * height + 4, str((7 * r + c) % 100))
    drawing.save()
    return path


def test_dense_ruled_table_keeps_every_cell_in_its_place(ruled_grid):
    rows = read(ruled_grid).tables[0].rows
    assert [[cell.text for cell in row] for row in rows] == [[str((7 * r + c) % 100) for c in range(60)] for r in range(60)]
    assert len({id(cell) for row in rows for cell in row}) == 3600


def test_table_over_the_text_limit_is_refused_with_its_code_not_as_a_damaged_file(ruled_grid, monkeypatch):
    from auditor.read import _layout

    monkeypatch.setattr(_layout, "MAX_CHARS", 3000)  # a 60 × 60 grid does not fit in 3,000 characters
    error = _error(ruled_grid)
    assert error.code == "E018" and error.values["positions"] == 3600


def test_every_page_is_released_once_read(tmp_path, monkeypatch):
    """pdfplumber keeps each page's characters, lines and layout until the page is closed:
    400 pages of text peaked at 2 GB, and 300-page compendiums are not rare.  Each page is
    closed once read, before the file is."""
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF

    path = tmp_path / "long.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for number in range(12):
        drawing.drawString(72, 760, f"Page {number + 1} of the annual report")
        drawing.showPage()
    drawing.save()
    closed: list[int] = []
    at_file_close: list[list[int]] = []
    close_page, close_file = Page.close, PDF.close
    monkeypatch.setattr(Page, "close", lambda page: (closed.append(page.page_number), close_page(page))[1])
    monkeypatch.setattr(PDF, "close", lambda pdf: (at_file_close.append(list(closed)), close_file(pdf))[1])
    document = read(path)
    assert at_file_close[0] == list(range(1, 13))
    assert "Page 12 of the annual report" in document.text
