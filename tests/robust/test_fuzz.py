"""Fuzzing: whatever text comes in, parsing, every check and coverage finish without an
exception, and every offset they report points into the text as given, at the text they quote.

Three kinds of input: arbitrary Unicode; splices of real report text (the corpus reports and
the example), which reach deep into the parser and the checks; and statistics tables as a
PDF or a web page leaves them (tabs, runs of spaces, |, labels from tables.toml, numbers).
Example counts are bounded so the suite stays fast in CI, and the examples are the same on
every run; for a longer hunt set AUDITOR_FUZZ_EXAMPLES (say 1000), which also draws new
examples each run.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import data
from auditor.checks import Context, load_checks
from auditor.parse import parse
from auditor.read import from_text

ROOT = Path(__file__).resolve().parents[2]
REPORTS = sorted((ROOT / "corpora" / "reports").glob("*.txt"))
HUNT = int(os.environ.get("AUDITOR_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=HUNT or 40,
    derandomize=not HUNT,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.lru_cache(maxsize=1)
def report_texts() -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8") for path in REPORTS)


@functools.lru_cache(maxsize=1)
def references():
    """Two real reports as the same body's other year and another body: copying has work to do."""
    texts = report_texts()
    return [parse(from_text(texts[0], "previous")), parse(from_text(texts[1], "other"))]


@functools.lru_cache(maxsize=1)
def model():
    from auditor.api import topic_model

    return topic_model()


def table_spec(key: str) -> tuple[str, list[str], list[str]]:
    """(section heading, column labels, row labels) of table ``key`` in tables.toml."""
    spec = data.toml("tables.toml")[key]
    number = {"proactive": "二", "requests": "三", "review": "四"}[key]
    return f"{number}、{spec['title']}", [c["label"] for c in spec.get("column", [])], [r["label"] for r in spec.get("row", [])]


# Characters reports are made of, plus the ones that trip normalisation: full-width forms,
# traditional characters, ideographic and zero-width spaces, BOMs, pinyin brackets, bold marks.
_REPORT_CHARS = "".join(sorted(set("".join(report_texts()[:5]))))
_TRICKY = "\u3000\u00a0\u200b\ufeff\t\n\r 　（）()【】〔〕﹝﹞**、，。；：\uff10\uff11\uff12報告機關處理開復議訴訟總計(bào)-—第页共1234567890."
unicode_text = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.sampled_from(_REPORT_CHARS + _TRICKY), max_size=1500),
)


@st.composite
def splices(draw) -> str:
    """Pieces of real reports glued together, with the joins PDF extraction makes."""
    texts = report_texts()
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        text = texts[draw(st.integers(0, len(texts) - 1))]
        start = draw(st.integers(0, len(text)))
        length = draw(st.integers(0, 1500))
        piece = text[start : start + length]
        if draw(st.booleans()):
            piece = piece.replace("\n", draw(st.sampled_from(["", " ", "\n\n", "\t", "\r\n"])))
        pieces.append(piece)
        pieces.append(draw(st.sampled_from(["", "\n", " ", "\t", "**", "\u3000", "- 3 -\n"])))
    return "".join(pieces)


@st.composite
def mangled(draw, label: str) -> str:
    """A label as extraction leaves it: intact, cut short, spaced out, or with a character lost."""
    how = draw(st.integers(0, 5))
    if how == 0 and len(label) > 2:
        return label[: draw(st.integers(1, len(label) - 1))]
    if how == 1:
        return " ".join(label)
    if how == 2 and len(label) > 1:
        at = draw(st.integers(0, len(label) - 1))
        return label[:at] + label[at + 1 :]
    return label


@st.composite
def table_grids(draw) -> str:
    """A statistics table as text: its section heading, header line, then rows of a label and
    numbers, with the damage PDF and web pages do (cut labels, missing or extra cells, rows
    out of order, cells one per line), and sometimes random labels."""
    key = draw(st.sampled_from(["proactive", "requests", "review"]))
    heading, columns, rows = table_spec(key)
    separator = draw(st.sampled_from(["\t", "\t", "  ", " | ", "|", "\n"]))
    number = st.one_of(st.integers(0, 500).map(str), st.integers(-5, 200000).map(str), st.decimals(0, 9999, places=2).map(str), st.sampled_from(["", "0", "—", "-", "/", "１２", "3 0", "0.0"]))
    lines = [heading] if draw(st.integers(0, 4)) else []
    if draw(st.booleans()):
        lines.append(separator.join(draw(mangled(c)) for c in columns))
    labels = [r for r in rows if draw(st.integers(0, 9))]
    if draw(st.integers(0, 3)) == 0:
        labels = draw(st.permutations(labels))
    if draw(st.integers(0, 3)) == 0:
        labels += draw(st.lists(st.text(alphabet=st.sampled_from(_REPORT_CHARS), min_size=1, max_size=12), max_size=4))
    for label in labels:
        width = max(0, len(columns) + draw(st.integers(-2, 1)) if draw(st.integers(0, 5)) else len(columns))
        cells = [draw(mangled(label))] + [draw(number) for _ in range(width)]
        lines.append(separator.join(cells))
    if draw(st.booleans()):
        lines.append("五、存在的主要问题及改进情况\n一是信息发布不够及时。")
    return "\n".join(lines)


def assert_offsets(text: str, report, findings, verdicts) -> None:
    n = len(text)

    def inside(start, end, what) -> None:
        assert 0 <= start <= end <= n, (what, start, end, n)

    for section in report.sections + report.subtopics:
        inside(section.start, section.end, section)
        inside(section.heading_start, section.heading_end, section)
    for paragraph in report.paragraphs:
        inside(paragraph.start, paragraph.end, paragraph)
        assert text[paragraph.start : paragraph.end] == paragraph.text
    for span in (report.organization_span, report.published_span):
        if span:
            inside(*span, "metadata span")
    for table in report.tables:
        inside(table.table.start, table.table.end, "table")
        cells = [cell for row in table.table.rows for cell in row] + list(table.values.values())
        for cell in cells:
            inside(cell.start, cell.end, cell)
            assert text[cell.start : cell.end] == cell.text, cell
    for finding in findings:
        if finding.start is not None:
            inside(finding.start, finding.end, finding)
            assert text[finding.start : finding.end] == finding.text, finding
    for verdict in verdicts:
        assert 0.0 <= verdict.confidence <= 1.0 and verdict.status in ("met", "missing", "not_required")
        for evidence in verdict.evidence:
            inside(evidence.start, evidence.end, evidence)
            assert text[evidence.start : evidence.end] == evidence.text, evidence


def audit_text(text: str) -> None:
    document = from_text(text, "fuzz")
    assert document.text == text  # offsets point into the text as given, line ends and all
    audit_document(document)


def audit_document(document) -> None:
    """Parse, run every registered check and coverage; check every offset."""
    from auditor.learn.coverage import assess

    report = parse(document)
    context = Context(previous=references()[:1], references=references()[1:])
    findings = []
    for name, check in load_checks().items():
        found = check(report, context)
        assert isinstance(found, list), name
        findings += found
    verdicts = assess(report, model())
    assert_offsets(report.text, report, findings, verdicts)


@FUZZ
@given(unicode_text)
def test_arbitrary_unicode_is_parsed_and_checked_with_offsets_in_the_text(text):
    audit_text(text)


@FUZZ
@given(splices())
def test_splices_of_real_reports_are_parsed_and_checked_with_offsets_in_the_text(text):
    audit_text(text)


@FUZZ
@given(table_grids())
def test_random_table_grids_are_read_and_checked_with_offsets_in_the_text(text):
    audit_text(text)


@settings(FUZZ, max_examples=HUNT or 15)
@given(splices())
def test_the_whole_audit_of_a_splice_keeps_its_json_offsets(text):
    from auditor.api import audit

    result = audit(text if "\n" in text else text + "\n", model=model())
    out = result.to_dict()
    for finding in out["findings"]:
        if "start" in finding:
            assert result.report.text[finding["start"] : finding["end"]] == finding["text"]
    for requirement in out["requirements"]:
        for evidence in requirement["evidence"]:
            assert result.report.text[evidence["start"] : evidence["end"]] == evidence["text"]


@st.composite
def damaged_bytes(draw) -> bytes:
    """Report text in an encoding reports come in, with bytes cut, flipped or spliced in."""
    text = draw(splices())
    raw = bytearray(text.encode(draw(st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-16-le", "big5"])), errors="replace"))
    for _ in range(draw(st.integers(0, 4))):
        if not raw:
            break
        at = draw(st.integers(0, len(raw) - 1))
        raw[at : at + draw(st.integers(0, 3))] = draw(st.binary(max_size=3))
    return bytes(raw)


@FUZZ
@given(st.one_of(st.binary(max_size=3000), damaged_bytes()))
def test_any_bytes_decode_to_text_or_a_coded_read_error(raw):
    from auditor.errors import ReadError
    from auditor.read.text import decode

    try:
        text, encoding = decode(raw, "fuzz.txt")
    except ReadError as error:
        assert error.code in ("E006", "E007")
        return
    assert isinstance(text, str) and encoding


html_pages = st.lists(
    st.one_of(
        st.sampled_from(["<p>", "</p>", "<table>", "</table>", "<tr>", "<td>", '<td rowspan="3" colspan="0">', '<td colspan="x">', "</td>", "<br>", "<div class='nav'>", "</div>", "<script>", "</script>", "<!--", "-->", "<meta charset='gbk'>", "&nbsp;", "&#0;", "<body>", "<html>"]),
        st.text(alphabet=st.sampled_from(_REPORT_CHARS), max_size=40),
    ),
    max_size=60,
).map("".join)


@FUZZ
@given(html_pages)
def test_any_web_page_reads_to_a_document_or_a_coded_read_error(tmp_path_factory, page):
    from auditor.errors import ReadError
    from auditor.read import read

    path = tmp_path_factory.mktemp("html") / "page.html"
    path.write_text(page, encoding="utf-8")
    try:
        document = read(path)
    except ReadError as error:
        assert error.code in ("E004", "E005", "E006", "E007", "E009")
        return
    for table in document.tables:
        for row in table.rows:
            for cell in row:
                assert document.text[cell.start : cell.end] == cell.text
    audit_document(document)


LONG_RUNS = {
    "one character": "的",
    "letters": "abcdefghij",
    "digits": "1234567890",
    "spaces": "  ",
    "headings": "一、总体情况\n",
    "doubled word": "资金",
    "list item": "谁公开、",
    "no sentence end": "政府信息公开工作报告",
    "a report on one line": None,
}


@pytest.mark.parametrize("name", LONG_RUNS)
def test_long_runs_are_audited_with_offsets_in_the_text(name, xihu_text):
    """Input that made the parser and the repetition check quadratic (a regular expression
    scanned again from every character of a long run, every heading compared with every other):
    20,000 characters of each, audited like any text.  bench/long_inputs.py times them."""
    unit = LONG_RUNS[name] or xihu_text.replace("\n", "")
    audit_text((unit * (20000 // len(unit) + 1))[:20000])
