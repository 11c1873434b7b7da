# The documented entry points. Each one creates .venv and installs roikit first when needed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: demo test bench fidelity build lint format venv clean libreoffice templates pyodide

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## demo: the main job on the worked email month, printed
demo: $(STAMP)
	$(BIN)/roikit demo

## test: the whole test suite (with the Pyodide harness that runs the Lite add-in)
test: $(STAMP) pyodide
	$(BIN)/python -m pytest -n 2 --dist loadfile --cov=roikit --cov-report=term:skip-covered

## bench: speed against the alternatives, measured in one run (every benchmarks/bench_*.py; a
## script that misses its target says so and the run goes on; the exit code is 1 at the end)
bench: $(STAMP) libreoffice
	@missed=""; for script in benchmarks/bench_*.py; do \
	  echo; $(BIN)/python $$script || missed="$$missed $$script"; done; \
	if [ -n "$$missed" ]; then echo; echo "target missed or failed:$$missed"; exit 1; fi

## fidelity: every engine's match with Excel's own values on the corpus (fidelity/), one run
fidelity: $(STAMP) libreoffice
	$(BIN)/python benchmarks/fidelity.py

## libreoffice: Debian's headless LibreOffice Calc (soffice), for the native cross-checks and bench
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    libreoffice-calc-nogui >/dev/null; }
	@soffice --version

## pyodide: node's Pyodide and the wasm32 wheels the Lite add-in needs (tests/pyodide), from the
## npm registry and PyPI; tests/excel/test_lite_pyodide.py runs addin/lite/main.py in it
PYODIDE       := tests/pyodide
PYODIDE_STAMP := $(PYODIDE)/.installed
PYODIDE_ABI   := --platform pyemscripten_2026_0_wasm32 --python-version 3.14 --implementation cp --abi cp314

pyodide: $(PYODIDE_STAMP)

$(PYODIDE_STAMP): $(PYODIDE)/package-lock.json $(PYODIDE)/requirements.txt
	cd $(PYODIDE) && npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(PYODIDE)/wheels
	$(PYTHON) -m pip download --quiet --no-deps --only-binary=:all: $(PYODIDE_ABI) \
	  -r $(PYODIDE)/requirements.txt -d $(PYODIDE)/wheels
	touch $@

## build: regenerate every file generated from the catalog
build: $(STAMP)
	$(BIN)/roikit build

## templates: the template workbooks (workbook_templates/), native/ and lambda/ editions
templates: $(STAMP)
	$(BIN)/roikit build --only templates

## lint: ruff (lint and format) and mypy --strict on src/roikit
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis $(PYODIDE)/node_modules $(PYODIDE)/wheels $(PYODIDE_STAMP)
