# The two commands: `make run` (set up and serve) and `make test` (set up and run every test).
SHELL := /bin/bash
.DEFAULT_GOAL := run
PY := .venv/bin/python
PORT ?= 8000
STAMP := .venv/.installed-stamp
PYTEST_ARGS ?=
# Test processes (pytest-xdist, one test database each). Three on two cores keep both busy while
# some tests wait on servers and browsers; four were no faster (docs/benchmarks.md).
TEST_WORKERS ?= 3
# Python keeps compiled modules (and pytest its rewritten test modules) in __pycache__/, so the
# test workers and every server a test starts compile the project once, not each on its own.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: screenshots run test serve setup install lock typecheck migrations-check scheduled db-start db-stop lint format migrate demo worker backup restore bench

$(STAMP): pyproject.toml requirements-dev.lock scripts/install.sh
	scripts/install.sh
	touch $(STAMP)

install: $(STAMP)

# The lock files, every dependency and its dependencies pinned with hashes, from pyproject.toml:
# requirements.lock (the application) and requirements-dev.lock (that and the developers' tools).
# After adding or changing a dependency in pyproject.toml, run `make lock` and commit both.
# Versions already locked are kept; `make lock UPGRADE=1` moves the unpinned ones to the newest.
UV_VERSION := $(shell sed -n 's/^ *"uv==\([^"]*\)".*/\1/p' pyproject.toml)
LOCK_ARGS := --generate-hashes --universal --python-version 3.11 --quiet \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock:
	@[ -x .venv/bin/python ] || python3 -m venv .venv
	@.venv/bin/uv --version 2>/dev/null | grep -qF " $(UV_VERSION)" \
	  || .venv/bin/python -m pip install --quiet uv==$(UV_VERSION)
	.venv/bin/uv pip compile pyproject.toml $(LOCK_ARGS) -o requirements.lock
	.venv/bin/uv pip compile pyproject.toml --extra dev -c requirements.lock $(LOCK_ARGS) \
	  -o requirements-dev.lock
	.venv/bin/python scripts/check_lock.py

db-start:
	@scripts/db.sh start

db-stop:
	@scripts/db.sh stop

migrate: install db-start
	$(PY) manage.py migrate --noinput

# The demo is loaded with the development settings `make run` serves with (DEBUG=true): its
# equity evidence check renders pages, and with DEBUG off those need collected static files.
demo: migrate
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_demo

setup: demo

# Development server, with the background-task worker (scripts/worker.sh starts it again if it
# dies, for example when PostgreSQL restarts) and the periodic jobs (run_scheduled) beside it.
run: setup
	@scripts/worker.sh --interval 1 >/dev/null 2>&1 & worker=$$!; \
	$(PY) manage.py run_scheduled --loop >>.scheduled.log 2>&1 & scheduler=$$!; \
	trap "kill $$worker $$scheduler 2>/dev/null" EXIT; \
	echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"; \
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like: gunicorn, static files through WhiteNoise, DEBUG off, plain HTTP on loopback;
# the worker and the periodic jobs beside it (their log in .scheduled.log). config/gunicorn.py
# freezes the preloaded application out of the workers' garbage collections (docs/benchmarks.md).
serve: setup
	DEBUG=false LOCAL_HTTP=true $(PY) manage.py collectstatic --noinput -v 0
	@DEBUG=false LOCAL_HTTP=true scripts/worker.sh --interval 1 >/dev/null 2>&1 & worker=$$!; \
	DEBUG=false LOCAL_HTTP=true $(PY) manage.py run_scheduled --loop >>.scheduled.log 2>&1 & scheduler=$$!; \
	trap "kill $$worker $$scheduler 2>/dev/null" EXIT; \
	DEBUG=false LOCAL_HTTP=true ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	  .venv/bin/gunicorn config.wsgi -c config/gunicorn.py --bind 127.0.0.1:$(PORT) --preload \
	  --workers $${WEB_WORKERS:-3} --worker-class gthread --threads $${WEB_THREADS:-4} \
	  --access-logfile - --graceful-timeout 5 \
	  --access-logformat '%(t)s gunicorn.access request_id=%({x-request-id}o)s "%(r)s" %(s)s %(b)s %(M)sms'

worker: install db-start
	scripts/worker.sh

# Every periodic job once, now (SCHEDULED_JOBS in config/settings.py; docs/deployment.md).
scheduled: install db-start
	$(PY) manage.py run_scheduled

# The checks run side by side (each on one core; mypy the longest, about 14 s without its
# cache), each one's output kept together, then the tests.
test: install db-start
	@scripts/ensure_chromium.sh
	@$(MAKE) --no-print-directory -j3 --output-sync=target lint migrations-check typecheck
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# mypy with django-stubs over the modules listed in pyproject.toml ([tool.mypy] files).
typecheck: install
	.venv/bin/mypy

# Backups in PostgreSQL's custom format: make backup [FILE=...], make restore FILE=...
backup: db-start
	@scripts/backup.sh $(FILE)

restore: db-start
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<name>.dump"; exit 2; }
	@scripts/restore.sh $(FILE)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# A picture of every page at 375 and 1280 px (the sweep's walk), for review: screenshots/.
screenshots: install db-start
	@scripts/ensure_chromium.sh
	rm -rf screenshots
	SCREENSHOTS_DIR=$(CURDIR)/screenshots $(PY) -m pytest -q -p no:cacheprovider \
	  tests/browser/test_sweeps.py -k demo
	@echo "Screenshots in screenshots/ ($$(ls screenshots | wc -l) files)"
