"""Synthetic corpora for the benchmark: N variants of the real circular, each with its own source_id.

Variant k prints the NOR IMI/N/08/{k:05d}/C and drops one regional row (its header count lowered
to match; never a row an acknowledgement is about), so that no two sources are alike; its curation (the real corrections and
acknowledgements, under its own source_id) goes into a curation folder beside it.
"""
import csv
import hashlib
import re
import shutil
from pathlib import Path

from tests.helpers import CIRCULAR, ROOT

ROW = re.compile(r"^\d{5}\t")


def acknowledged() -> tuple[set[str], set[str]]:
    """The codes and the region names of the circular's acknowledged findings: rows a variant keeps, so
    that each acknowledgement's pinned facts (a count, a code's labels) still hold."""
    with (ROOT / "checks" / "acknowledgements.csv").open(encoding="utf-8", newline="") as handle:
        acks = [a for a in csv.DictReader(handle) if a["source_id"] == "IMIN0800012C"]
    with (ROOT / "raw" / "reference" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        names = {r["region_code"]: r["region_name"] for r in csv.DictReader(handle)}
    return {a["code"] for a in acks if a["code"]}, {names[a["region"]] for a in acks if a["region"]}


def variant(text: str, k: int, kept: tuple[set[str], set[str]]) -> str:
    """The circular with its NOR set to k and the k-th droppable regional row removed: never a row of
    the codes or region names `kept` (acknowledged())."""
    lines = text.replace("IMI/N/08/00012/C", f"IMI/N/08/{k:05d}/C").split("\n")
    annex = lines.index("ANNEXE")
    codes, regions = kept
    heading = ""
    rows = []
    for i, line in enumerate(lines):
        if i > annex and line and not ROW.match(line) and not line.startswith("CODE ROME"):
            heading = line
        if i > annex + 12 and ROW.match(line) and "52213" not in line and line[:5] not in codes \
                and heading not in regions and not lines[i - 1].startswith("CODE ROME"):
            rows.append(i)
    drop = rows[k % len(rows)]
    header = max(i for i in range(drop) if lines[i].startswith("CODE ROME"))
    count = int(lines[header].split("\t")[1].split()[0])
    lines[header] = f"CODE ROME\t{count - 1} métiers"
    del lines[drop]
    return "\n".join(lines)


def curated(source: Path, target: Path, ids: list[str]) -> None:
    """Copy a curated CSV, its real circular rows repeated for each synthetic source_id."""
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["source_id"] == "IMIN0800012C"]
        fields = reader.fieldnames
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "source_id": sid} for sid in ids for r in rows)


def corpus(n: int, folder: Path) -> tuple[Path, Path]:
    """Write N sources, their manifest and their curation under `folder`; (raw folder, curation folder)."""
    raw, curation = folder / "raw", folder / "checks"
    shutil.copytree(ROOT / "raw" / "reference", raw / "reference")
    curation.mkdir(parents=True)
    text = CIRCULAR.read_text(encoding="utf-8")
    entries, ids, kept = [], [], acknowledged()
    for k in range(1, n + 1):
        sid, name = f"IMIN08{k:05d}C", f"circulaire-{k:05d}.txt"
        data = variant(text, k, kept).encode("utf-8")
        (raw / name).write_bytes(data)
        ids.append(sid)
        entries.append(f'[[source]]\nsource_id = "{sid}"\nkind = "circulaire"\ntitle = "Synthetic variant {k}"\n'
                       f'date = "2008-01-07"\nfile = "{name}"\nformat = "text"\n'
                       f'sha256 = "{hashlib.sha256(data).hexdigest()}"\n')
    (raw / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    for name in ("corrections.csv", "acknowledgements.csv"):
        curated(ROOT / "checks" / name, curation / name, ids)
    for name in ("policy.toml", "label_map.csv"):
        shutil.copy(ROOT / "checks" / name, curation / name)
    return raw, curation


def one_region(n: int, folder: Path) -> tuple[Path, Path]:
    """A copy of raw/ whose circular prints N rows in Limousin (its 18, then codes 90000 on, which no text prints),
    its header's count set to match, and a copy of checks/ whose crosswalk says of each new code that no v3 code is
    decided (a warning, as crosswalk_missing would be an error): the rows of one region grown, for the benchmark's
    row scaling (10,000 is the most a header may state, MAX_STATED_COUNT). (raw folder, curation folder)."""
    from tests.helpers import copy_raw, rehash

    raw, curation = copy_raw(folder / "raw"), folder / "checks"
    shutil.copytree(ROOT / "checks", curation)
    path = raw / CIRCULAR.name
    text = path.read_text(encoding="utf-8")
    head = "Limousin\n\nCODE ROME\t20 métiers\n"
    codes = [f"{90000 + i:05d}" for i in range(n - 18)]
    rows = "".join(f"{code}\tMétier synthétique numéro {i}\n" for i, code in enumerate(codes))
    path.write_text(text.replace(head, f"Limousin\n\nCODE ROME\t{n} métiers\n{rows}", 1), encoding="utf-8")
    rehash(raw)
    with (curation / "crosswalk_rome_v2_v3.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [code, "", "none", "a synthetic code of the benchmark", "tests/synthetic.py"] for code in codes)
    return raw, curation
