"""Stage 3: run the checks on the sources as printed and as corrected, and decide each finding's status.

A finding raised on the printed source that disappears once the curated corrections are applied is
`corrected`; one matched by the acknowledgements file is `acknowledged`; any other is `open`. An open
finding whose check has severity `error` (checks/policy.toml) stops the build.
"""
import pandas as pd

from checks.rules import REGISTRY, View, run_all
from pipeline.curation import Curation
from pipeline.errors import CurationError, ValidationFailed
from pipeline.paths import Layout
from pipeline.text import label_text

KEY = ["source_id", "check", "source_line", "region_code"]
COLUMNS = ["source_id", "check", "severity", "status", "region_code", "rome_code", "source_line", "message"]


def view(lists: pd.DataFrame, rows: pd.DataFrame, sources: pd.DataFrame, regions: pd.DataFrame,
         corrected: bool) -> View:
    """The lists and rows with the region names and codes as printed, or as corrected; rows read by OCR
    with why their code is doubted as read, or still doubted once the evidence corrected it."""
    name = "region_name_corrected" if corrected else "region_name_as_printed"
    listed = rows.groupby(["source_id", "list_index"]).size().rename("listed_count")
    lists_view = lists.join(listed, on=["source_id", "list_index"]).assign(
        region_name=lists[name], official_name=lists.region_name,
        listed_count=lambda f: f.listed_count.fillna(0).astype(int))
    printed = rows.rome_code_as_printed.notna()
    code = rows.rome_code if corrected else rows.rome_code_as_printed.where(printed, rows.rome_code)
    names = lists.set_index(["source_id", "list_index"])[name]
    keys = pd.MultiIndex.from_frame(rows[["source_id", "list_index"]])
    ocr = {key: rows.get(column, pd.Series("", index=rows.index)).fillna("") for key, column in
           (("ocr_doubt", "ocr_doubt_corrected" if corrected else "ocr_doubt"), ("ocr_evidence", "ocr_evidence"),
            ("ocr_label_doubt", "ocr_label_doubt"))}
    rows_view = rows.assign(rome_code=code, rome_code_is_printed=printed, region_name=names.reindex(keys).values,
                            label_text=rows.label_as_printed.map(label_text), **ocr)
    return View(lists=lists_view, rows=rows_view, sources=sources, regions=regions)


def statuses(printed: pd.DataFrame, corrected: pd.DataFrame) -> pd.DataFrame:
    """Printed findings gone after corrections are `corrected`; the others, and new ones, are `open`."""
    both = printed.merge(corrected[KEY].drop_duplicates(), how="left", on=KEY, indicator=True)
    both["status"] = both._merge.map({"both": "open", "left_only": "corrected"})
    new = corrected.merge(printed[KEY].drop_duplicates(), how="left", on=KEY, indicator=True)
    new = new[new._merge == "left_only"].assign(status="open")
    return pd.concat([both, new], ignore_index=True).drop(columns="_merge")


def acknowledge(found: pd.DataFrame, acks: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Mark open findings matched by an acknowledgement (source_id, check, region, code); report unused ones."""
    keys = found.assign(region=found.region_code.fillna(""), code=found.rome_code.fillna(""))
    keys = keys[keys.status == "open"][["source_id", "check", "region", "code"]].reset_index()
    hits = keys.merge(acks.reset_index(names="ack"), on=["source_id", "check", "region", "code"])
    found.loc[hits["index"].unique(), "status"] = "acknowledged"
    used = hits.groupby("ack").size()
    notes = [f"acknowledged: {a.source_id} {a.check} {a.region or '-'} {a.code or '-'} ({used[i]} finding(s))"
             if i in used.index else
             f"warning: acknowledgement matched nothing: {a.source_id} {a.check} {a.region or '-'} {a.code or '-'} "
             f"(acknowledgements.csv line {a.line})"
             for i, a in zip(acks.index, acks.itertuples())]
    return found, notes


def findings(lists, rows, sources, curation: Curation, layout: Layout, extra: pd.DataFrame | None = None):
    """The findings table and notes on the acknowledgements used."""
    printed = run_all(view(lists, rows, sources, curation.regions, corrected=False))
    corrected = run_all(view(lists, rows, sources, curation.regions, corrected=True))
    found = statuses(printed, corrected)
    if extra is not None and len(extra):
        found = pd.concat([found, extra.assign(status="open")], ignore_index=True)
    missing = sorted((set(REGISTRY) | set(found.check)) - set(curation.severity))
    if missing:
        raise CurationError(f"no severity for check(s) {', '.join(missing)}", layout.curation / "policy.toml")
    found, notes = acknowledge(found, curation.acknowledgements)
    found["severity"] = found.check.map(curation.severity)
    found["source_line"] = found.source_line.astype("Int64")
    found = found.sort_values(["source_id", "check", "source_line", "region_code", "rome_code"], na_position="first")
    return found[COLUMNS].reset_index(drop=True), notes


def gate(found: pd.DataFrame, files: dict[str, str]) -> None:
    """Stop the build when an error is still open, listing every finding that blocks it."""
    blocking = found[(found.severity == "error") & (found.status == "open")]
    if blocking.empty:
        return
    report = [f"{files.get(f.source_id, f.source_id)}:{0 if pd.isna(f.source_line) else f.source_line}: "
              f"{f.check}: {f.message}" for f in blocking.itertuples()]
    raise ValidationFailed(f"validation failed: {len(blocking)} open error(s); nothing was published", report)
