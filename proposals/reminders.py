"""The reminder before a round's deadline: everyone with a draft in the round is told, once,
14 days (or fewer) before the deadline. Called by the daily reminders job."""

import datetime

from notifications.kinds import Kind
from notifications.services import notify

from .models import Proposal, Round

DAYS_BEFORE = 14


def deadline_reminders(today) -> int:
    """Remind each proposer of a draft in a round whose deadline is 0–14 days away.
    Running it again the same or a later day makes no second reminder. Returns the count."""
    rounds = Round.objects.filter(
        status=Round.Status.OPEN,
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=DAYS_BEFORE),
    )
    drafts = (
        Proposal.objects.filter(round__in=rounds, status=Proposal.Status.DRAFT)
        .select_related("round", "proposer__user")
        .order_by("id")
    )
    made = 0
    for proposal in drafts:
        deadline = proposal.round.deadline
        made += len(
            notify(
                [proposal.proposer],
                Kind.PROPOSAL_DEADLINE,
                url=proposal.get_absolute_url(),
                params={"date": deadline.isoformat(), "proposal": proposal.title},
                key=f"proposal-deadline:{proposal.pk}:{deadline}",
            )
        )
    return made
