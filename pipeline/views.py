"""DuckDB comments (from the data dictionary) and the views analysts query."""
from pipeline import dictionary

VIEWS = {
    "openings_by_region": (
        "Openings with the official region name, its 2016 successor and the occupation's canonical label.",
        """SELECT o.source_id, o.region_code, r.region_name, r.region_2016_name, o.rome_code, c.label, o.basis
           FROM openings o
           JOIN regions r USING (source_id, region_code)
           JOIN occupations c USING (source_id, rome_code)
           ORDER BY o.source_id, o.region_code, o.rome_code"""),
    "openings_matrix": (
        "The region × occupation matrix, one row per source and region, one column per ROME code "
        "(the basis where open, NULL where not).",
        """PIVOT (SELECT source_id, region_code, rome_code, basis FROM openings)
           ON rome_code IN ({codes}) USING first(basis) GROUP BY source_id, region_code
           ORDER BY source_id, region_code"""),
    "label_variants": (
        "Each label printed for a code, with how many rows print it, for codes printed under several labels.",
        """SELECT l.source_id, l.rome_code, o.label AS canonical_label,
                  rtrim(l.label_as_printed, '.') AS label_variant, count(*) AS rows_printed,
                  min(l.source_line) AS first_line
           FROM listings l JOIN occupations o USING (source_id, rome_code)
           WHERE o.label_variant_count > 1
           GROUP BY ALL ORDER BY l.source_id, l.rome_code, rows_printed DESC, first_line"""),
    "findings_in_source": (
        "Findings with the source file they point at and, where the finding is on a printed row, that row.",
        """SELECT f.*, s.file, l.rome_code_as_printed AS printed_code, l.label_as_printed AS printed_label
           FROM findings f
           JOIN sources s USING (source_id)
           LEFT JOIN listings l ON l.source_id = f.source_id AND l.source_line = f.source_line
           ORDER BY f.source_id, f.check, f.source_line"""),
    "regions_2016": (
        "The 22 regions of 2008 with the region that succeeded each in 2016.",
        """SELECT DISTINCT region_code, region_name, region_2016_code, region_2016_name
           FROM regions ORDER BY region_2016_code, region_code"""),
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
           ORDER BY c.source_id_a, c.source_id_b, c.region_code, c.rome_code"""),
}


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comments() -> list[str]:
    """COMMENT ON every table and column, from the data dictionary."""
    out = []
    for name, table in dictionary.tables().items():
        out.append(f'COMMENT ON TABLE "{name}" IS {quote(table["description"])}')
        out += [f'COMMENT ON COLUMN "{name}"."{c["name"]}" IS {quote(c["description"])}' for c in table["columns"]]
    return out


def definitions(codes: list[str]) -> list[str]:
    """CREATE VIEW for each view, with its comment; `codes` are the matrix's columns."""
    out = []
    listed = ", ".join(quote(code) for code in codes)
    for name, (description, sql) in VIEWS.items():
        sql = sql.replace("{codes}", listed)
        out += [f'CREATE VIEW "{name}" AS {sql}', f'COMMENT ON VIEW "{name}" IS {quote(description)}']
    return out
