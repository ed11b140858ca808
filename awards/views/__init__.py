"""The awards app's pages, one module a purpose."""

from __future__ import annotations

from .exemplary import exemplary_list
from .proposals import (
    achievement_report_request,
    decision_correct,
    decision_create,
    dossier_request,
    notice_publish,
    proposal_create,
    proposal_detail,
    proposal_document,
    proposal_list,
)

__all__ = [
    "achievement_report_request",
    "decision_correct",
    "decision_create",
    "dossier_request",
    "exemplary_list",
    "notice_publish",
    "proposal_create",
    "proposal_detail",
    "proposal_document",
    "proposal_list",
]
