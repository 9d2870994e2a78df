"""Builds without the Great Expectations gate, for the tests of what surrounds it: as a program,

    python -m tests.ungated build [ARGS]    # python -m pipeline build [ARGS], its gate NoExpectations

for the tests of a build run as a program where the gate is not what they test (the output folder's
lock, a kill at the switch), and through `NoExpectations` in the tests' own process (fixture
`no_expectations`). The gate's worker imports Great Expectations: seconds of CPU per build. The gate
itself is tested with its real worker: tests/integration/test_gates.py, the real build (`real_build`), and the
build from a PDF of docs/scans.md (tests/integration/test_readme.py).
"""
import runpy

from pipeline.validate.gate import Gate


class NoExpectations(Gate):
    """A gate that starts no Great Expectations worker and passes every build."""

    def __init__(self):
        self.process = None

    def submit(self, tables: dict, docs) -> None:
        pass

    def wait(self) -> dict[str, float]:
        return {}

    def close(self) -> None:
        pass


if __name__ == "__main__":
    from pipeline.serve import build

    build.Gate = NoExpectations
    runpy.run_module("pipeline", run_name="__main__", alter_sys=True)
