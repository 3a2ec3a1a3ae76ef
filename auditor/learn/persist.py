"""Saving and loading topic models with skops (no pickle), trusting only known types."""
from __future__ import annotations

import zipfile
from functools import lru_cache
from pathlib import Path

from ..errors import ModelError

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "topics.skops"

# Types a model file may contain beyond skops' own defaults (scikit-learn, numpy, scipy).
TRUSTED = (
    "auditor.learn.model.TopicClassifier",
    "auditor.learn.features.word_tokens",
    "auditor.learn.features.char_text",
)


def save(model, path: str | Path) -> Path:
    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    sio.dump(model, temporary, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    temporary.replace(path)  # a reader never sees half a model
    return path


def load(path: str | Path | None = None):
    """Load a model, refusing any type outside TRUSTED with error E021."""
    import skops.io as sio

    path = Path(path or DEFAULT_MODEL)
    if not path.exists():
        raise ModelError("E020", path=str(path))
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as error:  # a broken zip, a file that is not a skops model
        raise ModelError("E022", path=str(path), reason=f"{type(error).__name__}: {error}") from None
    refused = sorted(set(untrusted) - set(TRUSTED))
    if refused:
        raise ModelError("E021", path=str(path), types=", ".join(refused))
    try:
        return sio.load(path, trusted=list(untrusted))
    except Exception as error:
        raise ModelError("E022", path=str(path), reason=f"{type(error).__name__}: {error}") from None


@lru_cache(maxsize=4)
def load_cached(path: str | None = None):
    """The model for ``path`` (default: the shipped one), loaded once per process."""
    return load(path)
