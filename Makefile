# Elara task runner: `make run` serves the app, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
JS_STAMP := node_modules/.installed

.PHONY: run test lint format bench install clean

install: $(PY_STAMP) $(JS_STAMP)

$(PY_STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Elara needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || \
		{ echo "Could not create a virtual environment: apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

$(JS_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Elara needs Node 20 and npm for the web app's charts (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: install
	$(PY) -m elara setup
	$(PY) -m elara serve

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check elara tests bench
	$(VENV)/bin/ruff format --check elara tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -q -r elara -c pyproject.toml

format: install
	$(VENV)/bin/ruff format elara tests bench
	$(VENV)/bin/ruff check --fix elara tests bench

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) node_modules
