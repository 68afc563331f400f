# Proxy Atlas: `make run` starts the dashboard, `make test` runs the whole suite.
# Both set up what they need on a fresh machine (a venv in .venv, and Debian's chromium for the tests).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ADDRESS ?= 127.0.0.1
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test validate bench screenshots chromium clean

run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

test: $(VENV)/.test-installed chromium
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

validate: $(VENV)/.installed
	$(PY) -m proxyatlas validate data

bench: $(VENV)/.test-installed chromium
	$(PY) -m bench

screenshots: $(VENV)/.test-installed chromium
	$(PY) -m tests.screenshots

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# Playwright cannot download its own browser here: the tests drive Debian's chromium.
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts
