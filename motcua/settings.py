"""motcua settings: read from the environment only (see .env.example).

With nothing set, motcua runs on the embedded default: SQLite in WAL mode,
files in ./var/media, background work in-process.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua.core.lib.envcfg import (
    ConfigError,
    check_code_format,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
)
from motcua.core.lib.rsakey import rsa_private_key_pem

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("MOTCUA_DEBUG", False)
# Demo-only conveniences (sample data, printed logins, the demo signing root).
MOTCUA_DEMO = env_bool("MOTCUA_DEMO", False)
# The development key is only accepted when DEBUG is on or for the embedded
# demo; production must set MOTCUA_SECRET_KEY (or MOTCUA_SECRET_KEY_FILE).
DEV_SECRET_KEY = "insecure-dev-key-only-for-local-demo"  # noqa: S105 - refused by `motcua serve`
SECRET_KEY = env_secret("MOTCUA_SECRET_KEY") or DEV_SECRET_KEY
ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "mozilla_django_oidc",  # citizen sign-in (the relying party)
    "oauth2_provider",  # the stand-in e-ID provider of the demo and tests
    "motcua",  # project-wide commands: demo, serve, transitions
    "motcua.core",
    "motcua.units",
    "motcua.catalogue",
    "motcua.citizens",
    "motcua.dossiers",
    "motcua.signing",
    "motcua.digitization",
    "motcua.warehouse",
    "motcua.portal",
    "motcua.resources",
    "motcua.reporting",
    "motcua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite), conn_max_age=env_int("MOTCUA_DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its folder; a fresh checkout has no var/.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers (worklists) go on while intake writes; IMMEDIATE makes
        # a writing transaction take the lock at BEGIN, so two intakes queue
        # instead of failing with "database is locked" half-way through.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dossiers:worklist"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
# Our own format modules first: Vietnamese amounts grouped by thousands.
FORMAT_MODULE_PATH = ["motcua.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MOTCUA_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Upload bounds: the request body is refused beyond this size (bytes).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MOTCUA_MAX_REQUEST_BYTES", 2 * 1024 * 1024)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("MOTCUA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# One shared cache for rate limits and cached look-ups. The default lives in
# each process's memory: enough for one process; several web nodes must share
# one (MOTCUA_CACHE_URL=redis://host:6379/1), or each node counts on its own.
_cache_url = env_str("MOTCUA_CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# How many reverse proxies stand in front of motcua and append to
# X-Forwarded-For. 0: trust only the socket's address, so a client cannot
# choose its own identity for rate limits by sending the header.
MOTCUA_NUM_PROXIES = env_int("MOTCUA_NUM_PROXIES", 0)
NINJA_NUM_PROXIES = MOTCUA_NUM_PROXIES

# Background jobs. With no broker, jobs run in-process right after the
# transaction commits (same code path, the embedded default); with
# CELERY_BROKER_URL (redis://127.0.0.1:6379/0) they go to `motcua worker`.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Without a broker: "thread" runs jobs on one background thread of the web
# process (pages stay responsive and show progress); "inline" in the caller.
MOTCUA_INPROCESS_JOBS = env_str("MOTCUA_INPROCESS_JOBS", "thread")
if MOTCUA_INPROCESS_JOBS not in {"thread", "inline"}:
    raise ConfigError("MOTCUA_INPROCESS_JOBS must be thread or inline")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None  # results live in the database rows the jobs update
# A job is acknowledged only when it finished, and a worker that dies mid-job
# hands it back to the queue: with idempotent jobs, nothing is lost or doubled.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("MOTCUA_JOB_TIME_LIMIT", 900)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("MOTCUA_WORKER_MAX_TASKS_PER_CHILD", 50)
CELERY_TASK_DEFAULT_QUEUE = "default"
# Redis hands an unacknowledged job back after this long: longer than any job
# may run, or a slow job would be started a second time while still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 300}
CELERY_TASK_ROUTES = {
    "motcua.digitization.*": {"queue": "ocr"},
    "motcua.signing.*": {"queue": "signing"},
}

# Digitization: bounds on every upload, and the quality rule (Decree 30/2020:
# colour, at least 200 dpi). "warn" flags a page for the officer, "refuse"
# fails the document with the measured value.
MOTCUA_SCAN_MAX_BYTES = env_int("MOTCUA_SCAN_MAX_BYTES", 50 * 1024 * 1024)
MOTCUA_SCAN_MAX_PAGES = env_int("MOTCUA_SCAN_MAX_PAGES", 200)
MOTCUA_SCAN_MAX_PIXELS = env_int("MOTCUA_SCAN_MAX_PIXELS", 80_000_000)
MOTCUA_SCAN_MIN_DPI = env_int("MOTCUA_SCAN_MIN_DPI", 200)
MOTCUA_SCAN_REQUIRE_COLOUR = env_bool("MOTCUA_SCAN_REQUIRE_COLOUR", True)
MOTCUA_SCAN_MIN_CONFIDENCE = env_int("MOTCUA_SCAN_MIN_CONFIDENCE", 60)
MOTCUA_SCAN_QUALITY_MODE = env_str("MOTCUA_SCAN_QUALITY_MODE", "warn")
MOTCUA_SCAN_OCR_JOBS = env_int("MOTCUA_SCAN_OCR_JOBS", 1)
# The unit signs each digitized copy; without its key the copy stays unsigned
# (shown on the page) unless this is on, which fails the document instead.
MOTCUA_SCAN_REQUIRE_SIGNATURE = env_bool("MOTCUA_SCAN_REQUIRE_SIGNATURE", False)
if MOTCUA_SCAN_QUALITY_MODE not in {"warn", "refuse"}:
    raise ConfigError("MOTCUA_SCAN_QUALITY_MODE must be warn or refuse")

# Scanner hot folder: <root>/<counter id>/ per counter; `motcua hotfolder` files
# what the scanner writes there (split at the printed cover sheets).
MOTCUA_HOTFOLDER_ROOT = Path(env_str("MOTCUA_HOTFOLDER_ROOT", str(VAR_DIR / "hotfolder")))
MOTCUA_HOTFOLDER_SETTLE_SECONDS = env_int("MOTCUA_HOTFOLDER_SETTLE_SECONDS", 5)

# Digital signatures (PAdES). Keys are PKCS#12 files named by agency code in
# MOTCUA_SIGNING_DIR; `motcua signing-demo-ca` makes demo ones. The demo root
# is trusted only for the demo (and in tests), never by default in production.
MOTCUA_SIGNING_DIR = Path(env_str("MOTCUA_SIGNING_DIR", str(VAR_DIR / "signing")))
MOTCUA_SIGNING_PASSWORD = env_secret("MOTCUA_SIGNING_PASSWORD") or "motcua-demo"
MOTCUA_SIGNING_TRUST_ROOTS = env_list("MOTCUA_SIGNING_TRUST_ROOTS", [])
MOTCUA_SIGNING_TRUST_DEMO_ROOT = env_bool("MOTCUA_SIGNING_TRUST_DEMO_ROOT", MOTCUA_DEMO)

# --- Notifications to applicants (portal.notifications) ----------------------------
# E-mail goes through Django's mail backend. With MOTCUA_EMAIL_HOST set, motcua
# speaks SMTP to that server; without it, each message is written to a file
# under $MOTCUA_VAR_DIR/mail/, so the demo keeps what it sent without a mail
# server and without filling the console. MOTCUA_EMAIL_BACKEND overrides both.
_email_host = env_str("MOTCUA_EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "MOTCUA_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if _email_host
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = _email_host or "localhost"
EMAIL_PORT = env_int("MOTCUA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("MOTCUA_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("MOTCUA_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("MOTCUA_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("MOTCUA_EMAIL_USE_SSL", False)
# A mail server that does not answer fails the message after this many seconds.
EMAIL_TIMEOUT = env_int("MOTCUA_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("MOTCUA_EMAIL_FROM", "Một cửa <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ConfigError("MOTCUA_EMAIL_USE_TLS and MOTCUA_EMAIL_USE_SSL exclude each other")
if EMAIL_TIMEOUT < 1:
    raise ConfigError("MOTCUA_EMAIL_TIMEOUT must be at least 1 second")
# SMS: the class that hands a text to the carrier (portal.sms); the default only logs it.
MOTCUA_SMS_BACKEND = env_str("MOTCUA_SMS_BACKEND", "motcua.portal.sms.LoggingSms")
# The public address of the site, for the links in messages sent to applicants.
MOTCUA_SITE_URL = env_str("MOTCUA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Dossier code format (Circular 01/2018 art. 19, kept configurable as
# Circular 03/2025 may change it): fields agency, yymmdd, yyyymmdd, seq.
MOTCUA_DOSSIER_CODE_FORMAT = env_str("MOTCUA_DOSSIER_CODE_FORMAT", "{agency}-{yymmdd}-{seq:04d}")
check_code_format(MOTCUA_DOSSIER_CODE_FORMAT)
# A dossier due within this many working hours is flagged "due soon".
MOTCUA_DUE_SOON_HOURS = env_int("MOTCUA_DUE_SOON_HOURS", 8)

# Population registry (citizens.registry): "local" reads the RegistryPerson
# table (`motcua registry-import`); "http" asks the national service at
# MOTCUA_REGISTRY_URL with a bearer token, giving up after the timeout (seconds).
MOTCUA_REGISTRY = env_str("MOTCUA_REGISTRY", "local")
MOTCUA_REGISTRY_URL = env_str("MOTCUA_REGISTRY_URL")
MOTCUA_REGISTRY_TOKEN = env_secret("MOTCUA_REGISTRY_TOKEN")
MOTCUA_REGISTRY_TIMEOUT = env_int("MOTCUA_REGISTRY_TIMEOUT", 5)
if MOTCUA_REGISTRY not in {"local", "http"}:
    raise ConfigError("MOTCUA_REGISTRY must be local or http")
if MOTCUA_REGISTRY == "http" and not MOTCUA_REGISTRY_URL.startswith(("http://", "https://")):
    raise ConfigError("MOTCUA_REGISTRY=http needs MOTCUA_REGISTRY_URL (http:// or https://)")
if MOTCUA_REGISTRY_TIMEOUT < 1:
    raise ConfigError("MOTCUA_REGISTRY_TIMEOUT must be at least 1 second")

# --- Citizen sign-in (issue 4) ---------------------------------------------------
# Citizens sign in through OpenID Connect, as VNeID or the national portal's
# single sign-on provide it (mozilla-django-oidc, authorization code + PKCE, ID
# token signed RS256 and checked against the provider's JWKS). Without a client
# id the "sign in with VNeID" button is not shown and the routes answer 404.
# The personal ID number comes in the claim MOTCUA_OIDC_ID_NUMBER_CLAIM.
#
# MOTCUA_EID_DEMO_PROVIDER mounts a stand-in provider (django-oauth-toolkit) at
# /eid-demo/o/ whose identities carry that claim: on for the demo only. When it
# is on and no provider is configured, the client points at it, reached at
# MOTCUA_EID_DEMO_URL (the address the demo is served at).
MOTCUA_EID_DEMO_PROVIDER = env_bool("MOTCUA_EID_DEMO_PROVIDER", MOTCUA_DEMO)
MOTCUA_EID_DEMO_URL = env_str("MOTCUA_EID_DEMO_URL", "http://127.0.0.1:8000").rstrip("/")
MOTCUA_EID_DEMO_CLIENT_ID = "motcua-eid-demo"
MOTCUA_EID_DEMO_CLIENT_SECRET = "motcua-eid-demo-secret"  # noqa: S105 - demo provider only
_eid_demo_issuer = (
    f"{MOTCUA_EID_DEMO_URL}/eid-demo/o"
    if MOTCUA_EID_DEMO_PROVIDER and not env_str("MOTCUA_OIDC_CLIENT_ID")
    else ""
)


def _oidc_endpoint(name: str, demo_path: str) -> str:
    return env_str(name, f"{_eid_demo_issuer}{demo_path}" if _eid_demo_issuer else "")


OIDC_RP_CLIENT_ID = env_str(
    "MOTCUA_OIDC_CLIENT_ID", MOTCUA_EID_DEMO_CLIENT_ID if _eid_demo_issuer else ""
)
OIDC_RP_CLIENT_SECRET = env_secret("MOTCUA_OIDC_CLIENT_SECRET") or (
    MOTCUA_EID_DEMO_CLIENT_SECRET if _eid_demo_issuer else ""
)
OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc_endpoint("MOTCUA_OIDC_AUTHORIZATION_URL", "/authorize/")
OIDC_OP_TOKEN_ENDPOINT = _oidc_endpoint("MOTCUA_OIDC_TOKEN_URL", "/token/")
OIDC_OP_USER_ENDPOINT = _oidc_endpoint("MOTCUA_OIDC_USERINFO_URL", "/userinfo/")
OIDC_OP_JWKS_ENDPOINT = _oidc_endpoint("MOTCUA_OIDC_JWKS_URL", "/.well-known/jwks.json")
# The ID token's "iss" must be this value (empty: not checked; set it in production).
MOTCUA_OIDC_ISSUER = env_str("MOTCUA_OIDC_ISSUER", _eid_demo_issuer)
MOTCUA_OIDC_ID_NUMBER_CLAIM = env_str("MOTCUA_OIDC_ID_NUMBER_CLAIM", "id_number")
OIDC_RP_SIGN_ALGO = env_str("MOTCUA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("MOTCUA_OIDC_SCOPES", "openid profile email phone")
OIDC_USE_PKCE = env_bool("MOTCUA_OIDC_USE_PKCE", True)
OIDC_TIMEOUT = env_int("MOTCUA_OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "citizen:oidc_callback"
if OIDC_RP_CLIENT_ID:
    for _name, _url in {
        "MOTCUA_OIDC_AUTHORIZATION_URL": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "MOTCUA_OIDC_TOKEN_URL": OIDC_OP_TOKEN_ENDPOINT,
        "MOTCUA_OIDC_USERINFO_URL": OIDC_OP_USER_ENDPOINT,
        "MOTCUA_OIDC_JWKS_URL": OIDC_OP_JWKS_ENDPOINT,
    }.items():
        if not _url.startswith(("https://", "http://")):
            raise ConfigError(f"MOTCUA_OIDC_CLIENT_ID is set: {_name} must be an http(s) URL")
    if not OIDC_RP_CLIENT_SECRET:
        raise ConfigError("MOTCUA_OIDC_CLIENT_ID is set: MOTCUA_OIDC_CLIENT_SECRET is needed too")
# Citizens sign in with their ID number and a password kept by motcua: for the
# demo only (a real deployment signs citizens in through the e-ID provider).
MOTCUA_CITIZEN_DEMO_PASSWORD = env_bool("MOTCUA_CITIZEN_DEMO_PASSWORD", MOTCUA_DEMO)
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "motcua.citizens.oidc.CitizenOIDCBackend",
]
# The stand-in provider signs ID tokens with this key: MOTCUA_EID_DEMO_KEY (PEM,
# or MOTCUA_EID_DEMO_KEY_FILE), else one made on first start under VAR_DIR.
_eid_demo_key = env_secret("MOTCUA_EID_DEMO_KEY")
if MOTCUA_EID_DEMO_PROVIDER and not _eid_demo_key:
    _eid_demo_key = rsa_private_key_pem(VAR_DIR / "eid-demo" / "oidc-signing-key.pem")
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _eid_demo_key,
    "OAUTH2_VALIDATOR_CLASS": "motcua.citizens.eid_demo.EidDemoValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Name and personal ID number",
        "email": "E-mail address",
        "phone": "Phone number",
    },
    "DEFAULT_SCOPES": ["openid"],
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MOTCUA_LOG_LEVEL", "INFO")},
    # Font subsetting (signature stamps) and PDF rendering log every step at INFO.
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
        # One line per in-process job is noise in the web log; workers log their own.
        "celery.app.trace": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}
