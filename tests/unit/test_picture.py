"""The picture draws the matrix it is given: a title, source names, readable labels, and a nationwide line only
in the panel of a source that has a nationwide list (the circular; the arrêté has none)."""
import pandas as pd

from pipeline.publish import picture
from tests.helpers import read_table


def test_leading_nationwide_counts_only_columns_open_everywhere_nationwide():
    part = pd.DataFrame({"1": ["national", "both"], "2": ["national", "national"], "3": ["regional", "national"],
                         "4": ["national", "national"]})
    assert picture.leading_nationwide(part) == 2
    assert picture.leading_nationwide(part.replace({"national": "regional", "both": "regional"})) == 0


def test_the_picture_of_the_real_sources(real_build):
    matrix = read_table(real_build, "openings_matrix")
    fig = picture.figure(matrix, read_table(real_build, "occupations"), read_table(real_build, "sources"))
    circular, arrete = fig.axes
    assert fig._suptitle.get_text() == "Occupations open to third-country nationals in each region of France, 2008"
    assert circular.get_title() == ("Circulaire du 7 janvier 2008 (an instruction to prefects)\n"
                                    "the 6 occupations above the line are on its nationwide list")
    assert arrete.get_title() == ("Arrêté du 18 janvier 2008 (the binding list)\n"
                                  "no nationwide list: each region's list prints every occupation open there")
    assert [len(ax.lines) for ax in fig.axes] == [1, 0]
    labels = [t.get_text() for t in circular.get_yticklabels()]
    assert labels[0] == "32112  Cadre de l'audit et du contrôle comptable"  # the arrêté's label (binding)
    assert "52313  Installateur-maintenicien en ascenseurs (et autres systèmes…" in labels
    assert all(t.get_rotation() == 0 for t in circular.get_yticklabels())
    assert [t.get_text() for t in arrete.get_xticklabels()][-1] == "Corse"
