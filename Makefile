# pamam — two commands on a fresh machine with only Python installed:
#   make extract   builds .venv from pyproject.toml, extracts every edition in sources/,
#                  compares consecutive editions, writes sorties/ (OCR=1: scans through tesseract)
#   make test      the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installe

.PHONY: extract test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

extract: $(STAMP)
	$(BIN)/python -m pamam.lot sources --out sorties $(if $(OCR),--ocr)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pamam.bench

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
