"""DuckDB comments (from the data dictionary) and the views analysts query."""
from pipeline import datapackage, dictionary

# Each view: its description, its SQL, and a description of each of its columns: a dictionary column
# ("table.column") or words of its own.
VIEWS = {
    "label_variants": (
        "Each label printed for a code, with how many rows print it, for codes printed under several labels.",
        """SELECT l.source_id, l.rome_code, o.label AS canonical_label,
                  rtrim(l.label_as_printed, '.') AS label_variant, count(*) AS rows_printed,
                  min(l.source_line) AS first_line
           FROM listings l JOIN occupations o USING (source_id, rome_code)
           WHERE o.label_variant_count > 1
           GROUP BY ALL ORDER BY l.source_id, l.rome_code, rows_printed DESC, first_line""",
        {"source_id": "listings.source_id", "rome_code": "listings.rome_code", "canonical_label": "occupations.label",
         "label_variant": "One label printed for the code (closing full stop dropped).",
         "rows_printed": "Number of rows that print this label for the code.",
         "first_line": "First line of the source that prints it."}),
    "findings_in_source": (
        "Findings with the source file they point at and, where the finding is on a printed row, that row.",
        """SELECT f.*, f.check AS check_id, s.file, l.rome_code_as_printed AS printed_code,
                  l.label_as_printed AS printed_label
           FROM findings f
           JOIN sources s USING (source_id)
           LEFT JOIN listings l ON l.source_id = f.source_id AND l.source_line = f.source_line
           ORDER BY f.source_id, f.check, f.source_line""",
        {**{c["name"]: f"findings.{c['name']}" for c in dictionary.columns("findings")},
         "check_id": "findings.check", "file": "sources.file", "printed_code": "listings.rome_code_as_printed",
         "printed_label": "listings.label_as_printed"}),
    "findings_by_check": (
        "The findings with their check id as check_id, which needs no quoting in SQL (check is a keyword).",
        """SELECT source_id, "check" AS check_id, severity, status, region_code, rome_code, source_line, message
           FROM findings ORDER BY source_id, check_id, source_line""",
        {**{c["name"]: f"findings.{c['name']}" for c in dictionary.columns("findings") if c["name"] != "check"},
         "check_id": "findings.check"}),
    "regions_2016": (
        "The 22 regions of 2008 with the region that succeeded each in 2016.",
        """SELECT DISTINCT region_code, region_name, region_2016_code, region_2016_name
           FROM regions ORDER BY region_2016_code, region_code""",
        {c: f"regions.{c}" for c in ("region_code", "region_name", "region_2016_code", "region_2016_name")}),
    "sources_side_by_side": (
        "Per region and occupation, whether the circular (a) and the arrêté (b) open it, and their labels.",
        """WITH pairs AS (
             SELECT a.source_id AS source_id_a, b.source_id AS source_id_b
             FROM sources a, sources b WHERE a.kind = 'circulaire' AND b.kind = 'arrete'),
           cells AS (
             SELECT p.source_id_a, p.source_id_b, o.region_code, o.rome_code
             FROM pairs p JOIN openings o ON o.source_id IN (p.source_id_a, p.source_id_b)
             GROUP BY ALL)
           SELECT c.source_id_a, c.source_id_b, c.region_code, r.region_name, c.rome_code,
                  oa.rome_code IS NOT NULL AS in_a, ob.rome_code IS NOT NULL AS in_b,
                  la.label AS label_a, lb.label AS label_b
           FROM cells c
           JOIN (SELECT DISTINCT region_code, region_name FROM regions) r USING (region_code)
           LEFT JOIN openings oa ON oa.source_id = c.source_id_a AND oa.region_code = c.region_code
                                AND oa.rome_code = c.rome_code
           LEFT JOIN openings ob ON ob.source_id = c.source_id_b AND ob.region_code = c.region_code
                                AND ob.rome_code = c.rome_code
           LEFT JOIN occupations la ON la.source_id = c.source_id_a AND la.rome_code = c.rome_code
           LEFT JOIN occupations lb ON lb.source_id = c.source_id_b AND lb.rome_code = c.rome_code
           ORDER BY c.source_id_a, c.source_id_b, c.region_code, c.rome_code""",
        {**{c["name"]: f"source_differences.{c['name']}" for c in dictionary.columns("source_differences")},
         "region_name": "regions.region_name"}),
}


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comments(matrix_schema: dict) -> list[str]:
    """COMMENT ON every table and column: from the data dictionary, and the matrix's from its schema."""
    out = []
    described = dict(dictionary.tables()) | {"openings_matrix": {"description": datapackage.MATRIX_DESCRIPTION,
                                                                 "columns": matrix_schema["fields"]}}
    for name, table in described.items():
        out.append(f'COMMENT ON TABLE "{name}" IS {quote(table["description"])}')
        out += [f'COMMENT ON COLUMN "{name}"."{c["name"]}" IS {quote(c["description"])}' for c in table["columns"]]
    return out


def column_description(text: str) -> str:
    """A view column's description: a dictionary column's ("table.column") or the words given."""
    table, _, column = text.partition(".")
    if column and table in dictionary.tables() and " " not in text:
        return next(c["description"] for c in dictionary.columns(table) if c["name"] == column)
    return text


def definitions() -> list[str]:
    """CREATE VIEW for each view, with its comment and one on each of its columns."""
    out = []
    for name, (description, sql, columns) in VIEWS.items():
        out += [f'CREATE VIEW "{name}" AS {sql}', f'COMMENT ON VIEW "{name}" IS {quote(description)}']
        out += [f'COMMENT ON COLUMN "{name}"."{column}" IS {quote(column_description(text))}'
                for column, text in columns.items()]
    return out
