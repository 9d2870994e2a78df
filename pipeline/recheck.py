"""`python -m pipeline check`: re-run every check on a published build and summarize the findings."""
import sys
from pathlib import Path

import pandas as pd

from pipeline import compare, contracts, curation as curation_files, dictionary, validate
from pipeline.errors import InputError
from pipeline.paths import Layout


def load_published(out: Path) -> dict[str, pd.DataFrame]:
    """The published tables, read back from their Parquet files in their dictionary types."""
    tables = {}
    for name in dictionary.tables():
        path = out / "parquet" / f"{name}.parquet"
        if not path.is_file():
            raise InputError("no published table here: run `make build` first", path)
        tables[name] = dictionary.conform(pd.read_parquet(path), name)
    return tables


def printed_rows(listings: pd.DataFrame) -> pd.DataFrame:
    """The listings as the checks see rows: in printed order, each with its list's index in the source."""
    rows = listings.sort_values(["source_id", "source_page", "source_line"], na_position="first")
    rows = rows.assign(seq=rows.groupby("source_id").cumcount())
    first = rows.groupby(["source_id", "list_scope", "region_code"], dropna=False).seq.transform("min")
    rows["list_index"] = rows.assign(first=first).groupby("source_id")["first"].rank(method="dense").astype(int)
    rows["corrected"] = rows.rome_code.ne(rows.rome_code_as_printed) & rows.rome_code_as_printed.notna()
    return rows.reset_index(drop=True)


def printed_lists(rows: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """One row per printed list, its heading, count and official region name from the regions table."""
    heads = (rows.groupby(["source_id", "list_index"])
             .agg(list_scope=("list_scope", "first"), region_code=("region_code", "first"),
                  first_line=("source_line", "min"), source_page=("source_page", "first")).reset_index())
    regional = regions[["source_id", "region_code", "region_name", "region_name_as_printed", "stated_count",
                        "stated_count_line", "source_line"]].rename(
        columns={"stated_count_line": "stated_line", "source_line": "heading_line"})
    lists = heads.merge(regional, how="left", on=["source_id", "region_code"])
    lists["source_line"] = lists.heading_line.fillna(lists.first_line).astype("Int64")
    lists["region_name_corrected"] = lists.region_name
    return lists.drop(columns=["heading_line", "first_line"])


def rerun(layout: Layout) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Findings of a re-run of every check on the published tables, and the published findings."""
    tables = load_published(layout.out)
    cur = curation_files.load(layout)
    rows = printed_rows(tables["listings"])
    lists = printed_lists(rows, tables["regions"])
    extra = pd.concat([compare.findings(tables), compare.unmatched(tables["label_matches"], rows)],
                      ignore_index=True)
    found, _ = validate.findings(lists, rows, tables["sources"], cur, layout, extra)
    found = pd.concat([dictionary.conform(found, "findings"), contracts.check(tables)], ignore_index=True)
    return found, tables["findings"]


def recheck(layout: Layout, out=sys.stdout) -> int:
    """Print findings by check and status; exit 1 on an open error or when the published findings differ."""
    found, published = rerun(layout)
    counts = found.groupby(["check", "severity", "status"]).size().rename("findings").reset_index()
    print(counts.to_string(index=False), file=out)
    key = ["source_id", "check", "status", "source_line"]
    same = found[key].astype(str).value_counts().equals(published[key].astype(str).value_counts())
    blocking = int(((found.severity == "error") & (found.status == "open")).sum())
    print(f"{len(found)} findings, {blocking} open error(s); "
          f"{'the published findings agree' if same else 'the published findings DIFFER'} with this re-run",
          file=out)
    return 0 if same and not blocking else 1
