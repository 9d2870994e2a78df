import os
import sys

from pipeline.core import interrupts

interrupts.install()  # first (pipeline/__init__.py did already): an interrupt is exit 130 or 143 from here on

if __name__ == "__main__":
    # Before the program is armed (a signal ends it at once: nothing begun): DuckDB's extension aborts the process
    # where an interrupt raises inside its import ('Critical nanobind error', exit -6, seen under load).
    import duckdb  # noqa: F401

    try:
        interrupts.arm()  # in the block that reports an interrupt, whatever a library importing made of it
        from pipeline.serve.cli import main

        code = main()
    except BaseException as exc:  # an interrupt during the imports, whatever a library made of it
        code = interrupts.exit_code(exc)
        if code is None:
            raise
        print(interrupts.MESSAGE, file=sys.stderr)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: Python reports it on the way out, as it always did
        sys.exit(code)
    # Every file is written and closed by now: skip the interpreter's teardown, which frees pandas', pandera's
    # and DuckDB's objects one by one (a good part of a second after a build).
    os._exit(code)
