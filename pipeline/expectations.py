"""Stage 3b: Great Expectations, the last gate before publishing, with Data Docs for readers.

One expectation suite per published table: row counts against counts the pipeline derives from
the other tables, key uniqueness, code patterns, allowed values and referential integrity. Great
Expectations is imported here only, with its analytics and progress bars off.
"""
import json
import os
import pickle
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline import dictionary

CODE = r"^\d{5}$"


def suites(tables: dict[str, pd.DataFrame]) -> dict[str, list]:
    """The expectations of each table, as (expectation class name, keyword arguments)."""
    t = tables
    national_rows = int((t["listings"].list_scope == "national").sum())
    suites = {name: key_expectations(name) + value_expectations(name) for name in dictionary.tables()}
    suites["listings"].append(("ExpectTableRowCountToEqual",
                               {"value": int(t["regions"].listed_count.sum()) + national_rows}))
    suites["openings"].append(("ExpectTableRowCountToEqual", {"value": int(t["regions"].open_count.sum())}))
    suites["occupations"].append(("ExpectTableRowCountToEqual",
                                  {"value": len(t["listings"][["source_id", "rome_code"]].drop_duplicates())}))
    suites["regions"].append(("ExpectTableRowCountToEqual", {"value": len(
        t["listings"][t["listings"].list_scope == "regional"][["source_id", "region_code"]].drop_duplicates())}))
    suites["sources"].append(("ExpectTableRowCountToEqual", {"value": len(t["sources"])}))
    codes = sorted(set(t["occupations"].rome_code))
    regions = sorted(set(t["regions"].region_code))
    for name in ("listings", "openings"):
        suites[name].append(("ExpectColumnValuesToBeInSet", {"column": "rome_code", "value_set": codes}))
    suites["openings"].append(("ExpectColumnValuesToBeInSet", {"column": "region_code", "value_set": regions}))
    suites["listings"].append(("ExpectColumnValuesToBeInSet", {"column": "region_code", "value_set": regions}))
    for name in suites:
        suites[name].append(("ExpectColumnValuesToBeInSet",
                             {"column": first_column(name), "value_set": sorted(set(t["sources"].source_id))}))
    return suites


def first_column(name: str) -> str:
    return dictionary.columns(name)[0]["name"]


def key_expectations(name: str) -> list:
    key = dictionary.tables()[name].get("primary_key")
    if not key:
        return []
    if len(key) == 1:
        return [("ExpectColumnValuesToBeUnique", {"column": key[0]})]
    return [("ExpectCompoundColumnsToBeUnique", {"column_list": key, "ignore_row_if": "never"})]


def value_expectations(name: str) -> list:
    out = []
    for col in dictionary.columns(name):
        if "enum" in col:
            out.append(("ExpectColumnValuesToBeInSet", {"column": col["name"], "value_set": col["enum"]}))
        if "pattern" in col:
            out.append(("ExpectColumnValuesToMatchRegex", {"column": col["name"], "regex": col["pattern"]}))
    return out


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns with None for missing values: the form Great Expectations' pandas engine reads best."""
    return frame.astype(object).where(frame.notna(), None)


def context(docs: Path):
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    ctx.add_data_docs_site(site_name="metiers", site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    return gx, ctx


def run(gx, ctx, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Run every suite, build the Data Docs; the failed expectations, in words."""
    source = ctx.data_sources.add_pandas("published")
    failures = []
    for name, expectations in suites(tables).items():
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
        suite = ctx.suites.add(gx.ExpectationSuite(name=name, expectations=[
            getattr(gx.expectations, kind)(**kwargs) for kind, kwargs in expectations]))
        definition = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        outcome = definition.run(batch_parameters={"dataframe": plain(tables[name])})
        failures += [f"{name}: {r.expectation_config.type} {r.expectation_config.kwargs}"
                     for r in outcome.results if not r.success]
    ctx.build_data_docs(site_names=["metiers"])
    return failures


def serve(docs: Path) -> None:
    """The worker: import Great Expectations while the build prepares, then validate the tables it is sent
    (a pickle on standard input); the failures go back as JSON on standard output."""
    try:
        started = time.perf_counter()
        gx, ctx = context(docs)
        imported = time.perf_counter()
        tables = pickle.load(sys.stdin.buffer)
        received = time.perf_counter()
        answer = {"status": "done", "failures": run(gx, ctx, tables), "seconds": {
            "expectations_import": imported - started, "expectations_run": time.perf_counter() - received}}
    except Exception as exc:  # every failure of the worker is reported to the build, which raises it
        answer = {"status": "crashed", "failures": [f"{type(exc).__name__}: {exc}"]}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
