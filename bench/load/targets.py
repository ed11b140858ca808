"""The issue's targets for the load benchmark (no Django here: the runner's own process
reads them)."""

from __future__ import annotations

ANCHOR = "anchor"
PING = "ping"
# A page's p50 at most this many times the anchor's, in the same run.
RATIO_TARGET = 1.5
RATIO_TARGET_SLOW = {"certificate decision": 2.0, "audit log": 2.0}
PING_QUERY_TARGET = 3
