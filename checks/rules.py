"""The checks. Each takes the printed (or corrected) view of the sources and returns its findings:
one row per defect, with source_id, region_code, rome_code, source_line and a message."""
from dataclasses import dataclass

import pandas as pd


FINDING_COLUMNS = ["source_id", "region_code", "rome_code", "source_line", "message"]
REGISTRY = {}


@dataclass(frozen=True)
class View:
    """The sources seen one way: lists and rows with their region and code, as printed or as corrected.

    Rows carry `label_text`, their label without the arrêté's closing full stop (pipeline.text.label_text),
    and, for rows read by OCR, `ocr_doubt` (why the code is doubted in this view), `ocr_evidence` and
    `ocr_label_doubt` (pipeline.normalize.review_ocr); empty strings elsewhere.
    """

    lists: pd.DataFrame
    rows: pd.DataFrame
    sources: pd.DataFrame
    regions: pd.DataFrame


def check(func):
    """Register a check under its function's name, which is its published id."""
    REGISTRY[func.__name__] = func
    return func


def findings(frame: pd.DataFrame, message) -> pd.DataFrame:
    """Findings located at each row of `frame`, with a message computed from the row."""
    out = frame.reindex(columns=["source_id", "region_code", "rome_code", "source_line"]).copy()
    out["message"] = [message(row) for row in frame.itertuples()] if len(frame) else []
    return out[FINDING_COLUMNS]


def where(row) -> str:
    return "the nationwide list" if row.list_scope == "national" else (row.region_name or "a list with no name")


@check
def count_mismatch(view: View) -> pd.DataFrame:
    """The count printed in a list's header differs from the number of rows printed under it."""
    lists = view.lists[view.lists.stated_count.notna() & (view.lists.stated_count != view.lists.listed_count)]
    lists = lists.assign(source_line=lists.stated_line)
    return findings(lists, lambda r: f"{where(r)}: header states {r.stated_count} métiers, "
                                     f"{r.listed_count} rows are printed")


@check
def label_variant(view: View) -> pd.DataFrame:
    """One ROME code printed under different labels: one finding per code, listing each label and its lines."""
    rows = view.rows[view.rows.rome_code.notna()].rename(columns={"label_text": "text"})
    rows = rows[rows.groupby(["source_id", "rome_code"]).text.transform("nunique") > 1]
    per_label = (rows.groupby(["source_id", "rome_code", "text"], sort=False)
                 .source_line.agg(["size", "min", list]).reset_index()
                 .sort_values(["source_id", "rome_code", "size", "min"], ascending=[True, True, False, True]))
    per_label["part"] = [f"'{text}' ({n}x: lines {', '.join(map(str, lines))})"
                         for text, n, lines in zip(per_label.text, per_label["size"], per_label["list"])]
    per_code = per_label.groupby(["source_id", "rome_code"], sort=True).agg(
        parts=("part", "; ".join), count=("part", "size"), lines=("min", list)).reset_index()
    per_code["source_line"] = [lines[1] for lines in per_code.lines]
    per_code["region_code"] = None
    return findings(per_code, lambda r: f"{r.rome_code} printed under {r.count} labels: {r.parts}")


@check
def code_label_conflict(view: View) -> pd.DataFrame:
    """One label printed under different codes: each row of a code other than the label's usual one."""
    rows = view.rows[view.rows.rome_code.notna()].rename(columns={"label_text": "text"})
    per_code = rows.groupby(["source_id", "text", "rome_code"]).size().rename("n").reset_index()
    usual = (per_code.sort_values(["source_id", "text", "n", "rome_code"], ascending=[True, True, False, True])
             .drop_duplicates(["source_id", "text"]).rename(columns={"rome_code": "usual", "n": "usual_n"}))
    rows = rows.merge(usual[["source_id", "text", "usual", "usual_n"]], on=["source_id", "text"])
    odd = rows[rows.rome_code != rows.usual]
    return findings(odd, lambda r: f"'{r.text}' printed under {r.rome_code} here and under {r.usual} "
                                   f"{r.usual_n} times elsewhere: {r.rome_code} is likely a typo")


@check
def region_name_variant(view: View) -> pd.DataFrame:
    """A region printed under a name other than its official one."""
    lists = view.lists[view.lists.region_code.notna() & (view.lists.region_name != view.lists.official_name)]
    return findings(lists, lambda r: f"region printed as '{r.region_name}', official name '{r.official_name}'")


@check
def out_of_order(view: View) -> pd.DataFrame:
    """A row whose code is lower than the one before it, in a source whose other lists are sorted by code."""
    rows = view.rows[view.rows.rome_code_is_printed].copy()
    rows["previous"] = rows.groupby(["source_id", "list_index"]).rome_code.shift()
    rows = rows.assign(falls=rows.previous.notna() & (rows.rome_code < rows.previous))
    falls = rows.groupby(["source_id", "list_index"]).falls.any().reset_index()
    sorted_share = 1 - falls.groupby("source_id").falls.mean()
    odd = rows[rows.falls & rows.source_id.map(sorted_share).gt(0.5)]
    return findings(odd, lambda r: f"{where(r)}: {r.rome_code} comes after {r.previous}; "
                                   f"the other lists are sorted by code")


@check
def duplicate_row(view: View) -> pd.DataFrame:
    """The same code printed twice in one list (each repeat after the first)."""
    rows = view.rows[view.rows.rome_code.notna()]
    repeats = rows[rows.duplicated(["source_id", "list_index", "rome_code"])]
    return findings(repeats, lambda r: f"{where(r)}: {r.rome_code} is printed a second time")


@check
def duplicate_list(view: View) -> pd.DataFrame:
    """A region heading printed twice: two lists for one region."""
    lists = view.lists[view.lists.region_code.notna()]
    repeats = lists[lists.duplicated(["source_id", "region_code"])]
    return findings(repeats, lambda r: f"{where(r)} has a second list here")


@check
def empty_list(view: View) -> pd.DataFrame:
    """A list heading with no rows under it."""
    return findings(view.lists[view.lists.listed_count == 0], lambda r: f"{where(r)}: no rows under its heading")


@check
def unknown_region(view: View) -> pd.DataFrame:
    """A regional list whose heading names no region of the reference (nor any curated correction)."""
    lists = view.lists[(view.lists.list_scope == "regional") & view.lists.region_code.isna()]
    return findings(lists, lambda r: f"'{r.region_name}' is not a region of 2008 (raw/reference/regions.csv)")


@check
def missing_region(view: View) -> pd.DataFrame:
    """A region of the reference with no list in a source that has regional lists."""
    listed = view.lists[view.lists.region_code.notna()][["source_id", "region_code"]].drop_duplicates()
    expected = listed[["source_id"]].drop_duplicates().merge(view.regions[["region_code", "region_name"]],
                                                             how="cross")
    missing = expected.merge(listed, how="left", on=["source_id", "region_code"], indicator=True)
    missing = missing[missing._merge == "left_only"]
    end = view.rows.groupby("source_id").source_line.max()
    missing = missing.assign(source_line=missing.source_id.map(end), rome_code=None)
    return findings(missing, lambda r: f"no list for {r.region_name} ({r.region_code}) by the end of the annex")


@check
def invalid_code(view: View) -> pd.DataFrame:
    """A printed code that is not five digits."""
    rows = view.rows[view.rows.rome_code_is_printed & ~view.rows.rome_code.fillna("").str.fullmatch(r"[0-9]{5}")]
    return findings(rows, lambda r: f"code '{r.rome_code}' is not five digits")


@check
def national_repeated(view: View) -> pd.DataFrame:
    """A nationwide occupation printed again in a regional list (harmless, but counted in its header)."""
    national = view.rows[view.rows.list_scope == "national"][["source_id", "rome_code"]].drop_duplicates()
    regional = view.rows[view.rows.list_scope == "regional"]
    again = regional.merge(national, on=["source_id", "rome_code"])
    return findings(again, lambda r: f"{where(r)}: {r.rome_code} is on the nationwide list too")


@check
def single_region(view: View) -> pd.DataFrame:
    """An occupation open in one region only (not nationwide, printed in a single regional list)."""
    rows = view.rows[view.rows.rome_code.notna()]
    national = rows[rows.list_scope == "national"][["source_id", "rome_code"]].drop_duplicates()
    regional = rows[rows.list_scope == "regional"].merge(national.assign(nationwide=True), how="left",
                                                          on=["source_id", "rome_code"])
    lists_per_code = regional.groupby(["source_id", "rome_code"]).list_index.transform("nunique")
    single = regional[(lists_per_code == 1) & regional.nationwide.isna()]
    return findings(single, lambda r: f"{r.rome_code} is open in {where(r)} only")


@check
def source_metadata(view: View) -> pd.DataFrame:
    """The NOR or the date printed in a source differs from its manifest entry."""
    src = view.sources
    nor = src[src.nor_as_printed.notna() & (src.nor != src.source_id)]
    date = src[src.printed_date.notna() & (src.printed_date != src.date)]
    out = [findings(nor.assign(source_line=nor.nor_line), lambda r: f"prints NOR {r.nor}, manifest says {r.source_id}"),
           findings(date.assign(source_line=date.nor_line),
                    lambda r: f"prints the date {r.printed_date}, manifest says {r.date}")]
    return pd.concat(out, ignore_index=True)


@check
def ocr_misread(view: View) -> pd.DataFrame:
    """A code read by OCR that is not five ASCII digits, read with low confidence, on no other list of its
    source, or printed beside another code's canonical label; or a label read with low confidence that
    would be its code's only label. Gives the page, the box (PDF points), the text read and the confidence."""
    rows = view.rows
    odd = rows[(rows.ocr_doubt != "") | (rows.ocr_label_doubt != "")]
    return findings(odd, lambda r: f"page {r.source_page}, box {r.ocr_code_box} pt: read '{r.rome_code_as_printed}' "
                                   f"(confidence {r.ocr_code_confidence:.0f}): "
                                   + "; ".join(filter(None, [r.ocr_doubt, r.ocr_evidence, r.ocr_label_doubt])))


def run_all(view: View) -> pd.DataFrame:
    """Every registered check's findings, with the check id."""
    frames = [func(view).assign(check=name) for name, func in REGISTRY.items()]
    return pd.concat(frames, ignore_index=True)
