"""lookup as a person, a shell pipe and an application use it, on the real sources."""
import csv
import io
import json
import subprocess
import sys

import pytest

from pipeline.core.paths import REFERENCE, REGION_ABBREVIATIONS, ROOT
from pipeline.validate.curation import read_csv
from tests.integration.test_cli import cli, one_line_error

CIRC, ARR = "IMIN0800012C", "IMID0800328A"
# Read by hand: Limousin prints 52313 in the circular (line 478) and in the arrêté (line 541, "Installateur-
# maintenicien en ascenseurs (et autres systèmes automatiques)."), each in the region's own list.
LIMOUSIN_52313 = [(ARR, "74", "Limousin", "Nouvelle-Aquitaine", "52313", "regional"),
                  (CIRC, "74", "Limousin", "Nouvelle-Aquitaine", "52313", "regional")]


def lookup(build, *args, columns=80):
    run = cli("lookup", "--out", build, *args, env={"COLUMNS": str(columns)})
    assert run.returncode == 0, run.stderr
    return run.stdout


def rows(text):
    return [(r["source_id"], r["region_code"], r["region_name"], r["region_2016_name"], r["rome_code"], r["basis"])
            for r in csv.DictReader(io.StringIO(text))]


def test_is_52313_open_in_limousin_and_by_which_text(real_build):
    answer = rows(lookup(real_build, "--region", "Limousin", "--format", "csv"))
    assert [r for r in answer if r[4] == "52313"] == LIMOUSIN_52313


@pytest.mark.parametrize("source", ["imid0800328a", "IMID0800328A", " Imid0800328A ", "arrete", "ARRETE"])
def test_source_is_case_insensitive(real_build, source):
    answer = rows(lookup(real_build, "--region", "Limousin", "--source", source, "--format", "csv"))
    assert {r[0] for r in answer} == {ARR} and len(answer) == 23
    every = rows(lookup(real_build, "--rome", "52313", "--format", "csv"))
    assert rows(lookup(real_build, "--rome", "52313", "--source", source, "--format", "csv")) == \
        [r for r in every if r[0] == ARR]


def test_unknown_source_lists_the_known_ones(real_build):
    assert one_line_error(cli("lookup", "--out", real_build, "--region", "Limousin", "--source", "nonsense")) == \
        "unknown source 'nonsense': the sources are IMID0800328A (arrete, binding), IMIN0800012C (circulaire)"


@pytest.mark.parametrize("name, codes", [
    ("74", {"74"}), ("limousin", {"74"}), ("LIMOUSIN", {"74"}),
    ("75", {"54", "72", "74"}), ("Nouvelle Aquitaine", {"54", "72", "74"}), ("ALPC", {"54", "72", "74"}),
    ("PACA", {"93"}), ("paca", {"93"}), ("IDF", {"11"}), ("NPDC", {"31"}), ("NPdC", {"31"}),
    ("44", {"21", "41", "42"}), ("Grand Est", {"21", "41", "42"}), ("ACAL", {"21", "41", "42"}),
    ("Champagne", {"21"}), ("ile-de-france", {"11"}), ("24", {"24"}), ("Centre-Val de Loire", {"24"}),
])
def test_regions_by_2008_or_2016_code_name_or_abbreviation(real_build, name, codes):
    assert {r[1] for r in rows(lookup(real_build, "--region", name, "--format", "csv"))} == codes


@pytest.mark.parametrize("name, message", [
    ("Limosin", "no region 'Limosin' in the published data; closest: Limousin, Lorraine"),
    ("PCA", "no region 'PCA' in the published data; closest: PACA (Provence-Alpes-Côte d'Azur), "
            "NPDC (Nord-Pas-de-Calais), ALPC (Nouvelle-Aquitaine)"),
    ("７４", "no region '７４' in the published data; closest: none near it (python -m pipeline lookup --help)"),
    ("99", "no region '99' in the published data; closest: none near it (python -m pipeline lookup --help)"),
])
def test_unknown_regions(real_build, name, message):
    assert one_line_error(cli("lookup", "--out", real_build, "--region", name)) == message


@pytest.mark.parametrize("code, problem", [
    ("5231", "it has 4 digits"), ("523130", "it has 6 digits"), ("5231a", "it has characters other than digits"),
    ("５２３１３", "it has digits that are not ASCII (0-9)"), ("5231３", "it has digits that are not ASCII (0-9)"),
    ("", "it has characters other than digits"),
])
def test_a_code_that_is_not_five_ascii_digits_is_named(real_build, code, problem):
    assert one_line_error(cli("lookup", "--out", real_build, "--rome", code)) == \
        f"'{code}' is not a ROME code: a ROME (v2) code is five digits 0-9, e.g. 52313; {problem}"


def test_unknown_and_misprinted_codes(real_build):
    assert one_line_error(cli("lookup", "--out", real_build, "--rome", "52213")) == \
        "52213 is a misprint corrected in the published data (IMIN0800012C line 106 -> 52313)"
    assert one_line_error(cli("lookup", "--out", real_build, "--rome", "52314x")).startswith("'52314x' is not")
    assert one_line_error(cli("lookup", "--out", real_build, "--rome", "52316")).startswith(
        "no occupation 52316 in the published data; closest: 52314 (Inspecteur de mise en conformité), 52313 (")


def test_the_rome_answer_reads_as_an_answer(real_build):
    text = lookup(real_build, "--rome", "52313", columns=100)
    lines = text.splitlines()
    assert lines[0] == "52313  Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"
    assert text.count("Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)") == 2  # + variants
    arrete = lines.index("Arrêté du 18 janvier 2008 (IMID0800328A), the binding text: open in 17 of 22 regions")
    circular = lines.index("Circulaire du 7 janvier 2008 (IMIN0800012C), not binding: open in 17 of 22 regions")
    assert 0 < arrete < circular
    assert "74 Limousin" in " ".join(lines[arrete:circular])
    assert all(len(line) <= 100 for line in lines)


def test_a_code_one_source_does_not_print(real_build):
    text = lookup(real_build, "--rome", "52151", columns=120)
    assert "Arrêté du 18 janvier 2008 (IMID0800328A), the binding text: does not print 52151; open in no region\n" \
        in text
    assert "on the region's list (1): 31 Nord-Pas-de-Calais" in text


def test_the_region_answer_fits_the_terminal_binding_text_first(real_build):
    for width in (40, 60, 80, 200):
        text = lookup(real_build, "--region", "Limousin", columns=width)
        assert max(len(line) for line in text.splitlines()) <= width, width
    lines = lookup(real_build, "--region", "Limousin").splitlines()
    assert lines[0] == "74 Limousin (since 2016: part of 75 Nouvelle-Aquitaine)"
    assert lines[2] == "Arrêté du 18 janvier 2008 (IMID0800328A), the binding text: 23 occupations open"
    assert lines[3 + 23 + 1] == "Circulaire du 7 janvier 2008 (IMIN0800012C), not binding: 23 occupations open"
    assert "  52313  regional  Installateur-maintenicien en ascenseurs (et autres systèmes…" in lines
    assert len(lines) == 1 + 2 * (2 + 23)


def test_a_2016_region_is_one_block_per_2008_region_under_a_summary(real_build):
    lines = lookup(real_build, "--region", "Grand Est").splitlines()
    assert lines[0] == "44 Grand Est (2016) = 21 Champagne-Ardenne + 41 Lorraine + 42 Alsace"
    assert lookup(real_build, "--region", "75").splitlines()[0] == \
        "75 Nouvelle-Aquitaine (2016) = 54 Poitou-Charentes + 72 Aquitaine + 74 Limousin"
    assert [line for line in lines if line and not line.startswith(" ")][1:-1] == [
        "21 Champagne-Ardenne", "41 Lorraine", "42 Alsace"]
    assert len(lines) < 40 and max(len(line) for line in lines) <= 80


def test_plain_is_one_code_per_line_for_the_binding_text_unless_told(real_build):
    # 52151 is printed in the circular's Nord-Pas-de-Calais list only (a source_difference): the arrêté,
    # which binds, opens it nowhere
    assert lookup(real_build, "--rome", "52151", "--format", "plain") == ""
    assert lookup(real_build, "--rome", "52151", "--source", "circulaire", "--format", "plain") == "31\n"
    codes = lookup(real_build, "--region", "74", "--source", "arrete", "--format", "plain").splitlines()
    assert len(codes) == 23 and "52313" in codes and codes == sorted(codes)


def test_json_and_csv_keep_their_shape(real_build):
    answer = json.loads(lookup(real_build, "--rome", "52313", "--source", CIRC, "--format", "json"))
    assert list(answer) == ["occupation", "openings"]
    published = (real_build / "csv" / "openings_by_region.csv").read_text(encoding="utf-8").splitlines()
    assert list(answer["openings"][0]) == published[0].split(",")
    lines = lookup(real_build, "--region", "74", "--format", "csv").splitlines()
    assert lines[0] == published[0] == \
        "source_id,binding,region_code,region_name,region_2016_code,region_2016_name,rome_code,label,basis"
    assert sorted(lines[1:]) == sorted(line for line, row in zip(published[1:], csv.reader(published[1:]))
                                      if row[2] == "74")


def test_a_code_in_a_region_in_one_question(real_build):
    assert lookup(real_build, "--rome", "52313", "--region", "Limousin", columns=200) == (
        "Arrêté du 18 janvier 2008 (IMID0800328A), the binding text: 52313 in 74 Limousin: open, on the region's "
        "list\n"
        "Circulaire du 7 janvier 2008 (IMIN0800012C), not binding: 52313 in 74 Limousin: open, on the region's "
        "list\n")
    # 52151: the circular's Nord-Pas-de-Calais list only
    assert lookup(real_build, "--rome", "52151", "--region", "NPDC", columns=200).splitlines()[0].endswith(
        "52151 in 31 Nord-Pas-de-Calais: not open")
    assert rows(lookup(real_build, "--rome", "52313", "--region", "74", "--format", "csv")) == LIMOUSIN_52313


def test_help_speaks_to_users():
    run = cli("--help")
    assert run.returncode == 0
    assert run.stdout.splitlines()[2].startswith("Build, check and query the occupations open")
    assert "exception" not in run.stdout and "maintainer" not in run.stdout
    assert "--format {table,plain,csv,json}" in cli("lookup", "--help").stdout


def test_abbreviations_are_curated_with_evidence_and_name_known_regions():
    table = read_csv(REGION_ABBREVIATIONS, ("abbreviation", "region_code", "evidence"),
                     required=("abbreviation", "region_code", "evidence"))
    regions = read_csv(REFERENCE / "regions.csv", ("region_code", "region_name", "region_2016_code",
                                                   "region_2016_name", "evidence"))
    assert set(table.region_code) <= set(regions.region_code) | set(regions.region_2016_code)
    assert not table.abbreviation.str.upper().duplicated().any()


def test_lookup_and_sql_import_neither_pandas_nor_the_checks(real_build):
    """They read DuckDB and two small curated files: pandas, pandera and the check catalogue would take most of
    their time (make bench measures it). In a fresh interpreter, as a person runs them."""
    script = ("import sys; from pipeline.serve.cli import main; main(sys.argv[1:]); "
              "print(sorted(m for m in ('pandas', 'pandera', 'checks') if m in sys.modules))")
    for args in (["lookup", "--region", "PACA", "--rome", "52313"], ["sql", "-c", "SELECT 1"]):
        run = subprocess.run([sys.executable, "-c", script, *args, "--out", str(real_build)], cwd=ROOT,
                             capture_output=True, text=True)
        assert run.returncode == 0 and run.stdout.splitlines()[-1] == "[]", (args, run.stdout, run.stderr)


def test_an_abbreviation_given_twice_is_refused(real_build, tmp_path, monkeypatch):
    """Read as strictly as the build's curated files: 'paca' is PACA (abbreviations compare as region names do)."""
    path = tmp_path / "region_abbreviations.csv"
    path.write_text(REGION_ABBREVIATIONS.read_text(encoding="utf-8") + "paca,11,why\n", encoding="utf-8")
    first = next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if line.startswith("PACA,"))
    monkeypatch.setattr("pipeline.serve.lookup.REGION_ABBREVIATIONS", path)
    last = len(path.read_text(encoding="utf-8").splitlines())
    assert one_line_error(cli("lookup", "--out", real_build, "--region", "Corse")) == \
        f"{path}:{last}: abbreviation 'paca' given twice (first at line {first}): keep one"


@pytest.mark.parametrize(("line", "said"), [
    ("PACAB,093,why", "region_code '093' is no region's code of 2008 or 2016"),
    ("Alsace,11,why", "abbreviation 'Alsace' is the name of region 42: an abbreviation names no region otherwise"),
])
def test_an_abbreviation_names_a_region_by_its_code_and_is_no_region_s_name(real_build, tmp_path, monkeypatch,
                                                                             line, said):
    path = tmp_path / "region_abbreviations.csv"
    path.write_text(REGION_ABBREVIATIONS.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    monkeypatch.setattr("pipeline.serve.lookup.REGION_ABBREVIATIONS", path)
    last = len(path.read_text(encoding="utf-8").splitlines())
    assert one_line_error(cli("lookup", "--out", real_build, "--region", "Alsace")) == f"{path}:{last}: {said}"


def test_an_abbreviation_never_hides_a_name_a_source_prints(real_build, tmp_path, monkeypatch):
    # 'Champagne' is how the circular prints Champagne-Ardenne (21): an abbreviation of that spelling is not read
    path = tmp_path / "region_abbreviations.csv"
    path.write_text(REGION_ABBREVIATIONS.read_text(encoding="utf-8") + "Champagne,93,why\n", encoding="utf-8")
    monkeypatch.setattr("pipeline.serve.lookup.REGION_ABBREVIATIONS", path)
    assert {r[1] for r in rows(lookup(real_build, "--region", "Champagne", "--format", "csv"))} == {"21"}
