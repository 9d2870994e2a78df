"""The tables of the editions: texts, list_entries, rome_v2_v3 and fap_rome, from the raw editions, the 2008
tables (the labels the 2008 texts print under each ROME v2 code) and the curated decisions.

Codes are given by rule first: a label of the 2011 list or the list of 291 whose folded form
(pipeline.core.text.fold) is the folded DARES title of exactly one ROME v3 code is `exact`; a label of the list
of 150 whose folded form is a folded label that the 2008 texts print under exactly one ROME v2 code is `exact`.
A near miss is coded only by a curated decision (`curated`); anything else stays `none`. Nothing here is
hand-written: the decisions come in as frames, and what does not fit them is left for the checks to report.
"""
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from pipeline.core.errors import CurationError
from pipeline.core.text import fold
from pipeline.extract import annexes, references
from pipeline.extract.editions import EditionFile

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
          "décembre"]
PRINTED_DATE = re.compile(rf"\bdu (1er|[0-9]{{1,2}}) ({'|'.join(MONTHS)}) ([0-9]{{4}})")
DARES = "DARES-FAP2009-ROME@b61ffd2e/fap_rome"
GEOHISTO = "geohisto-regions@65e6f304/regions"
LISTS = {("ETSD1120263A", "0e0c3654"): "dares", ("IMID0800327A", "ec7f7b3a"): "dares",
         ("IMID0800327A", "793f6c58"): "rome_v2"}


@dataclass
class Editions:
    """The published tables of the editions, and what the checks read besides them."""

    tables: dict[str, pd.DataFrame]
    facts: dict = field(default_factory=dict)
    intermediate: dict = field(default_factory=dict)


def printed_date(title: str) -> str | None:
    """The date a title prints ('Arrêté du 11 août 2011' -> 2011-08-11), or None."""
    found = PRINTED_DATE.search(title)
    if not found:
        return None
    day = 1 if found[1] == "1er" else int(found[1])
    return datetime.date(int(found[3]), MONTHS.index(found[2]) + 1, day).isoformat()


def build(files: dict[str, EditionFile], sources: pd.DataFrame, occupations: pd.DataFrame, cur) -> Editions:
    """Every table of the editions; empty tables when the build has no editions."""
    if not files:
        return Editions({name: pd.DataFrame() for name in ("texts", "list_entries", "rome_v2_v3", "fap_rome")},
                        {"annexes": [], "texts": pd.DataFrame(), "stale": [], "dares_empty": 0, "geohisto": [],
                         "opened_v2": occupations[["source_id", "rome_code"]]},
                        {"edition_lists": pd.DataFrame(), "edition_rows": pd.DataFrame()})
    dares, empty = references.dares(files[DARES])
    fap_rome = pd.DataFrame(dares)
    titles = title_index(dares)
    parsed = {key: annexes.parse_annex(files[f"{key[0]}@{key[1]}/annex"]) for key in LISTS}
    entries, stale = [], []
    for key, annex in parsed.items():
        coded = code_v3(annex, titles, cur.labels, stale) if LISTS[key] == "dares" else \
            code_v2(annex, occupations, cur.list150, stale)
        entries += coded
    texts = text_table(files, sources, cur.texts, parsed)
    lists, rows = annexes.layer(list(parsed.values()), files)
    return Editions(
        {"texts": texts, "list_entries": pd.DataFrame(entries), "rome_v2_v3": crosswalk(cur.crosswalk, occupations,
                                                                                          titles),
         "fap_rome": fap_rome},
        {"annexes": list(parsed.values()), "texts": texts, "stale": stale, "dares_empty": empty,
         "geohisto": references.geohisto(files[GEOHISTO]), "opened_v2": occupations[["source_id", "rome_code"]],
         "dares_codes": set(fap_rome.rome_v3_code.dropna())},
        {"edition_lists": pd.DataFrame(lists), "edition_rows": pd.DataFrame(rows)})


def title_index(dares: list[dict]) -> dict:
    """'by_fold': folded title -> codes; 'title': code -> its title (unmarked); 'faps': code -> FAP families;
    'lines': code -> first DARES line."""
    index = {"by_fold": defaultdict(set), "title": {}, "faps": defaultdict(list), "lines": {}}
    for row in dares:
        code = row["rome_v3_code"]
        if code is None:
            continue
        index["by_fold"][fold(row["title"])].add(code)
        index["title"].setdefault(code, row["title"])
        index["lines"].setdefault(code, row["source_line"])
        index["faps"][code].append(row["fap_code"] + (row["mark"] or ""))
    return index


def entry(annex, row: dict, **coded) -> dict:
    return {"text_id": annex.text, "version": annex.version, "source_line": row["line"], "position": row["position"],
            "heading": row["heading"], "label_as_printed": row["label_as_printed"], **coded}


def code_v3(annex, titles: dict, decisions: pd.DataFrame, stale: list) -> list[dict]:
    """The rows of a list printed in ROME v3 titles, coded by DARES title (exact) or by a curated decision."""
    mine = decisions[(decisions.text_id == annex.text) & (decisions.version == annex.version)]
    decided = {int(d.source_line): d for d in mine.itertuples()}
    out = []
    for row in annex.rows:
        codes = titles["by_fold"].get(fold(row["label_as_printed"]), set())
        decision = decided.pop(row["line"], None)
        if decision is not None and (codes or decision.label_as_printed != row["label_as_printed"]):
            stale.append({"text_id": annex.text, "version": annex.version, "source_line": row["line"],
                          "file": "label_rome_v3.csv", "curated_line": decision.line,
                          "why": "an exact match exists" if codes else
                          f"the line prints {row['label_as_printed']!r}, not {decision.label_as_printed!r}"})
            decision = None
        if len(codes) == 1:
            code = next(iter(codes))
            out.append(entry(annex, row, label=titles["title"][code], rome_v3_code=code, method="exact",
                             reason="the folded label is the folded DARES title of this code, and of no other",
                             evidence=dares_evidence(code, titles)))
        elif decision is not None:
            out.append(entry(annex, row, label=titles["title"].get(decision.rome_v3_code),
                             rome_v3_code=decision.rome_v3_code, method="curated", reason=decision.reason,
                             evidence=decision.evidence))
        else:
            why = f"the folded label is the DARES title of several codes ({', '.join(sorted(codes))})" if codes \
                else "no DARES title matches the folded label, and no curated decision codes it"
            out.append(entry(annex, row, method="none", reason=why))
    stale += [{"text_id": annex.text, "version": annex.version, "source_line": line, "file": "label_rome_v3.csv",
               "curated_line": d.line, "why": "the list prints no label on that line"} for line, d in decided.items()]
    return out


def dares_evidence(code: str, titles: dict) -> str:
    return (f"DARES fap225_rome.csv line {titles['lines'][code]}: {code} '{titles['title'][code]}' "
            f"(FAP {', '.join(titles['faps'][code])})")


def code_v2(annex, occupations: pd.DataFrame, notes: pd.DataFrame, stale: list) -> list[dict]:
    """The rows of the list of 150 (ROME v2 vocabulary), coded where the folded label is a folded label the 2008
    texts print under exactly one ROME v2 code."""
    printed = defaultdict(set)
    for o in occupations.itertuples():
        for label in {o.label, *str(o.label_variants or "").split("|")} - {""}:
            printed[fold(label)].add((o.rome_code, o.source_id, label))
    declined = {int(n.source_line): n for n in notes.itertuples()}
    out = []
    for row in annex.rows:
        hits = printed.get(fold(row["label_as_printed"]), set())
        codes = {code for code, _, _ in hits}
        note = declined.pop(row["line"], None)
        if note is not None and (len(codes) == 1 or note.label_as_printed != row["label_as_printed"]):
            stale.append({"text_id": annex.text, "version": annex.version, "source_line": row["line"],
                          "file": "list150_notes.csv", "curated_line": note.line,
                          "why": "an exact match exists" if codes else "the line prints another label"})
            note = None
        if len(codes) == 1:
            code = next(iter(codes))
            label = sorted(label for c, s, label in hits)[0]
            out.append(entry(annex, row, label=label, rome_v2_code=code, method="exact",
                             reason="the folded label is a folded label the 2008 texts print under this code only",
                             evidence="; ".join(sorted(f"{s} prints {c} '{lab}'" for c, s, lab in hits))))
        else:
            why = note.reason if note is not None else (
                f"the folded label is printed under several codes ({', '.join(sorted(codes))})" if codes else
                "no label of the 2008 texts matches the folded label")
            out.append(entry(annex, row, method="none", reason=why, evidence=note.evidence if note is not None else None))
    stale += [{"text_id": annex.text, "version": annex.version, "source_line": line, "file": "list150_notes.csv",
               "curated_line": n.line, "why": "the list prints no label on that line"} for line, n in declined.items()]
    return out


def crosswalk(decisions: pd.DataFrame, occupations: pd.DataFrame, titles: dict) -> pd.DataFrame:
    """The curated v2 -> v3 decisions, with the v2 label and the texts that open the code, the v3 title and the
    FAP families from DARES."""
    labels = occupations.sort_values("source_id", ascending=False).drop_duplicates("rome_code") \
        .set_index("rome_code").label
    opened = occupations.groupby("rome_code").source_id.agg(lambda s: "|".join(sorted(s)))
    rows = decisions.assign(
        label_v2=decisions.rome_v2_code.map(labels), opened_by=decisions.rome_v2_code.map(opened),
        rome_v3_title=decisions.rome_v3_code.map(titles["title"]),
        fap_codes=decisions.rome_v3_code.map(lambda c: "|".join(titles["faps"].get(c, [])) or None),
        rome_v3_code=decisions.rome_v3_code.replace("", None))
    return rows.drop(columns="line").sort_values(["rome_v2_code", "rome_v3_code"]).reset_index(drop=True)


def text_table(files: dict, sources: pd.DataFrame, curated: pd.DataFrame, parsed: dict) -> pd.DataFrame:
    """One row per text and version: the curated facts, the title and states printed, and the period `lookup`
    takes it to apply in."""
    rows = []
    for t in curated.itertuples():
        title, line = annexes.title_of(files[t.title_file]) if t.title_file else ("", 0)
        printed = printed_date(title) if title else None
        if printed and t.date_signed and printed != t.date_signed:
            raise CurationError(f"date_signed {t.date_signed}, but {t.title_file} line {line} prints {printed}",
                                "checks/texts.csv", t.line)
        annex = parsed.get((t.text_id, t.version)) if t.part == "annex" else None
        known = sources.set_index("source_id") if len(sources) else None
        if not title and known is not None and t.text_id in known.index:
            title = known.title[t.text_id]
        if not title:
            title = f"{annex.title} (IMID0800327A, version {t.version})" if annex else \
                f"Article 1 of {t.text_id}, version {t.version}"
        states, _ = annexes.states_named(files[f"{t.text_id}@{t.version}/article-1"]) \
            if t.part == "article-1" else ([], 0)
        item = files.get(f"{t.text_id}@{t.version}/{t.part}")
        rows.append({"text_id": t.text_id, "version": t.version, "part": t.part, "series": t.series,
                     "binding": t.binding == "true", "title": title, "applies_to": t.applies_to,
                     "states": "|".join(states) or None,
                     "stated_count": annex.stated_count if annex else None,
                     "listed_count": len(annex.rows) if annex else None,
                     "date_signed": t.date_signed or None, "in_force_from": t.in_force_from or None,
                     "in_force_to": t.in_force_to or None, "date_evidence": t.date_evidence,
                     "file": f"editions/{item.file}" if item else None,
                     "repository": item.repository if item else None, "commit": item.commit if item else None})
    return periods(pd.DataFrame(rows))


def periods(texts: pd.DataFrame) -> pd.DataFrame:
    """lookup_from: in force from, else the date signed. lookup_to: in force to, else for a binding text the eve of
    the next dated binding text of the same series, for a text that does not bind (the circular, whose list was to
    become an arrêté, its line 46) the end of the first binding text of its series dated after it. lookup_basis
    says which."""
    start = texts.in_force_from.fillna(texts.date_signed)
    ends: dict = {}
    bases: dict = {}
    order = sorted(texts.index, key=lambda i: not texts.binding[i])
    for i in order:
        t = texts.loc[i]
        same = (texts.series == t.series) & texts.binding & start.notna()
        later = sorted((start[j], j) for j in texts.index[same] if pd.notna(start[i]) and start[j] > start[i])
        if pd.isna(start[i]):
            ends[i], bases[i] = None, "undated: lookup never places it on a date"
            continue
        begin = "from in_force_from" if pd.notna(t.in_force_from) else \
            "from the date signed (no entry into force established)"
        if pd.notna(t.in_force_to):
            ends[i], end = t.in_force_to, "to in_force_to"
        elif t.binding and later:
            ends[i] = (datetime.date.fromisoformat(later[0][0]) - datetime.timedelta(days=1)).isoformat()
            end = f"to the eve of {texts.text_id[later[0][1]]}@{texts.version[later[0][1]]}'s date, the next " \
                  "binding text of the series (no end established)"
        elif later:
            ends[i] = ends[later[0][1]]
            end = f"to the end of {texts.text_id[later[0][1]]}@{texts.version[later[0][1]]}, the binding text " \
                  "its list was to become"
        else:
            ends[i], end = None, "no end established"
        bases[i] = f"{begin}; {end}"
    return texts.assign(lookup_from=start, lookup_to=pd.Series(ends), lookup_basis=pd.Series(bases))
