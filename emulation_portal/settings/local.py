"""Local development: the setup-and-run command uses these."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
PORTAL_DEMO_RESET_ALLOWED = True  # seed_demo --reset: a local database only
