"""Snapshot tests compare a build with the committed files; without them they fail, never compare a build with
itself."""
import pytest

from tests import helpers
from tests.helpers import NoSnapshot


@pytest.fixture
def outside_git(tmp_path, monkeypatch):
    """A project copy that is no git repository, holding a build as `make build` would leave it."""
    (tmp_path / "build" / "csv").mkdir(parents=True)
    (tmp_path / "build" / "csv" / "listings.csv").write_text("source_id\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setattr(helpers, "ROOT", tmp_path)
    return tmp_path


def test_a_file_not_committed_fails_loudly(outside_git):
    with pytest.raises(NoSnapshot, match=r"^build/csv/listings.csv is not committed .*nothing to compare"):
        helpers.committed("build/csv/listings.csv")
    with pytest.raises(NoSnapshot, match=r"^no file of build/csv/ is committed"):
        helpers.committed_names("build/csv")


def test_without_git_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(NoSnapshot, match=r"^git cannot run .*need the git repository"):
        helpers.committed("build/datapackage.json")


def test_the_committed_files_are_read_from_git():
    assert "listings.csv" in helpers.committed_names("build/csv")
    assert helpers.committed("build/csv/sources.csv").startswith(b"source_id,kind,")
