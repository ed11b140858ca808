"""The awards app's pages, one module a purpose."""

from __future__ import annotations

from .ballots import (
    ballot_close,
    ballot_detail,
    ballot_list,
    ballot_mark_absent,
    ballot_open,
    ballot_receipt,
    ballot_runoff,
    ballot_vote,
    minutes_request,
)
from .exemplary import exemplary_list
from .proposals import (
    decision_correct,
    decision_create,
    notice_publish,
    proposal_create,
    proposal_detail,
    proposal_document,
    proposal_list,
)
from .scoring import (
    criteria_edit,
    ranking,
    score_evidence_download,
    score_evidence_upload,
    score_sheet,
    score_table_create,
    score_table_list,
)

__all__ = [
    "ballot_close",
    "ballot_detail",
    "ballot_list",
    "ballot_mark_absent",
    "ballot_open",
    "ballot_receipt",
    "ballot_runoff",
    "ballot_vote",
    "criteria_edit",
    "decision_correct",
    "decision_create",
    "exemplary_list",
    "minutes_request",
    "notice_publish",
    "proposal_create",
    "proposal_detail",
    "proposal_document",
    "proposal_list",
    "ranking",
    "score_evidence_download",
    "score_evidence_upload",
    "score_sheet",
    "score_table_create",
    "score_table_list",
]
