"""Stage 2b: give a ROME code to each label printed without one (the arrêté), from the coded sources.

Rules, in order, each used only when it points at exactly one code: `exact` (the label as printed,
without its closing full stop, is printed under that code), `normalized` (equal once case, accents,
punctuation, parenthesised parts and plural marks are dropped), `similar` (the closest normalized
label, at least SIMILAR_MIN alike and SIMILAR_MARGIN ahead of the closest label of any other code).
A label no rule settles takes its code from the curated label map, or stays unmatched.
"""
from difflib import SequenceMatcher

import pandas as pd

from pipeline.core.text import label_key, label_text

SIMILAR_MIN = 0.8
SIMILAR_MARGIN = 0.1
COLUMNS = ["source_id", "label_as_printed", "rome_code", "method", "score"]


def dictionary(coded: pd.DataFrame, key) -> dict[str, set[str]]:
    """Each printed label's key, with the codes it is printed under."""
    out: dict[str, set[str]] = {}
    for label, code in zip(coded.label_as_printed, coded.rome_code):
        out.setdefault(key(label), set()).add(code)
    return out


def similar(key: str, keys: dict[str, set[str]]) -> tuple[str, float] | None:
    """The code whose closest label is alike enough, and clearly closer than any other code's."""
    best: dict[str, float] = {}
    for other, codes in keys.items():
        ratio = SequenceMatcher(None, key, other).ratio()
        for code in codes:
            best[code] = max(best.get(code, 0.0), ratio)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or ranked[0][1] < SIMILAR_MIN:
        return None
    if len(ranked) > 1 and round(ranked[0][1] - ranked[1][1], 9) < SIMILAR_MARGIN:  # 0.9 - 0.8 is 0.0999... in floats
        return None
    return ranked[0][0], round(ranked[0][1], 3)


def match_one(label: str, exact: dict, normalized: dict, curated: dict) -> tuple[str | None, str | None, float | None]:
    text, key = label_text(label), label_key(label)
    if text in exact:
        codes = exact[text]
        return (next(iter(codes)), "exact", 1.0) if len(codes) == 1 else curated_match(label, curated)
    if key in normalized:
        codes = normalized[key]
        return (next(iter(codes)), "normalized", 1.0) if len(codes) == 1 else curated_match(label, curated)
    return similar_match(key, normalized) or curated_match(label, curated)


def similar_match(key: str, normalized: dict):
    found = similar(key, normalized)
    return (found[0], "similar", found[1]) if found else None


def curated_match(label: str, curated: dict):
    code = curated.get(label_text(label))
    return (code, "curated", None) if code else (None, None, None)


def match(rows: pd.DataFrame, label_map: pd.DataFrame) -> pd.DataFrame:
    """The label_matches table: one row per source and distinct label printed without a code."""
    coded = rows[rows.rome_code.notna()]
    uncoded = rows[rows.rome_code_as_printed.isna()][["source_id", "label_as_printed"]].drop_duplicates()
    if uncoded.empty:
        return pd.DataFrame(columns=COLUMNS)
    exact, normalized = dictionary(coded, label_text), dictionary(coded, label_key)
    curated = {label_text(lab): code for lab, code in zip(label_map.label, label_map.rome_code)}
    found = [match_one(label, exact, normalized, curated) for label in uncoded.label_as_printed]
    out = uncoded.assign(rome_code=[f[0] for f in found], method=[f[1] for f in found],
                         score=[f[2] for f in found])
    return out[COLUMNS].sort_values(["source_id", "label_as_printed"]).reset_index(drop=True)


def unused_curations(label_map: pd.DataFrame, matches: pd.DataFrame) -> list[str]:
    used = set(matches.loc[matches.method == "curated", "label_as_printed"].map(label_text))
    return [f"warning: curated label matched nothing: '{row.label}' (label_map.csv line {row.line})"
            for row in label_map.itertuples() if label_text(row.label) not in used]
