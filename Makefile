# Outcomes Guide: the two commands for a fresh machine are `make serve` and `make test`.
# Every target installs what is missing first (.venv from requirements-dev.txt, node_modules from
# package-lock.json), so each works on a machine that has only python3, node and npm.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test lint unit browser dist clean install

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The site: the engine files (Pyodide and our wheel) are staged into docs/assets/engine, then MkDocs builds.
# An organisation hosting the guide puts its name, logo and links in organisation.yml (see "Host it
# yourself"); when that file exists, the site is built with it.
MKDOCS_CONFIG := $(if $(wildcard organisation.yml),organisation.yml,mkdocs.yml)

site: install
	$(PY) scripts/stage_engine.py
	$(PY) -m mkdocs build --strict --quiet -f $(MKDOCS_CONFIG)

serve: site
	$(PY) scripts/serve.py --port 8000 site

lint: install
	$(PY) -m ruff check src tests benchmarks scripts docs/main.py
	$(PY) -m ruff format --check src tests benchmarks scripts docs/main.py
	$(PY) -m mypy

test: site lint
	$(PY) -m pytest -n 2 tests

dist: site
	$(PY) scripts/make_dist.py

clean:
	rm -rf site dist build docs/assets/engine .pytest_cache .mypy_cache .ruff_cache
