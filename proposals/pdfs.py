"""The decisions of a round, for the leaders' forum's minutes: one tagged PDF (core.pdf)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from roles.models import Organisation

from .models import Decision


def decisions_html(round, decisions):
    organisation = Organisation.current()
    title = _("Beslutninger om temaforslag")
    counts = {outcome: 0 for outcome in Decision.Outcome.values}
    for decision in decisions:
        counts[decision.outcome] += 1
    return render_to_string(
        "proposals/decisions_pdf.html",
        {
            "lang": get_language() or "da",
            "pdf_title": title,
            "pdf_author": organisation.secretariat_name,
            "pdf_subject": str(round),
            "organisation": organisation,
            "round": round,
            "decisions": decisions,
            "approved": counts[Decision.Outcome.APPROVED],
            "deferred": counts[Decision.Outcome.DEFERRED],
            "rejected": counts[Decision.Outcome.REJECTED],
            "generated_at": timezone.localtime(),
        },
    )


def decisions_filename(round):
    return f"temaforslag-beslutninger-{round.deadline.isoformat()}.pdf"
