# pamam — two commands on a fresh machine with only Python installed:
#   make extract   builds .venv with the pipeline's dependencies, extracts every edition in
#                  sources/, compares consecutive editions, writes sorties/ (OCR=1: scans through tesseract)
#   make test      adds the test dependencies, runs the whole test suite
# Each target installs only what it needs (pyproject.toml's extras), once: a stamp per extra.
# When pamam fails, make prints "make: *** [Makefile:NN: extract] Error N" and exits 2: the
# "pamam: ..." line above it says why, N is pamam's own exit code (README, « Codes de sortie »).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off

.PHONY: extract test bench lint clean

$(BIN)/python:
	@echo "make: création de l’environnement virtuel $(VENV) ($(PYTHON))"
	$(PYTHON) -m venv $(VENV)

$(VENV)/.pipeline: pyproject.toml | $(BIN)/python
	@echo "make: installation des dépendances du pipeline (pdfplumber, rapidfuzz, XlsxWriter, numpy, jsonschema, pyspellchecker)…"
	$(PIP) -e .
	@touch $@

$(VENV)/.test: $(VENV)/.pipeline
	@echo "make: installation des dépendances des tests (pytest, hypothesis, spaCy et son modèle français…)…"
	$(PIP) -e '.[test]'
	@touch $@

$(VENV)/.bench: $(VENV)/.pipeline
	@echo "make: installation des références du banc d’essai (camelot, pandas, dateparser)…"
	$(PIP) -e '.[bench]'
	@touch $@

extract: $(VENV)/.pipeline
	$(BIN)/pamam lot sources --out sorties $(if $(OCR),--ocr)

test: $(VENV)/.test
	$(BIN)/python -m pytest

bench: $(VENV)/.bench
	$(BIN)/python -m bench

lint: $(VENV)/.test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
