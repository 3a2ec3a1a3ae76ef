"""Rendering an Audit: terminal (rich), JSON, Markdown, HTML."""
