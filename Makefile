# The front door: `make build` then `make test` on a fresh clone; `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
DEV_INSTALLED := $(VENV)/.installed-dev
INPUTS := CHANGELOG.md $(wildcard raw/* raw/reference/* checks/*.csv checks/*.toml) $(shell find raw/editions -type f) \
	$(shell find pipeline -type f \( -name '*.py' -o -name '*.toml' -o -name '*.html' -o -name '*.css' -o -name '*.js' \))
# Every published output, from the tables declared in pipeline/core/dictionary.toml: `make build` rebuilds when
# one is missing or older than an input.
TABLES := $(shell sed -n 's/^\[tables\.\(.*\)\]$$/\1/p' pipeline/core/dictionary.toml)
INTERMEDIATE := $(shell sed -n 's/^\[intermediate\.\(.*\)\]$$/\1/p' pipeline/core/dictionary.toml)
OUTPUTS := $(foreach t,$(TABLES) openings_matrix,build/csv/$(t).csv) $(foreach t,$(TABLES),build/parquet/$(t).parquet) \
	$(foreach t,$(INTERMEDIATE),build/intermediate/$(t).parquet) \
	build/metiers.duckdb build/datapackage.json build/openings.png build/site/index.html build/data-docs/index.html \
	build/manifest.json
export GX_ANALYTICS_ENABLED := False
# Bytecode written (in __pycache__/, ignored by git) even where PYTHONDONTWRITEBYTECODE is set: each process
# of `make test`, and each program a test runs, would otherwise compile the modules and the tests again.
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help build test test-unit locks sql fuzz mutation bench readme clean distclean

## help: list the targets with what they do
help:
	@awk '/^## /{sub(/^## /, ""); split($$0, a, ": "); printf "  make %-10s %s\n", a[1], substr($$0, length(a[1]) + 3)}' $(MAKEFILE_LIST)

$(INSTALLED): requirements/runtime.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/runtime.lock
	touch $@

# The tools of the tests and of the developers (pytest, playwright, mutmut, the import linter...), on top.
$(DEV_INSTALLED): $(INSTALLED) requirements/dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	touch $@

## locks: compile requirements/runtime.lock and requirements/dev.lock (with hashes) from pyproject.toml
locks: $(DEV_INSTALLED)
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --no-header --quiet \
		-c requirements/runtime.lock -o requirements/runtime.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --no-header --quiet \
		-c requirements/runtime.lock -c requirements/dev.lock -o requirements/dev.lock

## build: create .venv if missing, install pinned dependencies, build and publish the dataset into build/
build: $(OUTPUTS)

$(OUTPUTS) &: $(INSTALLED) $(INPUTS)
	$(PY) -m pipeline build

## sql: open the published DuckDB file read-only at a SQL prompt (.tables lists tables and views)
sql: build
	$(PY) -m pipeline sql

## test: run the test suite (unit, end-to-end, malformed corpus, faults, hostile inputs, short property test, browser) in 2 workers
test: build $(DEV_INSTALLED)
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -q -n $${TEST_WORKERS:-2} --durations=10

## test-unit: the unit tests alone (seconds): tests/unit
test-unit: $(DEV_INSTALLED)
	$(PY) -m pytest -q -n $${TEST_WORKERS:-2} tests/unit

## fuzz: run the property-based test of the parser for longer (FUZZ_EXAMPLES, default 2000)
fuzz: $(DEV_INSTALLED)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-2000} $(PY) -m pytest -q tests/hostile/test_fuzz.py

## mutation: mutation testing of pipeline/ and checks/ (mutmut; long); MUTANTS="pipeline.transform.normalize.*" narrows it; writes .mutation/mutation.json
mutation: $(DEV_INSTALLED)
	$(VENV)/bin/mutmut run $(MUTANTS)
	$(PY) -m tools.mutation_report

## bench: measure build time, stages, PDF pages per second and scaling; writes .reports/bench.json
bench: $(DEV_INSTALLED) build
	$(PY) -m tools.bench

## readme: regenerate the README's data dictionary and list of checks from their sources
readme: $(INSTALLED)
	$(PY) -m tools.readme

## clean: remove generated outputs that are not committed (Parquet, intermediate layer, DuckDB, Data Docs, manifest)
clean:
	rm -rf build/parquet build/intermediate build/metiers.duckdb build/data-docs build/site build/manifest.json .build.lock .build.staging-* .build.old-* .reports

## distclean: clean, and remove the virtual environment and the OCR cache
distclean: clean
	rm -rf $(VENV) .cache mutants .mutation
