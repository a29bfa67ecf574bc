import socket

import pytest
from django.urls import reverse

from agreements.models import PamphletHandout
from netvaerk.models import NetworkRole

from ..pdftools import attachments, pdfinfo, pdftext


def _page(client, network):
    return client.get(reverse("agreements:network-pamphlets", args=[network.slug]))


def _pdf(client, network, role_slug, fmt="a4"):
    return client.get(
        reverse("agreements:network-pamphlet-pdf", args=[network.slug, role_slug, fmt])
    )


def _hand_out(client, network, role_slug, **data):
    fields = {"handed_out_on": "2026-11-20", "method": "in_person", "talk_on": ""} | data
    return client.post(
        reverse("agreements:pamphlet-handout", args=[network.slug, role_slug]),
        {f"{role_slug}-{k}": v for k, v in fields.items()},
    )


def test_the_leader_sees_a_pamphlet_per_counterpart_and_which_are_missing(network, org, login):
    response = _page(login("leader", org), network)
    html = response.content.decode()
    assert "3 pjecer mangler at blive udleveret." in html
    for key in ["personnel", "reference", "codriver"]:
        assert org[key].name in html


def test_the_counterparts_are_found_from_the_data(network, org, login):
    rows = _page(login("leader", org), network).context["rows"]
    assert [(c.role.key, c.recipient) for c, _form in rows] == [
        ("personnel_leader", org["personnel"]),  # the leader's line manager
        ("reference_leader", org["reference"]),
        ("co_driver", org["codriver"]),
    ]


def test_recording_a_handout_with_the_talk_date(network, org, login):
    client = login("leader", org)
    response = _hand_out(client, network, "referenceleder", talk_on="2026-12-03")
    assert response.status_code == 302
    handout = PamphletHandout.objects.get()
    assert (handout.recipient, str(handout.talk_on)) == (org["reference"], "2026-12-03")
    assert handout.recorded_by == org["leader"].user
    assert "2 pjecer mangler at blive udleveret." in _page(client, network).content.decode()


def test_a_handout_keeps_the_text_version_it_was_given_in(network, org, login):
    """A pamphlet handed out keeps the text version that was live; publishing a new text
    is pointed out on the checklist."""
    from roles import versions
    from roles.models import RoleDescription

    client = login("leader", org)
    role = RoleDescription.objects.get(slug="referenceleder")
    first = versions.live_version(role)
    _hand_out(client, network, "referenceleder")
    assert PamphletHandout.objects.get().text_version == first
    html = _page(client, network).content.decode()
    assert f"Pjecens tekstversion {first.number}" in html
    assert "Pjecens tekst er ændret siden" not in html

    role.talk_topics += " Og om netværkets økonomi."
    role.save()
    second, created = versions.publish(role)
    assert created
    assert PamphletHandout.objects.get().text_version == first
    html = _page(client, network).content.decode()
    assert f"Pjecens tekst er ændret siden, nu version {second.number}." in html
    # Correcting the registration keeps the version that was handed out.
    _hand_out(client, network, "referenceleder", method="email")
    assert PamphletHandout.objects.get().text_version == first


def test_recording_again_corrects_the_same_handout(network, org, login):
    client = login("leader", org)
    _hand_out(client, network, "co-driver")
    _hand_out(client, network, "co-driver", method="email")
    assert PamphletHandout.objects.get().method == "email"


def test_a_talk_before_the_handout_is_refused_and_the_input_kept(network, org, login):
    response = _hand_out(login("leader", org), network, "co-driver", talk_on="2026-11-01")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Samtalen ligger før pjecen blev udleveret" in html
    assert 'value="2026-11-01"' in html
    assert not PamphletHandout.objects.exists()


def test_a_network_without_a_co_driver_says_so(network, org, login):
    network.roles.filter(role=NetworkRole.Role.CO_DRIVER).update(ends_on="2026-11-01")
    html = _page(login("leader", org), network).content.decode()
    assert "Netværket har ingen co-driver endnu." in html
    assert "2 pjecer mangler" in html
    assert _pdf(login("leader", org), network, "co-driver").status_code == 404


def test_the_personal_pamphlet_names_recipient_network_leader_and_talk(
    network, org, login, tmp_path
):
    client = login("leader", org)
    _hand_out(client, network, "personaleleder", talk_on="2026-12-03")
    response = _pdf(client, network, "personaleleder")
    text = pdftext(response.content)
    assert "Jens Overgaard" in text
    assert "Personaleleder for netværket Fællesskaber mod ensomhed" in text
    assert "Signe Lauridsen" in text
    assert "3. december 2026" in text
    assert pdfinfo(response.content, tmp_path)["Tagged"] == "yes"
    assert "pjece-personaleleder-ensomhed-a4.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("persona", "role_slug", "status"),
    [
        ("reference", "referenceleder", 200),  # their own pamphlet
        ("reference", "co-driver", 404),  # someone else's
        ("codriver", "co-driver", 200),
        ("personnel", "personaleleder", 200),
        ("participant", "referenceleder", 404),
        ("outsider", "personaleleder", 404),
        ("secretariat", "co-driver", 200),
    ],
)
def test_a_personal_pamphlet_is_for_the_leader_the_recipient_and_the_secretariat(
    network, org, login, persona, role_slug, status
):
    assert _pdf(login(persona, org), network, role_slug).status_code == status


def test_text_typed_into_the_network_comes_out_literally_and_fetches_nothing(
    network, org, login, tmp_path
):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    hostile = (
        '<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/hostname"> '
        f"@import url(http://127.0.0.1:{port}/);"
    )
    network.challenge = hostile
    network.save()
    response = _pdf(login("leader", org), network, "referenceleder")
    text = " ".join(pdftext(response.content).split())
    assert '<img src="file:///etc/passwd">' in text
    assert '<link rel="attachment" href="file:///etc/hostname">' in text
    assert f"@import url(http://127.0.0.1:{port}/);" in text
    assert "0 embedded files" in attachments(response.content, tmp_path)
    with pytest.raises(TimeoutError):
        server.accept()
    server.close()
