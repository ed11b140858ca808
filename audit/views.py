from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from emulation_portal.lib.downloads import attachment

from .exports import csv_bytes
from .models import AuditEvent
from .selectors import AuditQuery, parse_day

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
    # The admin list's search and filters, so the file holds the entries the admin listed.
    asked = AuditQuery(
        query=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
        target_type=request.GET.get("target_type", ""),
        action=request.GET.get("action__exact", ""),
        since=parse_day(request.GET.get("since")),
        until=parse_day(request.GET.get("until")),
    )
    events = asked.apply(AuditEvent.objects.order_by("seq"))
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
