"""Every error and warning the product raises, with a stable code users can search for."""
from __future__ import annotations


class Errors:
    E001 = "File not found: {path}"
    E002 = "Expected a file but {path} is a directory (use `auditor batch` for folders)"
    E003 = "Permission denied reading {path}"
    E004 = "{path} is empty"
    E005 = "{path} contains only white space"
    E006 = "{path} looks like binary data, not text (no known text encoding fits its bytes)"
    E007 = "Cannot tell the text encoding of {path}; save it as UTF-8 or GB18030"
    E008 = "Unsupported file type {suffix!r} for {path}; supported: {supported}{advice}"
    E009 = "{path} is not a valid {kind} file: {reason}"
    E010 = "{path} has no text layer (a scanned PDF?); run OCR first, auditor reads only text"
    E011 = "{path} is {size_mb:.1f} MB, above the limit of {limit_mb} MB for one report"
    E012 = "{source} does not look like a 政府信息公开工作年度报告: {reason}"
    E013 = "{path} is not a regular file (a pipe, socket or device); save the report to a file first"
    E014 = "{path} holds {chars:,} characters of text or more, above the limit of {limit:,} for one report (real reports hold under 100,000; is it many reports in one file?)"
    E015 = "Expected a folder but {path} is not one"
    E016 = "The process {stage} {path} died ({reason}): the file may need more memory than is free, or crash a library that reads it; the rest of the batch went on (try `auditor check` on it alone)"
    E017 = "The process {stage} {path} was stopped after {seconds:g} s (the batch's --timeout; a report takes seconds at most): it may be stuck on a malformed file; the rest of the batch went on"
    E018 = "{path} has a table too large to read: its cells, spread by their merges (rowspan, colspan, gridSpan), cover {positions:,} grid positions or more, each written as at least one character; with the text before it, that is more than the limit of {limit:,} characters for one report (are its spans broken?)"
    E019 = "{path} unpacks to {size_mb:,.0f} MB ({part} alone is {part_mb:,.0f} MB), above the limit of {limit_mb} MB for one report's Word package (a real report unpacks to a few MB; is it a ZIP bomb?)"
    E020 = "Model file {path} not found; run `auditor train` or pass --model"
    E021 = "Model file {path} contains types that are not trusted: {types}"
    E022 = "Model file {path} could not be loaded: {reason}"
    E030 = "Rubric {path}: {reason}"
    E031 = "Deadlines file {path}: {reason}"
    E032 = "Rules file {path}, rule {rule}: pattern '{pattern}' {reason}"
    E040 = "Label file {path}, line {line}: {reason}"
    E041 = "Corpus {path}: {reason}"
    E042 = "Label file {path}: {count} problem(s), nothing was imported:\n{problems}"
    E043 = "Label file {path}, line {line}: {reason}; pass --overwrite to replace the corpus label"
    E050 = "Cannot write {path}: {reason}"


class AuditorError(Exception):
    """An error with a code (``E001``) and a message meant for the user."""

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        self.values = values
        template = getattr(Errors, code)
        super().__init__(f"[{code}] {template.format(**values)}")


class ReadError(AuditorError):
    """The file could not be read as a report."""


class ModelError(AuditorError):
    """A model file is missing, untrusted or broken."""


class DataError(AuditorError):
    """A user-supplied data file (labels, rubric, corpus) is invalid."""


class LabelFileError(DataError):
    """An annotated label file with problems; ``problems`` holds each one (E040, E043)."""

    def __init__(self, path: object, problems: list[AuditorError]) -> None:
        self.problems = problems
        super().__init__("E042", path=str(path), count=len(problems), problems="\n".join(f"  {p}" for p in problems))
