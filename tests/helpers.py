"""Tiny, readable inputs for the unit tests, and helpers to run stages on them."""
import io
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pandas as pd

from pipeline.extract.grammar import extract_lines, text_lines
from pipeline.extract.parse import Parsed
from pipeline.extract.sources import Source, sha256_of, split_lines
from pipeline.serve.prepare import extracted, normalized
from pipeline.validate import findings as validate
from pipeline.validate.curation import Curation

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
CIRCULAR = RAW / "circulaire-IMIN0800012C-2008-01-07.txt"
ARRETE = RAW / "arrete-IMID0800328A-2008-01-18-annexe.md"
FACTS = tomllib.loads((ROOT / "tests" / "facts.toml").read_text(encoding="utf-8"))

PREAMBLE = "CIRCULAIRE N° NOR : IMI/N/08/00099/C\n\nParis, le 7 janvier 2008\n\nOBJET : Un essai\n\nANNEXE\n\n"
NATIONAL = ("Liste des métiers ouverts dans l'ensemble des régions françaises\n\n"
            "Code Rome\tDomaine professionnel\n32112\tCadre de l'audit\n61231\tChef de chantier du BTP\n")


def regional(name: str, rows: list[tuple[str, str]], stated: int | None = None) -> str:
    count = len(rows) if stated is None else stated
    return f"\n{name}\n\nCODE ROME\t{count} métiers\n" + "".join(f"{c}\t{lab}\n" for c, lab in rows)


CORSE = [("14232", "Technicien de la vente à distance"), ("61222", "Géomètre")]
LIMOUSIN = [("14232", "Technicien de la vente à distance"), ("52313", "Installateur"), ("61232", "Conducteur")]


def mini_circular(*lists: str) -> str:
    """A small circular: the preamble, the nationwide list, then the given regional lists."""
    return PREAMBLE + NATIONAL + "".join(lists or (regional("Corse", CORSE), regional("Limousin", LIMOUSIN)))


def mini_regions() -> pd.DataFrame:
    return pd.DataFrame({
        "region_code": ["74", "94"], "region_name": ["Limousin", "Corse"],
        "region_2016_code": ["75", "94"], "region_2016_name": ["Nouvelle-Aquitaine", "Corse"],
        "evidence": ["test", "test"], "line": [2, 3]})


def curation(corrections=(), acks=(), label_map=(), regions=None) -> Curation:
    policy = tomllib.loads((ROOT / "checks" / "policy.toml").read_text(encoding="utf-8"))["severity"]
    return Curation(
        regions=mini_regions() if regions is None else regions,
        corrections=pd.DataFrame(list(corrections), columns=["source_id", "region", "field", "printed_value",
                                                             "corrected_value", "reason", "evidence", "line"]),
        acknowledgements=pd.DataFrame(list(acks), columns=["source_id", "check", "region", "code", "pinned",
                                                           "reason", "evidence", "line"]),
        label_map=pd.DataFrame(list(label_map), columns=["label", "rome_code", "reason", "evidence", "line"]),
        severity=policy)


def parsed(text: str, kind: str = "circulaire", source_id: str = "TEST") -> Parsed:
    extract = extract_lines(text_lines(split_lines(text)), kind, "test.txt")
    source = Source(path=Path("test.txt"), source_id=source_id, kind=kind, format="text", sha256="0" * 64,
                    date="2008-01-07")
    return Parsed(source, extract, "utf-8")


def prepared(texts: list[tuple[str, str, str]], cur: Curation):
    """Run extraction and normalization on (text, kind, source_id) triples: the tables (with the intermediate
    layer) and the lists and rows as the checks see them."""
    sources, layer = extracted([parsed(t, k, s) for t, k, s in texts])
    tables, lists, rows, _ = normalized(sources, layer, cur)
    return {**tables, **layer}, lists, rows


def staged(texts: list[tuple[str, str, str]], cur: Curation):
    """The lists and rows as the checks see them."""
    _, lists, rows = prepared(texts, cur)
    return lists, rows


def view_of(text: str, cur: Curation | None = None, corrected: bool = False):
    cur = cur or curation()
    lists, rows = staged([(text, "circulaire", "TEST")], cur)
    sources = pd.DataFrame([{"source_id": "TEST", "date": "2008-01-07", "nor": "TEST", "nor_as_printed": None,
                             "printed_date": None, "nor_line": None, "ocr_engine": None}])
    return validate.view(lists, rows, sources, cur.regions, corrected=corrected)


def copy_raw(target: Path) -> Path:
    """A copy of raw/ (manifest, sources, reference) that a test may change."""
    shutil.copytree(RAW, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target


def rehash(raw: Path) -> None:
    """Update the manifest's sha256 of every file, after a test changed one on purpose."""
    manifest = raw / "sources.toml"
    text = manifest.read_text(encoding="utf-8")
    for entry in tomllib.loads(text)["source"]:
        text = text.replace(entry["sha256"], sha256_of(raw / entry["file"]))
    manifest.write_text(text, encoding="utf-8")


def read_table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)


class NoSnapshot(AssertionError):
    """The committed reference of a snapshot test cannot be read: the test fails, never compares a build with itself."""


def git(*args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True)
    except OSError as exc:
        raise NoSnapshot(f"git cannot run ({exc}): snapshot tests need the git repository of the project") from None


def committed(relative: str) -> bytes:
    """A file as committed (HEAD), not as the last `make build` left it."""
    run = git("show", f"HEAD:{relative}")
    if run.returncode != 0:
        raise NoSnapshot(f"{relative} is not committed (git show HEAD:{relative}: "
                         f"{run.stderr.decode(errors='replace').strip()}): nothing to compare the build with")
    return run.stdout


def committed_names(folder: str) -> list[str]:
    """The names of the files committed (HEAD) in `folder`."""
    run = git("ls-tree", "--full-tree", "--name-only", "HEAD", f"{folder}/")
    names = run.stdout.decode().split()
    if run.returncode != 0 or not names:
        raise NoSnapshot(f"no file of {folder}/ is committed (git ls-tree HEAD {folder}/: "
                         f"{run.stderr.decode(errors='replace').strip()}): nothing to compare the build with")
    return sorted(Path(n).name for n in names)


def records(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    """Rows of `frame` as plain lists, missing values as None: for exact comparisons."""
    part = frame[columns].astype(object)
    return part.where(part.notna(), None).values.tolist()


PROVENANCE = {"sources": ["sha256", "encoding", "nor_line", "format", "file"],
              "listings": ["source_line", "source_page"], "regions": ["source_line", "stated_count_line"],
              "findings": ["source_line", "message"]}


def without_provenance(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables without the columns that say where a value was read (lines, pages, file, hash)."""
    return {name: frame.drop(columns=PROVENANCE.get(name, [])) for name, frame in tables.items()}


def quiet() -> io.StringIO:
    return io.StringIO()


def record(out: Path, relative: str) -> None:
    """Record a file changed on purpose in the build's manifest, as if the build had written it: for tests of
    what `check` does beyond comparing hashes."""
    import json

    from pipeline.core.hashing import published_sha256

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["path"] == relative:
            entry["sha256"] = published_sha256(out / relative)
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def shared_folder(tmp_path_factory) -> Path:
    """The temporary folder of this test run, shared by its pytest-xdist workers if any."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
