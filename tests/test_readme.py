import re

import duckdb

from pipeline import readme
from tests.helpers import ROOT

TEXT = (ROOT / "README.md").read_text(encoding="utf-8")


def test_generated_parts_are_up_to_date():
    assert readme.render(TEXT) == TEXT, "run: .venv/bin/python -m pipeline.readme"


def test_the_three_example_queries(real_build):
    queries = re.findall(r"```sql\n(.*?)```", TEXT, re.DOTALL)
    assert len(queries) == 3
    con = duckdb.connect(str(real_build / "metiers.duckdb"), read_only=True)
    results = [con.execute(q).fetchall() for q in queries]
    assert results[0] == [("IMID0800328A", "regional"), ("IMIN0800012C", "regional")]
    assert results[1] == [("IMIN0800012C", "Limousin", 20, 18)]
    assert results[2] == [("Auvergne-Rhône-Alpes", 2), ("Bourgogne-Franche-Comté", 2), ("Grand Est", 2),
                          ("Normandie", 2), ("Pays de la Loire", 2), ("Provence-Alpes-Côte d'Azur", 2),
                          ("Centre-Val de Loire", 1), ("Hauts-de-France", 1)]
