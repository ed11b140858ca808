"""The awards app's pages, one module a purpose."""

from __future__ import annotations

from .drafts import decision_docx, letter_docx, nominees_docx
from .exemplary import exemplary_adopt, exemplary_list, exemplary_mark
from .history import (
    award_record_add,
    award_record_revoke,
    initiative_add,
    person_history,
    unit_history,
)
from .proposals import (
    achievement_report_request,
    decision_correct,
    decision_create,
    dossier_request,
    feedback_resolve,
    feedback_send,
    notice_detail,
    notice_feedback,
    notice_publish,
    proposal_attach,
    proposal_create,
    proposal_detail,
    proposal_document,
    proposal_list,
    proposal_override,
    proposal_review,
    proposal_revoke,
    proposal_submit,
)
from .rules import rule_create, rule_edit, rule_list

__all__ = [
    "achievement_report_request",
    "award_record_add",
    "award_record_revoke",
    "decision_correct",
    "decision_create",
    "decision_docx",
    "dossier_request",
    "exemplary_adopt",
    "exemplary_list",
    "exemplary_mark",
    "feedback_resolve",
    "feedback_send",
    "initiative_add",
    "letter_docx",
    "nominees_docx",
    "notice_detail",
    "notice_feedback",
    "notice_publish",
    "person_history",
    "proposal_attach",
    "proposal_create",
    "proposal_detail",
    "proposal_document",
    "proposal_list",
    "proposal_override",
    "proposal_review",
    "proposal_revoke",
    "proposal_submit",
    "rule_create",
    "rule_edit",
    "rule_list",
    "unit_history",
]
