"""Settings for devzone, read from the environment.

Every variable is documented in the README. The embedded defaults (no
``DATABASE_URL``: a SQLite file; no ``CELERY_BROKER_URL``: eager tasks) let a
fresh checkout run with nothing else installed.
"""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Refuse to start rather than sign sessions with a key anyone can read.
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for local development (make run does this)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS. Production is served over HTTPS (nginx terminates TLS in front of
# gunicorn), so with DEBUG off every security switch is on unless the
# environment turns it off; DJANGO_HTTPS=0 is for trying the production
# stack over plain HTTP on one's own machine.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600) if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
# Load balancers and monitoring ask for the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The number of reverse proxies (nginx, a load balancer) in front of
# gunicorn. Only when there is one may the X-Forwarded-* headers be believed:
# otherwise any client could claim HTTPS or another address (and so dodge
# the login lockout below).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sessions end after this much inactivity (SessionIdleMiddleware slides the
# expiry forward as the user works) and with the browser.
SESSION_COOKIE_AGE = 60 * int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "120"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# The language choice needs no script either. (The CSRF cookie stays
# readable: Django's design, and htmx sends the token from the page.)
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "devzone.apps.StaticFilesConfig",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "csp",
    "axes",
    "devzone",
    "zones",
    "projects",
    "meetings",
    "insights",
    "tooling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered before sessions or the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "devzone.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page requires a login unless its view says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the page that says so.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out login is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Brute force: after AXES_FAILURE_LIMIT failed logins for one user name from
# one address, that pair is locked out for the cool-off time. Locking the
# pair (not the address alone) keeps an office behind one NAT address working
# while somebody there mistypes; locking the pair (not the name alone) keeps a
# stranger from locking a colleague out.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lockout does not start it again: otherwise a user who
# retries now and then, or anyone at the same address with one wrong
# password every quarter of an hour, would keep the name locked for good,
# and the page's "refused for 15 minutes" would not be true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "devzone.views.locked_out"
AXES_VERBOSE = False
# Behind PROXY_COUNT proxies the client's address is the one the nearest
# proxy appended to X-Forwarded-For; with none, it is the socket's.
AXES_CLIENT_IP_CALLABLE = "devzone.proxy.client_address"

# Content-Security-Policy: scripts only from our own static files (no inline
# script, no eval: htmx is told not to evaluate either, see base.html), no
# plugins, no framing, forms post only back here. Style attributes are
# allowed, style elements are not: ECharts writes its tooltips as HTML with
# style attributes and the progress bars take their width from the data, and
# an attribute cannot load anything or style other elements. (style-src
# allows inline too only for browsers that predate style-src-elem/-attr;
# the others take those two and refuse <style> elements.) Images may be
# data: URLs (Bootstrap draws its form arrows that way). With
# DJANGO_CSP_REPORT_URI set, browsers report what the policy blocked.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if os.environ.get("DJANGO_CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [os.environ["DJANGO_CSP_REPORT_URI"]]

ROOT_URLCONF = "devzone.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "devzone.context_processors.layout",
            ],
        },
    },
]

WSGI_APPLICATION = "devzone.wsgi.application"

def database(url):
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite has no row locks: a write transaction that starts as a read
        # and then writes fails at once with "database is locked" when
        # another writer got there first. IMMEDIATE takes the write lock at
        # BEGIN, the busy timeout makes the others wait for it, and WAL lets
        # readers go on meanwhile; every loser of a race then sees the
        # winner's row and gets the conflict message, not a 500.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            **config.get("OPTIONS", {}),
        }
    return config


DATABASES = {"default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A read replica for the dashboards (devzone/db_routers.py): the managers'
# heavy aggregates then leave the primary to the staff's writes.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database(os.environ["DATABASE_REPLICA_URL"])
    # The test runner must not create or migrate a test copy of a replica.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["devzone.db_routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Large enough that a form holding a 10 MB paste is read and its field
# refused with a message, rather than the whole request failing with a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024

# Status lights (UI.md): green on or ahead of 序时进度, yellow up to this many
# percentage points behind, red further behind.
DASHBOARD_YELLOW_POINTS = int(os.environ.get("DASHBOARD_YELLOW_POINTS", "10"))
# A signed project without a progress report for this many weeks is flagged
# (dashboard alerts, the supervision view, the weekly dispatch).
DASHBOARD_SILENT_WEEKS = int(os.environ.get("DASHBOARD_SILENT_WEEKS", "4"))


LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Nothing a user makes is kept on a web host's disk: imports are read in
# memory, and bulletins, dispatch sheets and exports live in the database or
# are built per request, so any number of hosts can share one database. The
# "default" storage is there for whatever comes next; point it at shared
# storage through Django's STORAGES before relying on it on several hosts.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production WhiteNoise serves the files collectstatic wrote, with
    # hashed names (cached for a year) and compressed copies.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end libraries come from npm (package.json, package-lock.json) and are
# collected from node_modules; nothing of them is copied into the repository.
_NODE_MODULES = BASE_DIR / "node_modules"
for _prefix, _path in [
    ("vendor/bootstrap", _NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/echarts", _NODE_MODULES / "echarts" / "dist"),
    ("vendor/htmx", _NODE_MODULES / "htmx.org" / "dist"),
]:
    if _path.is_dir():
        STATICFILES_DIRS.append((_prefix, _path))

# Celery: with no broker configured, run tasks in-process so that `make run`
# works on a machine without Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task that runs past its soft limit is told to stop (and its run is marked
# failed); past the hard limit its worker process is killed. Both stay well
# under the broker's visibility timeout, or Redis would hand a task that is
# still running to a second worker.
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "600"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "900"))
# How long Redis waits for an unacknowledged task (its worker died) before
# delivering it again; the worker test sets a few seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker loses the broker is stopped and redelivered rather than
# finishing unacknowledged and running twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Tasks report through their TaskRun row in the database, not a result
# backend (several web hosts share the one database).
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = None
# Schedules are rows of django-celery-beat's tables, created by a migration
# from insights/reports/schedules.py and edited by administrators in the admin.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Test hooks (a task pausing on purpose so that a test can kill its worker);
# never set in production.
DEVZONE_TEST_HOOKS = env_bool("DEVZONE_TEST_HOOKS", default=False)

# Mail (the weekly dispatch and the monthly bulletin). Without a backend set,
# messages are printed to the log; production sets the SMTP backend and host.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "devzone@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every message goes through the outbox (insights/outbox). One claimed for
# sending and not marked sent within this many seconds is shown to managers
# as "delivery unknown" (its worker died around the send) with a button to
# send it again. Keep it well above the delivery task's hard time limit (90
# s), or a send still in progress would look lost.
OUTBOX_CLAIM_TIMEOUT = int(os.environ.get("OUTBOX_CLAIM_TIMEOUT", "600"))

# Logs go to standard output, one line per record, for the process manager
# (systemd's journal, docker) to keep.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
