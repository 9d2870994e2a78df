import os
import sys

from pipeline.serve.cli import main

if __name__ == "__main__":
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: Python reports it on the way out, as it always did
        sys.exit(code)
    # Every file is written and closed by now: skip the interpreter's teardown, which frees pandas', pandera's
    # and DuckDB's objects one by one (a good part of a second after a build).
    os._exit(code)
