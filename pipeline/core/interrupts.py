"""SIGINT and SIGTERM as one interruption. Until the program is armed (it has begun nothing: no lock, no file),
the first ends it at once with 128 + its number. Once armed, the first raises KeyboardInterrupt where the program
is (so every `finally` cleans up as for Ctrl-C), and is remembered, so that the program exits 128 + its number (130, 143)
whatever that exception became on its way out (a library importing may turn it into a RuntimeError). Later
signals are remembered but raise nothing: the cleanup under way finishes. Installed by pipeline/__main__.py
before anything else is imported; standard library only."""
import os
import signal
import sys

HANDLED = (signal.SIGINT, signal.SIGTERM)
MESSAGE = ("interrupted: the output folder holds one whole build, the previous or the new one "
           "(python -m pipeline check says which)")
_received: list[int] = []
_armed: list[bool] = []


def stop(signum, _frame) -> None:
    _received.append(signum)
    if not _armed:
        with open(sys.stderr.fileno(), "w", closefd=False) as err:
            err.write(MESSAGE + "\n")
        os._exit(128 + signum)
    if len(_received) == 1:
        raise KeyboardInterrupt


def arm() -> None:
    """From now on a signal raises KeyboardInterrupt (the program has something to clean up)."""
    _armed.append(True)


def install() -> None:
    """Handle SIGINT and SIGTERM, but a signal the program was started with ignored stays ignored (`nohup`, a
    background job of a script), as Python leaves it. The KeyboardInterrupt a signal raises where Python cannot
    raise it (a weakref callback an import runs) is not printed as an ignored exception: the signal is remembered,
    and the program's exit code says it (pipeline.serve.cli.main)."""
    for signum in HANDLED:
        if signal.getsignal(signum) != signal.SIG_IGN:
            signal.signal(signum, stop)
    sys.unraisablehook = unraisable


def unraisable(report) -> None:
    if not (isinstance(report.exc_value, KeyboardInterrupt) and _received):
        sys.__unraisablehook__(report)


def received() -> int | None:
    """The first signal received since the program started, if any."""
    return _received[0] if _received else None


def exit_code(exc: BaseException | None = None) -> int | None:
    """The exit code of an interruption: 128 + the first signal's number; 130 for a KeyboardInterrupt with no
    signal seen (raised by a test, or before the handlers were installed); None when nothing interrupted."""
    if _received:
        return 128 + _received[0]
    return 128 + signal.SIGINT if isinstance(exc, KeyboardInterrupt) else None
