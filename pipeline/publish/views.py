"""The views analysts query, and the DuckDB comments on every table, column, view and view column, from the
data dictionary (which declares each view's description and columns; the SQL is here)."""
from pipeline.core import dictionary
from pipeline.publish import datapackage
from pipeline.transform import compare

VIEWS = {
    "label_variants": """SELECT l.source_id, l.rome_code, o.label AS canonical_label,
                  rtrim(l.label_as_printed, '.') AS label_variant, count(*) AS rows_printed,
                  min(l.source_line) AS first_line
           FROM listings l JOIN occupations o USING (source_id, rome_code)
           WHERE o.label_variant_count > 1
           GROUP BY ALL ORDER BY l.source_id, l.rome_code, rows_printed DESC, first_line""",
    "findings_in_source": """SELECT f.*, f.check AS check_id, s.file, l.rome_code_as_printed AS printed_code,
                  l.label_as_printed AS printed_label
           FROM findings f
           JOIN sources s USING (source_id)
           LEFT JOIN listings l ON l.source_id = f.source_id AND l.source_line = f.source_line
           ORDER BY f.source_id, f.check, f.source_line""",
    "findings_by_check": """SELECT source_id, "check" AS check_id, severity, status, region_code, rome_code,
                  source_line, message
           FROM findings ORDER BY source_id, check_id, source_line""",
    "regions_2016": """SELECT DISTINCT region_code, region_name, region_2016_code, region_2016_name
           FROM regions ORDER BY region_2016_code, region_code""",
    "sources_side_by_side": f"""SELECT s.source_id_a, s.source_id_b, s.region_code, r.region_name, s.rome_code,
                  s.in_a, s.in_b, s.label_a, s.label_b
           FROM ({compare.SIDE_BY_SIDE}) s
           JOIN (SELECT DISTINCT region_code, region_name FROM regions) r USING (region_code)
           ORDER BY s.source_id_a, s.source_id_b, s.region_code, s.rome_code""",
}


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comments(view_columns: dict[str, list[str]]) -> list[str]:
    """COMMENT ON every table, column, view and view column, from the data dictionary, and on the openings matrix
    (one column per code) and its three key columns, the code columns described once, in the table's comment: each
    COMMENT ON COLUMN copies its table's catalog entry, every column of it, so that a comment per code would cost the
    square of the codes (5,000 codes: 20 s).

    `view_columns`: each view's columns as created."""
    out = []
    matrix = datapackage.matrix_schema([])
    codes = datapackage.MATRIX_CODE_COLUMN.format(code="<code>").replace("empty", "NULL")
    described = dict(dictionary.tables()) | {"openings_matrix": {
        "description": f"{datapackage.MATRIX_DESCRIPTION} Each column after region_name is named by a ROME code: "
                       f"{codes[0].lower()}{codes[1:]}", "columns": matrix["fields"]}}
    for name, table in described.items():
        out.append(f'COMMENT ON TABLE "{name}" IS {quote(table["description"])}')
        out += [f'COMMENT ON COLUMN "{name}"."{c["name"]}" IS {quote(c["description"])}' for c in table["columns"]]
    for name, view in dictionary.views().items():
        out.append(f'COMMENT ON VIEW "{name}" IS {quote(view["description"])}')
        described = {c["name"]: c["description"] for c in view["columns"]}
        out += [f'COMMENT ON COLUMN "{name}"."{column}" IS {quote(described[column])}'
                for column in view_columns[name]]
    return out


# The table macro `lists_in_force(date)`: the texts `lookup --on` answers with on that date (texts.lookup_from to
# lookup_to, both included; see texts.lookup_basis), the binding ones first. A text no date places is never in.
LISTS_IN_FORCE = """CREATE MACRO lists_in_force(day) AS TABLE
    SELECT text_id, version, part, series, binding, title, applies_to, states, listed_count, lookup_from, lookup_to,
           lookup_basis, date_signed, in_force_from, in_force_to
    FROM texts
    WHERE lookup_from IS NOT NULL AND lookup_from <= strftime(CAST(day AS DATE), '%Y-%m-%d')
      AND (lookup_to IS NULL OR lookup_to >= strftime(CAST(day AS DATE), '%Y-%m-%d'))
    ORDER BY binding DESC, series, lookup_from, text_id, part"""


def definitions() -> list[str]:
    """CREATE VIEW for each view, and the table macro lists_in_force."""
    return [f'CREATE VIEW "{name}" AS {sql}' for name, sql in VIEWS.items()] + [LISTS_IN_FORCE]
