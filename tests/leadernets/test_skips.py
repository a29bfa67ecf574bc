"""A leader network holds no three talks: no agreement flags, reminders or actions."""

import datetime

import pytest
from django.urls import reverse

from agreements.access import network_page_actions
from netvaerk.models import Network
from portal import reminders, summaries
from portal.models import NetworkSummary, TalkState


@pytest.mark.django_db
def test_the_workspace_flags_no_agreements_for_a_leader_network(leadernet, network, org):
    today = datetime.date(2027, 3, 1)  # long past the agreement deadline for both
    summaries.refresh([leadernet["leader_network"].pk, network.pk], today=today)
    leader = NetworkSummary.objects.select_related("network").get(
        network=leadernet["leader_network"]
    )
    welfare = NetworkSummary.objects.get(network=network)
    # No agreement, reference-leader or hours flag: a leader network with its facilitator
    # and no behind-plan or test date needs no attention at all.
    assert leader.attention == "" and not leader.needs_attention
    assert "overdue:pl" in welfare.attention
    assert {leader.pl_state, leader.rl_state, leader.cd_state} == {TalkState.NO_COUNTERPART}
    assert leader.handouts_due == 0
    assert summaries.talk_text(leader, "pl") == "Ingen samtaler i et ledernetværk"


@pytest.mark.django_db
def test_the_workspace_agreement_filter_leaves_leader_networks_out(leadernet, network, org, login):
    summaries.refresh()
    response = login("secretariat", org).get(reverse("workspace"), {"aftalestatus": "not_agreed"})
    names = [row["network"].name for row in response.context["rows"]]
    assert network.name in names
    assert leadernet["leader_network"].name not in names


@pytest.mark.django_db
def test_agreement_reminders_skip_a_leader_network(leadernet, org, templates):
    network = leadernet["leader_network"]
    assert network.type == Network.Type.LEADER
    assert reminders.agreement_overdue(datetime.date(2027, 3, 1)) == 0


@pytest.mark.django_db
def test_the_network_page_offers_no_agreements_for_a_leader_network(leadernet, network, org):
    user = org["secretariat"].user
    assert network_page_actions(user, leadernet["leader_network"], True) == []
    assert network_page_actions(user, network, True)


@pytest.mark.django_db
def test_the_network_page_links_members_to_the_leader_network_page(leadernet, org, login):
    network = leadernet["leader_network"]
    page = reverse("leadernets:network", args=[network.slug])
    html = login("personnel", org).get(network.get_absolute_url()).content.decode()
    assert page in html
    assert "Samarbejdsaftaler" not in html
    assert page not in login("outsider", org).get(network.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_leader_network_has_no_agreements_page_and_starts_none(leadernet, org, login):
    network = leadernet["leader_network"]
    client = login("reference", org)  # the facilitator (the network leader role)
    assert (
        client.get(reverse("agreements:network-agreements", args=[network.slug])).status_code == 404
    )
    started = client.post(reverse("agreements:start", args=[network.slug, "aftale-co-driver"]), {})
    assert started.status_code == 404
    assert not network.agreements.exists()
