"""The evaluation app's pages: the secret ballot and its minutes; scoring and the ranking."""

from __future__ import annotations

from .ballots import (
    ballot_close,
    ballot_detail,
    ballot_export,
    ballot_list,
    ballot_mark_absent,
    ballot_open,
    ballot_receipt,
    ballot_runoff,
    ballot_vote,
    minutes_request,
)
from .scoring import (
    criteria_edit,
    ranking,
    ranking_export,
    score_evidence_download,
    score_evidence_upload,
    score_sheet,
    score_table_create,
    score_table_list,
)

__all__ = [
    "ballot_close",
    "ballot_detail",
    "ballot_export",
    "ballot_list",
    "ballot_mark_absent",
    "ballot_open",
    "ballot_receipt",
    "ballot_runoff",
    "ballot_vote",
    "criteria_edit",
    "minutes_request",
    "ranking",
    "ranking_export",
    "score_evidence_download",
    "score_evidence_upload",
    "score_sheet",
    "score_table_create",
    "score_table_list",
]
