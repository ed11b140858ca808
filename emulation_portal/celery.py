"""The Celery application: configured from Django settings (``CELERY_*``)."""

from __future__ import annotations

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings.local")

app = Celery("emulation_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_imported_objects(**kwargs: object) -> None:
    """A pool process starts with everything its parent imported (Django, the apps,
    WeasyPrint): moved out of the garbage collector's reach, a collection walks only what
    the tasks allocate instead of those hundreds of thousands of objects again and again."""
    gc.freeze()
