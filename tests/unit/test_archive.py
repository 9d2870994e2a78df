"""The release archive of a small stand-in build: the same bytes twice, what it holds and leaves out, and the
builds it refuses (tests/integration/test_release.py archives the real build)."""
import hashlib
import json
import os
import zipfile

import pytest

from pipeline.core.errors import OutputError
from pipeline.publish import archive
from pipeline.publish.datapackage import current_release
from pipeline.publish.workspace import GENERATOR

VERSION = current_release().version
FOLDER = f"metiers-ouverts-2008-{VERSION}/"


def build_of(folder, files: dict[str, bytes], version: str = VERSION):
    files = {"datapackage.json": json.dumps({"version": version}).encode(), **files}
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    manifest = {"generator": GENERATOR, "sources": [],
                "files": [{"path": n, "sha256": hashlib.sha256(d).hexdigest()} for n, d in files.items()]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.fixture
def root(tmp_path):
    for name in archive.BESIDE:
        (tmp_path / name).write_text(f"{name}\n", encoding="utf-8")
    return tmp_path


def test_the_same_build_gives_the_same_bytes(tmp_path, root):
    build = build_of(tmp_path / "build", {"csv/b.csv": b"b\n", "csv/a.csv": b"a\n" * 1000})
    first = archive.write(build, tmp_path / "one", root).read_bytes()
    os.utime(build / "csv" / "a.csv", (0, 0))
    (build / "csv" / "b.csv").chmod(0o600)
    second = archive.write(build, tmp_path / "two", root)
    assert second.read_bytes() == first and second.name == f"metiers-ouverts-2008-{VERSION}.zip"
    assert (tmp_path / "two" / "SHA256SUMS").read_text(encoding="utf-8") == \
        f"{hashlib.sha256(first).hexdigest()}  {second.name}\n"


def test_every_published_file_under_one_folder_the_intermediate_layer_left_out(tmp_path, root):
    build = build_of(tmp_path / "build", {"csv/a.csv": b"a\n", "intermediate/rows.parquet": b"PAR1",
                                          "site/index.html": b"<html>"})
    with zipfile.ZipFile(archive.write(build, tmp_path / "dist", root)) as zipped:
        infos = zipped.infolist()
        assert [i.filename for i in infos] == [FOLDER + n for n in (
            "CHANGELOG.md", "CITATION.cff", "LICENSE", "README.txt", "csv/a.csv", "datapackage.json",
            "site/index.html")]
        assert zipped.read(FOLDER + "csv/a.csv") == b"a\n" and zipped.read(FOLDER + "LICENSE") == b"LICENSE\n"
        assert f"metiers-ouverts-2008 {VERSION}" in zipped.read(FOLDER + "README.txt").decode()
    day = tuple(int(p) for p in current_release().date.split("-"))
    assert {(i.date_time, i.external_attr >> 16, i.create_system, i.compress_type) for i in infos} == \
        {((*day, 0, 0, 0), 0o100644, 3, zipfile.ZIP_DEFLATED)}


@pytest.mark.parametrize("spoil", ["changed", "missing", "no manifest", "other version"])
def test_a_build_that_is_not_whole_or_of_another_version_is_refused(tmp_path, root, spoil):
    build = build_of(tmp_path / "build", {"csv/a.csv": b"a\n"}, "0.0.1" if spoil == "other version" else VERSION)
    if spoil == "changed":
        (build / "csv" / "a.csv").write_bytes(b"b\n")
    elif spoil == "missing":
        (build / "csv" / "a.csv").unlink()
    elif spoil == "no manifest":
        (build / "manifest.json").unlink()
    said = f"the build is of version 0.0.1, the changelog's newest release is {VERSION}" \
        if spoil == "other version" else "not a whole build"
    with pytest.raises(OutputError, match=said):
        archive.write(build, tmp_path / "dist", root)
    assert not (tmp_path / "dist").exists()
