"""Labels read by OCR, weighed against the document's other readings of their code (transform.readings)."""
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.core.text import edits, label_text
from pipeline.extract.geometry.breaks import BROKEN
from pipeline.transform import readings, reshape, review
from pipeline.validate import findings
from pipeline.validate.checks.catalogue import CATALOGUE

RAW = Path(__file__).parents[2] / "raw"
CIRCULAR, ARRETE = RAW / "circulaire-IMIN0800012C-2008-01-07.txt", RAW / "arrete-IMID0800328A-2008-01-18-annexe.md"
LIFT = "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"


def ocr(*printed: tuple[str, float], code: str = "52313") -> pd.DataFrame:
    """Rows of one code read by OCR with these (label, label confidence), one list each, code read at 96."""
    return pd.DataFrame({"source_id": "S", "list_index": range(1, len(printed) + 1), "position": 1,
                         "rome_code": code, "rome_code_as_printed": code, "label_as_printed": [label for label, _ in printed],
                         "ocr_code_confidence": 96.0, "ocr_label_confidence": [conf for _, conf in printed],
                         "ocr_code_box": "1,2,3,4", "source_page": 1, "seq": range(len(printed))})


def weighed(*printed: tuple[str, float]) -> list[tuple[str, str]]:
    """Per row: the label it takes (as printed, or the reading it misreads) and what stays doubted ('' if none)."""
    taken, doubted = readings.misreadings(ocr(*printed))
    return [(taken[i][0] if i in taken else label, doubted.get(i, "")) for i, (label, _) in enumerate(printed)]


def test_every_label_of_the_circular_and_the_arrete_is_shaped_as_a_label():
    # the circular's rows: a code, a tab, the label (`sed -n 84,89p` of the text: '14232\tTechnicien de la vente à
    # distance'); the arrêté's: a paragraph ending in a full stop (`sed -n 7p` of its annex: 'Technicien de la vente à
    # distance.'; its headings have none)
    labels = re.findall(r"(?m)^[0-9]{5}\t(.+?)\s*$", CIRCULAR.read_text(encoding="utf-8"))
    listed = re.findall(r"(?m)^(.+\.)$", ARRETE.read_text(encoding="utf-8"))
    assert (len(labels), len(listed)) == (433, 478)
    assert [label for label in labels + listed if not readings.shaped(label_text(label))] == []


@pytest.mark.parametrize(("label", "is_shaped"), [
    ("Géomètre", True),
    ("Opérateur de formage (transformation) du verre", True),
    ("installateur-maintenicien en ascenseurs", False),  # a lowercase capital
    ("associés)", False),  # a label's last line, grouped as a row
    ("Conducteur de machine (et matériaux", False),  # a parenthesis left open
    ("Façonneur) bois (et matériaux", False),  # closed before it opens
    ("Marchandiseur {conception de points de vente)", False),  # a parenthesis read as a brace
    ("Opérateur de formage [transformation] du verre", False),
    ("Cadre | de l'audit", False),
    ("Conducteur de machine (et 1 natériaux associés)", False),  # a speck read as a digit
    ("Mécan : en d'engin de chantier", False),
    ("Informaticien d’étude, chef de projet.", False),  # one typographic form: the caller's (label_text)
    ("Informaticien d'étude, chef de projet.", True),
    ("", False),
])
def test_a_label_is_shaped_as_the_annex_prints_every_label(label, is_shaped):
    assert readings.shaped(label) is is_shaped


@pytest.mark.parametrize(("a", "b", "most", "count"), [
    ("ameublement", "ameublement", 2, 0),
    ("ameubiement", "ameublement", 2, 1),
    ("l' iudit", "l'audit", 2, 2),
    ("maintenancier", "maintenicien", 2, 3),  # more than `most`: most + 1
    ("maintenancier", "maintenicien", 5, 3),
    ("Géomètre", "Géomètre et topographe", 2, 3),  # lengths alone tell
    ("Géomètre", "Geometre!!", 2, 3),  # four, said as three
    ("", "ab", 2, 2),
])
def test_edits_counts_characters_inserted_deleted_or_replaced_up_to_most_plus_one(a, b, most, count):
    assert edits(a, b, most) == count == edits(b, a, most)


def test_a_reading_one_or_two_characters_from_one_read_on_more_rows_is_taken_for_it():
    misread = LIFT.replace("automatiques", "automatlques")
    taken, doubted = readings.misreadings(ocr((LIFT, 96.0), (LIFT, 90.0), (misread, 95.0)))
    said = (f"label read '{misread}' (confidence 95) is 1 character(s) from '{LIFT}', read on 2 rows of 52313: a "
            "misread of it, taken for it")
    assert (taken, doubted) == ({2: (LIFT, said)}, {})
    two = LIFT.replace("Installateur", "lnstallateur").replace("autres", "autrcs")
    assert weighed((LIFT, 96.0), (LIFT, 90.0), (two, 40.0)) == [(LIFT, ""), (LIFT, ""), (LIFT, "")]


def test_a_reading_with_a_word_more_or_less_than_one_read_on_more_rows_is_taken_for_it():
    """Development 1207 read 46321's label with 'eu' more on two rows, at 5.1 and 13.9 (a speck), without it on 12:
    alike on two rows, it was published. No two labels of a code in the annex are one word apart."""
    label = "Conducteur de machine de fabrication des industries de l'ameublement et du bois (et matériaux associés)"
    speck = label.replace("de l'ameublement", "de eu l'ameublement")
    taken, doubted = readings.misreadings(ocr((label, 90.0), (label, 91.0), (label, 89.0), (speck, 5.1),
                                              (speck, 13.9), code="46321"))
    assert (taken[3][1], doubted) == (f"label read '{speck}' (confidence 5.1) is '{label}' with a word more ('eu'), "
                                      "read on 3 rows of 46321: a misread of it, taken for it", {})
    assert [taken[i][0] for i in (3, 4)] == [label] * 2 and list(taken) == [3, 4]
    lost = label.replace("fabrication des", "fabrication")
    assert weighed((label, 90.0), (label, 91.0), (lost, 96.0))[2] == (label, "")
    assert [taken for taken, _ in weighed((label, 90.0), (speck, 91.0))] == [label, speck]  # on no more rows


def test_a_reading_three_characters_away_is_no_misread_of_it():
    # the circular prints 'maintenancier' once beside 'maintenicien' (text lines 412, 135): a variant, not a misread
    other = LIFT.replace("maintenicien", "maintenancier")
    assert weighed((LIFT, 96.0), (LIFT, 90.0), (other, 85.0)) == [(LIFT, ""), (LIFT, ""), (other, "")]


def test_a_reading_is_taken_for_one_read_on_more_rows_only():
    other = LIFT.replace("automatiques", "automatisés")  # a word of French: no misread of a word of the lists
    assert weighed((LIFT, 96.0), (other, 95.0)) == [(LIFT, ""), (other, "")]
    assert weighed((LIFT, 96.0), (LIFT, 96.0), (other, 95.0), (other, 95.0)) == [
        (LIFT, ""), (LIFT, ""), (other, ""), (other, "")]


@pytest.mark.parametrize(("word", "near"), [
    ("industnes", "industries"),  # 'ri' read as 'n': development 1040, at 80 to 92
    ("fabncation", "fabrication"),
    ("ameubiement", "ameublement"),  # one character
    ("rnachine", "machine"),  # 'm' read as 'rn'
    ("industries", None),  # a word of the lists
    ("automatisés", None),  # a word of French
    ("maintenancier", None),  # the annex's two words of no list: two characters from every word of the lists or more
    ("Modéliste", None),
])
def test_a_word_of_no_list_one_character_or_one_confusion_from_a_word_of_the_lists_is_a_misread_of_it(word, near):
    assert readings.misread_of(word) == near


def test_a_reading_with_a_misread_of_a_word_of_the_lists_is_no_reading_of_the_page_however_surely_or_often_read():
    """Development 1040, a 1-bit scan at 166 dpi, read 52231's label on each of its rows at 90 to 92 with 'industnes'
    for 'industries' ('ri' read as 'n'): read alike, and surely, it was no reading of the page."""
    label = "Technicien de production des industnes de process"
    said = [f"label read '{label}' (confidence {c}) is read with 'industnes', a misread of the lists' 'industries', "
            "and no one reading of 52231 that the page prints (read alike on two rows or more, shaped as a label) and "
            "read on more rows than it is within 2 characters or a word of it: which label the page prints OCR does "
            "not tell" for c in (92, 90.5)]
    taken, doubted = readings.misreadings(ocr((label, 92.0), (label, 90.5), code="52231"))
    assert (taken, doubted) == ({}, dict(enumerate(said)))
    right = label.replace("industnes", "industries")  # beside the reading read on more rows: taken for it
    assert weighed((right, 90.0), (right, 90.0), (label, 92.0)) == [(right, "")] * 3
    # read as surely as its code's agreeing rows, a reading in words of no list stands; not with a misread word
    other = LIFT.replace("maintenicien", "maintenancier")
    assert weighed((LIFT, 61.0), (LIFT, 72.0), (other, 70.0))[2] == (other, "")
    assert weighed((LIFT, 61.0), (LIFT, 72.0), (other.replace("systèmes", "systémes"), 70.0))[2][1].startswith(
        f"label read '{other.replace('systèmes', 'systémes')}' (confidence 70) is read with 'systémes', a misread of "
        "the lists' 'systèmes'")


def test_a_reading_with_misread_words_is_taken_for_the_reading_it_is_once_they_are_read_as_the_lists_print_them():
    """A reading with a misread of a word of the lists is no reading of the page: read on more rows than its code's
    reading that it is once its misread words are read as the lists' (`repaired`), it still takes that reading
    (development 1040: 52231 read with 'industnes' on 8 rows, 'industries' on 4; 46321 with 'fabncation' and
    'industnes', 4 characters from its reading; development 1215: 'Mäintenicien' on 2 rows, 'Maintenicien' on 2)."""
    right = "Conducteur de machine de fabrication des industries de l'ameublement"
    wrong = right.replace("fabrication", "fabncation").replace("industries", "industnes")
    assert weighed((wrong, 90.0), (wrong, 90.0), (wrong, 88.0), (right, 90.0), (right, 91.0)) == [(right, "")] * 5
    taken, _ = readings.misreadings(ocr((wrong, 90.0), (wrong, 90.0), (right, 90.0), (right, 91.0), code="46321"))
    assert taken[0] == (right, f"label read '{wrong}' (confidence 90) is read with 'fabncation', a misread of the "
                               "lists' 'fabrication' and 'industnes', a misread of the lists' 'industries', and read "
                               f"so 0 character(s) from '{right}', read on 2 rows of 46321: a misread of it, taken for "
                               "it")
    assert weighed(("Mäintenicien en électronique", 64.9), ("Mäintenicien en électronique", 41.5),
                   ("Maintenicien en électronique", 86.4), ("Maintenicien en électronique", 84.1))[:2] == [
        ("Maintenicien en électronique", "")] * 2
    # the reading it is, read on one row only in words of the lists, is the page's where each misread word is one
    # character or confusion from one word of the lists only (a variant printed twice, read right on one row and
    # with 'maintemicien' on the other: development 1066); 'machinei' is as near 'machine' and 'machines'
    assert weighed((wrong, 90.0), (wrong, 90.0), (right, 90.0)) == [(right, "")] * 3
    taken, _ = readings.misreadings(ocr((wrong, 90.0), (right, 90.0), code="46321"))
    assert taken[0][1].endswith(f"and read so as '{right}', read on 1 row of 46321: a misread of it, taken for it")
    # nor a reading the review takes for a misread of another (an outside review: 'et bois', a word less than 'et du
    # bois', read on two rows, one with 'ameublernent')
    lost = "Technicien des industries de l'ameublement et bois"
    assert weighed((lost.replace(" et ", " et du "), 95.0), (lost.replace(" et ", " et du "), 95.0), (lost, 95.0),
                   (lost.replace("ameublement", "ameublernent"), 95.0))[3][1].startswith("label read 'Technicien")
    odd = "Conducteur de fabrication Zorglub"  # read once in a word of no list: no reading to take
    assert weighed((odd.replace("fabrication", "fabncation"), 90.0), (odd, 90.0))[0][1] != ""
    plural = "Conducteur de machinei de fabrication"
    assert weighed((plural, 90.0), (plural.replace("machinei", "machine"), 90.0))[0][1].startswith(
        f"label read '{plural}' (confidence 90) is read with 'machinei', a misread of the lists' 'machine', and no one")


def test_a_reading_whose_every_word_apart_is_a_misread_of_a_reading_read_on_more_rows_is_taken_for_it():
    """Development 1040, published so: 46322 read 'associes (production de sene)' once at 91, 3 characters from the
    reading of 10 rows, each word a misread of its word ('sene' for 'série': 'ri' read 'n', the accent lost)."""
    right = "Façonneur bois et matériaux associés (production de série)"
    wrong = "Façonneur bois et matériaux associes (production de sene)"
    taken, doubted = readings.misreadings(ocr((right, 91.0), (right, 90.0), (wrong, 90.7), code="46322"))
    assert (taken, doubted) == ({2: (right, f"label read '{wrong}' (confidence 90.7) is '{right}' but for 'associes' "
                                        "read for 'associés' and 'sene)' read for 'série)', read on 2 rows of 46322: "
                                        "a misread of it, taken for it")}, {})
    assert readings.misread_words(wrong.replace("sene", "sens"), right) == []  # 'sens' for 'série': no misread
    # words the lists' labels print, as a variant may (an outside review's case): no misreads
    assert readings.misread_words("Conducteurs de machines du bois", "Conducteur de machine de bois") == []
    taken, _ = readings.misreadings(ocr((right, 91.0), (right, 90.0), (wrong, 90.7), (wrong, 90.7), code="46322"))
    assert 2 not in taken and 3 not in taken  # read on as many rows: which is the misread, the rows do not tell


@pytest.mark.parametrize(("read", "as_listed"), [
    ("Technicien de production des industnes de process", "Technicien de production des industries de process"),
    ("Industnes de process", "Industries de process"),  # in the case it was read in
    ("Chargé d'étndes techniques", "Chargé d'études techniques"),  # an elided article kept
    ("Technicien (industnes)", "Technicien (industries)"),  # its marks kept
])
def test_a_reading_s_misread_words_are_read_as_the_lists_print_them(read, as_listed):
    assert readings.repaired(read, readings.mistaken(read)) == as_listed


def test_a_reading_as_near_two_readings_read_as_often_is_taken_for_neither():
    one, other = LIFT.replace("ascenseurs", "ascenceurs"), LIFT.replace("ascenseurs", "ascenseurz")
    between = LIFT.replace("ascenseurs", "ascenceurz")  # one character from each
    assert weighed((one, 96.0), (one, 96.0), (other, 96.0), (other, 96.0), (between, 90.0))[4] == (between, "")


def test_a_reading_read_alike_on_two_rows_stands_whatever_its_confidence():
    other = LIFT.replace("automatiques", "mécaniques")  # printed twice (text lines 318, 530)
    assert weighed((LIFT, 96.0), (LIFT, 96.0), (LIFT, 96.0), (other, 61.0), (other, 78.0))[3:] == [(other, "")] * 2
    unknown = LIFT.replace("maintenicien", "maintenancier")  # a word of no list
    assert weighed((LIFT, 96.0), (LIFT, 96.0), (LIFT, 96.0), (unknown, 61.0), (unknown, 78.0))[3:] == [(unknown, "")] * 2


@pytest.mark.parametrize(("confidence", "stands"), [(61.0, True), (60.9, False)])
def test_a_reading_in_words_of_no_list_stands_where_read_with_no_less_confidence_than_the_code_s_agreeing_rows(
        confidence, stands):
    # Development 1191: 'maintenancier' (the circular prints it once, text line 412) read at 62.4, 'maintenicien' on
    # 14 rows of 52313 at 61 to 84: OCR reads that label no better where its readings agree. The rows read
    # alike are what the page prints; a reading read as surely is too. Below the least of them it stays doubted.
    other = LIFT.replace("maintenicien", "maintenancier")
    taken, doubted = readings.misreadings(ocr((LIFT, 72.0), (LIFT, 61.0), (LIFT, 84.0), (other, confidence)))
    said = (f"label read '{other}' (confidence 61) is read with low confidence, with words that are no words of "
            "the lists, but with no less than the 3 rows of 52313 whose readings agree with one another (confidence "
            "61 to 84): as sure as they are, taken as read")
    assert (taken, list(doubted)) == (({3: (other, said)}, []) if stands else ({}, [3]))


def test_a_reading_with_a_line_break_its_words_do_not_tell_is_taken_for_its_code_s_reading_or_doubted():
    """A scan's row whose line break nothing decides is read with BROKEN where it was (geometry.breaks.weighed): one
    character from either reading, it is taken for the code's reading read on more rows; the same break read alike
    on more rows, however surely, is no label (the page's column breaks a label alike on each list). What BROKEN
    stands for is said wherever it is (`noted`)."""
    lift = LIFT.replace("maintenicien", "maintenancier")  # printed once: no word of the lists ('spaced')
    broken = lift.replace("mainten", "mainten" + BROKEN)
    taken, _ = readings.misreadings(ocr((lift, 96.0), (lift, 90.0), (broken, 97.0)))
    assert taken[2] == (lift, f"label read '{broken}' (confidence 97) ({BROKEN}: a line break its words do not tell, "
                              f"one word or two) is 1 character(s) from '{lift}', read on 2 rows of 52313: a misread "
                              "of it, taken for it")
    said = weighed((lift, 96.0), (lift, 96.0), (broken, 97.0), (broken, 97.0), (broken, 97.0))
    assert said[:2] == [(lift, "")] * 2 and [label for label, _ in said[2:]] == [broken] * 3
    assert all(doubt.startswith(f"label read '{broken}' (confidence 97) ({BROKEN}: a line break its words do not "
                                "tell, one word or two) is not shaped as a label (") for _, doubt in said[2:])
    # however surely OCR read its words, a reading with BROKEN is not read with confidence: it outvotes nothing
    reviewed = review.review_ocr(ocr((lift, 85.0), (lift, 85.0), (lift, 85.0), (broken, 97.0), (broken, 97.0)))
    assert reviewed.label_as_printed.tolist() == [lift] * 5 and set(reviewed.ocr_label_doubt_corrected) == {""}
    lone = review.review_ocr(ocr((broken, 40.0), (broken, 50.0)))  # the review's own doubt is what is said
    assert all(doubt.endswith(f"({BROKEN}: a line break its words do not tell, one word or two)")
               for doubt in lone.ocr_label_doubt_corrected)
    surely = review.review_ocr(ocr((broken, 96.0), (broken, 97.0))).ocr_label_doubt_corrected
    assert all(doubt.startswith(f"label read '{broken}' unsurely, in words the lists' labels do not all print")
               for doubt in surely)


def test_a_reading_near_another_read_once_does_not_stand_for_its_confidence():
    # Development 1120, published so: 'IInstallateur-maintenicien ... mécaniques' at 70, the variant printed twice
    # read right on the other row: one character apart, either may misread the other. 'IIInstallateur', two
    # characters from 'Installateur', is no misread of a word of the lists (`misread_of`), and stands for nothing;
    # 'IInstallateur', one from it, is one, and the row takes the reading it is (development 1120 builds).
    other = LIFT.replace("automatiques", "mécaniques")
    for doubled, misread in (("II" + other, False), ("I" + other, True)):
        taken, doubted = readings.misreadings(ocr((LIFT, 72.0), (LIFT, 61.0), (other, 90.0), (doubled, 70.0)))
        assert (3 in taken, 3 in doubted) == (misread, not misread)


def test_a_lowercase_reading_read_on_many_rows_is_no_label_to_take():
    lower = "inspecteur de mise en conformité"
    doubt = ("label read 'inspecteur de mise en conformité' (confidence 95) is not shaped as a label (a capital first, "
             "each parenthesis closed, letters and . ' - ( ) , only), and no one reading of 52313 that the page prints "
             "(read alike on two rows or more, shaped as a label) and read on more rows than it is within 2 characters "
             "or a word of it: which label the page prints OCR does not tell")
    assert weighed((lower, 95.0), (lower, 95.0)) == [(lower, doubt)] * 2
    assert weighed((lower.capitalize(), 90.0), (lower.capitalize(), 90.0), (lower, 95.0))[2] == (
        lower.capitalize(), "")


@pytest.mark.parametrize(("label", "confidence", "stands"), [
    ("Technicien des industries de l'ameublement et du bois", 60.0, True),  # every word a word of the lists
    ("Modéliste des industries des matériaux souples", 80.0, True),  # read with confidence (52151, printed once)
    ("Modéliste des industries des matériaux souples", 79.9, False),
    ("Technicien des industries de l'ameubiement et du bois", 96.0, False),  # a misread of a word of the lists
    ("technicien des industries de l'ameublement et du bois", 96.0, False),  # not shaped
    ("Technicien de la vente à distance", 60.0, True),  # 'à', 'de', 'la': short words the lists' labels print
    ("Mécanicien d ER engin de chantier", 33.0, False),  # 'd', 'ER': in Tesseract's list, in no label (1080)
    ("Inspecteur de … en conformité", 96.0, False),  # a word OCR did not read (geometry.breaks.as_read)
])
def test_a_reading_near_no_other_stands_where_read_with_confidence_or_in_words_of_the_lists(label, confidence, stands):
    [(taken, doubt)] = weighed((label, confidence))
    assert taken == label
    assert (doubt == "") is stands


def test_review_takes_the_label_a_row_misreads_and_says_so_in_the_printed_view_only():
    misread = LIFT.replace("automatiques", "automatlques")
    reviewed = review.review_ocr(ocr((LIFT, 96.0), (LIFT, 90.0), (misread, 95.0)))
    assert reviewed.label_as_printed.tolist() == [LIFT] * 3
    assert reviewed.ocr_label_doubt.tolist()[2].endswith("a misread of it, taken for it")
    assert reviewed.ocr_label_doubt_corrected.tolist() == ["", "", ""]
    lists = pd.DataFrame({"source_id": "S", "list_index": [1, 2, 3], "region_name_as_printed": "Corse",
                          "region_name_corrected": "Corse", "region_name": "Corse"})
    found = {corrected: CATALOGUE["ocr_misread"].run(findings.view(lists, reviewed, pd.DataFrame(), pd.DataFrame(),
                                                                   corrected=corrected))
             for corrected in (False, True)}
    assert len(found[False]) == 1 and found[False].message.iloc[0].startswith(
        f"page 1, box 1,2,3,4 pt: read '52313' (confidence 96): label read '{misread}' (confidence 95) is 1 character")
    assert found[True].empty


def test_a_misread_taken_for_its_code_s_reading_in_words_of_the_lists_stands_however_low_every_row_is_read():
    """Development 1044 read every row of 52243 with low confidence, 16 of them in words of the lists, one with its
    apostrophe read twice ('l’'ameublement'): taken for the others' reading, it is weighed as that one, not as a
    lone reading in words of no list whose code no row reads with confidence."""
    label = "Technicien des industries de l'ameublement et du bois"
    reviewed = review.review_ocr(ocr((label, 60.0), (label, 60.0), (label.replace("l'", "l’'"), 39.3),
                                     code="52243"))
    assert reviewed.label_as_printed.tolist() == [label] * 3
    assert reviewed.ocr_label_doubt_corrected.tolist() == ["", "", ""]


def test_a_code_whose_readings_are_doubted_as_a_whole_takes_no_reading_for_another():
    # Geometre read on most rows, Géomètre on one (a 1-bit scan's accents): `unmarked` doubts every row, and the
    # row read with accents is not taken for the reading without them
    reviewed = review.review_ocr(ocr(("Geometre", 90.0), ("Geometre", 90.0), ("Géomètre", 69.0), code="61222"))
    assert reviewed.label_as_printed.tolist() == ["Geometre", "Geometre", "Géomètre"]
    assert all(doubt.startswith("its label is read 'Géomètre' on some rows") for doubt in
               reviewed.ocr_label_doubt_corrected)


VENTE = "Technicien de la vente à distance"


@pytest.mark.parametrize(("others", "doubted"), [
    ([("Géomètre", 90.0)] * 2, False),  # the scan keeps its accents (as the lists print them): 'là' is a misread
    ([("Geometre", 90.0)] * 2, True),  # it drops them ('Geometre' for 'Géomètre'): which it prints, OCR does not tell
])
def test_an_accent_more_on_one_row_is_a_misread_where_the_scan_keeps_its_accents(others, doubted):
    # Development 1000, 1082, 1087: 'là' on one row of 14232, 'la' on the others, in scans that drop no accent.
    vente = ocr(*[(VENTE, 96.0)] * 3, (VENTE.replace(" la ", " là "), 90.0), code="14232")
    rows = pd.concat([vente, ocr(*others, code="61222")], ignore_index=True).assign(seq=lambda d: range(len(d)))
    reviewed = review.review_ocr(rows)
    assert (readings.drops_accents(rows) == {"S"}) is doubted
    assert reviewed.label_as_printed.tolist()[:4] == [VENTE] * 3 + [VENTE if not doubted else VENTE.replace(" la ", " là ")]
    assert bool((reviewed.ocr_label_doubt_corrected.iloc[:4] != "").all()) is doubted


def test_a_scan_drops_accents_where_five_words_in_a_hundred_lack_those_the_lists_print():
    kept = [("Géomètre", 96.0)] * 19
    assert readings.drops_accents(ocr(*kept, ("Geometre", 96.0))) == {"S"}  # 1 in 20
    assert readings.drops_accents(ocr(*kept, ("Géomètre", 96.0), ("Geometre", 96.0))) == set()  # 1 in 21
    assert readings.drops_accents(ocr(("Topographe", 96.0))) == {"S"}  # nothing tells it keeps them


@pytest.mark.parametrize(("read", "label", "doubted"), [
    (LIFT[0].lower() + LIFT[1:], LIFT, False),  # a capital read small: the row takes it, and says so
    ("installateur-maintemicien en ascenseurs", "installateur-maintemicien en ascenseurs", True),  # and misread after
])
def test_a_label_read_with_a_small_letter_first_takes_its_capital(read, label, doubted):
    # Development 1083: 'installateur-maintenicien' on 8 rows of 52313, 'Installateur-maintenicien' on 3.
    reviewed = review.review_ocr(ocr((LIFT, 96.0), (LIFT, 96.0), (read, 60.0)))
    assert reviewed.label_as_printed.tolist() == [LIFT, LIFT, label]
    why = reviewed.ocr_label_doubt.iloc[2]
    assert why.startswith(f"label read '{read}' (confidence 60) starts with a small letter, where every label of "
                          f"the annex starts with a capital: taken for '{read[0].upper() + read[1:]}'")
    assert (reviewed.ocr_label_doubt_corrected.iloc[2] != "") is doubted


@pytest.mark.parametrize(("read", "label"), [
    ("Installateur-maintenancier en ascenseurs {et autres systèmes automatiques)",  # a corpus scan, at 90
     "Installateur-maintenancier en ascenseurs (et autres systèmes automatiques)"),
    ("Opérateur de formage {transformation} du verre", "Opérateur de formage (transformation) du verre"),
    ("Façonneur bois (production de série]", "Façonneur bois (production de série)"),
    ("[Technicien des industries", "[Technicien des industries"),  # a bracket that pairs nothing: as read
    ("Marchandiseur (conception {de points)", "Marchandiseur (conception {de points)"),  # nor one pairing too many
])
def test_a_brace_or_bracket_is_read_as_the_parenthesis_it_looks_like_where_the_label_then_pairs_them(read, label):
    assert reshape.reshaped(read)[0] == label
    reviewed = review.review_ocr(ocr((read, 90.0)))
    assert reviewed.label_as_printed.tolist() == [label]
    why = reviewed.ocr_label_doubt.iloc[0]
    if label != read:
        marks = " ".join(repr(m) for m in sorted({c for c in read if c in "{[}]"}))
        assert why == (f"label read '{read}' (confidence 90) prints {marks}, where the annex prints no brace nor "
                       f"bracket, and its parentheses pair when read as such: taken for '{label}'")
        assert reviewed.ocr_label_doubt_corrected.iloc[0] == ""
    else:
        assert why.startswith(f"label read '{read}' (confidence 90) is not shaped as a label (")
        assert reviewed.ocr_label_doubt_corrected.iloc[0] == why


@pytest.mark.parametrize(("read", "label"), [
    ("Chargé d'études techniques.du sous-sol",  # 61224 in a 1-bit scan of the corpus, read at 75.2
     "Chargé d'études techniques du sous-sol"),
    ("Dessinateur en électricité.et électronique", "Dessinateur en électricité et électronique"),
    ("Techni.cien de la vente à distance", "Techni.cien de la vente à distance"),  # inside a word: as read
    ("Technicien de la vante.à distance", "Technicien de la vante.à distance"),  # 'vante', in no label: as read
])
def test_a_period_between_two_words_of_the_lists_is_a_speck_read_in_the_space_between_them(read, label):
    assert reshape.reshaped(read)[0] == label
    reviewed = review.review_ocr(ocr((read, 75.2), code="61224"))
    why = reviewed.ocr_label_doubt.iloc[0]
    if label != read:  # a code no other row prints: the reading, reshaped, stands in the lists' words
        glued = next(word for word in read.split() if "." in word)
        assert why == (f"label read '{read}' (confidence 75.2) prints a period between '{glued}', where the annex "
                       "prints none inside a label, and either side is a word of the lists: a speck read in a space: "
                       f"taken for '{label}'")
        assert reviewed.label_as_printed.tolist() == [label] and reviewed.ocr_label_doubt_corrected.iloc[0] == ""
    else:
        assert why.startswith(f"label read '{read}' with low confidence (75.2 < 80), in words the lists' labels do "
                              "not all print") and reviewed.ocr_label_doubt_corrected.iloc[0] == why


def test_no_label_of_the_circular_ends_with_a_period_nor_prints_a_capital_after_a_small_letter():
    # the circular's rows, as in the test of their shape; the arrêté's end each item with a full stop.
    labels = re.findall(r"(?m)^[0-9]{5}\t(.+?)\s*$", CIRCULAR.read_text(encoding="utf-8"))
    assert len(labels) == 433
    assert [label for label in labels if label.endswith(".") or reshape.small_inside(label) != label] == []


@pytest.mark.parametrize(("read", "label", "why"), [
    # development 1191, published so: 'syStèmes' read at 64, 'BTP.' at 93
    ("Installateur-maintenicien en ascenseurs (et autres syStèmes mécaniques)",
     "Installateur-maintenicien en ascenseurs (et autres systèmes mécaniques)",
     "prints a capital after a small letter in 'syStèmes', where no label of the annex does: taken small"),
    ("Conducteur de travaux du BTP.", "Conducteur de travaux du BTP",
     "ends with a period, where no label of the annex does: a speck, left out"),
    ("Conducteur de travaux du BTP", "Conducteur de travaux du BTP", None),  # capitals after capitals: as read
])
def test_a_capital_after_a_small_letter_is_taken_small_and_a_period_ending_a_label_left_out(read, label, why):
    assert reshape.reshaped(read) == (label, [why] if why else [])


def test_a_label_read_small_and_with_a_brace_takes_both_and_says_both():
    read = "opérateur de formage {transformation) du verre"
    assert reshape.reshaped(read) == ("Opérateur de formage (transformation) du verre", [
        "starts with a small letter, where every label of the annex starts with a capital",
        "prints '{', where the annex prints no brace nor bracket, and its parentheses pair when read as such"])


@pytest.mark.parametrize(("label", "is_listed"), [
    ("Chargé d'études techniques du sous-sol", True),  # 61224, printed once in the circular
    ("Technicien de la vente à distance", True),
    ("Technicien de la vante à distance", False),  # a word of French, in no label of the lists
    ("Technicien de la vente a distance", False),  # 'a' for 'à'
    ("chargé d'études techniques du sous-sol", False),  # not shaped
])
def test_a_label_is_listed_where_the_lists_print_each_of_its_words(label, is_listed):
    assert readings.listed(label) is is_listed


def test_a_reading_doubted_for_a_word_ocr_did_not_read_says_so():
    [(_, doubt)] = weighed(("Inspecteur de … en con formité", 86.0))
    assert doubt.startswith("label read 'Inspecteur de … en con formité' (confidence 86) is not shaped as a label (")
    assert "only) (…: no word read where one stands), and no one reading" in doubt


@pytest.mark.parametrize(("read", "label", "joins"), [
    # development 1004 (reportlab, two columns): 'Dessinateur-projeteu' / 'r en électricité et' / 'électronique'
    ("Dessinateur-projeteu r construction mécanique", "Dessinateur-projeteur construction mécanique",
     ["'projeteu r' for 'projeteur'"]),
    ("Technicien de contrôl e-essai-qualité en électricité et électronique",
     "Technicien de contrôle-essai-qualité en électricité et électronique", ["'contrôl e' for 'contrôle'"]),
    ("Chef d e chantier du BT P", "Chef de chantier du BTP", ["'d e' for 'de'", "'BT P' for 'BTP'"]),
    (f"Installateur-maintenicien en ascen{BROKEN}seurs", "Installateur-maintenicien en ascenseurs",
     [f"'ascen{BROKEN}seurs' for 'ascenseurs'"]),  # a break inside a word
    # the rest stand: a letter would cross the break ('projeteur en'; a letter lost beside one reads so too)
    (f"Dessinateur-projeteu{BROKEN}ren électricité", f"Dessinateur-projeteu{BROKEN}ren électricité", []),
    (f"(et autres systèmes{BROKEN}automatiques)", f"(et autres systèmes{BROKEN}automatiques)", []),  # two words
    (f"Installateur-mainten{BROKEN}ancier", f"Installateur-mainten{BROKEN}ancier", []),  # no word of the lists
    ("Technicien en aqua culture", "Technicien en aqua culture", []),  # two words: a misread may make a third
    ("Attaché commercial Fes bi intermédiaires", "Attaché commercial Fes bi intermédiaires", []),
    ("Dessinateur-projeteu ren", "Dessinateur-projeteu ren", []),  # 'ren' is no piece of 'projeteur'
    ("Technicien de ma ison", "Technicien de ma ison", []),  # 'maison', a word of French, is in no label
    ("Mécan : en d'engin", "Mécan : en d'engin", []),  # development 1070: a mark is no piece of a word
    # an outside review: one letter beside a word may be a short word that lost a letter ('en', 'de'), or a speck
    ("Attaché commercial e biens", "Attaché commercial e biens", []),
    ("Mécanicien d'engin de chantier, e levage", "Mécanicien d'engin de chantier, e levage", []),
    ("Technicien de méthodes de l'industrie l", "Technicien de méthodes de l'industrie l", []),
    ("Façonneur bois (production de s érie)", "Façonneur bois (production de série)", ["'s érie)' for 'série)'"]),
    ("de la construction etau d travail", "de la construction etau d travail", []),  # 1030, for 'et du'
])
def test_a_space_read_inside_a_word_is_read_as_none_where_neither_side_is_a_word_and_together_they_are(read, label,
                                                                                                         joins):
    assert reshape.spaced(read) == (label, joins)


def test_a_label_read_with_a_space_inside_a_word_is_taken_with_the_word_and_says_so():
    read = "Dessinateur-projeteu r construction mécanique"
    reviewed = review.review_ocr(ocr((read, 90.6), code="52121"))
    assert reviewed.label_as_printed.tolist() == ["Dessinateur-projeteur construction mécanique"]
    assert reviewed.ocr_label_doubt.iloc[0] == (
        f"label read '{read}' (confidence 90.6) reads 'projeteu r' for 'projeteur', where neither side of a space or "
        "break is a word and together they are a word of the lists: a space OCR read inside a word: taken for "
        "'Dessinateur-projeteur construction mécanique'")
    assert reviewed.ocr_label_doubt_corrected.iloc[0] == ""
    # a capital read for a small letter in a piece is taken small once the pieces are one word (an outside review)
    assert reshape.reshaped("Dessinateur-projeteu R en électricité")[0] == "Dessinateur-projeteur en électricité"
