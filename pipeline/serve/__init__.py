"""The top floor: the command line and what it runs (build, check, lookup, sql), turning stage errors into one
line and an exit code."""
