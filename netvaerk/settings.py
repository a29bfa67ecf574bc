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
    # --- Competence self-assessment (issue #12): competences/ ---
    "competences",
    # --- Leader networks (issue #12, item 4): leadernets/ ---
    "leadernets",
    "proposals",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy and Cache-Control: no-store on everything but static files.
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logs out an idle session; before the login check, so a kept form survives it.
    "core.middleware.IdleTimeoutMiddleware",
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
    # Refuses every password when LOCAL_LOGIN is off (the admin's login included).
    "roles.oidc.LocalLoginSwitch",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (OpenID Connect); does nothing until OIDC_CLIENT_ID is set.
    "roles.oidc.PortalOIDCBackend",
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
# --- Competence self-assessment (issue #12): prompts to assess, once a day ---
DAILY_JOBS["competence_prompts"] = (
    "competences.prompts.daily",
    os.getenv("COMPETENCE_PROMPTS_AT", "06:40"),
)

# Expired PDFs out of the shared PDF cache, once a day.
DAILY_JOBS["pdf_cache"] = ("core.pdf.prune_daily", os.getenv("PDF_CACHE_PRUNE_AT", "03:30"))

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
    # The load balancer's health probe may ask over plain HTTP, inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^sundhed/$"]
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
# their content, one file each in STORAGES["pdf_cache"], which every app server shares: a
# folder (PDF_CACHE_DIR, a shared mount with several servers) or, with PDF_CACHE_S3_BUCKET,
# an S3-compatible bucket (django-storages). A stored PDF older than PDF_CACHE_SECONDS is
# rendered again.
PDF_RENDER_TIMEOUT = float(os.getenv("PDF_RENDER_TIMEOUT", "20"))
PDF_CACHE_SECONDS = envint("PDF_CACHE_SECONDS", 60 * 60 * 24 * 30)
PDF_CACHE_DIR = os.getenv("PDF_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "pdf"))
if os.getenv("PDF_CACHE_S3_BUCKET"):
    STORAGES["pdf_cache"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PDF_CACHE_S3_BUCKET"],
            "endpoint_url": os.getenv("PDF_CACHE_S3_ENDPOINT_URL") or None,
            "region_name": os.getenv("PDF_CACHE_S3_REGION") or None,
            # Without keys, boto3's own chain (instance role, ~/.aws) is used.
            "access_key": os.getenv("PDF_CACHE_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.getenv("PDF_CACHE_S3_SECRET_ACCESS_KEY") or None,
            "location": os.getenv("PDF_CACHE_S3_PREFIX", ""),
            "default_acl": None,  # private: the bucket's own policy
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }
else:
    STORAGES["pdf_cache"] = {
        "BACKEND": "core.storage.AtomicFileSystemStorage",
        "OPTIONS": {"location": PDF_CACHE_DIR},
    }
# The default cache holds small, short-lived things (remembered PDF failures, the single
# sign-on provider's discovery document). With REDIS_URL (e.g. redis://redis:6379/0) it is
# Redis, shared by every app server; without, each process keeps its own.
REDIS_URL = os.getenv("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.getenv("CACHE_KEY_PREFIX", "netvaerk"),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Parts of the layout that depend only on the code, the language and the page's section
    # (the main menu): kept in each process's memory, never shared, gone at a restart.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# Sessions (django.contrib.sessions' default engine) and lock-outs (django-axes' default
# handler) are rows in the database, so every app server on the same PostgreSQL shares them.
# Sessions stay out of Redis ("cached_db") on purpose: anonymisation deletes a person's
# session rows, and a cached copy would outlive them.
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}

# --- PDF render limits (issue #13): failures remembered, renders at once machine-wide ---
# A render that failed (timed out or broke) for some content is remembered this long: the
# same content answers at once with the same message; edited content is tried again.
PDF_FAILURE_SECONDS = envint("PDF_FAILURE_SECONDS", 15 * 60)
# At most this many renders run at once on the machine, over all web and job workers: each
# holds one lock file (flock) in PDF_LOCK_DIR, which all of them must share.
PDF_MAX_CONCURRENT_RENDERS = envint("PDF_MAX_CONCURRENT_RENDERS", max(1, (os.cpu_count() or 2) - 1))
PDF_LOCK_DIR = os.getenv("PDF_LOCK_DIR", str(BASE_DIR / "var" / "pdf-slots"))
# A web request waits this long for a free slot, then answers "try again shortly" (503).
PDF_RENDER_SLOT_WAIT = float(os.getenv("PDF_RENDER_SLOT_WAIT", "2"))
# Render processes run at this lower CPU priority (os.nice), so pages keep answering.
PDF_RENDER_NICE = envint("PDF_RENDER_NICE", 10)
# The machine's render server (core/pdf_server.py), which gunicorn starts beside its workers
# (netvaerk/gunicorn.py sets this); empty: each process renders through its own fork server.
PDF_RENDER_SOCKET = os.getenv("PDF_RENDER_SOCKET", "")

# --- Single sign-on (OpenID Connect) ---
# mozilla-django-oidc, with the matching in roles/oidc.py. The provider's endpoints come from
# its discovery document (OIDC_DISCOVERY_URL) or one by one; an endpoint set on its own wins.
OIDC_OP_DISCOVERY_URL = os.getenv("OIDC_DISCOVERY_URL", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.getenv("OIDC_AUTHORIZATION_ENDPOINT") or None
OIDC_OP_TOKEN_ENDPOINT = os.getenv("OIDC_TOKEN_ENDPOINT") or None
OIDC_OP_USER_ENDPOINT = os.getenv("OIDC_USERINFO_ENDPOINT") or None
OIDC_OP_JWKS_ENDPOINT = os.getenv("OIDC_JWKS_ENDPOINT") or None
OIDC_OP_LOGOUT_ENDPOINT = os.getenv("OIDC_END_SESSION_ENDPOINT") or None
OIDC_OP_ISSUER = os.getenv("OIDC_ISSUER") or None
OIDC_DISCOVERY_CACHE_SECONDS = envint("OIDC_DISCOVERY_CACHE_SECONDS", 60 * 60)
OIDC_RP_CLIENT_ID = os.getenv("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.getenv("OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.getenv("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.getenv("OIDC_SCOPES", "openid profile email")
OIDC_TOKEN_USE_BASIC_AUTH = envbool("OIDC_TOKEN_USE_BASIC_AUTH", False)
OIDC_USE_PKCE = envbool("OIDC_USE_PKCE", True)
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # for id_token_hint when logging out at the provider
OIDC_CREATE_USER = False  # no self-registration: only imported people sign in
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc:callback"
# A signed-in identity is matched on OIDC_USERNAME_CLAIM against the person's username or
# e-mail (OIDC_MATCH_ON); the provider's "sub" is stored then and used from then on.
OIDC_USERNAME_CLAIM = os.getenv("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_MATCH_ON = os.getenv("OIDC_MATCH_ON", "username")
if OIDC_MATCH_ON not in ("username", "email"):
    raise ImproperlyConfigured(
        f"OIDC_MATCH_ON skal være username eller email, ikke {OIDC_MATCH_ON!r}."
    )
# The secretariat: a claim (a dotted path such as realm_access.roles for Keycloak) that holds
# OIDC_SECRETARIAT_VALUE puts the user in SECRETARIAT_GROUP (and makes them staff); without
# it, the user is taken out again unless OIDC_SECRETARIAT_REVOKE is off.
OIDC_SECRETARIAT_CLAIM = os.getenv("OIDC_SECRETARIAT_CLAIM", "roles")
OIDC_SECRETARIAT_VALUE = os.getenv("OIDC_SECRETARIAT_VALUE", "")
OIDC_SECRETARIAT_REVOKE = envbool("OIDC_SECRETARIAT_REVOKE", True)
# A refused single sign-on is no password guess: django-axes neither counts nor blocks it.
AXES_WHITELIST_CALLABLE = "roles.oidc.is_single_sign_on"
# Local password login (demo and development). Off: no page takes or resets a password.
LOCAL_LOGIN = envbool("LOCAL_LOGIN", True)
if not LOCAL_LOGIN and not (
    OIDC_RP_CLIENT_ID and (OIDC_OP_DISCOVERY_URL or OIDC_OP_AUTHORIZATION_ENDPOINT)
):
    raise ImproperlyConfigured(
        "LOCAL_LOGIN=false kræver single sign-on: sæt OIDC_CLIENT_ID og OIDC_DISCOVERY_URL."
    )

# --- The organisation from the municipality's own data (import_org) ---
# OS2mo's GraphQL API for `manage.py import_org --os2mo URL` (see roles/os2mo.py): the schema
# version the queries name, Keycloak's client-credentials client (the token URL defaults to
# <url>/auth/realms/mo/protocol/openid-connect/token), the address type that holds the work
# e-mail, the IT system whose account name is the username (empty: the employee's user_key),
# and the units to import with everything below them (empty: all).
OS2MO_GRAPHQL_VERSION = envint("OS2MO_GRAPHQL_VERSION", 22)
OS2MO_TOKEN_URL = os.getenv("OS2MO_TOKEN_URL", "")
OS2MO_CLIENT_ID = os.getenv("OS2MO_CLIENT_ID", "")
OS2MO_CLIENT_SECRET = os.getenv("OS2MO_CLIENT_SECRET", "")
OS2MO_EMAIL_ADDRESS_TYPE = os.getenv("OS2MO_EMAIL_ADDRESS_TYPE", "EmailEmployee")
OS2MO_USERNAME_IT_SYSTEM = os.getenv("OS2MO_USERNAME_IT_SYSTEM", "Active Directory")
OS2MO_ROOT_UNITS = envlist("OS2MO_ROOT_UNITS")
OS2MO_PAGE_SIZE = envint("OS2MO_PAGE_SIZE", 200)
OS2MO_TIMEOUT = envint("OS2MO_TIMEOUT", 60)

# --- Access log ---
# Every read of personal data is logged (core/audit.py); rows older than ACCESS_LOG_DAYS are
# deleted by `manage.py purge_access_log`. ACCESS_LOG_ENABLED=false is for benchmarks only.
ACCESS_LOG_DAYS = envint("ACCESS_LOG_DAYS", 365)
ACCESS_LOG_ENABLED = envbool("ACCESS_LOG_ENABLED", True)
# On PostgreSQL a log row's commit does not wait for the disk (see core/audit.py).
ACCESS_LOG_ASYNC_COMMIT = envbool("ACCESS_LOG_ASYNC_COMMIT", True)

# --- Retention and anonymisation ---
# How long personal data is kept (manage.py apply_retention, from the daily timer; see
# portal/retention.py and the privacy page /privatliv/). A person who left the organisation
# (roles.Person.left_on) is anonymised RETENTION_LEAVER_YEARS after leaving; hours logged
# are deleted TIME_LOG_YEARS after their week. The access log's period is ACCESS_LOG_DAYS.
RETENTION_LEAVER_YEARS = envint("RETENTION_LEAVER_YEARS", 2)
TIME_LOG_YEARS = envint("TIME_LOG_YEARS", 5)

# --- Browser and session hardening ---
# The Content-Security-Policy (core.middleware.ContentSecurityPolicyMiddleware): the portal's
# own scripts and styles only, no inline script or style. form-action also gets the identity
# provider's origin when single sign-on is set up. CSP_REPORT_ONLY=true sends it as
# Content-Security-Policy-Report-Only (to try a change without breaking pages).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    # The one <style> block: templates/500.html, which must not depend on static files.
    "style-src": ["'self'", "'sha256-aWzPRZdTpdi2DmDmyzS1YpRqQTf8Ir+jwmX9Ls/uLAc='"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
CSP_REPORT_ONLY = envbool("CSP_REPORT_ONLY", False)
# A session idle this long is logged out (core.middleware.IdleTimeoutMiddleware); any
# request extends it. SESSION_COOKIE_AGE is the absolute maximum since the login.
IDLE_TIMEOUT_MINUTES = envint("IDLE_TIMEOUT_MINUTES", 30)
