"""The output folder's handling (pipeline.publish.workspace), in this process, on tiny folders made here: who owns a
folder, the lock and its journal, staging, the switch, and what a next start does with what a killed build left.
tests/hostile/test_hostile.py and tests/hostile/test_publish_kills.py test the same through whole builds and killed programs."""
import hashlib
import json
import os
import stat
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.core.errors import OutputError
from pipeline.core.paths import ROOT
from pipeline.publish import workspace
from pipeline.publish.workspace import GENERATOR, MANIFEST

SOURCES = SimpleNamespace(source_id=["A", "B"], file=["a.txt", "b.txt"], sha256=["1" * 64, "2" * 64])


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def a_build(folder: Path, files: dict[str, str] | None = None) -> Path:
    """A folder holding `files` and a manifest of this pipeline that records them."""
    files = {"csv/a.csv": "a\n", "b.json": "{}\n"} if files is None else files
    write(folder, files)
    (folder / MANIFEST).write_text(json.dumps({"generator": GENERATOR, "sources": [], "files": [
        {"path": name, "sha256": digest(text.encode())} for name, text in files.items()]}), encoding="utf-8")
    return folder


def test_sha256_of_a_file_read_in_blocks(tmp_path):
    path = tmp_path / "big"
    data = b"x" * ((1 << 20) + 3)
    path.write_bytes(data)
    assert workspace.sha256(path) == digest(data)


def test_sibling_names_a_hidden_entry_beside_the_folder(tmp_path):
    assert workspace.sibling(tmp_path / "out", "lock") == tmp_path / ".out.lock"


def test_entries_are_files_links_and_empty_folders(tmp_path):
    write(tmp_path, {"z.txt": "", "sub/deep/f.txt": "", "sub/g.txt": ""})
    (tmp_path / "empty" / "inner").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "sub")
    (tmp_path / "filelink").symlink_to(tmp_path / "z.txt")
    assert workspace.entries(tmp_path) == ["empty/inner", "filelink", "link", "sub/deep/f.txt", "sub/g.txt", "z.txt"]
    assert workspace.entries(tmp_path / "empty" / "inner") == []


@pytest.mark.parametrize("name, ok", [("a.csv", True), ("csv/a.csv", True), ("", False), ("/etc/passwd", False),
                                      ("../x", False), ("a/../../x", False), ("a..b/c", True), (None, False),
                                      (3, False)])
def test_safe_paths_stay_inside_their_folder(name, ok):
    assert workspace.safe(name) is ok


def manifest_text(**changes) -> str:
    manifest = {"generator": GENERATOR, "sources": [{"source_id": "A"}], "files": [{"path": "a", "sha256": "0" * 64}]}
    return json.dumps({**manifest, **changes})


@pytest.mark.parametrize("text", [
    "not json", "[]", json.dumps({"generator": GENERATOR, "files": []}), manifest_text(generator="someone else"),
    manifest_text(files={}), manifest_text(sources={}), manifest_text(sources=["A"]), manifest_text(files=["a"]),
    manifest_text(files=[{"path": "../a", "sha256": "0" * 64}]), manifest_text(files=[{"path": "a", "sha256": 0}]),
    manifest_text(files=[{"path": "a", "sha256": "0" * 63}]), manifest_text(files=[{"path": "a", "sha256": "A" * 64}]),
    manifest_text(files=[{"sha256": "0" * 64}]),
], ids=range(13))
def test_a_manifest_not_this_pipeline_s_is_none(tmp_path, text):
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    assert workspace.read_manifest(tmp_path / MANIFEST) is None


def test_a_manifest_of_this_pipeline_is_read(tmp_path):
    (tmp_path / MANIFEST).write_text(manifest_text(), encoding="utf-8")
    assert workspace.read_manifest(tmp_path / MANIFEST) == json.loads(manifest_text())
    assert workspace.read_manifest(tmp_path / "none.json") is None


def test_owned_files_are_the_manifest_s_and_the_committed_ones(tmp_path):
    a_build(tmp_path)
    write(tmp_path, {"datapackage.json": json.dumps({"name": "metiers-ouverts-2008", "resources": [
        {"path": "csv/listings.csv"}, {"path": "../outside.csv"}, {"path": "/etc/passwd"}]})})
    assert workspace.owned_files(tmp_path) == {"csv/a.csv", "b.json", MANIFEST, "csv/listings.csv",
                                               "datapackage.json", "openings.png"}


@pytest.mark.parametrize("package", ['{"name": "another", "resources": [{"path": "csv/x.csv"}]}', "not json",
                                     '{"name": "metiers-ouverts-2008"}', '["a"]',
                                     '{"name": "metiers-ouverts-2008", "resources": [3]}'])
def test_a_data_package_not_this_dataset_s_owns_nothing(tmp_path, package):
    write(tmp_path, {"datapackage.json": package})
    assert workspace.committed_files(tmp_path) == set()
    assert workspace.foreign_entries(tmp_path) == ["datapackage.json"]


def test_foreign_entries_are_those_no_build_recorded(tmp_path):
    a_build(tmp_path)
    write(tmp_path, {"mine.txt": "", "csv/b.csv": ""})
    assert workspace.foreign_entries(tmp_path) == ["csv/b.csv", "mine.txt"]


def test_check_out_accepts_a_new_an_empty_or_a_build_folder(tmp_path):
    assert workspace.check_out(tmp_path / "new") == tmp_path / "new"
    assert workspace.check_out(tmp_path) == tmp_path
    (tmp_path / "real").mkdir()
    (tmp_path / "via").symlink_to(tmp_path / "real")
    assert workspace.check_out(tmp_path / "via") == tmp_path / "real"
    assert workspace.check_out(a_build(tmp_path / "build")) == tmp_path / "build"
    assert workspace.check_out(ROOT / "build") == ROOT / "build"


def refusal(out: Path) -> str:
    with pytest.raises(OutputError) as info:
        workspace.check_out(out)
    return str(info.value)


def test_check_out_refusals(tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "nothing")
    assert refusal(tmp_path / "dangling") == f"{tmp_path / 'dangling'}: is a dangling symbolic link: remove it or " \
                                             "choose another --out"
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert refusal(tmp_path / "a" / "out") == f"{tmp_path / 'a' / 'out'}: is reached through a loop of symbolic " \
                                              "links: choose another --out"
    for where, what in ((Path("/"), "the root folder"), (Path.home(), "the home folder"), (ROOT, "the repository root")):
        assert refusal(where) == f"{where}: is {what}: a build replaces its output folder whole; choose an empty " \
                                 "or new folder"
    assert refusal(ROOT / "pipeline") == f"{ROOT / 'pipeline'}: is inside the repository, where only build/ is the " \
                                         "pipeline's: choose build/ or a folder outside the repository"
    write(tmp_path, {"file": ""})
    assert refusal(tmp_path / "file") == f"{tmp_path / 'file'}: is not a folder: choose an empty or new folder for --out"


def test_check_out_refuses_a_folder_holding_what_no_build_wrote(tmp_path):
    out = write(tmp_path / "out", {"z.txt": "", "a.txt": ""})
    assert refusal(out) == (f"{out}: holds a.txt, which no build of this pipeline wrote (2 such entries): a build "
                            "replaces its output folder whole; move them away or choose an empty or new folder")
    (out / MANIFEST).write_text('{"files": []}', encoding="utf-8")
    assert refusal(out).startswith(f"{out}: holds a.txt, which no build of this pipeline wrote (3 such entries) (its "
                                   "manifest.json is not this pipeline's: a build of version 1.0? `make clean` removes "
                                   "one): a build replaces")
    build = a_build(tmp_path / "build")
    write(build, {"mine.txt": ""})
    assert refusal(build).startswith(f"{build}: holds mine.txt, which no build of this pipeline wrote (1 such "
                                     "entries): a build")


@pytest.mark.parametrize("change, whole", [(None, True), ("content", False), ("missing", False), ("folder", False),
                                           ("manifest", False)])
def test_complete_means_every_recorded_file_with_its_content(tmp_path, change, whole):
    build = a_build(tmp_path)
    if change == "content":
        (build / "b.json").write_text("[]\n", encoding="utf-8")
    elif change == "missing":
        (build / "b.json").unlink()
    elif change == "folder":
        (build / "b.json").unlink()
        (build / "b.json").mkdir()
    elif change == "manifest":
        (build / MANIFEST).write_text("{}", encoding="utf-8")
    assert workspace.complete(build) is whole


def test_complete_with_the_journaled_manifest_only(tmp_path):
    build = a_build(tmp_path)
    assert workspace.complete(build, workspace.sha256(build / MANIFEST))
    assert not workspace.complete(build, "0" * 64)


def test_the_journal_is_the_lock_file(tmp_path):
    out = tmp_path / "out"
    journal = workspace.Journal(out)
    assert journal.path == tmp_path / ".out.lock"
    assert stat.S_IMODE(os.stat(journal.path).st_mode) == 0o644 & ~current_umask()
    assert journal.read() == {}
    journal.write(staging=".out.staging-1", manifest="ab")
    assert json.loads(journal.path.read_text(encoding="utf-8")) == {"generator": GENERATOR,
                                                                    "staging": ".out.staging-1", "manifest": "ab"}
    assert journal.read() == {"generator": GENERATOR, "staging": ".out.staging-1", "manifest": "ab"}
    journal.write(staging="x")
    assert journal.read() == {"generator": GENERATOR, "staging": "x"}
    journal.write()
    assert journal.path.read_bytes() == b""
    journal.close()


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("content", ["not json", '["a"]', '{"generator": "someone"}', "{}"])
def test_a_lock_file_holding_something_else_is_not_a_journal(tmp_path, content):
    (tmp_path / ".out.lock").write_text(content, encoding="utf-8")
    journal = workspace.Journal(tmp_path / "out")
    assert journal.read() is None
    with pytest.raises(OutputError) as info:
        journal.lock(tmp_path / "out")
    assert str(info.value) == f"{tmp_path / '.out.lock'}: holds something other than this pipeline's lock: move it away"
    assert content == (tmp_path / ".out.lock").read_text(encoding="utf-8")


def test_a_lock_path_that_is_a_link_or_a_folder_is_refused(tmp_path):
    (tmp_path / ".a.lock").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OutputError) as info:
        workspace.Journal(tmp_path / "a")
    assert str(info.value) == f"{tmp_path / '.a.lock'}: is a symbolic link where the pipeline keeps its lock: remove it"
    assert not (tmp_path / "elsewhere").exists()
    os.mkfifo(tmp_path / ".b.lock")
    with pytest.raises(OutputError) as info:
        workspace.Journal(tmp_path / "b")
    assert str(info.value) == f"{tmp_path / '.b.lock'}: is not a regular file, where the pipeline keeps its lock: " \
                              "remove it"
    (tmp_path / ".c.lock").mkdir()
    with pytest.raises(IsADirectoryError):
        workspace.Journal(tmp_path / "c")


def test_lock_makes_the_parent_and_a_second_build_waits(tmp_path, capsys):
    out = tmp_path / "deep" / "out"
    got = []
    with workspace.lock(out) as first:
        assert (tmp_path / "deep" / ".out.lock").is_file()
        assert capsys.readouterr().err == ""

        def second():
            with workspace.lock(out) as journal:
                got.append(journal.read())

        waiter = threading.Thread(target=second)
        waiter.start()
        while not waiting(capsys):
            assert waiter.is_alive()
            time.sleep(0.01)
        assert got == []
        first.write(staging="s")
    waiter.join()
    assert got == [{"generator": GENERATOR, "staging": "s"}]
    assert first.fd >= 0
    with pytest.raises(OSError):
        os.fstat(first.fd)


def waiting(capsys) -> bool:
    err = capsys.readouterr().err
    if err:
        assert err.startswith("waiting for another build of ")
        assert err.endswith("/out to finish...\n")
        return True
    return False


def staged_build(tmp_path: Path, name: str = ".out.staging-1") -> tuple[Path, str]:
    stage = a_build(tmp_path / name)
    return stage, workspace.sha256(stage / MANIFEST)


def recovered(tmp_path: Path, **entry) -> list[str]:
    notes: list[str] = []
    out = tmp_path / "out"
    if entry:
        (tmp_path / ".out.lock").write_text(json.dumps({"generator": GENERATOR, **entry}), encoding="utf-8")
    with workspace.lock(out) as journal:
        workspace.recover(out, journal, notes)
        assert journal.read() == {}
    return notes


def test_recover_rolls_a_whole_journaled_build_forward(tmp_path):
    stage, digest_ = staged_build(tmp_path)
    assert recovered(tmp_path, staging=stage.name, manifest=digest_) == []
    assert not stage.exists() and workspace.complete(tmp_path / "out", digest_)


def test_recover_deletes_a_whole_build_when_the_output_is_there(tmp_path):
    out = a_build(tmp_path / "out", {"old.txt": "old"})
    stage, digest_ = staged_build(tmp_path)
    assert recovered(tmp_path, staging=stage.name, manifest=digest_) == []
    assert not stage.exists() and (out / "old.txt").read_text(encoding="utf-8") == "old"


def test_recover_deletes_a_half_written_staging_folder(tmp_path):
    stage = write(tmp_path / ".out.staging-1", {"csv/a.csv": "half"})
    assert recovered(tmp_path, staging=stage.name) == []
    assert not stage.exists() and not (tmp_path / "out").exists()


def test_recover_discards_a_staged_build_that_is_not_the_journaled_one(tmp_path):
    stage, _ = staged_build(tmp_path)
    write(stage, {"mine.txt": "mine"})
    notes = recovered(tmp_path, staging=stage.name, manifest="0" * 64)
    assert notes == [f"warning: kept {stage}: it holds mine.txt, which no build wrote; move what you need, then "
                     "delete it"]
    assert workspace.entries(stage) == ["mine.txt"] and not (tmp_path / "out").exists()


def test_recover_discards_the_previous_build_set_aside(tmp_path):
    out = a_build(tmp_path / "out", {"new.txt": "new"})
    aside = a_build(tmp_path / ".out.old-1", {"old.txt": "old"})
    assert recovered(tmp_path, staging=".out.staging-1", manifest="0" * 64, aside=aside.name) == []
    assert not aside.exists() and (out / "new.txt").is_file()
    aside = a_build(tmp_path / ".out.old-2", {"old.txt": "old"})
    write(aside, {"mine.txt": "mine"})
    assert recovered(tmp_path, aside=aside.name) == [
        f"warning: kept {aside}: it holds mine.txt, which no build wrote; move what you need, then delete it"]


@pytest.mark.parametrize("name", ["../victim", "sub/victim", "", None, "link"])
def test_recover_touches_only_the_journaled_folders_beside_the_output(tmp_path, name):
    victim = a_build(tmp_path / "victim")
    write(tmp_path, {"sub/victim/keep.txt": "keep"})
    (tmp_path / "link").symlink_to(victim)
    before = workspace.entries(tmp_path)
    journaled = {"staging": name, "aside": name} if name is not None else {"other": "x"}
    assert recovered(tmp_path / "sub", **journaled) == []
    assert recovered(tmp_path, **journaled) == []
    assert workspace.entries(tmp_path) == sorted(before + [".out.lock", "sub/.out.lock"])
    assert workspace.complete(victim)


def test_staging_is_journaled_made_beside_and_removed_unless_published(tmp_path):
    out = tmp_path / "out"
    out.mkdir(mode=0o750)
    out.chmod(0o750)
    with workspace.lock(out) as journal:
        with workspace.staging(out, journal) as stage:
            assert stage.parent == tmp_path and stage.name.startswith(".out.staging-") and len(stage.name) == 21
            assert journal.read() == {"generator": GENERATOR, "staging": stage.name}
            assert stat.S_IMODE(stage.stat().st_mode) == 0o750 & ~current_umask()
            write(stage, {"a.csv": "a"})
        assert not stage.exists() and journal.read() == {}
        with pytest.raises(KeyError):
            with workspace.staging(out, journal) as failed:
                raise KeyError("a failed build")
        assert not failed.exists() and journal.read() == {}
        with workspace.staging(out, journal) as publish_tiny:
            journal.write(staging=publish_tiny.name, manifest="ab")
        assert publish_tiny.is_dir() and journal.read()["manifest"] == "ab"
        with workspace.staging(out, journal) as other:
            journal.write(staging="another")
        assert other.is_dir() and journal.read() == {"generator": GENERATOR, "staging": "another"}


def test_staging_for_a_new_output_folder_follows_the_umask(tmp_path):
    with workspace.lock(tmp_path / "out") as journal:
        with workspace.staging(tmp_path / "out", journal) as stage:
            assert stat.S_IMODE(stage.stat().st_mode) == 0o777 & ~current_umask()


def test_the_manifest_lists_every_file_and_the_sources(tmp_path):
    stage = write(tmp_path / "stage", {"csv/a.csv": "a", "b.json": "b", "é.txt": "é"})
    (stage / "empty" / "inner").mkdir(parents=True)
    data = workspace.manifest(stage, SOURCES)
    assert not (stage / "empty").exists()
    (tmp_path / "nothing").mkdir()
    assert json.loads(workspace.manifest(tmp_path / "nothing", SOURCES))["files"] == []
    assert (tmp_path / "nothing").is_dir()
    assert data.decode() == json.dumps({
        "generator": GENERATOR,
        "sources": [{"source_id": "A", "file": "a.txt", "sha256": "1" * 64},
                    {"source_id": "B", "file": "b.txt", "sha256": "2" * 64}],
        "files": [{"path": "b.json", "sha256": digest(b"b")}, {"path": "csv/a.csv", "sha256": digest(b"a")},
                  {"path": "é.txt", "sha256": digest("é".encode())}],
    }, indent=2, ensure_ascii=False) + "\n"


def test_exchange_swaps_two_folders_at_once(tmp_path, monkeypatch):
    a, b = write(tmp_path / "a", {"x": "a", "sub/y": ""}), write(tmp_path / "b", {"x": "b"})
    assert workspace.exchange(a, b) is True
    assert ((a / "x").read_text(encoding="utf-8"), (b / "x").read_text(encoding="utf-8")) == ("b", "a")
    monkeypatch.chdir(tmp_path)  # relative paths are read from the working folder
    assert workspace.exchange(Path("a"), Path("b")) is True
    assert (a / "x").read_text(encoding="utf-8") == "a"


def test_exchange_says_why_it_failed_or_that_it_cannot(tmp_path, monkeypatch):
    a = write(tmp_path / "a", {"x": "a", "sub/y": ""})
    with pytest.raises(NotADirectoryError) as info:
        workspace.exchange(a, a / "x" / "z")
    assert (info.value.strerror, info.value.filename) == ("Not a directory", str(a / "x" / "z"))
    with pytest.raises(FileNotFoundError) as info:
        workspace.exchange(a, tmp_path / "none")
    assert (info.value.strerror, info.value.filename) == ("No such file or directory", str(tmp_path / "none"))
    assert workspace.exchange(a, a / "sub") is False  # EINVAL: a folder and its own subfolder
    monkeypatch.setattr(workspace.ctypes, "CDLL", lambda *args, **kwargs: SimpleNamespace())
    assert workspace.exchange(a, tmp_path) is False  # a C library without renameat2


def publish_tiny(tmp_path: Path, exchange: bool, monkeypatch) -> tuple[Path, list[str], dict]:
    if not exchange:
        monkeypatch.setattr(workspace, "exchange", lambda a, b: False)
    out = tmp_path / "the-out"
    written = []
    real_write = workspace.Journal.write

    def record(journal, **entries):
        written.append(entries)
        real_write(journal, **entries)

    monkeypatch.setattr(workspace.Journal, "write", record)
    with workspace.lock(out) as journal:
        with workspace.staging(out, journal) as stage:
            write(stage, {"csv/a.csv": "new", "b.json": "new"})
            notes = workspace.commit(stage, out, SOURCES, journal)
        assert journal.read() == {}
    return out, notes, {"stage": stage, "written": written}


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_commit_switches_the_build_and_removes_the_previous_one(tmp_path, monkeypatch, exchange):
    a_build(tmp_path / "the-out", {"csv/a.csv": "old", "old.txt": "old"})
    out, notes, seen = publish_tiny(tmp_path, exchange, monkeypatch)
    assert notes == []
    assert workspace.entries(out) == ["b.json", "csv/a.csv", MANIFEST] and workspace.complete(out)
    assert (out / "csv" / "a.csv").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".the-out.lock", "the-out"]
    digest_ = workspace.sha256(out / MANIFEST)
    token = seen["stage"].name.removeprefix(".the-out.staging-")
    assert len(token) == 8
    aside = {"aside": f".the-out.old-{token}"} if not exchange else {}
    assert seen["written"][1:] == [{"staging": seen["stage"].name, "manifest": digest_},
                                   *([{"staging": seen["stage"].name, "manifest": digest_, **aside}] if aside else []),
                                   {}]
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["sources"][1] == \
        {"source_id": "B", "file": "b.txt", "sha256": "2" * 64}


def test_commit_into_a_missing_folder_renames_the_staged_build(tmp_path, monkeypatch):
    monkeypatch.setattr(workspace, "exchange", lambda a, b: pytest.fail("nothing to exchange with"))
    out, notes, _ = publish_tiny(tmp_path, True, monkeypatch)
    assert notes == [] and workspace.complete(out)


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_commit_keeps_a_previous_build_holding_a_stranger_s_file(tmp_path, monkeypatch, exchange):
    old = a_build(tmp_path / "the-out", {"csv/a.csv": "old"})
    write(old, {"csv/mine.txt": "mine"})
    out, notes, seen = publish_tiny(tmp_path, exchange, monkeypatch)
    token = seen["stage"].name.removeprefix(".the-out.staging-")
    kept = seen["stage"] if exchange else tmp_path / f".the-out.old-{token}"
    assert notes == [f"warning: kept {kept}: it holds csv/mine.txt, which no build wrote; move what you need, then "
                     "delete it"]
    assert workspace.entries(kept) == ["csv/mine.txt"]


def test_discard_removes_what_a_build_recorded_the_manifest_last(tmp_path, monkeypatch):
    old = a_build(tmp_path / "old", {"csv/a.csv": "a", "z.txt": "z", "datapackage.json": "{}"})
    (old / "csv" / "link.csv").symlink_to(tmp_path / "target.csv")
    (tmp_path / "target.csv").write_text("target", encoding="utf-8")
    manifest = json.loads((old / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"].append({"path": "csv/link.csv", "sha256": "0" * 64})
    manifest["files"].append({"path": "gone.txt", "sha256": "0" * 64})
    (old / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    removed = []
    unlink = Path.unlink
    monkeypatch.setattr(Path, "unlink", lambda path, *a, **k: (removed.append(path.name), unlink(path, *a, **k)))
    notes: list[str] = []
    workspace.discard(old, notes)
    assert removed == ["a.csv", "z.txt", "datapackage.json", MANIFEST]
    assert notes == [f"warning: kept {old}: it holds csv/link.csv, which no build wrote; move what you need, then "
                     "delete it"]
    assert (tmp_path / "target.csv").read_text(encoding="utf-8") == "target"


def test_discard_names_a_file_it_could_not_remove_and_at_most_three_strangers(tmp_path, monkeypatch):
    old = a_build(tmp_path / "old", {"a.csv": "a"})
    write(old, {"s1": "", "s2": "", "s3": "", "s4": ""})
    unlink = Path.unlink

    def refuse(path, *args, **kwargs):
        if path.name == "a.csv":
            raise PermissionError(13, "Permission denied")
        unlink(path, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", refuse)
    notes: list[str] = []
    workspace.discard(old, notes)
    assert notes == [f"warning: could not remove {old / 'a.csv'} of the previous build (Permission denied)",
                     f"warning: kept {old}: it holds a.csv, s1, s2, which no build wrote; move what you need, then "
                     "delete it"]
