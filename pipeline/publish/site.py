"""The dataset's home page, `site/index.html`: one file (CSS, script, data and picture inline; it requests
nothing when opened), rendered by Jinja2 with autoescape from templates/index.html, and written by the publish
stage after every file it links, so that it can give each one's sha256.

Text goes into the HTML by autoescape only; the data the search reads goes into a <script> element as JSON
escaped for that context (script_json); the page's script builds its results with DOM text nodes, never
innerHTML. Same tables, same version: same bytes."""
import base64
import csv
import json
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from pipeline.core.hashing import sha256
from pipeline.core.paths import REGION_ABBREVIATIONS
from pipeline.core.text import short_title
from pipeline.publish.datapackage import current_release

PAGE = "site/index.html"
TEMPLATES = Path(__file__).with_name("templates")
# What the page offers to download, in this order, relative to the output folder.
DOWNLOADS = ("csv/*.csv", "datapackage.json", "parquet/*.parquet", "intermediate/*.parquet", "metiers.duckdb",
             "openings.png")
BASIS_WORDS = {"national": "nationwide list", "regional": "region's list", "both": "both lists"}
KINDS = {"arrete": "arrêté", "circulaire": "circulaire"}
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
ROLES = {True: "liste opposable", False: "instruction aux préfets"}
# In a <script> element, JSON may hold none of these as they are: '<' could open '</script>' or '<!--', '>'
# and '&' mean something in other parsers of the page (XHTML, a comment), and U+2028 and U+2029 end a line
# in JavaScript before ES2019. Each becomes its \u escape, which JSON.parse reads back as the character.
SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data) -> Markup:
    """`data` as JSON that can stand inside a <script> element: see SCRIPT_ESCAPES."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def downloads(out: Path) -> list[tuple[str, int, str]]:
    """(path relative to the output folder, bytes, sha256) of every file the page links for download."""
    files = [p for pattern in DOWNLOADS for p in sorted(out.glob(pattern))]
    return [(p.relative_to(out).as_posix(), p.stat().st_size, sha256(p)) for p in files]


def text(value) -> str:
    """A cell as the published CSV writes it: missing is empty, booleans are true/false."""
    if pd.isna(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return str(value)


def french_date(iso: str) -> str:
    """'2008-01-18' -> '18 janvier 2008' ('1er' for the first of a month)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"


def english_dates(isos: list[str]) -> str:
    """['2008-01-07', '2008-01-18'] -> '7 January 2008 and 18 January 2008'."""
    named = [f"{int(d[8:])} {ENGLISH_MONTHS[int(d[5:7]) - 1]} {d[:4]}" for d in sorted(set(isos))]
    return " and ".join(named) if len(named) < 3 else ", ".join(named[:-1]) + " and " + named[-1]


def ordered_sources(sources: pd.DataFrame, by_region: pd.DataFrame) -> list[dict]:
    """The texts, the binding one first, each named as people know it ('arrêté du 18 janvier 2008'), with its
    role and NOR."""
    binding = set(by_region[by_region.binding.astype(bool)].source_id)
    out = []
    for s in sources.itertuples():
        dated = isinstance(s.date, str) and len(s.date) == 10
        name = (f"{KINDS.get(s.kind, s.kind)} du {french_date(s.date)}" if dated else text(s.title) or s.source_id)
        out.append({"id": s.source_id, "name": name, "nor": text(s.nor) or s.source_id,
                    "binding": s.source_id in binding, "role": ROLES[s.source_id in binding]})
    return sorted(out, key=lambda s: (not s["binding"], s["id"]))


def abbreviations(codes: set[str], path: Path = REGION_ABBREVIATIONS) -> dict[str, list[str]]:
    """Region code -> its usual abbreviations ('93': ['PACA']), for the codes on the page."""
    out: dict[str, list[str]] = {}
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("region_code") in codes and row.get("abbreviation"):
                    out.setdefault(row["region_code"], []).append(row["abbreviation"])
    return out


def page_data(tables: dict[str, pd.DataFrame], sources: list[dict], abbreviated: dict[str, list[str]]) -> dict:
    """What the search needs: the texts, the regions (with the abbreviations of them and of their 2016
    region), each occupation's labels and, per text, the regions where it is open; and each region's rows of
    openings_by_region, for its CSV download, in the published columns and order."""
    by_region = tables["openings_by_region"]
    occupations = []
    for code, rows in by_region.groupby("rome_code", sort=True):
        labels = list(dict.fromkeys(rows.sort_values("binding", ascending=False, kind="stable").label))
        opened = {s: dict(zip(part.region_code, part.basis)) for s, part in rows.groupby("source_id", sort=True)}
        occupations.append({"code": code, "labels": labels, "open": opened})
    regions = (by_region[["region_code", "region_name", "region_2016_code", "region_2016_name"]]
               .drop_duplicates().sort_values("region_code"))
    csv_rows: dict[str, list[list[str]]] = {}
    for values in by_region.itertuples(index=False, name=None):
        row = [text(v) for v in values]
        csv_rows.setdefault(row[list(by_region.columns).index("region_code")], []).append(row)
    return {"sources": [{k: s[k] for k in ("id", "name", "nor", "role", "binding")} for s in sources],
            "basis": BASIS_WORDS, "occupations": occupations,
            "regions": [{"code": r.region_code, "name": r.region_name, "code2016": r.region_2016_code,
                         "name2016": r.region_2016_name,
                         "abbr": abbreviated.get(r.region_code, []) + abbreviated.get(r.region_2016_code, [])}
                        for r in regions.itertuples()],
            "csv": {"columns": list(by_region.columns), "rows": csv_rows}, "texts": texts_in_force(tables)}


def texts_in_force(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """The texts with the days they are taken to apply (table `texts`), for the page's date."""
    texts = tables.get("texts", pd.DataFrame())
    return [{"id": t.text_id, "version": t.version, "part": t.part, "series": t.series, "binding": bool(t.binding),
             "title": short_title(t.title), "applies": t.applies_to, "states": "" if pd.isna(t.states) else t.states,
             "count": "" if pd.isna(t.listed_count) else str(t.listed_count),
             "from": None if pd.isna(t.lookup_from) else t.lookup_from,
             "to": None if pd.isna(t.lookup_to) else t.lookup_to, "basis": t.lookup_basis}
            for t in texts.itertuples()]


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def region_groups(tables: dict[str, pd.DataFrame], sources: list[dict]) -> list[dict]:
    """Per 2016 region, per 2008 region within it: every occupation open there, the texts side by side, and
    the counts per text (never added together)."""
    by_region = tables["openings_by_region"]
    ids = [s["id"] for s in sources]
    opened: dict[str, dict[str, dict[str, str]]] = {}  # region -> code -> source -> basis
    labels: dict[tuple[str, str], str] = {}  # (region, code) -> label, the binding text's first
    for r in by_region.sort_values("binding", ascending=False, kind="stable").itertuples():
        opened.setdefault(r.region_code, {}).setdefault(r.rome_code, {})[r.source_id] = r.basis
        labels.setdefault((r.region_code, r.rome_code), r.label)
    groups = []
    for (code16, name16), in2016 in by_region.groupby(["region_2016_code", "region_2016_name"], sort=True):
        former = in2016[["region_code", "region_name"]].drop_duplicates().sort_values("region_code")
        regions = []
        for code, name in former.itertuples(index=False):
            rows = [{"code": rome, "label": labels[code, rome],
                     "cells": [BASIS_WORDS.get(basis.get(s)) for s in ids]}
                    for rome, basis in sorted(opened[code].items())]
            counts = [sum(s in basis for basis in opened[code].values()) for s in ids]
            regions.append({"code": code, "name": name, "rows": rows, "counts": counts})
        counts = [in2016[in2016.source_id == s].rome_code.nunique() for s in ids]
        groups.append({"code": code16, "name": name16, "former": plural(len(regions), "region"),
                       "counts": counts, "regions": regions})
    return groups


def findings(tables: dict[str, pd.DataFrame], sources: list[dict]) -> dict:
    f = tables["findings"]
    diff = tables["source_differences"]
    names = {s["id"]: s["name"] for s in sources}
    pair = (names.get(diff.source_id_a.iloc[0]), names.get(diff.source_id_b.iloc[0])) if len(diff) else (None, None)
    counts = f.groupby(["check", "severity", "status"]).size().rename("n").reset_index()
    return {"summary": [{"check": r.check, "severity": r.severity, "status": r.status, "n": int(r.n)}
                        for r in counts.itertuples()],
            "rows": [[text(v) for v in (r.source_id, r.check, r.severity, r.status, r.region_code, r.rome_code,
                                        r.source_line, r.message)] for r in f.itertuples()],
            "differences": [{"region": r.region_code, "code": r.rome_code, "label": r.label_a if r.in_a else r.label_b,
                             "a": bool(r.in_a), "b": bool(r.in_b)}
                            for r in diff.itertuples()],
            "a": pair[0] or "first text", "b": pair[1] or "second text"}


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render(tables: dict[str, pd.DataFrame], picture: bytes, files: list[tuple[str, int, str]], version: str,
           abbreviated: dict[str, list[str]] | None = None) -> str:
    """The page, from the published tables, the picture's PNG bytes, the files it lists and the data's version.
    `abbreviated`: region code -> abbreviations (default: raw/reference's, for the regions on the page)."""
    by_region = tables["openings_by_region"]
    sources = ordered_sources(tables["sources"], by_region)
    if abbreviated is None:
        abbreviated = abbreviations(set(by_region.region_code) | set(by_region.region_2016_code))
    info = tables["sources"].set_index("source_id")
    about = [s | {"title": text(info.title[s["id"]]), "provenance": text(info.provenance[s["id"]]),
                  "file": text(info.file[s["id"]]), "sha256": text(info.sha256[s["id"]]),
                  "licence": text(info.licence[s["id"]])} for s in sources]
    dates = sorted(text(d) for d in tables["sources"].date if isinstance(d, str) and len(d) == 10)
    env = environment()
    inline = {name: Markup(env.loader.get_source(env, f"page.{name}")[0]) for name in ("css", "js")}
    return env.get_template("index.html").render(
        version=version, date=english_dates(dates) or "their dates", sources=about,
        groups=region_groups(tables, sources), findings=findings(tables, sources), files=files,
        picture=base64.b64encode(picture).decode(), data=script_json(page_data(tables, sources, abbreviated)),
        style=inline["css"], script=inline["js"])


def write(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """The home page of the files published in `out` (written there before it)."""
    path = out / PAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(tables, (out / "openings.png").read_bytes(), downloads(out), current_release().version),
                    encoding="utf-8")
