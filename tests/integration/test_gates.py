"""Each gate between the stages stops what it must: Great Expectations, the pandera contracts, `check`'s comparison."""
import shutil

import pandas as pd
import pytest

from pipeline.core import dictionary
from pipeline.core.errors import ValidationFailed
from pipeline.core.paths import Layout
from pipeline.serve import prepare as prepare_module
from pipeline.serve.build import build
from pipeline.serve.recheck import recheck
from pipeline.validate.checks.catalogue import CATALOGUE
from tests.helpers import quiet


def test_a_great_expectations_failure_publishes_nothing(tmp_path, monkeypatch, no_picture):
    """One opening printed twice breaks two expectations of `openings`: its key is unique, and its rows are
    as many as the regions' open counts say."""
    real = prepare_module.prepare

    def twice(layout):
        prepared = real(layout)
        openings = prepared.tables["openings"]
        prepared.tables["openings"] = pd.concat([openings, openings.head(1)], ignore_index=True)
        return prepared

    monkeypatch.setattr(prepare_module, "prepare", twice)
    with pytest.raises(ValidationFailed) as info:
        build(Layout(out=tmp_path / "out"), out=quiet())
    assert info.value.exit_code == 1
    assert info.value.message.startswith("Great Expectations: ") and info.value.message.endswith(
        "failure(s) (done); nothing was published")
    failed = [line.split(" {")[0] for line in info.value.report]
    assert {"openings: expect_compound_columns_to_be_unique", "openings: expect_table_row_count_to_equal"} <= \
        set(failed)
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def published_tables(real_build):
    return {name: dictionary.conform(pd.read_parquet(real_build / "parquet" / f"{name}.parquet"), name)
            for name in dictionary.tables()}


def test_the_published_tables_keep_their_contracts(published_tables):
    assert CATALOGUE["contract"].run(published_tables).empty


def test_a_table_that_breaks_its_contract_is_a_finding(published_tables):
    broken = {**published_tables, "openings": published_tables["openings"].copy()}
    broken["openings"].loc[3, "basis"] = "sometimes"
    found = CATALOGUE["contract"].run(broken)
    assert found[["source_id", "check"]].values.tolist() == [[published_tables["openings"].source_id[3], "contract"]]
    assert found.message.str.startswith("openings.basis: 'sometimes' fails ").all()


@pytest.fixture
def copy_of_build(real_build, tmp_path):
    for folder in ("parquet", "intermediate"):
        shutil.copytree(real_build / folder, tmp_path / folder)
    return tmp_path


def test_check_agrees_with_an_untouched_build(copy_of_build):
    out = quiet()
    assert recheck(Layout(out=copy_of_build), out=out) == 0
    assert out.getvalue().splitlines()[-1].endswith("; the published findings agree with this re-run")


@pytest.mark.parametrize("change", ["drop a finding", "change a status"])
def test_check_reports_published_findings_that_differ(copy_of_build, change):
    path = copy_of_build / "parquet" / "findings.parquet"
    findings = pd.read_parquet(path)
    if change == "drop a finding":
        findings = findings.iloc[1:]
    else:
        findings.loc[findings.status == "acknowledged", "status"] = "open"
    findings.to_parquet(path)
    out = quiet()
    assert recheck(Layout(out=copy_of_build), out=out) == 1
    assert out.getvalue().splitlines()[-1].endswith("; the published findings DIFFER with this re-run")
