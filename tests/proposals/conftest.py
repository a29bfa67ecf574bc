import datetime

import pytest
from django.utils import timezone

from proposals.models import Proposal, Round


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def open_round(db):
    """The round new proposals go to: open, its deadline 30 days away."""
    return Round.objects.create(deadline=days(30))


@pytest.fixture
def make_proposal(org, open_round):
    """make_proposal(**fields) → a proposal by the participant (Katrine), a draft by default."""

    def _make(**fields):
        fields.setdefault("title", "Sund mad i dagtilbud")
        fields.setdefault("challenge", "Børns kost går på tværs af dagtilbud, sundhed og skole.")
        fields.setdefault("why_now", "Ny kostpolitik fra 2027.")
        fields.setdefault("network_type", "velfaerd")
        fields.setdefault("proposer", org["participant"])
        fields.setdefault("round", open_round)
        if fields.get("status") not in (None, Proposal.Status.DRAFT):
            fields.setdefault("submitted_at", timezone.now())
        return Proposal.objects.create(**fields)

    return _make


def form_data(org, **overrides):
    data = {
        "title": "Unge uden job",
        "challenge": "Beskæftigelse, uddannelse og sundhed møder de samme unge hver for sig.",
        "why_now": "Ledigheden blandt unge stiger.",
        "departments": [org["departments"]["aeldre"].pk],
        "citizens": "Unge mellem 18 og 25 år og lokale virksomheder.",
        "network_type": "innovation",
        "suggested_leader": "",
        "suggested_reference_leader": "",
    }
    data.update(overrides)
    return data
