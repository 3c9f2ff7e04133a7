# The project's two commands: `make run` and `make test`. CI calls `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint format migrate demo stop-db clean

help:
	@echo "make run    set up .venv, migrate, load demo content and serve http://$(HOST):$(PORT)"
	@echo "make test   set up .venv with the dev tools, check migrations, lint, run the whole suite"
	@echo "make format apply ruff's formatter and safe fixes"
	@echo "make stop-db stop the embedded PostgreSQL server (var/postgres)"

# The virtualenv is rebuilt only when a requirements file changes.
$(VENV)/.runtime-installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

migrate: $(VENV)/.runtime-installed
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

test: $(VENV)/.dev-installed
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

stop-db: $(VENV)/.runtime-installed
	$(PY) -c "import pgserver, pathlib; pgserver.pg_ctl(['-m', 'fast', 'stop'], pgdata=pathlib.Path('var/postgres'), user='pgserver' if __import__('os').geteuid() == 0 else None)"

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache
