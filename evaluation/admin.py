from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.search import FoldedSearchMixin

from .models import VotingRule
from .voting import quorum_share_label, share_label


@admin.register(VotingRule)
class VotingRuleAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Rules are data an administrator keeps in line with the law (DESIGN.md section 4).

    Ballots and their records are deliberately not in the admin: nobody browses votes.
    """

    list_display = ["name", "quorum_text", "threshold_text", "effective_from", "effective_to"]
    search_fields = ["name", "legal_source"]
    fieldsets = [
        (None, {"fields": ["name", "legal_source"]}),
        (_("Quorum"), {"fields": [("quorum_numerator", "quorum_denominator")]}),
        (
            _("Passing threshold"),
            {
                "fields": [
                    ("threshold_numerator", "threshold_denominator"),
                    "threshold_comparison",
                    "threshold_base",
                ]
            },
        ),
        (None, {"fields": ["allow_self_vote", "effective_from", "effective_to"]}),
    ]

    @admin.display(description=_("quorum"))
    def quorum_text(self, rule: VotingRule) -> str:
        return quorum_share_label(rule.quorum)

    @admin.display(description=_("passing threshold"))
    def threshold_text(self, rule: VotingRule) -> str:
        return share_label(
            fraction=rule.threshold, comparison=rule.threshold_comparison, base=rule.threshold_base
        )
