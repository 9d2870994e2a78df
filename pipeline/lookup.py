"""`python -m pipeline lookup`: answers from the published DuckDB file, opened read-only."""
import csv
import difflib
import io
import json
from pathlib import Path

import duckdb

from pipeline.errors import InputError, PublishedError, UsageError
from pipeline.paths import DUCKDB_NAME
from pipeline.text import name_key

OPENINGS = """SELECT source_id, region_code, region_name, region_2016_name, rome_code, label, basis
              FROM openings_by_region WHERE {where} ORDER BY source_id, region_code, rome_code"""


def connect(out: Path):
    path = out / DUCKDB_NAME
    if not path.is_file():
        raise InputError("no published DuckDB file here: run `make build` first", path)
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise PublishedError(f"not a readable DuckDB file ({first}): rebuild it with `make build`", path) from None


def records(con, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def closest(word: str, candidates: dict[str, str]) -> str:
    """The closest candidates' display names, for an error message."""
    keys = difflib.get_close_matches(name_key(word), list(candidates), n=3, cutoff=0.4)
    return ", ".join(candidates[k] for k in keys) or "none"


def by_rome(con, code: str, source: str | None) -> tuple[list[dict], list[dict]]:
    """The occupation's labels in each source, and where it is open."""
    where, params = "rome_code = ?", [code]
    if source:
        where, params = where + " AND source_id = ?", params + [source]
    labels = records(con, f"SELECT source_id, rome_code, label, label_variants, in_national_list, regions_listing "
                          f"FROM occupations WHERE {where} ORDER BY source_id", params)
    if not labels:
        corrected = records(con, "SELECT DISTINCT source_id, source_line, rome_code FROM listings "
                                 "WHERE rome_code_as_printed = ? AND rome_code <> ?", [code, code])
        if corrected:
            where_printed = "; ".join(f"{r['source_id']} line {r['source_line']} -> {r['rome_code']}"
                                      for r in corrected)
            raise UsageError(f"{code} is a misprint corrected in the published data ({where_printed})", "lookup", 0)
        known = {r["rome_code"] + " " + name_key(r["label"]): f"{r['rome_code']} ({r['label']})" for r in records(
            con, "SELECT DISTINCT rome_code, first(label) AS label FROM occupations GROUP BY rome_code", [])}
        near = difflib.get_close_matches(code, [k[:5] for k in known], n=3, cutoff=0.6)
        hint = ", ".join(v for k, v in known.items() if k[:5] in near) or "none"
        raise UsageError(f"no occupation {code} in the published data; closest: {hint}", "lookup", 0)
    return labels, records(con, OPENINGS.format(where=where), params)


def region_codes(con, text: str) -> list[str]:
    """Region codes named by an official or printed name, an INSEE code, or a 2016 region name (then several)."""
    rows = records(con, "SELECT DISTINCT region_code, region_name, region_name_as_printed, region_2016_name "
                        "FROM regions", [])
    wanted = name_key(text)
    for field in ("region_code", "region_name", "region_name_as_printed", "region_2016_name"):
        codes = sorted({r["region_code"] for r in rows if name_key(r[field]) == wanted})
        if codes:
            return codes
    names = {name_key(r[f]): r[f] for r in rows for f in ("region_name", "region_2016_name")}
    raise UsageError(f"no region '{text}' in the published data; closest: {closest(text, names)}", "lookup", 0)


def by_region(con, text: str, source: str | None) -> list[dict]:
    codes = region_codes(con, text)
    where = f"region_code IN ({', '.join('?' for _ in codes)})"
    params = list(codes)
    if source:
        where, params = where + " AND source_id = ?", params + [source]
    return records(con, OPENINGS.format(where=where), params)


def render(rows: list[dict], fmt: str, header: str = "") -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    return header + table(rows)


def table(rows: list[dict]) -> str:
    if not rows:
        return "(nothing)\n"
    names = list(rows[0])
    cells = [[("" if r[n] is None else str(r[n])) for n in names] for r in rows]
    widths = [max(len(n), *(len(c[i]) for c in cells)) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def lookup(out: Path, rome: str | None = None, region: str | None = None, fmt: str = "table",
           source: str | None = None) -> str:
    """The answer to one question, rendered as a table, CSV or JSON."""
    con = connect(out)
    try:
        if rome is not None:
            labels, opened = by_rome(con, rome.strip(), source)
            if fmt == "json":
                return json.dumps({"occupation": labels, "openings": opened}, ensure_ascii=False, indent=2) + "\n"
            header = "".join(f"{r['source_id']}: {r['rome_code']} {r['label']}\n  printed as: "
                             f"{r['label_variants'].replace('|', ' / ')}\n" for r in labels)
            return render(opened, fmt, header + "\n")
        return render(by_region(con, region, source), fmt)
    finally:
        con.close()
