"""Score the pipeline on documents it was not made with: generated ones (tools/docgen, seeded) and, where
present, the outside corpus (../shared/corpus).

    python -m tools.documents --seeds 9000-9049 --out .reports/documents-heldout.json   # the held-out set
    python -m tools.documents --corpus ../shared/corpus --out .reports/documents-corpus.json

Seeds 1000-1099 are the development set: look at them, fix what they show. Seeds 9000-9999 are held out:
only scored (`make bench`), never looked at to tune a rule. Each document is built as a user would build it
(`python -m pipeline build --raw DOC.pdf --out OUT`: a PDF outside a manifest, named by the NOR it prints) and
its circular's tables are compared with the text's (`build/csv`): `same`, `refused` (exit 1 or 2, its message
kept: by page and cause), `wrong` (exit 0 and other tables, or a row whose label as printed is not the text's,
typography and spacing aside: the worst), or `error` (anything else).
"""
import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from pipeline.core.text import plain
from tools.docgen import generate

ROOT = Path(__file__).resolve().parent.parent
CIRCULAR = "IMIN0800012C"
LISTING = ["list_scope", "region_code", "rome_code", "label"]
REGION = ["region_code", "stated_count", "listed_count"]
PRINTED = ["list_scope", "region_code", "position", "label_as_printed"]
TIMEOUT = 1800.0


def seeds_of(spec: str) -> list[int]:
    out = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        out += list(range(int(first), int(last) + 1)) if last else [int(first)]
    return out


def rows(folder: Path, name: str, columns: list[str]) -> list[tuple]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(tuple(r[c] for c in columns) for r in csv.DictReader(handle) if r["source_id"] == CIRCULAR)


def built(pdf: Path, out: Path) -> tuple[int | None, str, float]:
    started = time.perf_counter()
    try:
        run = subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(pdf), "--out", str(out)],
                             cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"timeout after {TIMEOUT:g} s", time.perf_counter() - started
    return run.returncode, run.stderr, time.perf_counter() - started


def printed_differ(built: Path, text: Path) -> list[str]:
    """The rows whose label as printed is not the text's, typography and spacing aside (the canonical labels the
    outcome compares are voted over every row of a code: one row misread does not change them)."""
    read = lambda folder: {tuple(r[:3]): " ".join(plain(r[3]).split()) for r in rows(folder, "listings", PRINTED)}
    ours, theirs = read(built), read(text)
    return [f"{' '.join(key)}: '{ours[key]}' for '{theirs.get(key)}'" for key in sorted(ours)
            if ours[key] != theirs.get(key)]


def cause(message: str) -> str:
    """Why a build refused, as it says it: its one line (exit 2), or the open errors it lists (exit 1)."""
    lines = [line for line in message.splitlines() if line.strip() and not line.startswith(("acknowledged", "corrected",
                                                                                          "warning", "info"))]
    return " | ".join(lines[-4:])[-400:]


def score(pdf: Path, text: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="document-") as tmp:
        code, message, seconds = built(pdf, Path(tmp) / "out")
        result = {"document": pdf.name, "exit": code, "seconds": round(seconds, 1)}
        if code == 0:
            same = all(rows(Path(tmp) / "out" / "csv", name, cols) == rows(text, name, cols)
                       for name, cols in (("listings", LISTING), ("regions", REGION)))
            differ = printed_differ(Path(tmp) / "out" / "csv", text)
            return result | {"outcome": "same" if same and not differ else "wrong", "printed_differ": differ}
        return result | {"outcome": "refused" if code in (1, 2) else "error", "cause": cause(message)}


def versus_ocrmypdf(pdf: Path) -> dict | None:
    """A scan's OCR, pages per second, by the pipeline (every page read again, not from the cache) and by
    `ocrmypdf -l fra --force-ocr` (Tesseract too, with its own page preparation), one after the other on the same
    file; None for a PDF with a text layer. The pipeline stops at a page it cannot read: its rate is over the pages
    it read."""
    from pipeline.core.errors import NoTextLayer, PipelineError
    from pipeline.extract.ocr import cache
    from pipeline.extract.pdf import pdf_lines
    from pipeline.extract.sources import sha256_of

    try:
        pdf_lines(pdf)
        return None
    except NoTextLayer:
        pass
    started = time.perf_counter()
    try:
        pages, stopped = len(cache.read(pdf, sha256_of(pdf), fresh=True).pages), None
    except PipelineError as exc:
        pages, stopped = exc.page - 1 if getattr(exc, "page", None) else 0, str(exc)
    ours = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="ocrmypdf-") as tmp:
        started = time.perf_counter()
        run = subprocess.run(["ocrmypdf", "-l", "fra", "--force-ocr", str(pdf), str(Path(tmp) / "out.pdf")],
                             capture_output=True, text=True, timeout=TIMEOUT)
        theirs = time.perf_counter() - started
    import pypdfium2

    total = len(pypdfium2.PdfDocument(pdf))
    return {"pipeline_pages": pages, "pipeline_s": round(ours, 1), "stopped": stopped,
            "pipeline_pages_per_second": round(pages / ours, 3) if pages else 0.0,
            "ocrmypdf_pages": total, "ocrmypdf_s": round(theirs, 1), "ocrmypdf_exit": run.returncode,
            "ocrmypdf_pages_per_second": round(total / theirs, 3)}


def summary(results: list[dict]) -> str:
    outcomes = Counter(r["outcome"] for r in results)
    differ = [r for r in results if r.get("printed_differ")]
    return (f"{outcomes['same']} of {len(results)} build the text's tables, {outcomes['refused']} refused by page "
            f"and cause, {outcomes['wrong']} published wrong" + (f", {outcomes['error']} errors"
                                                                   if outcomes["error"] else "")
            + (f" (labels as printed: {sum(len(r['printed_differ']) for r in differ)} rows in {len(differ)} "
               "documents differ from the text's)" if differ else ""))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.documents")
    parser.add_argument("--seeds", help="generated documents: 1000-1029 (development), 9000-9049 (held out)")
    parser.add_argument("--corpus", type=Path, help="a folder of PDFs of the circular made elsewhere")
    parser.add_argument("--text", type=Path, default=ROOT / "build" / "csv", help="the text's published CSVs")
    parser.add_argument("--out", type=Path, required=True, help="results (JSON)")
    parser.add_argument("--versus-ocrmypdf", action="store_true", help="time each scan's OCR against "
                                                                        "`ocrmypdf -l fra --force-ocr` (installed)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="documents-") as docs:
        pdfs = sorted(args.corpus.glob("*.pdf")) if args.corpus else [
            generate(seed, docs) for seed in seeds_of(args.seeds)]
        for pdf in pdfs:
            result = score(pdf, args.text)
            if args.seeds:
                result["parameters"] = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
            speed = versus_ocrmypdf(pdf) if args.versus_ocrmypdf else None
            if speed:
                result["ocr_speed"] = speed
            results.append(result)
            print(f"{pdf.name}: {result['outcome']} ({result['seconds']} s) {result.get('cause', '')}"
                  + (f" | {len(result['printed_differ'])} labels as printed differ: {result['printed_differ'][:3]}"
                     if result.get("printed_differ") else "")
                  + (f" | OCR pages/s: pipeline {speed['pipeline_pages_per_second']} ({speed['pipeline_pages']} "
                     f"pages), ocrmypdf {speed['ocrmypdf_pages_per_second']} ({speed['ocrmypdf_pages']} pages)"
                     if speed else ""), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary(results), "results": results}, indent=1, ensure_ascii=False)
                        + "\n", encoding="utf-8")
    print(summary(results))


if __name__ == "__main__":
    main()
