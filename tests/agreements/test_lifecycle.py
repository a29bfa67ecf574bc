"""Draft → ready for the meeting → agreed by both parties → reopened as a new version."""

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from agreements.answers import read
from agreements.models import AgreedRevision, Agreement, Confirmation, PamphletHandout

pytestmark = pytest.mark.django_db

PERSONNEL = "aftale-personaleleder"
REFERENCE = "aftale-referenceleder"
CODRIVER = "aftale-co-driver"


def _fill_required(agreement):
    """Answer the required questions (directly: the form is tested elsewhere)."""
    for section in agreement.template_version.sections:
        for q in section["questions"]:
            if q["required"] and read(q, agreement.answers.get(q["key"])).empty:
                agreement.answers[q["key"]] = {
                    "profiles": ["Fagperson på temaet"],
                    "hours": [{"phase": 1, "name": "Opstart", "hours": "4", "note": ""}],
                }.get(q["type"], "Svar")
    agreement.save()


def _meeting(client, agreement, **extra):
    agreement.refresh_from_db()
    data = {
        "lock_version": agreement.lock_version,
        "date": "2030-01-15",
        "time": "10:00",
        "duration": "60",
        "place": "Rådhuset, mødelokale 2",
        "invite": "on",
        "message": "Glæder mig til snakken.",
    } | extra
    return client.post(reverse("agreements:meeting", args=[agreement.pk]), data)


def _confirm(client, agreement):
    agreement.refresh_from_db()
    return client.post(
        reverse("agreements:confirm", args=[agreement.pk]),
        {"lock_version": agreement.lock_version},
    )


@pytest.mark.parametrize(
    ("key", "counterpart"),
    [(PERSONNEL, "personnel"), (REFERENCE, "reference"), (CODRIVER, "codriver")],
)
def test_each_agreement_is_agreed_when_both_parties_have_confirmed(
    network, org, login, start, key, counterpart
):
    agreement = start(network, key, org["leader"])
    assert agreement.counterpart == org[counterpart]
    _fill_required(agreement)
    response = _meeting(login("leader", org), agreement)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.READY
    assert agreement.invited_at is not None

    # The counterpart reads, comments and confirms.
    client = login(counterpart, org)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Bekræft aftalen (version 1)" in page
    response = client.post(
        reverse("agreements:comment", args=[agreement.pk]), {"text": "Fint – lad os tale tid."}
    )
    assert response.status_code == 302
    assert _confirm(client, agreement).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.READY  # one party is not enough

    assert _confirm(login("leader", org), agreement).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED
    kept = AgreedRevision.objects.get(agreement=agreement)
    assert (kept.revision, kept.answers) == (1, agreement.answers)
    parties = set(agreement.confirmations.values_list("party", "person", "revision"))
    assert parties == {
        (Confirmation.Party.LEADER, org["leader"].pk, 1),
        (Confirmation.Party.COUNTERPART, org[counterpart].pk, 1),
    }
    page = login(counterpart, org).get(agreement.get_absolute_url()).content.decode()
    assert "Fint – lad os tale tid." in page
    assert "Aftalt" in page


def test_the_invitation_has_date_time_place_links_and_an_ics(network, org, login, start, run_jobs):
    agreement = start(network, REFERENCE, org["leader"])
    _fill_required(agreement)
    _meeting(login("leader", org), agreement, attach_pamphlet="on")
    assert mail.outbox == []  # the page answered; the worker sends it
    run_jobs()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [org["reference"].email]
    assert "15. januar 2030" in email.body
    assert "kl. 10:00" in email.body
    assert "Rådhuset, mødelokale 2" in email.body
    assert f"/aftaler/{agreement.pk}/" in email.body
    assert "/roller/referenceleder/" in email.body
    assert "Glæder mig til snakken." in email.body
    names = [name for name, _content, _mime in email.attachments]
    assert "invitation.ics" in names
    assert any(name.endswith(".pdf") for name in names)  # the personal role pamphlet
    ics = next(c for n, c, _m in email.attachments if n == "invitation.ics")
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["location"]) == "Rådhuset, mødelokale 2"
    assert event.decoded("dtstart").strftime("%Y-%m-%d %H:%M") == "2030-01-15 10:00"
    assert str(event["attendee"]) == f"mailto:{org['reference'].email}"
    handout = PamphletHandout.objects.get(network=network, recipient=org["reference"])
    assert handout.method == PamphletHandout.Method.INVITATION


def test_a_meeting_in_the_past_is_refused_with_the_input_kept(network, org, login, start):
    agreement = start(network, CODRIVER, org["leader"])
    _fill_required(agreement)
    response = _meeting(login("leader", org), agreement, date="2020-01-01")
    assert response.status_code == 400
    assert "Datoen er overstået" in response.content.decode()
    assert "Rådhuset, mødelokale 2" in response.content.decode()


def test_a_confirmation_is_tied_to_the_version_it_confirmed(network, org, login, start):
    agreement = start(network, CODRIVER, org["leader"])
    _fill_required(agreement)
    _meeting(login("leader", org), agreement)
    _confirm(login("codriver", org), agreement)
    # The leader changes an answer afterwards: the co-driver's confirmation no longer
    # matches what the agreement says, so it must be given again.
    client = login("leader", org)
    agreement.refresh_from_db()
    key = next(
        q["key"]
        for q in agreement.template_version.sections[0]["questions"]
        if q["type"] == "long_text"
    )
    client.post(
        reverse("agreements:step", args=[agreement.pk, 1]),
        {"lock_version": agreement.lock_version, key: "Ny formulering", "go": "stay"}
        | {
            q["key"]: agreement.answers.get(q["key"])
            for q in agreement.template_version.sections[0]["questions"]
            if q["type"] == "profiles"
        },
    )
    _confirm(client, agreement)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.READY
    page = login("codriver", org).get(agreement.get_absolute_url()).content.decode()
    assert "Bekræft aftalen (version 1)" in page


def test_a_confirmation_of_a_page_that_has_changed_is_refused(network, org, login, start):
    agreement = start(network, CODRIVER, org["leader"])
    _fill_required(agreement)
    _meeting(login("leader", org), agreement)
    agreement.refresh_from_db()
    seen = agreement.lock_version
    agreement.answers["forventninger-til-co-driver"] = "Ændret efter du læste"
    agreement.lock_version += 1
    agreement.save()
    response = login("codriver", org).post(
        reverse("agreements:confirm", args=[agreement.pk]), {"lock_version": seen}, follow=True
    )
    assert "Aftalen er ændret, siden du åbnede den" in response.content.decode()
    assert not Confirmation.objects.filter(agreement=agreement).exists()


def test_reopening_makes_a_new_version_and_the_agreed_one_stays_readable(
    network, org, login, start
):
    agreement = start(network, CODRIVER, org["leader"])
    _fill_required(agreement)
    agreement.answers["forventninger-til-co-driver"] = "Vi mødes hver uge"
    agreement.save()
    _meeting(login("leader", org), agreement)
    _confirm(login("codriver", org), agreement)
    _confirm(login("leader", org), agreement)
    client = login("leader", org)
    agreement.refresh_from_db()
    response = client.post(
        reverse("agreements:reopen", args=[agreement.pk]),
        {"lock_version": agreement.lock_version},
    )
    assert response.url == reverse("agreements:step", args=[agreement.pk, 1])
    agreement.refresh_from_db()
    assert (agreement.status, agreement.revision) == (Agreement.Status.DRAFT, 2)
    agreement.answers["forventninger-til-co-driver"] = "Vi mødes hver anden uge"
    agreement.save()
    page = client.get(reverse("agreements:revision", args=[agreement.pk, 1])).content.decode()
    assert "Version 1, aftalt" in page
    assert "Vi mødes hver uge" in page
    assert '<ins class="diff"><span class="visually-hidden">[tilføjet:] </span>anden ' in page
    # The agreed PDF still prints version 1.
    assert client.get(reverse("agreements:pdf", args=[agreement.pk, "aftalt"])).status_code == 200


def test_the_history_says_who_changed_what_and_when(network, org, login, start):
    agreement = start(network, CODRIVER, org["leader"])
    client = login("leader", org)
    key = "forventninger-til-co-driver"
    step = next(
        n
        for n, s in enumerate(agreement.template_version.sections, 1)
        if any(q["key"] == key for q in s["questions"])
    )
    client.post(
        reverse("agreements:step", args=[agreement.pk, step]),
        {"lock_version": agreement.lock_version, key: "Første udkast", "go": "stay"},
    )
    agreement.refresh_from_db()
    client.post(
        reverse("agreements:step", args=[agreement.pk, step]),
        {"lock_version": agreement.lock_version, key: "Andet udkast", "go": "stay"},
    )
    entries = client.get(reverse("agreements:history", args=[agreement.pk])).context["entries"]
    assert [e.what for e in entries][:2] == [f"Trin {step} gemt", f"Trin {step} gemt"]
    assert entries[0].who == org["leader"]
    change = entries[0].changes[0]
    assert (change.old, change.new) == ("Første udkast", "Andet udkast")
    assert entries[-1].what == "Oprettet"
    assert agreement.history.count() == 3


def test_an_agreement_can_start_from_the_matching_reflection(network, org, login, start):
    reflection = start(network, "refleksion-co-driver", org["leader"])
    reflection.answers["co-driver-profil"] = ["Fagperson på temaet"]
    reflection.answers["laere-med-co-driver"] = "Facilitering af store møder"
    reflection.save()
    client = login("leader", org)
    response = client.post(
        reverse("agreements:start", args=[network.slug, CODRIVER]), {"source": reflection.pk}
    )
    agreement = Agreement.objects.get(template__key=CODRIVER)
    assert response.status_code == 302
    assert agreement.source == reflection
    assert agreement.answers["co-driver-profil"] == ["Fagperson på temaet"]
    assert agreement.answers["laere-med-co-driver"] == "Facilitering af store møder"


def test_reflections_are_private_until_shared(network, org, login, start):
    reflection = start(network, "refleksion-personaleleder", org["leader"])
    url = reflection.get_absolute_url()
    for persona in ["personnel", "secretariat", "codriver", "outsider"]:
        assert login(persona, org).get(url).status_code == 404, persona
    client = login("leader", org)
    client.post(
        reverse("agreements:share", args=[reflection.pk]),
        {"lock_version": reflection.lock_version, "shared": "1"},
    )
    assert login("personnel", org).get(url).status_code == 200
    assert login("secretariat", org).get(url).status_code == 404
    assert (
        login("personnel", org)
        .post(reverse("agreements:confirm", args=[reflection.pk]))
        .status_code
        == 403
    )


def test_mine_netvaerk_shows_the_counterpart_what_waits_for_them(network, org, login, start):
    agreement = start(network, REFERENCE, org["leader"])
    page = login("reference", org).get(reverse("home")).content.decode()
    assert "Til dig som samtalepart" in page
    assert agreement.get_absolute_url() in page


def test_a_co_driver_of_another_network_gets_404_on_view_edit_and_confirm(
    network, org, login, start
):
    from netvaerk.models import NetworkRole

    from ..factories import NetworkFactory, NetworkRoleFactory

    other = NetworkFactory(name="Et andet netværk")
    NetworkRoleFactory(network=other, person=org["outsider"], role=NetworkRole.Role.CO_DRIVER)
    agreement = start(network, CODRIVER, org["leader"])
    client = login("outsider", org)
    for name, method in [
        ("agreements:detail", "get"),
        ("agreements:step", "get"),
        ("agreements:review", "get"),
        ("agreements:confirm", "post"),
        ("agreements:comment", "post"),
        ("agreements:pdf", "get"),
    ]:
        args = {"agreements:step": [agreement.pk, 1], "agreements:pdf": [agreement.pk, "aftalt"]}
        url = reverse(name, args=args.get(name, [agreement.pk]))
        assert getattr(client, method)(url).status_code == 404, name


def test_mine_netvaerk_says_whether_the_counterpart_has_confirmed(network, org, login, start):
    agreement = start(network, REFERENCE, org["leader"])
    _fill_required(agreement)
    _meeting(login("leader", org), agreement)
    client = login("reference", org)
    assert "Venter på din bekræftelse" in client.get(reverse("home")).content.decode()
    _confirm(client, agreement)
    page = client.get(reverse("home")).content.decode()
    assert "Du har bekræftet" in page
    assert "Venter på din bekræftelse" not in page
    # The leader's link for an agreement ready for the meeting opens the agreement, and the
    # step form warns that saving a change means confirming again.
    leader = login("leader", org)
    home = leader.get(reverse("home")).content.decode()
    assert f'href="{agreement.get_absolute_url()}"' in home
    step = leader.get(reverse("agreements:step", args=[agreement.pk, 1])).content.decode()
    assert "skal I begge bekræfte den nye tekst igen" in step


def test_starting_from_a_source_that_is_not_a_number_is_a_404(network, org, login, templates):
    response = login("leader", org).post(
        reverse("agreements:start", args=[network.slug, CODRIVER]), {"source": "abc"}
    )
    assert response.status_code == 404
    assert not Agreement.objects.exists()


def test_a_shared_reflection_is_on_the_counterparts_front_page(network, org, login, start):
    reflection = start(network, "refleksion-personaleleder", org["leader"])
    client = login("personnel", org)
    assert reflection.get_absolute_url() not in client.get(reverse("home")).content.decode()
    reflection.shared = True
    reflection.save()
    page = client.get(reverse("home")).content.decode()
    assert reflection.get_absolute_url() in page
    assert "Delt med dig" in page


def test_the_admin_shows_an_agreement_read_only_with_readable_answers(network, org, login, start):
    agreement = start(network, CODRIVER, org["leader"])
    agreement.answers["forventninger-til-co-driver"] = "At vi <b>deler</b> opgaverne"
    agreement.save()
    client = login("secretariat", org)
    page = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hvad forventer du af din co-driver?" in html
    assert "At vi &lt;b&gt;deler&lt;/b&gt; opgaverne" in html
    history = client.get(reverse("admin:agreements_agreement_history", args=[agreement.pk]))
    assert history.status_code == 200


def test_the_invitation_is_in_the_history(network, org, login, start):
    agreement = start(network, REFERENCE, org["leader"])
    _meeting(login("leader", org), agreement)
    entries = login("leader", org).get(reverse("agreements:history", args=[agreement.pk]))
    whats = [e.what for e in entries.context["entries"]]
    assert whats[:2] == ["Invitation sendt til samtaleparten", "Klar til mødet"]
