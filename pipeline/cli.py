"""The command line: a thin layer that turns the library's exceptions into one-line messages and exit codes.

Exit codes: 0 success, 1 validation failed (nothing published), 2 bad input or usage.
"""
import argparse
import sys
from pathlib import Path

from pipeline.errors import PipelineError, UsageError, ValidationFailed
from pipeline.paths import BUILD, CURATION, RAW, Layout


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message} (see python -m pipeline --help)", "pipeline", 0)


def parser() -> argparse.ArgumentParser:
    root = Parser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = root.add_subparsers(dest="command", required=True, parser_class=Parser)
    build = commands.add_parser("build", help="build, check and publish the dataset")
    build.add_argument("--raw", type=Path, default=RAW, help="a manifest folder (default raw/) or one source file")
    build.add_argument("--out", type=Path, default=BUILD, help="output folder (default build/)")
    build.add_argument("--curation", type=Path, default=CURATION, help="folder of curated files (default checks/)")
    check = commands.add_parser("check", help="re-run the checks on published artifacts and summarize findings")
    check.add_argument("--out", type=Path, default=BUILD, help="folder of a published build (default build/)")
    check.add_argument("--curation", type=Path, default=CURATION, help="folder of curated files (default checks/)")
    lookup = commands.add_parser("lookup", help="is an occupation open, and where? what is open in a region?")
    what = lookup.add_mutually_exclusive_group(required=True)
    what.add_argument("--rome", help="a ROME code, e.g. 52313")
    what.add_argument("--region", help="a region: official or printed name, INSEE code, or 2016 region name")
    lookup.add_argument("--format", choices=["table", "csv", "json"], default="table")
    lookup.add_argument("--out", type=Path, default=BUILD, help="folder of a published build (default build/)")
    lookup.add_argument("--source", help="source_id to answer for (default: every source)")
    return root


def run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from pipeline.build import build

        build(Layout(raw=args.raw, out=args.out, curation=args.curation), out=sys.stderr)
    elif args.command == "check":
        from pipeline.recheck import recheck

        return recheck(Layout(out=args.out, curation=args.curation), out=sys.stdout)
    else:
        from pipeline.lookup import lookup

        print(lookup(args.out, rome=args.rome, region=args.region, fmt=args.format, source=args.source), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return run(parser().parse_args(argv))
    except ValidationFailed as exc:
        for line in exc.report:
            print(line, file=sys.stderr)
        print(f"{exc.message}", file=sys.stderr)
        return exc.exit_code
    except PipelineError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
