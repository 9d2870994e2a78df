"""The DuckDB file's memory grows with the occupations, not with their square: 3,000 codes (a column each in
openings_matrix) within 1 GiB (with a COMMENT ON COLUMN each, in one transaction: 2-3 GB), and the comments made
do not grow with the codes (a comment per code column: the square of the codes in time)."""
import subprocess
import sys

from tests.helpers import ROOT

PROGRAM = """
import resource, sys, tempfile
from pathlib import Path
import pandas as pd
from pipeline.core import dictionary
from pipeline.publish import writers
codes = [str(90000 + i) for i in range(3000)]
matrix = pd.DataFrame([{"source_id": "A", "region_code": "11", "region_name": "Île-de-France",
                        **dict.fromkeys(codes, "regional")}])
tables = {name: dictionary.conform(pd.DataFrame(columns=[c["name"] for c in dictionary.columns(name)]), name)
          for name in dictionary.tables()}
arrows = {name: writers.arrow_table(tables[name], name) for name in dictionary.tables()}
path = Path(tempfile.mkdtemp()) / "metiers.duckdb"
writers.write_duckdb(arrows, matrix, path)
import duckdb
print(duckdb.connect(str(path), read_only=True).execute(
    "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'openings_matrix' AND comment IS NOT NULL").fetchone()[0])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_the_duckdb_file_of_3000_codes_takes_under_a_gigabyte():
    run = subprocess.run([sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    commented, peak = run.stdout.split()[-2:]
    assert int(peak) < 1024, run.stdout
    assert int(commented) == 3, run.stdout
