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


def synthetic(codes: int):
    """A matrix of two sources, three regions and `codes` occupations, each open regionally."""
    names = [f"{90000 + i}" for i in range(codes)]
    sources = pd.DataFrame({"source_id": ["A", "B"], "kind": ["circulaire", "arrete"],
                            "title": ["Circulaire du 7 janvier 2008", "Arrêté du 18 janvier 2008"]})
    matrix = pd.DataFrame([{"source_id": s, "region_code": r, "region_name": f"Région {r}",
                            **dict.fromkeys(names, "regional")} for s in ("A", "B") for r in ("11", "21", "22")])
    occupations = pd.DataFrame({"source_id": "B", "rome_code": names, "label": [f"Métier {c}" for c in names]})
    return matrix, occupations, sources


def png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_the_picture_stops_growing_with_the_occupations():
    """Up to ROWS_DRAWN occupations a row each; beyond, the same height with every k-th labelled: 400 codes
    draw a picture no taller than 150 (before, 0.3 inch a code: 5,000 codes, 120,000 pixels and 8 GB)."""
    few, many = picture.ROWS_DRAWN, 400
    small = png_size(picture.png(*synthetic(few)))
    large = png_size(picture.png(*synthetic(many)))
    assert large == small
    fig = picture.figure(*synthetic(many))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    step = -(-many // few)
    assert len(labels) <= few and labels[:2] == ["90000  Métier 90000", f"{90000 + step}  Métier {90000 + step}"]
    assert png_size(picture.png(*synthetic(10)))[1] < small[1]
