import unicodedata

import pytest

from pipeline.core.errors import ChecksumError, InputError, LimitError, ManifestError
from pipeline.extract.sources import (
    discover,
    position,
    read_text,
    sha256_of,
    split_lines,
)
from tests.helpers import RAW


def manifest(tmp_path, body, files=("a.txt",)):
    for name in files:
        (tmp_path / name).write_text("ANNEXE\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text(body, encoding="utf-8")
    return tmp_path


ENTRY = ('[[source]]\nsource_id = "X"\nkind = "circulaire"\ntitle = "t"\ndate = "2008-01-07"\nfile = "a.txt"\n'
         'format = "text"\nsha256 = "{sha}"\n')


def error(tmp_path, exc=ManifestError):
    with pytest.raises(exc) as info:
        discover(tmp_path)
    return str(info.value)


def test_the_real_manifest():
    sources = discover(RAW)
    assert [(s.source_id, s.kind, s.format) for s in sources] == [
        ("IMIN0800012C", "circulaire", "text"), ("IMID0800328A", "arrete", "text")]


def test_manifest_errors(tmp_path):
    assert error(tmp_path) == f"{tmp_path / 'sources.toml'}: no manifest: expected sources.toml here"
    manifest(tmp_path, '[[source]]\nsource_id = "X"\n')
    assert error(tmp_path) == f"{tmp_path / 'sources.toml'}: source #1 lacks kind, title, date, file, format, sha256"
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    manifest(tmp_path, ENTRY.format(sha=sha).replace("circulaire", "loi"))
    assert "kind must be one of ('circulaire', 'arrete')" in error(tmp_path)
    manifest(tmp_path, ENTRY.format(sha=sha) * 2)
    assert error(tmp_path).endswith("source_id listed twice: X: keep one entry a source")


@pytest.mark.parametrize(("first", "second"), [("X", "X"), ("X", "x"), ("IMID0800328A", "IMID08OO328A"),
                                               ("IMID0800328A", "lMID0800328A")])
def test_a_source_listed_twice_in_any_spelling_is_refused(tmp_path, first, second):
    # Ids compared without case nor the letters that pass for digits: curated files name the source by its id
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    entry = ENTRY.format(sha=sha)
    manifest(tmp_path, entry.replace('"X"', f'"{first}"') + entry.replace('"X"', f'"{second}"'))
    spelled = "" if first == second else f" (as {second} too)"
    assert error(tmp_path) == \
        f"{tmp_path / 'sources.toml'}:10: source_id listed twice: {first}{spelled}: keep one entry a source"


@pytest.mark.parametrize(("edit", "said"), [
    (lambda e: e.replace('"X"', '"X "'), "source #1: source_id 'X ' has spaces around it: remove them"),
    (lambda e: e.replace('title = "t"', 'title = " t"'), "source #1: title ' t' has spaces around it: remove them"),
    (lambda e: e.replace('"X"', '"X\u200b"'), "source #1: source_id 'X\\u200b' is not ASCII letters and digits (with "
                                              "'.', '-' or '_' inside): the document's NOR, e.g. IMIN0800012C"),
    (lambda e: e.replace('"X"', '"\uff38"'), "source #1: source_id 'Ｘ' is not ASCII letters and digits (with '.', "
                                             "'-' or '_' inside): the document's NOR, e.g. IMIN0800012C"),
    (lambda e: e.replace('"X"', '"A.b-c_1"'), None),
    (lambda e: e + 'license = "CC"\n', "source #1: unknown field 'license' (the fields are source_id, kind, title, "
                                        "date, file, format, sha256, provenance, licence, encoding)"),
    (lambda e: 'note = "x"\n' + e, "unknown table or key 'note': a manifest holds [[source]] tables only"),
    (lambda e: e + "pages = 3\n", "source #1: unknown field 'pages' (the fields are source_id, kind, title, "
                                  "date, file, format, sha256, provenance, licence, encoding)"),
])
def test_a_manifest_is_read_strictly(tmp_path, edit, said):
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    manifest(tmp_path, edit(ENTRY.format(sha=sha)))
    if said is None:
        assert len(discover(tmp_path)) == 1
    else:
        assert error(tmp_path) == f"{tmp_path / 'sources.toml'}: {said}"


def test_sources_whose_ids_differ_by_a_letter_that_is_no_digit_s_lookalike_are_two(tmp_path):
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    entry = ENTRY.format(sha=sha)
    manifest(tmp_path, entry.replace('"X"', '"IMIL0800012C"') + entry.replace('"X"', '"IMII0800012C"'))
    assert [s.source_id for s in discover(tmp_path)] == ["IMIL0800012C", "IMII0800012C"]


def test_a_manifest_with_a_byte_order_mark_or_decomposed_accents_is_read_as_written_plainly(tmp_path):
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    body = ENTRY.format(sha=sha).replace('title = "t"', 'title = "Circulaire du 7 janvier 2008 (Légifrance)"')
    (tmp_path / "sources.toml").write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", body).encode("utf-8"))
    [source] = discover(tmp_path)
    assert source.title == "Circulaire du 7 janvier 2008 (Légifrance)" and unicodedata.is_normalized("NFC", source.title)


def test_a_checksum_in_capitals_is_refused_as_such(tmp_path):
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    manifest(tmp_path, ENTRY.format(sha=sha.upper()))
    assert error(tmp_path) == (f"{tmp_path / 'sources.toml'}: source #1: sha256 '{sha.upper()}' is not 64 lower-case "
                               "hexadecimal digits (`sha256sum FILE` prints them)")


def test_checksum(tmp_path):
    manifest(tmp_path, ENTRY.format(sha="0" * 64))
    assert error(tmp_path, ChecksumError).startswith(f"{tmp_path / 'a.txt'}:1: sha256 is ")


@pytest.mark.parametrize("data, lines, encoding", [
    (b"a\nb\n", ["a", "b"], "utf-8"),
    (b"\xef\xbb\xbfa\r\nb\r\n", ["a", "b"], "utf-8"),
    (b"a\rb", ["a", "b"], "utf-8"),
    ("métiers\n".encode("cp1252"), ["métiers"], "windows-1252"),
    ("« salarié »\n".encode("latin-1"), ["« salarié »"], "windows-1252"),
])
def test_decoding(tmp_path, data, lines, encoding):
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    text = read_text(path)
    assert (text.lines, text.encoding) == (lines, encoding)


def test_undecodable_and_binary(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"ok\n\x81\x8d\n")
    with pytest.raises(InputError, match=r":2: byte 0x81 at line 2, column 1 is neither UTF-8 nor Windows-1252 text: declare"):
        read_text(path)
    path.write_bytes(b"ok\nok\n\x00")
    with pytest.raises(InputError) as binary:
        read_text(path)
    assert str(binary.value) == \
        f"{path}:3: control character 0x00: not a text file: give the source's text (UTF-8) or its PDF"


@pytest.mark.parametrize(("content", "declared", "said"), [
    (b"ANNEXE\n", "pdf", "format is pdf, but a.txt is not a PDF: correct its format"),
    (b"%PDF-1.4\n%%EOF\n", "text", "format is text, but a.txt is a PDF: correct its format"),
])
def test_a_source_of_another_format_than_declared_is_refused(tmp_path, content, declared, said):
    (tmp_path / "a.txt").write_bytes(content)
    (tmp_path / "sources.toml").write_text(ENTRY.format(sha=sha256_of(tmp_path / "a.txt")).replace(
        'format = "text"', f'format = "{declared}"'), encoding="utf-8")
    assert error(tmp_path) == f"{tmp_path / 'sources.toml'}: source #1: {said}"


def test_a_manifest_given_as_a_source_is_refused(tmp_path):
    manifest(tmp_path, "")
    with pytest.raises(InputError) as refused:
        discover(tmp_path / "sources.toml")
    assert str(refused.value) == f"{tmp_path / 'sources.toml'}: a manifest: give the folder that holds it (--raw {tmp_path})"


def test_a_manifest_entry_gives_every_field(tmp_path):
    # A TOML date (unquoted) is a date as text; the optional fields default to empty, the encoding to none.
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    full = ENTRY.format(sha=sha).replace('date = "2008-01-07"', "date = 2008-01-07") + (
        'provenance = "Légifrance"\nlicence = "Licence Ouverte"\nencoding = "windows-1252"\n')
    manifest(tmp_path, full)
    [source] = discover(tmp_path)
    assert (source.source_id, source.kind, source.format, source.title, source.date, source.provenance,
            source.licence, source.encoding) == ("X", "circulaire", "text", "t", "2008-01-07", "Légifrance",
                                                 "Licence Ouverte", "windows-1252")
    manifest(tmp_path, ENTRY.format(sha=sha))
    [source] = discover(tmp_path)
    assert (source.provenance, source.licence, source.encoding) == ("", "", None)


@pytest.mark.parametrize(("edit", "said"), [
    (lambda e: e.replace('"circulaire"', '"loi"'),
     "source #1: kind must be one of ('circulaire', 'arrete'), format one of ('text', 'pdf')"),
    (lambda e: e + 'encoding = "klingon"\n', "source #1: unknown encoding 'klingon' (e.g. utf-8, windows-1252)"),
    (lambda e: e.replace('"2008-01-07"', '"2008-02-30"'), "source #1: date '2008-02-30' is not a date YYYY-MM-DD"),
    (lambda e: e.replace('title = "t"', "title = 1").replace('file = "a.txt"', "file = 2"),
     "source #1: title, file must be text (in quotes)"),
])
def test_a_manifest_entry_s_errors_are_named_whole(tmp_path, edit, said):
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    manifest(tmp_path, edit(ENTRY.format(sha=sha)))
    assert error(tmp_path) == f"{tmp_path / 'sources.toml'}: {said}"


def test_a_manifest_not_in_utf_8_is_refused_at_its_line(tmp_path):
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    (tmp_path / "sources.toml").write_bytes(ENTRY.format(sha=sha).replace('"t"', '"Légifrance"').encode("cp1252"))
    assert error(tmp_path) == f"{tmp_path / 'sources.toml'}:4: manifest is not UTF-8 (byte 0xE9): save it as UTF-8"


@pytest.mark.parametrize(("before", "pdf"), [(1019, True), (1020, False)])
def test_a_pdf_s_header_is_looked_for_in_the_first_kilobyte(tmp_path, before, pdf):
    # '%PDF-' at byte 1019 ends in the first 1024 bytes: a PDF, declared text; at 1020 it does not: text
    (tmp_path / "a.txt").write_text("x" * before + "%PDF-1.4\nANNEXE\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text(ENTRY.format(sha=sha256_of(tmp_path / "a.txt")), encoding="utf-8")
    if pdf:
        assert error(tmp_path).endswith("source #1: format is text, but a.txt is a PDF: correct its format")
    else:
        assert [s.format for s in discover(tmp_path)] == ["text"]


@pytest.mark.parametrize(("body", "said"), [
    ("", "manifest lists no [[source]]"), ("source = [1]\n", "'source' must be a list of [[source]] tables"),
    ("source = 1\n", "'source' must be a list of [[source]] tables"),
])
def test_a_manifest_lists_its_sources_as_source_tables(tmp_path, body, said):
    manifest(tmp_path, body)
    assert error(tmp_path) == f"{tmp_path / 'sources.toml'}: {said}"


def test_a_source_listed_twice_in_inline_tables_is_named_without_a_line(tmp_path):
    sha = sha256_of(manifest(tmp_path, "") / "a.txt")
    entry = ('{source_id = "X", kind = "circulaire", title = "t", date = "2008-01-07", file = "a.txt", '
             f'format = "text", sha256 = "{sha}"}}')
    manifest(tmp_path, f"source = [{entry}, {entry}]\n")
    assert error(tmp_path) == f"{tmp_path / 'sources.toml'}: source_id listed twice: X: keep one entry a source"


@pytest.mark.parametrize(("data", "offset", "at"), [(b"abc", 1, (1, 2)), (b"a\nbc", 3, (2, 2)), (b"\nab", 2, (2, 2))])
def test_a_byte_s_line_and_column(data, offset, at):
    assert position(data, offset) == at


def test_a_source_is_a_file_that_exists_is_not_empty_and_is_within_the_size_limit(tmp_path, monkeypatch):
    with pytest.raises(InputError) as missing:
        discover(tmp_path / "nowhere.txt")
    assert str(missing.value) == \
        f"{tmp_path / 'nowhere.txt'}: no such file or folder: give a manifest folder or one source file (--raw)"
    path = tmp_path / "a.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as empty:
        discover(path)
    assert str(empty.value) == f"{path}: file is empty: give the source's text or PDF"
    monkeypatch.setattr("pipeline.extract.sources.MAX_SOURCE_BYTES", 7)
    path.write_bytes(b"ANNEXE\n")  # exactly the limit
    assert [s.path for s in discover(path)] == [path]
    path.write_bytes(b"ANNEXE\n\n")
    with pytest.raises(LimitError) as large:
        discover(path)
    assert str(large.value) == f"{path}: file is 8 bytes, over the limit MAX_SOURCE_BYTES=7: {LimitError.HELP}"
    scan = tmp_path / "a.PDF"  # a PDF has a limit of its own, a scan's
    scan.write_bytes(b"%PDF-1.7\n")
    assert [s.path for s in discover(scan)] == [scan]
    monkeypatch.setattr("pipeline.extract.sources.MAX_PDF_BYTES", 8)
    with pytest.raises(LimitError) as large:
        discover(scan)
    assert str(large.value) == f"{scan}: file is 9 bytes, over the limit MAX_PDF_BYTES=8: {LimitError.HELP}"


@pytest.mark.parametrize(("text", "lines"), [("", [""]), ("a\n", ["a"]), ("a\r\nb\rc\n\n", ["a", "b", "c", ""]),
                                             ("\n", [""])])
def test_lines_without_their_ends_and_no_line_after_the_last_end(text, lines):
    assert split_lines(text) == lines
