"""The project's URLs, and the bench's anchor and ping (never part of the product)."""

from __future__ import annotations

from django.urls import include, path

from bench.load import views

urlpatterns = [
    path("bench/anchor/", views.anchor, name="bench_anchor"),
    path("bench/ping/", views.ping, name="bench_ping"),
    path("", include("emulation_portal.urls")),
]
