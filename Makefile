# Proxy Atlas: `make run` starts the dashboard, `make test` runs the whole suite.
# Both set up what they need on a fresh machine (a venv in .venv, and Debian's chromium, LibreOffice Calc
# and HAProxy for the tests).
# `make serve-replicas N=2` serves N replicas behind HAProxy on ADDRESS:PORT (deploy/replicas.py).
# `make bench-load` measures them (bench/load.py, figures in bench/load_results.md; about 15 minutes).
# `make mutation` (slow, not part of `make test`) scores the tests with mutmut into tests/mutation.md.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ADDRESS ?= 127.0.0.1
PORT ?= 8501
# serve-replicas: how many, and the first replica's port (the others follow it)
N ?= 2
REPLICA_PORT ?= 8511
# mutmut's parallel test runs: one by default, the machine is shared
MUTATION_JOBS ?= 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run serve-replicas test mutation validate bench bench-load screenshots chromium libreoffice haproxy clean

run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

# The data is served read-only to each replica (a bind mount in its own mount namespace: needs root).
serve-replicas: $(VENV)/.installed haproxy
	$(PY) -m deploy.replicas --replicas $(N) --address $(ADDRESS) --port $(PORT) --first-port $(REPLICA_PORT)

test: $(VENV)/.test-installed chromium libreoffice haproxy
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

# The protocol-level load on the 100k-event set: one server, then 2 replicas behind HAProxy; the soak
# re-saves the data every 10 s; the failover kills a replica a minute in; then 3 chromium sessions as a
# check. Each command replaces its own section of bench/load_results.md; a missed target does not stop the rest.
# The servers read a publication, re-published from the CSVs after each save, as a deployment does.
PUBLISH_EACH_SAVE := --republish "$(abspath $(PY)) -m proxyatlas publish {src} {out} --max-marking TLP:CLEAR"
bench-load: $(VENV)/.test-installed chromium haproxy
	-$(PY) -m bench.load ramp --profile 60 $(PUBLISH_EACH_SAVE)
	-$(PY) -m bench.load ramp --replicas 2 --profile 60 $(PUBLISH_EACH_SAVE)
	-$(PY) -m bench.load soak --viewers 50 --minutes 2 --save-every 10 --profile 60 $(PUBLISH_EACH_SAVE)
	-$(PY) -m bench.load soak --viewers 50 --minutes 2 --save-every 10 --replicas 2 $(PUBLISH_EACH_SAVE)
	-$(PY) -m bench.load soak --viewers 50 --minutes 2 --save-every 10 --replicas 2 --kill-after 60 $(PUBLISH_EACH_SAVE)
	-$(PY) -m bench.load_browser

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

# The proxy in front of the replicas (make serve-replicas, the replica test, make bench-load).
haproxy:
	@command -v haproxy >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq haproxy; }

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts mutants
