# The documented entry points. Each one creates .venv and installs roikit first when needed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: demo test bench build lint format venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## demo: the main job on the worked email month, printed
demo: $(STAMP)
	$(BIN)/python -m roikit.demo

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## bench: speed against the alternatives, measured in one run
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_metrics.py

## build: regenerate every file generated from the catalog
build: $(STAMP)
	$(BIN)/roikit build

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
