# Two commands matter: `make run` and `make test`. Each sets up what it needs first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium

export ATTUNE_PORT ?= 8000
export ATTUNE_DATA_DIR ?= ./data

.PHONY: run test lint bench chromium wrk clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/attune serve

test: $(STAMP) chromium
	ATTUNE_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

chromium:
	@CHROMIUM=$(CHROMIUM) sh tests/support/ensure-chromium.sh

lint: $(STAMP)
	$(BIN)/ruff check server tests
	$(BIN)/ruff format --check server tests
	$(BIN)/mypy

bench: $(STAMP) wrk
	@for bench in tests/bench/bench_*.py; do $(BIN)/python "$$bench" || exit 1; done

wrk:
	@sh tests/support/ensure-wrk.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
