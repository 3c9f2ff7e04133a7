# The project's two commands: `make run` and `make test`. CI calls `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test e2e screenshots bench lint format migrate demo stop-db clean messages
CHROMIUM ?= /usr/bin/chromium

help:
	@echo "make run    set up .venv, migrate, load demo content and serve http://$(HOST):$(PORT)"
	@echo "make test   set up .venv with the dev tools, check migrations, lint, run the whole suite"
	@echo "make e2e    only the browser journeys (needs /usr/bin/chromium)"
	@echo "make messages compile the project's translations (locale/*.po; run and test do it)"
	@echo "make format apply ruff's formatter and safe fixes"
	@echo "make stop-db stop the embedded PostgreSQL server (var/postgres)"
	@echo "make backup  dump the database and media into var/backups/<UTC time>/"
	@echo "make restore BACKUP=var/backups/<time> [FORCE=1]  restore into an empty database (FORCE=1: over one)"
	@echo "make bench SCALE=small|large [SMOKE=1] [ONLY=news-day]  load benchmark (bench/run.py)"

# The virtualenv is rebuilt only when a requirements file changes.
$(VENV)/.runtime-installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

# The project's own translations (locale/, settings.LOCALE_PATHS), compiled with polib: no GNU gettext needed.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
messages: $(MESSAGES)
locale/%.mo: locale/%.po | $(VENV)/.runtime-installed
	$(PY) -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

migrate: $(VENV)/.runtime-installed messages
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) ensure_demo_superuser
	$(MANAGE) load_demo

run: demo
	$(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(VENV)/.dev-installed messages
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory lint
	$(VENV)/bin/pytest -m "not e2e" $(PYTEST_ARGS)
	$(MAKE) --no-print-directory e2e

# The README's screenshots, taken by the journeys themselves (needs chromium).
screenshots: $(VENV)/.dev-installed messages
	CURATED_SCREENSHOTS=$(CURDIR)/docs/screenshots TEST_DATABASE_SUFFIX=_e2e CHROMIUM=$(CHROMIUM) \
		$(VENV)/bin/pytest -m e2e --create-db -q tests/e2e/test_desk_journeys.py tests/e2e/test_reader_journeys.py

AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# The browser journeys (tests/e2e) need Debian's chromium; CI installs it and must run them.
e2e: $(VENV)/.dev-installed messages $(AXE)
	@if [ -x "$(CHROMIUM)" ]; then \
		TEST_DATABASE_SUFFIX=_e2e CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest -m e2e --create-db $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "CI: $(CHROMIUM) is missing, the end-to-end journeys cannot run" >&2; exit 1; \
	else \
		echo "End-to-end journeys NOT run: $(CHROMIUM) is missing (apt-get install chromium)."; \
	fi

stop-db: $(VENV)/.runtime-installed
	$(PY) -m newsroom.embedded_db stop "$${EMBEDDED_POSTGRES_DIR:-var/postgres}"

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache node_modules

# Load benchmark (bench/run.py): SCALE=small|large, SMOKE=1 for the quick CI check, ONLY=news-day (or other
# groups, comma-separated: bench/README.md) for a partial run that leaves docs/performance.md alone.
SCALE ?= small
bench: $(VENV)/.dev-installed
	$(PY) -m bench.run --scale $(SCALE) $(if $(SMOKE),--smoke) $(if $(ONLY),--only $(ONLY))

# Backup and restore (README "Backup and restore"; manage.py backup_site / restore_site --help).
# make backup: var/backups/<UTC time>/ with database.dump (pg_dump custom format), media.tar.gz, manifest.json.
# make restore BACKUP=var/backups/<UTC time>: into an empty database and MEDIA_ROOT; FORCE=1 to replace.
# PG_BIN=<dir> picks the PostgreSQL client tools (default: those matching the server's version).
.PHONY: backup restore
BACKUP_DIR ?= var/backups
backup: $(VENV)/.runtime-installed
	$(MANAGE) backup_site --output-dir "$(BACKUP_DIR)" $(if $(PG_BIN),--pg-bin "$(PG_BIN)")

restore: $(VENV)/.runtime-installed
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<time> [FORCE=1]" >&2; exit 2; }
	$(MANAGE) restore_site "$(BACKUP)" $(if $(filter 1,$(FORCE)),--force) $(if $(PG_BIN),--pg-bin "$(PG_BIN)")
