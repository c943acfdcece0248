# Spaces Desktop: everyday commands. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
QT_ENV := QT_QPA_PLATFORM=offscreen

.PHONY: run test lint typecheck pytest system-deps sandbox bench screenshots deb package-check clean

$(STAMP): pyproject.toml
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,packaging]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/spaces-desktop

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(QT_ENV) $(BIN)/python -m pytest

# The Debian libraries Qt needs (the first install runs it too).
system-deps:
	bash scripts/system-deps.sh

sandbox: $(STAMP)
	$(BIN)/spaces-desktop sandbox

bench: $(STAMP)
	for script in bench/bench_*.py; do $(QT_ENV) $(BIN)/python $$script || exit 1; done

screenshots: $(STAMP)
	$(QT_ENV) $(BIN)/python scripts/screenshots.py docs/screenshots

deb: $(STAMP)
	bash packaging/linux/build_deb.sh

# Builds the bundle and .deb, installs it, runs its self-test, purges it; compiles the NSIS script.
package-check: $(STAMP)
	bash packaging/check_package.sh

clean:
	rm -rf build dist .mypy_cache .pytest_cache .ruff_cache
