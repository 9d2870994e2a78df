"""The checks on the editions (reads="editions"): the data is a dict of the editions' tables, the facts read to
make them (pipeline.transform.editions.Editions.facts), and `regions`, the curated reference."""
import pandas as pd

from pipeline.validate.checks.catalogue import check

WHEN_2008 = "2008-01-18"
WHEN_2016 = "2016-01-01"


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


@check("warning", "the title states {stated} métiers, the annex prints {listed} lines ending with a full stop",
       reads="editions")
def annex_count_mismatch(data: dict) -> pd.DataFrame:
    """An annex whose title states a count ('LISTE DES 150 MÉTIERS') that differs from the métier lines it prints."""
    return frame([{"source_id": f"{a.text}@{a.version}", "source_line": a.title_line, "stated": a.stated_count,
                   "listed": len(a.rows)} for a in data["annexes"]
                  if a.stated_count is not None and a.stated_count != len(a.rows)],
                 ["source_id", "source_line", "stated", "listed"])


@check("warning", "{part}: {which} not established by a stored source: left empty", reads="editions")
def date_unknown(data: dict) -> pd.DataFrame:
    """A text or version whose date signed, entry into force or end no stored source establishes: left empty."""
    texts = data["texts"]
    rows = []
    for t in texts.itertuples() if len(texts) else []:
        missing = [name for name in ("date_signed", "in_force_from", "in_force_to") if pd.isna(getattr(t, name))]
        if missing:
            rows.append({"source_id": f"{t.text_id}@{t.version}", "part": t.part, "which": ", ".join(missing)})
    return frame(rows, ["source_id", "part", "which"])


@check("warning", "no ROME v3 code for '{label}': {reason}", reads="editions")
def label_uncoded(data: dict) -> pd.DataFrame:
    """A label of a list written in ROME v3 titles (2011, the list of 291) that no DARES title matches after
    folding and no curated decision codes."""
    entries = data["list_entries"]
    if entries.empty:
        return frame([], ["source_id", "source_line", "label", "reason"])
    uncoded = entries[(entries.method == "none") & ~((entries.text_id == "IMID0800327A") &
                                                     (entries.version == "793f6c58"))]
    return uncoded.assign(source_id=uncoded.text_id + "@" + uncoded.version, label=uncoded.label_as_printed)


@check("info", "list of 150: no ROME v2 code for '{label}': {reason}", reads="editions")
def list150_uncoded(data: dict) -> pd.DataFrame:
    """A label of the list of 150 that no label of the 2008 texts matches after folding: left uncoded."""
    entries = data["list_entries"]
    if entries.empty:
        return frame([], ["source_id", "source_line", "label", "reason"])
    uncoded = entries[(entries.method == "none") & (entries.text_id == "IMID0800327A") &
                      (entries.version == "793f6c58")]
    return uncoded.assign(source_id=uncoded.text_id + "@" + uncoded.version, label=uncoded.label_as_printed)


@check("error", "checks/{file} line {curated_line} no longer holds: {why}; update or remove it", reads="editions")
def curated_decision_stale(data: dict) -> pd.DataFrame:
    """A curated label decision whose line prints another label, no label, or a label a rule now codes."""
    return frame([{**s, "source_id": f"{s['text_id']}@{s['version']}"} for s in data["stale"]],
                 ["source_id", "source_line", "file", "curated_line", "why"])


@check("error", "ROME v2 {rome_code} is opened by {opened}: the crosswalk does not decide it; add it to "
                "checks/crosswalk_rome_v2_v3.csv", reads="editions")
def crosswalk_missing(data: dict) -> pd.DataFrame:
    """A ROME v2 code a 2008 text opens that checks/crosswalk_rome_v2_v3.csv does not decide."""
    opened = data["opened_v2"].groupby("rome_code").source_id.agg(lambda s: "|".join(sorted(s)))
    decided = set(data["rome_v2_v3"].rome_v2_code) if len(data["rome_v2_v3"]) else set()
    if not len(data["texts"]):
        return frame([], ["source_id", "rome_code", "opened"])
    return frame([{"source_id": "crosswalk", "rome_code": c, "opened": o} for c, o in opened.items()
                  if c not in decided], ["source_id", "rome_code", "opened"])


@check("warning", "ROME v2 {rome_code} '{label_v2}': status none, not decided: {reason}", reads="editions")
def crosswalk_undecided(data: dict) -> pd.DataFrame:
    """A ROME v2 code of the crosswalk whose status is none: no v3 code decided."""
    cross = data["rome_v2_v3"]
    if cross.empty:
        return frame([], ["source_id", "rome_code", "label_v2", "reason"])
    none = cross[cross.status == "none"]
    return none.assign(source_id="crosswalk", rome_code=none.rome_v2_code)


@check("error", "ROME v3 {rome_code} ({where}) is not in the DARES table", reads="editions")
def rome_v3_unknown(data: dict) -> pd.DataFrame:
    """A curated ROME v3 code (a label's or the crosswalk's) that the DARES table does not list."""
    known = data.get("dares_codes", set())
    rows = []
    entries, cross = data["list_entries"], data["rome_v2_v3"]
    for e in entries[entries.method == "curated"].itertuples() if len(entries) else []:
        if e.rome_v3_code not in known:
            rows.append({"source_id": f"{e.text_id}@{e.version}", "source_line": e.source_line,
                         "rome_code": e.rome_v3_code, "where": "checks/label_rome_v3.csv"})
    for c in cross.dropna(subset=["rome_v3_code"]).itertuples() if len(cross) else []:
        if c.rome_v3_code not in known:
            rows.append({"source_id": "crosswalk", "rome_code": c.rome_v3_code,
                         "where": f"crosswalk of {c.rome_v2_code}"})
    return frame(rows, ["source_id", "source_line", "rome_code", "where"])


@check("info", "{empty} lines hold no cell (';;'): skipped", reads="editions")
def dares_empty_rows(data: dict) -> pd.DataFrame:
    """The DARES table ends with lines that hold no cell: they are skipped, and counted here."""
    empty = data.get("dares_empty", 0)
    return frame([{"source_id": "DARES-FAP2009-ROME@b61ffd2e", "empty": empty}] if empty else [],
                 ["source_id", "empty"])


@check("warning", "{what}: geohisto says {theirs!r}, raw/reference/regions.csv line {line} says {ours!r}",
       reads="editions")
def geohisto_disagrees(data: dict) -> pd.DataFrame:
    """geohisto's regions (a second reference) and the curated raw/reference/regions.csv disagree on a 2008
    region's name, or on the code or name of the region that succeeded it in 2016."""
    rows = data.get("geohisto", [])
    columns = ["source_id", "region_code", "source_line", "what", "theirs", "ours", "line"]
    if not rows:
        return frame([], columns)
    found = []
    for ref in data["regions"].itertuples():
        then = valid(rows, ref.region_code, WHEN_2008)
        if then is None:
            found.append({"region_code": ref.region_code, "what": "the 2008 region", "theirs": None,
                          "ours": ref.region_name, "line": ref.line})
            continue
        if then["name"] != ref.region_name:
            found.append({"region_code": ref.region_code, "source_line": then["source_line"], "what": "2008 name",
                          "theirs": then["name"], "ours": ref.region_name, "line": ref.line})
        after = successor(rows, then)
        if after is None or after["insee_code"] != ref.region_2016_code:
            found.append({"region_code": ref.region_code, "source_line": then["source_line"], "what": "2016 code",
                          "theirs": after and after["insee_code"], "ours": ref.region_2016_code, "line": ref.line})
        elif after["name"] != ref.region_2016_name:
            found.append({"region_code": ref.region_code, "source_line": after["source_line"], "what": "2016 name",
                          "theirs": after["name"], "ours": ref.region_2016_name, "line": ref.line})
    return frame([{**f, "source_id": "geohisto-regions@65e6f304"} for f in found], columns)


def valid(rows: list[dict], code: str, day: str) -> dict | None:
    """geohisto's region of INSEE `code` valid on `day`."""
    return next((r for r in rows if r["insee_code"] == code and r["start_datetime"][:10] <= day
                 <= r["end_datetime"][:10]), None)


def successor(rows: list[dict], region: dict) -> dict | None:
    """The region valid on 1 January 2016 that `region` became, following geohisto's successors."""
    by_id = {r["id"]: r for r in rows}
    seen = set()
    while region is not None and region["end_datetime"][:10] < WHEN_2016 and region["id"] not in seen:
        seen.add(region["id"])
        region = by_id.get(region["successors"].split(";")[0]) if region["successors"] else None
    return region
