from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from emulation_portal.lib.downloads import attachment

from .exports import csv_bytes
from .models import AuditEvent

HEADER = [
    "seq",
    "time_utc",
    "user",
    "action",
    "object_type",
    "object_id",
    "object",
    "address",
    "details",
]


@require_safe
@staff_member_required
def export(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_auditevent"):
        raise PermissionDenied
    events = AuditEvent.objects.order_by("seq")
    if query := request.GET.get("q", "").strip():
        events = events.filter(
            Q(actor_name__icontains=query)
            | Q(action__icontains=query)
            | Q(target_repr__icontains=query)
        )
    if action := request.GET.get("action__exact"):
        events = events.filter(action=action)
    rows = (
        [
            e.seq,
            e.at.isoformat(),
            e.actor_name,
            e.action,
            e.target_type,
            e.target_id,
            e.target_repr,
            e.ip or "",
            e.data,
        ]
        for e in events.iterator()
    )
    return attachment(
        csv_bytes(HEADER, rows), filename="nhật-ký-kiểm-toán.csv", content_type="text/csv"
    )
