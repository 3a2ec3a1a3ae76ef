"""Retraining from the corpus reproduces the shipped model (fixed seeds, same data)."""
import numpy as np

from auditor.learn.corpus import load_corpus
from auditor.learn.persist import load
from auditor.learn.train import train


def test_retraining_reproduces_the_shipped_models_predictions():
    corpus = load_corpus()
    shipped = load()
    retrained = train(corpus)
    assert retrained.get_params() == shipped.get_params()
    np.testing.assert_array_equal(retrained.thresholds_, shipped.thresholds_)
    X = corpus.features()
    np.testing.assert_allclose(retrained.predict_proba(X), shipped.predict_proba(X), rtol=0, atol=1e-9)
    np.testing.assert_array_equal(retrained.predict(X), shipped.predict(X))
