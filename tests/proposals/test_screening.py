"""The secretariat screens proposals and records the forum's decisions; an approved
proposal becomes a network, and the proposer is told."""

import pytest
from django.urls import reverse

from netvaerk.models import Network, NetworkRole
from notifications.kinds import Kind
from notifications.models import Notification
from proposals.models import Decision, Proposal, Round

from .conftest import days, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_forum(make_proposal, open_round):
    """A sent proposal in a round that has passed its deadline and gone to the forum."""
    Round.objects.filter(pk=open_round.pk).update(
        deadline=days(-10), status=Round.Status.AT_FORUM, forum_date=days(-2)
    )
    return make_proposal(status=Proposal.Status.SUBMITTED)


def decide(client, proposal, **data):
    return client.post(reverse("proposals:decide", args=[proposal.pk]), data)


def test_asking_for_more_tells_the_proposer_and_lets_them_answer_after_the_deadline(
    org, login, at_forum
):
    client = login("secretariat", org)
    response = client.post(
        reverse("proposals:more-info", args=[at_forum.pk]),
        {"question": "Hvilke skoler er med?"},
    )
    assert response.status_code == 302
    at_forum.refresh_from_db()
    assert at_forum.status == Proposal.Status.MORE_INFO
    note = Notification.objects.get(kind=Kind.PROPOSAL_MORE_INFO)
    assert note.recipient == org["participant"]
    assert note.params == {"proposal": at_forum.title}  # the question is not in the e-mail
    proposer = login("participant", org)
    assert "Hvilke skoler er med?" in proposer.get(at_forum.get_absolute_url()).content.decode()
    response = proposer.post(
        reverse("proposals:edit", args=[at_forum.pk]),
        form_data(org, why_now="Skolerne Herstedlund og Kongsholm.", action="submit"),
    )
    assert response.status_code == 302
    at_forum.refresh_from_db()
    assert at_forum.status == Proposal.Status.SUBMITTED
    assert at_forum.round.deadline == days(-10)  # an answer stays in its round
    assert Notification.objects.filter(
        kind=Kind.PROPOSAL_ANSWERED, recipient=org["secretariat"]
    ).exists()


def test_marking_a_duplicate_links_the_two_and_tells_the_proposer(
    org, login, at_forum, make_proposal
):
    original = make_proposal(
        title="Kost og trivsel", proposer=org["codriver"], status=Proposal.Status.SUBMITTED
    )
    client = login("secretariat", org)
    response = client.post(
        reverse("proposals:duplicate", args=[at_forum.pk]), {"original": original.pk}
    )
    assert response.status_code == 302
    at_forum.refresh_from_db()
    assert at_forum.status == Proposal.Status.DUPLICATE
    assert at_forum.duplicate_of == original
    note = Notification.objects.get(recipient=org["participant"])
    assert note.kind == Kind.PROPOSAL_DUPLICATE
    assert note.params["original"] == "Kost og trivsel"
    assert "Kost og trivsel" in client.get(original.get_absolute_url()).content.decode()


def test_a_proposal_cannot_be_its_own_duplicate(org, login, at_forum):
    client = login("secretariat", org)
    response = client.post(
        reverse("proposals:duplicate", args=[at_forum.pk]), {"original": at_forum.pk}
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()


def test_approval_makes_an_approved_network_and_gives_the_suggested_roles(org, login, at_forum):
    at_forum.suggested_leader = org["participant"]
    at_forum.suggested_reference_leader = org["reference"]
    at_forum.save()
    at_forum.departments.set([org["departments"]["aeldre"]])
    client = login("secretariat", org)
    response = decide(client, at_forum, outcome="approved", network_name="Sund mad")
    assert response.status_code == 302
    network = Network.objects.get(name="Sund mad")
    assert network.status == Network.Status.APPROVED
    assert network.theme == at_forum.title
    assert network.challenge == at_forum.challenge
    assert network.type == "velfaerd"
    assert list(network.departments.all()) == [org["departments"]["aeldre"]]
    roles = {r.role: r.person for r in network.roles.active()}
    assert roles == {
        NetworkRole.Role.LEADER: org["participant"],
        NetworkRole.Role.REFERENCE_LEADER: org["reference"],
    }
    at_forum.refresh_from_db()
    assert at_forum.status == Proposal.Status.APPROVED
    assert at_forum.network == network
    decision = Decision.objects.get()
    assert (decision.outcome, decision.network, decision.role_notes) == ("approved", network, "")
    note = Notification.objects.get(kind=Kind.PROPOSAL_DECIDED)
    assert note.recipient == org["participant"]
    assert note.params["decision"] == {"da": "godkendt", "en": note.params["decision"]["en"]}
    assert not Notification.objects.filter(kind=Kind.PROPOSAL_ROLE_REFUSED).exists()


def test_a_role_the_rules_refuse_is_not_given_and_the_secretariat_is_told_why(org, login, at_forum):
    # Helle is suggested for both roles: one person has one role in a network.
    at_forum.suggested_leader = org["reference"]
    at_forum.suggested_reference_leader = org["reference"]
    at_forum.save()
    client = login("secretariat", org)
    response = decide(client, at_forum, outcome="approved", network_name="Sund mad")
    assert response.status_code == 302
    network = Network.objects.get(name="Sund mad")
    assert [(r.person, r.role) for r in network.roles.all()] == [
        (org["reference"], NetworkRole.Role.LEADER)
    ]
    refused = Notification.objects.get(kind=Kind.PROPOSAL_ROLE_REFUSED)
    assert refused.recipient == org["secretariat"]
    assert refused.params["person"] == "Helle Rasmussen"
    assert refused.params["network"] == "Sund mad"
    assert refused.params["role"]["da"] == "referenceleder"
    assert "har én rolle ad gangen" in refused.params["reason"]["da"]
    assert "Helle Rasmussen" in Decision.objects.get().role_notes
    html = client.get(at_forum.get_absolute_url()).content.decode()
    assert "Roller, der ikke blev givet" in html


def test_a_network_name_in_use_is_a_danish_form_error_and_nothing_is_saved(
    org, login, at_forum, network
):
    client = login("secretariat", org)
    response = decide(client, at_forum, outcome="approved", network_name=network.name)
    assert response.status_code == 200
    assert "Der findes allerede et netværk med dette navn" in response.content.decode()
    at_forum.refresh_from_db()
    assert at_forum.status == Proposal.Status.SUBMITTED
    assert not Decision.objects.exists()


def test_deferral_moves_the_proposal_to_the_next_round(org, login, at_forum):
    client = login("secretariat", org)
    assert decide(client, at_forum, outcome="deferred").status_code == 302
    at_forum.refresh_from_db()
    assert at_forum.status == Proposal.Status.DEFERRED
    assert at_forum.round.deadline > days(0)
    assert at_forum.round.status == Round.Status.OPEN
    decision = Decision.objects.get()
    assert decision.round.deadline == days(-10)  # the decision stays with the forum's round
    assert Notification.objects.get(kind=Kind.PROPOSAL_DECIDED).params["decision"]["da"] == (
        "udsat til næste runde"
    )


def test_rejection_needs_a_reason_which_the_proposer_reads_on_the_page_not_in_the_mail(
    org, login, at_forum
):
    client = login("secretariat", org)
    response = decide(client, at_forum, outcome="rejected", reason="")
    assert response.status_code == 200
    assert "Skriv, hvorfor forslaget er afvist" in response.content.decode()
    response = decide(client, at_forum, outcome="rejected", reason="Dækkes af et andet netværk.")
    assert response.status_code == 302
    note = Notification.objects.get(kind=Kind.PROPOSAL_DECIDED)
    assert "Dækkes" not in str(note.params)
    html = login("participant", org).get(at_forum.get_absolute_url()).content.decode()
    assert "Afvist" in html and "Dækkes af et andet netværk." in html


def test_decisions_wait_until_the_round_goes_to_the_forum(org, login, make_proposal):
    proposal = make_proposal(status=Proposal.Status.SUBMITTED)
    client = login("secretariat", org)
    response = decide(client, proposal, outcome="approved", network_name="Sund mad")
    assert response.status_code == 200
    assert "sendt til Chefforum" in response.content.decode()
    assert not Network.objects.filter(name="Sund mad").exists()


def test_a_decided_proposal_is_not_decided_again(org, login, at_forum):
    client = login("secretariat", org)
    decide(client, at_forum, outcome="rejected", reason="Nej.")
    response = decide(client, at_forum, outcome="approved", network_name="Sund mad")
    assert response.status_code == 200
    assert "kan ikke screenes eller besluttes" in response.content.decode()
    assert Decision.objects.count() == 1


def test_screening_pages_are_the_secretariats(org, login, at_forum):
    client = login("participant", org)
    for name in ("more-info", "duplicate", "decide"):
        url = reverse(f"proposals:{name}", args=[at_forum.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
