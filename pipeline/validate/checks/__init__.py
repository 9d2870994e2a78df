"""Inconsistency checks: one rule, one function, one stable id, all registered in pipeline.validate.checks.catalogue.

pipeline.validate.checks.rules reads the sources as printed (and as corrected); pipeline.validate.checks.tables reads the normalized
and published tables. Curated data lives beside them: policy.toml (severity overrides),
corrections.csv, acknowledgements.csv and label_map.csv.
"""
from pipeline.validate.checks import editions, rules, tables  # noqa: F401  (importing them registers their checks)
