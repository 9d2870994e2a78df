"""The command line: a thin layer that turns the library's exceptions into one-line messages and exit codes.

Exit codes: 0 success, 1 validation failed (nothing published), 2 bad input or usage, 70 internal error
(a bug: the traceback is written to a log file that the message names), 130 interrupted, 143 terminated.
"""
import argparse
import errno
import gc
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from pipeline.core import interrupts
from pipeline.core.errors import PipelineError, UsageError, ValidationFailed
from pipeline.core.paths import BUILD, CURATION, RAW, REFERENCE, ROOT, Layout
from pipeline.core.text import visible

ABOUT = ("Build, check and query the occupations open to third-country nationals in each region of France in 2008 "
         "(the circular IMIN0800012C and the arrêté IMID0800328A, the binding list).")
FORMATS = ("table", "plain", "csv", "json")
EXIT_CODES = ("exit codes: 0 success, 1 validation failed (nothing published), 2 bad input or usage, 70 internal "
              "error (a bug: the message names a log with the traceback), 130 interrupted, 143 terminated")
LOOKUP_EXAMPLES = """examples:
  python -m pipeline lookup --rome 52313 --region Limousin   is 52313 open in Limousin, by which text?
  python -m pipeline lookup --rome 52313                 where is 52313 open, and by which text?
  python -m pipeline lookup --region Limousin            what is open in Limousin?
  python -m pipeline lookup --region 75                  a region of 2016: each of its regions of 2008
  python -m pipeline lookup --region PACA --source arrete --format plain   one code per line
  python -m pipeline lookup --on 2012-06-01 --region Limousin   the lists in force on that date (exit 1: none)
  python -m pipeline lookup --on 2009-06-01 --nationality Roumanie --rome 52313   the EU list, for a Romanian"""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message} (see python -m pipeline --help)")


def parser() -> argparse.ArgumentParser:
    root = Parser(prog="python -m pipeline", description=ABOUT, epilog=EXIT_CODES)
    commands = root.add_subparsers(dest="command", required=True, parser_class=Parser)
    build = commands.add_parser("build", help="build, check and publish the dataset")
    build.add_argument("--raw", type=Path, default=RAW, help="a manifest folder (default raw/; its reference/ "
                                                             "folder, if any, holds the regions) or one source file")
    build.add_argument("--out", type=Path, default=BUILD, help="output folder (default build/)")
    build.add_argument("--curation", type=Path, default=CURATION, help="folder of curated files (default checks/)")
    build.add_argument("--no-cache", action="store_true", help="read every scan with the OCR engine again, not "
                                                               "from the OCR cache (.cache/ocr/), and cache it anew")
    check = commands.add_parser("check", help="re-run the checks on published artifacts and summarize findings")
    check.add_argument("--out", type=Path, default=BUILD, help="folder of a published build (default build/)")
    check.add_argument("--curation", type=Path, default=CURATION, help="folder of curated files (default checks/)")
    check.add_argument("--raw", type=Path, help="the manifest folder or the file the build read (default raw/): its "
                                                "reference/ folder, if any, holds the regions; given, every scan the "
                                                "build read by OCR is read again by the engine (not from the OCR "
                                                "cache) and its rows compared with the build's")
    lookup = commands.add_parser(
        "lookup", help="is an occupation open, and where? what is open in a region?",
        description="Answer from the published data (build/metiers.duckdb, read-only), the binding text first.",
        epilog=LOOKUP_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    lookup.add_argument("--rome", help="a ROME (v2) code: five digits, e.g. 52313 (with --region: is it open "
                                       "there, and by which text?)")
    lookup.add_argument("--region", help="a region of 2008 or 2016: INSEE code (74, 75), official or printed name "
                                       "(Limousin, Nouvelle-Aquitaine), or usual abbreviation (PACA, IDF)")
    lookup.add_argument("--format", choices=FORMATS, default="table",
                        help="table (default: for reading, fits the terminal), plain (one code per line, for "
                             "the binding text unless --source names another), csv or json (rows of "
                             "openings_by_region)")
    lookup.add_argument("--source", help="answer for one source only: its id (IMID0800328A, any case) or kind "
                                         "(arrete, circulaire); default: both, the binding one first")
    lookup.add_argument("--on", help="a date YYYY-MM-DD: answer with the texts in force that day (2008-2015 editions, "
                                     "the binding ones first; --rome may then be a v2 or a v3 code); before "
                                     "2008-01-18 no list applies (exit 1)")
    lookup.add_argument("--nationality", help="with --on: a state of the EU lists (ISO code or name: RO, Roumanie, "
                                              "Croatia): answer from IMID0800327A's list; default: third-country "
                                              "nationals")
    lookup.add_argument("--out", type=Path, default=BUILD, help="folder of a published build (default build/)")
    sql = commands.add_parser("sql", help="query the published DuckDB file in SQL (read-only)",
                              description="A SQL prompt on build/metiers.duckdb, opened read-only: end statements "
                                          "with ';', .tables lists the tables and views, .quit leaves. Statements "
                                          "can also be piped in, or given with -c.")
    sql.add_argument("-c", "--command", dest="command_", help="run this one statement, print its result and leave")
    sql.add_argument("--out", type=Path, default=BUILD, help="folder of a published build (default build/)")
    release = commands.add_parser("release", help="write dist/<dataset>-<version>.zip of a build, and its SHA256SUMS",
                                  description="Archive every published file of a whole build (checked against its "
                                              "manifest) for a release, the same bytes for the same build, and print "
                                              "the git command that tags it.")
    release.add_argument("--out", type=Path, default=BUILD, help="folder of a published build (default build/)")
    release.add_argument("--dist", type=Path, default=ROOT / "dist", help="where to write it (default dist/)")
    return root


def python_strings() -> None:
    """Text columns held by Python rather than by pyarrow, in every table the program makes (the tests make
    them so too): our tables have hundreds of rows, where each pandas operation on pyarrow-backed text costs
    more than it saves (a build's tables take a third less CPU). Set once, before any table is made: the
    published files are the same bytes either way, as CSV and Parquet are written from declared types."""
    import pandas as pd

    pd.set_option("mode.string_storage", "python")


def fewer_collections() -> None:
    """Python's cycle collector run every 50,000 new objects rather than 700: pandas makes a great many short-lived
    objects and few cycles, and a build spent 7-9 % of its CPU collecting (the real sources 1.80 -> 1.67 CPU-s,
    a PDF 3.12 -> 2.84) for the same peak memory (276 MB either way)."""
    gc.set_threshold(50_000, 20, 100)


def reference_of(raw: Path) -> Path:
    """The region reference of a build: the manifest folder's reference/, or the repository's."""
    return raw / "reference" if (raw / "reference").is_dir() else REFERENCE


def build_command(args: argparse.Namespace) -> int:
    from pipeline.serve.build import build

    python_strings()
    fewer_collections()
    build(Layout(raw=args.raw, out=args.out, curation=args.curation, reference=reference_of(args.raw),
                 ocr_cache=not args.no_cache), out=sys.stderr)
    return 0


def check_command(args: argparse.Namespace) -> int:
    from pipeline.serve.check import verify
    from pipeline.serve.recheck import recheck
    from pipeline.serve.reread import reread

    python_strings()
    fewer_collections()
    problems = verify(args.out)
    if not problems and args.raw is not None:
        problems = reread(args.out, args.raw)
    for problem in problems:
        say(problem)
    if problems:
        say(f"check failed: {len(problems)} problem(s) with the published files")
        return ValidationFailed.exit_code
    return recheck(Layout(out=args.out, curation=args.curation, reference=reference_of(args.raw or RAW)),
                   out=sys.stdout)


def release_command(args: argparse.Namespace) -> int:
    from pipeline.publish import archive

    written = archive.write(args.out, args.dist)
    print(f"wrote {written} ({written.stat().st_size:,} bytes) and {written.with_name(archive.SUMS)}\n"
          f"tag the release: {archive.tag_command()}")
    return 0


def sql_command(args: argparse.Namespace) -> int:
    from pipeline.serve.sql import run as sql

    return sql(args.out, args.command_)


def lookup_command(args: argparse.Namespace) -> int:
    if args.on is not None or args.nationality is not None:
        return lookup_on_command(args)
    from pipeline.serve.lookup import lookup

    if args.rome is None and args.region is None:
        raise UsageError("lookup needs --rome, --region or both (see python -m pipeline lookup --help)")
    print(lookup(args.out, rome=args.rome, region=args.region, fmt=args.format, source=args.source), end="")
    return 0


def lookup_on_command(args: argparse.Namespace) -> int:
    from pipeline.serve import lookup_on

    if args.on is None or args.format not in ("table", "json") or args.source is not None:
        raise UsageError("--nationality goes with --on; --on answers as a table or json, for every text in force "
                         "(no --source)")
    question = lookup_on.Question(lookup_on.day_of(args.on), args.region, args.rome, args.nationality)
    try:
        print(lookup_on.answer(args.out, question, args.format), end="")
    except lookup_on.NoListApplies as none:
        print(none.args[0], end="")
        return lookup_on.NoListApplies.exit_code
    return 0


# Each subcommand and what runs it (build and check make tables: Python-held text, fewer cycle collections).
COMMANDS = {"build": build_command, "check": check_command, "release": release_command, "sql": sql_command,
            "lookup": lookup_command}


def run(args: argparse.Namespace) -> int:
    return COMMANDS[args.command](args)


INTERNAL_ERROR = 70
ADVICE = {errno.EACCES: "check its permissions", errno.EPERM: "check its permissions",
          errno.ENOSPC: "free some space and build again", errno.EDQUOT: "free some space and build again",
          errno.EROFS: "the file system is read-only: choose another --out",
          errno.EXDEV: "it is a mount point: choose a folder inside it",
          errno.EBUSY: "it is a mount point or in use: choose a folder inside it"}


def system_error(exc: OSError) -> str:
    """An operating-system failure (permissions, full disk, read-only file system) in one line."""
    advice = ADVICE.get(exc.errno, "check the file and the disk, then build again")
    said = f"{exc.strerror or first_line(exc)}: {advice}"
    return said if exc.filename is None else f"{exc.filename}: {said}"


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0]


def crash_log(text: str) -> Path:
    """Write a traceback where it can always be written: a new private file in the temporary folder (mkstemp:
    mode 0600, created, never a file or link that was there)."""
    descriptor, name = tempfile.mkstemp(prefix=f"metiers-ouverts-crash-{time.strftime('%Y%m%d-%H%M%S')}-",
                                        suffix=".log")
    with os.fdopen(descriptor, "w", encoding="utf-8") as log:
        log.write(text)
    return Path(name)


def say(message: str) -> None:
    """One line on standard error, its non-printing characters made visible: a message may quote what the user
    typed (a region, a code, a path) or what a file holds."""
    print(visible(message), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    try:
        code = run(parser().parse_args(argv))
        if interrupts.received() is not None:
            # The KeyboardInterrupt was lost where Python ignores exceptions (a weakref callback an import runs), and
            # the program ran on to its end: the output holds the new whole build; the signal decides the exit code.
            say(interrupts.MESSAGE)
            return interrupts.exit_code()
        return code
    except BaseException as exc:
        interrupted = interrupts.exit_code(exc)
        if interrupted is not None and not isinstance(exc, SystemExit):
            # SIGINT or SIGTERM: whatever the exception became (a library's RuntimeError in an import, an OSError
            # of an interrupted call), the cleanup ran on the way here.
            say(interrupts.MESSAGE)
            return interrupted
        if not isinstance(exc, Exception):
            raise
        return failed(exc)


def failed(exc: Exception) -> int:
    """The message and the exit code of a failure."""
    if isinstance(exc, ValidationFailed):
        for line in exc.report:
            say(line)
        say(exc.message)
        return exc.exit_code
    if isinstance(exc, PipelineError):
        say(str(exc))
        return exc.exit_code
    if isinstance(exc, OSError):
        say(system_error(exc))
        return UsageError.exit_code
    # a bug: exit 70, never 1 (validation failed), the traceback kept in a log
    log = crash_log("".join(traceback.format_exception(exc)))
    say(f"internal error ({type(exc).__name__}: {first_line(exc)}); nothing was published; the traceback is "
        f"in {log}: please report it")
    return INTERNAL_ERROR
