"""Documents the pipeline was not made with: small circulars typeset by tools/docgen (seeded, development seeds
only; the held-out seeds are scored by `make bench`, never here), each built as a user would, by the NOR it
prints. Each must build the text's rows for the lists it prints, or be refused with its page or line and a
cause: never published wrong."""
import re

import pandas as pd
import pytest

from pipeline.core.errors import PipelineError
from pipeline.core.paths import Layout
from pipeline.core.text import label_text
from pipeline.serve.prepare import prepare
from tests.helpers import ROOT
from tools.docgen import available_renderers, generate

REGIONS = 2  # regional lists a small document prints (the circular's first two), after the nationwide one
# Development seeds, with the fast renderers (a browser or an office suite starts per document: `make bench`).
DOCUMENTS = [(seed, renderer) for seed in (1000, 1001) for renderer in ("typst", "reportlab", "fpdf2")]


@pytest.fixture(scope="module")
def text():
    """The circular's rows as the text prints them, in its lists' order (the published listings of the text)."""
    rows = pd.read_csv(ROOT / "build" / "csv" / "listings.csv", dtype=str, keep_default_na=False)
    return rows[rows.source_id == "IMIN0800012C"]


def reference(tmp_path, regions: list[str]):
    """A region reference of the document's regions alone: the others' lists are not missing from it."""
    lines = (ROOT / "raw" / "reference" / "regions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "reference"
    folder.mkdir()
    (folder / "regions.csv").write_text(lines[0] + "".join(line for line in lines[1:] if line[:2] in regions),
                                        encoding="utf-8")
    return folder


@pytest.mark.parametrize(("seed", "renderer"), DOCUMENTS, ids=lambda v: str(v))
def test_a_generated_document_builds_the_text_s_rows_or_is_refused_by_page_and_cause(seed, renderer, text,
                                                                                     tmp_path):
    if not available_renderers()[renderer]:
        pytest.skip(f"{renderer} is not installed")
    pdf = generate(seed, tmp_path, renderer=renderer, scan=False, short=True, regions=REGIONS)
    regional = text[text.list_scope == "regional"]
    regions = list(dict.fromkeys(regional.sort_values("source_line", key=lambda s: s.astype(int)).region_code))
    kept = regions[:REGIONS]
    want = text[(text.list_scope == "national") | text.region_code.isin(kept)]
    try:
        tables = prepare(Layout(raw=pdf, reference=reference(tmp_path, kept), out=tmp_path / "out")).tables
    except PipelineError as refused:
        assert refused.page is not None or refused.line is not None or re.search(r":[0-9]+: ", str(refused)), \
            str(refused)
        return
    got = tables["listings"].astype(object).fillna("")
    got = got[got.source_id == "IMIN0800012C"]
    # Each row's label as printed, in one typographic form (the canonical label is the most printed of a code's
    # labels over the whole source, which a document of three lists does not print).
    assert rows(got) == rows(want)


def rows(listings: pd.DataFrame) -> list[tuple]:
    return sorted(zip(listings.list_scope, listings.region_code, listings.rome_code,
                      listings.label_as_printed.map(label_text)))


def test_the_score_names_each_row_whose_label_as_printed_is_not_the_text_s(tmp_path):
    from tools.documents import PRINTED, printed_differ

    def listings(folder, labels):
        folder.mkdir()
        rows = [",".join(["source_id", *PRINTED])] + [f"IMIN0800012C,regional,11,{n},\"{label}\""
                                                      for n, label in enumerate(labels, 1)]
        (folder / "listings.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        return folder

    text = listings(tmp_path / "text", ["Chargé d'études", "Installateur-maintenicien", "Géomètre"])
    built = listings(tmp_path / "built", ["Chargé d’études", "installateur-maintenicien", "Géomètre "])
    assert printed_differ(built, text) == [
        "regional 11 2: 'installateur-maintenicien' for 'Installateur-maintenicien'"]


@pytest.mark.parametrize(("printed", "outcome"), [("Géomètre", "same"), ("Geometre", "wrong")])
def test_a_published_document_with_a_row_whose_label_as_printed_is_not_the_text_s_is_published_wrong(
        tmp_path, monkeypatch, printed, outcome):
    import tools.documents as documents

    def table(folder, label):
        (folder / "csv").mkdir(parents=True)
        columns = sorted({"source_id", *documents.LISTING, *documents.PRINTED})
        row = {"source_id": "IMIN0800012C", "list_scope": "regional", "region_code": "11", "position": "1",
               "rome_code": "61222", "label": "Géomètre", "label_as_printed": label}
        (folder / "csv" / "listings.csv").write_text(",".join(columns) + "\n" + ",".join(row[c] for c in columns)
                                                     + "\n", encoding="utf-8")
        (folder / "csv" / "regions.csv").write_text("source_id,region_code,stated_count,listed_count\n"
                                                    "IMIN0800012C,11,1,1\n", encoding="utf-8")

    def built(pdf, out):
        table(out, printed)
        return 0, "", 1.0

    table(tmp_path / "text", "Géomètre")
    monkeypatch.setattr(documents, "built", built)
    assert documents.score(tmp_path / "c.pdf", tmp_path / "text" / "csv")["outcome"] == outcome
