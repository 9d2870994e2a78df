"""The check catalogue: every finding the build can produce comes from a check registered here.

A check is a function registered with `@check(severity=..., message=...)`: its name is its published
id, its docstring the description the README lists, `severity` its default (checks/policy.toml may
override it), and `message` the template of each finding's message, filled from the columns of the
frame the function returns (one row per finding, located by source_id, region_code, rome_code and
source_line). `facts` is the template of what an acknowledgement of the finding pins (default: the
message); it leaves out where a fact was seen, so that it holds while the fact does. `reads` says
what the function takes:

- "view": the sources as printed, then as corrected (checks.rules.View); a finding gone once the
  corrections apply is `corrected`.
- "tables": the normalized tables and the intermediate printed rows (a dict of frames); its
  findings are `open` unless acknowledged.
- "published": the tables as published, in their dictionary types; run last, to gate publishing.
"""
from dataclasses import dataclass
from typing import Callable

import pandas as pd

SEVERITIES = ("error", "warning", "info")
READS = ("view", "tables", "published")
LOCATION = ["source_id", "region_code", "rome_code", "source_line"]
FINDING_COLUMNS = ["source_id", "check", "region_code", "rome_code", "source_line", "message"]


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    description: str
    message: str
    reads: str
    func: Callable[..., pd.DataFrame]
    facts: str | None = None

    def run(self, data) -> pd.DataFrame:
        """The check's findings on `data`: located, with the check id, the message and the facts filled in."""
        found = self.func(data)
        records = found.to_dict("records")
        out = found.reindex(columns=LOCATION).assign(check=self.id)
        out["message"] = [self.message.format_map(row) for row in records] if len(found) else []
        out["facts"] = [self.facts.format_map(row) for row in records] if self.facts and len(found) else out.message
        return out[FINDING_COLUMNS + ["facts"]].reset_index(drop=True)


CATALOGUE: dict[str, Check] = {}


def check(severity: str, message: str, reads: str = "view", facts: str | None = None):
    """Register the decorated function as a check (see the module's docstring)."""
    assert severity in SEVERITIES and reads in READS, (severity, reads)

    def register(func):
        assert func.__name__ not in CATALOGUE, f"check id {func.__name__} registered twice"
        CATALOGUE[func.__name__] = Check(func.__name__, severity, " ".join(func.__doc__.split()), message, reads,
                                         func, facts)
        return func

    return register


def run_all(reads: str, data) -> pd.DataFrame:
    """The findings of every check that reads `reads`, in catalogue order."""
    frames = [c.run(data) for c in CATALOGUE.values() if c.reads == reads]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FINDING_COLUMNS + ["facts"])
