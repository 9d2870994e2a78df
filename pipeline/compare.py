"""Stage 2c: compare a circular with an arrêté, region by region: where do the two texts disagree?"""
import pandas as pd

from pipeline.text import label_text

DIFF_COLUMNS = ["source_id_a", "source_id_b", "region_code", "rome_code", "in_a", "in_b", "label_a", "label_b"]
FINDING_COLUMNS = ["source_id", "check", "region_code", "rome_code", "source_line", "message"]


def pairs(sources: pd.DataFrame) -> list[tuple[str, str]]:
    """Each circular paired with each arrêté."""
    a = sources[sources.kind == "circulaire"].source_id
    b = sources[sources.kind == "arrete"].source_id
    return [(x, y) for x in sorted(a) for y in sorted(b)]


def differences(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per region and occupation open in one source of a pair and not in the other."""
    frames = [pair_differences(tables, a, b) for a, b in pairs(tables["sources"])]
    if not frames:
        return pd.DataFrame(columns=DIFF_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def pair_differences(tables, a: str, b: str) -> pd.DataFrame:
    opened = tables["openings"]
    key = ["region_code", "rome_code"]
    side_a = opened[opened.source_id == a][key].assign(in_a=True)
    side_b = opened[opened.source_id == b][key].assign(in_b=True)
    both = side_a.merge(side_b, how="outer", on=key)
    both = both.assign(in_a=both.in_a.notna(), in_b=both.in_b.notna())
    diff = both[both.in_a != both.in_b].assign(source_id_a=a, source_id_b=b)
    labels = tables["occupations"].set_index(["source_id", "rome_code"]).label
    diff["label_a"] = labels.reindex(pd.MultiIndex.from_arrays([[a] * len(diff), diff.rome_code])).values
    diff["label_b"] = labels.reindex(pd.MultiIndex.from_arrays([[b] * len(diff), diff.rome_code])).values
    return diff[DIFF_COLUMNS].sort_values(key).reset_index(drop=True)


def findings(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each difference as a `source_difference` finding, located where the occupation is printed."""
    diff = tables["source_differences"]
    if diff.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    diff = diff.assign(source_id=diff.source_id_a.where(diff.in_a, diff.source_id_b),
                       other=diff.source_id_b.where(diff.in_a, diff.source_id_a),
                       label=diff.label_a.where(diff.in_a, diff.label_b))
    lines = first_lines(tables["listings"])
    diff["source_line"] = [lines.get((s, r, c), lines.get((s, None, c))) for s, r, c in
                           zip(diff.source_id, diff.region_code, diff.rome_code)]
    names = tables["regions"].drop_duplicates("region_code").set_index("region_code").region_name
    diff["message"] = [f"{names.get(r, r)}: {c} '{lab}' is open in {s}, not in {o}" for r, c, lab, s, o in
                       zip(diff.region_code, diff.rome_code, diff.label, diff.source_id, diff.other)]
    return diff.assign(check="source_difference")[FINDING_COLUMNS]


def first_lines(listings: pd.DataFrame) -> dict:
    """(source_id, region_code or None for the nationwide list, rome_code) -> first line printing it."""
    rows = listings.dropna(subset=["rome_code"]).drop_duplicates(["source_id", "region_code", "rome_code"])
    return {(s, None if pd.isna(r) else r, c): line for s, r, c, line in
            zip(rows.source_id, rows.region_code, rows.rome_code, rows.source_line)}


def unmatched(matches: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Each label given no code, as an `unmatched_label` finding at its first row."""
    missing = matches[matches.rome_code.isna()]
    first = rows.drop_duplicates(["source_id", "label_as_printed"]).set_index(["source_id", "label_as_printed"])
    out = missing.assign(check="unmatched_label", region_code=None, rome_code=None)
    out["source_line"] = [first.source_line.get((s, lab)) for s, lab in zip(out.source_id, out.label_as_printed)]
    out["message"] = [f"no ROME code for '{label_text(lab)}': no rule settles it; add it to checks/label_map.csv"
                      for lab in out.label_as_printed]
    return out[FINDING_COLUMNS]
