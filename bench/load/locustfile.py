"""The simulated users of the load benchmark (run by ``bench/load/run.py``, not by hand).

Each user takes the next bench account of the next role (secretariat, commander, reviewer,
superior, admin, then again), logs in as a person does (the login form, then the one-time
code of its authenticator, computed from the TOTP key enrolled for it), and then opens its
role's pages, the anchor and the ping in turn (from a random start), waiting ``BENCH_THINK`` seconds
between two (0 by default). Every request's time is written to ``BENCH_SAMPLES`` (one JSON
line each) for the runner's percentiles; a page that answers anything but 200, or the login
page, is a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from typing import Any

from django_otp.oath import totp
from locust import constant, events
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
SAMPLES = open(os.environ["BENCH_SAMPLES"], "a", encoding="utf-8")  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ROLES = ["secretariat", "commander", "reviewer", "superior", "admin"]
_turn = itertools.count()


@events.request.add_listener
def _sample(name: str, response_time: float, exception: Any, **kwargs: Any) -> None:
    row = {"name": name, "ms": response_time, "ok": exception is None, "t": time.time()}
    SAMPLES.write(json.dumps(row) + "\n")


class PortalUser(FastHttpUser):
    wait_time = constant(float(os.environ.get("BENCH_THINK", "0")))

    def on_start(self) -> None:
        turn = next(_turn)
        self.role = ROLES[turn % len(ROLES)]
        account = PLAN["accounts"][self.role][1 + turn // len(ROLES)]
        pages = [p for p in PLAN["pages"] if p["role"] in (self.role, "all")]
        start = random.randrange(len(pages))  # noqa: S311  (not a secret)
        self.pages = itertools.cycle(pages[start:] + pages[:start])
        self._login(account["username"], account["key"])

    def _form(self, path: str) -> str:
        response = self.client.get(path, name="login")
        match = CSRF.search(response.text or "")
        if match is None:
            raise RuntimeError(f"no form at {path}: {response.status_code}")
        return match.group(1)

    def _login(self, username: str, key: str) -> None:
        token = self._form("/accounts/login/")
        self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": PLAN["password"]},
            name="login",
        )
        token = self._form("/accounts/2fa/verify/")
        code = f"{totp(bytes.fromhex(key)):06d}"
        with self.client.post(
            "/accounts/2fa/verify/",
            data={"csrfmiddlewaretoken": token, "token": code, "next": "/"},
            name="login",
            catch_response=True,
        ) as response:
            if "/accounts/" in (response.url or ""):
                response.failure(f"{username} was not let in")
                raise RuntimeError(f"{username} was not let in")

    def _open(self, page: dict[str, str]) -> None:
        label = f"{page['name']}|{page['role']}"
        # The label goes to gunicorn's access log too, which times the request in the worker.
        headers = {"X-Bench-Page": label}
        with self.client.get(
            page["path"], name=label, headers=headers, catch_response=True
        ) as response:
            if response.status_code != 200 or "/accounts/" in (response.url or ""):
                response.failure(f"{response.status_code} at {response.url}")

    def task_page(self) -> None:
        self._open(next(self.pages))

    tasks = [task_page]
