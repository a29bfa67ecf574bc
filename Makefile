# Netværksportalen: `make run` serves the portal, `make test` runs the whole suite.
# Both set up everything they need first: system packages, virtualenv, Python packages.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# The test-time tools from npm (the Nu HTML Checker): installed again when the lock file changes.
NPM_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and the printed demo logins point at the server `make run` starts.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

# Debian/Ubuntu packages: WeasyPrint's libraries (harfbuzz-subset keeps PDFs fast), fonts,
# Chromium for the browser tests, poppler for reading PDFs in tests, gettext for translations,
# Java for the Nu HTML Checker in the tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-open-sans \
	chromium poppler-utils gettext default-jre-headless

.PHONY: help setup system venv node run test test-fast test-e2e lint format migrate \
	demo bench-pdf bench-load reset-local-db clean

help:
	@echo "make run    – sæt op og start portalen på http://$(HOST):$(PORT)"
	@echo "make test   – sæt op og kør hele testsuiten"
	@echo "make lint   – ruff"
	@echo "make reset-local-db – slet den lokale SQLite-database og indlæs demodata igen"
	@echo "make bench-load – belastningstest i PostgreSQL (se BENCHMARKS.md)"

setup: system venv node

system:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installerer systempakker:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(STAMP)

# npm comes with Node.js from Debian's npm package when the machine has no npm of its own.
# --ignore-scripts: vnu-jar's install script would download a Java; the machine's Java runs it.
node: $(NPM_STAMP)

$(NPM_STAMP): package.json package-lock.json
	command -v npm >/dev/null || { SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends npm; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-*
	touch $(NPM_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

migrate: setup
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input -v0

demo: migrate
	$(BIN)/python manage.py load_english
	$(BIN)/python manage.py load_templates
	$(BIN)/python manage.py load_demo --quiet-logins
	$(BIN)/python manage.py publish_shipped -v0
	$(BIN)/python manage.py load_demo_agreements
	$(BIN)/python manage.py load_demo_proposals
	$(BIN)/python manage.py load_demo_competences
	$(BIN)/python manage.py load_demo_leadernets
	$(BIN)/python manage.py refresh_summaries
	$(BIN)/python manage.py load_demo --logins-only

# The job worker (e-mails, reminders) runs beside the web server and stops with it.
run: demo
	@echo "Netværksportalen kører på http://$(HOST):$(PORT)  (stop med Ctrl+C)"
	@$(BIN)/python manage.py worker --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not e2e"

test-e2e: setup
	$(BIN)/python -m pytest -m e2e

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench-pdf: demo
	$(BIN)/python bench/pdf_benchmark.py

# The load benchmark (bench/load_benchmark.py): builds the 45,000-person municipality and the
# demo data in PostgreSQL (127.0.0.1:5432, user postgres; once, a few minutes), then
# measures the pages over HTTP with wrk against gunicorn. Figures in BENCHMARKS.md.
bench-load: setup
	@command -v wrk >/dev/null || { SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends wrk; }
	$(BIN)/python bench/load_benchmark.py $(BENCH_ARGS)

reset-local-db: setup
	rm -f var/netvaerk.sqlite3 var/netvaerk.sqlite3-wal var/netvaerk.sqlite3-shm
	$(MAKE) demo

clean:
	rm -rf $(VENV) node_modules var/static .pytest_cache
