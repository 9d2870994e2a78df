"""Every path and limit the pipeline uses, in one place."""
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
BUILD = ROOT / "build"
CURATION = ROOT / "checks"
REFERENCE = RAW / "reference"
MANIFEST_NAME = "sources.toml"
DUCKDB_NAME = "metiers.duckdb"
OCR_CACHE = ROOT / ".cache" / "ocr"  # what the OCR engine read, by the scan's sha256 (not published)

# Limits against hostile files: each is named in the error that enforces it.
MAX_SOURCE_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 500
MAX_SECONDS_PER_PDF_PAGE = 10.0
MAX_OCR_DPI = 600
MAX_SECONDS_PER_OCR_PAGE = 120.0


@dataclass(frozen=True)
class Layout:
    """Where a build reads its inputs and writes its outputs."""

    raw: Path = RAW
    out: Path = BUILD
    curation: Path = CURATION
    reference: Path = REFERENCE

    @property
    def csv(self) -> Path:
        return self.out / "csv"

    @property
    def parquet(self) -> Path:
        return self.out / "parquet"

    @property
    def duckdb(self) -> Path:
        return self.out / DUCKDB_NAME
