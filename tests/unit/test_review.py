"""The OCR review of codes: each code doubted for what its reading shows, settled on evidence (transform.review)."""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.text import edits
from pipeline.transform import review
from tests.helpers import records


def evidence_for(label: str, read: str, before: str, after: str, owners=("61222",), label_confidence=96.0):
    """What evidence says of a row read as `read`, printing `label` (read with `label_confidence`), between settled
    rows `before` and `after`, when settled rows print Géomètre under `owners`."""
    settled = pd.DataFrame({"source_id": "S", "list_index": 1, "position": [1, 3], "rome_code": [before, after]})
    row = pd.Series({"source_id": "S", "list_index": 1, "position": 2, "label_as_printed": label, "rome_code": read,
                     "ocr_label_confidence": label_confidence})
    return review.evidence(row, settled, pd.Series({("S", "geometre"): list(owners)}))


def test_ocr_evidence_corrects_a_code_to_the_one_its_label_is_printed_under_where_it_fits():
    fits = "which fits the list's order (after 61221, before 61231)"
    assert evidence_for("Géomètre", "61229", "61221", "61231") == (
        "61222", f"'Géomètre' is printed under 61222 alone, {fits}: corrected to 61222")
    assert evidence_for("61229 Géomètre", "61229", "61221", "61231") == (  # the code read into the label too
        "61222", f"'61229 Géomètre' is printed under 61222 alone, {fits}: corrected to 61222")
    assert evidence_for("Géomètre", "61222", "61221", "61231") == (
        "61222", f"'Géomètre' is printed under 61222 alone, {fits}: confirmed")


@pytest.mark.parametrize(("before", "after", "owners", "said"), [
    ("61222", "61231", ("61222",), "its label is printed under 61222, which does not fit the list's order (after "
                                   "61222, before 61231): left as read"),
    ("61221", "61222", ("61222",), "its label is printed under 61222, which does not fit the list's order (after "
                                   "61221, before 61222): left as read"),
    ("61221", "61231", ("61222", "61299"), "its label is printed under 61222 and 61299: left as read"),
    ("61221", "61231", (), "its label is printed under no other code: left as read"),
])
def test_ocr_evidence_leaves_a_code_as_read_when_it_is_not_clear(before, after, owners, said):
    assert evidence_for("Géomètre", "61229", before, after, owners) == (None, said)


@pytest.mark.parametrize(("read", "before", "after", "said"), [
    # 52151 is printed on one list only (Nord-Pas-de-Calais, between 52133 and 52212), read 'S2151'
    ("S2151", "52133", "52212", (
        "52151", "'S2151' reads 52151 with its letters taken for the digits they look like, which fits the list's "
        "order (after 52133, before 52212); its label is printed under no other code: corrected to 52151")),
    ("S2151", "52133", "52142", (  # the digits it spells do not fit
        None, "its label is printed under no other code: left as read")),
    ("5215", "52133", "52212", (None, "its label is printed under no other code: left as read")),  # a digit lost
    ("S2I51", "52133", "52212", (
        "52151", "'S2I51' reads 52151 with its letters taken for the digits they look like, which fits the list's "
        "order (after 52133, before 52212); its label is printed under no other code: corrected to 52151")),
])
def test_a_code_read_with_letters_for_digits_is_corrected_where_its_label_says_nothing_and_it_fits(
        read, before, after, said):
    assert evidence_for("Modéliste des industries des matériaux souples", read, before, after, ()) == said
    assert evidence_for("Modéliste des industries des matériaux souples", read, before, after, (), 79.9) == (
        None, "its label is printed under no other code: left as read")  # a label it cannot read: no evidence


def reviewed(*lists: list[tuple]) -> list[list]:
    """review_ocr on one source whose lists print (code as read, label, code's confidence[, label's confidence,
    96 if not given]) rows: each row's code and what the review says of it."""
    rows = pd.DataFrame([{"source_id": "S", "list_index": index, "position": position, "rome_code": code,
                          "label_as_printed": label, "ocr_code_confidence": confidence,
                          "ocr_label_confidence": label_confidence[0] if label_confidence else 96.0}
                         for index, rows in enumerate(lists, 1) for position, (code, label, confidence,
                                                                              *label_confidence)
                         in enumerate(rows, 1)]).assign(seq=lambda f: range(len(f)), corrected=False)
    return records(review.review_ocr(rows), ["list_index", "rome_code", "ocr_doubt", "ocr_evidence"])


def test_ocr_evidence_is_a_label_printed_under_one_code_even_when_not_its_canonical_label():
    # 61231 prints Chef twice (its canonical label) and Géomètre once: Géomètre is printed under 61231 alone
    chef, variant = ("61231", "Chef", 96.0), ("61231", "Géomètre", 96.0)
    first = ("61221", "Arpenteur", 96.0)
    assert reviewed([first, chef], [first, chef], [first, variant], [first, ("6l231", "Géomètre", 96.0)])[-1] == [
        4, "61231", "not five ASCII digits", "'Géomètre' is printed under 61231 alone, which fits the list's order "
        "(after 61221, before -): corrected to 61231"]


def test_a_code_s_canonical_label_in_a_tie_is_the_first_printed_in_the_ocr_review():
    # 61222 prints Géomètre (first) and Topographe once each: Géomètre is its canonical label, so 61229 beside it
    # is doubted for that before it is found on no other list
    first = ("61221", "Arpenteur", 96.0)
    assert reviewed([first, ("61222", "Géomètre", 96.0)], [first, ("61222", "Topographe", 96.0)],
                    [first, ("61229", "Géomètre", 96.0)])[-1] == [
        3, "61222", "its label is the canonical label of 61222; on no other list of the source",
        "'Géomètre' is printed under 61222 alone, which fits the list's order (after 61221, before -): corrected "
        "to 61222"]


def test_a_label_canonical_for_two_codes_names_the_lower_one_in_the_ocr_review():
    both = [("61222", "Géomètre", 96.0), ("61223", "Géomètre", 96.0)]
    assert reviewed(both, both, [("61229", "Géomètre", 96.0)])[-1] == [
        3, "61229", "its label is the canonical label of 61222; on no other list of the source",
        "its label is printed under no other code: left as read"]


def test_a_code_read_at_the_low_confidence_threshold_is_not_doubted():
    # LOW_CONFIDENCE is 80; 79.96 would read 80 if rounded
    first = ("61221", "Arpenteur", 96.0)
    assert reviewed([first, ("61222", "Géomètre", 79.96)], [first, ("61222", "Géomètre", 96.0)])[1][2] == \
        "read with low confidence (79.9 < 80)"
    assert reviewed([first, ("61222", "Géomètre", 80.0)], [first, ("61222", "Géomètre", 96.0)])[1][2] == ""
    assert reviewed([first, ("61222", "Géomètre", 79.9)], [first, ("61222", "Géomètre", 96.0)])[1][2] == \
        "read with low confidence (79.9 < 80)"


@pytest.mark.parametrize("label_confidence, said", [
    (80.0, "its label is the canonical label of 61222; on no other list of the source"),
    (79.9, "")])  # no owner: 61229, read with confidence, in its list's order, is what the page prints
def test_a_label_read_at_the_low_confidence_threshold_makes_its_code_the_label_s_owner(label_confidence, said):
    first, owner = ("61221", "Arpenteur", 96.0), ("61222", "Géomètre", 96.0, label_confidence)
    assert reviewed([first, owner], [first, owner], [first, ("61229", "Géomètre", 96.0)])[-1][2] == said


def test_a_doubted_code_owns_no_label():
    """6l222 is not five ASCII digits: though on two lists, with its label read with confidence, the label is
    not its own; it is 61229's, printed under no other code, and 6l222 is corrected to it."""
    first, misread = ("61221", "Arpenteur", 96.0), ("6l222", "Géomètre", 96.0)
    corrected = [[n, "61229", "not five ASCII digits", "'Géomètre' is printed under 61229 alone, which fits the "
                  "list's order (after 61221, before -): corrected to 61229"] for n in (1, 2)]
    assert reviewed([first, misread], [first, misread], [first, ("61229", "Géomètre", 96.0)])[1::2] == [
        *corrected, [3, "61229", "", ""]]


def test_rows_not_read_by_ocr_have_nothing_to_review():
    rows = pd.DataFrame({"source_id": "S", "rome_code": ["61222"], "label_as_printed": ["Géomètre"],
                         "ocr_code_confidence": pd.array([None], dtype="Float64")})
    assert records(review.review_ocr(rows), ["ocr_doubt", "ocr_evidence", "ocr_doubt_corrected",
                                                "ocr_label_doubt"]) == [["", "", "", ""]]


def test_a_confident_code_printed_on_one_list_only_is_what_the_page_says():
    """Rarity is no evidence: the circular prints 61224 and 52151 on one list each (text lines 224 and 264).
    A code read with confidence, on one list, in its list's order, and whose label no other code prints, stands."""
    first, last = ("61221", "Arpenteur", 96.0), ("61231", "Chef", 96.0)
    assert reviewed([first, last], [first, ("61224", "Chargé d'études", 97.0), last])[3] == [2, "61224", "", ""]


def test_a_confident_code_on_one_list_that_breaks_its_order_is_doubted():
    first, last = ("61221", "Arpenteur", 96.0), ("61231", "Chef", 96.0)
    assert reviewed([first, last], [first, ("91224", "Chargé d'études", 97.0), last])[3] == [
        2, "91224", "on no other list of the source, and out of its list's order",
        "its label is printed under no other code: left as read"]


def test_readings_that_agree_confirm_a_code_read_with_low_confidence():
    """32321 read at 74 on two lists, each in its list's order, with the same label read with confidence: the two
    readings confirm it, and then it owns its label, which corrects 82321 (read at 0) on a third list."""
    first, last = ("14232", "Technicien", 96.0), ("61231", "Chef", 96.0)
    low, misread = ("32321", "Informaticien d'étude", 74.3), ("82321", "Informaticien d'étude", 0.0)
    got = reviewed([first, low, last], [first, low, last], [first, misread, last])
    confirmed = ("read with low confidence (74.3 < 80)", "'Informaticien d'étude' is read under 32321 in 2 lists, each "
                 "time where it fits the list's order: confirmed")
    assert got[1] == [1, "32321", *confirmed] and got[4] == [2, "32321", *confirmed]
    assert got[7] == [3, "32321", "read with low confidence (0 < 80); on no other list of the source",
                      "'Informaticien d'étude' is printed under 32321 alone, which fits the list's order (after 14232, "
                      "before 61231): corrected to 32321"]


@pytest.mark.parametrize("second", [
    ("82321", "Informaticien d'étude", 74.3),  # the two readings disagree
    ("32321", "Informaticien d'étude", 74.3, 60.0),  # a label read with low confidence
    ("62321", "Informaticien d'étude", 74.3),  # out of its list's order (after 61231 below)
])
def test_readings_that_do_not_agree_confirm_nothing(second):
    first, last = ("14232", "Technicien", 96.0), ("61231", "Chef", 96.0)
    low = ("32321", "Informaticien d'étude", 74.3)
    assert reviewed([first, low, last], [first, second, last])[1][3] == \
        "its label is printed under no other code: left as read"


def test_a_code_read_with_low_confidence_that_its_source_prints_elsewhere_with_confidence_is_confirmed():
    """52313 read at 0 (two readings, each confident, disagreed) beside the circular's one 'maintenancier', a label
    no other row prints, read with confidence or not: the source prints 52313 on two other lists, read with
    confidence, and it fits the list's order (development 1100, 1181). 'S2313' reads 52313 as digits: corrected,
    its label read with low confidence (read with confidence, its label printed under no other code is evidence
    enough: `evidence`)."""
    first, last = ("52311", "Monteur", 96.0), ("61231", "Chef", 96.0)
    sure = ("52313", "Installateur-maintenicien", 96.0)
    evidence = ("52313 is read with confidence on 2 other list(s) of the source, and fits this list's order (after "
                "52311, before 61231); its label is printed under no other code: ")
    for label_confidence in (96.0, 40.0):
        got = reviewed([first, sure, last], [first, sure, last],
                       [first, ("52313", "Installateur-maintenancier", 0.0, label_confidence), last])
        assert got[7] == [3, "52313", "read with low confidence (0 < 80)", evidence + "confirmed"]
    # The code read with confidence on the other lists, whatever its label's confidence there (development 1151)
    sure_code = ("52313", "Installateur-maintenicien", 96.0, 52.0)
    got = reviewed([first, sure_code, last], [first, sure_code, last],
                   [first, ("52313", "Installateur-maintenancier", 0.0), last])
    assert got[7] == [3, "52313", "read with low confidence (0 < 80)", evidence + "confirmed"]
    got = reviewed([first, sure, last], [first, sure, last],
                   [first, ("S2313", "Installateur-maintenancier", 0.0, 40.0), last])
    assert got[7] == [3, "52313", "not five ASCII digits; read with low confidence (0 < 80)",
                      "'S2313' reads 52313 as digits; " + evidence + "corrected to 52313"]


@pytest.mark.parametrize(("read", "code"), [
    ("S2151", "52151"), ("O3121", "03121"),  # letters OCR reads for digits
    ("4632 2", "46322"), ("'6221 1", "62211"),  # a code read in pieces (development 1030), marks before it aside
    ("5231 2313", None), ("5215", None), ("52151", None), ("F5", None),  # two codes, a digit lost, a code, no code
])
def test_a_code_read_with_letters_or_in_pieces_is_the_code_its_digits_spell(read, code):
    assert review.as_digits(read) == code


@pytest.mark.parametrize(("third", "at"), [
    (("52313", "Chef", 0.0), 1),  # its label printed under another code (61231)
    (("52313", "Installateur-maintenancier", 0.0), 2),  # out of its list's order, after 61231
    (("52319", "Installateur-maintenancier", 0.0), 1),  # a code the source prints nowhere else
])
def test_a_code_read_with_low_confidence_is_confirmed_by_no_other_list_where_the_rest_of_the_evidence_fails(third,
                                                                                                             at):
    first, last = ("52311", "Monteur", 96.0), ("61231", "Chef", 96.0)
    sure = ("52313", "Installateur-maintenicien", 96.0)
    third_list = [first, last]
    third_list.insert(at, third)
    got = reviewed([first, sure, last], [first, sure, last], third_list)
    assert "confirmed" not in got[6 + at][3] and got[6 + at][2] != ""


def test_a_label_read_under_two_codes_is_the_one_s_that_prints_it_on_more_rows_than_the_others_together():
    # development 1058: 52133 read alike as 52188 on 2 lists, beside 52133 on 14; the annex prints a label under one
    # code
    first, owner = ("52121", "Dessinateur", 96.0), ("52133", "Électricien", 96.0)
    misread = ("52188", "Électricien", 96.0)
    said = reviewed(*[[first, owner]] * 3, [first, misread], [first, misread])
    assert [row[1:3] for row in said[1:6:2]] == [["52133", ""]] * 3
    assert said[7] == [4, "52133", "its label is the canonical label of 52133", "'Électricien' is printed under 52133 "
                       "alone, which fits the list's order (after 52121, before -): corrected to 52133"]
    tied = reviewed(*[[first, owner]] * 2, [first, misread], [first, misread])  # 2 rows and 2: no owner told
    assert [row[2] for row in tied[1::2]] == ["its label is the canonical label of 52188"] * 2 + [
        "its label is the canonical label of 52133"] * 2


LIFT = "Installateur-maintenicien en ascenseurs"
LIFT_NEAR = "Installateur-maintenancier en ascenseurs"  # 3 characters from LIFT


def nearest(label: str, *others: tuple) -> list:
    """review_ocr where a third list prints `label` under 'F5', between 52311 and 61231, then the `others` rows
    (code, label, confidence), two lists printing 52313 as LIFT; the 'F5' row, and what the review says of it."""
    first, last = ("52311", "Monteur", 96.0), ("61231", "Chef", 96.0)
    lists = [[first, ("52313", LIFT, 96.0), last]] * 2 + [[first, *others, last]]
    lists[-1].insert(1, ("F5", label, 0.0))
    return reviewed(*lists)[7]


def test_a_code_read_as_no_code_is_the_one_whose_readings_its_label_is_clearly_nearest():
    assert nearest(LIFT_NEAR) == [3, "52313", "not five ASCII digits; read with low confidence (0 < 80)", (
        f"'{LIFT_NEAR}' is 3 character(s) from '{LIFT}', read under 52313 (case, accents, ligatures and marks aside), "
        "and every other reading within 6 of it is one of 52313's; 52313 fits the list's order (after 52311, before "
        "61231): corrected to 52313")]
    # a code read into the label (a row whose code OCR set in its label's box) is said without it, as weighed
    assert nearest("52313 " + LIFT_NEAR)[3].startswith(f"'{LIFT_NEAR}' is 3 character(s) from")
    first, last, unsure = ("52311", "Monteur", 96.0), ("61231", "Chef", 96.0), ("52313", LIFT, 96.0, 40.0)
    assert reviewed([first, unsure, last], [first, unsure, last], [first, ("F5", LIFT_NEAR, 0.0), last])[7][1] == \
        "52313"  # the code read with confidence, its label however read


@pytest.mark.parametrize(("label", "others"), [
    (LIFT_NEAR, [("52314", "Installateur-maintenancier ascenseurs", 96.0)]),  # another code's reading within twice
    # another row's reading, doubted: 2 characters from this one's, 5 from LIFT, over a tenth of its 40
    (LIFT_NEAR, [("52318", "Installateurs-maintenancier en ascenseur", 0.0)]),
    ("Installatrices-maintenance en ascenseur", []),  # 10 characters from LIFT: more than a tenth of its 39
])
def test_a_code_read_as_no_code_is_left_as_read_where_no_code_s_readings_are_clearly_nearest(label, others):
    assert nearest(label, *others)[1] == "F5"


def test_a_label_more_than_a_tenth_of_its_length_from_every_code_s_readings_is_near_none():
    """61224's label, printed once in the circular, is 8 characters from 61223's, 21 % of its length (an outside
    review's case: read with a quarter as the bound, 61224 read at 50 was corrected to 61223)."""
    btp, soil = "Chargé d'études techniques du BTP", "Chargé d'études techniques du sous-sol"
    rows = pd.DataFrame({"source_id": "S", "rome_code": ["61223", "61224"], "ocr_code_confidence": [96.0, 50.0],
                         "label_as_printed": [btp, soil]})
    readings = review.Readings(rows.iloc[:1], rows)
    assert readings.nearest(1, rows.iloc[1]) is None
    assert readings.nearest(1, rows.iloc[1].copy().replace({soil: "Chargé d'études techniques du BTF"}))[:3] == (
        "61223", btp, 1)


@settings(max_examples=300)
@given(st.text("abcé ", max_size=12), st.text("abcé ", max_size=12), st.integers(0, 6))
def test_the_letters_bound_skips_no_pair_within_reach(one, other, most):
    assert review.within(one, other, most) == edits(one, other, most)
