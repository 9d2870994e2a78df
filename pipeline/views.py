"""The views analysts query, and the DuckDB comments on every table, column, view and view column, from the
data dictionary (which declares each view's description and columns; the SQL is here)."""
from pipeline import compare, dictionary

VIEWS = {
    "openings_by_region": """SELECT o.source_id, o.region_code, r.region_name, r.region_2016_name, o.rome_code,
                  c.label, o.basis
           FROM openings o
           JOIN regions r USING (source_id, region_code)
           JOIN occupations c USING (source_id, rome_code)
           ORDER BY o.source_id, o.region_code, o.rome_code""",
    "openings_matrix": """PIVOT (SELECT source_id, region_code, rome_code, basis FROM openings)
           ON rome_code IN ({codes}) USING first(basis) GROUP BY source_id, region_code
           ORDER BY source_id, region_code""",
    "label_variants": """SELECT l.source_id, l.rome_code, o.label AS canonical_label,
                  rtrim(l.label_as_printed, '.') AS label_variant, count(*) AS rows_printed,
                  min(l.source_line) AS first_line
           FROM listings l JOIN occupations o USING (source_id, rome_code)
           WHERE o.label_variant_count > 1
           GROUP BY ALL ORDER BY l.source_id, l.rome_code, rows_printed DESC, first_line""",
    "findings_in_source": """SELECT f.*, s.file, l.rome_code_as_printed AS printed_code,
                  l.label_as_printed AS printed_label
           FROM findings f
           JOIN sources s USING (source_id)
           LEFT JOIN listings l ON l.source_id = f.source_id AND l.source_line = f.source_line
           ORDER BY f.source_id, f.check, f.source_line""",
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
    """COMMENT ON every table, column, view and view column, from the data dictionary.

    `view_columns`: each view's columns as created (the matrix's depend on the codes)."""
    out = []
    for name, table in dictionary.tables().items():
        out.append(f'COMMENT ON TABLE "{name}" IS {quote(table["description"])}')
        out += [f'COMMENT ON COLUMN "{name}"."{c["name"]}" IS {quote(c["description"])}' for c in table["columns"]]
    for name, view in dictionary.views().items():
        out.append(f'COMMENT ON VIEW "{name}" IS {quote(view["description"])}')
        described = {c["name"]: c["description"] for c in view["columns"]}
        out += [f'COMMENT ON COLUMN "{name}"."{column}" IS {quote(described.get(column) or view["other_columns"])}'
                for column in view_columns[name]]
    return out


def definitions(codes: list[str]) -> list[str]:
    """CREATE VIEW for each view; `codes` are the matrix's columns."""
    listed = ", ".join(quote(code) for code in codes)
    return [f'CREATE VIEW "{name}" AS {sql.replace("{codes}", listed)}' for name, sql in VIEWS.items()]
