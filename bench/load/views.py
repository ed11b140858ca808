"""The two yardsticks of the load benchmark, served through the portal's own middleware.

- The anchor: a 50-row table from one query, rendered by a template: what a page costs at
  the least, in the same run, so that each page is judged by its ratio to it rather than by
  milliseconds that depend on the machine.
- The ping: a signed-in request that does nothing, so it costs what every request pays
  (session, user, second factor, audit context, the session saved again).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.views.decorators.http import require_safe

from blocs.models import Person

TABLE = engines["django"].from_string(
    """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Anchor</title></head>
<body><table>
<thead><tr><th>#</th><th>Họ và tên</th><th>Cấp bậc</th><th>Chức vụ</th><th>Đơn vị</th></tr></thead>
<tbody>{% for person in people %}
<tr><td>{{ forloop.counter }}</td><td>{{ person.full_name }}</td>
<td>{{ person.get_rank_display }}</td><td>{{ person.position }}</td>
<td>{{ person.unit.name }}</td></tr>
{% endfor %}</tbody></table></body></html>"""
)


@require_safe
@login_required
def anchor(request: HttpRequest) -> HttpResponse:
    people = Person.objects.select_related("unit").order_by("pk")[:50]
    # Rendered without the request: the portal's context processors (menus, the bell) would
    # add their queries, and the anchor is the one query of its table.
    return HttpResponse(TABLE.render({"people": people}))


@require_safe
@login_required
def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("pong", content_type="text/plain")
