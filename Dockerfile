# The portal as one image. By default it serves the web (gunicorn); the same image runs the
# background-task worker and the periodic jobs (see compose.yaml and docs/deployment.md).
#   docker build -t mental-health-careers .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    JINJA_BYTECODE_DIR=/tmp/jinja

WORKDIR /app
RUN useradd --system --uid 10001 --home-dir /app portal

# The application's dependencies only, every one pinned with its hashes (make lock).
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .
# Static files are collected in the build: hashed and compressed, served by WhiteNoise.
# (Settings need a key and a database URL to load; nothing connects here.)
RUN DEBUG=false \
    SECRET_KEY=build-only-collectstatic-key-never-used-to-serve-0000000000 \
    DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput -v 0

USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "config.wsgi", "-c", "config/gunicorn.py", "--preload", \
     "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-class", "gthread", "--threads", "4", "--graceful-timeout", "5", \
     "--access-logfile", "-", \
     "--access-logformat", "%(t)s gunicorn.access request_id=%({x-request-id}o)s \"%(r)s\" %(s)s %(b)s %(M)sms"]
