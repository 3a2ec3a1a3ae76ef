"""Parsing: normalised text -> Report (sections, sub-topics, paragraphs, tables, metadata)."""
from .report import parse

__all__ = ["parse"]
