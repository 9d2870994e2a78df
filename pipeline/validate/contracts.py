"""Contracts between stages: a pandera schema per table, generated from the data dictionary, validated lazily.

The rules no column declaration can express (they relate columns of a row) are written here, and
only here. Every failure is collected (pandera's lazy mode); the `contract` check turns each into a
finding that points at the source line of the failing row, where the table has one.
"""
from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.errors import SchemaErrors

from pipeline.core import dictionary

FAILURE_COLUMNS = ["source_id", "source_line", "table", "column", "value", "rule"]


def national_has_no_region(df: pd.DataFrame) -> pd.Series:
    return (df.list_scope == "national") == df.region_code.isna()


def sides_differ(df: pd.DataFrame) -> pd.Series:
    return df.in_a != df.in_b


CROSS_COLUMN = {"listings": [national_has_no_region], "source_differences": [sides_differ]}


class Text(pandas_engine.STRING):
    """pandera's text type, a column of that very type passing at once. pandera's own check answers it
    value by value, all true, and pandera then writes a report of no failures for every text column of
    every table: a third of the contracts' time. Other types are checked as pandera checks them (an object
    column value by value, its values that are not text failing)."""

    def check(self, pandera_dtype, data_container=None):
        if getattr(pandera_dtype, "type", None) == self.type:
            return True
        return super().check(pandera_dtype, data_container)


def column_checks(col: dict) -> list[pa.Check]:
    """The declared constraints of a column, as pandera checks (`required` is nullability, not a check)."""
    checks = []
    if "pattern" in col:
        checks.append(pa.Check.str_matches(col["pattern"]))
    if "enum" in col:
        checks.append(pa.Check.isin(col["enum"]))
    if "minimum" in col:
        checks.append(pa.Check.ge(col["minimum"]))
    if "maximum" in col:
        checks.append(pa.Check.le(col["maximum"]))
    if "min_length" in col:
        checks.append(pa.Check.str_length(min_value=col["min_length"]))
    return checks


@cache
def schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of a table or intermediate table, from its declaration alone."""
    table = {**dictionary.tables(), **dictionary.intermediate()}[name]
    key = table.get("primary_key", [])
    types = {**dictionary.pandas_types(), "string": Text(dictionary.pandas_types()["string"].storage)}
    columns = {c["name"]: pa.Column(types[c["type"]], column_checks(c),
                                    nullable=not c.get("required", False), unique=key == [c["name"]])
               for c in table["columns"]}
    rules = [pa.Check(rule, name=rule.__name__) for rule in CROSS_COLUMN.get(name, [])]
    return pa.DataFrameSchema(columns, checks=rules, strict=True, name=name,
                              unique=key if len(key) > 1 else None)


def failures(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Every failure of `frame` against its schema: where (source_id, source_line), column, value, rule."""
    try:
        schema(name).validate(frame, lazy=True)
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    except SchemaErrors as exc:
        cases = exc.failure_cases
    out = []
    for case in cases.itertuples():
        row = frame.loc[case.index] if pd.notna(case.index) and case.index in frame.index else None
        out.append({
            "source_id": (row.get("source_id") if row is not None else None) or "pipeline",
            "source_line": row.get("source_line") if row is not None and "source_line" in row else None,
            "table": name, "column": case.column if pd.notna(case.column) else "*",
            "value": case.failure_case, "rule": case.check,
        })
    return pd.DataFrame(out, columns=FAILURE_COLUMNS)
