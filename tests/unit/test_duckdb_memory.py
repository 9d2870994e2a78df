"""The DuckDB file's memory grows with the occupations, not with their square: 3,000 codes (a column each in
openings_matrix, a COMMENT ON COLUMN each) within 1 GiB (in one transaction: 2-3 GB)."""
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
writers.write_duckdb(arrows, matrix, Path(tempfile.mkdtemp()) / "metiers.duckdb")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_the_duckdb_file_of_3000_codes_takes_under_a_gigabyte():
    run = subprocess.run([sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout.split()[-1]) < 1024, run.stdout
