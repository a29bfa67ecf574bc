import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from netvaerk.models import Network, NetworkRole, Phase

from ..factories import NetworkFactory, NetworkRoleFactory, PersonFactory


def _html(client):
    return client.get(reverse("home")).content.decode()


def test_mine_netvaerk_shows_the_leaders_network_role_and_next_step(network, org, login):
    html = _html(login("leader", org))
    assert "Fællesskaber mod ensomhed" in html
    assert "Netværksleder" in html
    assert "Aftal dit mandat" not in html  # phase 2: mandate talks belong to phase 1
    assert "Netværksdesign" in html and "Idéudvikling" in html


def test_a_leader_in_the_first_phase_is_told_to_agree_the_mandate(network, org, login):
    network.current_phase = Phase.objects.get(number=1)
    network.save()
    assert "Aftal dit mandat" in _html(login("leader", org))


def test_the_co_driver_and_reference_leader_see_their_own_next_steps(network, org, login):
    assert "Spar med netværkslederen" in _html(login("codriver", org))
    assert "åbn de rette arenaer" in _html(login("reference", org))


def test_a_personnel_leader_sees_the_staff_who_lead_or_join_networks(network, org, login):
    html = _html(login("personnel", org))
    assert "Mine medarbejdere i netværk" in html
    assert "Signe Lauridsen" in html and "Katrine Møller" in html
    # The co-driver works in another department: not this personnel leader's staff.
    assert "Kasper Juhl" not in html


def test_an_outsider_is_told_they_hold_no_roles(network, org, login):
    html = _html(login("outsider", org))
    assert "Du har ingen roller i netværk lige nu." in html
    assert "Fællesskaber mod ensomhed" not in html


def test_ended_roles_are_not_on_mine_netvaerk(network, org, login):
    network.roles.filter(person=org["participant"]).update(ends_on="2026-10-01")
    assert "Fællesskaber mod ensomhed" not in _html(login("participant", org))


def test_the_secretariat_sees_networks_per_status(network, org, login):
    NetworkFactory(status=Network.Status.PROPOSED)
    html = _html(login("secretariat", org))
    assert "Overblik for sekretariatet" in html
    assert "?status=proposed" in html


def test_completed_networks_say_so(network, org, login):
    network.status = Network.Status.COMPLETED
    network.save()
    assert "Netværket er afsluttet" in _html(login("participant", org))


def _many_roles(org, count):
    """The user's own roles and their staff's roles grow; the queries must not."""
    for _ in range(count):
        NetworkRoleFactory(person=org["personnel"], role=NetworkRole.Role.PARTICIPANT)
        staff = PersonFactory(department=org["departments"]["aeldre"], manager=org["personnel"])
        NetworkRoleFactory(person=staff, role=NetworkRole.Role.LEADER)


@pytest.mark.parametrize("extra", [0, 20])
def test_mine_netvaerk_has_a_constant_number_of_queries(
    network, org, login, django_assert_num_queries, extra
):
    """session, user, secretariat group, the generations, then the cached body: person,
    phases, own roles, staff roles, the agreements the person is a party to (one query;
    their confirmations only when there are any); and the unread notifications."""
    _many_roles(org, extra)
    client = login("personnel", org)
    with django_assert_num_queries(10):
        client.get(reverse("home"))
    with django_assert_num_queries(5):  # until what it shows changes
        client.get(reverse("home"))


# Agreements ----------------------------------------------------------------------------------

PERSONNEL, REFERENCE, CODRIVER = (
    "aftale-personaleleder",
    "aftale-referenceleder",
    "aftale-co-driver",
)


def _ready(agreement, on=(2030, 1, 15)):
    """Answered and ready for the meeting at 10:00 on the date, as the services do it."""
    from agreements import services

    from ..agreements.test_lifecycle import _fill_required

    _fill_required(agreement)
    agreement.refresh_from_db()
    services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.make_aware(datetime.datetime(*on, 10)),
        meeting_place="Rådhuset",
        lock_version=agreement.lock_version,
    )
    agreement.refresh_from_db()
    return agreement


def _confirm(agreement, party):
    from agreements import services

    agreement.refresh_from_db()
    person = agreement.leader if party == "leader" else agreement.counterpart
    services.agreement_confirm(
        agreement=agreement, party=party, person=person, lock_version=agreement.lock_version
    )
    agreement.refresh_from_db()
    return agreement


def _agree(agreement, org):
    _ready(agreement)
    _confirm(agreement, "counterpart")
    return _confirm(agreement, "leader")


def _section(html):
    """The front page's agreements section, or "" when it has none."""
    start = html.find('id="mine-aftaler"')
    return "" if start < 0 else html[start : html.find("</section>", start)]


def test_the_reference_leader_keeps_sight_of_the_agreed_agreement(network, org, login, start):
    agreement = _agree(start(network, REFERENCE, org["leader"]), org)
    assert agreement.status == "agreed"
    section = _section(_html(login("reference", org)))
    assert agreement.get_absolute_url() in section
    assert "Til dig som samtalepart" in section
    assert "Aftalt i version 1" in section
    assert "Signe Lauridsen" in section


def test_the_leader_sees_all_three_agreements_by_state(network, org, login, start):
    agreed = _agree(start(network, REFERENCE, org["leader"]), org)
    draft = start(network, PERSONNEL, org["leader"])
    ready = _ready(start(network, CODRIVER, org["leader"]), on=(2030, 2, 1))
    reflection = start(network, "refleksion-personaleleder", org["leader"])
    section = _section(_html(login("leader", org)))
    for a in (agreed, draft, ready, reflection):
        assert f"/aftaler/{a.pk}/" in section
    assert "Aftalt i version 1" in section
    assert "Kladde, trin 1 af" in section
    assert "Klar til mødet 1. februar 2030" in section
    assert "Privat" in section
    # Under way first, agreed last, each group headed in words.
    assert section.index("I gang") < section.index(f"/aftaler/{draft.pk}/")
    assert section.index(f"/aftaler/{ready.pk}/") < section.index("Aftalt</h4>")
    assert section.index("Aftalt</h4>") < section.index(f"/aftaler/{agreed.pk}/")


def test_an_outsider_sees_no_agreements(network, org, login, start):
    _agree(start(network, REFERENCE, org["leader"]), org)
    start(network, CODRIVER, org["leader"])
    html = _html(login("outsider", org))
    assert _section(html) == ""
    assert "/aftaler/" not in html


def test_a_private_reflection_is_its_authors_alone(network, org, login, start):
    reflection = start(network, "refleksion-personaleleder", org["leader"])
    assert reflection.get_absolute_url() not in _html(login("personnel", org))
    assert f"/aftaler/{reflection.pk}/" in _html(login("leader", org))


def test_agreements_of_an_older_network_stay_on_the_page(network, org, login, start):
    agreement = _agree(start(network, CODRIVER, org["leader"]), org)
    network.status = Network.Status.COMPLETED
    network.save()
    network.roles.update(ends_on="2026-10-01")
    for persona in ("leader", "codriver"):
        assert agreement.get_absolute_url() in _section(_html(login(persona, org))), persona


def test_a_voided_confirmation_is_said_in_words(network, org, login, start):
    agreement = _confirm(_ready(start(network, CODRIVER, org["leader"])), "counterpart")
    page = _section(_html(login("codriver", org)))
    assert "Bekræftet af samtaleparten, afventer netværkslederen" in page
    agreement.answers = {**agreement.answers, "ny": "ændret"}
    agreement.save()
    page = _section(_html(login("codriver", org)))
    assert "Bekræftelse bortfaldet efter en senere ændring" in page


@pytest.mark.parametrize("extra", [0, 20])
def test_mine_netvaerk_queries_stay_constant_as_agreements_grow(
    network, org, login, start, django_assert_num_queries, extra
):
    """The leader's page with one agreement, or with 20 more in other networks (agreed, and
    agreed or ready): the pinned nine queries above, plus the agreements' people and
    confirmations."""
    _agree(start(network, REFERENCE, org["leader"]), org)
    for i in range(extra):
        other = NetworkFactory()
        NetworkRoleFactory(network=other, person=org["leader"], role=NetworkRole.Role.LEADER)
        NetworkRoleFactory(
            network=other, person=org["reference"], role=NetworkRole.Role.REFERENCE_LEADER
        )
        agreement = start(other, REFERENCE, org["leader"])
        if i % 2:
            _agree(agreement, org)
    client = login("leader", org)
    with django_assert_num_queries(12):
        client.get(reverse("home"))
    with django_assert_num_queries(5):
        client.get(reverse("home"))


def test_the_secretariat_sees_networks_that_lack_a_leader_or_reference_leader(network, org, login):
    orphan = NetworkFactory(name="Netværk uden ledelse", status=Network.Status.PROPOSED)
    NetworkFactory(name="Afsluttet uden ledelse", status=Network.Status.COMPLETED)
    response = login("secretariat", org).get(reverse("home"))
    names = [n.name for n, _reasons in response.context["attention"]]
    assert orphan.name in names and "Afsluttet uden ledelse" not in names
    assert "Netværket mangler en netværksleder." in response.content.decode()


# The cached page ------------------------------------------------------------------------------


def test_mine_netvaerk_follows_every_change_to_what_it_shows(network, org, login, start):
    """Below the heading the page is cached per user (core.generations): every kind of
    change it shows is on the next view, however it is written."""
    from django.contrib.auth.models import Group
    from django.db import connection

    client = login("leader", org)
    _html(client)  # cached from here
    agreement = start(network, CODRIVER, org["leader"])
    assert f"/aftaler/{agreement.pk}/" in _section(_html(client))
    _ready(agreement, on=(2030, 3, 2))
    assert "Klar til mødet 2. marts 2030" in _section(_html(client))
    _confirm(agreement, "counterpart")
    assert "Bekræftet af samtaleparten" in _section(_html(client))

    with connection.cursor() as cursor:  # a network renamed in plain SQL
        cursor.execute(
            "UPDATE netvaerk_network SET name = 'Fællesskab for alle' WHERE id = %s", [network.pk]
        )
    assert "Fællesskab for alle" in _html(client)

    network.current_phase = Phase.objects.get(number=1)
    network.save()
    assert "Aftal dit mandat" in _html(client)

    user = org["leader"].user
    user.first_name = "Signy"
    user.save()
    assert "Velkommen, Signy." in _html(client)

    Group.objects.get(name="Sekretariat for Netværksstrukturen").user_set.add(user)
    assert "Overblik for sekretariatet" in _html(client)

    network.roles.filter(person=org["leader"]).update(ends_on="2026-10-01")
    assert "Du har ingen roller i netværk lige nu." in _html(client)


def test_the_cached_page_is_each_users_own_and_per_language(network, org, login, start):
    from django.conf import settings
    from django.utils import translation

    _agree(start(network, REFERENCE, org["leader"]), org)
    assert "Velkommen, Signe." in _html(login("leader", org))
    reference = _html(login("reference", org))
    assert "Velkommen, Helle." in reference and "Til dig som samtalepart" in reference
    client = login("leader", org)
    client.cookies["django_language"] = "en"
    try:
        english = _html(client)
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request left English active
    assert "Welcome, Signe." in english and "Velkommen" not in english


def test_a_leader_networks_next_meeting_follows_its_meetings_and_the_day(org, login, monkeypatch):
    from leadernets import services

    from ..leadernets.builders import leader_network

    built = leader_network(org)
    client = login("reference", org)
    assert "Intet møde planlagt endnu." in _html(client)  # its one meeting was 14 days ago
    today = timezone.localdate()
    services.meeting_create(
        season=built["season"],
        held_on=today + datetime.timedelta(days=7),
        theme="Svære samtaler",
        place="Rådhuset",
    )
    assert "Svære samtaler" in _html(client)
    monkeypatch.setattr(timezone, "localdate", lambda: today + datetime.timedelta(days=8))
    assert "Intet møde planlagt endnu." in _html(client)
