"""Stage 4, checked -> published: the only layer that writes files (CSV, Parquet, DuckDB, datapackage, picture,
home page), staged and switched whole by `workspace`."""
