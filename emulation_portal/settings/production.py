"""Production: every secret comes from the environment; insecure defaults are refused."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DEV_AUDIT_KEY,
    DEV_SECRET_KEY,
    PORTAL_AUDIT_KEY,
    PORTAL_BALLOT_KEY,
    QUIET_LOGGERS,
    SECRET_KEY,
    env,
)

DEBUG = False
if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production refuses the development key.")
if not PORTAL_AUDIT_KEY or PORTAL_AUDIT_KEY == DEV_AUDIT_KEY:
    raise ImproperlyConfigured("Set PORTAL_AUDIT_KEY: production refuses the development key.")
if PORTAL_AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured("PORTAL_AUDIT_KEY must differ from DJANGO_SECRET_KEY.")
if len(PORTAL_AUDIT_KEY) < 32:
    raise ImproperlyConfigured("PORTAL_AUDIT_KEY must be at least 32 characters long.")
if not PORTAL_BALLOT_KEY or PORTAL_BALLOT_KEY in (SECRET_KEY, DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "Set PORTAL_BALLOT_KEY to a secret of its own (not DJANGO_SECRET_KEY): it wraps the "
        "keys that seal cast ballots while voting is open."
    )
# Printed in QR codes and e-mail links, which outlive the request: no default could be right.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="")
if not PORTAL_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "Set PORTAL_BASE_URL to the portal's public address (e.g. https://portal.example.org): "
        "QR codes and e-mail links point there."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer probes over plain HTTP
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
PORTAL_DEMO_DATA_ALLOWED = False  # demo accounts have published passwords
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=True)
PORTAL_SIGNING_REQUIRES_OTP = env.bool("PORTAL_SIGNING_REQUIRES_OTP", default=True)

# Structured logs to stdout, one JSON object a line, for the log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": QUIET_LOGGERS,
}
