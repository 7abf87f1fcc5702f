"""Django settings for Kirjaamo.

Every setting an operator may change comes from an environment variable (documented in README.md,
"Configuration"). Secrets that are not given are generated once into the var directory with mode
0600, so a fresh clone runs without manual set-up and no secret is ever committed.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from kirjaamo.lib.secrets import env_flag, load_or_create_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KIRJAAMO_VAR_DIR", BASE_DIR / "var")).resolve()

SECRET_KEY = os.environ.get("KIRJAAMO_SECRET_KEY") or load_or_create_secret(
    VAR_DIR / "secret_key", nbytes=50
)
# Master key for personal-data encryption (HETU). Base64 of 32 random bytes. Sub-keys for
# AES-GCM and for the blind index are derived from it (kirjaamo/lib/crypto.py).
DATA_KEY = os.environ.get("KIRJAAMO_DATA_KEY") or load_or_create_secret(
    VAR_DIR / "data_key", nbytes=32
)

DEBUG = env_flag("KIRJAAMO_DEBUG", default=False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("KIRJAAMO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("KIRJAAMO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
HTTPS = env_flag("KIRJAAMO_HTTPS", default=False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "kirjaamo.accounts",
    "kirjaamo.audit",
    "kirjaamo.parties",
    "kirjaamo.contracts",
    "kirjaamo.billing",
    "kirjaamo.communications",
    "kirjaamo.history",
    "kirjaamo.search",
    "kirjaamo.imports",
    "kirjaamo.scale",
    "kirjaamo.demo",
    "kirjaamo.profile",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kirjaamo.lib.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kirjaamo.urls"
WSGI_APPLICATION = "kirjaamo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kirjaamo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kirjaamo.accounts.context_processors.roles",
            ],
            "libraries": {"kirjaamo": "kirjaamo.lib.templatetags.kirjaamo"},
        },
    },
]

DATABASE_URL = os.environ.get("KIRJAAMO_DATABASE_URL", f"sqlite:///{VAR_DIR / 'kirjaamo.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "search:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kirjaamo" / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kirjaamo_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "kirjaamo" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Media (call recordings) are personal data: they are never served from a public URL, only
# through a gated, audited download view. MEDIA_URL is therefore left unset.
MEDIA_ROOT = Path(os.environ.get("KIRJAAMO_MEDIA_ROOT", VAR_DIR / "media")).resolve()

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("KIRJAAMO_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("KIRJAAMO_HSTS_SECONDS", "31536000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "kirjaamo.lib.logging.RedactPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KIRJAAMO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints the request path; ours never contain personal values,
        # but the filter still runs on every record in case a value slips through.
        "django.db.backends": {"level": "WARNING"},
    },
}

# The register profile (profiles/*.yaml): the declaration the register enforces and publishes as
# its privacy notice. `kirjaamo demo --profile FILE` records its choice in var/profile for the demo.
_demo_profile = VAR_DIR / "profile"
KIRJAAMO_PROFILE = Path(
    os.environ.get("KIRJAAMO_PROFILE")
    or (_demo_profile.read_text(encoding="utf-8").strip() if _demo_profile.exists() else "")
    or BASE_DIR / "profiles" / "examples" / "elmonet.yaml"
).resolve()

# Search: how many hits one search returns at most. The UI never shows an unbounded list.
KIRJAAMO_SEARCH_LIMIT = 20
