"""Vietnamese dates as an administrative text writes them (Decree 30/2020): 08/10/2026, not
Django's default 08-10-2026. Everything else is Django's own Vietnamese format."""

from django.conf.locale.vi.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
