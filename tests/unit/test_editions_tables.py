"""The editions' tables from the raw files and the curated decisions: rules first, decisions only where no rule
settles, and a decision that no longer holds reported."""
import dataclasses
import shutil

import pandas as pd
import pytest

from pipeline.core.errors import CurationError
from pipeline.core.paths import Layout
from pipeline.core.text import fold
from pipeline.extract import editions
from pipeline.transform import editions as tables
from pipeline.validate import curation_editions
from pipeline.validate.checks.catalogue import CATALOGUE
from tests.helpers import RAW, ROOT, read_table

FILES = editions.load(RAW)
CUR = curation_editions.load(Layout())
OCCUPATIONS = read_table(ROOT / "build", "occupations")
SOURCES = read_table(ROOT / "build", "sources")


def built(cur=CUR):
    return tables.build(FILES, SOURCES, OCCUPATIONS, cur)


def test_fold():
    assert fold("Élevage bovin ou équin.") == fold("Elevage bovin ou équin") == "elevage bovin ou equin"
    assert fold("Rédaction technique **") == "redaction technique"
    assert fold("Boulangerie, viennoiserie.") == fold("Boulangerie - viennoiserie")
    assert fold("Manœuvre du réseau ferré.") == "manoeuvre du reseau ferre"
    assert fold("Conduite d’équipement") == "conduite d'equipement"


def test_printed_date():
    assert tables.printed_date("Arrêté du 11 août 2011 relatif à") == "2011-08-11"
    assert tables.printed_date("Arrêté du 1er octobre 2012") == "2012-10-01"
    assert tables.printed_date("Article 1") is None


def test_a_decision_where_a_rule_codes_is_stale():
    labels = CUR.labels.copy()
    # ETSD1120263A annexe line 13 "Dessin BTP." is coded exact (DARES F1104): a decision there no longer holds.
    labels.loc[len(labels)] = ["ETSD1120263A", "0e0c3654", "13", "Dessin BTP.", "F1105", "r", "e", 99]
    result = built(dataclasses.replace(CUR, labels=labels))
    assert result.facts["stale"] == [{"text_id": "ETSD1120263A", "version": "0e0c3654", "source_line": 13,
                                      "file": "label_rome_v3.csv", "curated_line": 99,
                                      "why": "an exact match exists"}]
    found = CATALOGUE["curated_decision_stale"].run(result.facts)
    assert found.message.tolist() == ["checks/label_rome_v3.csv line 99 no longer holds: an exact match exists; "
                                      "update or remove it"]


def test_a_decision_for_another_label_is_stale_and_its_line_uncoded():
    labels = CUR.labels.copy()
    first = labels.index[labels.source_line == "5"][0]  # ETSD1120263A line 5: "Cadre de l'audit ..."
    labels.loc[first, "label_as_printed"] = "Cadre de l'audit."
    result = built(dataclasses.replace(CUR, labels=labels))
    entries = result.tables["list_entries"].set_index(["text_id", "source_line"])
    assert entries.loc[("ETSD1120263A", 5), "method"] == "none"
    assert "prints" in result.facts["stale"][0]["why"]
    uncoded = CATALOGUE["label_uncoded"].run({**result.tables, **result.facts})
    assert uncoded.source_line.tolist() == [5]


def test_a_crosswalk_code_left_out_is_found():
    cross = CUR.crosswalk[CUR.crosswalk.rome_v2_code != "61222"]
    result = built(dataclasses.replace(CUR, crosswalk=cross))
    found = CATALOGUE["crosswalk_missing"].run({**result.tables, **result.facts})
    assert found.rome_code.tolist() == ["61222"]


def test_a_date_signed_against_the_printed_title_is_refused():
    texts = CUR.texts.copy()
    texts.loc[texts.text_id == "ETSD1120263A", "date_signed"] = "2011-08-12"
    with pytest.raises(CurationError, match="prints 2011-08-11"):
        built(dataclasses.replace(CUR, texts=texts))


def test_curated_files_are_strict(tmp_path):
    shutil.copytree(ROOT / "checks", tmp_path, dirs_exist_ok=True)
    path = tmp_path / "crosswalk_rome_v2_v3.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",D1408,same,", ",D1408,maybe,"), encoding="utf-8")
    with pytest.raises(CurationError, match="status 'maybe'"):
        curation_editions.load(Layout(curation=tmp_path))


def test_without_editions_the_tables_are_empty():
    result = tables.build({}, SOURCES, OCCUPATIONS, None)
    assert all(frame.empty for frame in result.tables.values())
    assert isinstance(result.tables["texts"], pd.DataFrame)
