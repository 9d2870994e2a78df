"""Stage 3b: Great Expectations, the last gate before publishing, with Data Docs for readers.

One expectation suite per published table, from the data dictionary alone: key uniqueness, required
columns, patterns, allowed values and bounds; then counts and value sets derived from *other* tables
or from the intermediate layer (never from the table under test, which could not fail). Great
Expectations is imported here only, with its analytics and progress bars off.
"""
import json
import os
import pickle
import re
import sys
import time
import traceback
from pathlib import Path

import pandas as pd

from pipeline.core import dictionary


def suites(tables: dict[str, pd.DataFrame]) -> dict[str, list]:
    """The expectations of each published table, as (expectation class name, keyword arguments).

    `tables` holds the published tables and the intermediate layer (printed_lists, printed_rows)."""
    t = tables
    out = {name: declared(name) + references(name, t) for name in dictionary.tables()}
    rows, lists = t["printed_rows"], t["printed_lists"]
    out["sources"].append(("ExpectTableRowCountToEqual", {"value": int(lists.source_id.nunique())}))
    out["sources"].append(("ExpectColumnValuesToBeInSet", {"column": "source_id",
                                                           "value_set": sorted(set(lists.source_id))}))
    out["listings"].append(("ExpectTableRowCountToEqual", {"value": len(rows)}))
    out["listings"].append(("ExpectColumnValuesToBeInSet", {"column": "region_code",
                                                            "value_set": sorted(set(t["regions"].region_code))}))
    out["openings"].append(("ExpectTableRowCountToEqual", {"value": int(t["regions"].open_count.sum())}))
    out["occupations"].append(("ExpectTableRowCountToEqual",
                               {"value": len(t["listings"][["source_id", "rome_code"]].drop_duplicates())}))
    out["regions"].append(("ExpectTableRowCountToEqual", {"value": len(
        t["listings"][t["listings"].list_scope == "regional"][["source_id", "region_code"]].drop_duplicates())}))
    for side in ("source_id_a", "source_id_b"):
        out["source_differences"].append(("ExpectColumnValuesToBeInSet", {
            "column": side, "value_set": sorted(set(t["sources"].source_id))}))
    out["openings_by_region"].append(("ExpectTableRowCountToEqual", {"value": len(t["openings"])}))
    return out


def references(name: str, tables: dict[str, pd.DataFrame]) -> list:
    """Each declared foreign key, column by column: its values are among the referenced table's."""
    out = []
    for key in dictionary.tables()[name].get("foreign_keys", []):
        for column, referenced in zip(key["fields"], key["reference"]):
            expectation = ("ExpectColumnValuesToBeInSet", {
                "column": column, "value_set": sorted(set(tables[key["table"]][referenced].dropna()))})
            if expectation not in out:
                out.append(expectation)
    return out


def declared(name: str) -> list:
    """The expectations the dictionary declares for a table: its key, then each column's constraints."""
    key = dictionary.tables()[name].get("primary_key")
    out = []
    if key and len(key) == 1:
        out.append(("ExpectColumnValuesToBeUnique", {"column": key[0]}))
    elif key:
        out.append(("ExpectCompoundColumnsToBeUnique", {"column_list": key, "ignore_row_if": "never"}))
    for col in dictionary.columns(name):
        out += column_expectations(col)
    return out


def column_expectations(col: dict) -> list:
    name, out = col["name"], []
    if col.get("required"):
        out.append(("ExpectColumnValuesToNotBeNull", {"column": name}))
    if "enum" in col:
        out.append(("ExpectColumnValuesToBeInSet", {"column": name, "value_set": col["enum"]}))
    if "pattern" in col:
        out.append(("ExpectColumnValuesToMatchRegex", {"column": name, "regex": col["pattern"]}))
    if "minimum" in col or "maximum" in col:
        out.append(("ExpectColumnValuesToBeBetween",
                    {"column": name, "min_value": col.get("minimum"), "max_value": col.get("maximum")}))
    if "min_length" in col:
        out.append(("ExpectColumnValueLengthsToBeBetween", {"column": name, "min_value": col["min_length"]}))
    return out


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns with None for missing values: the form Great Expectations' pandas engine reads best."""
    return frame.astype(object).where(frame.notna(), None)


def context():
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return gx, ctx


def batches(ctx) -> dict:
    """A batch definition (the whole data frame) per published table: they depend on the names only, so the
    worker makes them before the tables arrive."""
    source = ctx.data_sources.add_pandas("published")
    return {name: source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
            for name in dictionary.tables()}


# The Data Docs name each validation by its run's name and time (folders, links, the pages): a fixed run, in UTC,
# so that two builds of the same data write the same Data Docs whatever the clock and the time zone.
RUN_NAME, RUN_TIME = "build", "2008-01-18T00:00:00+00:00"  # the date of the arrêté


def run_id():
    import datetime

    from great_expectations.core.run_identifier import RunIdentifier

    return RunIdentifier(run_name=RUN_NAME, run_time=datetime.datetime.fromisoformat(RUN_TIME))


def run(gx, ctx, defined: dict, tables: dict[str, pd.DataFrame], docs: Path) -> list[str]:
    """Run every suite on its table's batch (`defined`: `batches`), build the Data Docs into `docs`; the
    failed expectations, in words.

    Results are pass or fail only (BOOLEAN_ONLY): a failure stops the build, which then publishes no
    Data Docs, so the unexpected values GE would otherwise collect for them would never be read."""
    ctx.add_data_docs_site(site_name="metiers", site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        # The validation pages list every expectation with its result: the suites' own pages would repeat them.
        "site_section_builders": {"expectations": "0", "profiling": "0"},
    })
    failures = []
    for name, expectations in suites(tables).items():
        suite = ctx.suites.add(gx.ExpectationSuite(name=name, expectations=[
            getattr(gx.expectations, kind)(**kwargs) for kind, kwargs in expectations]))
        definition = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=defined[name],
                                                                            suite=suite))
        outcome = definition.run(batch_parameters={"dataframe": plain(tables[name])}, result_format="BOOLEAN_ONLY",
                                 run_id=run_id())
        failures += [f"{name}: {r.expectation_config.type} {r.expectation_config.kwargs}"
                     for r in outcome.results if not r.success]
    ctx.build_data_docs(site_names=["metiers"])
    for page in sorted(docs.rglob("*.html")):
        page.write_text(steady(page.read_text(encoding="utf-8")), encoding="utf-8")
    return failures


LOGO_STAMP = re.compile(r"(logo-long\.png)\?d=[0-9T.]+Z")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STAMP = re.compile(r"\b\d{8}T\d{6}\.\d{6}Z\b")  # the batch's load time (ge_load_time); the run's own is fixed


def steady(html: str) -> str:
    """A Data Docs page without what Great Expectations makes anew each time: the time stamp it puts on its logo's
    address, the time each table was loaded (a batch marker), and the random ids (uuid4) of its collapsible
    blocks, numbered in their order on the page instead."""
    numbers: dict[str, str] = {}
    fixed = run_id().to_tuple()[1]
    html = STAMP.sub(lambda m: m.group(0) if m.group(0) == fixed else "(the build's time)", LOGO_STAMP.sub(r"\1", html))
    return UUID.sub(lambda m: numbers.setdefault(m.group(0), f"block-{len(numbers) + 1:04d}"), html)


def errno_of(exc: BaseException) -> int | None:
    """The errno of the first OSError in the chain of `exc` (Great Expectations wraps a full disk in errors of
    its own): the build says "no space left", not "validation failed"."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno is not None:
            return exc.errno
        exc = exc.__cause__ or exc.__context__
    return None


def serve() -> None:
    """The worker: import Great Expectations while the build prepares and say `ready`, then validate the tables
    it is sent with the Data Docs folder (a pickle on standard input); the failures go back as JSON on standard
    output, on the line after `ready`."""
    try:
        started = time.perf_counter()
        gx, ctx = context()
        defined = batches(ctx)
        imported = time.perf_counter()
        print("ready", flush=True)
        docs, tables = pickle.load(sys.stdin.buffer)
        received, cpu = time.perf_counter(), time.process_time()
        answer = {"status": "done", "failures": run(gx, ctx, defined, tables, Path(docs)), "seconds": {
            "expectations_import": imported - started, "expectations_run": time.perf_counter() - received,
            "expectations_run_cpu": time.process_time() - cpu}}
    except Exception as exc:  # every failure of the worker is reported to the build, which raises it
        traceback.print_exc()  # into the worker's log (pipeline.validate.gate), kept when it crashes
        answer = {"status": "crashed", "failures": [f"{type(exc).__name__}: {exc}"], "errno": errno_of(exc)}
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


if __name__ == "__main__":
    serve()
    # The build reads the answer until the worker exits: skip the interpreter's teardown, which frees Great
    # Expectations' objects one by one for a second or more. The Data Docs are written and closed.
    os._exit(0)
