"""Security headers on every page and error pages that leak nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path, reverse

from tests.conftest import World


def boom(request: object) -> None:
    raise RuntimeError("secret internal detail: password=hunter2")


urlpatterns = [path("boom/", boom)]


def test_security_headers(world: World) -> None:
    response = world.client("secretariat").get(reverse("dashboard"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_hsts_over_https_in_production_style(world: World, settings: object) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = world.client("secretariat").get(reverse("dashboard"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_page_has_an_inline_script(world: World) -> None:
    for name in ["dashboard", "blocs:bloc_list", "blocs:campaign_create", "accounts:sessions"]:
        content = world.client("secretariat").get(reverse(name)).content.decode()
        for tag in content.split("<script")[1:]:
            assert tag.split(">", 1)[0].strip().startswith("src="), name


def test_404_is_vietnamese_and_plain(world: World) -> None:
    response = world.client("secretariat").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Không tìm thấy trang" in content
    assert "khong-co-trang-nay" not in content  # nothing echoed back


@pytest.mark.urls("tests.test_headers")
def test_500_is_vietnamese_and_leaks_nothing(db: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Đã có lỗi xảy ra" in content
    assert "hunter2" not in content and "RuntimeError" not in content


def test_403_page_is_vietnamese(world: World) -> None:
    response = world.client("commander").get(reverse("blocs:bloc_update", args=[world.bloc.pk]))
    assert response.status_code == 403
    assert "Đồng chí không được phép" in response.content.decode()


def test_oversized_request_body_is_a_clean_400(world: World, settings: object) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = world.client("secretariat").post(
        reverse("blocs:campaign_create"), {"name": "x" * 5000}
    )
    assert response.status_code == 400


def test_health_endpoint_is_open_without_login(db: None) -> None:
    response = Client().get(reverse("health"))
    assert response.status_code in (200, 503)
    assert set(response.json()) == {
        "status",
        "database",
        "redis",
        "worker",
        "jobs",
        "jobs_stuck",
        "jobs_failed_24h",
    }
