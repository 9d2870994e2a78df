"""The malformed corpus: each variant builds the same tables as the real sources, or fails cleanly."""
import pytest

from pipeline.core.paths import Layout
from pipeline.serve import cli
from pipeline.serve.prepare import prepare
from tests.helpers import copy_raw, rehash, without_provenance
from tests.hostile.mutations import CIRCULAR, SAME, VARIANTS


@pytest.fixture(scope="module")
def reference():
    return prepare(Layout()).tables


@pytest.fixture(autouse=True)
def _no_expectations(no_expectations):
    """Great Expectations is not what these tests test: no worker (tests/conftest.py)."""


def mutated(tmp_path, variant):
    raw = copy_raw(tmp_path / "raw")
    variant.mutate(raw)
    if variant.rehash:
        rehash(raw)
    return raw


def test_the_corpus_is_large_enough():
    assert len(VARIANTS) >= 25
    assert len({v.name for v in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.exit_code == SAME], ids=lambda v: v.name)
def test_harmless_variants_build_the_same_tables(tmp_path, variant, reference):
    tables = without_provenance(prepare(Layout(raw=mutated(tmp_path, variant), out=tmp_path / "out")).tables)
    for name, frame in without_provenance(reference).items():
        assert tables[name].equals(frame), name


def test_a_legacy_encoding_is_reported(tmp_path):
    variant = next(v for v in VARIANTS if v.name == "windows-1252")
    prepared = prepare(Layout(raw=mutated(tmp_path, variant), out=tmp_path / "out"))
    assert set(prepared.tables["sources"].encoding) == {"utf-8", "windows-1252"}
    assert f"warning: {tmp_path / 'raw' / CIRCULAR} is not UTF-8: decoded as windows-1252" in prepared.notes


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.exit_code != SAME], ids=lambda v: v.name)
def test_bad_variants_fail_cleanly(tmp_path, capsys, variant):
    raw = mutated(tmp_path, variant)
    path = raw / CIRCULAR
    size = path.stat().st_size if path.exists() else 0
    code = cli.main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == variant.exit_code, err
    assert "Traceback" not in err
    expected = variant.message.format(path=path, manifest=raw / "sources.toml", size=size)
    if code == 2:
        assert len(err.splitlines()) == 1 and err.startswith(expected), err
    else:
        assert any(line.startswith(expected) for line in err.splitlines()), err
        assert err.splitlines()[-1].startswith("validation failed:")
    assert not (tmp_path / "out" / "csv").exists()
