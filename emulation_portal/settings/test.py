"""Tests: the database and Redis come from DATABASE_URL and REDIS_URL when set."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run inline unless a test starts a real worker (tests/workers.py), whose own tasks
# go through Redis too.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = False
PORTAL_DEMO_RESET_ALLOWED = True  # seed_demo --reset: a local database only
