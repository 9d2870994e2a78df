"""Stage 3: run the check catalogue and decide each finding's status and severity.

The checks that read the sources run on them as printed and as corrected: a finding that disappears
once the curated corrections are applied is `corrected`; one matched by the acknowledgements file is
`acknowledged`; any other is `open`. Severity is the catalogue's default unless checks/policy.toml
overrides it. An open finding of severity `error` stops the build.
"""
import pandas as pd

from pipeline.core import dictionary
from pipeline.core.errors import ValidationFailed
from pipeline.core.text import label_text
from pipeline.validate.checks.catalogue import CATALOGUE, run_all
from pipeline.validate.checks.rules import View
from pipeline.validate.curation import Curation

KEY = ["source_id", "check", "source_line", "region_code"]
STALE = "warning: stale acknowledgement: "
COLUMNS = [c["name"] for c in dictionary.columns("findings")]


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
    rows_view = rows.assign(rome_code=code, rome_code_is_printed=printed, region_name=names.reindex(keys).values,
                            label_text=rows.label_as_printed.map(label_text),
                            ocr_doubt=rows.ocr_doubt_corrected if corrected else rows.ocr_doubt,
                            ocr_label_doubt=rows.ocr_label_doubt_corrected if corrected else rows.ocr_label_doubt)
    return View(lists=lists_view, rows=rows_view, sources=sources, regions=regions)


def statuses(printed: pd.DataFrame, corrected: pd.DataFrame) -> pd.DataFrame:
    """Printed findings gone after corrections are `corrected`; the others, and new ones, are `open`."""
    both = printed.merge(corrected[KEY].drop_duplicates(), how="left", on=KEY, indicator=True)
    both["status"] = both._merge.map({"both": "open", "left_only": "corrected"})
    new = corrected.merge(printed[KEY].drop_duplicates(), how="left", on=KEY, indicator=True)
    new = new[new._merge == "left_only"].assign(status="open")
    return pd.concat([both, new], ignore_index=True).drop(columns="_merge")


def acknowledge(found: pd.DataFrame, acks: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Mark open findings matched by an acknowledgement (source_id, check, region, code) whose pinned
    facts are the finding's, word for word. Notes on each acknowledgement used, unused, or stale: an
    acknowledgement whose finding's facts changed no longer holds, and says so."""
    keys = found.assign(region=found.region_code.fillna(""), code=found.rome_code.fillna(""))
    keys = keys[keys.status == "open"][["source_id", "check", "region", "code", "facts"]].reset_index()
    hits = keys.merge(acks.reset_index(names="ack"), on=["source_id", "check", "region", "code"])
    holds = hits[hits.facts == hits.pinned]
    found.loc[holds["index"].unique(), "status"] = "acknowledged"
    used, changed = holds.groupby("ack").size(), hits[hits.facts != hits.pinned].drop_duplicates("ack")
    notes = [f"acknowledged: {a.source_id} {a.check} {a.region or '-'} {a.code or '-'} ({used[i]} finding(s))"
             for i, a in zip(acks.index, acks.itertuples()) if i in used.index]
    notes += [f"{STALE}acknowledgements.csv line {a.line} ({a.source_id} {a.check} {a.region or '-'} "
              f"{a.code or '-'}) no longer matches: it pins '{a.pinned}', the finding is now '{a.facts}'; check the "
              "source, then update or remove the acknowledgement" for a in changed.itertuples()]
    notes += [f"warning: acknowledgement matched nothing: {a.source_id} {a.check} {a.region or '-'} "
              f"{a.code or '-'} (acknowledgements.csv line {a.line})"
              for i, a in zip(acks.index, acks.itertuples()) if i not in used.index and i not in set(changed.ack)]
    return found, notes


def severities(curation: Curation) -> dict[str, str]:
    """Each check's severity: the catalogue's default, or the policy's override (ids checked on loading)."""
    return {name: c.severity for name, c in CATALOGUE.items()} | curation.severity


def findings(lists, rows, tables: dict[str, pd.DataFrame], curation: Curation):
    """The findings table (every check that reads the sources or the tables) and notes on the acknowledgements."""
    sources = tables["sources"]
    printed = run_all("view", view(lists, rows, sources, curation.regions, corrected=False))
    corrected = run_all("view", view(lists, rows, sources, curation.regions, corrected=True))
    found = pd.concat([statuses(printed, corrected), run_all("tables", tables).assign(status="open")],
                      ignore_index=True)
    acks = curation.acknowledgements
    found, notes = acknowledge(found, acks[acks.source_id.isin(sources.source_id)])
    found["severity"] = found.check.map(severities(curation))
    found["source_line"] = found.source_line.astype("Int64")
    found = found.sort_values(["source_id", "check", "source_line", "region_code", "rome_code"], na_position="first")
    return found[COLUMNS].reset_index(drop=True), notes


def editions(data: dict, curation: Curation) -> pd.DataFrame:
    """The findings of the checks on the editions (published in edition_findings; an error among them gates)."""
    found = run_all("editions", data)
    found = found.assign(status="open", severity=found.check.map(severities(curation)))
    found["source_line"] = found.source_line.astype("Int64")
    found = found.sort_values(["source_id", "check", "source_line", "region_code", "rome_code"], na_position="first")
    return found[COLUMNS].reset_index(drop=True)


def published(tables: dict[str, pd.DataFrame], curation: Curation) -> pd.DataFrame:
    """The findings of the checks on the tables as published (the contracts): they gate, they are not published."""
    found = run_all("published", tables)
    return found.assign(status="open", severity=found.check.map(severities(curation)))[COLUMNS]


def gate(found: pd.DataFrame, files: dict[str, str], notes: list[str] = ()) -> None:
    """Stop the build when an error is still open, listing every finding that blocks it and every warning of
    the notes (an acknowledgement that no longer holds or matched nothing, a correction that matched nothing:
    often why a finding is open)."""
    report = blocking(found, files, notes)
    if report:
        raise ValidationFailed(f"validation failed: {len(open_errors(found))} open error(s); nothing was published",
                               report)


def open_errors(found: pd.DataFrame) -> pd.DataFrame:
    """The findings that stop a build: errors neither corrected nor acknowledged."""
    return found[(found.severity == "error") & (found.status == "open")]


def blocking(found: pd.DataFrame, files: dict[str, str], notes: list[str] = ()) -> list[str]:
    """Each open error as `path:line: check: message`, then every warning of the notes; none if no error is open."""
    errors = open_errors(found)
    if errors.empty:
        return []
    return [f"{files.get(f.source_id, f.source_id)}{'' if pd.isna(f.source_line) else f':{f.source_line}'}: "
            f"{f.check}: {f.message}" for f in errors.itertuples()] + [n for n in notes if n.startswith("warning: ")]
