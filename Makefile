# Loket Digitale Zaken. Needs only Python 3.11+, git and make; everything else is installed here.
# `make run`  — web, Celery worker and beat on SQLite and an embedded Redis, with demo data.
# `make test` — the whole test suite (SQLite by default; PostgreSQL when DATABASE_URL says so).

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := .tools/bin/uv
endif

.PHONY: run test lint format install messages

$(CURDIR)/.tools/bin/uv .tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

install: $(UV)
	$(UV) sync --frozen

run: install
	$(UV) run --frozen python scripts/run_dev.py

test: install
	$(UV) run --frozen pytest $(ARGS)

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: install
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

messages: install
	$(UV) run --frozen python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=.tools
	$(UV) run --frozen python manage.py compilemessages --ignore=.venv --ignore=.tools
