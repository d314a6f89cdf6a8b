# The README's commands. Each does its own set-up on a machine that has only
# Python 3.11 and pip: a private copy of uv, then the locked environment, then
# the dbt manifest that the Dagster code location loads.

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python

# Optional local settings (copy .env.example to .env); the environment wins.
-include .env
export

# `make run COUNCILS=N`: N simulated councils (`python -m simulator --las N`)
# in a data folder of their own (data/councils-N/), landing laid out
# <la_code>/<source>/<date>/, so the single council's data is left as it is.
# Small councils by default (COUNCILS_SIM_ARGS): a night of several councils
# in minutes on two cores.
COUNCILS_SIM_ARGS ?= --population 15000
ifdef COUNCILS
LAC_DATA_DIR := $(CURDIR)/data/councils-$(COUNCILS)
LAC_LANDING_DIR := $(LAC_DATA_DIR)/landing
DAGSTER_HOME := $(LAC_DATA_DIR)/dagster_home
endif
LAC_DATA_DIR ?= $(CURDIR)/data
LAC_LANDING_DIR ?= $(LAC_DATA_DIR)/landing
DAGSTER_HOME ?= $(LAC_DATA_DIR)/dagster_home
export LAC_DATA_DIR LAC_LANDING_DIR DAGSTER_HOME

.PHONY: setup run test ui bench simulate lint clean docs inspect migrate-raw-history test-storage

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

# `dbt parse` with the nightly's vars: its partial_parse.msgpack is where every
# new data folder's dbt starts (dagster_project/dbt_project.py, seed_partial_parse).
dbt/target/manifest.json: $(VENV)/.synced $(shell find dbt -name '*.sql' -o -name '*.yml' -o -name '*.csv' 2>/dev/null | grep -v target)
	$(PY) -m dagster_project.dbt_project
	touch $@

# The data paths may hold spaces or apostrophes (a make target cannot): the
# shell reads them from the exported variables, quoted.
setup: $(VENV)/.synced dbt/target/manifest.json
	@mkdir -p "$$DAGSTER_HOME"
	@if [ config/dagster.yaml -nt "$$DAGSTER_HOME/dagster.yaml" ]; then \
		cp config/dagster.yaml "$$DAGSTER_HOME/dagster.yaml"; \
	fi

# Simulate the built-in local authority (or COUNCILS=N councils) unless
# landing data is already there.
simulate: setup
	@if [ -z "$$(ls -A "$$LAC_LANDING_DIR" 2>/dev/null | grep -v '^_')" ]; then \
		if [ -n "$(COUNCILS)" ]; then \
			echo "No extracts in $$LAC_LANDING_DIR: simulating $(COUNCILS) councils"; \
			$(PY) -m simulator --out "$$LAC_LANDING_DIR" --las $(COUNCILS) $(COUNCILS_SIM_ARGS); \
		else \
			echo "No extracts in $$LAC_LANDING_DIR: simulating the default local authority"; \
			$(PY) -m simulator --out "$$LAC_LANDING_DIR"; \
		fi; \
	fi

# `make run V=1` prints every Dagster, dbt and GX line instead of one per step;
# `make run COUNCILS=2` runs two simulated councils (see COUNCILS above).
run: simulate
	@$(PY) -m dagster_project run $(if $(V),-v,)

# A private copy of the raw history to query (data/restricted/raw_history_copy.duckdb):
# a session on the real file would stop the nightly run (README, Inspecting the raw history).
# Several councils: `make inspect COUNCIL=801` (with COUNCILS=N for `make run COUNCILS=N`'s data).
inspect: setup
	@$(PY) scripts/inspect_raw_history.py $(COUNCIL)

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/vulture
	$(PY) -m pytest -n 2 --dist loadfile --durations=15 -m "not postgres and not councils and not storage"

# The bad-input corpus, whole nights included: `make test` deselects the
# whole-night cases (minutes each batch), this runs every corpus case.
.PHONY: test-hardening
test-hardening: setup
	LAC_HARDENING=1 $(PY) -m pytest tests/hardening

# The dbt project on PostgreSQL (tests/postgres): a throwaway server on
# 127.0.0.1 (scripts/throwaway_postgres.sh installs PostgreSQL from the
# machine's packages if needed), the last `make run`'s raw history mirrored
# into it, the whole project built there and its marts compared with the
# DuckDB ones. `make test` leaves these tests out; .ci/run calls this target.
.PHONY: test-postgres
test-postgres: setup
	@if [ ! -f "$(LAC_DATA_DIR)/warehouse/warehouse.duckdb" ]; then $(MAKE) run; fi
	@server=$$(scripts/throwaway_postgres.sh start) && eval "$$server" && \
		trap 'scripts/throwaway_postgres.sh stop "$$LAC_PG_DIR"' EXIT && \
		$(PY) -m pytest -m postgres -s tests/postgres

# A raw history written by an earlier release (one snapshot a night) rewritten
# as row versions, in place; idempotent, and refused while the file is in use.
migrate-raw-history: setup
	$(PY) -m dagster_project.migrate_raw_history

# The storage equivalence proof at full length: 30 simulated nights, marts
# from row versions and from snapshots compared as of 4 nights (`make test`
# runs 4 nights as of one). About 10 CPU-minutes: CI runs it after `make test`.
test-storage: setup
	LAC_STORAGE_NIGHTS=30 $(PY) -m pytest tests/e2e/test_raw_history_equivalence.py

# Several councils in one warehouse (tests marked councils): two councils'
# nights through the partitions, a broken drop failing only its council, and
# each council's rows of the pooled warehouse equal to its own warehouse
# (scripts/two_council_check.py). Minutes of work, so apart from `make test`.
.PHONY: test-councils
test-councils: setup
	$(PY) -m pytest -n 2 --dist loadfile -m councils tests/e2e

ui: setup
	$(VENV)/bin/dagster dev --host 127.0.0.1 --port 3000 --workspace workspace.yaml

bench: setup
	$(PY) scripts/benchmark_nightly.py

# Many councils in one warehouse (issue 13, docs/performance.md):
# BENCH_COUNCILS=150 by default (not COUNCILS, which `make run` reads).
# Simulating 150 councils alone (not counted) took 380 CPU-seconds
# (20 minutes on the loaded shared machine); prints wall, CPU, peak memory,
# the pandas comparison and the targets.
BENCH_COUNCILS ?= 150
.PHONY: bench-national
bench-national: setup
	$(PY) scripts/benchmark_national.py --councils $(BENCH_COUNCILS)

# dbt docs as one offline HTML file (static_index.html: manifest and catalogue
# inlined, no server). The catalogue is read from the last night's build
# database when there is one; otherwise the docs carry descriptions only.
DOCS_DIR := $(LAC_DATA_DIR)/dbt_docs
BUILD_DB := $(LAC_DATA_DIR)/build/warehouse.duckdb
docs: setup
	LAC_DBT_BUILD_DB="$(BUILD_DB)" LAC_DBT_RAW_DB="$(LAC_DATA_DIR)/raw/raw_history.duckdb" \
	$(VENV)/bin/dbt docs generate --static --quiet --project-dir dbt --profiles-dir dbt \
		--target-path $(DOCS_DIR) $(if $(wildcard $(BUILD_DB)),,--empty-catalog)
	@echo "dbt docs: $(DOCS_DIR)/static_index.html"

# Newest DfE releases from Explore Education Statistics (online only): each
# file is checked by the pipeline's own loader before it replaces the shipped
# one, and PROVENANCE.md records its sha256, date and URL. LAC_EES_API_URL
# points it at a mirror.
.PHONY: refresh-dfe
refresh-dfe: setup
	$(PY) -m dagster_project.benchmarks.refresh

clean:
	rm -rf "$$LAC_DATA_DIR" dbt/target
