from __future__ import annotations

from django.contrib import admin

from .models import VotingRule


@admin.register(VotingRule)
class VotingRuleAdmin(admin.ModelAdmin):
    """Rules are data an administrator keeps in line with the law (DESIGN.md section 4).

    Ballots and their records are deliberately not in the admin: nobody browses votes.
    """

    list_display = [
        "name",
        "quorum_percent",
        "threshold_percent",
        "threshold_base",
        "effective_from",
        "effective_to",
    ]
    search_fields = ["name", "legal_source"]
