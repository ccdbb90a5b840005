# Two commands: `make run` opens the sample timeline, `make test` runs every test.
# Both create .venv and install the project the first time, then stay quiet.

SHELL := bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# This machine's pip prints a warning per unused local index; keep setup quiet.
# editable_mode=compat: the project folder goes on sys.path through a plain .pth line;
# setuptools' default import hook costs every `dateline` start 20 ms (of 60).
QUIET_PIP := { grep -v '^WARNING: Location' || true; }

.PHONY: run test lint format bench clean

$(STAMP): pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; sys.exit("dateline needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	@test -x $(BIN)/python || { echo "Creating $(VENV)…"; $(PYTHON) -m venv $(VENV); }
	@echo "Installing dateline and its test tools into $(VENV)…"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' \
		--config-settings editable_mode=compat 2>&1 | $(QUIET_PIP)
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/dateline

test: $(STAMP)
	@$(BIN)/python -m pytest -n 2

lint: $(STAMP)
	@$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	@$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: $(STAMP)
	@$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .ruff_cache
