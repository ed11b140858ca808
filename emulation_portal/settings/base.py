"""Settings shared by every environment, read from the environment with safe defaults.

With nothing set the portal runs on SQLite and an embedded (filesystem) Celery queue;
``DATABASE_URL`` selects PostgreSQL and ``REDIS_URL`` selects Redis for Celery and the cache.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# The development key is public (it is in git); production settings refuse it.
DEV_SECRET_KEY = "dev-only-not-secret-emulation-portal-3f9c1e7a2b6d4c8e9f0a1b2c3d4e5f60"  # noqa: S105
SECRET_KEY = env("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
# Seals the audit log's hash chain (HMAC-SHA256, see audit.chain): someone who can write the
# database but lacks this key cannot re-seal rows they rewrite. Keep it out of the database and
# its backups; production refuses this public development value and DJANGO_SECRET_KEY.
DEV_AUDIT_KEY = "dev-only-not-secret-audit-chain-key-8d2f61c09b7e4a35"
PORTAL_AUDIT_KEY = env("PORTAL_AUDIT_KEY", default=DEV_AUDIT_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "qsessions",  # sessions tied to their user, address and browser (see accounts.sessions)
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "audit",
    "jobs",
    "imports",
    "accounts",
    "ops",
    "blocs",
    "pledges",
    "evaluation",
    "awards",
    "certificates",
    "summaries",
    "archive",
]

MIDDLEWARE = [
    "emulation_portal.lib.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "qsessions.middleware.SessionMiddleware",
    "emulation_portal.lib.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "emulation_portal.lib.middleware.UnicodeNFCMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "emulation_portal.urls"
WSGI_APPLICATION = "emulation_portal.wsgi.application"

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
                "accounts.notifications.unread_count",
                "emulation_portal.navigation.navigation",
            ],
            "libraries": {"numbers": "emulation_portal.lib.templatetags.numbers"},
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db("DATABASE_URL", default=SQLITE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write to the same file: wait for locks instead of
    # failing, and take the write lock at BEGIN so two writers never deadlock on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background jobs ----------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CELERY_BROKER_URL = REDIS_URL
    # A task a killed worker had taken goes back to the queue after this many seconds (acks
    # are late): longer than any task may run (the time limits below), so none runs twice.
    # Workers look for such tasks every interval × throttle seconds (kombu's defaults: 10 × 10).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("PORTAL_CELERY_VISIBILITY_TIMEOUT", default=900),
        "unacked_restore_interval": env.int("PORTAL_CELERY_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": env.int("PORTAL_CELERY_RESTORE_THROTTLE", default=10),
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Embedded queue: kombu's filesystem transport, so a local run needs no Redis yet jobs still
    # run in a separate worker process. Producer and consumer share one folder.
    CELERY_QUEUE_DIR = VAR_DIR / "celery-queue"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        "control_folder": str(VAR_DIR / "celery-control"),
    }
# The queue that tasks go to and workers read (tests give each real worker its own).
CELERY_TASK_DEFAULT_QUEUE = env("PORTAL_CELERY_QUEUE", default="celery")
# Job state lives on our own Job model, so Celery keeps no results.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# Hard time limits of the job tasks (jobs/tasks.py): a document or one chunk of a batch, and
# the assembly of a whole batch; each soft limit is a minute earlier.
PORTAL_JOB_TIME_LIMIT = CELERY_TASK_TIME_LIMIT
PORTAL_JOB_ASSEMBLE_TIME_LIMIT = 660
# A waiting or running job that shows no progress for this long has lost its task (a broker
# that lost its queue, a task dropped after an outage): the watchdog queues it again, twice,
# then fails it with *Try again*. Longer than any job task may run, so a slow step is never
# taken for a lost one.
PORTAL_JOB_STALL_SECONDS = env.int(
    "PORTAL_JOB_STALL_SECONDS", default=PORTAL_JOB_ASSEMBLE_TIME_LIMIT + 60
)
# How often beat runs the watchdog.
PORTAL_JOB_WATCHDOG_SECONDS = env.int("PORTAL_JOB_WATCHDOG_SECONDS", default=60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "ops.tasks.worker_heartbeat", "schedule": 30.0},
    "job-watchdog": {
        "task": "jobs.tasks.job_watchdog",
        "schedule": float(PORTAL_JOB_WATCHDOG_SECONDS),
    },
    "pledge-signing-reminders": {
        "task": "pledges.tasks.signing_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
# Days before a pledge's signing deadline on which unsigned units' commanders are e-mailed.
PORTAL_SIGNING_REMINDER_DAYS = env.list(
    "PORTAL_SIGNING_REMINDER_DAYS", cast=int, default=[7, 3, 1, 0]
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="portal@localhost")
# Certificates per chunk of a batch: one WeasyPrint document each (bounded memory), and the
# unit of work that workers share.
PORTAL_CERTIFICATE_CHUNK = env.int("PORTAL_CERTIFICATE_CHUNK", default=100)
# Table rows (or chart bars) per chunk of the year-end summary's PDF: one WeasyPrint document
# each, so a worker's memory does not grow with the bloc's size.
PORTAL_SUMMARY_CHUNK_ROWS = env.int("PORTAL_SUMMARY_CHUNK_ROWS", default=150)
# Lookups of the public certificate check, per address (django-ratelimit; a miss counts more).
PORTAL_VERIFY_RATE = env("PORTAL_VERIFY_RATE", default="60/m")
PORTAL_VERIFY_MISS_RATE = env("PORTAL_VERIFY_MISS_RATE", default="10/10m")
# When the cache that counts them (Redis) is down, the check answers uncounted (open) or
# answers 503 (closed). Open: the codes' 120 random bits, not the limit, stop guessing, and
# whoever is shown a certificate can still check it during the outage.
PORTAL_VERIFY_RATELIMIT_FAIL_OPEN = env.bool("PORTAL_VERIFY_RATELIMIT_FAIL_OPEN", default=True)
# The health endpoint fails when no worker has run the heartbeat for this long.
PORTAL_WORKER_HEARTBEAT_MAX_AGE = env.int("PORTAL_WORKER_HEARTBEAT_MAX_AGE", default=120)

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out accounts and addresses first
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection (django-axes): per account and, separately, per address.
AXES_FAILURE_LIMIT = env.int("PORTAL_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("PORTAL_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "emulation_portal.lib.middleware.client_ip"
AXES_VERBOSE = False
# Two-factor login (TOTP, with recovery codes) for the roles that act, when required.
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = "Emulation Portal"
# Signing a pledge asks for a one-time code too (always when the user has an authenticator).
PORTAL_SIGNING_REQUIRES_OTP = env.bool("PORTAL_SIGNING_REQUIRES_OTP", default=PORTAL_REQUIRE_2FA)
# Sensitive actions ask for the password again when the last check is older than this.
PORTAL_REAUTH_SECONDS = env.int("PORTAL_REAUTH_SECONDS", default=300)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["emulation_portal.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party assets come from the npm packages the setup installs, never from a CDN.
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "emulation_portal.lib.staticfiles.PackageFileFinder",
]
# Single files of npm packages (the package folder is too big to serve whole). Icons are SVG,
# never emoji: closed networks often have no emoji font and show empty boxes.
ICON_SPRITE = NODE_MODULES / "bootstrap-icons" / "bootstrap-icons.svg"
PORTAL_PACKAGE_STATIC_FILES = {"vendor/bootstrap-icons/bootstrap-icons.svg": ICON_SPRITE}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Forms ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Sessions -----------------------------------------------------------------------------------
# The database is the one place that knows a session (so ending one takes effect everywhere
# at once, and expiry follows the database clock). Our store is qsessions' (each session tied
# to its user, address and browser) whose one query also reads the user's two-factor devices
# (accounts.sessions).
SESSION_ENGINE = "accounts.sessions"
# Inactivity timeout: activity pushes the expiry forward by this much, saving the session at
# most once every PORTAL_SESSION_REFRESH_SECONDS rather than on every request
# (accounts.middleware.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = env.int("PORTAL_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = False
PORTAL_SESSION_REFRESH_SECONDS = 60
# Absolute lifetime from login, whatever the activity (accounts.middleware).
PORTAL_SESSION_MAX_AGE = env.int("PORTAL_SESSION_MAX_HOURS", default=12) * 3600
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: use the peer address).
PORTAL_TRUSTED_PROXY_COUNT = env.int("PORTAL_TRUSTED_PROXY_COUNT", default=0)

# --- Security defaults shared by all environments ---------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline scripts or styles anywhere; every asset comes from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
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
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "fullscreen",
        "display-capture",
    ]
}

# --- The portal -------------------------------------------------------------------------------
PORTAL_PAGE_SIZE = 25
# Where printed documents say they were issued when a bloc has no place of its own.
PORTAL_DEFAULT_PLACE = env("PORTAL_DEFAULT_PLACE", default="Hà Nội")

QUIET_LOGGERS = {
    # WeasyPrint reports every CSS property it does not support; keep only real problems.
    "weasyprint": {"level": "ERROR"},
    "fontTools": {"level": "WARNING"},
    "axes": {"level": "WARNING"},
    "pikepdf": {"level": "WARNING"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": QUIET_LOGGERS,
}
PORTAL_DEMO_DATA_ALLOWED = True
# ``seed_demo --reset`` (``bin/run --reset-demo``) deletes every record and file: only the local
# and test settings allow it, never production or any settings that do not say so.
PORTAL_DEMO_RESET_ALLOWED = False
# The absolute address of the portal, for links printed on documents (QR codes) and in emails.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# The organisation's certificate (PKCS#12) that signs issued PDFs (PAdES).
PORTAL_PDF_SIGNING_P12 = env(
    "PORTAL_PDF_SIGNING_P12", default=str(VAR_DIR / "signing" / "portal.p12")
)
PORTAL_PDF_SIGNING_PASSPHRASE = env("PORTAL_PDF_SIGNING_PASSPHRASE", default="")
# Wraps each ballot's own key while voting is open (never stored in the database). Derived
# from SECRET_KEY when unset locally; production requires a key of its own.
PORTAL_BALLOT_KEY = env("PORTAL_BALLOT_KEY", default="")
# Where each open ballot's key is kept (outside the database, outside backups); a ballot's
# key is overwritten and removed once its count is committed. Shared by every web process.
PORTAL_BALLOT_KEY_DIR = env("PORTAL_BALLOT_KEY_DIR", default=str(VAR_DIR / "ballot-keys"))
