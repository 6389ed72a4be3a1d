"""Settings for the portal: one module, every deployment-specific value read from the environment.

See README.md ("Configuration") for the variables.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.logging import config as logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Serving plain HTTP on this machine (make serve): no HTTPS redirect, cookies not marked secure.
LOCAL_HTTP = env_bool("LOCAL_HTTP", False)
# Under pytest the suite talks plain HTTP to the test client and the live server.
TESTING = env_bool("TESTING", "pytest" in sys.modules)
# No DATABASE_URL means the private development cluster (scripts/db.sh): a development machine.
PRIVATE_CLUSTER = not env_str("DATABASE_URL")
DEV_DEFAULTS = DEBUG or LOCAL_HTTP or TESTING or PRIVATE_CLUSTER


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")
        return key
    if not DEV_DEFAULTS:
        raise ImproperlyConfigured("SECRET_KEY must be set (at least 50 characters)")
    # Development: a generated key kept in a git-ignored file, so sessions survive restarts.
    # Written whole and then renamed, so processes starting together never read half a key.
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        draft = path.with_name(f".secret_key.{os.getpid()}")
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        if not path.exists():
            draft.replace(path)
        else:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEV_DEFAULTS else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "pathways",
    "careers",
    "mentoring",
    "referrals",
    "outbox",
    "support",
]

MIDDLEWARE = [
    # First: the request id for every log line and the X-Request-ID header (config/logging.py),
    # then the health probes, answered before the HTTPS redirect, the host check, sessions and
    # CSRF (config/health.py).
    "config.logging.RequestIdMiddleware",
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, whose process_view reads the body.
    "config.middleware.RequestSizeLimitMiddleware",
    "config.middleware.PrivatePagesNoStoreMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffSessionLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication in views.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The Django admin keeps Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = env_str("DATABASE_URL")
    if not PRIVATE_CLUSTER:
        try:
            config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"DATABASE_URL is not a valid database URL: {error}"
            ) from None
        if config.get("ENGINE") != "django.db.backends.postgresql":
            raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...)")
    else:
        # The private cluster started by `make db-start` (scripts/db.sh).
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("PGDATABASE_NAME", "portal"),
            "USER": "postgres",
            "HOST": str(BASE_DIR / ".pgdata" / "run"),
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        }
    config["CONN_HEALTH_CHECKS"] = True
    if env_bool("DB_POOLED", False):
        # Behind PgBouncer in transaction mode (docs/deployment.md).
        config["CONN_MAX_AGE"] = 0
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    config.setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 3)
    return config


DATABASES = {"default": _database()}
if TESTING:
    # Test databases are thrown away: commits need not wait for the disk.
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Under pytest only: the suite makes thousands of users and sign-ins, and PBKDF2's deliberate
# cost (about 0.7 s a hash on two cores) was a third of its time. Servers the tests start as
# separate processes run with TESTING=false and keep the real hashers.
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test client loads the middleware afresh, and WhiteNoise reads every static file's
    # details as it loads (25 ms, thousands of clients a run); under pytest it looks a file up
    # when one is asked for instead. Servers started as separate processes index them once.
    WHITENOISE_AUTOREFRESH = True
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions live in the database. Staff sessions end after 15 minutes without a request
# and 12 hours after sign-in at the most (accounts.middleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 15 * 60, minimum=60)
SESSION_MAX_SECONDS = env_int("SESSION_MAX_SECONDS", 12 * 60 * 60, minimum=60)
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# The number of reverse proxies in front of the application (nginx alone: 1). The client's
# address is then taken from X-Forwarded-For as the last proxy saw it (config/client.py); with
# 0 the header is ignored. AXES_PROXY_COUNT is the older name of the same setting.
PROXY_COUNT = env_int("PROXY_COUNT", env_int("AXES_PROXY_COUNT", 0, minimum=0), minimum=0)

# Failed sign-ins are throttled (django-axes) per account and client address together, so an
# attacker elsewhere cannot lock the real user out; and per client address across all accounts
# (accounts/throttle.py), so one client cannot try many accounts. No account is ever locked
# for everyone. Every sign-in form, the admin's included, is counted under one spelling of the
# email address (accounts.models.normalise_email).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.throttle.SignInThrottle"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttle.attempted_email"
AXES_CLIENT_IP_CALLABLE = "config.client.axes_client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The vendored NHS.UK frontend (static/vendor/nhsuk-frontend-<version>/): its one home.
# scripts/vendor_frontend.sh reads it, and writes it here when upgrading; a test checks that
# the vendored folder, this setting, the script and static/js/site.mjs agree.
NHSUK_FRONTEND_VERSION = "10.6.1"

# Compiled Jinja templates kept between processes (config/jinja2.py); empty to compile in memory.
JINJA_BYTECODE_DIR = env_str("JINJA_BYTECODE_DIR", str(BASE_DIR / ".cache" / "jinja"))

# The licence of the open data (the career map's downloads and published survey figures).
OPEN_DATA_LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}

# Uploads (survey files): the limit is enforced by the upload form.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 100 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Every request body is refused over this size from its Content-Length, before it is read
# (config.middleware.RequestSizeLimitMiddleware); only the pages named here take more, from
# signed-in users, up to the upload limit plus room for the rest of the form.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 1024 * 1024, minimum=64 * 1024)
LARGE_REQUEST_URLS = ["careers:import"]
LARGE_REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Email: console in development, SMTP otherwise.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or LOCAL_HTTP
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mental health careers <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CAREERS_TEAM_EMAIL = env_str("CAREERS_TEAM_EMAIL", "careers-team@example.org")
# The address links in emails start with (no request to read it from in the worker).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
SITE_NAME = "Mental health careers"

# Self-service accounts: how long emailed links work, and how often one client or one address
# may register or ask for a link in an hour (accounts.limits).
ACCOUNT_LINK_DAYS = env_int("ACCOUNT_LINK_DAYS", 3, minimum=1)
ACCOUNT_LIMIT_PER_CLIENT = env_int("ACCOUNT_LIMIT_PER_CLIENT", 20, minimum=1)
ACCOUNT_LIMIT_PER_ADDRESS = env_int("ACCOUNT_LIMIT_PER_ADDRESS", 3, minimum=1)

# Mentoring reminders (manage.py send_reminders): a match with no meeting recorded for this
# many days, and a match this many days from its end, are reminded by email.
MENTORING_QUIET_DAYS = env_int("MENTORING_QUIET_DAYS", 42, minimum=1)
MENTORING_ENDING_NOTICE_DAYS = env_int("MENTORING_ENDING_NOTICE_DAYS", 28, minimum=1)

# Workshop reminders go this many hours before a session (support.services).
SUPPORT_REMINDER_HOURS = env_int("SUPPORT_REMINDER_HOURS", 24, minimum=1)
# The largest PDF a resource may hold (stored in the database).
SUPPORT_DOCUMENT_MAX_BYTES = env_int("SUPPORT_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# Security headers. With DEBUG off these are the production values; LOCAL_HTTP relaxes only
# what plain HTTP on loopback cannot honour.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_https = not (DEBUG or LOCAL_HTTP or TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", _https)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if not DEBUG else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Periodic jobs: the one schedule, run by `manage.py run_scheduled` (config/schedule.py;
# make run and make serve loop it beside the worker; docs/deployment.md has the cron table).
# Each entry is ("manage.py <command> [args]" or "dotted.path.to.callable", interval).
# An app with a periodic job adds its entry here.
SCHEDULED_JOBS = [
    # Closed referrals past the retention period lose their personal details.
    ("manage.py anonymise_referrals --apply", timedelta(days=1)),
    # Expired sessions are deleted from the database.
    ("manage.py clearsessions", timedelta(days=1)),
    # Finished background-task results older than 14 days are deleted.
    ("manage.py prune_db_task_results --min-age-days 14", timedelta(days=1)),
    # Reminders and digests (mentoring and referrals); each email keyed, so never sent twice.
    ("manage.py send_reminders", timedelta(hours=1)),
    # The outbox sweep: whatever is due (retries after a mail-server outage) is sent.
    ("manage.py send_emails", timedelta(minutes=5)),
    # Workshop reminders a day before each session, feedback requests after it (idempotent).
    ("manage.py workshop_reminders", timedelta(minutes=10)),
]

# --- Career map (pathways) ---
# Rendered main content of the public career map pages, cached under the map's data version
# (pathways/cache.py). Per process: every request checks the version in the database, so
# processes never disagree. "default" is spelled out as Django's own default, unchanged.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pathways": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pathways",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": env_int("PATHWAYS_CACHE_ENTRIES", 2000, minimum=10)},
    },
}

# --- Graduate aspirations (careers) ---
# Survey files smaller than this are imported during the upload request; larger ones (a few
# thousand rows and up) by the background worker.
CAREERS_BACKGROUND_IMPORT_BYTES = env_int("CAREERS_BACKGROUND_IMPORT_BYTES", 256 * 1024, minimum=0)
# A running import whose worker has not beaten for this long is shown as failed.
CAREERS_IMPORT_HEARTBEAT_SECONDS = env_int("CAREERS_IMPORT_HEARTBEAT_SECONDS", 2, minimum=1)
CAREERS_IMPORT_STALE_SECONDS = env_int("CAREERS_IMPORT_STALE_SECONDS", 60, minimum=5)
# Zip-bomb limits checked before an XLSX file is opened.
CAREERS_XLSX_MAX_UNCOMPRESSED_BYTES = env_int(
    "CAREERS_XLSX_MAX_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024, minimum=1024 * 1024
)
CAREERS_XLSX_MAX_RATIO = env_int("CAREERS_XLSX_MAX_RATIO", 200, minimum=10)
# Parts of an XLSX file that openpyxl reads whole (shared strings, styles: every part but the
# sheets, which are streamed) may inflate to at most this, and the shared-strings table may hold
# at most this many strings; checked by streaming the archive before openpyxl opens it.
CAREERS_XLSX_MAX_PART_BYTES = env_int(
    "CAREERS_XLSX_MAX_PART_BYTES", 128 * 1024 * 1024, minimum=1024 * 1024
)
CAREERS_XLSX_MAX_SHARED_STRINGS = env_int(
    "CAREERS_XLSX_MAX_SHARED_STRINGS", 2_000_000, minimum=1000
)
# Publication (careers/publication.py, docs/careers.md): a group of respondents (a report or a
# column of a breakdown) is published only with at least CAREERS_PUBLISH_MIN_GROUP respondents;
# a wave is published only with at least CAREERS_PUBLISH_MIN_WAVE; public reports allow at most
# CAREERS_PUBLIC_MAX_FILTERS subgroup filters and CAREERS_PUBLIC_MAX_BREAKDOWNS breakdowns (0 or
# 1 each: the stored aggregates cover one of each at most).
CAREERS_PUBLISH_MIN_GROUP = env_int("CAREERS_PUBLISH_MIN_GROUP", 30, minimum=8)
CAREERS_PUBLISH_MIN_WAVE = env_int("CAREERS_PUBLISH_MIN_WAVE", 50, minimum=8)
CAREERS_PUBLIC_MAX_FILTERS = min(env_int("CAREERS_PUBLIC_MAX_FILTERS", 1, minimum=0), 1)
CAREERS_PUBLIC_MAX_BREAKDOWNS = min(env_int("CAREERS_PUBLIC_MAX_BREAKDOWNS", 1, minimum=0), 1)
# Public survey pages read with this statement timeout (milliseconds).
CAREERS_PUBLIC_STATEMENT_TIMEOUT_MS = env_int(
    "CAREERS_PUBLIC_STATEMENT_TIMEOUT_MS", 2000, minimum=100
)

# --- Mentoring ---

# --- Careers-support referrals ---
# Service standard: first contact within this many working days (weekends and England and
# Wales bank holidays not counted).
REFERRALS_FIRST_CONTACT_TARGET_DAYS = env_int("REFERRALS_FIRST_CONTACT_TARGET_DAYS", 5, minimum=1)
# Closed or returned referrals lose their personal details after this many years.
REFERRALS_RETENTION_YEARS = env_int("REFERRALS_RETENTION_YEARS", 3, minimum=1)
# Public referral forms: at most this many referrals per email address (case and +tag
# ignored) in the window; over it, nothing is stored or sent but the sender sees the usual
# confirmation, so the answer never tells whether an address was referred before.
REFERRALS_RATE_LIMIT = env_int("REFERRALS_RATE_LIMIT", 3, minimum=1)
REFERRALS_RATE_WINDOW_HOURS = env_int("REFERRALS_RATE_WINDOW_HOURS", 24, minimum=1)
# ...and at most this many from one client address (an IPv6 /64) in this many minutes,
# whatever addresses they give; over it, the sender is told to try later (429).
REFERRALS_CLIENT_RATE_LIMIT = env_int("REFERRALS_CLIENT_RATE_LIMIT", 10, minimum=1)
REFERRALS_CLIENT_RATE_WINDOW_MINUTES = env_int(
    "REFERRALS_CLIENT_RATE_WINDOW_MINUTES", 60, minimum=1
)
# How long the link in an educator-referral email lets the trainee decline.
REFERRALS_DECLINE_LINK_DAYS = env_int("REFERRALS_DECLINE_LINK_DAYS", 60, minimum=1)
REFERRALS_PAGE_SIZE = env_int("REFERRALS_PAGE_SIZE", 25, minimum=5)

# Logs: one line per record to standard error, with time, level, logger and request id;
# 4xx responses without tracebacks (config/logging.py).
LOGGING = logging_config(env_str("LOG_LEVEL", "INFO"))
