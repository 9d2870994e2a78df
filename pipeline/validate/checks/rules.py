"""The checks on the sources as printed (and as corrected). Each takes a View and returns one row per
finding: its location (source_id, region_code, rome_code, source_line) and the fields its message names."""
import unicodedata
from dataclasses import dataclass

import pandas as pd

from pipeline.core.dictionary import declared
from pipeline.core.text import nor_near
from pipeline.transform.readings import SHAPE, shaped
from pipeline.validate.checks.catalogue import check

ROME_CODE = declared()["patterns"]["rome_code"]


@dataclass(frozen=True)
class View:
    """The sources seen one way: lists and rows with their region and code, as printed or as corrected.

    Rows carry `label_text`, their label without the arrêté's closing full stop (pipeline.core.text.label_text),
    and, for rows read by OCR, `ocr_doubt` (why the code is doubted in this view), `ocr_evidence` and
    `ocr_label_doubt` (pipeline.transform.review.review_ocr); empty strings elsewhere.
    """

    lists: pd.DataFrame
    rows: pd.DataFrame
    sources: pd.DataFrame
    regions: pd.DataFrame


def where(frame: pd.DataFrame) -> pd.Series:
    """Each row's list, in words: the nationwide list, or its region's name."""
    named = frame.region_name.notna() & (frame.region_name != "")
    return frame.region_name.where(named, "a list with no name").where(frame.list_scope != "national",
                                                                        "the nationwide list")


@check("error", "{where}: header states {stated_count} métiers, {listed_count} rows are printed")
def count_mismatch(view: View) -> pd.DataFrame:
    """The count printed in a list's header differs from the number of rows printed under it."""
    lists = view.lists[view.lists.stated_count.notna() & (view.lists.stated_count != view.lists.listed_count)]
    return lists.assign(source_line=lists.stated_line, where=where(lists))


@check("warning", "{rome_code} printed under {count} labels: {parts}", facts="{labels}")
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
        parts=("part", "; ".join), count=("part", "size"), lines=("min", list),
        labels=("text", lambda texts: " | ".join(sorted(texts)))).reset_index()
    per_code["source_line"] = [lines[1] for lines in per_code.lines]
    return per_code


@check("error", "'{text}' printed under {rome_code} here and under {usual} {usual_n} times elsewhere: "
                "{rome_code} is likely a typo")
def code_label_conflict(view: View) -> pd.DataFrame:
    """One label printed under different codes: each row of a code other than the label's usual one."""
    rows = view.rows[view.rows.rome_code.notna()].rename(columns={"label_text": "text"})
    per_code = rows.groupby(["source_id", "text", "rome_code"]).size().rename("n").reset_index()
    usual = (per_code.sort_values(["source_id", "text", "n", "rome_code"], ascending=[True, True, False, True])
             .drop_duplicates(["source_id", "text"]).rename(columns={"rome_code": "usual", "n": "usual_n"}))
    rows = rows.merge(usual[["source_id", "text", "usual", "usual_n"]], on=["source_id", "text"])
    return rows[rows.rome_code != rows.usual]


@check("error", "{where}, row {position}: '{label_text}' is not shaped as a label (" + SHAPE + "): a label's "
                "lines grouped under another code, or a misprint")
def label_shape(view: View) -> pd.DataFrame:
    """A label in a PDF's text layer set otherwise than the annex prints every label (a capital first, each
    parenthesis closed, letters and . ' - ( ) , only; the sources' 911 rows all are): a label's last line grouped
    as a row of its own, or its lines grouped under the next code. A text source's lines are its rows, printed
    so; a label read by OCR is weighed by `ocr_misread`."""
    rows = view.rows
    odd = rows[rows.source_page.notna() & rows.ocr_code_confidence.isna() & ~rows.label_text.map(shaped)]
    return odd.assign(where=where(odd))


@check("warning", "region printed as '{region_name}', official name '{official_name}'")
def region_name_variant(view: View) -> pd.DataFrame:
    """A region printed under a name other than its official one (not a scan's heading OCR read as no region's
    name: `region_misread`)."""
    lists = view.lists
    return lists[lists.region_code.notna() & (lists.region_name != lists.official_name) & (lists.region_evidence == "")]


@check("warning", "{region_evidence}")
def region_misread(view: View) -> pd.DataFrame:
    """A scan's region heading OCR read as no region's name, taken as the region whose name it is clearly nearest
    (transform.normalize.nearest_region: 'uvergne' for Auvergne); both names said."""
    return view.lists[view.lists.region_evidence != ""]


@check("warning", "{where}: {rome_code} comes after {previous}; the other lists are sorted by code")
def out_of_order(view: View) -> pd.DataFrame:
    """A row whose code is lower than the one before it, in a source whose other lists are sorted by code."""
    rows = view.rows[view.rows.rome_code_is_printed].copy()
    rows["previous"] = rows.groupby(["source_id", "list_index"]).rome_code.shift()
    rows = rows.assign(falls=rows.previous.notna() & (rows.rome_code < rows.previous))
    falls = rows.groupby(["source_id", "list_index"]).falls.any().reset_index()
    sorted_share = 1 - falls.groupby("source_id").falls.mean()
    odd = rows[rows.falls & rows.source_id.map(sorted_share).gt(0.5)]
    return odd.assign(where=where(odd))


@check("error", "{where}: {rome_code} is printed a second time")
def duplicate_row(view: View) -> pd.DataFrame:
    """The same code printed twice in one list (each repeat after the first)."""
    rows = view.rows[view.rows.rome_code.notna()]
    repeats = rows[rows.duplicated(["source_id", "list_index", "rome_code"])]
    return repeats.assign(where=where(repeats))


@check("error", "{where} has a second list here")
def duplicate_list(view: View) -> pd.DataFrame:
    """A region heading printed twice: two lists for one region."""
    lists = view.lists[view.lists.region_code.notna()]
    repeats = lists[lists.duplicated(["source_id", "region_code"])]
    return repeats.assign(where=where(repeats))


@check("error", "{where}: no rows under its heading")
def empty_list(view: View) -> pd.DataFrame:
    """A list heading with no rows under it."""
    empty = view.lists[view.lists.listed_count == 0]
    return empty.assign(where=where(empty))


@check("error", "'{region_name}' is not a region of 2008 (raw/reference/regions.csv)")
def unknown_region(view: View) -> pd.DataFrame:
    """A regional list whose heading names no region of the reference (nor any curated correction)."""
    return view.lists[(view.lists.list_scope == "regional") & view.lists.region_code.isna()]


@check("error", "no list for {region_name} ({region_code}) by the end of the annex")
def missing_region(view: View) -> pd.DataFrame:
    """A region of the reference with no list in a source that has regional lists."""
    listed = view.lists[view.lists.region_code.notna()][["source_id", "region_code"]].drop_duplicates()
    expected = listed[["source_id"]].drop_duplicates().merge(view.regions[["region_code", "region_name"]],
                                                             how="cross")
    missing = expected.merge(listed, how="left", on=["source_id", "region_code"], indicator=True)
    missing = missing[missing._merge == "left_only"]
    end = view.rows.groupby("source_id").source_line.max()
    return missing.assign(source_line=missing.source_id.map(end)).drop(columns="_merge")


@check("error", "code {printed!r} is not five ASCII digits ({spelled})")
def invalid_code(view: View) -> pd.DataFrame:
    """A printed code that is not five ASCII digits (a fullwidth digit or an invisible space in a code too)."""
    rows = view.rows[view.rows.rome_code_is_printed & ~view.rows.rome_code.fillna("").str.fullmatch(ROME_CODE)]
    return rows.assign(printed=rows.rome_code, spelled=rows.rome_code.map(spelled))


def spelled(code: str) -> str:
    """The characters of a code that are not ASCII digits, by their Unicode names."""
    odd = [f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in dict.fromkeys(code) if not "0" <= c <= "9"]
    return ", ".join(odd) if odd else f"{len(code)} digits"


@check("info", "{where}: {rome_code} is on the nationwide list too")
def national_repeated(view: View) -> pd.DataFrame:
    """A nationwide occupation printed again in a regional list (harmless, but counted in its header)."""
    national = view.rows[view.rows.list_scope == "national"][["source_id", "rome_code"]].drop_duplicates()
    regional = view.rows[view.rows.list_scope == "regional"]
    again = regional.merge(national, on=["source_id", "rome_code"])
    return again.assign(where=where(again))


@check("info", "{rome_code} is open in {where} only")
def single_region(view: View) -> pd.DataFrame:
    """An occupation open in one region only (not nationwide, printed in a single regional list)."""
    rows = view.rows[view.rows.rome_code.notna()]
    national = rows[rows.list_scope == "national"][["source_id", "rome_code"]].drop_duplicates()
    regional = rows[rows.list_scope == "regional"].merge(national.assign(nationwide=True), how="left",
                                                          on=["source_id", "rome_code"])
    lists_per_code = regional.groupby(["source_id", "rome_code"]).list_index.transform("nunique")
    single = regional[(lists_per_code == 1) & regional.nationwide.isna()]
    return single.assign(where=where(single))


@check("error", "prints {what} {printed}, manifest says {expected}")
def source_metadata(view: View) -> pd.DataFrame:
    """The NOR or the date printed in a source differs from its manifest entry."""
    src = view.sources
    nor = src[src.nor.notna() & (src.nor != src.source_id) & ~misread_nor(src)]
    date = src[src.printed_date.notna() & (src.printed_date != src.date)]
    return pd.concat([nor.assign(what="NOR", printed=nor.nor, expected=nor.source_id),
                      date.assign(what="the date", printed=date.printed_date, expected=date.date)],
                     ignore_index=True).assign(source_line=lambda f: f.nor_line)


def misread_nor(src: pd.DataFrame) -> pd.Series:
    """Sources read by OCR whose NOR was read as another one OCR mistakes for theirs."""
    return pd.Series([bool(engine) and isinstance(nor, str) and nor_near(nor, source_id) for engine, nor, source_id
                      in zip(src.ocr_engine.fillna(""), src.nor, src.source_id)], index=src.index, dtype=bool)


@check("warning", "{said}")
def nor_misread(view: View) -> pd.DataFrame:
    """A scan's NOR read as another one that OCR mistakes for the source's ('IMLN/08/00012/C' for
    IMI/N/08/00012/C: the source is named by its own), or read as no NOR at all: both strings named."""
    src = view.sources
    near = src[misread_nor(src)]
    unread = src[(src.ocr_engine.fillna("") != "") & src.nor.isna() & src.nor_as_printed.notna()]
    return pd.concat([near.assign(said=[f"read '{p}' where its NOR {s} is printed: taken as {s} (characters OCR "
                                        "reads one for another)" for p, s in zip(near.nor_as_printed, near.source_id)]),
                      unread.assign(said=[f"read '{p}' where a NOR should be" for p in unread.nor_as_printed])],
                     ignore_index=True).assign(source_line=lambda f: f.nor_line)


@check("warning", "read no date in the scan: dated {date}, {origin}")
def date_unread(view: View) -> pd.DataFrame:
    """A scan whose date OCR did not read: dated as its manifest says, or, outside a manifest, by the date of
    signature the curated texts record for the text its NOR names."""
    src = view.sources
    unread = src[(src.ocr_engine.fillna("") != "") & src.printed_date.isna() & src.date.notna()]
    origin = ["as its manifest says" if provenance else f"the date of signature checks/texts.csv records for {sid}"
              for provenance, sid in zip(unread.get("provenance", pd.Series("", index=unread.index)).fillna(""),
                                         unread.source_id)]
    return unread.assign(source_line=unread.nor_line, origin=origin)


@check("error", "page {source_page}, box {ocr_code_box} pt: read '{rome_code_as_printed}' (confidence "
                "{confidence}): {why}", facts="read '{rome_code_as_printed}': {why}")
def ocr_misread(view: View) -> pd.DataFrame:
    """A code read by OCR that is not five ASCII digits, read with low confidence, on no other list of its
    source, or printed beside another code's canonical label; or a label read with low confidence that
    would be its code's only label, in words the lists' labels do not all print, a code whose readings disagree,
    a label read as no other row of its code reads it, or with a misread of a word of the lists, or with '¦' where
    a line break its words do not tell was (corrected where it is one or two characters, or a word, from a
    reading of more rows: transform.readings).
    Gives the page, the box (PDF points), the text read and the confidence."""
    rows = view.rows
    odd = rows[(rows.ocr_doubt != "") | (rows.ocr_label_doubt != "")]
    return odd.assign(confidence=[f"{c:.0f}" for c in odd.ocr_code_confidence],
                      why=["; ".join(filter(None, parts)) for parts in
                           zip(odd.ocr_doubt, odd.ocr_evidence, odd.ocr_label_doubt)])
