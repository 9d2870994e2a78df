"""Exceptions raised by the stages; only the CLI turns them into messages and exit codes."""
from pathlib import Path


class PipelineError(Exception):
    """An error that points at a place in an input: reported as `path:line: message`, `path: page N: message`
    for a place on a page (a PDF), `path: message` for a whole file, or the message alone when there is no
    input to point at (a command line, a question to lookup)."""

    exit_code = 2

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 page: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.page = page

    def at(self, path: Path | str) -> "PipelineError":
        """This error, pointing into `path`: a stage that reads words and lines, not files (the geometry), raises
        its errors without a path, and the code that knows the file names it, once."""
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.page is not None:
            return f"{self.path}: page {self.page}: {self.message}"
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


class InputError(PipelineError):
    """An input file cannot be read, decoded or trusted."""


class ManifestError(InputError):
    """The sources manifest is missing, malformed, or names a file that is not there."""


class ChecksumError(InputError):
    """A raw file's sha256 differs from the one recorded in its manifest."""


class LimitError(InputError):
    """An input exceeds one of the limits set in pipeline.core.paths; the message says which, and what to do."""

    HELP = "a limit against hostile files: check the file, or raise the limit in pipeline/core/paths.py"

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 page: int | None = None):
        super().__init__(f"{message}: {self.HELP}", path, line, page)


class SourceFormatError(InputError):
    """A source's text does not follow the grammar of its annex."""

    def read_by_ocr(self) -> "SourceFormatError":
        """This error, about a scan: what it quotes and finds is what OCR read, which the page may print otherwise."""
        self.message += " (the scan as OCR read it)"
        return self


class PdfError(InputError):
    """A PDF cannot be opened or holds no text to extract."""


class NoTextLayer(PdfError):
    """A PDF whose pages hold no text (a scan): it is read by OCR."""


class OcrUnavailable(InputError):
    """A scan needs OCR and the engine (or its French model) is not installed."""


class LayoutError(SourceFormatError):
    """A page's words cannot be laid out as the annex's table: a code with no label, a label with no code."""


class CurationError(InputError):
    """A curated file (reference, corrections, acknowledgements, policy) is malformed."""


class UsageError(InputError):
    """The command line is wrong."""


class OutputError(InputError):
    """The output folder cannot be used: not the pipeline's to replace, not writable, or full."""


class PublishedError(InputError):
    """A published file cannot be read (missing, corrupt): `check` and `lookup` need a whole build."""


class ValidationFailed(PipelineError):
    """Validation found open errors: nothing was published."""

    exit_code = 1

    def __init__(self, message: str, report: list[str]):
        super().__init__(message)
        self.report = report
