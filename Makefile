# The two commands of the README:
#   make demo   - set up, then score the bundled demo corpus into out/
#   make test   - set up, then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# constraints.txt pins torch to the CPU wheel; without it pip pulls a multi-GB CUDA build
PIP := $(BIN)/python -m pip
STAMP := $(VENV)/.framing-installed

.PHONY: setup demo test test-fast bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c constraints.txt -e ".[offline,test]"
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/framing demo -o out

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf out .pytest_cache
