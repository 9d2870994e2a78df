"""The checks on the tables: the differences between sources, the labels given no code, and the contracts."""
import pandas as pd

from pipeline.core import dictionary
from pipeline.core.text import label_text
from pipeline.validate import contracts
from pipeline.validate.checks.catalogue import check


@check("warning", "{region_name}: {rome_code} '{label}' is open in {source_id}, not in {other}", reads="tables")
def source_difference(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The circular and the arrêté disagree on whether an occupation is open in a region."""
    diff = tables["source_differences"]
    diff = diff.assign(source_id=diff.source_id_a.where(diff.in_a, diff.source_id_b),
                       other=diff.source_id_b.where(diff.in_a, diff.source_id_a),
                       label=diff.label_a.where(diff.in_a, diff.label_b))
    lines = first_lines(tables["listings"])
    diff["source_line"] = [lines.get((s, r, c), lines.get((s, None, c))) for s, r, c in
                           zip(diff.source_id, diff.region_code, diff.rome_code)]
    names = tables["regions"].drop_duplicates("region_code").set_index("region_code").region_name
    return diff.assign(region_name=[names.get(r, r) for r in diff.region_code])


def first_lines(listings: pd.DataFrame) -> dict:
    """(source_id, region_code or None for the nationwide list, rome_code) -> first line printing it."""
    rows = listings.dropna(subset=["rome_code"]).drop_duplicates(["source_id", "region_code", "rome_code"])
    return {(s, None if pd.isna(r) else r, c): line for s, r, c, line in
            zip(rows.source_id, rows.region_code, rows.rome_code, rows.source_line)}


@check("error", "no ROME code for '{label}': no rule settles it; add it to checks/label_map.csv", reads="tables")
def unmatched_label(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A label printed without a code (the arrêté) that no rule nor the curated label map matches."""
    matches = tables["label_matches"]
    missing = matches[matches.rome_code.isna()]
    rows = tables["printed_rows"]
    first = rows.drop_duplicates(["source_id", "label_as_printed"]).set_index(["source_id", "label_as_printed"])
    return missing.assign(
        rome_code=None, label=missing.label_as_printed.map(label_text),
        source_line=[first.source_line.get((s, lab)) for s, lab in zip(missing.source_id, missing.label_as_printed)])


@check("error", "{table}.{column}: {value!r} fails {rule}", reads="published")
def contract(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A published table breaks its pandera contract (type, pattern, allowed value, unique key)."""
    names = [n for n in {**dictionary.tables(), **dictionary.intermediate()} if n in tables]
    return pd.concat([contracts.failures(name, tables[name]) for name in names], ignore_index=True)


# What a spreadsheet opening a CSV may run as a formula (OWASP, CSV injection): a cell starting with one of these.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
LOCATED = ("source_id", "source_id_a")  # where a row of each published table says which source it comes from


@check("error", "{value!r} starts with {lead!r}: a spreadsheet opening the CSVs would read it as a formula "
                "(in {cells})", reads="tables", facts="{value!r}")
def formula_like(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A published text cell (any table, any text column) starts with =, +, -, @, a tab or a carriage return:
    a spreadsheet may run it as a formula. One finding per source and value, naming the table columns that hold
    it; acknowledged, it is published as printed."""
    found = []
    for name, frame in tables.items():
        source = next((c for c in LOCATED if c in frame.columns), None)
        for column in frame.columns:
            values = frame[column]
            if values.dtype.kind not in "OTU" and str(values.dtype) not in ("string", "str"):
                continue
            text = values[values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_LEADS))]
            for index, value in text.items():
                line = frame.at[index, "source_line"] if "source_line" in frame.columns else None
                found.append((None if source is None else frame.at[index, source], value, f"{name}.{column}",
                              None if pd.isna(line) else int(line)))
    hits = pd.DataFrame(found, columns=["source_id", "value", "cell", "line"])
    per_value = hits.groupby(["source_id", "value"], dropna=False, sort=True).agg(
        cells=("cell", lambda cells: ", ".join(sorted(set(cells)))), source_line=("line", "min")).reset_index()
    return per_value.assign(lead=per_value.value.str[0], region_code=None, rome_code=None)
