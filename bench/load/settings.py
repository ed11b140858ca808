"""The production settings, served over plain HTTP on this machine for the load benchmark.

Everything is production's (DEBUG off, two-factor login required, the manifest static files,
Redis, the JSON logs) except what plain-HTTP localhost cannot do: no redirect to HTTPS, and
the session, CSRF and language cookies not marked Secure (a client does not send a Secure
cookie back over HTTP). The URL configuration adds the bench's anchor and ping to the
project's own.
"""

from __future__ import annotations

from emulation_portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.load.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
