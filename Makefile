# Two commands a new user needs: `make demo` and `make test`.  Both build .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint install bench clean

$(BIN)/ucs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[demo,test]'
	touch $(BIN)/ucs

install: $(BIN)/ucs

demo: $(BIN)/ucs
	$(BIN)/ucs demo

# One worker per core; a test file stays on one worker (its module-scoped estate is seeded once).
test: $(BIN)/ucs
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto --dist loadfile

# The contracts the build enforces: room imports (import-linter), types (mypy strict on the
# listed rooms, see pyproject.toml), lint (ruff).  .ci/run runs this before the tests.
lint: $(BIN)/ucs
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/ruff check agent checks remediation notifiers tests bench

bench: $(BIN)/ucs
	$(BIN)/python bench/scan_scale.py

clean:
	rm -rf $(VENV) build *.egg-info ucs-out
