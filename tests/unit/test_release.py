"""One version in one place; the licence and the citation that go with a release."""
import datetime
import json
import re
import tomllib

import pytest
import yaml

from pipeline.core.errors import CurationError
from pipeline.publish import archive
from pipeline.publish.datapackage import Release, current_release
from tests.helpers import ROOT

CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_one_version_everywhere():
    """pyproject.toml, the committed datapackage.json, CITATION.cff, the archive's name and the changelog's
    newest release heading say the same version, and the citation the same date."""
    release = current_release()
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", release.version)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    package = json.loads((ROOT / "build" / "datapackage.json").read_text(encoding="utf-8"))
    assert project["version"] == release.version, "pyproject.toml's version is not the changelog's newest release"
    assert package["version"] == release.version, "build/datapackage.json is stale: make build"
    assert CITATION["version"] == release.version and CITATION["date-released"] == release.date
    assert archive.archive_name() == f"{package['name']}-{release.version}.zip" == \
        f"{project['name']}-{release.version}.zip"
    for name in ("README.md", "LICENSE"):  # their example citation
        cited = re.findall(r"version ([0-9.]+) \(([0-9-]+)\)", (ROOT / name).read_text(encoding="utf-8"))
        assert cited == [(release.version, release.date)], name
    assert archive.tag_command() == f'git tag -a v{release.version} -m "{project["name"]} {release.version}"'


def test_the_changelog_speaks_of_the_data_and_points_to_the_development_log():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Unreleased" not in text and "docs/development-log.md" in text
    assert (ROOT / "docs" / "development-log.md").is_file()


@pytest.mark.parametrize(("text", "said"), [
    ("## [1.2.0] - 2026-12-06 - data fingerprint `0123456789abcdef`\n## [1.1.0] - 2026-11-27 - data fingerprint "
     "`fedcba9876543210`\n", Release("1.2.0", "2026-12-06", "0123456789abcdef")),
    ("## [1.2.0] - data fingerprint `0123456789abcdef`\n## [1.1.0] - 2026-11-27 - data fingerprint "
     "`fedcba9876543210`\n", "the newest release, 1.2.0, has no date"),
    ("## [1.2.0] - 6 December 2026 - data fingerprint `0123456789abcdef`\n", "the newest release, 1.2.0, has no date"),
])
def test_the_current_release_is_the_newest_with_its_date(tmp_path, text, said):
    path = tmp_path / "CHANGELOG.md"
    path.write_text(text, encoding="utf-8")
    if isinstance(said, Release):
        assert current_release(path) == said
        return
    with pytest.raises(CurationError, match=re.escape(said)):
        current_release(path)


def test_citation_is_valid_cff_1_2():
    """The keys CFF 1.2.0 requires, with the types its schema gives them (cffconvert is not a dependency)."""
    assert CITATION["cff-version"] == "1.2.0"
    assert isinstance(CITATION["message"], str) and CITATION["message"].strip()
    assert isinstance(CITATION["title"], str) and CITATION["title"].strip()
    authors = CITATION["authors"]
    assert isinstance(authors, list) and authors
    assert all(isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in authors)
    assert CITATION["type"] in ("dataset", "software")
    assert CITATION["license"] == "etalab-2.0"
    datetime.date.fromisoformat(CITATION["date-released"])
    known = {"cff-version", "message", "title", "authors", "abstract", "version", "date-released", "license",
             "keywords", "references", "type", "url", "repository-code", "doi", "identifiers", "contact"}
    assert set(CITATION) <= known
    for reference in CITATION.get("references", []):
        assert {"type", "title", "authors"} <= set(reference)


def test_licence_names_the_data_and_the_code_licences():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Licence Ouverte / Open Licence" in text and "etalab-2.0" in text and "MIT License" in text
    package = json.loads((ROOT / "build" / "datapackage.json").read_text(encoding="utf-8"))
    assert [licence["name"] for licence in package["licenses"]] == ["etalab-2.0"]
