"""`make bench`: what a build costs, and how that grows; what OCR costs and how well it reads. Prints
a table, writes .reports/bench.json.

Each figure is the median of several runs, with the spread (min-max). Not part of `make test`.
"""
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from pipeline.extract.ocr import cache as ocr_cache_module
from pipeline.extract.ocr import tesseract as ocr_tesseract
from pipeline.serve.cli import fewer_collections, python_strings

python_strings()  # as the programs do, before any table is made
fewer_collections()


from pipeline.core.paths import REPORTS, ROOT, Layout  # noqa: E402
from pipeline.extract.geometry.table import page_rows  # noqa: E402
from pipeline.extract.pdf import read_pages  # noqa: E402
from pipeline.extract.sources import sha256_of  # noqa: E402
from pipeline.serve.build import build  # noqa: E402
from pipeline.serve.prepare import prepare  # noqa: E402
from pipeline.validate.gate import Gate  # noqa: E402
from tests.synthetic import corpus, one_region  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SCALE = [int(n) for n in os.environ.get("BENCH_SCALE", "1,10,100,1000").split(",")]
SCALE_RUNS = int(os.environ.get("BENCH_SCALE_RUNS", "3"))
ROWS = [int(n) for n in os.environ.get("BENCH_ROWS", "1000,5000,10000").split(",") if n]
IMPORTS = "import pandas, duckdb, pandera.pandas, pdfplumber, great_expectations"
ENV = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}


def figure(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": len(samples)}


def wall(command: list[str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - started


def measured(command: list[str]) -> tuple[float, int, float]:
    """Wall time, peak RSS (bytes) of the largest of its processes, and CPU time of them all (a build and its
    worker), of a command."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
             "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(time.perf_counter() - t, r.ru_maxrss, r.ru_utime + r.ru_stime)")
    out = subprocess.run([sys.executable, "-c", probe, *command], cwd=ROOT, env=ENV, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) * 1024, float(out[2])


def stages(tmp: Path) -> dict:
    """Each stage's own time within a build (in-process, after a first build imported everything), and the work
    after imports: a whole build, extraction to published files, with a Great Expectations worker that has
    already imported Great Expectations (its validation and Data Docs included)."""
    build(Layout(out=tmp / "stages-warm"), out=io.StringIO())
    samples: dict[str, list[float]] = {}
    for n in range(RUNS):
        gate = Gate()
        gate.ready()
        started, cpu = time.perf_counter(), time.process_time()
        prepared = build(Layout(out=tmp / f"stages-{n}"), out=io.StringIO(), gate=gate)
        samples.setdefault("work_after_imports", []).append(time.perf_counter() - started)
        samples.setdefault("work_after_imports_cpu", []).append(
            time.process_time() - cpu + prepared.seconds["expectations_run_cpu"])
        prepared = build(Layout(out=tmp / f"stages-cold-{n}"), out=io.StringIO())
        for stage, seconds in prepared.seconds.items():
            samples.setdefault(stage, []).append(seconds)
    return {stage: figure(values) for stage, values in samples.items()}


def pdf_pages_per_second() -> dict:
    """Each fixture's PDF extraction, in pages per second: pdfplumber's words and rulings, then the geometry."""
    out = {}
    for pdf in sorted((ROOT / "tests" / "fixtures").glob("circulaire-*.pdf")):
        rates = []
        for _ in range(RUNS):
            started = time.perf_counter()
            pages = read_pages(pdf)
            page_rows(pages, pdf)
            rates.append(len(pages) / (time.perf_counter() - started))
        out[pdf.name] = figure(rates)
    return out


def accuracy(scan: pd.DataFrame, text: pd.DataFrame) -> dict:
    """Share of the text's rows the scan gives right, row by row: codes and labels as read (before the
    checks) and as published (after)."""
    key = ["list_scope", "region_code", "position"]
    both = text.merge(scan, how="left", on=key, suffixes=("", "_scan"))
    share = lambda same: round(float(same.mean()), 4)
    return {"rows": len(text), "rows_read": int(both.rome_code_scan.notna().sum()),
            "codes_before": share(both.rome_code_as_printed_scan == both.rome_code_as_printed),
            "codes_after": share(both.rome_code_scan == both.rome_code),
            "labels_before": share(both.label_as_printed_scan == both.label_as_printed),
            "labels_after": share(both.label_scan == both.label)}


def cpu_seconds() -> float:
    """CPU time of this process and of the processes it waited for (Tesseract)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def scan_figures(tmp: Path) -> dict:
    """The whole circular scanned at 200 dpi: OCR pages per second (cache emptied first), the cost of a
    rebuild that finds it cached, and the accuracy of codes and labels before and after the checks."""
    from tests.fixtures.make_scans import whole_document  # the test tools' (make bench installs them)

    scan = whole_document(tmp / "circulaire-scan.pdf")
    cached = ocr_cache_module.cache_file(sha256_of(scan), ocr_tesseract.engine_version(scan))
    cached.unlink(missing_ok=True)
    started, cpu = time.perf_counter(), cpu_seconds()
    reading = ocr_cache_module.read(scan, sha256_of(scan))
    ocr_seconds, ocr_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    versus = ocrmypdf(scan, tmp, len(reading.pages))
    command = [sys.executable, "-m", "pipeline", "build", "--raw", str(scan)]
    rebuild = figure([wall(command + ["--out", str(tmp / f"scan-{n}")]) for n in range(RUNS)])
    text = prepare(Layout(raw=ROOT / "raw" / "circulaire-IMIN0800012C-2008-01-07.txt")).tables["listings"]
    scanned = prepare(Layout(raw=scan, out=tmp / "scan-tables")).tables["listings"]
    text_build = figure([wall([sys.executable, "-m", "pipeline", "build", "--raw",
                               str(ROOT / "raw" / "circulaire-IMIN0800012C-2008-01-07.txt"), "--out",
                               str(tmp / f"text-{n}")]) for n in range(RUNS)])
    return {"pages": len(reading.pages), "dpi": reading.dpi, "ocr_seconds": round(ocr_seconds, 2),
            "ocr_pages_per_second": round(len(reading.pages) / ocr_seconds, 3),
            "ocr_cpu_seconds_per_page": round(ocr_cpu / len(reading.pages), 2), "ocrmypdf": versus,
            "cached_rebuild_s": rebuild,
            "text_build_s": text_build, "accuracy": accuracy(scanned, text)}


def ocrmypdf(scan: Path, tmp: Path, pages: int) -> dict:
    """The same scan read by `ocrmypdf -l fra --force-ocr` (Tesseract too, with its own page preparation, writing a
    PDF with a text layer), just after the pipeline read it: its pages per second, or why it was not run."""
    if shutil.which("ocrmypdf") is None:
        return {"skipped": "ocrmypdf is not installed (Debian: apt-get install ocrmypdf)"}
    started, cpu = time.perf_counter(), cpu_seconds()
    run = subprocess.run(["ocrmypdf", "-l", "fra", "--force-ocr", str(scan), str(tmp / "ocrmypdf.pdf")],
                         capture_output=True, text=True)
    seconds, used = time.perf_counter() - started, cpu_seconds() - cpu
    if run.returncode != 0:
        return {"skipped": f"ocrmypdf exited {run.returncode}: {run.stderr.strip().splitlines()[-1:]}"}
    return {"seconds": round(seconds, 2), "pages_per_second": round(pages / seconds, 3),
            "cpu_seconds_per_page": round(used / pages, 2)}


def scale(tmp: Path) -> dict:
    out = {}
    for n in SCALE:
        raw, curation = corpus(n, tmp / f"corpus-{n}")
        runs = [measured([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--curation",
                          str(curation), "--out", str(tmp / f"out-{n}-{k}")]) for k in range(SCALE_RUNS)]
        out[str(n)] = {"seconds": figure([r[0] for r in runs]), "peak_rss_mib": max(r[1] for r in runs) / 2 ** 20}
        shutil.rmtree(tmp / f"corpus-{n}")
    return out


def rows(tmp: Path) -> dict:
    """N rows in one region (Limousin, 1,000 to 10,000): a whole build's time and peak RSS (one run each;
    the acknowledgement of Limousin's count no longer matches, a warning, so the build publishes)."""
    out = {}
    for n in ROWS:
        raw, curation = one_region(n, tmp / f"rows-{n}")
        seconds, peak, cpu = measured([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--curation",
                                       str(curation), "--out", str(tmp / f"rows-out-{n}")])
        out[str(n)] = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mib": round(peak / 2 ** 20)}
        shutil.rmtree(tmp / f"rows-{n}")
        shutil.rmtree(tmp / f"rows-out-{n}")
    return out


def machine() -> str:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}; "
            f"load average at the end {load}")


def table(result: dict) -> str:
    floor = result["import_floor_s"]["median"]
    lines = [f"machine: {result['machine']}", "", "| figure | median | spread (min-max) |", "|---|---|---|"]
    row = lambda name, f, unit="s": lines.append(f"| {name} | {f['median']:.2f} {unit} | {f['min']:.2f}-{f['max']:.2f} |")
    row("import floor (pandas, duckdb, pandera, pdfplumber, great_expectations)", result["import_floor_s"])
    row("full build of the real sources (`python -m pipeline build`)", result["full_build_s"])
    lines.append(f"| full build / import floor | {result['full_build_s']['median'] / floor:.2f} | target ≤ 1.25 |")
    row("import floor, CPU time", result["import_floor_cpu_s"])
    row("full build, CPU time (the build's process and its Great Expectations worker)", result["full_build_cpu_s"])
    lines.append(f"| full build / import floor, CPU time | "
                 f"{result['full_build_cpu_s']['median'] / result['import_floor_cpu_s']['median']:.2f} | |")
    row("`make build` with nothing changed", result["make_build_noop_s"])
    work = result["stages_s"]["work_after_imports"]
    row("work after imports: a build in-process, Great Expectations' worker already imported (target ≤ 1.5 s)",
        work)
    row("work after imports, CPU time (the build's process, and the worker's validation and Data Docs)",
        result["stages_s"]["work_after_imports_cpu"])
    for stage, f in result["stages_s"].items():
        if not stage.startswith("work_after_imports"):
            row(f"stage: {stage}", f)
    for name, f in result["pdf_pages_per_second"].items():
        row(f"PDF extraction, {name}", f, "pages/s")
    scan = result["scan"]
    lines.append(f"| OCR of the whole circular scanned ({scan['pages']} pages, {scan['dpi']} dpi) | "
                 f"{scan['ocr_pages_per_second']:.2f} pages/s | {scan['ocr_seconds']:.1f} s in all, one run; "
                 f"{scan['ocr_cpu_seconds_per_page']:.2f} CPU s per page |")
    versus = scan["ocrmypdf"]
    lines.append(f"| the same scan by `ocrmypdf -l fra --force-ocr`, just after | "
                 + (f"{versus['pages_per_second']:.2f} pages/s | {versus['seconds']:.1f} s in all; "
                    f"{versus['cpu_seconds_per_page']:.2f} CPU s per page; the pipeline "
                    f"{scan['ocr_pages_per_second'] / versus['pages_per_second']:.2f} × as fast |"
                    if "skipped" not in versus else f"not run | {versus['skipped']} |"))
    row("build of that scan, OCR cached", scan["cached_rebuild_s"])
    row("build of the circular's text, for comparison", scan["text_build_s"])
    acc = scan["accuracy"]
    lines.append(f"| scan: codes right, as read / as published | {acc['codes_before']:.2%} / {acc['codes_after']:.2%} | "
                 f"{acc['rows']} rows |")
    lines.append(f"| scan: labels right, as read / canonical | {acc['labels_before']:.2%} / {acc['labels_after']:.2%} | "
                 f"{acc['rows']} rows |")
    for n, f in result["scale"].items():
        row(f"{n} source(s) (peak RSS {f['peak_rss_mib']:.0f} MiB)", f["seconds"])
    for n, f in result.get("rows", {}).items():
        lines.append(f"| {int(n):,} rows in one region: build, peak RSS | {f['seconds']:.1f} s, {f['peak_rss_mib']} MiB "
                     f"| one run; {f['cpu_seconds']:.1f} CPU s (target for 5,000: ≤ 60 s, ≤ 1 GiB) |")
    if "1000" in result["scale"] and "100" in result["scale"]:
        ratio = result["scale"]["1000"]["seconds"]["median"] / result["scale"]["100"]["seconds"]["median"]
        lines.append(f"| time(1000) / time(100) | {ratio:.2f} | target ≤ 12 |")
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:] == ["rows"]:  # `python -m tools.bench rows`: the row scaling alone
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(rows(Path(folder)), indent=2))
        return
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        result = {"machine": machine()}
        # One after the other, so that both see the same load.
        pairs = [(measured([sys.executable, "-c", IMPORTS]),
                  measured([sys.executable, "-m", "pipeline", "build", "--out", str(tmp / f"full-{n}")]))
                 for n in range(RUNS)]
        floor, full = zip(*pairs)
        for name, runs in (("import_floor", floor), ("full_build", full)):
            result[f"{name}_s"], result[f"{name}_cpu_s"] = figure([r[0] for r in runs]), figure([r[2] for r in runs])
        result["make_build_noop_s"] = figure([wall(["make", "--no-print-directory", "build"]) for _ in range(RUNS)])
        result["stages_s"] = stages(tmp)
        result["pdf_pages_per_second"] = pdf_pages_per_second()
        result["scan"] = scan_figures(tmp)
        result["scale"] = scale(tmp)
        result["rows"] = rows(tmp)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))


if __name__ == "__main__":
    main()
