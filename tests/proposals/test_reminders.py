"""The deadline reminder: proposers with a draft hear it once, 14 days or fewer before."""

import datetime

import pytest

from notifications.kinds import Kind
from notifications.models import Notification
from proposals.models import Proposal, Round
from proposals.reminders import deadline_reminders

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def drafts(org, make_proposal):
    round = Round.objects.create(deadline=D(2027, 5, 1))
    make_proposal(round=round, title="Kladde A")
    make_proposal(round=round, title="Kladde B", proposer=org["leader"])
    make_proposal(round=round, title="Sendt", proposer=org["codriver"], status="submitted")
    make_proposal(round=round, title="Trukket", proposer=org["outsider"], status="withdrawn")
    return round


@pytest.mark.parametrize("today", [D(2027, 4, 16), D(2027, 3, 31)])
def test_no_reminder_before_the_window(drafts, today):
    assert deadline_reminders(today) == 0


@pytest.mark.parametrize("today", [D(2027, 4, 17), D(2027, 4, 30), D(2027, 5, 1)])
def test_each_draft_is_reminded_once_in_the_window(drafts, org, today):
    assert deadline_reminders(today) == 2
    assert deadline_reminders(today) == 0
    assert deadline_reminders(today + datetime.timedelta(days=1)) == 0
    notes = Notification.objects.filter(kind=Kind.PROPOSAL_DEADLINE).order_by("params__proposal")
    assert [n.recipient for n in notes] == [org["participant"], org["leader"]]
    assert notes[0].params == {"date": "2027-05-01", "proposal": "Kladde A"}
    assert (
        notes[0].key == f"proposal-deadline:{Proposal.objects.get(title='Kladde A').pk}:2027-05-01"
    )


def test_no_reminder_after_the_deadline(drafts):
    assert deadline_reminders(D(2027, 5, 2)) == 0


def test_a_moved_deadline_reminds_again_for_the_new_date(drafts):
    assert deadline_reminders(D(2027, 4, 20)) == 2
    drafts.deadline = D(2027, 5, 10)
    drafts.save()
    assert deadline_reminders(D(2027, 4, 27)) == 2
