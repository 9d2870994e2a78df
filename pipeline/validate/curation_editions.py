"""The curated files of the editions, read strictly like the others (pipeline.validate.curation.read_csv): each
decision with its `reason` and `evidence`.

- checks/label_rome_v3.csv: the ROME v3 code of a label of the 2011 list or the list of 291 that no DARES title
  matches after folding (a near miss), keyed by text, version and line, with the label as printed (a decision
  whose label is no longer the one printed on its line is refused).
- checks/crosswalk_rome_v2_v3.csv: every ROME v2 code a 2008 text opens, decided: its v3 code(s) and a status.
- checks/list150_notes.csv: labels of the list of 150 left uncoded on purpose (near misses a curator declined).
- checks/texts.csv: each text and version, who its list applies to, and its dates with their evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.errors import CurationError
from pipeline.core.paths import Layout
from pipeline.validate.curation import read_csv

if TYPE_CHECKING:
    import pandas as pd

LABELS, CROSSWALK, LIST150, TEXTS = "label_rome_v3.csv", "crosswalk_rome_v2_v3.csv", "list150_notes.csv", "texts.csv"
STATUSES = ("same", "narrower", "broader", "split", "none")
SERIES = ("third_country", "eu_list", "eu_states")
ROME_V2 = re.compile(r"[0-9]{5}")
ROME_V3 = re.compile(r"[A-N][0-9]{4}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class EditionCuration:
    labels: pd.DataFrame
    crosswalk: pd.DataFrame
    list150: pd.DataFrame
    texts: pd.DataFrame


def load(layout: Layout) -> EditionCuration:
    folder = layout.curation
    labels = read_csv(folder / LABELS, ("text_id", "version", "source_line", "label_as_printed", "rome_v3_code",
                                        "reason", "evidence"),
                      required=("text_id", "version", "source_line", "label_as_printed", "rome_v3_code", "reason",
                                "evidence"), keys=(("text_id", "version", "source_line"),))
    codes(labels, "rome_v3_code", ROME_V3, folder / LABELS)
    lines(labels, folder / LABELS)
    crosswalk = read_csv(folder / CROSSWALK, ("rome_v2_code", "rome_v3_code", "status", "reason", "evidence"),
                         required=("rome_v2_code", "status", "reason", "evidence"),
                         keys=(("rome_v2_code", "rome_v3_code"),))
    codes(crosswalk, "rome_v2_code", ROME_V2, folder / CROSSWALK)
    codes(crosswalk[crosswalk.rome_v3_code != ""], "rome_v3_code", ROME_V3, folder / CROSSWALK)
    for r in crosswalk.itertuples():
        if r.status not in STATUSES or (r.status == "none") != (r.rome_v3_code == ""):
            raise CurationError(f"status {r.status!r}: one of {', '.join(STATUSES)}; 'none' and only 'none' without "
                                "a v3 code", folder / CROSSWALK, r.line)
    split = crosswalk.groupby("rome_v2_code").status.agg(lambda s: (len(s) > 1, set(s)))
    for code, (several, statuses) in split.items():
        if several != (statuses == {"split"}):
            raise CurationError(f"{code}: several v3 codes only with status 'split' (each row), and 'split' only "
                                "with several", folder / CROSSWALK)
    list150 = read_csv(folder / LIST150, ("source_line", "label_as_printed", "reason", "evidence"),
                       required=("source_line", "label_as_printed", "reason", "evidence"), keys=(("source_line",),))
    lines(list150, folder / LIST150)
    return EditionCuration(labels, crosswalk, list150, read_texts(folder))


def read_texts(folder: Path) -> pd.DataFrame:
    texts = read_csv(folder / TEXTS, ("text_id", "version", "part", "series", "binding", "applies_to", "title_file",
                                      "date_signed", "in_force_from", "in_force_to", "date_evidence"),
                     required=("text_id", "version", "part", "series", "binding", "applies_to", "date_evidence"),
                     keys=(("text_id", "version", "part"),))
    for r in texts.itertuples():
        dates = [d for d in (r.date_signed, r.in_force_from, r.in_force_to) if d]
        if r.series not in SERIES or r.binding not in ("true", "false") or not all(ISO_DATE.fullmatch(d) for d in dates):
            raise CurationError(f"series one of {', '.join(SERIES)}, binding true or false, dates YYYY-MM-DD",
                                folder / TEXTS, r.line)
    return texts


def signed_dates(layout: Layout) -> dict[str, str]:
    """Each text's date of signature as checks/texts.csv records it (with its evidence), where it records one; none
    from a curation folder without that file."""
    if not (layout.curation / TEXTS).is_file():
        return {}
    texts = read_texts(layout.curation)
    return dict(zip(texts.text_id[texts.date_signed != ""], texts.date_signed[texts.date_signed != ""]))


def codes(frame: pd.DataFrame, column: str, pattern: re.Pattern, path: Path) -> None:
    bad = frame[~frame[column].map(lambda c: bool(pattern.fullmatch(c)))]
    if len(bad):
        raise CurationError(f"{column} {bad[column].iloc[0]!r} is not a ROME code ({pattern.pattern})", path,
                            bad.line.iloc[0])


def lines(frame: pd.DataFrame, path: Path) -> None:
    bad = frame[~frame.source_line.str.fullmatch("[1-9][0-9]*")]
    if len(bad):
        raise CurationError(f"source_line {bad.source_line.iloc[0]!r} is not a line number", path, bad.line.iloc[0])
