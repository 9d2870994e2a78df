"""The data dictionary (dictionary.toml): tables, columns, types and descriptions, described once."""
import tomllib
from functools import cache
from pathlib import Path

import pandas as pd

PATH = Path(__file__).with_name("dictionary.toml")


@cache
def tables() -> dict:
    """Every published table's description, keys and columns, in publishing order."""
    return tomllib.loads(PATH.read_text(encoding="utf-8"))


def columns(table: str) -> list[dict]:
    return tables()[table]["columns"]


def conform(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame with the table's columns, in order, each in its dictionary type (missing values as NA)."""
    out = pd.DataFrame(index=frame.index)
    for col in columns(table):
        out[col["name"]] = cast(frame[col["name"]] if col["name"] in frame else pd.Series(pd.NA, index=frame.index),
                                col["type"])
    return out.reset_index(drop=True)


def cast(series: pd.Series, kind: str) -> pd.Series:
    if kind == "integer":
        return series.astype("Int64")
    if kind == "boolean":
        return series.astype("boolean")
    if kind == "number":
        return series.astype("Float64")
    return series.astype("string")
