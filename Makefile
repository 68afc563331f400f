# Proxy Atlas: `make run` starts the dashboard, `make test` runs the whole suite.
# Both set up what they need on a fresh machine (a venv in .venv, and Debian's chromium and LibreOffice Calc
# for the tests).
# `make mutation` (slow, not part of `make test`) scores the tests with mutmut into tests/mutation.md.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ADDRESS ?= 127.0.0.1
PORT ?= 8501
# mutmut's parallel test runs: one by default, the machine is shared
MUTATION_JOBS ?= 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test mutation validate bench screenshots chromium libreoffice clean

run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

test: $(VENV)/.test-installed chromium libreoffice
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# A fresh run each time: mutmut's cache would keep verdicts from before the tests changed.
mutation: $(VENV)/.mutation-installed
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children $(MUTATION_JOBS)
	$(PY) -m tests.mutation_report

validate: $(VENV)/.installed
	$(PY) -m proxyatlas validate data

bench: $(VENV)/.test-installed chromium
	$(PY) -m bench

screenshots: $(VENV)/.test-installed chromium
	$(PY) -m tests.screenshots
	$(PY) -m tests.pack_screenshot

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

$(VENV)/.mutation-installed: requirements-mutation.txt $(VENV)/.test-installed
	$(PY) -m pip install --quiet -r requirements-mutation.txt
	touch $@

# Playwright cannot download its own browser here: the tests drive Debian's chromium.
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# The spreadsheet round-trips (tests/test_spreadsheets.py) open the data in the real LibreOffice Calc, headless.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libreoffice-calc-nogui; }

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts mutants
