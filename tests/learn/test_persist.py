import pytest
import skops.io as sio

from auditor.errors import ModelError
from auditor.learn import persist


class Smuggled:
    """A type no model of ours contains."""


def test_shipped_model_loads_with_trusted_types_only():
    model = persist.load()
    assert len(model.labels_) == 18


def test_model_file_with_an_untrusted_type_is_refused(tmp_path):
    path = tmp_path / "evil.skops"
    sio.dump({"model": Smuggled()}, path)
    with pytest.raises(ModelError) as error:
        persist.load(path)
    assert error.value.code == "E021"
    assert "Smuggled" in str(error.value)


def test_missing_model_file_is_E020(tmp_path):
    with pytest.raises(ModelError) as error:
        persist.load(tmp_path / "none.skops")
    assert error.value.code == "E020"


def test_a_file_that_is_not_a_model_is_E022(tmp_path):
    path = tmp_path / "junk.skops"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ModelError) as error:
        persist.load(path)
    assert error.value.code == "E022"
