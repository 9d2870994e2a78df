"""Reference dataset of the French "métiers ouverts" lists of 2008: from raw sources to published tables."""
import sys


def _run_as_the_program() -> bool:
    """Whether this interpreter runs `python -m pipeline` (not a test, not a worker `-m pipeline.validate...`)."""
    argv = getattr(sys, "orig_argv", [])
    for index, argument in enumerate(argv[1:], 1):
        if argument == "-m":
            return argv[index + 1:index + 2] == ["pipeline"]
        if argument.startswith("-m"):
            return argument == "-mpipeline"
        if not argument.startswith("-"):
            return False
    return False


if _run_as_the_program():
    # As soon as Python imports this package to find pipeline/__main__.py: an interrupt from here on is exit 130
    # (143 for SIGTERM), not an error of Python's module runner (exit 1).
    from pipeline.core import interrupts

    interrupts.install()
