"""Codes and labels read by OCR, weighed against the rest of their source: each doubted for what the reading
shows (not five ASCII digits, low confidence, another code's label, out of its list's order), then confirmed,
corrected or left doubted on evidence, the evidence said (labels: pipeline.transform.readings)."""
import re
from collections import Counter
from functools import cache

import pandas as pd

from pipeline.core.confidence import LOW_CONFIDENCE, tenth
from pipeline.core.dictionary import declared
from pipeline.core.text import edits, fold, label_key, label_text
from pipeline.extract.printed import digits_spelled
from pipeline.transform.readings import listed, misreadings, noted, outvoting, read_surely, unmarked
from pipeline.transform.reshape import restored

CODE = re.compile(declared()["patterns"]["rome_code"])
LEADING_CODE = re.compile(r"^\s*" + CODE.pattern.strip("^$") + r"\s+")


def review_ocr(rows: pd.DataFrame) -> pd.DataFrame:
    """Weigh each code read by OCR against the rest of its source, and correct it where the evidence is
    unambiguous: its row's label is printed under exactly one code by the rows read with confidence
    and not doubted (a code's canonical label, or one of its variants), and that code fits the list's
    order. Codes doubted for what they are (not five ASCII digits,
    low confidence, beside another code's label) are weighed first; then a code left on one list only
    once those are corrected. Adds `ocr_doubt` (why the code read is doubted), `ocr_evidence`,
    `ocr_doubt_corrected` (what stays doubted once corrected), `ocr_label_doubt` (why the label read is doubted,
    or taken for another reading: readings.misreadings) and `ocr_label_doubt_corrected` (what stays doubted once
    those are taken, as `label_as_printed`)."""
    out = rows.assign(ocr_doubt="", ocr_evidence="", ocr_doubt_corrected="", ocr_label_doubt="",
                      ocr_label_doubt_corrected="")
    read = out.ocr_code_confidence.notna()
    if not read.any():
        return out
    ocr = out[read].assign(key=out.label_as_printed[read].map(label_key))
    valid = ocr.rome_code.fillna("").str.fullmatch(CODE)
    low = ocr.ocr_code_confidence < LOW_CONFIDENCE
    trusted = read_surely(ocr)
    ocr["reference"] = valid & ~low & trusted
    ocr["lists"] = lists_per_code(ocr)
    owners = label_owners(ocr[ocr.reference & (ocr.lists > 1)])
    ocr["ocr_doubt"] = [doubt(row, ok, is_low, owners) for row, ok, is_low in zip(ocr.itertuples(), valid, low)]
    resolve(ocr, ocr.ocr_doubt != "")
    lists = agreeing(ocr, valid & low & trusted)
    agree = lists > 1
    if agree.any():  # readings that agree are evidence: with them settled, the others are weighed again
        ocr.loc[agree, ["ocr_doubt_corrected", "reference"]] = ["", True]
        ocr.loc[agree, "ocr_evidence"] = [f"'{label_text(label)}' is read under {code} in {n} lists, each time where "
                                          "it fits the list's order: confirmed" for label, code, n in
                                          zip(ocr.label_as_printed[agree], ocr.rome_code[agree], lists[agree])]
        resolve(ocr, ocr.ocr_doubt_corrected != "")
    elsewhere = printed_elsewhere(ocr, (valid & low) | ocr.rome_code.map(as_digits).notna())
    for index, (code, words) in elsewhere.items():
        ocr.loc[index, ["ocr_doubt_corrected", "rome_code", "ocr_evidence"]] = ["", code, words]
    ocr["lists"] = lists_per_code(ocr)
    # Rarity alone is no evidence (a code the text prints on one list only is read so): a confident code on one
    # list is doubted when it also breaks its list's order.
    alone = (ocr.lists == 1) & (ocr.ocr_doubt == "") & out_of_order(ocr)
    ocr.loc[alone, "ocr_doubt"] = f"{ONE_LIST}, and out of its list's order"
    resolve(ocr, alone)
    reshapes, read_as = restored(ocr), ocr.label_as_printed.copy()
    ocr.loc[list(reshapes), "label_as_printed"] = [label for label, _ in reshapes.values()]
    # Where no row of a code is read with confidence, a reading in words the lists print may still be its canonical
    # label: 61224 and 52151 are printed once in the circular, and one reading is all a scan gives of them.
    taken, misread = misreadings(ocr)  # weighed as taken: 'l’'ameublement' beside 16 'l'ameublement' (dev. 1044)
    as_taken = pd.Series({i: t for i, (t, _) in taken.items()}, dtype=object).combine_first(ocr.label_as_printed)
    in_words = as_taken.reindex(ocr.index).fillna("").map(lambda label: listed(label_text(label)))
    lone = ~trusted & ~in_words & ~ocr.assign(t=trusted).groupby(["source_id", "rome_code"]).t.transform("any")
    doubts = unmarked(ocr) | outvoting(ocr, trusted) | {
        i: f"label read '{label}' {f'with low confidence ({below(c)})' if c < LOW_CONFIDENCE else 'unsurely'}, in "
           f"words the lists' labels do not all print, and no other row of {code} read with confidence: its "
           "canonical label cannot be taken from it"
        for i, label, c, code in zip(ocr.index[lone], read_as[lone], ocr.ocr_label_confidence[lone],
                                     ocr.rome_code[lone])}
    doubts = {i: noted(why) for i, why in doubts.items()}
    taken = {i: label for i, label in (reshapes | taken).items() if i not in doubts and i not in misread}
    said = misread | {i: why for i, (_, why) in taken.items()} | doubts
    said |= {i: f"{why}; {said[i]}" for i, (_, why) in reshapes.items() if said[i] != why}
    ocr["ocr_label_doubt"] = pd.Series(said, dtype=object).reindex(ocr.index, fill_value="")
    ocr["ocr_label_doubt_corrected"] = ocr.ocr_label_doubt.where(~ocr.index.isin(list(taken)), "")
    ocr["label_as_printed"] = read_as
    ocr.loc[list(taken), "label_as_printed"] = [label for label, _ in taken.values()]
    columns = ["rome_code", "label_as_printed", "ocr_doubt", "ocr_evidence", "ocr_doubt_corrected", "ocr_label_doubt",
               "ocr_label_doubt_corrected"]
    out.loc[read, columns] = ocr[columns]
    return out


ONE_LIST = "on no other list of the source"


def agreeing(ocr: pd.DataFrame, eligible: pd.Series) -> pd.Series:
    """Per doubted code read with low confidence, on how many lists it is read alike (`eligible`: five ASCII
    digits, read with low confidence, its label with confidence), the same code and label, each where it fits its
    list's order (0 for the other rows). Readings on two lists or more confirm one another: two readings of a page rarely go
    wrong the same way, and a misread code rarely keeps its place among its neighbours'."""
    doubted = (ocr.ocr_doubt_corrected != "") & eligible & ~out_of_order(ocr)
    lists = ocr[doubted].groupby(["source_id", "rome_code", "key"]).list_index.transform("nunique")
    return lists.reindex(ocr.index, fill_value=0)


def printed_elsewhere(ocr: pd.DataFrame, eligible: pd.Series) -> dict:
    """Per code still doubted for how it was read (`eligible`: five ASCII digits read with low confidence, or letters
    OCR takes for digits, `as_digits`), the code and the evidence that settles it, where there is: the source prints
    it on other lists, read there with confidence and not doubted, it fits this list's order between the settled
    codes around it, and no settled row prints the row's label under another code (measured: docs/scans.md)."""
    settled = ocr[ocr.ocr_doubt_corrected == ""]
    read = settled[settled.ocr_code_confidence >= LOW_CONFIDENCE]  # labels however read: 31 to 78 in 1151
    lists = read.groupby(["source_id", "rome_code"]).list_index.agg(set)
    owners = label_owners(settled[settled.reference], canonical=False)
    out = {}
    for index, row in ocr[(ocr.ocr_doubt_corrected != "") & eligible].iterrows():
        code = as_digits(row.rome_code) or row.rome_code  # a code read as five digits spells nothing else
        others = lists.get((row.source_id, code), set()) - {row.list_index}
        owned = [other for other in owners.get((row.source_id, row.key), []) if other != code]
        fits, where = fitting(row, settled, code)
        if others and fits and not owned:
            spelled = "" if code == row.rome_code else f"'{row.rome_code}' reads {code} as digits; "
            out[index] = code, (f"{spelled}{code} is read with confidence on {len(others)} other list(s) of the "
                                f"source, and fits this list's order {where}; its label is printed under no other "
                                "code: " + ("confirmed" if code == row.rome_code else f"corrected to {code}"))
    return out


def out_of_order(ocr: pd.DataFrame) -> pd.Series:
    """Codes that break their list's ascending order: not above the code printed before them, or not below the
    one after (the annex prints each list by code)."""
    broken = pd.Series(False, index=ocr.index)
    for _, rows in ocr.sort_values("position").groupby(["source_id", "list_index"]):
        codes = [c if isinstance(c, str) else "" for c in rows.rome_code]
        for i, index in enumerate(rows.index):
            before, after = codes[i - 1] if i else "", codes[i + 1] if i + 1 < len(codes) else ""
            broken[index] = bool(codes[i]) and ((before != "" and before >= codes[i]) or
                                                (after != "" and after <= codes[i]))
    return broken


def label_owners(rows: pd.DataFrame, canonical: bool = True) -> pd.Series:
    """Per source and label (label_key): the codes whose canonical label it is among `rows` (most
    printed, ties to the first printed), or, not `canonical`, the codes under which `rows` print it. A canonical
    label of several codes is the one code's that prints it on more rows than the others together, where one does:
    the annex prints each label under one code, and a code misread alike on a few rows is not its owner (52188 on 2
    rows beside 52133 on 14, development 1058)."""
    counts = rows.groupby(["source_id", "rome_code", "key"]).agg(n=("seq", "size"), first=("seq", "min")).reset_index()
    if canonical:
        counts = (counts.sort_values(["source_id", "rome_code", "n", "first"], ascending=[True, True, False, True])
                  .drop_duplicates(["source_id", "rome_code"]))
        total = counts.groupby(["source_id", "key"]).n.transform("sum")
        most = counts.groupby(["source_id", "key"]).n.transform("max")
        counts = counts[(counts.n * 2 > total) | (most * 2 <= total)]
    return counts.groupby(["source_id", "key"]).rome_code.agg(list)


def lists_per_code(ocr: pd.DataFrame) -> pd.Series:
    return ocr.groupby(["source_id", "rome_code"]).list_index.transform("nunique")


def below(confidence: float) -> str:
    """'41 < 80': a confidence under LOW_CONFIDENCE, to a tenth rounded down."""
    return f"{tenth(confidence)} < {LOW_CONFIDENCE:g}"


def doubt(row, valid: bool, low: bool, owners: pd.Series) -> str:
    """Why a code read by OCR is doubted, in words; empty when it is not."""
    reasons = [] if valid else ["not five ASCII digits"]
    reasons += [f"read with low confidence ({below(row.ocr_code_confidence)})"] if low else []
    others = [c for c in owners.get((row.source_id, row.key), []) if c != row.rome_code]
    reasons += [f"its label is the canonical label of {others[0]}"] if others else []
    reasons += [ONE_LIST] if reasons and valid and row.lists == 1 else []
    return "; ".join(reasons)


def resolve(ocr: pd.DataFrame, doubted: pd.Series) -> None:
    """Weigh the evidence for the `doubted` rows (in place): correct or confirm their code, or leave
    them doubted. Evidence comes from the rows not doubted at this point: the labels they print under
    their codes, and their places in the lists."""
    ocr.loc[doubted, "ocr_doubt_corrected"] = ocr.ocr_doubt[doubted]
    settled = ocr[ocr.ocr_doubt_corrected == ""]
    owners = label_owners(settled[settled.reference], canonical=False)
    readings = Readings(settled[settled.ocr_code_confidence >= LOW_CONFIDENCE], ocr)  # labels however read
    for index, row in ocr[doubted].iterrows():
        code, words = evidence(row, settled, owners, readings.nearest(index, row))
        ocr.loc[index, "ocr_evidence"] = words
        if code is not None:
            ocr.loc[index, ["ocr_doubt_corrected", "rome_code"]] = ["", code]


def evidence(row, settled: pd.DataFrame, owners: pd.Series, near: tuple | None = None) -> tuple[str | None, str]:
    """For a doubted code: the one code under which settled rows print its row's label, if it fits the
    list's order between the nearest settled codes, and the evidence in words; none when ambiguous. A label read
    with confidence and printed under no other code: the code its letters read as the digits they look like
    ('S2151', 52151), if that fits the list's order; else the code whose readings are clearly the `near`est
    (Readings.nearest), if that fits."""
    owned = owners.get((row.source_id, label_key(LEADING_CODE.sub("", row.label_as_printed))), [])
    shaped = as_digits(row.rome_code)
    if not owned and shaped is not None and not row.ocr_label_confidence < LOW_CONFIDENCE:  # NaN: a text layer's
        fits, where = fitting(row, settled, shaped)
        if fits:
            return shaped, (f"'{row.rome_code}' reads {shaped} with its letters taken for the digits they look like, "
                            f"which fits the list's order {where}; its label is printed under no other code: "
                            f"corrected to {shaped}")
    if not owned and near is not None:
        code, reading, apart, bound = near
        fits, where = fitting(row, settled, code)
        if fits:
            return code, (f"'{label_text(LEADING_CODE.sub('', row.label_as_printed))}' is {apart} character(s) "
                          f"from '{reading}', read under {code} (case, accents, ligatures and marks aside), and every "
                          f"other reading within {bound} of it is one of {code}'s; {code} fits the list's order "
                          f"{where}: "
                          + ("confirmed" if code == row.rome_code else f"corrected to {code}"))
    if len(owned) != 1:
        return None, f"its label is printed under {' and '.join(owned) if owned else 'no other code'}: left as read"
    code = owned[0]
    fits, where = fitting(row, settled, code)
    if not fits:
        return None, f"its label is printed under {code}, which does not fit the list's order {where}: left as read"
    done = "confirmed" if code == row.rome_code else f"corrected to {code}"
    return code, (f"'{label_text(row.label_as_printed)}' is printed under {code} alone, which fits the "
                  f"list's order {where}: {done}")


def as_digits(read) -> str | None:
    """A code read with letters OCR takes for digits ('S2151', 'O3121'), or in pieces ('4632 2': development 1030):
    the code they spell as digits, if that is one; None for a code read as five digits, or another reading."""
    if not isinstance(read, str) or CODE.fullmatch(read):
        return None
    shaped = digits_spelled(read)
    return shaped if CODE.fullmatch(shaped) else None


def fitting(row, settled: pd.DataFrame, code: str) -> tuple[bool, str]:
    """Whether a code fits its row's place in its list, between the nearest settled codes, and where that is."""
    same = settled[(settled.source_id == row.source_id) & (settled.list_index == row.list_index)]
    before = same[same.position < row.position].rome_code.tail(1).tolist()
    after = same[same.position > row.position].rome_code.head(1).tolist()
    where = f"(after {before[0] if before else '-'}, before {after[0] if after else '-'})"
    return not ((before and before[0] >= code) or (after and after[0] <= code)), where


class Readings:
    """The labels read in a source, folded (`core.text.fold`: parentheses, case and accents aside), to weigh a
    doubted code by the code whose readings its label is clearly nearest."""

    def __init__(self, settled: pd.DataFrame, ocr: pd.DataFrame):
        folded = ocr.label_as_printed.map(lambda label: fold(LEADING_CODE.sub("", label)))
        self.codes = {key: set(folded[rows.index]) for key, rows in settled.groupby(["source_id", "rome_code"])}
        self.printed = dict(zip(folded[::-1], ocr.label_as_printed[::-1].map(label_text)))  # the first row's
        self.rows = {source: rows.index.groupby(rows) for source, rows in folded.groupby(ocr.source_id)}
        self.known: dict[tuple[str, str, str], bool] = {}

    def nearest(self, index, row) -> tuple[str, str, int, int] | None:
        """The code, its reading nearest the row's label and the characters between them (`edits`), and twice
        that, where that reading is a tenth of the label's length from it or less, and every other row's reading is
        more than twice as far, or is the code's: a tenth of its length from the code's readings or less. The annex
        prints the labels of two codes 13 % of their length apart or more (52121 and 52122), and 61224's, printed
        once, 21 % from 61223's: a reading nearer a code than that is a misread of its label, unless the rows of
        another code read a label as near. None where no code's readings are so near."""
        label = fold(LEADING_CODE.sub("", row.label_as_printed))
        most = len(label) // 10
        near = {code: min((within(label, reading, most), reading) for reading in readings)
                for (source, code), readings in self.codes.items() if source == row.source_id}
        code = min(near, key=lambda c: (near[c][0], c), default=None)
        if code is None or near[code][0] > most:
            return None
        apart, reading = near[code]
        bound = 2 * apart
        if any(list(where) != [index] and within(label, read, bound) <= bound and not self.of(row.source_id, code, read)
               for read, where in self.rows[row.source_id].items()):
            return None
        return code, self.printed[reading], apart, bound

    def of(self, source: str, code: str, read: str) -> bool:
        """Whether a reading is one of a code's: a tenth of its length from one of the code's readings or less."""
        if (source, code, read) not in self.known:
            self.known[(source, code, read)] = any(within(read, reading, len(read) // 10) <= len(read) // 10
                                                   for reading in self.codes[(source, code)])
        return self.known[(source, code, read)]


def within(one: str, other: str, most: int) -> int:
    """`edits(one, other, most)`, most + 1 where their letters alone tell they are further apart: the letters one
    has more of than the other must each be inserted, deleted or replaced (a bound computed in a few steps, where
    edits takes one per pair of letters)."""
    mine, theirs = letters(one), letters(other)
    if max(sum((mine - theirs).values()), sum((theirs - mine).values())) > most:
        return most + 1
    return edits(one, other, most)


@cache
def letters(text: str) -> Counter:
    return Counter(text)
