"""Right of access, anonymisation, retention and the privacy notice (portal/privacy.py,
portal/anonymise.py, portal/retention.py)."""

import datetime
import json

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from agreements import services
from core.mail import send_password_reset
from core.models import AccessEvent
from core.pdf import cache_key, pdf_storage, store_pdf, stored_pdf
from netvaerk.models import CalendarFeed, TimeEntry
from notifications.kinds import Kind
from notifications.services import notify
from portal.anonymise import anonymise_person
from portal.retention import apply_retention
from proposals.models import Proposal
from proposals.rounds import current_round
from roles.models import Person

from .pdftools import pdfinfo, pdftext


def _looked_at(person, by):
    AccessEvent.objects.create(
        user=by, about=person.pk, what="person", object_id=str(person.pk), path="/personer/"
    )


@pytest.fixture
def agreed(network, org, start):
    """The leader's co-driver agreement, agreed, with a comment from each party."""
    agreement = start(network, "aftale-co-driver", org["leader"])
    services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.now() + datetime.timedelta(days=7),
        meeting_place="Rådhuset",
        lock_version=agreement.lock_version,
    )
    agreement.refresh_from_db()
    services.comment_add(agreement=agreement, author=org["codriver"], text="Godt forslag.")
    services.comment_add(agreement=agreement, author=org["leader"], text="Tak for mødet.")
    agreement.refresh_from_db()
    for party, person in [("leader", org["leader"]), ("counterpart", org["codriver"])]:
        services.agreement_confirm(
            agreement=agreement, party=party, person=person, lock_version=agreement.lock_version
        )
        agreement.refresh_from_db()
    return agreement


# Right of access ---------------------------------------------------------------------------


def test_a_person_downloads_their_own_record_as_json(network, org, login, agreed, start):
    leader = org["leader"]
    TimeEntry.objects.create(
        network=network, person=leader, week=datetime.date(2026, 9, 7), hours=3
    )
    notify(
        [leader],
        Kind.ROLE_GIVEN,
        params={"role": "netværksleder", "network": network.name, "date": "2026-09-07"},
    )
    reflection = start(network, "refleksion-referenceleder", leader)
    _looked_at(leader, org["secretariat"].user)

    response = login("leader", org).get(reverse("person-record-json", args=[leader.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    record = json.loads(response.content)
    assert record["about"]["for"] == "person"
    assert record["profile"]["username"] == "signe"
    assert record["profile"]["name"] == "Signe Lauridsen"
    assert [r["role_key"] for r in record["roles"]] == ["network_leader"]
    (agreement,) = record["agreements"]
    assert agreement["id"] == agreed.pk
    assert agreement["other_party"] == "Kasper Juhl"
    assert [c["text"] for c in agreement["comments"]] == ["Godt forslag.", "Tak for mødet."]
    assert [v["version"] for v in agreement["agreed_versions"]] == [1]
    assert {c["person"] for c in agreement["confirmations"]} == {"Signe Lauridsen", "Kasper Juhl"}
    assert [r["id"] for r in record["reflections"]] == [reflection.pk]
    assert "answers" in record["reflections"][0]
    texts = [n["text"] for n in record["notifications"]["notifications"]]
    assert any(t.startswith("Du er netværksleder i netværket") for t in texts)
    assert record["time_log"] == [{"network": network.name, "week": "2026-09-07", "hours": 3.0}]
    # When and what, never who looked (and the person's own download is logged too).
    events = record["access_log"]
    assert events and all("who" not in e for e in events)
    assert "Rikke" not in response.content.decode()
    assert AccessEvent.objects.filter(about=leader.pk, what="person_record").exists()


def test_the_secretariat_sees_who_looked_but_not_private_reflections(network, org, login, start):
    leader = org["leader"]
    start(network, "refleksion-referenceleder", leader)
    _looked_at(leader, org["personnel"].user)
    response = login("secretariat", org).get(reverse("person-record-json", args=[leader.pk]))
    record = json.loads(response.content)
    assert record["about"]["for"] == "secretariat"
    assert "Jens Overgaard" in [e["who"] for e in record["access_log"]]
    (reflection,) = record["reflections"]
    assert reflection["answers_withheld"] is True
    assert "answers" not in reflection


@pytest.mark.parametrize("persona", ["outsider", "codriver", "personnel", "reference"])
def test_nobody_else_gets_a_record(persona, network, org, login):
    client = login(persona, org)
    for name in ("person-record-json", "person-record-pdf"):
        assert client.get(reverse(name, args=[org["leader"].pk])).status_code == 404


def test_the_record_as_a_tagged_danish_pdf(network, org, login, agreed, tmp_path):
    leader = org["leader"]
    _looked_at(leader, org["secretariat"].user)
    own = login("leader", org).get(reverse("person-record-pdf", args=[leader.pk]))
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    text = pdftext(own.content)
    for heading in ["Profil", "Roller i netværk", "Samarbejdsaftaler", "Refleksioner"]:
        assert heading in text
    assert "Timeregistreringer" in text and "Adgangslog" in text
    assert "Signe Lauridsen" in text and "Tak for mødet." in text
    assert "Rikke Dalgaard" not in text
    info = pdfinfo(own.content, tmp_path)
    assert info["Tagged"] == "yes"
    assert "Signe Lauridsen" in info["Title"]

    secretariat = login("secretariat", org).get(reverse("person-record-pdf", args=[leader.pk]))
    assert "Rikke Dalgaard" in pdftext(secretariat.content)


def test_the_person_page_links_to_the_record(network, org, login):
    leader = org["leader"]
    page = login("leader", org).get(leader.get_absolute_url()).content.decode()
    assert "Hent mine data (JSON)" in page and "Hent mine data (PDF)" in page
    assert reverse("person-record-json", args=[leader.pk]) in page
    assert "Anonymisér" not in page
    page = login("secretariat", org).get(leader.get_absolute_url()).content.decode()
    assert reverse("person-record-pdf", args=[leader.pk]) in page
    assert reverse("person-anonymise", args=[leader.pk]) in page
    page = login("outsider", org).get(leader.get_absolute_url()).content.decode()
    assert "indsigt" not in page


# The privacy notice --------------------------------------------------------------------------


def test_the_privacy_notice_is_in_every_footer_and_open_to_all(network, org, login, settings):
    settings.RETENTION_LEAVER_YEARS = 3
    client = login("anon", org)
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("privacy") in login_page
    page = client.get(reverse("privacy"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hvor længe" in text and "3 år efter fratrædelsen" in text
    own = login("leader", org).get(reverse("privacy")).content.decode()
    assert reverse("person-record-pdf", args=[org["leader"].pk]) in own


# Anonymisation -------------------------------------------------------------------------------

OLD_NAME = "Xenia Østergård-Quist"
OLD_EMAIL = "xenia.oq@example.dk"
OLD_USERNAME = "xoquist"


def _text_columns():
    """Every text-like column of every table, as the database describes it."""
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            for column in introspection.get_table_description(cursor, table):
                kind = introspection.get_field_type(column.type_code, column)
                if kind in ("CharField", "TextField", "JSONField", "EmailField", "SlugField"):
                    yield table, column.name


def _hits(needles):
    hits = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            for needle in needles:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "
                    f"WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE LOWER(%s)",
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append((table, column, needle))
    return hits


def _needles():
    escaped = json.dumps(OLD_NAME)[1:-1]  # how JSON columns may store it (\u00d8)
    return [OLD_NAME, escaped, OLD_EMAIL, OLD_USERNAME, "Quist, Xenia"]


def test_anonymisation_leaves_the_old_name_and_email_in_no_column(
    network, org, login, agreed, client
):
    leader = org["leader"]
    user = leader.user
    user.first_name, user.last_name = "Xenia", "Østergård-Quist"
    user.username, user.email = OLD_USERNAME, OLD_EMAIL
    user.save()
    leader.refresh_from_db()
    leader.save()  # search text
    leader.phone, leader.external_id, leader.oidc_subject = "+45 1234 5678", "HR-77", "sub-77"
    leader.left_on = datetime.date(2020, 1, 31)
    leader.save()
    secretariat = org["secretariat"].user
    # Free text that mentions her, history rows, notifications, the admin's log, a failed
    # login, a queued job, an access-log criterion, a session, a calendar feed, cached PDFs.
    agreed.meeting_place = f"Hos {OLD_NAME}"
    agreed.save()
    services.comment_add(agreement=agreed, author=org["codriver"], text=f"Tak {OLD_NAME}!")
    notify([org["codriver"]], Kind.COMMENTED, params={"name": OLD_NAME, "mail": OLD_EMAIL})
    Proposal.objects.create(
        title="Ensomhed",
        challenge=f"Foreslået af {OLD_NAME} ({OLD_EMAIL})",
        why_now="Nu.",
        network_type="velfaerd",
        proposer=org["participant"],
        suggested_leader=leader,
        round=current_round(),
    )
    LogEntry.objects.create(
        user=secretariat,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(leader.pk),
        object_repr=OLD_NAME,
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"name": OLD_NAME}}]),
    )
    AccessAttempt.objects.create(
        username=OLD_USERNAME,
        ip_address="127.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/konto/log-ind/",
        get_data="",
        post_data=f"username={OLD_USERNAME}",
        failures_since_start=2,
    )
    send_password_reset.enqueue(
        user.pk,
        language="da",
        protocol="https",
        domain="netvaerk.example.dk",
        site_name=f"{OLD_NAME} <{OLD_EMAIL}>",
        templates={},
    )
    AccessEvent.objects.create(user=secretariat, what="search", detail=f"q={OLD_NAME}")
    CalendarFeed.objects.create(user=user)
    login("leader", org)
    assert Session.objects.count() >= 1
    assert (
        login("leader", org).get(reverse("agreements:pdf", args=[agreed.pk, "aftalt"])).status_code
        == 200
    )
    assert pdf_storage().listdir("pdf")[1]  # the agreement's PDF is cached
    before = _hits(_needles())
    # The test data holds the old name where the routine must find it.
    assert {t for t, _c, _n in before} >= {
        "agreements_historicalagreement",
        "proposals_historicalproposal",
        "django_admin_log",
        "axes_accessattempt",
        "django_tasks_database_dbtaskresult",
        "notifications_notification",
        "core_accessevent",
        "portal_networksummary",
        "roles_person",
    }

    anonymise_person(leader, by=secretariat)

    assert _hits(_needles()) == []
    leader.refresh_from_db()
    assert leader.name == f"Anonymiseret medarbejder {leader.pk}"
    assert leader.user.username == f"anonym-{leader.pk}"
    assert not leader.user.is_active and not leader.user.has_usable_password()
    assert (leader.phone, leader.external_id, leader.oidc_subject) == ("", "", "")
    assert leader.anonymised_at is not None
    assert all(s.get_decoded().get("_auth_user_id") != str(user.pk) for s in Session.objects.all())
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert not pdf_storage().listdir("pdf")[1]  # the agreement's PDF, cached above, is gone
    # The agreement stays readable as structure, naming the pseudonym.
    agreed.refresh_from_db()
    assert agreed.leader_id == leader.pk
    assert agreed.meeting_place == f"Hos Anonymiseret medarbejder {leader.pk}"
    assert Person.objects.search("xenia").count() == 0
    assert AccessEvent.objects.filter(about=leader.pk, what="anonymise").exists()
    page = login("secretariat", org).get(reverse("agreements:detail", args=[agreed.pk]))
    assert page.status_code == 200
    assert f"Anonymiseret medarbejder {leader.pk}" in page.content.decode()


def test_anonymisation_clears_the_pdf_cache(network, org, login, agreed):
    key = cache_key("<p>Signe Lauridsen</p>")
    store_pdf(key, b"%PDF-1.7 Signe Lauridsen")
    assert stored_pdf(key) == b"%PDF-1.7 Signe Lauridsen"
    anonymise_person(org["leader"])
    assert stored_pdf(key) is None


def test_the_secretariat_anonymises_from_the_person_page(network, org, login):
    participant = org["participant"]
    url = reverse("person-anonymise", args=[participant.pk])
    assert login("leader", org).post(url, {"confirm": "ja"}).status_code == 403
    client = login("secretariat", org)
    page = client.get(url).content.decode()
    assert "Katrine Møller" in page and "aktive roller" in page
    response = client.post(url, {"confirm": "ja"})
    assert response.status_code == 302
    assert response["Location"] == participant.get_absolute_url()
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
    assert participant.user.first_name == "Anonymiseret"


def test_the_anonymise_command(network, org):
    call_command("anonymise_person", "katrine", "--yes", verbosity=0)
    assert Person.objects.get(pk=org["participant"].pk).anonymised_at is not None


# Retention -----------------------------------------------------------------------------------


def test_retention_dry_run_changes_nothing_and_the_run_applies_the_periods(network, org, settings):
    settings.RETENTION_LEAVER_YEARS = 2
    settings.TIME_LOG_YEARS = 5
    settings.ACCESS_LOG_DAYS = 30
    today = timezone.localdate()
    old_leaver, recent_leaver = org["participant"], org["outsider"]
    Person.objects.filter(pk=old_leaver.pk).update(left_on=today - datetime.timedelta(days=800))
    Person.objects.filter(pk=recent_leaver.pk).update(left_on=today - datetime.timedelta(days=300))
    old_week = today - datetime.timedelta(days=6 * 365)
    old_week -= datetime.timedelta(days=old_week.weekday())
    TimeEntry.objects.create(network=network, person=org["leader"], week=old_week, hours=2)
    new_week = today - datetime.timedelta(days=today.weekday())
    TimeEntry.objects.create(network=network, person=org["leader"], week=new_week, hours=4)
    old_event = AccessEvent.objects.create(what="person", about=org["leader"].pk)
    AccessEvent.objects.filter(pk=old_event.pk).update(
        at=timezone.now() - datetime.timedelta(days=31)
    )
    AccessEvent.objects.create(what="person", about=org["leader"].pk)

    lines = []
    result = apply_retention(dry_run=True, log=lines.append)
    assert result["anonymised"] == [old_leaver.pk]
    assert (result["time_entries"], result["access_events"]) == (1, 1)
    assert any("Ville anonymisere" in line for line in lines)
    assert Person.objects.get(pk=old_leaver.pk).anonymised_at is None
    assert TimeEntry.objects.count() == 2 and AccessEvent.objects.count() == 2

    apply_retention(log=lines.append)
    assert Person.objects.get(pk=old_leaver.pk).anonymised_at is not None
    assert Person.objects.get(pk=recent_leaver.pk).anonymised_at is None
    assert list(TimeEntry.objects.values_list("week", flat=True)) == [new_week]
    assert AccessEvent.objects.filter(pk=old_event.pk).exists() is False


def test_the_retention_command_prints_what_it_would_do(network, org, capsys):
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "Prøvekørsel" in out and "timeregistreringer" in out
