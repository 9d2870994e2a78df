"""Stage 2c: compare a circular with an arrêté, region by region: where do the two texts disagree?

The comparison is one SQL query, SIDE_BY_SIDE: the published table `source_differences` is its rows
where the two sides differ, and the DuckDB view `sources_side_by_side` is the query itself, so the
two cannot drift apart.
"""
from functools import cache

import duckdb
import pandas as pd

SIDE_BY_SIDE = """
    WITH pairs AS (
      SELECT a.source_id AS source_id_a, b.source_id AS source_id_b
      FROM sources a, sources b WHERE a.kind = 'circulaire' AND b.kind = 'arrete'),
    cells AS (
      SELECT DISTINCT p.source_id_a, p.source_id_b, o.region_code, o.rome_code
      FROM pairs p JOIN openings o ON o.source_id IN (p.source_id_a, p.source_id_b))
    SELECT c.source_id_a, c.source_id_b, c.region_code, c.rome_code,
           oa.rome_code IS NOT NULL AS in_a, ob.rome_code IS NOT NULL AS in_b,
           la.label AS label_a, lb.label AS label_b
    FROM cells c
    LEFT JOIN openings oa ON oa.source_id = c.source_id_a AND oa.region_code = c.region_code
                         AND oa.rome_code = c.rome_code
    LEFT JOIN openings ob ON ob.source_id = c.source_id_b AND ob.region_code = c.region_code
                         AND ob.rome_code = c.rome_code
    LEFT JOIN occupations la ON la.source_id = c.source_id_a AND la.rome_code = c.rome_code
    LEFT JOIN occupations lb ON lb.source_id = c.source_id_b AND lb.rome_code = c.rome_code"""
ORDER = "ORDER BY source_id_a, source_id_b, region_code, rome_code"
DIFFERENCES = f"SELECT * FROM ({SIDE_BY_SIDE}) WHERE in_a <> in_b {ORDER}"


@cache
def database() -> duckdb.DuckDBPyConnection:
    """An in-memory database for the comparison, opened once (opening one costs more than the query)."""
    return duckdb.connect()


def differences(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per region and occupation open in one source of a circular-arrêté pair and not in the other."""
    con = database().cursor()  # a connection of its own, so that threads may compare at once
    try:
        for name in ("sources", "openings", "occupations"):
            con.register(name, tables[name])
        return con.execute(DIFFERENCES).df()
    finally:
        con.close()
