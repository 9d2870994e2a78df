"""The pipeline against the hand-verified facts of tests/facts.toml; and each fact against the line it cites."""
import re
from collections import Counter

import pytest

from tests.helpers import FACTS, ROOT, read_table

SOURCES = {kind: FACTS[kind]["source_id"] for kind in ("circular", "arrete")}
LINES = {kind: (ROOT / FACTS[kind]["file"]).read_text(encoding="utf-8").split("\n") for kind in SOURCES}
CODE_ROW = re.compile(r"[0-9]{5}\t.+")


def line(kind: str, number: int) -> str:
    return LINES[kind][number - 1].rstrip()


def printed_row(kind: str, code: str, label: str) -> str:
    """A row as the source prints it: code, tab, label in the circular; the label and a full stop in the arrêté."""
    return f"{code}\t{label}" if kind == "circular" else f"{label}."


# The facts, each against the line of the source it cites.

@pytest.mark.parametrize("kind", SOURCES)
def test_each_list_is_where_the_facts_say(kind):
    is_row = CODE_ROW.fullmatch if kind == "circular" else (lambda text: text.endswith("."))
    for region in FACTS[kind]["regions"]:
        assert line(kind, region["line"]) == region["printed"], region
        if "stated" in region:
            assert line(kind, region["stated_line"]) == f"CODE ROME\t{region['stated']} métiers", region
        first, last = region["rows"]
        printed = [line(kind, n) for n in range(first, last + 1) if line(kind, n)]
        assert len(printed) == region["listed"] and all(map(is_row, printed)), region
        after = [line(kind, n) for n in range(last + 1, len(LINES[kind]) + 1) if line(kind, n)][:1]
        assert not any(map(is_row, after)), f"{region}: the list goes on after line {last}"
    assert sorted(r["region"] for r in FACTS[kind]["regions"]) == sorted(
        {r.split(",")[0] for r in (ROOT / "raw" / "reference" / "regions.csv").read_text("utf-8").split("\n")[1:] if r})


def test_the_nationwide_list_and_the_metadata_of_the_circular():
    circular = FACTS["circular"]
    first, last = circular["national"]["rows"]
    assert [line("circular", n).split("\t")[0] for n in range(first, last + 1)] == circular["national"]["codes"]
    heading = line("circular", circular["national"]["heading_line"])
    assert heading.startswith("Liste des métiers ouverts dans l'ensemble")
    assert circular["nor"]["printed"] in line("circular", circular["nor"]["line"])
    assert line("circular", circular["date"]["line"]) == circular["date"]["printed"]
    national = re.compile(rf"({'|'.join(circular['national']['codes'])})\t")
    assert sum(bool(national.match(text)) for text in LINES["circular"]) - 6 == circular["national_repeated"]
    for single in circular["single_region"]:
        assert [n for n, text in enumerate(LINES["circular"], 1) if text.startswith(single["code"] + "\t")] == \
            [single["line"]]


def test_the_correction_and_the_label_variants_are_printed_where_cited():
    fix = FACTS["correction"]
    assert line("circular", fix["line"]) == f"{fix['printed']}\t{fix['label']}"
    assert {line("circular", n) for n in fix["elsewhere"]} == {f"{fix['corrected']}\t{fix['label']}"}
    for variant in FACTS["label_variant"]:
        kind, code = variant["source"], variant["code"]
        for label in variant["labels"]:
            for n in label["lines"]:
                expected = printed_row(kind, fix["printed"] if n == fix["line"] else code, label["label"])
                assert line(kind, n) == expected, (variant["code"], n)
        sizes = [len(label["lines"]) for label in variant["labels"]]
        assert sizes == sorted(sizes, reverse=True), f"{code}: the most printed label first"
    for name in FACTS["region_name_variants"]:
        assert line(name["source"], name["line"]) == name["printed"]


def test_each_difference_is_printed_in_its_region_only_by_one_source():
    ranges = {(kind, r["region"]): range(r["rows"][0], r["rows"][1] + 1) for kind in SOURCES
              for r in FACTS[kind]["regions"]}
    for diff in FACTS["differences"]:
        assert diff["line"] in ranges[(diff["in"], diff["region"])], diff
        if diff["in"] == "circular":
            assert line("circular", diff["line"]).startswith(diff["code"] + "\t"), diff
    assert len(FACTS["differences"]) == 14


# The pipeline against the facts.

def test_regions_stated_and_listed_counts(real_build):
    regions = read_table(real_build, "regions")
    for kind, source_id in SOURCES.items():
        got = {r.region_code: (r.region_name_as_printed, r.source_line, r.stated_count, r.stated_count_line,
                               r.listed_count) for r in regions[regions.source_id == source_id].itertuples()}
        assert got == {r["region"]: (r["printed"], str(r["line"]), str(r.get("stated", "")),
                                     str(r.get("stated_line", "")), str(r["listed"])) for r in FACTS[kind]["regions"]}
    listings = read_table(real_build, "listings")
    national = listings[(listings.source_id == SOURCES["circular"]) & (listings.list_scope == "national")]
    assert national.rome_code.tolist() == FACTS["circular"]["national"]["codes"]


def test_the_corrected_code(real_build):
    fix = FACTS["correction"]
    listings = read_table(real_build, "listings")
    changed = listings[listings.rome_code_as_printed.ne(listings.rome_code) & listings.rome_code_as_printed.ne("")]
    assert changed[["source_id", "source_line", "region_code", "rome_code_as_printed", "rome_code"]].values.tolist() \
        == [[SOURCES[fix["source"]], str(fix["line"]), fix["region"], fix["printed"], fix["corrected"]]]
    assert fix["printed"] not in set(read_table(real_build, "occupations").rome_code)


def test_label_variants_and_canonical_labels(real_build):
    occupations = read_table(real_build, "occupations")
    variants = occupations[occupations.label_variant_count != "1"]
    got = {(r.source_id, r.rome_code): (r.label, set(r.label_variants.split("|"))) for r in variants.itertuples()}
    assert got == {(SOURCES[v["source"]], v["code"]): (v["labels"][0]["label"], {lab["label"] for lab in v["labels"]})
                   for v in FACTS["label_variant"]}


def test_region_names_as_printed_and_official(real_build):
    regions = read_table(real_build, "regions")
    renamed = regions[regions.region_name != regions.region_name_as_printed]
    assert sorted(renamed[["source_id", "source_line", "region_name_as_printed", "region_name", "region_code"]]
                  .values.tolist()) == sorted([SOURCES[v["source"]], str(v["line"]), v["printed"], v["official"],
                                               v["region"]] for v in FACTS["region_name_variants"])


def test_the_differences_between_the_sources(real_build):
    diff = read_table(real_build, "source_differences")
    got = {(r.region_code, r.rome_code, r.in_a, r.in_b) for r in diff.itertuples()}
    assert got == {(d["region"], d["code"], str(d["in"] == "circular").lower(), str(d["in"] == "arrete").lower())
                   for d in FACTS["differences"]}
    assert set(diff.source_id_a) == {SOURCES["circular"]} and set(diff.source_id_b) == {SOURCES["arrete"]}
    findings = read_table(real_build, "findings")
    found = findings[findings.check == "source_difference"]
    assert sorted(zip(found.source_id, found.region_code, found.rome_code, found.source_line)) == sorted(
        (SOURCES[d["in"]], d["region"], d["code"], str(d["line"])) for d in FACTS["differences"])


def test_findings_per_source_check_and_status(real_build):
    findings = read_table(real_build, "findings")
    assert Counter(zip(findings.source_id, findings.check, findings.status)) == {
        (SOURCES[f["source"]], f["check"], f["status"]): f["count"] for f in FACTS["findings"]}


def test_findings_point_at_the_lines_of_the_facts(real_build):
    findings = read_table(real_build, "findings")
    circ = findings[findings.source_id == SOURCES["circular"]]
    at = {(r.check, r.status, r.region_code, r.rome_code, r.source_line) for r in circ.itertuples()
          if r.check not in ("national_repeated", "source_difference", "label_variant", "region_name_variant")}
    fix, mismatch = FACTS["correction"], [r for r in FACTS["circular"]["regions"] if r["stated"] != r["listed"]]
    assert at == {("count_mismatch", "acknowledged", r["region"], "", str(r["stated_line"])) for r in mismatch} | \
        {(check, "corrected", fix["region"], fix["printed"], str(fix["line"]))
         for check in ("code_label_conflict", "out_of_order", "single_region")} | \
        {("single_region", "open", r["region"], r["code"], str(r["line"])) for r in FACTS["circular"]["single_region"]}
    assert not ((findings.severity == "error") & (findings.status == "open")).any()
