"""Stage 2: from printed lists and rows to the normalized tables.

Region names are resolved against the region reference (through the curated corrections where the
printed name is not the official one), printed codes are corrected where a curated correction says
so, and each ROME code gets its canonical label: the label printed most often for it in its source,
ties going to the label printed first.
"""
import pandas as pd

from pipeline.core.text import edits, label_text, region_key
from pipeline.transform.readings import read_surely

SEP = "|"


def corrections_for(corrections: pd.DataFrame, field: str) -> pd.DataFrame:
    return corrections[corrections.field == field]


def printed_keys(names: pd.Series) -> pd.Series:
    """Region names as printed, compared as a heading is (pipeline.core.text.region_key): a correction curated for
    'Ile de France' applies where OCR read 'lle de France'. No region (the nationwide list): ''."""
    keys = {name: region_key(name) for name in set(names) if isinstance(name, str)}  # a few names, many rows
    return names.map(lambda n: keys[n] if isinstance(n, str) else "")


def resolve_regions(lists: pd.DataFrame, regions: pd.DataFrame, corrections: pd.DataFrame,
                    read_by_ocr: frozenset = frozenset()) -> pd.DataFrame:
    """Add region_name_corrected (after curated corrections), region_code and region_name (official), and
    region_evidence: for a heading of a source `read_by_ocr` that names no region, the region whose name it is
    clearly nearest (`nearest_region`), and why."""
    fixes = corrections_for(corrections, "region_name")[["source_id", "printed_value", "corrected_value"]]
    out = lists.assign(printed_key=printed_keys(lists.region_name_as_printed)).merge(
        fixes.assign(printed_key=printed_keys(fixes.printed_value)).drop(columns="printed_value"), how="left",
        on=["source_id", "printed_key"]).drop(columns="printed_key")
    out["region_name_corrected"] = out.corrected_value.fillna(out.region_name_as_printed)
    official = regions.assign(key=regions.region_name.map(region_key))[["key", "region_code", "region_name"]]
    keys = out.region_name_corrected.map(lambda n: region_key(n) if isinstance(n, str) else None)
    out = out.assign(key=keys).merge(official, how="left", on="key").drop(columns=["key", "corrected_value"])
    out["region_evidence"] = ""
    official_names = list(zip(official.region_name, official.region_code, official.region_name))
    unnamed = (out.list_scope == "regional") & out.region_code.isna() & out.source_id.isin(read_by_ocr)
    for index, row in out[unnamed & out.region_name_corrected.notna()].iterrows():
        mine = fixes[fixes.source_id == row.source_id]
        curated = [(printed, *found) for printed, corrected in zip(mine.printed_value, mine.corrected_value)
                   for found in official[official.key == region_key(corrected)][["region_code", "region_name"]]
                   .itertuples(index=False)]
        found = nearest_region(row.region_name_corrected, official_names + curated)
        if found:
            out.loc[index, ["region_code", "region_name", "region_evidence"]] = found
    return out


def nearest_region(name: str, names: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The region (code, official name, and why) whose name, or a name curated for it in the source (`names`: name,
    region code, official name), a heading OCR read as no region's is clearly nearest, compared as headings are
    (`region_key`): every other region's names are more than twice as far from it (the nearest two names of 2008,
    Basse- and Haute-Normandie, are 3 apart)."""
    read = region_key(name)
    apart: dict[tuple[str, str], tuple[int, str]] = {}
    for listed, code, official in names:
        far = edits(read, region_key(listed), len(read) + len(listed))
        apart[(code, official)] = min(apart.get((code, official), (far, listed)), (far, listed))
    if not apart:
        return None
    (code, official), (far, listed) = min(apart.items(), key=lambda item: (item[1][0], item[0]))
    if any(other <= 2 * far for region, (other, _) in apart.items() if region != (code, official)):
        return None
    named = "" if listed == official else f", a name curated for {official} in this source"
    return code, official, (f"read '{name}' where a region's heading is printed: taken as {official}, {far} "
                            f"character(s) from '{listed}'{named} (compared as headings are: case, accents, "
                            f"spaces and marks aside, l, I and 1 alike, O and 0 alike), every other region's name "
                            f"{2 * far + 1} or more")


def correct_codes(rows: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    """Add rome_code: the printed code, or the curated correction of it (column `corrected` says which)."""
    fixes = corrections_for(corrections, "rome_code")[["source_id", "region", "printed_value", "corrected_value"]]
    out = rows.assign(region=printed_keys(rows.region_name_as_printed)).merge(
        fixes.assign(region=printed_keys(fixes.region)), how="left", left_on=["source_id", "region", "rome_code_as_printed"],
        right_on=["source_id", "region", "printed_value"]).drop(columns=["region", "printed_value"])
    out["corrected"] = out.corrected_value.notna()
    out["rome_code"] = out.corrected_value.fillna(out.rome_code_as_printed)
    return out.drop(columns="corrected_value")


def correction_notes(corrections: pd.DataFrame, lists: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    """Say which curated corrections of the sources built were applied (and where), and warn on those that
    matched nothing."""
    named = lists.assign(key=printed_keys(lists.region_name_as_printed), field="region_name")
    coded = rows[rows.corrected].rename(columns={"rome_code_as_printed": "printed_value"}).assign(
        field="rome_code", region=printed_keys(rows.region_name_as_printed))
    fixes = corrections.reset_index(names="fix")
    fixes = fixes[fixes.source_id.isin(lists.source_id)]
    names = fixes[fixes.field == "region_name"]
    hits = pd.concat([
        names.assign(key=printed_keys(names.printed_value)).merge(named, on=["source_id", "field", "key"]),
        fixes[fixes.field == "rome_code"].assign(region=lambda f: printed_keys(f.region))
        .merge(coded, on=["source_id", "field", "region", "printed_value"]),
    ])
    lines = hits.groupby("fix").source_line.agg(lambda s: ", ".join(str(n) for n in s.dropna()))
    return [f"correction applied: {f.source_id} {f.field} '{f.printed_value}' -> '{f.corrected_value}' "
            f"(source line {lines[f.fix]})" if f.fix in lines.index else
            f"warning: correction matched nothing: {f.source_id} {f.field} '{f.printed_value}' "
            f"(corrections.csv line {f.line})" for f in fixes.itertuples()]


def canonical_labels(rows: pd.DataFrame) -> pd.DataFrame:
    """Per source and code: the canonical label and the distinct printed labels, most printed first.
    A label OCR read with low confidence counts only for a code no row of which was read with confidence."""
    coded = rows[rows.rome_code.notna()].assign(text=rows.label_as_printed.map(label_text))
    trusted = read_surely(coded)
    voting = trusted | ~coded.assign(t=trusted).groupby(["source_id", "rome_code"]).t.transform("any")
    counts = (coded.assign(vote=voting).groupby(["source_id", "rome_code", "text"], sort=False)
              .agg(n=("text", "size"), votes=("vote", "sum"), first=("seq", "min")).reset_index())
    order = ["source_id", "rome_code", "n", "first"]
    variants = (counts.sort_values(order, ascending=[True, True, False, True])
                .groupby(["source_id", "rome_code"], sort=False)
                .agg(label_variants=("text", SEP.join), label_variant_count=("text", "size")))
    label = (counts[counts.votes > 0].sort_values(["source_id", "rome_code", "votes", "first"],
                                                  ascending=[True, True, False, True])
             .groupby(["source_id", "rome_code"], sort=False).text.first().rename("label"))
    return variants.join(label).reset_index()[["source_id", "rome_code", "label", "label_variants",
                                               "label_variant_count"]]


def listings(rows: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    out = rows.merge(labels[["source_id", "rome_code", "label"]], how="left", on=["source_id", "rome_code"])
    out["list_order"] = (out.list_scope == "regional").astype(int)
    out = out.sort_values(["source_id", "list_order", "region_code", "position"], na_position="first")
    return out[["source_id", "list_scope", "region_code", "position", "rome_code_as_printed", "rome_code",
                "label_as_printed", "label", "source_line", "source_page", "region_name_as_printed",
                "list_index"]].reset_index(drop=True)


def openings(rows: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Region × occupation where open: on the nationwide list (every region) or on the region's list."""
    coded = rows[rows.rome_code.notna()]
    national = coded[coded.list_scope == "national"][["source_id", "rome_code"]].drop_duplicates()
    national = national.merge(regions[["region_code"]], how="cross").assign(national=True)
    regional = coded[(coded.list_scope == "regional") & coded.region_code.notna()]
    regional = regional[["source_id", "region_code", "rome_code"]].drop_duplicates().assign(regional=True)
    out = national.merge(regional, how="outer", on=["source_id", "region_code", "rome_code"])
    both = out.national.notna() & out.regional.notna()
    out["basis"] = out.national.notna().map({True: "national", False: "regional"}).where(~both, "both")
    return (out[["source_id", "region_code", "rome_code", "basis"]]
            .sort_values(["source_id", "region_code", "rome_code"]).reset_index(drop=True))


def region_table(lists: pd.DataFrame, rows: pd.DataFrame, opened: pd.DataFrame,
                 regions: pd.DataFrame) -> pd.DataFrame:
    regional = lists[(lists.list_scope == "regional") & lists.region_code.notna()]
    listed = rows.groupby(["source_id", "list_index"]).size().rename("listed")
    regional = regional.join(listed, on=["source_id", "list_index"])
    out = (regional.assign(listed=regional.listed.fillna(0).astype(int))
           .groupby(["source_id", "region_code"], sort=False)
           .agg(region_name_as_printed=("region_name_as_printed", "first"),
                stated_count=("stated_count", "first"), listed_count=("listed", "sum"),
                source_line=("source_line", "first"), stated_count_line=("stated_line", "first"))
           .reset_index())
    open_count = opened.groupby(["source_id", "region_code"]).size().rename("open_count").reset_index()
    out = out.merge(open_count, how="left", on=["source_id", "region_code"])
    out["open_count"] = out.open_count.fillna(0).astype(int)
    ref = regions[["region_code", "region_name", "region_2016_code", "region_2016_name"]]
    out = out.merge(ref, how="left", on="region_code")
    return (out[["source_id", "region_code", "region_name", "region_name_as_printed", "stated_count",
                 "listed_count", "open_count", "region_2016_code", "region_2016_name", "source_line",
                 "stated_count_line"]]
            .sort_values(["source_id", "region_code"]).reset_index(drop=True))


def occupation_table(rows: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    coded = rows[rows.rome_code.notna()]
    national = coded[coded.list_scope == "national"].groupby(["source_id", "rome_code"]).size().rename("nat")
    regional = (coded[(coded.list_scope == "regional") & coded.region_code.notna()]
                [["source_id", "rome_code", "region_code"]].drop_duplicates()
                .sort_values(["source_id", "rome_code", "region_code"])
                .groupby(["source_id", "rome_code"]).region_code.agg(SEP.join).rename("regions_listing"))
    out = labels.set_index(["source_id", "rome_code"]).join(national).join(regional).reset_index()
    out["in_national_list"] = out.nat.notna()
    out["regions_listing"] = out.regions_listing.fillna("")
    return (out[["source_id", "rome_code", "label", "label_variants", "in_national_list", "regions_listing",
                 "label_variant_count"]].sort_values(["source_id", "rome_code"]).reset_index(drop=True))


def assign_matches(rows: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Give rows printed without a code the code matched from their label."""
    matched = matches.set_index(["source_id", "label_as_printed"]).rome_code
    keys = pd.MultiIndex.from_frame(rows[["source_id", "label_as_printed"]])
    found = pd.Series(matched.reindex(keys).values, index=rows.index) if len(matched) else pd.Series(
        pd.NA, index=rows.index, dtype="object")
    return rows.assign(rome_code=rows.rome_code.where(rows.rome_code_as_printed.notna(), found))


# The arrêté is the text that binds; the circular is an instruction to prefects.
BINDING_KIND = "arrete"


def openings_by_region(opened: pd.DataFrame, regions: pd.DataFrame, occupations: pd.DataFrame,
                       sources: pd.DataFrame) -> pd.DataFrame:
    """The openings with everything an application shows: whether the source binds, the region's 2008 and
    2016 names, and the occupation's canonical label in that source."""
    binding = sources.assign(binding=sources.kind == BINDING_KIND)[["source_id", "binding"]]
    out = (opened.merge(binding, on="source_id")
           .merge(regions[["source_id", "region_code", "region_name", "region_2016_code", "region_2016_name"]],
                  on=["source_id", "region_code"])
           .merge(occupations[["source_id", "rome_code", "label"]], on=["source_id", "rome_code"]))
    return (out[["source_id", "binding", "region_code", "region_name", "region_2016_code", "region_2016_name",
                 "rome_code", "label", "basis"]]
            .sort_values(["source_id", "region_code", "rome_code"]).reset_index(drop=True))


def national_first(occupations: pd.DataFrame) -> list[str]:
    """Every code of any source: those on a nationwide list first, then by code."""
    flags = occupations.groupby("rome_code").in_national_list.any()
    return sorted(flags.index, key=lambda code: (not flags[code], code))


def openings_matrix(opened: pd.DataFrame, regions: pd.DataFrame, occupations: pd.DataFrame) -> pd.DataFrame:
    """One row per source and region, one column per ROME code (nationwide ones first): the basis, or ''."""
    matrix = (opened.pivot_table(index=["source_id", "region_code"], columns="rome_code", values="basis",
                                 aggfunc="first")
              .reindex(columns=national_first(occupations)).fillna("").astype(str))
    names = regions.set_index(["source_id", "region_code"]).region_name
    matrix.insert(0, "region_name", names.reindex(matrix.index).values)
    matrix.columns.name = None
    return matrix.reset_index().sort_values(["source_id", "region_code"]).reset_index(drop=True)
