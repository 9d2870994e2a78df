"""`python -m pipeline lookup`: answers from the published DuckDB file, opened read-only.

The default answer is for a person at a terminal: it fits the terminal's width, prints the code or region
once as a heading, and groups by source, the binding text (the arrêté) first. `plain` prints one code per
line for shell pipes; `csv` and `json` print the rows of openings_by_region.
"""
import csv
import difflib
import io
import json
import re
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.core.dictionary import declared
from pipeline.core.errors import UsageError
from pipeline.core.paths import DUCKDB_NAME, REGION_ABBREVIATIONS
from pipeline.core.text import name_key, short_title
from pipeline.serve.duck import connect, damaged
from pipeline.validate.curation import load_abbreviations, region_names

ROME_CODE = re.compile(declared()["patterns"]["rome_code"])


REGION_CODE = re.compile(declared()["patterns"]["region_code"])


# The rows of openings_by_region, their columns in the order of the published CSV (csv and json print them so).
OPENINGS = ("SELECT " + ", ".join(c["name"] for c in declared()["tables"]["openings_by_region"]["columns"])
            + " FROM openings_by_region WHERE {where} ORDER BY source_id, region_code, rome_code")


BASIS_WORDS = {"regional": "on the region's list", "national": "on the nationwide list", "both": "on both lists"}


@dataclass(frozen=True)
class Source:
    source_id: str
    kind: str
    name: str
    binding: bool
    regions: int

    @property
    def heading(self) -> str:
        return f"{self.name} ({self.source_id}), " + ("the binding text" if self.binding else "not binding")


@dataclass(frozen=True)
class Place:
    """What --region named: one region of 2008, or a region of 2016 and the regions of 2008 it took over."""

    code: str
    name: str
    year: int
    former: tuple[tuple[str, str], ...]  # (code, name) of each region of 2008
    successor: str = ""  # a region of 2008: the region of 2016 it is part of


def records(con, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def closest(word: str, candidates: dict[str, str]) -> str:
    """The closest candidates' display names, for an error message."""
    keys = difflib.get_close_matches(name_key(word), list(candidates), n=3, cutoff=0.4)
    return ", ".join(candidates[k] for k in keys) or "none near it (python -m pipeline lookup --help)"


def sources(con, wanted: str | None) -> list[Source]:
    """The sources asked for (every one by default; by id or kind, any case), the binding one first."""
    found = [Source(r["source_id"], r["kind"], short_title(r["title"] or r["source_id"]), bool(r["binding"]),
                    r["regions"]) for r in records(con, """
        SELECT s.source_id, s.kind, s.title, bool_or(o.binding) AS binding, count(DISTINCT r.region_code) AS regions
        FROM sources s LEFT JOIN openings_by_region o USING (source_id) LEFT JOIN regions r USING (source_id)
        GROUP BY ALL ORDER BY binding DESC, s.source_id""", [])]
    if wanted is None:
        return found
    chosen = [s for s in found if wanted.strip().casefold() in (s.source_id.casefold(), s.kind.casefold())]
    if not chosen:
        known = ", ".join(f"{s.source_id} ({s.kind}{', binding' if s.binding else ''})" for s in found)
        raise UsageError(f"unknown source '{wanted}': the sources are {known}")
    return chosen


def rome_code(text: str) -> str:
    """The code, if it is five ASCII digits; otherwise say what it is."""
    code = text.strip()
    if ROME_CODE.fullmatch(code):
        return code
    if re.fullmatch(r"[0-9]+", code):
        problem = f"it has {len(code)} digit{'s' if len(code) != 1 else ''}"
    elif any(c.isdigit() and not c.isascii() for c in code):
        problem = "it has digits that are not ASCII (0-9)"
    else:
        problem = "it has characters other than digits"
    raise UsageError(f"'{code}' is not a ROME code: a ROME (v2) code is five digits 0-9, e.g. 52313; {problem}")


def region_of(rows: list[dict], wanted: str) -> Place | None:
    """The region of 2008 or 2016 whose code, official or printed name `wanted` is, if any."""
    key = name_key(wanted)
    for field, year in (("region_code", 2008), ("region_2016_code", 2016), ("region_name", 2008),
                        ("region_name_as_printed", 2008), ("region_2016_name", 2016)):
        exact = REGION_CODE.fullmatch(wanted) if field.endswith("code") else key
        hits = [r for r in rows if exact and name_key(r[field]) == key]
        if hits:
            former = tuple(dict.fromkeys((r["region_code"], r["region_name"]) for r in hits))
            if year == 2016 and len(former) == 1:
                year = 2008
            first = hits[0]
            if year == 2008:
                return Place(first["region_code"], first["region_name"], 2008, former,
                             f"{first['region_2016_code']} {first['region_2016_name']}")
            return Place(first["region_2016_code"], first["region_2016_name"], 2016, former)
    return None


def place(con, text: str) -> Place:
    """A region of 2008 or 2016: by INSEE code, official or printed name, or usual abbreviation."""
    rows = records(con, "SELECT DISTINCT region_code, region_name, region_name_as_printed, region_2016_code, "
                        "region_2016_name FROM regions ORDER BY region_code", [])
    wanted = text.strip()
    abbreviations = {name_key(a["abbreviation"]): a["region_code"]
                     for a in load_abbreviations(REGION_ABBREVIATIONS, region_names(rows))}
    # a code or a name first: an abbreviation never hides one ('74', or a name as a source prints it)
    abbreviated = abbreviations.get(name_key(wanted))
    found = region_of(rows, wanted) or (region_of(rows, abbreviated) if abbreviated else None)
    if found:
        return found
    names = {name_key(r[f]): r[f] for r in rows for f in ("region_name", "region_2016_name")}
    by_code = {r["region_code"]: r["region_name"] for r in rows} | {
        r["region_2016_code"]: r["region_2016_name"] for r in rows}
    names |= {k: f"{k.upper()} ({by_code.get(c, c)})" for k, c in abbreviations.items()}
    raise UsageError(f"no region '{text.strip()}' in the published data; closest: {closest(text, names)}")


def in_sources(chosen: list[Source]) -> tuple[str, list]:
    return f"source_id IN ({', '.join('?' for _ in chosen)})", [s.source_id for s in chosen]


def occupation(con, code: str) -> list[dict]:
    """The code's labels in every source; an error naming the closest codes when no source prints it."""
    labels = records(con, "SELECT source_id, rome_code, label, label_variants, in_national_list, regions_listing "
                          "FROM occupations WHERE rome_code = ? ORDER BY source_id", [code])
    if labels:
        return labels
    corrected = records(con, "SELECT DISTINCT source_id, source_line, rome_code FROM listings "
                             "WHERE rome_code_as_printed = ? AND rome_code <> ?", [code, code])
    if corrected:
        where_printed = "; ".join(f"{r['source_id']} line {r['source_line']} -> {r['rome_code']}" for r in corrected)
        raise UsageError(f"{code} is a misprint corrected in the published data ({where_printed})")
    known = {r["rome_code"]: f"{r['rome_code']} ({r['label']})" for r in records(
        con, "SELECT rome_code, first(label ORDER BY source_id) AS label FROM occupations GROUP BY rome_code "
             "ORDER BY rome_code", [])}
    near = difflib.get_close_matches(code, list(known), n=3, cutoff=0.6)
    raise UsageError(f"no occupation {code} in the published data; closest: "
                     f"{', '.join(known[k] for k in near) or 'none near it'}")


def wrap(text: str, width: int, indent: str = "  ", later: str = "    ") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=later, break_on_hyphens=False)


def rome_table(code: str, labels: list[dict], opened: list[dict], chosen: list[Source], width: int) -> str:
    by_source = {r["source_id"]: r for r in labels}
    heading = next((by_source[s.source_id]["label"] for s in chosen if s.source_id in by_source), labels[0]["label"])
    lines = wrap(f"{code}  {heading}", width, "", "       ")
    for source in chosen:
        lines.append("")
        rows = [r for r in opened if r["source_id"] == source.source_id]
        if source.source_id not in by_source:
            lines += wrap(f"{source.heading}: does not print {code}; open in no region", width, "", "  ")
            continue
        lines += wrap(f"{source.heading}: open in {len(rows)} of {source.regions} regions", width, "", "  ")
        printed = by_source[source.source_id]["label_variants"].split("|")
        if printed != [heading]:
            lines += wrap("printed as: " + " / ".join(printed), width)
        for basis, words in BASIS_WORDS.items():
            names = [f"{r['region_code']} {r['region_name']}" for r in rows if r["basis"] == basis]
            if names:
                lines += wrap(f"{words} ({len(names)}): " + ", ".join(names), width)
    return "\n".join(lines) + "\n"


def answer(code: str, where: Place, opened: list[dict], chosen: list[Source], width: int) -> str:
    """Is the occupation open in the region (each region of 2008 of a region of 2016), by each text?"""
    lines = []
    for source in chosen:
        for region, name in where.former:
            row = next((r for r in opened if r["source_id"] == source.source_id and r["region_code"] == region), None)
            said = f"open, {BASIS_WORDS[row['basis']]}" if row else "not open"
            lines += wrap(f"{source.heading}: {code} in {region} {name}: {said}", width, "", "  ")
    return "\n".join(lines) + "\n"


def occupation_lines(rows: list[dict], width: int) -> list[str]:
    room = max(width - 2 - 5 - 2 - 8 - 2, 10)
    return [f"  {r['rome_code']}  {r['basis']:<8}  {textwrap.shorten(r['label'], room, placeholder='…')}"
            for r in rows]


def region_table(where: Place, opened: list[dict], chosen: list[Source], width: int) -> str:
    if where.year == 2008:
        (code, name), = where.former
        lines = wrap(f"{code} {name}" + (f" (since 2016: part of {where.successor})"
                                         if where.successor != f"{code} {name}" else ""), width, "", "  ")
        for source in chosen:
            rows = [r for r in opened if r["source_id"] == source.source_id]
            lines += [""] + wrap(f"{source.heading}: {len(rows)} occupations open", width, "", "  ")
            lines += occupation_lines(rows, width)
        return "\n".join(lines) + "\n"
    former = " + ".join(f"{c} {n}" for c, n in where.former)
    lines = wrap(f"{where.code} {where.name} (2016) = {former}", width, "", "  ")
    for code, name in where.former:
        lines += ["", f"{code} {name}"]
        for source in chosen:
            codes = [r["rome_code"] for r in opened if r["source_id"] == source.source_id and r["region_code"] == code]
            lines += wrap(f"{source.heading}: {len(codes)} open: " + " ".join(codes), width, "  ", "    ")
    lines += ["", *wrap(f"Labels, and why each is open: lookup --region {where.former[0][0]} (or another code above)",
                        width, "", "  ")]
    return "\n".join(lines) + "\n"


def delimited(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in r.items()} for r in rows)
    return buffer.getvalue()


def shaped(fmt: str, opened: list[dict], listed: str, as_json, as_table) -> str:
    """The answer in its format: json (`as_json`), plain (the `listed` column, one value per line), csv (the
    rows), or the table for reading (`as_table()`)."""
    if fmt == "json":
        return json.dumps(as_json, ensure_ascii=False, indent=2) + "\n"
    if fmt == "plain":
        return plain(r[listed] for r in opened)
    if fmt == "csv":
        return delimited(opened)
    return as_table()


def plain(values) -> str:
    return "".join(f"{v}\n" for v in sorted(set(values)))


def width_now() -> int:
    return max(shutil.get_terminal_size((80, 24)).columns, 40)


def lookup(out: Path, rome: str | None = None, region: str | None = None, fmt: str = "table",
           source: str | None = None, width: int | None = None) -> str:
    """The answer to one question: fmt is table, plain, csv or json. `plain` (one code per line, for shell
    pipes) answers for the binding text unless `source` names another; both `rome` and `region`: is this
    occupation open in this region, and by which text?"""
    width = width or width_now()
    con = connect(out)
    try:
        chosen = sources(con, source)
        if fmt == "plain" and source is None:
            chosen = chosen[:1]
        where, params = in_sources(chosen)
        if rome is not None and region is not None:
            code, named = rome_code(rome), place(con, region)
            codes = [c for c, _ in named.former]
            occupation(con, code)
            opened = records(con, OPENINGS.format(
                where=f"rome_code = ? AND region_code IN ({', '.join('?' for _ in codes)}) AND {where}"),
                [code, *codes, *params])
            return shaped(fmt, opened, "region_code", opened, lambda: answer(code, named, opened, chosen, width))
        if rome is not None:
            code = rome_code(rome)
            labels = [r for r in occupation(con, code) if r["source_id"] in params]
            opened = records(con, OPENINGS.format(where=f"rome_code = ? AND {where}"), [code, *params])
            return shaped(fmt, opened, "region_code", {"occupation": labels, "openings": opened},
                          lambda: rome_table(code, labels or occupation(con, code), opened, chosen, width))
        named = place(con, region)
        codes = [c for c, _ in named.former]
        opened = records(con, OPENINGS.format(where=f"region_code IN ({', '.join('?' for _ in codes)}) AND {where}"),
                         [*codes, *params])
        return shaped(fmt, opened, "rome_code", opened, lambda: region_table(named, opened, chosen, width))
    except duckdb.Error as exc:
        raise damaged(out / DUCKDB_NAME, exc) from None
    finally:
        con.close()
