"""The check catalogue: every finding the build can produce comes from a check registered here.

A check is a function registered with `@check(severity=..., message=...)`: its name is its published
id, its docstring the description docs/checks.md lists, `severity` its default (checks/policy.toml may
override it), and `message` the template of each finding's message, filled from the columns of the
frame the function returns (one row per finding, located by source_id, region_code, rome_code and
source_line). `facts` is the template of what an acknowledgement of the finding pins (default: the
message); it leaves out where a fact was seen, so that it holds while the fact does. `reads` says
what the function takes:

- "view": the sources as printed, then as corrected (pipeline.validate.checks.rules.View); a finding gone once the
  corrections apply is `corrected`.
- "tables": the normalized tables and the intermediate printed rows (a dict of frames); its
  findings are `open` unless acknowledged.
- "published": the tables as published, in their dictionary types; run last, to gate publishing.
- "editions": the tables of the editions (texts, list_entries, rome_v2_v3, fap_rome) and what was read to make
  them (pipeline.transform.editions.Editions.facts); their findings are published in edition_findings.
"""
from dataclasses import dataclass
from string import Formatter
from typing import Callable

import pandas as pd

from pipeline.core import dictionary

SEVERITIES = next(c["enum"] for c in dictionary.columns("findings") if c["name"] == "severity")
READS = ("view", "tables", "published", "editions")
# A check's findings: the findings table's columns but those the build decides (severity, status).
FINDING_COLUMNS = [c["name"] for c in dictionary.columns("findings") if c["name"] not in ("severity", "status")]
LOCATION = [c for c in FINDING_COLUMNS if c not in ("check", "message")]


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
        message = filled(self.message, found)
        out = found.reindex(columns=LOCATION).assign(
            check=self.id, message=message, facts=filled(self.facts, found) if self.facts else message)
        return out[FINDING_COLUMNS + ["facts"]].reset_index(drop=True)


def filled(template: str, found: pd.DataFrame) -> list[str]:
    """The template filled from the fields it names, for each finding in turn."""
    fields = sorted({name for _, name, _, _ in Formatter().parse(template) if name})
    return [template.format_map(dict(zip(fields, values)))
            for values in found[fields].itertuples(index=False, name=None)]


CATALOGUE: dict[str, Check] = {}


def check(severity: str, message: str, reads: str = "view", facts: str | None = None):
    """Register the decorated function as a check (see the module's docstring)."""
    if severity not in SEVERITIES or reads not in READS:
        raise ValueError(f"severity must be one of {SEVERITIES}, reads one of {READS}")

    def register(func):
        if func.__name__ in CATALOGUE:
            raise ValueError(f"check id {func.__name__} registered twice")
        CATALOGUE[func.__name__] = Check(func.__name__, severity, " ".join(func.__doc__.split()), message, reads,
                                         func, facts)
        return func

    return register


def run_all(reads: str, data) -> pd.DataFrame:
    """The findings of every check that reads `reads`, in catalogue order."""
    return pd.concat([c.run(data) for c in CATALOGUE.values() if c.reads == reads], ignore_index=True)
