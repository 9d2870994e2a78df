"""The dataset's home page, `site/index.html`: one self-contained file (CSS, script, data and picture
inline; it requests nothing when opened), generated from the published tables and written by the publish
stage after every file it links, so that it can give each one's sha256."""
import base64
import html
import json
from pathlib import Path

import pandas as pd

from pipeline.core.hashing import sha256
from pipeline.core.text import short_title

PAGE = "site/index.html"
# What the page offers to download, in this order, relative to the output folder.
DOWNLOADS = ("csv/*.csv", "datapackage.json", "parquet/*.parquet", "intermediate/*.parquet", "metiers.duckdb",
             "openings.png")
BASIS_WORDS = {"national": "nationwide list", "regional": "region's list", "both": "both lists"}

STYLE = """
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:0 1rem 3rem;line-height:1.45;color:#222}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}th{background:#f4f4f4}
code,.code{font-family:ui-monospace,monospace}.binding{font-weight:bold}.no{color:#999}
details{margin:.3rem 0}summary{cursor:pointer}img{max-width:100%}input{font-size:1.1rem;padding:.3rem;width:24rem}
.hash{font-family:ui-monospace,monospace;font-size:.8rem;word-break:break-all}
"""

SCRIPT = """
const DATA = JSON.parse(document.getElementById('data').textContent);
const plain = s => s.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase();
const esc = s => s.replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
const box = document.getElementById('search');
const out = document.getElementById('results');
function show() {
  const q = plain(box.value.trim());
  if (q.length < 2) { out.innerHTML = ''; return; }
  const found = DATA.occupations.filter(o => o.code.startsWith(q) || plain(o.labels.join(' ')).includes(q));
  if (!found.length) { out.innerHTML = '<p>No occupation has this code or label.</p>'; return; }
  out.innerHTML = found.slice(0, 20).map(o => {
    const rows = DATA.regions.map(r => {
      const cells = DATA.sources.map(s => (o.open[s.id] || {})[r.code]);
      if (cells.every(c => !c)) return '';
      return '<tr><td>' + esc(r.code + ' ' + r.name) + '</td><td>' + esc(r.name2016) + '</td>' +
        cells.map(c => c ? '<td>open (' + esc(DATA.basis[c]) + ')</td>' : '<td class="no">not open</td>').join('') +
        '</tr>';
    }).join('');
    return '<h3><span class="code">' + esc(o.code) + '</span> ' + esc(o.labels[0]) + '</h3>' +
      '<table><tr><th>region (2008)</th><th>region (2016)</th>' +
      DATA.sources.map(s => '<th>' + esc(s.name) + '</th>').join('') + '</tr>' + rows + '</table>';
  }).join('') + (found.length > 20 ? '<p>' + (found.length - 20) + ' more: type more of the code or label.</p>' : '');
}
box.addEventListener('input', show);
show();
const day = document.getElementById('on');
const inForce = document.getElementById('in-force');
function showDay() {
  const d = day.value;
  if (!d) { inForce.innerHTML = ''; return; }
  const texts = DATA.texts.filter(t => t.from && t.from <= d && (!t.to || t.to >= d))
    .sort((a, b) => (b.binding - a.binding) || a.series.localeCompare(b.series));
  const binding = texts.some(t => t.binding && t.part === 'annex');
  inForce.innerHTML = (binding ? '' : '<p><b>No list applies on ' + esc(d) + '</b>: no binding text is in force.</p>') +
    (texts.length ? '<table><tr><th>text</th><th>part</th><th>for</th><th>lines</th><th>taken to apply</th></tr>' +
      texts.map(t => '<tr><td' + (t.binding ? ' class="binding"' : '') + '>' + esc(t.title) + ' (' + esc(t.id) +
        ', version ' + esc(t.version) + ')' + (t.binding ? '' : ', not binding') + '</td><td>' + esc(t.part) +
        '</td><td>' + esc(t.applies + (t.states ? ' [' + t.states + ']' : '')) + '</td><td>' + esc(t.count) +
        '</td><td>' + esc(t.from + ' to ' + (t.to || '(no end)') + ': ' + t.basis) + '</td></tr>').join('') +
      '</table>' : '');
}
day.addEventListener('input', showDay);
showDay();
"""


def downloads(out: Path) -> list[tuple[str, int, str]]:
    """(path relative to the output folder, bytes, sha256) of every file the page links for download."""
    files = [p for pattern in DOWNLOADS for p in sorted(out.glob(pattern))]
    return [(p.relative_to(out).as_posix(), p.stat().st_size, sha256(p)) for p in files]


def e(value) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value))


def ordered_sources(sources: pd.DataFrame, by_region: pd.DataFrame) -> list[dict]:
    """The sources, the binding one first, each with its short name and role."""
    binding = set(by_region[by_region.binding.astype(bool)].source_id)
    out = [{"id": s.source_id, "name": f"{short_title(s.title or s.source_id)} ({s.source_id})"
                                       + (", binding" if s.source_id in binding else ""),
            "binding": s.source_id in binding} for s in sources.itertuples()]
    return sorted(out, key=lambda s: (not s["binding"], s["id"]))


def page_data(tables: dict[str, pd.DataFrame], sources: list[dict]) -> dict:
    """What the search box needs: each occupation's labels and, per source, the regions where it is open."""
    by_region = tables["openings_by_region"]
    occupations = []
    for code, rows in by_region.groupby("rome_code", sort=True):
        labels = list(dict.fromkeys(rows.sort_values("binding", ascending=False).label))
        opened = {s: dict(zip(part.region_code, part.basis)) for s, part in rows.groupby("source_id")}
        occupations.append({"code": code, "labels": labels, "open": opened})
    regions = (by_region[["region_code", "region_name", "region_2016_code", "region_2016_name"]]
               .drop_duplicates().sort_values("region_code"))
    texts = tables.get("texts", pd.DataFrame())
    dated = [{"id": t.text_id, "version": t.version, "part": t.part, "series": t.series, "binding": bool(t.binding),
              "title": short_title(t.title), "applies": t.applies_to, "states": "" if pd.isna(t.states) else t.states,
              "count": "" if pd.isna(t.listed_count) else str(t.listed_count), "from": None if pd.isna(t.lookup_from)
              else t.lookup_from, "to": None if pd.isna(t.lookup_to) else t.lookup_to, "basis": t.lookup_basis}
             for t in texts.itertuples()]
    return {"sources": [{"id": s["id"], "name": s["name"]} for s in sources], "basis": BASIS_WORDS, "texts": dated,
            "occupations": occupations,
            "regions": [{"code": r.region_code, "name": r.region_name, "name2016": r.region_2016_name}
                        for r in regions.itertuples()]}


def about(tables: dict[str, pd.DataFrame], sources: list[dict]) -> str:
    info = tables["sources"].set_index("source_id")
    items = "".join(
        f"<li><b>{e(s['name'])}</b>: {e(info.title[s['id']])}. "
        + ("<span class='binding'>The legally binding list</span>; it prints labels only, the codes come from "
           "matching them. " if s["binding"] else "An instruction to prefects; it prints ROME codes. ")
        + f"From: {e(info.provenance[s['id']])} (<code>raw/{e(info.file[s['id']])}</code>, "
          f"sha256 <span class='hash'>{e(info.sha256[s['id']])}</span>); {e(info.licence[s['id']])}.</li>"
        for s in sources)
    return ("<p>The occupations (by ROME v2 code, five digits, e.g. <code>52313</code>) open to third-country "
            "nationals in each region of France in 2008, rebuilt from the two texts that list them, with every "
            "defect of those texts found and either corrected or acknowledged in the open.</p>"
            f"<ul>{items}</ul><p>If your question is legal, the arrêté is the text in force; if it is about what "
            "prefectures were told, the circular is. Where they disagree, both are shown.</p>")


def opening_cell(basis) -> str:
    return f"<td>{e(BASIS_WORDS[basis])}</td>" if isinstance(basis, str) else "<td class='no'>not open</td>"


def region_lists(tables: dict[str, pd.DataFrame], sources: list[dict]) -> str:
    """Per 2016 region, per 2008 region within it: every occupation open there, both sources side by side."""
    by_region = tables["openings_by_region"]
    ids = [s["id"] for s in sources]
    head = "<tr><th>code</th><th>occupation</th>" + "".join(f"<th>{e(s['name'])}</th>" for s in sources) + "</tr>"
    opened: dict[str, dict[str, dict[str, str]]] = {}  # region → code → source → basis
    labels: dict[tuple[str, str], str] = {}  # (region, code) → label, the binding text's first
    for r in by_region.sort_values("binding", ascending=False, kind="stable").itertuples():
        opened.setdefault(r.region_code, {}).setdefault(r.rome_code, {})[r.source_id] = r.basis
        labels.setdefault((r.region_code, r.rome_code), r.label)
    parts = []
    for (code16, name16), in2016 in by_region.groupby(["region_2016_code", "region_2016_name"], sort=True):
        former = in2016[["region_code", "region_name"]].drop_duplicates().sort_values("region_code")
        parts.append(f"<h3 id='r2016-{e(code16)}'>{e(code16)} {e(name16)} (2016): "
                     f"{in2016.rome_code.nunique()} occupations open in at least one of its "
                     f"{len(former)} region(s) of 2008</h3>")
        for code, name in former.itertuples(index=False):
            body = "".join(f"<tr><td class='code'>{e(rome)}</td><td>{e(labels[code, rome])}</td>"
                           + "".join(opening_cell(basis.get(s)) for s in ids) + "</tr>"
                           for rome, basis in sorted(opened[code].items()))
            counts = ", ".join(f"{sum(s in basis for basis in opened[code].values())} by {e(s)}" for s in ids)
            parts.append(f"<details id='r-{e(code)}'><summary>{e(code)} {e(name)}: {counts}</summary>"
                         f"<table>{head}{body}</table></details>")
    return "".join(parts)


def findings(tables: dict[str, pd.DataFrame]) -> str:
    f = tables["findings"]
    counts = f.groupby(["check", "severity", "status"]).size().rename("n").reset_index()
    summary = "".join(f"<tr><td><code>{e(r.check)}</code></td><td>{e(r.severity)}</td><td>{e(r.status)}</td>"
                      f"<td>{r.n}</td></tr>" for r in counts.itertuples())
    rows = "".join(f"<tr><td>{e(r.source_id)}</td><td><code>{e(r.check)}</code></td><td>{e(r.severity)}</td>"
                   f"<td>{e(r.status)}</td><td>{e(r.region_code)}</td><td>{e(r.rome_code)}</td>"
                   f"<td>{e(r.source_line)}</td><td>{e(r.message)}</td></tr>" for r in f.itertuples())
    diff = tables["source_differences"]
    differences = "".join(f"<tr><td>{e(r.region_code)}</td><td class='code'>{e(r.rome_code)}</td>"
                          f"<td>{e(r.label_a if r.in_a else r.label_b)}</td>"
                          f"<td>{'open' if r.in_a else 'not open'}</td><td>{'open' if r.in_b else 'not open'}</td>"
                          "</tr>" for r in diff.itertuples())
    return ("<p>A check reads each source as printed. <b>corrected</b>: a curated correction removes the defect; "
            "<b>acknowledged</b>: accepted with a reason and evidence; <b>open</b>: neither (only warnings and "
            "information here: an open error stops the build).</p>"
            f"<table><tr><th>check</th><th>severity</th><th>status</th><th>findings</th></tr>{summary}</table>"
            f"<h3>Where the circular and the arrêté disagree ({len(diff)})</h3>"
            "<table><tr><th>region</th><th>code</th><th>occupation</th><th>circular</th><th>arrêté</th></tr>"
            f"{differences}</table>"
            f"<details><summary>Every finding ({len(f)})</summary><table><tr><th>source</th><th>check</th>"
            "<th>severity</th><th>status</th><th>region</th><th>code</th><th>line</th><th>message</th></tr>"
            f"{rows}</table></details>")


def download_list(files: list[tuple[str, int, str]]) -> str:
    rows = "".join(f"<tr><td><a href='../{e(path)}'>{e(path)}</a></td><td>{size:,}</td>"
                   f"<td class='hash'>{sha}</td></tr>" for path, size, sha in files)
    return ("<p>Every file of this build, with its size in bytes and its sha256. <code>csv/openings_by_region.csv"
            "</code> answers &ldquo;what is open in my region?&rdquo; in one file; <code>datapackage.json</code> "
            "describes every CSV (types, keys, sha256); <code>manifest.json</code> lists every file with its "
            "sha256 and the sources it came from.</p>"
            f"<table><tr><th>file</th><th>bytes</th><th>sha256</th></tr>{rows}</table>"
            "<p><a href='../data-docs/index.html'>Great Expectations' Data Docs</a>: every expectation of every "
            "table and its result. Note: those pages load their styles and scripts from the network; offline "
            "they show little.</p>")


def render(tables: dict[str, pd.DataFrame], picture: bytes, files: list[tuple[str, int, str]]) -> str:
    sources = ordered_sources(tables["sources"], tables["openings_by_region"])
    data = json.dumps(page_data(tables, sources), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    image = base64.b64encode(picture).decode()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Métiers ouverts 2008: the reference dataset</title><style>{STYLE}</style></head>
<body>
<h1>Métiers ouverts 2008: the occupations open to third-country nationals, region by region</h1>
{about(tables, sources)}
<nav><a href="#search-section">Search</a> · <a href="#on-a-date">On a date</a> · <a href="#regions">Regions</a> · <a href="#findings">Findings</a> ·
<a href="#picture">Picture</a> · <a href="#downloads">Downloads</a></nav>
<h2 id="search-section">Is an occupation open, and where?</h2>
<p><label for="search">ROME code or words of its label:</label>
<input id="search" type="search" placeholder="52313, ascenseurs, …" autocomplete="off"></p>
<div id="results" aria-live="polite"></div>
<h2 id="on-a-date">Which lists were in force on a date? (2008-2015)</h2>
<p><label for="on">Date:</label> <input id="on" type="date" value="2009-06-01" min="2007-01-01" max="2016-12-31">
Texts for third-country nationals and, for nationals of the EU states under transitional arrangements, the list of
IMID0800327A and the wording of its article 1. No stored source prints when a text entered into force or ended: a
text is taken to apply from its date signed to the eve of the next binding text of its series (table
<code>texts</code>; <code>python -m pipeline lookup --on DATE</code> answers the same).</p>
<div id="in-force" aria-live="polite"></div>
<h2 id="regions">What is open in each region</h2>
<p>Regions of 2016, each with the regions of 2008 it took over (the lists are those of 2008). Open a region for
its occupations: why each is open (nationwide list, the region's own list, or both) in each text.</p>
{region_lists(tables, sources)}
<h2 id="findings">What the sources get wrong, and what was done</h2>
{findings(tables)}
<h2 id="picture">The picture</h2>
<img alt="Occupations open by region: the circular, then the arrêté" src="data:image/png;base64,{image}">
<h2 id="downloads">Downloads</h2>
{download_list(files)}
<script id="data" type="application/json">{data}</script>
<script>{SCRIPT}</script>
</body></html>
"""


def write(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """The home page of the files published in `out` (written there before it)."""
    path = out / PAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(tables, (out / "openings.png").read_bytes(), downloads(out)), encoding="utf-8")
