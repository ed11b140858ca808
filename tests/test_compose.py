"""docker-compose.yml: a valid Compose file, with the shape the deployment relies on.

No Docker engine is needed. The file is validated against the official Compose
Specification JSON schema (compose-spec/compose-spec, schema/compose-spec.json) in the copy
that the check-jsonschema package vendors as its builtin ``vendor.compose-spec`` schema, so
the check runs offline. Docker Compose validates against its own embedded copy of that same
upstream schema (the revisions may differ a little). References between services and volumes,
which `docker compose config` also checks, are asserted by the tests below. (Checked once by
hand with a real `docker compose config`, Compose v2.40.3.)

Needs (requirements-dev.txt): check-jsonschema, which brings jsonschema and ruamel.yaml.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"

APP_SERVICES = ("web", "worker", "beat")
ALL_SERVICES = (*APP_SERVICES, "db", "redis")
MEDIA_ROOT = "/app/var/media"  # DJANGO_MEDIA_ROOT in the Dockerfile


# --- helpers ----------------------------------------------------------------------------------


def load_compose() -> dict[str, Any]:
    # Safe loader: plain dicts and lists, YAML merge keys (`<<: *app`) resolved, and duplicate
    # keys rejected, as Compose itself does.
    data = YAML(typ="safe", pure=True).load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "docker-compose.yml must be a mapping"
    return data


def compose_schema() -> dict[str, Any]:
    schema_file = resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json"
    return json.loads(schema_file.read_text(encoding="utf-8"))


def service(name: str) -> dict[str, Any]:
    return load_compose()["services"][name]


def volume_mounts(svc: dict[str, Any]) -> dict[str, str]:
    """Container path -> source, for both the short ("src:dst[:mode]") and long syntax."""
    mounts = {}
    for entry in svc.get("volumes", []):
        if isinstance(entry, str):
            source, _, rest = entry.partition(":")
            mounts[rest.split(":")[0]] = source
        else:
            mounts[entry["target"]] = entry.get("source", "")
    return mounts


def depends_on_conditions(svc: dict[str, Any]) -> dict[str, str]:
    """Dependency -> condition; the list syntax means service_started."""
    deps = svc.get("depends_on", {})
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def env_files(svc: dict[str, Any]) -> list[str]:
    value = svc.get("env_file", [])
    entries = [value] if isinstance(value, (str, dict)) else value
    return [e if isinstance(e, str) else e["path"] for e in entries]


def healthcheck_command(svc: dict[str, Any]) -> str:
    check = svc.get("healthcheck") or {}
    assert not check.get("disable"), "healthcheck is disabled"
    test = check.get("test")
    assert test, "no healthcheck test"
    return test if isinstance(test, str) else " ".join(test)


# --- the Compose specification ----------------------------------------------------------------


def test_schema_is_the_compose_specification():
    # Guards the test itself: if a check-jsonschema release moved or replaced the vendored
    # schema, fail here rather than validate against something else.
    schema = compose_schema()
    assert schema.get("title") == "Compose Specification"
    assert schema.get("$id") == "compose_spec.json"
    assert "service" in schema.get("$defs", schema.get("definitions", {}))


def test_compose_file_matches_compose_specification():
    schema = compose_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(load_compose()), key=lambda e: list(e.absolute_path))
    problems = [f"{e.json_path}: {e.message}" for e in errors]
    assert not problems, "docker-compose.yml is not valid Compose:\n" + "\n".join(problems)


# --- what the deployment relies on --------------------------------------------------------------


def test_the_five_services_exist():
    services = load_compose()["services"]
    missing = set(ALL_SERVICES) - set(services)
    assert not missing, f"missing services: {sorted(missing)}"


def test_app_services_run_one_image_built_from_the_dockerfile():
    services = load_compose()["services"]
    builds = {name: services[name].get("build") for name in APP_SERVICES}
    images = {name: services[name].get("image") for name in APP_SERVICES}
    assert all(builds.values()), f"every app service needs the build section: {builds}"
    assert len({json.dumps(b, sort_keys=True) for b in builds.values()}) == 1, builds
    assert all(images.values()) and len(set(images.values())) == 1, images

    build = builds["web"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert (ROOT / context).resolve() == ROOT
    assert (ROOT / context / dockerfile).is_file()


def test_web_and_worker_share_the_media_volume():
    compose = load_compose()
    web = volume_mounts(compose["services"]["web"]).get(MEDIA_ROOT)
    worker = volume_mounts(compose["services"]["worker"]).get(MEDIA_ROOT)
    assert web, f"web does not mount anything at {MEDIA_ROOT}"
    assert web == worker, f"web mounts {web!r} but worker mounts {worker!r} at {MEDIA_ROOT}"
    # A named volume (declared at the top level), not a bind mount of some host folder.
    assert web in (compose.get("volumes") or {}), f"{web!r} is not a named volume"


def test_postgres_keeps_its_data_in_a_named_volume():
    compose = load_compose()
    source = volume_mounts(compose["services"]["db"]).get("/var/lib/postgresql/data")
    assert source in (compose.get("volumes") or {}), "postgres data is not on a named volume"


def test_redis_keeps_its_queue_on_a_named_volume():
    # A Redis restarted without its data loses every queued task (the jobs would wait for the
    # watchdog): the append-only file, in the image's data folder, on a named volume.
    compose = load_compose()
    redis = compose["services"]["redis"]
    command = redis.get("command", "")
    words = command.split() if isinstance(command, str) else [str(word) for word in command]
    assert "--appendonly" in words and words[words.index("--appendonly") + 1] == "yes", words
    source = volume_mounts(redis).get("/data")
    assert source in (compose.get("volumes") or {}), "redis data is not on a named volume"


def test_db_and_redis_have_healthchecks():
    compose = load_compose()
    assert "pg_isready" in healthcheck_command(compose["services"]["db"])
    assert "redis-cli ping" in healthcheck_command(compose["services"]["redis"])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_db_and_redis(name):
    conditions = depends_on_conditions(service(name))
    assert conditions.get("db") == "service_healthy", conditions
    assert conditions.get("redis") == "service_healthy", conditions


@pytest.mark.parametrize("name", APP_SERVICES)
def test_migrations_run_before_the_app_services_start(name):
    services = load_compose()["services"]
    migrators = [n for n, s in services.items() if "migrate" in json.dumps(s.get("command", ""))]
    assert migrators, "no service runs `manage.py migrate`"
    conditions = depends_on_conditions(services[name])
    assert any(conditions.get(m) == "service_completed_successfully" for m in migrators), (
        f"{name} does not wait for {migrators} to complete"
    )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_take_secrets_from_the_env_file(name):
    svc = service(name)
    assert ".env" in env_files(svc)
    environment = svc.get("environment") or {}
    if isinstance(environment, list):  # ["NAME=value", ...] syntax
        environment = dict(e.partition("=")[::2] for e in environment)
    assert "DJANGO_SECRET_KEY" not in environment, "the secret key belongs in .env, not here"
    assert "PORTAL_AUDIT_KEY" not in environment, "the audit key belongs in .env, not here"
    assert environment.get("DJANGO_SETTINGS_MODULE") == "emulation_portal.settings.production"
    # Without REDIS_URL each container would use its own filesystem queue.
    assert str(environment.get("REDIS_URL", "")).startswith("redis://")


def test_web_keeps_ballot_keys_in_a_volume_of_their_own():
    compose = load_compose()
    source = volume_mounts(compose["services"]["web"]).get("/app/var/ballot-keys")
    assert source and source in (compose.get("volumes") or {})
    media = volume_mounts(compose["services"]["web"]).get(MEDIA_ROOT)
    assert source != media  # never carried by the media backup
