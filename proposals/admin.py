from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Decision, Proposal, Round


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["deadline", "forum_date", "status"]
    list_filter = ["status"]


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "proposer", "round", "status", "network_type"]
    list_filter = ["status", "network_type", "round"]
    search_fields = ["title"]
    raw_id_fields = [
        "proposer",
        "suggested_leader",
        "suggested_reference_leader",
        "duplicate_of",
        "network",
    ]
    filter_horizontal = ["departments"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["proposal", "round", "outcome", "decided_at"]
    list_filter = ["outcome", "round"]
    raw_id_fields = ["proposal", "network", "decided_by"]
