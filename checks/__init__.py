"""Inconsistency checks on the sources as printed: one rule, one function, one stable id.

Curated data lives beside them: policy.toml (severity of each check), corrections.csv,
acknowledgements.csv and label_map.csv.
"""
