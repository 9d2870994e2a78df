"""Adding a column is one edit: for every column of every table, the pandera contract, the Great
Expectations suite, datapackage.json, the DuckDB comments and types, and docs/data-dictionary.md agree with its
declaration in pipeline/core/dictionary.toml; every DuckDB view column carries its declared comment."""
import json
import re

import duckdb
import pandas as pd
import pytest
from pandera.engines import pandas_engine

from pipeline.core import dictionary
from pipeline.core.paths import Layout
from pipeline.serve.prepare import prepare
from pipeline.validate import contracts, expectations
from tests.helpers import ROOT

README = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "boolean": "BOOLEAN", "number": "DOUBLE"}
PANDAS_TYPES = {"string": "string[python]", "integer": "Int64", "boolean": "boolean", "number": "Float64"}
COLUMNS = [(t, c["name"]) for t in dictionary.tables() for c in dictionary.columns(t)]


def declared(table, column):
    col = next(c for c in dictionary.columns(table) if c["name"] == column)
    constraints = {k: col[k] for k in dictionary.CONSTRAINTS if k in col and col[k] is not False}
    return col, constraints


def from_pandera(table, column):
    col = contracts.schema(table).columns[column]
    out = {} if col.nullable else {"required": True}
    for check in col.checks:
        stats = check.statistics
        out.update({"str_matches": {"pattern": stats.get("pattern")}, "isin": {"enum": stats.get("allowed_values")},
                    "greater_than_or_equal_to": {"minimum": stats.get("min_value")},
                    "less_than_or_equal_to": {"maximum": stats.get("max_value")},
                    "str_length": {"min_length": stats.get("min_value")}}[check.name])
    accepts = {kind for kind, dtype in PANDAS_TYPES.items() if col.dtype.check(pandas_engine.Engine.dtype(dtype))}
    return accepts, out


def from_great_expectations(table, column):
    out = {}
    for kind, kwargs in expectations.declared(table):
        if kwargs.get("column") != column:
            continue
        if kind == "ExpectColumnValuesToNotBeNull":
            out["required"] = True
        elif kind == "ExpectColumnValuesToBeInSet":
            out["enum"] = kwargs["value_set"]
        elif kind == "ExpectColumnValuesToMatchRegex":
            out["pattern"] = kwargs["regex"]
        elif kind == "ExpectColumnValuesToBeBetween":
            out.update({k: v for k, v in (("minimum", kwargs["min_value"]), ("maximum", kwargs["max_value"]))
                        if v is not None})
        elif kind == "ExpectColumnValueLengthsToBeBetween":
            out["min_length"] = kwargs["min_value"]
    return out


def from_datapackage(package, table, column):
    resource = next(r for r in package["resources"] if r["name"] == table)
    field = next(f for f in resource["schema"]["fields"] if f["name"] == column)
    names = {"minLength": "min_length"}
    return field["type"], field["description"], {names.get(k, k): v for k, v in field.get("constraints", {}).items()}


def from_readme(table, column):
    block = README.split(f"### `{table}`\n", 1)[1].split("\n### ", 1)[0]
    cells = re.search(rf"^\| `{column}` \| (.*?) \| (.*?) \| (.*) \|$", block, re.MULTILINE)
    return cells.groups()


@pytest.fixture(scope="module")
def published_metadata(real_build):
    package = json.loads((real_build / "datapackage.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(real_build / "metiers.duckdb"), read_only=True)
    rows = con.execute("SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
                       "WHERE NOT internal").fetchall()
    tables = dict(con.execute("SELECT table_name, comment FROM duckdb_tables()").fetchall())
    views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    con.close()
    return package, {(t, c): (ty, comment) for t, c, ty, comment in rows}, tables, views


@pytest.mark.parametrize(("table", "column"), COLUMNS)
def test_every_column_agrees_everywhere(published_metadata, table, column):
    package, duck, _, _ = published_metadata
    col, constraints = declared(table, column)
    dtype, pandera_constraints = from_pandera(table, column)
    assert (dtype, pandera_constraints) == ({col["type"]}, constraints)
    assert from_great_expectations(table, column) == constraints
    assert from_datapackage(package, table, column) == (col["type"], col["description"], constraints)
    assert duck[(table, column)] == (DUCKDB_TYPES[col["type"]], col["description"])
    kind, written, description = from_readme(table, column)
    assert (kind, description) == (col["type"], col["description"])
    assert ("required" in written) == ("required" in constraints)
    for value in [constraints.get("pattern"), *constraints.get("enum", [])]:
        assert value is None or f"`{value}`" in written


@pytest.mark.parametrize("table", list(dictionary.tables()))
def test_every_key_agrees_everywhere(published_metadata, table):
    package = published_metadata[0]
    key = dictionary.tables()[table].get("primary_key")
    schema = contracts.schema(table)
    pandera_key = schema.unique or [name for name, col in schema.columns.items() if col.unique] or None
    assert pandera_key == key
    resource = next(r for r in package["resources"] if r["name"] == table)
    assert resource["schema"].get("primaryKey") == key
    unique = [kw.get("column_list", [kw.get("column")]) for kind, kw in expectations.declared(table)
              if kind in ("ExpectCompoundColumnsToBeUnique", "ExpectColumnValuesToBeUnique")]
    assert unique == ([key] if key else [])
    assert published_metadata[2][table] == dictionary.tables()[table]["description"]
    foreign = [(fk["fields"], fk["table"], fk["reference"])
               for fk in dictionary.tables()[table].get("foreign_keys", [])]
    assert [(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
            for fk in resource["schema"].get("foreignKeys", [])] == foreign


def test_every_view_and_view_column_carries_its_declared_comment(published_metadata):
    _, duck, _, views = published_metadata
    assert {name: view["description"] for name, view in dictionary.views().items()} == views
    for name, view in dictionary.views().items():
        created = {c: comment for (t, c), (_, comment) in duck.items() if t == name}
        declared_columns = {c["name"]: c["description"] for c in view["columns"]}
        assert list(created)[:len(declared_columns)] == list(declared_columns), name
        for column, comment in created.items():
            assert comment == declared_columns.get(column, view.get("other_columns")), (name, column)
    # source_id, region_code, region_name and the 32 codes of openings_matrix.csv (test_publish)
    assert len([c for t, c in duck if t == "openings_matrix"]) == 3 + 32


def test_patterns_are_ascii_and_declared_once():
    for pattern in dictionary.declared()["patterns"].values():
        assert "\\d" not in pattern and pattern.isascii()
    sources = [p for p in (ROOT / "pipeline").glob("*.py")] + [p for p in (ROOT / "checks").glob("*.py")]
    for path in sources:
        assert "[0-9]{5}" not in path.read_text(encoding="utf-8"), path


def test_no_expectation_is_computed_from_the_table_under_test():
    prepared = prepare(Layout())
    tables = {**prepared.tables, **prepared.intermediate}
    reference = expectations.suites(tables)
    for name in dictionary.tables():
        emptied = {**tables, name: tables[name].iloc[0:0]}
        assert expectations.suites(emptied)[name] == reference[name], name


def test_every_foreign_key_is_an_expectation_on_the_referenced_values():
    prepared = prepare(Layout())
    tables = {**prepared.tables, **prepared.intermediate}
    suites = expectations.suites(tables)
    for name, table in dictionary.tables().items():
        for key in table.get("foreign_keys", []):
            for column, referenced in zip(key["fields"], key["reference"]):
                values = sorted(set(tables[key["table"]][referenced].dropna()))
                assert ("ExpectColumnValuesToBeInSet", {"column": column, "value_set": values}) in suites[name]


def test_a_mistyped_constraint_is_refused():
    table = {"description": "t", "columns": [{"name": "c", "type": "string", "description": "d", "requried": True}]}
    with pytest.raises(ValueError, match=r"column c: unknown key \['requried'\]"):
        dictionary.resolved(table)
    table["columns"][0] = {"name": "c", "type": "string", "description": "d", "pattern": "rome"}
    with pytest.raises(ValueError, match="column c: unknown key"):
        dictionary.resolved(table)


def test_a_column_of_every_known_key_and_type_is_resolved():
    """Its pattern named is replaced by the pattern; the table's other keys are kept (called on a table, not
    through dictionary.tables(), which is read once per process)."""
    full = {"name": "c", "type": "string", "description": "d", "required": True, "pattern": "region_code",
            "enum": ["11"], "minimum": 1, "maximum": 2, "min_length": 2}
    others = [{"name": kind, "type": kind, "description": kind} for kind in ("integer", "boolean", "number")]
    table = {"description": "t", "primary_key": ["c"], "columns": [full, *others]}
    assert dictionary.resolved(table) == {"description": "t", "primary_key": ["c"],
                                          "columns": [{**full, "pattern": "^[0-9]{2}$"}, *others]}
    for kind in ("text", None):
        with pytest.raises(ValueError, match=re.escape(f"{dictionary.PATH}: column c: unknown key [], type or "
                                                       "pattern")):
            dictionary.resolved({"columns": [{"name": "c", "type": kind}]})


def test_every_declared_type_has_its_pandas_type():
    assert tuple(dictionary.pandas_types()) == dictionary.TYPES


def test_a_frame_is_conformed_row_for_row_whatever_its_index():
    """Its rows kept in order, numbered anew; a column it lacks is all missing, in its declared type."""
    frame = dictionary.conform(pd.DataFrame({"source_id": ["S", "T"], "basis": ["both", None]}, index=[5, 7]),
                               "openings")
    assert frame.index.tolist() == [0, 1] and frame.columns.tolist() == ["source_id", "region_code", "rome_code", "basis"]
    assert frame.source_id.tolist() == ["S", "T"] and frame.region_code.isna().all() and str(frame.region_code.dtype) == "string"
