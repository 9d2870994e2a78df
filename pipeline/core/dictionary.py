"""The data dictionary (dictionary.toml): every table, column and view, declared once.

Column patterns are resolved here (a column names one of [patterns]) and view columns declared
`like` a table column take its name, type and description, so every reader sees plain columns.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PATH = Path(__file__).with_name("dictionary.toml")
TYPES = ("string", "integer", "boolean", "number")
CONSTRAINTS = ("required", "pattern", "enum", "minimum", "maximum", "min_length")


@cache
def declared() -> dict:
    return tomllib.loads(PATH.read_text(encoding="utf-8"))


def resolved(table: dict) -> dict:
    """The table with each column checked against what readers know, and its pattern resolved."""
    patterns = declared()["patterns"]
    for col in table["columns"]:
        unknown = set(col) - {"name", "type", "description", *CONSTRAINTS}
        if unknown or col.get("type") not in TYPES or col.get("pattern", "rome_code") not in patterns:
            raise ValueError(f"{PATH}: column {col.get('name')}: unknown key {sorted(unknown)}, type or pattern")
    columns = [{**c, "pattern": patterns[c["pattern"]]} if "pattern" in c else c for c in table["columns"]]
    return {**table, "columns": columns}


@cache
def tables() -> dict:
    """Every published table's description, keys and columns, in publishing order."""
    return {name: resolved(table) for name, table in declared()["tables"].items()}


@cache
def intermediate() -> dict:
    """The intermediate layer: the printed lists and rows, as extracted, that the build and `check` read."""
    return {name: resolved(table) for name, table in declared()["intermediate"].items()}


@cache
def views() -> dict:
    """Each DuckDB view's description and columns (name, type where known, description)."""
    out = {}
    for name, view in declared()["views"].items():
        columns = []
        for col in view["columns"]:
            if "like" in col:
                table, column = col["like"].split(".")
                source = next(c for c in tables()[table]["columns"] if c["name"] == column)
                col = {"name": col.get("name", column), "type": source["type"], "description": source["description"]}
            columns.append(col)
        out[name] = {**view, "columns": columns}
    return out


def columns(table: str) -> list[dict]:
    return {**tables(), **intermediate()}[table]["columns"]


@cache
def pandas_types() -> dict:
    """Each type as pandas holds it, missing values as NA. Text held by Python, whatever pandas' default
    (pyarrow): the same in every table, whoever made it (see pipeline.serve.cli.python_strings). pandas is
    imported here, not with the module: `lookup` reads the dictionary without it."""
    import pandas as pd

    return {"string": pd.StringDtype("python"), "integer": pd.Int64Dtype(), "boolean": pd.BooleanDtype(),
            "number": pd.Float64Dtype()}


def conform(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame with the table's columns, in order, each in its dictionary type (missing values as NA)."""
    import pandas as pd

    return pd.DataFrame({col["name"]: cast(frame[col["name"]] if col["name"] in frame
                                          else pd.Series(pd.NA, index=frame.index), col["type"])
                         for col in columns(table)}, index=frame.index).reset_index(drop=True)


def cast(series: pd.Series, kind: str) -> pd.Series:
    return series.astype(pandas_types()[kind])
