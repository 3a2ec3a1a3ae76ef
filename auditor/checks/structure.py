"""Structure: missing sections, sections out of order, misnumbered headings."""
from __future__ import annotations

from ..parse.headings import canonical_titles, expected_numbers
from ..parse.metadata import FIRST_FORMAT_YEAR
from ..parse.report import ORDER
from ..types import Finding, Report
from . import Context, register


@register("structure")
def check_structure(report: Report, context: Context) -> list[Finding]:
    text = report.text
    if report.year is not None and report.year < FIRST_FORMAT_YEAR:
        return [Finding("structure.old_format", "info", f"a report for {report.year} follows the format before 国办公开办函〔2019〕60号; the six sections and the requirements of the 2019 and 2021 formats are not applied")]
    findings: list[Finding] = []
    found = [s for s in report.sections if s.key != "preamble"]
    keys = [s.key for s in found]
    titles = canonical_titles()
    numbers = expected_numbers()
    for key in ORDER:
        if key not in keys:
            at = _insertion_point(report, key)
            findings.append(Finding("structure.missing_section", "error", f"section {numbers[key]}、{titles[key]} ({key}) is missing", at, at, ""))
    for previous, section in zip(found, found[1:]):
        if ORDER.index(section.key) < ORDER.index(previous.key):
            findings.append(_at(text, section, "structure.order", "error", f"section {section.key} comes after {previous.key}; the format puts it before"))
    for section in found:
        want = numbers[section.key]
        if section.number and section.number != want:
            findings.append(_at(text, section, "structure.numbering", "warning", f"heading numbered {section.number}、 but {titles[section.key]} is section {want}、"))
    for sub in report.subtopics:
        if sub.number and text[sub.heading_start : sub.heading_start + 1] not in "(（":
            findings.append(_at(text, sub, "structure.numbering", "warning", f"总体情况 sub-topic {sub.title} is numbered {sub.number}、 like a top-level section; later numbers shift"))
    return findings


def _at(text: str, section, check: str, severity: str, message: str) -> Finding:
    return Finding(check, severity, message, section.heading_start, section.heading_end, text[section.heading_start : section.heading_end])


def _insertion_point(report: Report, key: str) -> int:
    """Where a missing section would stand: the start of the first later section found."""
    later = [s for s in report.sections if s.key in ORDER and ORDER.index(s.key) > ORDER.index(key)]
    return later[0].start if later else len(report.text)
