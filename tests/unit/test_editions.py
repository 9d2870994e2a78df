"""The editions' manifest and readers: raw files as received, encodings and line ends declared and enforced,
annexes read into printed lists and rows (each count below is checked against the raw file's lines)."""
import dataclasses
import shutil

import pytest

from pipeline.core.errors import ChecksumError, InputError
from pipeline.core.hashing import sha256
from pipeline.extract import annexes, editions, references
from tests.helpers import RAW

FILES = editions.load(RAW)


def test_every_raw_edition_file_is_in_the_manifest_with_its_sha256():
    on_disk = {p.relative_to(RAW / "editions").as_posix() for p in (RAW / "editions").rglob("*")
               if p.is_file() and p.name != "sources.toml"}
    assert on_disk == {f.file for f in FILES.values()}
    assert all(sha256(f.path) == f.sha256 for f in FILES.values())
    dares = FILES["DARES-FAP2009-ROME@b61ffd2e/fap_rome"]
    assert (dares.encoding, dares.line_ends, dares.repository, dares.commit) == (
        "windows-1252", "lf", "StatDares/PortraitStatMetiers", "b61ffd2eced0f7be42bdd15fd526953b529c3921")
    assert FILES["geohisto-regions@65e6f304/regions"].line_ends == "crlf"


def test_a_reader_refuses_another_encoding_or_line_end_than_its_own(tmp_path):
    dares = FILES["DARES-FAP2009-ROME@b61ffd2e/fap_rome"]
    with pytest.raises(InputError, match="reads utf-8 with lf line ends only"):
        annexes.parse_annex(dares)
    utf8 = tmp_path / "fap.csv"
    utf8.write_bytes(dares.path.read_bytes().decode("cp1252").encode("utf-8"))
    with pytest.raises(InputError, match="declared windows-1252, but the file is UTF-8"):
        references.dares(dataclasses.replace(dares, path=utf8))
    regions = FILES["geohisto-regions@65e6f304/regions"]
    lf = tmp_path / "regions.csv"
    lf.write_bytes(regions.path.read_bytes().replace(b"\r\n", b"\n"))
    with pytest.raises(InputError, match="line ends are not crlf"):
        references.geohisto(dataclasses.replace(regions, path=lf))


def test_a_changed_raw_file_is_refused(tmp_path):
    shutil.copytree(RAW / "editions", tmp_path / "editions")
    annex = tmp_path / "editions" / "ETSD1120263A-2011-08-11" / "annexe" / "article-.md"
    annex.chmod(0o644)
    annex.write_bytes(annex.read_bytes() + b"\n")
    with pytest.raises(ChecksumError):
        editions.load(tmp_path)


def test_the_annexes_as_printed():
    list_2011 = annexes.parse_annex(FILES["ETSD1120263A@0e0c3654/annex"])
    assert (list_2011.stated_count, len(list_2011.rows)) == (None, 14)
    assert list_2011.rows[0]["line"] == 5  # "Cadre de l'audit et du contrôle comptable."
    list_150 = annexes.parse_annex(FILES["IMID0800327A@793f6c58/annex"])
    assert (list_150.title_line, list_150.stated_count, len(list_150.rows)) == (5, 150, 150)  # line 5: LISTE DES 150
    assert list_150.rows[0] == {"line": 9, "position": 1, "heading": "Bâtiment et travaux publics",
                                "label_as_printed": "Assistant des travaux publics et du gros oeuvre."}
    assert len(list_150.headings) == 18
    assert any(h.endswith("graphiques (industries légères)") for _, h in list_150.headings)
    list_291 = annexes.parse_annex(FILES["IMID0800327A@ec7f7b3a/annex"])
    assert (list_291.stated_count, len(list_291.rows), list_291.rows[-1]["line"]) == (291, 291, 585)


def test_article_1_names_the_states():
    assert annexes.states_named(FILES["IMID0800327A@ec7f7b3a/article-1"]) == (["BG", "RO"], 3)
    assert annexes.states_named(FILES["IMID0800327A@6525003d/article-1"]) == (["BG", "RO", "HR"], 3)
    assert len(annexes.states_named(FILES["IMID0800327A@793f6c58/article-1"])[0]) == 10


def test_dares_rows_marks_and_empty_lines():
    rows, empty = references.dares(FILES["DARES-FAP2009-ROME@b61ffd2e/fap_rome"])
    assert (len(rows), empty) == (765, 3)
    assert sum(r["rome_v3_code"] is None for r in rows) == 16
    marked = {r["source_line"]: (r["rome_v3_code"], r["title"], r["mark"]) for r in rows if r["mark"]}
    assert len(marked) == 13
    assert marked[22] == ("F1101", "Architecture du BTP", "*")  # line 22: A1Z41;F1101;Architecture du BTP*
    assert marked[123] == ("H1207", "Rédaction technique", "**")  # line 123: C2Z70;H1207;Rédaction technique **


def test_the_intermediate_layer_of_the_editions():
    parsed = [annexes.parse_annex(FILES[k]) for k in ("ETSD1120263A@0e0c3654/annex", "IMID0800327A@793f6c58/annex")]
    lists, rows = annexes.layer(parsed, FILES)
    assert [(x["text_id"], x["version"], x["stated_count"], x["listed_count"], x["headings"]) for x in lists] == [
        ("ETSD1120263A", "0e0c3654", None, 14, 0), ("IMID0800327A", "793f6c58", 150, 150, 18)]
    assert len(rows) == 164 and rows[14]["heading"] == "Bâtiment et travaux publics"


@pytest.mark.parametrize(("change", "said"), [
    (lambda t: t.replace('part = "annex"', 'part = "annex"\nlicense = "x"', 1), "unknown field"),
    (lambda t: t.replace('encoding = "windows-1252"', 'encoding = "latin-1"', 1), "encoding must be one of"),
    (lambda t: t.replace('file = "dares/fap225_rome.csv"', 'file = "../sources.toml"', 1), "without '..'"),
])
def test_a_malformed_editions_manifest_is_refused(tmp_path, change, said):
    shutil.copytree(RAW / "editions", tmp_path / "editions")
    manifest = tmp_path / "editions" / "sources.toml"
    manifest.chmod(0o644)
    manifest.write_text(change(manifest.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InputError, match=said):
        editions.load(tmp_path)
