# The two commands: `make run` (set up and serve) and `make test` (set up and run every test).
SHELL := /bin/bash
.DEFAULT_GOAL := run
PY := .venv/bin/python
PORT ?= 8000
STAMP := .venv/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run test serve setup install db-start db-stop lint format migrate demo worker backup restore bench

$(STAMP): pyproject.toml scripts/install.sh
	scripts/install.sh
	touch $(STAMP)

install: $(STAMP)

db-start:
	@scripts/db.sh start

db-stop:
	@scripts/db.sh stop

migrate: install db-start
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

setup: demo

# Development server, with the background-task worker beside it (scripts/worker.sh starts it
# again if it dies, for example when PostgreSQL restarts).
run: setup
	@scripts/worker.sh --interval 1 >/dev/null 2>&1 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT; \
	echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"; \
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like: gunicorn, static files through WhiteNoise, DEBUG off, plain HTTP on loopback.
serve: setup
	DEBUG=false LOCAL_HTTP=true $(PY) manage.py collectstatic --noinput -v 0
	@DEBUG=false LOCAL_HTTP=true scripts/worker.sh --interval 1 >/dev/null 2>&1 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT; \
	DEBUG=false LOCAL_HTTP=true ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	  .venv/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --preload \
	  --workers $${WEB_WORKERS:-3} --worker-class gthread --threads $${WEB_THREADS:-4} \
	  --access-logfile - --graceful-timeout 5

worker: install db-start
	scripts/worker.sh

test: install db-start
	@scripts/ensure_chromium.sh
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

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
