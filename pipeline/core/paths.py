"""Every path and limit the pipeline uses, in one place."""
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "raw"
BUILD = ROOT / "build"
CURATION = ROOT / "checks"
REFERENCE = RAW / "reference"
# Reports of `make bench` and `make mutation`: outside build/, which holds only what a build publishes.
REPORTS = ROOT / ".reports"
ABBREVIATIONS_NAME = "region_abbreviations.csv"
REGION_ABBREVIATIONS = REFERENCE / ABBREVIATIONS_NAME
MANIFEST_NAME = "sources.toml"
DUCKDB_NAME = "metiers.duckdb"
DATASET_NAME = "metiers-ouverts-2008"
# Published files that are committed (build/csv/*.csv are listed in the datapackage): a fresh clone's
# build/ holds only these, and no manifest, yet is a build the pipeline may replace.
COMMITTED_OUTPUTS = ("datapackage.json", "openings.png")
OCR_CACHE = ROOT / ".cache" / "ocr"  # what the OCR engine read, by the scan's sha256 (not published)

# Limits against hostile files: each is named in the error that enforces it.
MAX_SOURCE_BYTES = 20 * 1024 * 1024
MAX_PDF_BYTES = 200 * 1024 * 1024  # a scan: 1-2 MB a page at 300 dpi, a hundred pages
MAX_PDF_PAGES = 500
MAX_SECONDS_PER_PDF_PAGE = 10.0
MAX_STATED_COUNT = 10_000
MAX_OCR_DPI = 600
MAX_SECONDS_PER_OCR_PAGE = 120.0


@dataclass(frozen=True)
class Layout:
    """Where a build reads its inputs and writes its outputs."""

    raw: Path = RAW
    out: Path = BUILD
    curation: Path = CURATION
    reference: Path = REFERENCE
    ocr_cache: bool = True  # read scans from the OCR cache where it holds them (`build --no-cache`: False)

    @property
    def csv(self) -> Path:
        return self.out / "csv"

    @property
    def parquet(self) -> Path:
        return self.out / "parquet"

    @property
    def intermediate(self) -> Path:
        """The intermediate layer: the printed lists and rows the build read, which `check` reads again."""
        return self.out / "intermediate"

    @property
    def duckdb(self) -> Path:
        return self.out / DUCKDB_NAME
