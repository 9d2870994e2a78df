"""What OCR misreads of a label's shape, read as the annex prints it: its first letter's case, braces for
parentheses, a capital after a small letter, specks read as periods, spaces read inside a word (`reshaped`), each
said where it is taken (`restored`). The review weighs what is left against the code's other readings
(transform.readings)."""
import re

import pandas as pd

from pipeline.core.confidence import tenth
from pipeline.extract.geometry.breaks import BROKEN, HYPHENS, bare_word, in_labels, is_french
from pipeline.transform.readings import label_words, paired

# What OCR reads for a parenthesis (the annex prints no brace nor bracket): taken for it where the label's
# parentheses then pair ('{et autres systèmes automatiques)': a scan of the corpus, read at 90).
AS_PARENTHESIS = str.maketrans("{[}]", "(())")


# A period between two letters, which no label of the annex prints (its 433 rows print none inside a label): a
# speck OCR read in the space between two words ('techniques.du', 'électricité.et': a 1-bit scan of the corpus).
SPECK = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_])")


def small_inside(text: str) -> str:
    """Each capital after a small letter made small: no label of the annex prints one (none of its 433 rows), OCR
    reads a small letter as its capital ('syStèmes', development 1191, published so)."""
    return "".join(b.lower() if b.isupper() and a.islower() else b for a, b in zip(" " + text, text))


def reshaped(label: str) -> tuple[str, list[str]]:
    """A label read by OCR with what the annex prints for what it read, and what that was: a small first letter as
    its capital (every label of the annex starts with one: OCR reads a capital I small, 'installateur-maintenicien'
    on 8 rows of 52313, the capital on 3 in development 1083), braces and brackets as the parentheses they look
    like where the label's parentheses then pair (`shaped`), a space read inside a word as none (`spaced`), then a
    capital after a small letter small (`small_inside`: 'syStèmes', 'projeteu R'), a period ending the label left
    out (a speck: 'du BTP.', development 1191), a period between two letters (`SPECK`) as the space it was read in
    where the words on either side are words of the lists' labels (`in_labels`: not a speck inside a word,
    'Techni.cien'); where they do not, the label is left as read. A hyphen OCR read as a period would be taken for a
    space too: of the 60 marks read between two letters in the development and corpus scans, none was (a colon once,
    'Installateur:maintenicien', left as read), and a code printed on several rows takes its label from them
    (`misreadings`)."""
    changes = []
    if label[:1].islower():
        label = label[0].upper() + label[1:]
        changes.append("starts with a small letter, where every label of the annex starts with a capital")
    marks = sorted({char for char in label if char in "{[}]"})
    parenthesized = label.translate(AS_PARENTHESIS)
    if marks and paired(parenthesized):
        label = parenthesized
        changes.append(f"prints {' '.join(repr(m) for m in marks)}, where the annex prints no brace nor bracket, "
                       "and its parentheses pair when read as such")
    label, joins = spaced(label)
    if joins:
        changes.append(f"reads {' and '.join(joins)}, where neither side of a space or break is a word and together "
                       "they are a word of the lists: a space OCR read inside a word")
    inside = [word for word in label.split() if small_inside(word) != word]
    if inside:
        label = small_inside(label)
        changes.append(f"prints a capital after a small letter in {' and '.join(repr(w) for w in inside)}, where no "
                       "label of the annex does: taken small")
    if label.endswith("."):
        label = label[:-1].rstrip()
        changes.append("ends with a period, where no label of the annex does: a speck, left out")
    glued = [word for word in label.split() if SPECK.search(word)]
    if glued and all(in_labels(bare_word(part)) for word in glued for part in label_words(SPECK.sub(" ", word))):
        label = SPECK.sub(" ", label)
        changes.append(f"prints a period between {' and '.join(repr(word) for word in glued)}, where the annex "
                       "prints none inside a label, and either side is a word of the lists: a speck read in a space")
    return label, changes


PIECE = re.compile(f"[ {BROKEN}{HYPHENS}]")  # HYPHENS last: its "-" ends the class


def spaced(label: str) -> tuple[str, list[str]]:
    """A label with each space OCR read inside a word read as none, and what was so read (as read, as taken). At each
    space, and each BROKEN (a line break its words did not decide: one word, or two), the pieces either side of it,
    up to the next space, hyphen or break, are one word where neither is a word (`is_french`) and together they are a
    word of the lists' labels (`in_labels`): 'Dessinateur-projeteu r' and 'contrôl e-essai-qualité' (6 and 2 rows of
    development 1004, a reportlab table in two narrow columns). Otherwise the space stands: one letter beside a word
    may be a short word that lost a letter ('commercial e biens' for 'en', 'chantier, e levage' for 'de': an outside
    review); OCR's misread of one of two words may make a word with the other; a mark is no piece of a word (': en',
    1070). A break stands too where only a letter moved across it would make words ('projeteu¦ren', 13 rows of 1004:
    'projeteur en' there, but a letter lost beside a break reads so too, 'autres¦ystèmes')."""
    parts = re.split(f"([ {BROKEN}])", label)
    text, changes = parts[0], []
    for mark, word in zip(parts[1::2], parts[2::2]):
        left, right = PIECE.split(text)[-1], PIECE.split(word, 1)[0]
        if not is_french(left) and not is_french(right) and in_labels(bare_word(left + right)):
            changes.append(f"'{left}{mark}{right}' for '{left}{right}'")
            text += word
        else:
            text += mark + word
    return text, changes


def restored(ocr: pd.DataFrame) -> dict:
    """Per row read by OCR whose label the annex prints otherwise than read, in one of the ways OCR misreads it
    (`reshaped`), the label as the annex prints it, and why."""
    coded = ocr[ocr.rome_code.notna() & ocr.label_as_printed.notna()]
    out = {}
    for i, label, confidence in zip(coded.index, coded.label_as_printed, coded.ocr_label_confidence.fillna(100)):
        taken, changes = reshaped(label)
        if changes:
            out[i] = taken, (f"label read '{label}' (confidence {tenth(confidence)}) {' and '.join(changes)}: "
                             f"taken for '{taken}'")
    return out
