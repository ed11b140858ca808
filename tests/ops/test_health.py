from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ops.models import WorkerHeartbeat
from ops.tasks import worker_heartbeat


def test_healthy_when_a_worker_ran_the_heartbeat(db: None) -> None:
    worker_heartbeat()
    response = Client().get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["worker"] == "ok"
    assert response.json()["database"] == "ok"


def test_unhealthy_when_no_worker_has_been_seen_lately(db: None) -> None:
    WorkerHeartbeat.objects.create(
        worker="old", seen_at=timezone.now() - datetime.timedelta(hours=1)
    )
    response = Client().get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {**response.json(), "status": "failing", "worker": "failing"}
