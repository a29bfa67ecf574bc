"""An employee proposes a theme, edits and withdraws it until the deadline, and the
secretariat is told of each new proposal."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from notifications.kinds import Kind
from notifications.models import Notification
from proposals.models import Proposal, Round

from .conftest import days, form_data

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_an_employee_saves_a_draft_without_telling_anyone(org, login, open_round):
    client = login("participant", org)
    response = client.post(reverse("proposals:create"), form_data(org, action="draft"))
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    assert proposal.status == Proposal.Status.DRAFT
    assert proposal.proposer == org["participant"]
    assert proposal.round == open_round
    assert list(proposal.departments.all()) == [org["departments"]["aeldre"]]
    assert not Notification.objects.exists()
    assert "gemt som kladde" in messages_of(response)[0]


def test_a_sent_proposal_tells_the_secretariat_by_portal_and_email(
    org, login, open_round, smtp_server, run_jobs
):
    client = login("participant", org)
    data = form_data(
        org, action="submit", suggested_leader="signe", suggested_reference_leader="Helle Rasmussen"
    )
    response = client.post(reverse("proposals:create"), data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.submitted_at is not None
    assert proposal.suggested_leader == org["leader"]
    assert proposal.suggested_reference_leader == org["reference"]
    notification = Notification.objects.get()
    assert notification.recipient == org["secretariat"]
    assert notification.kind == Kind.PROPOSAL_SUBMITTED
    assert notification.params == {
        "proposal": "Unge uden job",
        "date": open_round.deadline.isoformat(),
    }
    assert notification.url == proposal.get_absolute_url()
    run_jobs()
    assert [to for to, _m in smtp_server.messages] == [["rikke@kommune.example"]]


def test_bad_input_keeps_what_was_typed_and_says_why_in_danish(org, login, open_round):
    client = login("participant", org)
    data = form_data(org, title="", suggested_leader="ingen-sadan", action="submit")
    response = client.post(reverse("proposals:create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dette felt er påkrævet" in html
    assert "Der findes ingen medarbejder" in html
    assert "Beskæftigelse, uddannelse og sundhed" in html  # nothing typed is lost
    assert not Proposal.objects.exists()


def test_a_reference_leader_who_leads_no_department_is_refused_in_the_form(org, login, open_round):
    client = login("participant", org)
    data = form_data(org, suggested_reference_leader="kasper", action="submit")
    response = client.post(reverse("proposals:create"), data)
    assert response.status_code == 200
    assert "er ikke leder af en afdeling" in response.content.decode()


def test_the_proposer_edits_a_sent_proposal_until_the_deadline(org, login, make_proposal):
    proposal = make_proposal(status=Proposal.Status.SUBMITTED)
    client = login("participant", org)
    url = reverse("proposals:edit", args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(org, title="Sund mad for alle", action="save"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Sund mad for alle"
    assert proposal.status == Proposal.Status.SUBMITTED
    # Every change is kept, with who made it.
    latest = proposal.history.first()
    assert latest.title == "Sund mad for alle"
    assert latest.history_user == org["participant"].user
    assert proposal.history.filter(title="Sund mad i dagtilbud").exists()


def test_after_the_deadline_a_sent_proposal_can_no_longer_be_changed(org, login, make_proposal):
    proposal = make_proposal(status=Proposal.Status.SUBMITTED)
    Round.objects.filter(pk=proposal.round_id).update(deadline=days(-1))
    client = login("participant", org)
    response = client.post(
        reverse("proposals:edit", args=[proposal.pk]), form_data(org, title="For sent")
    )
    assert response.status_code == 302
    assert "Fristen for runden er overskredet" in messages_of(response)[0]
    proposal.refresh_from_db()
    assert proposal.title == "Sund mad i dagtilbud"
    response = client.post(reverse("proposals:withdraw", args=[proposal.pk]))
    assert response.status_code == 400
    assert "kan ikke trækkes tilbage" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_the_proposer_withdraws_before_the_deadline(org, login, make_proposal):
    proposal = make_proposal(status=Proposal.Status.SUBMITTED)
    client = login("participant", org)
    url = reverse("proposals:withdraw", args=[proposal.pk])
    assert "Træk forslaget tilbage" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    # Withdrawn is final: no more editing.
    assert client.get(reverse("proposals:edit", args=[proposal.pk])).status_code == 302


def test_a_draft_sent_after_its_deadline_goes_to_the_next_round_with_a_message(
    org, login, make_proposal
):
    late = Round.objects.create(deadline=days(-3))
    proposal = make_proposal(round=late)
    client = login("participant", org)
    response = client.post(reverse("proposals:submit", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.round.deadline == days(30)  # the open round
    text = messages_of(response)[0]
    assert "Fristen for runden med frist" in text and "er overskredet" in text
    assert "næste runde" in text
    assert Notification.objects.get().params["date"] == days(30).isoformat()


def test_a_late_draft_edited_and_sent_goes_to_the_next_round_too(org, login, make_proposal):
    late = Round.objects.create(deadline=days(-3))
    proposal = make_proposal(round=late)
    client = login("participant", org)
    response = client.post(
        reverse("proposals:edit", args=[proposal.pk]), form_data(org, action="submit")
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.round.deadline == days(30)
    assert any("næste runde" in m for m in messages_of(response))


def test_the_proposer_follows_the_status_on_the_list(org, login, make_proposal):
    make_proposal(status=Proposal.Status.SUBMITTED)
    html = login("participant", org).get(reverse("proposals:list")).content.decode()
    assert "Sund mad i dagtilbud" in html
    assert "Sendt ind" in html


def test_others_get_404_for_a_proposal_that_is_not_theirs(org, login, make_proposal):
    proposal = make_proposal(status=Proposal.Status.SUBMITTED)
    client = login("outsider", org)
    for name in ("detail", "edit", "withdraw"):
        assert client.get(reverse(f"proposals:{name}", args=[proposal.pk])).status_code == 404
    assert client.post(reverse("proposals:submit", args=[proposal.pk])).status_code == 404
    html = client.get(reverse("proposals:list")).content.decode()
    assert "Sund mad i dagtilbud" not in html
