"""Data files shipped with the package, read by code (see the README of each file's section)."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path


def path(name: str) -> Path:
    return Path(str(resources.files(__name__).joinpath(name)))


@lru_cache(maxsize=None)
def toml(name: str) -> dict:
    with open(path(name), "rb") as handle:
        return tomllib.load(handle)


def lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a text data file."""
    out = []
    for line in path(name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out
