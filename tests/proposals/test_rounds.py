"""Rounds: made from the 1 May / 1 December pattern when missing; the secretariat moves a
deadline in the portal."""

import datetime

import pytest
from django.urls import reverse

from proposals.models import Round
from proposals.rounds import current_round, next_round

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    "today, deadline",
    [
        (D(2026, 1, 10), D(2026, 5, 1)),
        (D(2026, 5, 1), D(2026, 5, 1)),  # the deadline day still counts
        (D(2026, 5, 2), D(2026, 12, 1)),
        (D(2026, 12, 2), D(2027, 5, 1)),
    ],
)
def test_the_next_round_is_made_from_the_pattern(today, deadline):
    assert current_round(today).deadline == deadline
    assert current_round(today).pk == Round.objects.get().pk  # made once


def test_a_moved_deadline_is_followed_and_not_made_again():
    moved = Round.objects.create(deadline=D(2026, 5, 4))  # 1 May 2026 is a Friday; say Monday
    assert current_round(D(2026, 5, 2)) == moved
    early = Round.objects.create(deadline=D(2026, 11, 24))
    assert current_round(D(2026, 11, 20)) == early
    # After the moved deadline, 1 December is still that round's place: the next is May.
    assert current_round(D(2026, 11, 25)).deadline == D(2027, 5, 1)


def test_a_closed_round_takes_no_more_proposals():
    closed = Round.objects.create(deadline=D(2026, 12, 1), status=Round.Status.SCREENING)
    assert current_round(D(2026, 11, 20)).deadline == D(2027, 5, 1)
    assert next_round(closed).deadline == D(2027, 5, 1)


def test_the_secretariat_moves_a_deadline_and_sets_the_forum_date(org, login):
    round = Round.objects.create(deadline=D(2027, 5, 1))
    client = login("secretariat", org)
    url = reverse("proposals:round-edit", args=[round.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"deadline": "2027-05-03", "forum_date": "2027-06-10", "status": "at_forum"}
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert (round.deadline, round.forum_date, round.status) == (
        D(2027, 5, 3),
        D(2027, 6, 10),
        Round.Status.AT_FORUM,
    )
    assert round.history.count() == 2


def test_two_rounds_cannot_share_a_deadline(org, login):
    Round.objects.create(deadline=D(2027, 5, 1))
    other = Round.objects.create(deadline=D(2027, 12, 1))
    client = login("secretariat", org)
    response = client.post(
        reverse("proposals:round-edit", args=[other.pk]),
        {"deadline": "2027-05-01", "forum_date": "", "status": "open"},
    )
    assert response.status_code == 200
    assert "findes allerede" in response.content.decode()
    other.refresh_from_db()
    assert other.deadline == D(2027, 12, 1)


def test_round_pages_are_the_secretariats(org, login, open_round):
    client = login("leader", org)
    for name, args in [
        ("round-list", []),
        ("round-detail", [open_round.pk]),
        ("round-edit", [open_round.pk]),
        ("round-export", [open_round.pk, "csv"]),
        ("round-decisions-pdf", [open_round.pk]),
    ]:
        assert client.get(reverse(f"proposals:{name}", args=args)).status_code == 403
