"""The small text rules the stages share: comparison keys and short titles."""
import pytest

from pipeline.core.text import (
    label_key,
    label_text,
    name_key,
    nor_near,
    region_key,
    short_title,
    source_key,
)


@pytest.mark.parametrize(("title", "short"), [
    ("Arrêté du 18 janvier 2008 relatif à la délivrance", "Arrêté du 18 janvier 2008"),
    ("Circulaire du 7 janvier 2008 relative aux autorisations de travail", "Circulaire du 7 janvier 2008"),
    ("Circulaire relative à A relatif à B", "Circulaire"),
    ("Circulaire du 7 janvier 2008", "Circulaire du 7 janvier 2008"),
    ("Note relativement brève", "Note relativement brève"),  # 'relativement' is no 'relatif'
])
def test_a_title_without_its_subject(title, short):
    assert short_title(title) == short


def test_names_compare_without_case_accents_spaces_or_marks_and_regions_without_ocr_s_confusions():
    assert name_key("Île-de-France") == name_key("ILE DE FRANCE") == "iledefrance"
    assert name_key("Centre Ελλάδα") != name_key("Centre")  # any script's letters count
    assert region_key("lle de France") == region_key("Île-de-France") and name_key("lle") != name_key("Ile")


@pytest.mark.parametrize(("one", "other", "same"), [
    ("IMIN0800012C", "imin0800012c", True), ("IMIN0800012C", "IMIN08OOO12C", True),
    ("IMIN0800012C", "lMIN08000l2C", True), ("IMIN0800012C", "\uff29MIN0800012C", True),
    ("IMIL0800012C", "IMII0800012C", False),  # L passes for no digit
    ("IMIN0800012C", "IMIN0800013C", False),
])
def test_source_ids_are_one_source_when_they_differ_by_case_width_or_a_digit_s_lookalike(one, other, same):
    assert (source_key(one) == source_key(other)) is same


def test_a_label_without_the_full_stop_that_ends_an_item_of_the_arrete():
    assert label_text(" Géomètre. ") == "Géomètre" and label_text("Géomètre") == "Géomètre"


@pytest.mark.parametrize(("word", "one"), [
    ("metiers", "metier"), ("travaux", "travau"), ("ours", "our"), ("ans", "ans"), ("bus", "bus"),
    ("class", "class"),
    ("virus", "virus"), ("cadre", "cadre"),
])
def test_a_word_s_plural_mark_is_dropped_after_three_letters_but_not_from_ss_or_us(word, one):
    assert label_key(word) == one


@pytest.mark.parametrize("printed", ["Chargé d’études", "Chargé d‘études", "Chargé dʼétudes", "Chargé\u00a0d'études",
                                     "Chargé\u202fd'études"])
def test_a_label_s_typography_does_not_change_its_canonical_form(printed):
    assert label_text(printed) == "Chargé d'études"


def test_ligatures_are_folded_in_labels_and_names():
    assert (label_text("Ingénieur ﬁnancier"), name_key("Franche-Comté ﬁ")) == ("Ingénieur financier", "franchecomtefi")


@pytest.mark.parametrize(("read", "near"), [("IMLN0800012C", True), ("1MIN08OO012C", False), ("IM1N0800012C", True),
                                            ("IMIN0800012C", False), ("IMXN0800012C", False), ("IMIN080001C", False)])
def test_a_nor_near_another_differs_by_what_ocr_confuses_in_two_places_at_most(read, near):
    assert nor_near(read, "IMIN0800012C") is near


def test_a_soft_hyphen_a_text_layer_holds_is_a_hyphen_shown():
    # typst writes the hyphens of 'méthodes-ordonnancement' as U+00AD in its text layer.
    assert label_text("Technicien de méthodes\u00adordonnancement") == "Technicien de méthodes-ordonnancement"
