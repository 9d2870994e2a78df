"""The check catalogue: every finding comes from a registered check, and no published check id is lost."""
import re

import pytest

from pipeline.validate.checks import catalogue
from pipeline.validate.checks.catalogue import CATALOGUE, SEVERITIES, Check
from tests.helpers import read_table

# The check ids published in release 1.0.0 (README's list of checks and checks/policy.toml at that release).
RELEASED = ["count_mismatch", "label_variant", "code_label_conflict", "region_name_variant", "out_of_order",
            "duplicate_row", "duplicate_list", "empty_list", "unknown_region", "missing_region", "invalid_code",
            "national_repeated", "single_region", "source_metadata", "source_difference", "unmatched_label",
            "contract"]


def test_every_released_check_id_is_still_registered():
    assert [name for name in RELEASED if name not in CATALOGUE] == []


def test_every_check_declares_what_the_readme_and_the_findings_need():
    for name, check in CATALOGUE.items():
        assert check.id == name and check.severity in SEVERITIES and check.description and check.message
        assert check.reads in ("view", "tables", "published", "editions")


def test_every_published_finding_comes_from_the_catalogue(real_build):
    findings = read_table(real_build, "findings")
    assert set(findings.check) <= set(CATALOGUE)
    assert {"source_difference", "count_mismatch", "label_variant"} <= set(findings.check)


def odd_code(data):
    """A code that
    is odd."""


def test_a_check_is_registered_under_its_function_s_name(monkeypatch):
    """Called here, not at the import of pipeline.validate.checks.rules: its id, severity, one-line description, templates, reads."""
    monkeypatch.setattr(catalogue, "CATALOGUE", {})
    assert catalogue.check("info", "{rome_code} is odd")(odd_code) is odd_code
    assert catalogue.CATALOGUE == {"odd_code": Check("odd_code", "info", "A code that is odd.", "{rome_code} is odd",
                                                     "view", odd_code, None)}
    monkeypatch.setattr(catalogue, "CATALOGUE", {})
    catalogue.check("error", "m", reads="published", facts="{rome_code}")(odd_code)
    assert catalogue.CATALOGUE["odd_code"] == Check("odd_code", "error", "A code that is odd.", "m", "published",
                                                    odd_code, "{rome_code}")
    with pytest.raises(ValueError, match="^check id odd_code registered twice$"):
        catalogue.check("error", "m")(odd_code)
    said = re.escape("severity must be one of ['error', 'warning', 'info'], reads one of ('view', 'tables', "
                     "'published', 'editions')")
    for wrong in ({"severity": "fatal", "message": "m"}, {"severity": "info", "message": "m", "reads": "pdf"}):
        with pytest.raises(ValueError, match=f"^{said}$"):
            catalogue.check(**wrong)
