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
.PHONY: help build test test-unit locks sql release fuzz mutation bench readme clean distclean

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

# DuckDB 1.1.3 in a venv of its own, for the test that opens build/metiers.duckdb with the oldest DuckDB it is
# written for (tests/integration/test_release.py); downloaded from PyPI here, never at test time. Offline, it is
# left out with a warning and that test says why it skips.
DUCKDB11 := .venv-duckdb11
$(DUCKDB11)/.installed:
	@rm -rf $(DUCKDB11)
	$(PYTHON) -m venv $(DUCKDB11) && $(DUCKDB11)/bin/pip install --quiet --disable-pip-version-check --retries 1 \
		--timeout 30 duckdb==1.1.3 && touch $@ \
		|| { rm -rf $(DUCKDB11); echo "warning: could not install duckdb==1.1.3 into $(DUCKDB11): the test of DuckDB 1.1 will skip" >&2; }

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

## release: write dist/<dataset>-<version>.zip (every published file) and dist/SHA256SUMS; prints the git tag command
release: build
	$(PY) -m pipeline release

## test: run the test suite (unit, end-to-end, malformed corpus, faults, hostile inputs, short property test, browser) in 2 workers
test: build $(DEV_INSTALLED) $(DUCKDB11)/.installed
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

## bench: measure build time, stages, PDF pages per second and scaling (.reports/bench.json); score the held-out generated documents and ../shared/corpus if present (.reports/documents-*.json)
bench: $(DEV_INSTALLED) build
	$(PY) -m tools.bench
	$(PY) -m tools.documents --seeds 9000-9049 --out .reports/documents-heldout.json
	if [ -d ../shared/corpus ]; then $(PY) -m tools.documents --corpus ../shared/corpus --versus-ocrmypdf --out .reports/documents-corpus.json; fi

## readme: regenerate the data dictionary and the list of checks in docs/ from their sources
readme: $(INSTALLED)
	$(PY) -m tools.readme

## clean: remove generated outputs that are not committed (Parquet, intermediate layer, DuckDB, Data Docs, manifest, dist/)
clean:
	rm -rf build/parquet build/intermediate build/metiers.duckdb build/data-docs build/site build/manifest.json .build.lock .build.staging-* .build.old-* .reports dist

## distclean: clean, and remove the virtual environments and the OCR cache
distclean: clean
	rm -rf $(VENV) $(DUCKDB11) .cache mutants .mutation
