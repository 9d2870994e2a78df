# The front door: `make build` then `make test` on a fresh clone; `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
INPUTS := CHANGELOG.md $(wildcard raw/* raw/reference/* checks/*.csv checks/*.toml checks/*.py pipeline/*.py pipeline/*.toml)
# Every published output, from the tables declared in pipeline/dictionary.toml: `make build` rebuilds when
# one is missing or older than an input.
TABLES := $(shell sed -n 's/^\[tables\.\(.*\)\]$$/\1/p' pipeline/dictionary.toml)
INTERMEDIATE := $(shell sed -n 's/^\[intermediate\.\(.*\)\]$$/\1/p' pipeline/dictionary.toml)
OUTPUTS := $(foreach t,$(TABLES) openings_matrix,build/csv/$(t).csv) $(foreach t,$(TABLES),build/parquet/$(t).parquet) \
	$(foreach t,$(INTERMEDIATE),build/intermediate/$(t).parquet) \
	build/metiers.duckdb build/datapackage.json build/openings.png build/site/index.html build/data-docs/index.html \
	build/manifest.json
export GX_ANALYTICS_ENABLED := False
# Bytecode written (in __pycache__/, ignored by git) even where PYTHONDONTWRITEBYTECODE is set: each process
# of `make test`, and each program a test runs, would otherwise compile the modules and the tests again.
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help build test sql fuzz mutation bench readme clean distclean

## help: list the targets with what they do
help:
	@awk '/^## /{sub(/^## /, ""); split($$0, a, ": "); printf "  make %-10s %s\n", a[1], substr($$0, length(a[1]) + 3)}' $(MAKEFILE_LIST)

$(INSTALLED): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

## build: create .venv if missing, install pinned dependencies, build and publish the dataset into build/
build: $(OUTPUTS)

$(OUTPUTS) &: $(INSTALLED) $(INPUTS)
	$(PY) -m pipeline build

## sql: open the published DuckDB file read-only at a SQL prompt (.tables lists tables and views)
sql: build
	$(PY) -m pipeline sql

## test: run the test suite (unit, end-to-end, malformed corpus, faults, hostile inputs, short property test, browser) in 2 workers
test: build
	$(PY) -m pytest -q -n $${TEST_WORKERS:-2} --durations=10

## fuzz: run the property-based test of the parser for longer (FUZZ_EXAMPLES, default 2000)
fuzz: $(INSTALLED)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-2000} $(PY) -m pytest -q tests/test_fuzz.py

## mutation: mutation testing of pipeline/ and checks/ (mutmut; long); MUTANTS="pipeline.normalize.*" narrows it; writes .mutation/mutation.json
mutation: $(INSTALLED)
	$(VENV)/bin/mutmut run $(MUTANTS)
	$(PY) -m tests.mutation_report

## bench: measure build time, stages, PDF pages per second and scaling; writes .reports/bench.json
bench: $(INSTALLED) build
	$(PY) -m tests.bench

## readme: regenerate the README's data dictionary and list of checks from their sources
readme: $(INSTALLED)
	$(PY) -m pipeline.readme

## clean: remove generated outputs that are not committed (Parquet, intermediate layer, DuckDB, Data Docs, manifest)
clean:
	rm -rf build/parquet build/intermediate build/metiers.duckdb build/data-docs build/site build/manifest.json .build.lock .build.staging-* .build.old-* .reports

## distclean: clean, and remove the virtual environment and the OCR cache
distclean: clean
	rm -rf $(VENV) .cache mutants .mutation
