"""`python -m pipeline lookup --on YYYY-MM-DD`: the lists in force on a date, from the published DuckDB file.

The texts come from the table macro lists_in_force(date) (texts.lookup_from to lookup_to; where no stored
source establishes an entry into force or an end, the period is an assumption that texts.lookup_basis states,
and the answer repeats it). Without --nationality the question is about third-country nationals (the 2008
circular and arrêté, the 2011 arrêté); with it, about the nationals of an EU state under transitional
arrangements (IMID0800327A: its list in force, and whether the wording of its article 1 in force names that
state). The binding texts come first; when none is in force, no list applies: exit 1.
"""
import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.core.errors import UsageError
from pipeline.core.paths import DUCKDB_NAME
from pipeline.core.text import name_key, short_title
from pipeline.serve.duck import connect, damaged
from pipeline.serve.lookup import OPENINGS, place, records, wrap

ROME_V2 = re.compile(r"[0-9]{5}")
ROME_V3 = re.compile(r"[A-Na-n][0-9]{4}")
# The states a wording of IMID0800327A's article 1 may name: ISO code -> names a user may type.
STATE_NAMES = {"EE": ("Estonie", "Estonia"), "LV": ("Lettonie", "Latvia"), "LT": ("Lituanie", "Lithuania"),
               "HU": ("Hongrie", "Hungary"), "PL": ("Pologne", "Poland"),
               "CZ": ("République tchèque", "Czech Republic", "Tchéquie", "Czechia"),
               "SK": ("Slovaquie", "Slovakia"), "SI": ("Slovénie", "Slovenia"), "BG": ("Bulgarie", "Bulgaria"),
               "RO": ("Roumanie", "Romania"), "HR": ("Croatie", "Croatia")}
ENTRIES = """SELECT text_id, version, source_line, position, heading, label_as_printed, label, rome_v3_code,
                    rome_v2_code, method FROM list_entries WHERE text_id = ? AND version = ? ORDER BY position"""


SOURCES_2008 = ("IMIN0800012C", "IMID0800328A")  # answered from openings_by_region, by region


class NoListApplies(Exception):
    """No binding list is in force on the date asked: the answer is printed, the exit code is 1."""

    exit_code = 1


@dataclass(frozen=True)
class Question:
    day: str
    region: str | None = None
    rome: str | None = None
    nationality: str | None = None


def day_of(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UsageError(f"--on '{text}' is not a date YYYY-MM-DD (e.g. 2009-06-01)") from None


def state_of(text: str) -> str:
    """The ISO code of the state `text` names (an ISO code, or its French or English name)."""
    key = name_key(text)
    for code, names in STATE_NAMES.items():
        if key in (name_key(code), *map(name_key, names)):
            return code
    raise UsageError(f"--nationality '{text}': not a state IMID0800327A's article 1 names in any stored wording "
                     f"({', '.join(f'{c} {n[0]}' for c, n in STATE_NAMES.items())}); for a third-country national, "
                     "leave --nationality out")


def codes_asked(con, rome: str) -> tuple[set[str], set[str]]:
    """The v2 and v3 codes the question is about: the code given and its translations by rome_v2_v3."""
    code = rome.strip().upper()
    if ROME_V2.fullmatch(code):
        v3 = {r["rome_v3_code"] for r in records(con, "SELECT rome_v3_code FROM rome_v2_v3 WHERE rome_v2_code = ? "
                                                      "AND rome_v3_code IS NOT NULL", [code])}
        return {code}, v3
    if ROME_V3.fullmatch(code):
        v2 = {r["rome_v2_code"] for r in records(con, "SELECT rome_v2_code FROM rome_v2_v3 WHERE rome_v3_code = ?",
                                                 [code])}
        return v2, {code}
    raise UsageError(f"--rome '{rome}': a ROME v2 code is five digits (52313), a v3 code a letter and four digits "
                     "(H1202)")


def answer(out: Path, question: Question, fmt: str = "table") -> str:
    """The texts in force on the date for the question, and what each opens (region, code); NoListApplies when
    no binding text is in force."""
    con = connect(out)
    try:
        return answered(con, question, fmt)
    except duckdb.Error as exc:
        raise damaged(out / DUCKDB_NAME, exc) from None
    finally:
        con.close()


def answered(con, q: Question, fmt: str) -> str:
    state = state_of(q.nationality) if q.nationality else None
    series = ("eu_list", "eu_states") if state else ("third_country",)
    texts = [t for t in records(con, "SELECT * FROM lists_in_force(?)", [q.day]) if t["series"] in series]
    named = place(con, q.region) if q.region else None
    regions = [c for c, _ in named.former] if named else None
    v2, v3 = codes_asked(con, q.rome) if q.rome else (None, None)
    result = {"on": q.day, "for": f"nationals of {state}" if state else "third-country nationals",
              "region": f"{named.code} {named.name}" if named else None, "rome": q.rome, "texts": []}
    for text in texts:
        if text["part"] == "article-1":
            states = (text["states"] or "").split("|")
            text["names_state"] = state in states
            result["texts"].append({"text": text, "opens": []})
            continue
        rows = opened(con, text, regions, v2, v3)
        uncoded = sum(r.get("method") == "none" for r in records(con, ENTRIES, [text["text_id"], text["version"]])) \
            if v2 is not None and text["text_id"] not in SOURCES_2008 else 0
        result["texts"].append({"text": text, "opens": rows, "uncoded_lines": uncoded})
    if state:
        result["undated_wordings"] = [
            {"version": t["version"], "states": t["states"], "names_state": state in (t["states"] or "").split("|")}
            for t in records(con, "SELECT version, states FROM texts WHERE series = 'eu_states' AND lookup_from IS "
                                  "NULL ORDER BY version", [])]
    binding = [t for t in result["texts"] if t["text"]["binding"] and t["text"]["part"] == "annex"]
    text = json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n" if fmt == "json" else table(result)
    if not binding:
        raise NoListApplies(text)
    return text


def opened(con, text: dict, regions: list[str] | None, v2: set | None, v3: set | None) -> list[dict]:
    """What the text opens: from openings_by_region (the 2008 texts, by region) or list_entries (the editions'
    lists, national: open in every region)."""
    if text["text_id"] in SOURCES_2008:
        where, params = "source_id = ?", [text["text_id"]]
        if regions:
            where += f" AND region_code IN ({', '.join('?' for _ in regions)})"
            params += regions
        if v2 is not None:
            where += f" AND rome_code IN ({', '.join('?' for _ in v2) or 'NULL'})"
            params += sorted(v2)
        return records(con, OPENINGS.format(where=where), params)
    rows = records(con, ENTRIES, [text["text_id"], text["version"]])
    if v2 is not None:
        rows = [r for r in rows if r["rome_v2_code"] in v2 or r["rome_v3_code"] in v3]
    return rows


def table(result: dict, width: int = 100) -> str:
    lines = wrap(f"On {result['on']}, for {result['for']}" + (f", in {result['region']}" if result["region"] else "")
                 + (f", ROME {result['rome']}" if result["rome"] else "") + ":", width, "", "  ")
    binding = [t for t in result["texts"] if t["text"]["binding"] and t["text"]["part"] == "annex"]
    if not binding:
        lines += wrap("no list applies: no binding text is in force on that date"
                      + (" (texts in force that do not bind: " + ", ".join(
                          t["text"]["text_id"] for t in result["texts"]) + ")" if result["texts"] else ""),
                      width, "", "  ")
    for item in result["texts"]:
        t = item["text"]
        lines += [""] + wrap(f"{short_title(t['title'])} ({t['text_id']}, version {t['version']}, {t['part']}), "
                             f"{'binding' if t['binding'] else 'not binding'}; taken to apply "
                             f"{t['lookup_from']} to {t['lookup_to'] or '(no end)'}: {t['lookup_basis']}",
                             width, "", "  ")
        if t["part"] == "article-1":
            lines += wrap(f"names {t['states']}: " + ("names this state" if t.get("names_state") else
                                                      "does NOT name this state"), width)
            continue
        rows = item["opens"]
        national = "source_id" not in (rows[0] if rows else {"source_id": None})
        lines += wrap(f"{len(rows)} open" + (" (a national list: in every region)" if national else "")
                      + (f"; {item['uncoded_lines']} lines of this list carry no code, so a code cannot find them"
                         if item.get("uncoded_lines") else ""), width)
        for r in rows:
            if national:
                code = r["rome_v3_code"] or r["rome_v2_code"] or "-----"
                lines.append(f"    {code:<6} line {r['source_line']:<4} {r['label_as_printed']}"[:width])
            else:
                lines.append(f"    {r['rome_code']}  {r['region_code']} {r['basis']:<8}  {r['label']}"[:width])
    for w in result.get("undated_wordings", []):
        lines += [""] + wrap(f"Undated wording of article 1 (version {w['version']}, no stored date): names "
                             f"{w['states']}" + ("" if w["names_state"] else ", not this state"), width, "", "  ")
    return "\n".join(lines) + "\n"
