"""Settings for Netværksportalen.

One file, every deploy-time value read from the environment. Defaults suit a developer's
machine (SQLite under var/, console e-mail); a production start (DEBUG off) refuses to run
without a real SECRET_KEY and ALLOWED_HOSTS, so a misconfigured server fails loudly at start
instead of quietly running with a development key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"


def envbool(name, default):
    value = os.getenv(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} skal være true eller false, ikke {value!r}.")


def envint(name, default):
    value = os.getenv(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} skal være et heltal, ikke {value!r}.") from exc


def envlist(name, default=""):
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.getenv("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "core.preserve.csrf_failure"
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

if not DEBUG:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Production start (DEBUG=false) needs SECRET_KEY: a random value of at least 50 "
            "characters, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Production start (DEBUG=false) needs ALLOWED_HOSTS, e.g. "
            "ALLOWED_HOSTS=netvaerk.kommune.dk (comma-separated)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "treebeard",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "core",
    "roles",
    "notifications",
    "netvaerk",
    "agreements",
    "proposals",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login; the few public ones (login, password reset) opt out.
    "core.preserve.PreservingLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change to an agreement in its history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "netvaerk.urls"
# Wiring: a person's page is the networks app's person page, which roles cannot name itself.
ABSOLUTE_URL_OVERRIDES = {
    "roles.person": lambda person: reverse("netvaerk:person-detail", args=[person.pk]),
}
WSGI_APPLICATION = "netvaerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# SQLite under var/ by default: zero set-up on one machine. PostgreSQL in production:
# DATABASE_URL=postgres://user:password@host:5432/netvaerk
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'netvaerk.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while one request writes; see Django's SQLite notes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection (django-axes): after AXES_FAILURE_LIMIT failed logins for the same
# username from the same address, that combination is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy, the client address is the one the proxy adds to X-Forwarded-For.
# AXES_PROXY_COUNT is the number of proxies in front of the portal (0 = none, use REMOTE_ADDR).
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise looks here at start-up even when DEBUG serves from STATICFILES_DIRS.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Netværksportalen <netvaerk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Sending gives up on a silent mail server after this many seconds (and the job tries again).
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)

# Jobs (e-mail, reminders) run in `manage.py worker`, from a queue in the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Daily jobs the worker queues once a day after the given local time (name: (job, "HH:MM")).
DAILY_JOBS = {
    "reminders": ("portal.reminders.daily", os.getenv("DAILY_JOBS_AT", "06:30")),
}

# The secretariat is a group: membership gives the right to administer everything.
SECRETARIAT_GROUP = "Sekretariat for Netværksstrukturen"

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 10)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING" if not DEBUG else "INFO"},
        "axes": {"level": "WARNING"},
    },
}

MUNICIPALITY_NAME = os.getenv("MUNICIPALITY_NAME", "Albertslund Kommune")
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
DEMO_PASSWORD = os.getenv("DEMO_PASSWORD", "netvaerk-demo")
if os.getenv("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

# PDFs: a render that takes longer is stopped with a message; finished PDFs are cached by
# their content (a file cache shared by all workers on one machine).
PDF_RENDER_TIMEOUT = float(os.getenv("PDF_RENDER_TIMEOUT", "20"))
PDF_CACHE_SECONDS = envint("PDF_CACHE_SECONDS", 60 * 60 * 24 * 30)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pdf": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.getenv("PDF_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "pdf")),
        "OPTIONS": {"MAX_ENTRIES": envint("PDF_CACHE_MAX_ENTRIES", 5000)},
    },
}
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}

# --- Single sign-on (OpenID Connect) ---

# --- The organisation from the municipality's own data (import_org) ---

# --- Access log ---

# --- Retention and anonymisation ---

# --- Browser and session hardening ---
