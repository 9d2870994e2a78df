"""Hostile inputs, careless paths and crashes (issue #11): each class of defect with inputs made here.

Every case asserts the exit code, the one line said, and that nothing published changed."""
import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.publish import writers as publish
from pipeline.serve import cli
from tests.helpers import ARRETE, CIRCULAR, ROOT, copy_raw, record, rehash

CURATED = ROOT / "checks"


@pytest.fixture(autouse=True)
def _no_gate_nor_picture(no_expectations, no_picture):
    """Neither Great Expectations nor the picture is what these tests test: no worker, no drawing
    (tests/conftest.py)."""


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def build_copy(real_build, tmp_path):
    """A copy of a real build, and its files' hashes before the test."""
    out = tmp_path / "out"
    shutil.copytree(real_build, out)
    return out, tree(out)


def run(capsys, *args) -> tuple[int, str]:
    code = cli.main([str(a) for a in args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def one_line(capsys, *args, code=2) -> str:
    got, err = run(capsys, *args)
    assert got == code, err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


def edited_raw(tmp_path, edit, name=CIRCULAR.name) -> Path:
    raw = copy_raw(tmp_path / "raw")
    path = raw / name
    path.write_bytes(edit(path.read_bytes()))
    rehash(raw)
    return raw


# 2. --out: only what a build recorded is replaced; anything else is refused


@pytest.mark.parametrize("foreign", ["csv/my_accounts.csv", "parquet/my_table.parquet", "data-docs/my_notes.html",
                                     ".staging-notes/todo.txt", "notes.txt"])
def test_a_build_refuses_a_folder_holding_files_it_did_not_write(build_copy, capsys, foreign):
    out, before = build_copy
    (out / foreign).parent.mkdir(parents=True, exist_ok=True)
    (out / foreign).write_text("mine", encoding="utf-8")
    message = one_line(capsys, "build", "--out", out)
    assert message.startswith(f"{out}: holds {foreign}, which no build of this pipeline wrote (1 such entries)")
    assert tree(out) == {**before, foreign: hashlib.sha256(b"mine").hexdigest()}


def test_a_failed_build_leaves_a_user_folder_beside_the_output_alone(build_copy, tmp_path, capsys):
    out, before = build_copy
    notes = tmp_path / ".staging-notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("mine", encoding="utf-8")
    raw = edited_raw(tmp_path, lambda b: b.replace(b"CODE ROME\t8 m", b"CODE ROME\t9 m", 1))
    assert run(capsys, "build", "--raw", raw, "--out", out)[0] == 1
    assert (notes / "todo.txt").read_text(encoding="utf-8") == "mine"
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", ".staging-notes", "out", "raw"]


@pytest.mark.parametrize("where, what", [("/", "the root folder"), ("~", "the home folder"),
                                         (str(ROOT), "the repository root")])
def test_the_root_the_home_and_the_repository_are_refused(capsys, where, what):
    message = one_line(capsys, "build", "--out", os.path.expanduser(where))
    assert message == f"{os.path.expanduser(where)}: is {what}: a build replaces its output folder whole; " \
                      "choose an empty or new folder"


def test_an_output_that_is_a_file_or_inside_the_inputs_is_refused(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("mine", encoding="utf-8")
    assert one_line(capsys, "build", "--out", target) == \
        f"{target}: is not a folder: choose an empty or new folder for --out"
    assert target.read_text(encoding="utf-8") == "mine"
    for inside in (ROOT / "raw" / "out", ROOT / "checks" / "out", ROOT / "build" / "csv"):
        assert one_line(capsys, "build", "--out", inside) == (
            f"{inside}: is inside the repository, where only build/ is the pipeline's: choose build/ or a folder "
            "outside the repository")
    assert not (ROOT / "raw" / "out").exists() and not (ROOT / "checks" / ".out.lock").exists()


def test_a_committed_build_without_a_manifest_is_the_pipeline_s(tmp_path):
    """A fresh clone's build/ holds only the committed files: a build may replace it; not once a file is added."""
    from pipeline.publish.workspace import foreign_entries

    out = tmp_path / "out"
    (out / "csv").mkdir(parents=True)
    for name in ("datapackage.json", "openings.png"):
        shutil.copy(ROOT / "build" / name, out / name)
    for path in (ROOT / "build" / "csv").glob("*.csv"):
        shutil.copy(path, out / "csv" / path.name)
    assert foreign_entries(out) == []
    (out / "csv" / "mine.csv").write_text("x", encoding="utf-8")
    (out / "empty").mkdir()
    (out / "etc").symlink_to("/etc")
    assert foreign_entries(out) == ["csv/mine.csv", "empty", "etc"]


# 3. Codes in non-ASCII digits, or with an invisible space, are findings on their line, never codes


@pytest.mark.parametrize("printed, named", [
    ("１４２３２", "U+FF11 FULLWIDTH DIGIT ONE, U+FF14 FULLWIDTH DIGIT FOUR, U+FF12 FULLWIDTH DIGIT TWO, "
                   "U+FF13 FULLWIDTH DIGIT THREE"),
    ("١٤٢٣٢", "U+0661 ARABIC-INDIC DIGIT ONE, U+0664 ARABIC-INDIC DIGIT FOUR, U+0662 ARABIC-INDIC DIGIT TWO, "
              "U+0663 ARABIC-INDIC DIGIT THREE"),
    ("142\u200b32", "U+200B ZERO WIDTH SPACE"),
    ("142\u00a032", "U+00A0 NO-BREAK SPACE"),
])
def test_a_code_in_other_digits_is_a_finding(tmp_path, capsys, printed, named):
    # circular line 85 prints "14232<tab>Technicien de la vente à distance", first of the Ile de France list
    raw = edited_raw(tmp_path, lambda b: b.replace(b"14232\tTechnicien", printed.encode() + b"\tTechnicien", 1))
    code, err = run(capsys, "build", "--raw", raw, "--out", tmp_path / "out")
    assert code == 1
    assert f"{raw / CIRCULAR.name}:85: invalid_code: code {printed!r} is not five ASCII digits ({named})" in err
    assert not (tmp_path / "out").exists()


# 4. Failures nobody foresaw: exit 2 with one line where the cause is known, 70 and a log otherwise


def test_a_count_too_large_to_be_true(tmp_path, capsys):
    raw = edited_raw(tmp_path, lambda b: b.replace(b"CODE ROME\t8 m", b"CODE ROME\t" + b"1" + b"0" * 30 + b" m", 1))
    message = one_line(capsys, "build", "--raw", raw, "--out", tmp_path / "out")
    assert message.endswith(f"count 1{'0' * 30} of Corse is over MAX_STATED_COUNT=10000: a misprint? correct the source")


def test_a_nationwide_list_with_no_rows(tmp_path, capsys):
    # circular line 72: the nationwide heading; line 74 its header; lines 75-80 its six rows
    def empty(data: bytes) -> bytes:
        lines = data.split(b"\n")
        return b"\n".join(lines[:74] + lines[80:])

    raw = edited_raw(tmp_path, empty)
    code, err = run(capsys, "build", "--raw", raw, "--out", tmp_path / "out")
    assert code == 1
    assert f"{raw / CIRCULAR.name}:72: empty_list: the nationwide list: no rows under its heading" in err


@pytest.mark.parametrize("field, value, said", [
    ("date", "2008", "date must be text (in quotes)"),
    ("file", "[\"a\", \"b\"]", "file must be text (in quotes)"),
    ("title", "{ a = 1 }", "title must be text (in quotes)"),
])
def test_manifest_values_of_the_wrong_type(tmp_path, capsys, field, value, said):
    raw = copy_raw(tmp_path / "raw")
    manifest = raw / "sources.toml"
    text = manifest.read_text(encoding="utf-8")
    start = text.index(f"\n{field} = ") + 1
    end = text.index("\n", start)
    manifest.write_text(text[:start] + f"{field} = {value}" + text[end:], encoding="utf-8")
    assert one_line(capsys, "build", "--raw", raw, "--out", tmp_path / "out") == f"{manifest}: source #1: {said}"


def test_an_unreadable_source_and_a_full_disk(monkeypatch, build_copy, tmp_path, capsys):
    """Root reads every file, so permission and disk-full failures are raised where the OS would raise them."""
    out, before = build_copy

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    with monkeypatch.context() as denying:
        denying.setattr("pipeline.extract.sources.sha256_of", denied)
        assert one_line(capsys, "build", "--out", out) == \
            f"{ROOT / 'raw' / CIRCULAR.name}: Permission denied: check its permissions"

    def full(*_):
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "parquet" / "sources.parquet"))

    monkeypatch.setattr(publish, "write", full)
    message = one_line(capsys, "build", "--out", out)
    assert message.startswith(f"{out}: no space left on its device to stage a new build beside it (")
    assert message.endswith("the previous build is untouched): free some space and build again")
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == [".out.lock", "out"]


def test_duckdb_failing_to_write(monkeypatch, tmp_path, capsys):
    import duckdb

    def fatal(*_):
        raise duckdb.FatalException("could not write: No space left on device")

    monkeypatch.setattr("pipeline.publish.views.comments", fatal)
    message = one_line(capsys, "build", "--out", tmp_path / "out")
    assert message.startswith(f"{tmp_path / 'out'}: no space left on its device to stage a new build beside it")

    def broken(*_):
        raise duckdb.FatalException("could not write: Input/output error")

    monkeypatch.setattr("pipeline.publish.views.comments", broken)
    message = one_line(capsys, "build", "--out", tmp_path / "out")
    assert message.endswith("metiers.duckdb: DuckDB could not write the database (could not write: Input/output "
                            "error): check the free space and build again")
    assert not (tmp_path / "out").exists()


def test_an_internal_error_exits_70_with_its_traceback_in_a_log(monkeypatch, build_copy, capsys):
    out, before = build_copy

    def bug(*_):
        raise KeyError("a bug")

    monkeypatch.setattr("pipeline.serve.prepare.normalized", bug)
    message = one_line(capsys, "build", "--out", out, code=70)
    assert message.startswith("internal error (KeyError: 'a bug'); nothing was published; the traceback is in ")
    log = Path(message.split("the traceback is in ")[1].split(": please report it")[0])
    assert "raise KeyError(\"a bug\")" in log.read_text(encoding="utf-8")
    log.unlink()
    assert tree(out) == before


# 5. An acknowledgement pins the facts it acknowledged


def test_an_acknowledgement_does_not_outlive_its_fact(build_copy, tmp_path, capsys):
    out, before = build_copy
    # circular line 463: "CODE ROME\t20 métiers" (Limousin), acknowledged for stating 20 and listing 18
    def limousin(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[462] = lines[462].replace(b"20 m", b"0 m")
        return b"\n".join(lines)

    raw = edited_raw(tmp_path, limousin)
    code, err = run(capsys, "build", "--raw", raw, "--out", out)
    assert code == 1
    assert err.splitlines() == [
        f"{raw / CIRCULAR.name}:463: count_mismatch: Limousin: header states 0 métiers, 18 rows are printed",
        "warning: stale acknowledgement: acknowledgements.csv line 2 (IMIN0800012C count_mismatch 74 -) no longer matches: it pins "
        "'Limousin: header states 20 métiers, 18 rows are printed', the finding is now 'Limousin: header states "
        "0 métiers, 18 rows are printed'; check the source, then update or remove the acknowledgement",
        "validation failed: 1 open error(s); nothing was published"]
    assert tree(out) == before


# 6. Curated files are read strictly


def curated(tmp_path) -> Path:
    folder = tmp_path / "checks"
    shutil.copytree(CURATED, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


@pytest.mark.parametrize("name, edit, line, said", [
    ("label_map.csv", lambda t: t + "Géomètre,61222,a,b\nGéomètre.,61223,c,d\n", 3,
     "label 'Géomètre.' given twice (first at line 2): keep one"),
    ("acknowledgements.csv", lambda t: t + 'IMIN0800012C,empty_list,74,,"never closed,why,where\n'
                                           'IMIN0800012C,empty_list,93,,x,why,where\n', 8,
     "not valid CSV (unexpected end of data): an unterminated quote?"),
    ("acknowledgements.csv", lambda t: t + 'IMIN0800012C,empty_list,74,,"swallows,why,where\n'
                                           'IMIN0800012C,empty_list,93,,x",why,where\n', 8,
     "a record spans several lines: an unterminated quote?"),
    ("corrections.csv", lambda t: t + "IMIN0800012C,Champagne,region_name,Champagne,Champagne-Ardennes,x,y\n", 7,
     "source_id 'IMIN0800012C', region 'Champagne', field 'region_name', printed_value 'Champagne' given twice "
     "(first at line 4): keep one"),
    ("corrections.csv", lambda t: t.replace("reason,evidence", "reason,evidence,note", 1), 1,
     "header must be source_id,region,field,printed_value,corrected_value,reason,evidence; has unknown 'note'"),
    ("label_map.csv", lambda t: t + "Géomètre,61222,a\n", 2, "3 cells, expected 4 (an unquoted comma, or a missing one?)"),
])
def test_curated_files_are_read_strictly(tmp_path, capsys, name, edit, line, said):
    folder = curated(tmp_path)
    path = folder / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert one_line(capsys, "build", "--curation", folder, "--out", tmp_path / "out") == f"{path}:{line}: {said}"


def test_a_curated_file_saved_as_windows_1252(tmp_path, capsys):
    folder = curated(tmp_path)
    path = folder / "corrections.csv"
    data = path.read_text(encoding="utf-8").encode("cp1252")
    path.write_bytes(data)
    at = next(i for i, b in enumerate(data) if b > 127)
    line, column = data[:at].count(b"\n") + 1, at - data.rfind(b"\n", 0, at)
    assert one_line(capsys, "build", "--curation", folder, "--out", tmp_path / "out") == \
        f"{path}:{line}: not UTF-8: byte 0x{data[at]:02X} at line {line}, column {column}; save the file as UTF-8"


# 7. A manifest names files inside its folder only


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd", "sub/../../x.txt"])
def test_manifest_paths_outside_their_folder(tmp_path, capsys, name):
    raw = copy_raw(tmp_path / "raw")
    manifest = raw / "sources.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(CIRCULAR.name, name, 1), encoding="utf-8")
    assert one_line(capsys, "build", "--raw", raw, "--out", tmp_path / "out") == \
        f"{manifest}: source IMIN0800012C: file '{name}' must be a path relative to the manifest's folder, " \
        "without '..'"


@pytest.mark.parametrize("target, said", [("/etc/passwd", "leads outside the manifest's folder (to /etc/passwd): "
                                                          "copy the file into {raw}"),
                                          ("/dev/zero", "leads outside the manifest's folder (to /dev/zero): "
                                                        "copy the file into {raw}")])
def test_manifest_symlinks_leading_outside(tmp_path, capsys, target, said):
    raw = copy_raw(tmp_path / "raw")
    (raw / CIRCULAR.name).unlink()
    (raw / CIRCULAR.name).symlink_to(target)
    assert one_line(capsys, "build", "--raw", raw, "--out", tmp_path / "out") == \
        f"{raw / 'sources.toml'}: source IMIN0800012C: file '{CIRCULAR.name}' {said.format(raw=raw)}"


# 8. Messages say the true cause


def test_one_bad_byte_in_a_utf8_file_is_named_not_decoded_as_windows_1252(tmp_path, capsys):
    # circular line 12 is the first with an "é" encoded in UTF-8 as C3 A9; its first byte becomes E9 (latin-1 é)
    data = CIRCULAR.read_bytes()
    at = data.index("é".encode())
    raw = edited_raw(tmp_path, lambda b: b[:at] + b"\xe9" + b[at + 2:])
    line = data[:at].count(b"\n") + 1
    column = at - data.rfind(b"\n", 0, at)
    message = one_line(capsys, "build", "--raw", raw, "--out", tmp_path / "out")
    assert message == (f"{raw / CIRCULAR.name}:{line}: not UTF-8: byte 0xE9 at line {line}, column {column}; the "
                       "rest of the file is UTF-8: fix that byte, or declare the encoding in sources.toml "
                       "(encoding = \"...\")")


def test_a_declared_encoding_is_used_and_enforced(tmp_path):
    from pipeline.core.errors import InputError
    from pipeline.extract.sources import discover, read_text

    raw = copy_raw(tmp_path / "raw")
    path = raw / ARRETE.name
    path.write_bytes(ARRETE.read_text(encoding="utf-8").encode("cp1252"))
    rehash(raw)
    manifest = raw / "sources.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        f'file = "{ARRETE.name}"\n', f'file = "{ARRETE.name}"\nencoding = "cp1252"\n'), encoding="utf-8")
    arrete = [s for s in discover(raw) if s.source_id == "IMID0800328A"][0]
    text = read_text(arrete.path, arrete.encoding)
    assert (text.lines, text.encoding) == (read_text(ARRETE).lines, "cp1252")
    with pytest.raises(InputError) as info:
        read_text(arrete.path, "utf-8")
    first = ARRETE.read_text(encoding="utf-8").encode("cp1252")
    at = next(i for i, b in enumerate(first) if b > 127)
    line, column = first[:at].count(b"\n") + 1, at - first.rfind(b"\n", 0, at)
    assert str(info.value) == (f"{path}:{line}: byte 0x{first[at]:02X} at line {line}, column {column} is not "
                               "utf-8 text: declare the file's encoding in sources.toml")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_not_regular_files(tmp_path, capsys, device):
    assert one_line(capsys, "build", "--raw", device, "--out", tmp_path / "out") == \
        f"{device}: not a regular file (a device, a pipe or a folder): give a file"


def test_a_fifo_is_not_a_regular_file(tmp_path, capsys):
    fifo = tmp_path / "circulaire.txt"
    os.mkfifo(fifo)
    assert one_line(capsys, "build", "--raw", fifo, "--out", tmp_path / "out") == \
        f"{fifo}: not a regular file (a device, a pipe or a folder): give a file"


def policy_with(tmp_path, line: str, instead: str) -> tuple[Path, Path, int, str]:
    """A copy of the curated files whose policy has `instead` for `line`: the folder, the policy, that line's
    number, and the policy's text before."""
    folder = curated(tmp_path)
    path = folder / "policy.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(line, instead), encoding="utf-8")
    return folder, path, text.splitlines().index(line) + 1, text


def test_policy_errors_are_blamed_on_the_policy(tmp_path, capsys):
    folder, path, line, text = policy_with(tmp_path, 'empty_list = "error"', 'empty_list = "fatal"')
    assert one_line(capsys, "build", "--curation", folder, "--out", tmp_path / "out") == \
        f"{path}:{line}: severity of empty_list must be one of error, warning, info"
    path.write_text(text + 'x = "error"\n', encoding="utf-8")
    message = one_line(capsys, "build", "--curation", folder, "--out", tmp_path / "out")
    assert message.startswith(f"{path}:{text.count(chr(10)) + 1}: unknown check id 'x' (known: ")


# 9. check trusts nothing it reads


def test_check_names_a_file_changed_after_the_build(build_copy, capsys):
    out, _ = build_copy
    (out / "metiers.duckdb").write_bytes(os.urandom(4096))
    listings = out / "csv" / "listings.csv"
    listings.write_text(listings.read_text(encoding="utf-8").replace("Informaticien", "Informatician", 1),
                        encoding="utf-8")
    code, err = run(capsys, "check", "--out", out)
    assert code == 1
    lines = err.splitlines()
    assert [line.split(":")[0] for line in lines[:2]] == [str(listings), str(out / "metiers.duckdb")]
    assert all("differs from manifest.json" in line for line in lines[:2])
    assert lines[2] == "check failed: 2 problem(s) with the published files"


def test_check_compares_every_format(build_copy, capsys):
    """A Parquet file rewritten with another row, and its hash recorded: the formats disagree."""
    import pandas as pd

    out, _ = build_copy
    path = out / "parquet" / "openings.parquet"
    pd.read_parquet(path).iloc[1:].to_parquet(path)
    record(out, "parquet/openings.parquet")
    code, err = run(capsys, "check", "--out", out)
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == f"{path}: table openings differs from csv/openings.csv"
    assert f"{out / 'metiers.duckdb'}: table openings differs from csv/openings.csv" not in lines
    assert lines[-1] == f"check failed: {len(lines) - 1} problem(s) with the published files"


def tamper_database(out: Path, *statements: str) -> None:
    import duckdb

    con = duckdb.connect(str(out / "metiers.duckdb"))
    for statement in statements:
        con.execute(statement)
    con.close()
    record(out, "metiers.duckdb")


@pytest.mark.parametrize("statements, said", [
    (['ALTER TABLE openings ADD COLUMN note VARCHAR'],
     "table openings has columns ['source_id', 'region_code', 'rome_code', 'basis', 'note'], not the declared ones"),
    (['CREATE TABLE mine AS SELECT 1 AS x'], "holds tables "),
    (['DROP VIEW regions_2016', 'CREATE VIEW regions_2016 AS SELECT DISTINCT region_code, region_name, '
      'region_2016_code, region_2016_name FROM regions WHERE region_code <> \'74\' ORDER BY 3, 1'],
     "view regions_2016 differs from the same view on the Parquet tables"),
    (['UPDATE openings_matrix SET "61224" = \'regional\' WHERE region_code = \'11\''],
     "openings_matrix differs from the one its tables make"),
])
def test_check_compares_the_database_with_the_declarations(build_copy, capsys, statements, said):
    out, _ = build_copy
    tamper_database(out, *statements)
    code, err = run(capsys, "check", "--out", out)
    assert code == 1
    assert err.splitlines()[0].startswith(f"{out / 'metiers.duckdb'}: ") and said in err.splitlines()[0]


def test_check_compares_the_manifest_s_sources_with_the_sources_table(build_copy, capsys):
    out, _ = build_copy
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["sources"][0]["sha256"] = "0" * 64
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, err = run(capsys, "check", "--out", out)
    assert code == 1
    assert err.splitlines() == [f"{out / 'manifest.json'}: its sources (sha256) differ from the published sources table",
                                "check failed: 1 problem(s) with the published files"]


def test_check_compares_the_matrix_and_the_package(build_copy, capsys):
    out, _ = build_copy
    matrix = out / "csv" / "openings_matrix.csv"
    lines = matrix.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",,", ",regional,", 1)
    matrix.write_text("".join(lines), encoding="utf-8")
    record(out, "csv/openings_matrix.csv")
    code, err = run(capsys, "check", "--out", out)
    assert code == 1
    assert err.splitlines() == [f"{matrix}: openings_matrix differs from the one its tables make",
                                f"{matrix}: differs from its hash in datapackage.json",
                                "check failed: 2 problem(s) with the published files"]


def test_lookup_on_a_corrupt_database(build_copy, capsys):
    out, _ = build_copy
    (out / "metiers.duckdb").write_bytes(os.urandom(4096))
    message = one_line(capsys, "lookup", "--rome", "52313", "--out", out)
    assert message.startswith(f"{out / 'metiers.duckdb'}: not a readable DuckDB file of this dataset (")
    assert message.endswith("): rebuild it with `make build`")


# Found by trying this work from outside (second round): each a class of its own


def test_a_folder_with_someone_else_s_manifest_is_not_a_build(tmp_path, capsys):
    app = tmp_path / "webapp"
    (app / "assets").mkdir(parents=True)
    (app / "manifest.json").write_text('{"name": "my app", "files": [{"path": "assets/app.js"}, '
                                       '{"path": "index.html"}]}', encoding="utf-8")
    (app / "assets" / "app.js").write_text("js", encoding="utf-8")
    (app / "index.html").write_text("<html>", encoding="utf-8")
    before = tree(app)
    message = one_line(capsys, "build", "--out", app)
    assert message.startswith(f"{app}: holds assets/app.js, which no build of this pipeline wrote (3 such entries) "
                              "(its manifest.json is not this pipeline's: a build of version 1.0? `make clean` "
                              "removes one)")
    assert tree(app) == before


def test_a_file_written_into_the_build_while_it_is_replaced_is_kept(monkeypatch, build_copy, capsys):
    """Someone writes into the output folder after the build checked it: the previous build is removed file
    by file, as its manifest lists them, and the folder holding the stranger's file is kept and named."""
    from pipeline.publish import workspace

    out, _ = build_copy
    switch = workspace.exchange

    def late_writer(a, b):
        (b / "my_notes.txt").write_text("mine", encoding="utf-8")
        return switch(a, b)

    monkeypatch.setattr(workspace, "exchange", late_writer)
    code, err = run(capsys, "build", "--out", out)
    assert code == 0, err
    kept = [p for p in out.parent.iterdir() if p.name.startswith(".out.staging-")]
    assert len(kept) == 1 and workspace.entries(kept[0]) == ["my_notes.txt"]
    assert f"warning: kept {kept[0]}: it holds my_notes.txt, which no build wrote; move what you need, then " \
           "delete it" in err
    assert workspace.foreign_entries(out) == []


def journaled(out: Path, **entry) -> None:
    from pipeline.publish.workspace import GENERATOR

    (out.parent / f".{out.name}.lock").write_text(json.dumps({"generator": GENERATOR, **entry}), encoding="utf-8")


@pytest.mark.parametrize("whole", [True, False], ids=["whole", "a-file-missing"])
def test_the_next_start_rolls_forward_only_the_journaled_whole_build(build_copy, tmp_path, whole):
    """A staged build replaces a missing output folder only if it is the journaled one and whole (else it is
    deleted); folders that merely look like leftovers are never touched."""
    from pipeline.publish import workspace

    out, before = build_copy
    staged = tmp_path / ".out.staging-0badf00d"
    shutil.copytree(out, staged)
    digest = workspace.sha256(staged / "manifest.json")
    if not whole:
        (staged / "metiers.duckdb").unlink()
    shutil.rmtree(out)
    backup = tmp_path / ".out.old-20241126"
    backup.mkdir()
    (backup / "NOTES.txt").write_text("mine", encoding="utf-8")
    journaled(out, staging=staged.name, manifest=digest)
    with workspace.lock(out) as journal:
        workspace.recover(out, journal, [])
    assert not staged.exists()
    assert (tree(out) == before) if whole else not out.exists()
    assert (backup / "NOTES.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / ".out.lock").read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("content", ["data\n", None])
def test_a_lock_path_that_is_not_the_pipeline_s_is_left_alone(tmp_path, capsys, content):
    out = tmp_path / "out"
    lock = tmp_path / ".out.lock"
    victim = tmp_path / "victim.txt"
    victim.write_text("secret", encoding="utf-8")
    if content is None:
        lock.symlink_to(victim)
        said = "is a symbolic link where the pipeline keeps its lock: remove it"
    else:
        lock.write_text(content, encoding="utf-8")
        said = "holds something other than this pipeline's lock: move it away"
    assert one_line(capsys, "build", "--out", out) == f"{lock}: {said}"
    assert victim.read_text(encoding="utf-8") == "secret"
    assert content is None or lock.read_text(encoding="utf-8") == content


@pytest.mark.parametrize("edit, line, said", [
    (lambda t: t.replace("\n83,Auvergne,84,", "\n８３,Auvergne,84,"), None,
     "region_code '８３' is not two ASCII digits"),
    (lambda t: t + "x\x00y,a,b,c,d\n", 24, "control character U+0000: not a text file"),
])
def test_the_region_reference_is_read_strictly(tmp_path, capsys, edit, line, said):
    raw = copy_raw(tmp_path / "raw")
    path = raw / "reference" / "regions.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(edit(text), encoding="utf-8")
    line = line or text.splitlines().index(next(x for x in text.splitlines() if x.startswith("83,"))) + 1
    assert one_line(capsys, "build", "--raw", raw, "--out", tmp_path / "out") == f"{path}:{line}: {said}"


def test_a_manifest_date_must_be_a_date(tmp_path, capsys):
    raw = copy_raw(tmp_path / "raw")
    manifest = raw / "sources.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('date = "2008-01-18"', 'date = "２００８-９９-９９"'),
                        encoding="utf-8")
    assert one_line(capsys, "build", "--raw", raw, "--out", tmp_path / "out") == \
        f"{manifest}: source #2: date '２００８-９９-９９' is not a date YYYY-MM-DD"


def test_the_contracts_cannot_be_lowered(tmp_path, capsys):
    folder, path, line, _ = policy_with(tmp_path, 'contract = "error"', 'contract = "warning"')
    assert one_line(capsys, "build", "--curation", folder, "--out", tmp_path / "out") == \
        f"{path}:{line}: contract cannot be lowered: the contracts guard what is published"


def test_a_region_name_corrected_twice(tmp_path, capsys):
    folder = curated(tmp_path)
    path = folder / "corrections.csv"
    path.write_text(path.read_text(encoding="utf-8") + "IMIN0800012C,,region_name,Champagne,Picardie,r,ev\n",
                    encoding="utf-8")
    assert one_line(capsys, "build", "--curation", folder, "--out", tmp_path / "out") == \
        f"{path}:7: region name 'Champagne' of IMIN0800012C corrected twice (first at line 4): keep one"


def test_an_output_folder_behind_a_loop_of_links(tmp_path, capsys):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert one_line(capsys, "build", "--out", tmp_path / "a" / "out") == \
        f"{tmp_path / 'a' / 'out'}: is reached through a loop of symbolic links: choose another --out"


def test_a_heading_in_another_script_is_not_its_region(tmp_path, capsys):
    # circular line 115 prints the heading "Champagne"
    raw = edited_raw(tmp_path, lambda b: b.replace("\nChampagne\n".encode(), "\nChampagne Ελλάδα\n".encode(), 1))
    code, err = run(capsys, "build", "--raw", raw, "--out", tmp_path / "out")
    assert code == 1
    assert f"{raw / CIRCULAR.name}:115: unknown_region: 'Champagne Ελλάδα' is not a region of 2008" in err


def test_a_manifest_folder_s_own_reference_is_read(tmp_path, capsys):
    raw = copy_raw(tmp_path / "raw")
    path = raw / "reference" / "regions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",Limousin,", ",Limousine,"), encoding="utf-8")
    code, err = run(capsys, "build", "--raw", raw, "--out", tmp_path / "out")
    assert code == 1 and "no list for Limousine (74) by the end of the annex" in err


def test_lookup_on_a_database_that_is_not_this_dataset_s(build_copy, capsys):
    """An empty DuckDB file: the missing table is named (not a Python variable of the same name, which DuckDB
    would read in its place); a SQLite file: refused as it is, with no DuckDB extension fetched to read it."""
    import sqlite3

    import duckdb

    out, _ = build_copy
    path = out / "metiers.duckdb"
    path.unlink()
    duckdb.connect(str(path)).close()
    assert one_line(capsys, "lookup", "--rome", "52313", "--out", out) == (
        f"{path}: not a readable DuckDB file of this dataset (Catalog Error: Table with name sources does not "
        "exist!): rebuild it with `make build`")
    path.unlink()
    sqlite3.connect(path).execute("CREATE TABLE sources (source_id TEXT)").connection.commit()
    for command in (["lookup", "--rome", "52313"], ["sql", "-c", "SELECT 1"]):
        message = one_line(capsys, *command, "--out", out)
        # External access is disabled (pipeline/serve/duck.py): no extension is even looked for.
        assert message == (f"{path}: not a readable DuckDB file of this dataset (Permission Error: Loading external "
                           "extensions is disabled through configuration): rebuild it with `make build`"), message


@pytest.mark.parametrize("name", ["circulaire.html", "circulaire.docx", "scan.png"])
def test_a_file_of_another_format_is_named_as_such(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_text("<html>ANNEXE</html>", encoding="utf-8")
    assert one_line(capsys, "build", "--raw", path, "--out", tmp_path / "out") == (
        f"{path}: a {path.suffix} file is not a source this pipeline reads: give the annex as plain text (UTF-8) "
        "or as a PDF")


@pytest.mark.parametrize("command", ["build", "check"])
def test_curation_naming_a_source_built_in_another_case_is_refused(build_copy, tmp_path, capsys, command):
    # Read as a source not built, line 2's acknowledgement would be dropped and its finding left open.
    folder = curated(tmp_path)
    path = folder / "acknowledgements.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nIMIN0800012C,", "\nimin0800012c,", 1), encoding="utf-8")
    out, before = build_copy
    assert one_line(capsys, command, "--curation", folder, "--out", out) == (
        f"{path}:2: source_id 'imin0800012c' is no source built; IMIN0800012C is: write it so (source ids are "
        "compared exactly)")
    assert tree(out) == before


def test_check_says_what_blocks_and_which_acknowledgement_matched_nothing(build_copy, tmp_path, capsys):
    # acknowledgements.csv line 2 acknowledges Limousin's count (region 74): written 47, it matches nothing
    folder = curated(tmp_path)
    path = folder / "acknowledgements.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("IMIN0800012C,count_mismatch,74,",
                                                             "IMIN0800012C,count_mismatch,47,"), encoding="utf-8")
    out, before = build_copy
    code, err = run(capsys, "check", "--curation", folder, "--out", out)
    assert code == 1
    assert err.splitlines() == [
        f"{CIRCULAR.name}:463: count_mismatch: Limousin: header states 20 métiers, 18 rows are printed",
        "warning: acknowledgement matched nothing: IMIN0800012C count_mismatch 47 - (acknowledgements.csv line 2)"]
    assert tree(out) == before


def test_check_reads_the_reference_of_the_folder_the_build_read(tmp_path, capsys):
    # mini.txt (Alsace, Corse, Limousin) with a reference of those three regions: the repository's has 22
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "mini.txt", raw / "mini.txt")
    lines = (ROOT / "raw" / "reference" / "regions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    three = lines[0] + "".join(line for line in lines if line[:3] in ("42,", "74,", "94,"))
    (raw / "reference" / "regions.csv").write_text(three, encoding="utf-8")
    sha = hashlib.sha256((raw / "mini.txt").read_bytes()).hexdigest()
    (raw / "sources.toml").write_text(
        '[[source]]\nsource_id = "IMIN0800099C"\nkind = "circulaire"\ntitle = "t"\ndate = "2008-01-07"\n'
        f'file = "mini.txt"\nformat = "text"\nsha256 = "{sha}"\n', encoding="utf-8")
    code, err = run(capsys, "build", "--raw", raw, "--out", tmp_path / "out")
    assert code == 0, err
    assert run(capsys, "check", "--raw", raw, "--out", tmp_path / "out")[0] == 0
    code, err = run(capsys, "check", "--out", tmp_path / "out")  # read with the repository's 22 regions
    assert code == 1 and "missing_region: no list for Aquitaine (72)" in err


def test_curation_of_sources_not_built_says_nothing(tmp_path, capsys):
    code, err = run(capsys, "build", "--raw", CIRCULAR, "--out", tmp_path / "out")
    assert code == 0, err
    assert "IMID0800328A" not in err


@pytest.mark.parametrize("sources", [None, "x", ["x"]])
def test_check_refuses_a_manifest_whose_sources_are_malformed(build_copy, capsys, sources):
    out, _ = build_copy
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["sources"] = sources
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert one_line(capsys, "check", "--out", out) == \
        f"{out / 'manifest.json'}: no build manifest here (or not this pipeline's): run `make build` first"
