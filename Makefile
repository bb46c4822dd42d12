# Developer entry points. `make run` and `make test` work on a fresh clone:
# both create or refresh .venv first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: run test lint typecheck pytest fuzz bench demo clean screenshots dist

# The stamp is older than pyproject.toml when dependencies changed; a venv
# whose interpreter no longer starts (moved folder, removed Python) is rebuilt.
$(STAMP): pyproject.toml
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c "" 2>/dev/null; then rm -rf $(VENV); fi
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/leaddesk

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

# The mutation fuzzing of every reader, longer than in `make test`.
fuzz: $(STAMP)
	LEADDESK_FUZZ_RUNS=5000 $(BIN)/pytest -q tests/transfer/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The installer tools have a stamp of their own, so building installers
# never makes the everyday environment above look stale.
$(DIST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	@touch $(DIST_STAMP)

# The bundle for this platform in dist/, started once to prove it works; on
# Linux also the tarball with install.sh (see installer/README.md).
dist: $(DIST_STAMP)
	$(BIN)/python installer/build.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache

screenshots: $(STAMP)
	$(BIN)/python resources/screenshots/take.py
