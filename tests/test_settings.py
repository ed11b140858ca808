"""Production settings are safe by default."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from emulation_portal.settings.base import DEV_AUDIT_KEY


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in ("PORTAL_AUDIT_KEY", "PORTAL_BASE_URL")
    }
    required = {
        "PORTAL_BALLOT_KEY": secrets.token_urlsafe(32),
        "PORTAL_AUDIT_KEY": secrets.token_urlsafe(50),
        "PORTAL_BASE_URL": "https://portal.example.vn",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={
            **clean,
            **required,
            "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.production",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        PORTAL_AUDIT_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="portal.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_secret_key() -> None:
    result = _manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_ballot_key_of_its_own() -> None:
    secret = secrets.token_urlsafe(50)
    for ballot_key in ("", secret):
        result = _manage("check", DJANGO_SECRET_KEY=secret, PORTAL_BALLOT_KEY=ballot_key)
        assert result.returncode != 0
        assert "PORTAL_BALLOT_KEY" in result.stderr


@pytest.mark.parametrize(
    "audit_key",
    [None, DEV_AUDIT_KEY, "same-as-the-secret-key", "too-short-0123456789"],
    ids=["unset", "development", "secret-key", "short"],
)
def test_production_refuses_a_missing_or_weak_audit_key(audit_key: str | None) -> None:
    secret_key = secrets.token_urlsafe(50)
    env = {"DJANGO_SECRET_KEY": secret_key}
    env["PORTAL_AUDIT_KEY"] = {None: "", "same-as-the-secret-key": secret_key}.get(
        audit_key, audit_key
    )
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "PORTAL_AUDIT_KEY" in result.stderr


@pytest.mark.parametrize(
    "base_url", ["", "portal.example.vn", "ftp://portal.example.vn"], ids=["unset", "bare", "ftp"]
)
def test_production_refuses_to_start_without_the_portal_s_own_address(base_url: str) -> None:
    """QR codes and e-mail links are printed with it: a default would point at port 8000."""
    result = _manage("check", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), PORTAL_BASE_URL=base_url)
    assert result.returncode != 0
    assert "PORTAL_BASE_URL" in result.stderr


def test_production_refuses_demo_accounts() -> None:
    result = _manage(
        "seed_demo",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        PORTAL_AUDIT_KEY=secrets.token_urlsafe(50),
    )
    assert result.returncode != 0
    assert "refused" in result.stderr


LOG_ONE_LINE = (
    "import logging, django; django.setup(); logging.getLogger('portal').warning('Khối %s', 4)"
)


def test_production_logs_are_json_lines() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOG_ONE_LINE],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "PORTAL_BALLOT_KEY": secrets.token_urlsafe(32),
            "PORTAL_AUDIT_KEY": secrets.token_urlsafe(50),
            "PORTAL_BASE_URL": "https://portal.example.vn",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "portal", "Khối 4")
