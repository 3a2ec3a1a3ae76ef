"""Saving and loading topic models with skops (no pickle), trusting only known types."""
from __future__ import annotations

import zipfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelError

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "topics.skops"

# Types a model file may contain beyond skops' defaults for Python, numpy and scipy: ours,
# and the scikit-learn estimators the topic model is built of.  A model built of other
# estimators is refused (E021) until they are listed here.
TRUSTED = (
    "auditor.learn.model.TopicClassifier",
    "auditor.learn.features.PieceFeatures",
    "auditor.learn.features.given",
    "sklearn.feature_extraction.text.CountVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
)


def _skops_io():
    """``skops.io``, imported without its list of every scikit-learn estimator.

    On import skops trusts every estimator scikit-learn has, and to list them imports all of
    scikit-learn: half a second of every `auditor check`.  Models here are loaded with the
    explicit TRUSTED list, so that default list is left empty.  If skops was imported already,
    or lists estimators some other way, nothing changes but the time.
    """
    import sys

    if "skops.io" not in sys.modules:
        import sklearn.utils

        every = sklearn.utils.all_estimators
        sklearn.utils.all_estimators = lambda *args, **kwargs: []
        try:
            import skops.io  # noqa: F401
        finally:
            sklearn.utils.all_estimators = every
    return sys.modules["skops.io"]


def save(model, path: str | Path) -> Path:
    """Write ``model`` with skops, its vocabularies packed as arrays (see ``_packed``)."""
    sio = _skops_io()

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    with _packed(model):
        sio.dump(model, temporary, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    temporary.replace(path)  # a reader never sees half a model
    return path


def _vectorizers(model) -> list:
    """Every fitted text vectorizer (an object with a ``vocabulary_`` term -> column dict) in
    ``model``'s attributes, at any depth of lists, tuples and dicts."""
    found, seen, stack = [], set(), [model]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (str, bytes, int, float)) or item is None:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif hasattr(item, "__dict__") and not isinstance(item, type):
            if isinstance(getattr(item, "vocabulary_", None), (dict, np.ndarray)):
                found.append(item)
            stack.extend(vars(item).values())
    return found


@contextmanager
def _packed(model):
    """Vocabularies as one array of terms in column order while the model is written.

    skops writes a dict entry by entry, as a node each; a model's ~50,000 terms then take a
    second to load.  As an array they load in milliseconds (``_unpack`` rebuilds the dicts).
    """
    vectorizers = [v for v in _vectorizers(model) if isinstance(v.vocabulary_, dict) and v.vocabulary_]
    kept = [v.vocabulary_ for v in vectorizers]
    try:
        for vectorizer, vocabulary in zip(vectorizers, kept):
            terms = [""] * len(vocabulary)
            for term, column in vocabulary.items():
                terms[column] = term
            vectorizer.vocabulary_ = np.array(terms, dtype=str)
        yield model
    finally:
        for vectorizer, vocabulary in zip(vectorizers, kept):
            vectorizer.vocabulary_ = vocabulary


def _unpack(model):
    """The term -> column dicts back from packed vocabularies (models saved before packing
    have dicts already and pass through)."""
    for vectorizer in _vectorizers(model):
        if isinstance(vectorizer.vocabulary_, np.ndarray):
            vectorizer.vocabulary_ = {term: column for column, term in enumerate(vectorizer.vocabulary_.tolist())}
    return model


def load(path: str | Path | None = None):
    """Load a model, refusing any type outside TRUSTED with error E021.

    One pass: skops checks the types while it loads (trusting its defaults and TRUSTED), so
    the file is read once; only a refused file is read again, to name the types it holds.
    """
    sio = _skops_io()
    from skops.io.exceptions import UntrustedTypesFoundException

    path = Path(path or DEFAULT_MODEL)
    if not path.exists():
        raise ModelError("E020", path=str(path))
    try:
        model = sio.load(path, trusted=list(TRUSTED))
    except UntrustedTypesFoundException:
        refused = sorted(set(sio.get_untrusted_types(file=path)) - set(TRUSTED))
        raise ModelError("E021", path=str(path), types=", ".join(refused)) from None
    except Exception as error:  # a broken zip, a file that is not a skops model
        raise ModelError("E022", path=str(path), reason=f"{type(error).__name__}: {error}") from None
    return _unpack(model)


@lru_cache(maxsize=4)
def load_cached(path: str | None = None):
    """The model for ``path`` (default: the shipped one), loaded once per process."""
    return load(path)
