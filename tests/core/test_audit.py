"""The access log: each read of personal data is one event per person concerned (who, what,
about whom, never the content); a list or search is one event with its criterion."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from core import audit
from core.models import AccessEvent
from netvaerk.models import CalendarFeed, TimeEntry

pytestmark = pytest.mark.django_db

SECRET = "Hemmeligt svar om Signes trivsel"


def _events(**filters):
    return list(AccessEvent.objects.filter(**filters).order_by("id"))


def _no_content(events, *texts):
    """No event holds any of `texts` in any of its columns."""
    for e in events:
        for value in (e.what, e.object_id, e.detail, e.path):
            for text in texts:
                assert text not in value


@pytest.fixture
def no_pdf(monkeypatch):
    """The PDF views answer without rendering: what is measured here is the log."""
    from agreements import views

    def fake(request, html, *, filename, **kwargs):
        return HttpResponse(b"%PDF-", content_type="application/pdf")

    monkeypatch.setattr(views, "pdf_response", fake)


# record() ------------------------------------------------------------------------------


def test_record_writes_one_row_per_person_with_who_and_path(org):
    request = RequestFactory().get("/personer/7/?x=1")
    request.user = org["leader"].user
    audit.record(
        request,
        "person",
        about=[org["codriver"], org["codriver"].pk, None, org["reference"]],
        object_id=7,
    )
    events = _events()
    assert [e.about for e in events] == [org["codriver"].pk, org["reference"].pk]
    for e in events:
        assert (e.user, e.what, e.object_id, e.path) == (
            org["leader"].user,
            "person",
            "7",
            "/personer/7/",
        )


def test_a_list_is_one_row_with_its_criterion_cut_to_the_columns(org):
    request = RequestFactory().get("/personer/")
    request.user = org["leader"].user
    audit.record(request, "directory", detail="q=" + "k" * 500)
    (event,) = _events()
    assert event.about is None
    assert len(event.detail) == 300


def test_a_user_without_a_request_records_no_path_and_switched_off_records_nothing(org, settings):
    audit.record(org["leader"].user, "calendar_feed", about=[org["leader"]])
    assert _events()[0].path == ""
    settings.ACCESS_LOG_ENABLED = False
    audit.record(org["leader"].user, "calendar_feed", about=[org["leader"]])
    assert AccessEvent.objects.count() == 1


def test_every_code_has_a_danish_label():
    assert audit.label("person") == "Personside"
    assert audit.label("unknown-code") == "unknown-code"


# The reads ------------------------------------------------------------------------------


def test_a_person_page_is_one_event_about_that_person(network, org, login):
    login("leader", org).get(reverse("netvaerk:person-detail", args=[org["codriver"].pk]))
    (event,) = _events()
    assert (event.user, event.what, event.about, event.object_id) == (
        org["leader"].user,
        "person",
        org["codriver"].pk,
        str(org["codriver"].pk),
    )
    _no_content([event], org["codriver"].email or "@", org["codriver"].title)


def test_a_page_that_is_refused_logs_nothing(network, org, login, start):
    agreement = start(network, "aftale-personaleleder", org["leader"])
    assert login("outsider", org).get(agreement.get_absolute_url()).status_code == 404
    assert AccessEvent.objects.count() == 0


@pytest.mark.parametrize(
    "name, args, persona, detail",
    [
        ("agreements:detail", [], "personnel", ""),
        ("agreements:history", [], "secretariat", "visning=historik"),
        ("agreements:review", [], "leader", "visning=gennemse"),
        ("agreements:step", [2], "leader", "trin=2"),
    ],
)
def test_an_agreement_page_is_one_event_about_each_party(
    network, org, login, start, name, args, persona, detail
):
    agreement = start(network, "aftale-personaleleder", org["leader"])
    agreement.answers["forventninger-til-personaleleder"] = SECRET
    agreement.save()
    client = login(persona, org)
    assert client.get(reverse(name, args=[agreement.pk, *args])).status_code == 200
    events = _events()
    assert {e.about for e in events} == {org["leader"].pk, org["personnel"].pk}
    assert {(e.user, e.what, e.object_id, e.detail) for e in events} == {
        (org[persona].user, "agreement", str(agreement.pk), detail)
    }
    _no_content(events, SECRET)


def test_an_agreement_pdf_is_logged_as_a_pdf(network, org, login, start, no_pdf):
    agreement = start(network, "aftale-personaleleder", org["leader"])
    url = reverse("agreements:pdf", args=[agreement.pk, "til-moedet"])
    response = login("personnel", org).get(url)
    assert response.status_code == 200
    events = _events()
    assert {e.about for e in events} == {org["leader"].pk, org["personnel"].pk}
    assert {(e.what, e.detail) for e in events} == {("agreement_pdf", "udgave=til-moedet")}


def test_a_shared_reflection_read_by_the_counterpart(network, org, login, start):
    reflection = start(network, "refleksion-personaleleder", org["leader"])
    reflection.refresh_from_db()
    agreement_services.reflection_share(
        agreement=reflection, shared=True, lock_version=reflection.lock_version
    )
    assert login("personnel", org).get(reflection.get_absolute_url()).status_code == 200
    events = _events()
    assert {(e.user, e.what) for e in events} == {(org["personnel"].user, "reflection")}
    assert {e.about for e in events} == {org["leader"].pk, org["personnel"].pk}


def test_a_personal_pamphlet_is_about_its_recipient_and_the_leader(network, org, login, no_pdf):
    url = reverse("agreements:network-pamphlet-pdf", args=[network.slug, "personaleleder", "a4"])
    assert login("personnel", org).get(url).status_code == 200
    events = _events()
    assert {e.about for e in events} == {org["leader"].pk, org["personnel"].pk}
    assert {(e.what, e.object_id) for e in events} == {("pamphlet_personal", network.slug)}


def test_the_time_log_is_about_its_owner(network, org, login, plan):
    TimeEntry.objects.create(
        network=network, person=org["codriver"], week=datetime.date(2026, 11, 23), hours=3
    )
    login("codriver", org).get(reverse("netvaerk:time-log", args=[network.slug]))
    (event,) = _events()
    assert (event.what, event.about, event.object_id) == (
        "time_log",
        org["codriver"].pk,
        network.slug,
    )


def test_the_time_balance_is_one_event_about_the_chosen_employee(network, org, login, plan):
    client = login("personnel", org)
    client.get(reverse("netvaerk:time-balance"))
    client.get(reverse("netvaerk:time-balance"), {"medarbejder": org["leader"].pk})
    client.get(reverse("netvaerk:time-balance-export", args=["csv"]))
    events = _events()
    assert [(e.what, e.about, e.detail) for e in events] == [
        ("time_balance", None, ""),
        ("time_balance", org["leader"].pk, f"medarbejder={org['leader'].pk}"),
        ("time_balance_export", None, "format=csv"),
    ]


def test_the_directory_search_and_exports_are_one_event_each_with_the_criterion(
    network, org, login
):
    client = login("secretariat", org)
    client.get(reverse("roles:person-list"), {"q": "signe"})
    client.get(reverse("search"), {"q": "signe"})
    client.get(reverse("search"))  # no query: nothing was read
    client.get(reverse("roles:person-export", args=["csv"]), {"q": "ol"})
    assert [(e.what, e.about, e.detail) for e in _events()] == [
        ("directory", None, "q=signe"),
        ("search", None, "q=signe"),
        ("directory_export", None, "format=csv q=ol"),
    ]


def test_the_workspace_pages_and_export_are_one_event_each(network, org, login):
    client = login("secretariat", org)
    client.get(reverse("workspace"), {"q": "ensomhed", "side": "1"})
    client.get(reverse("agreement-matrix"))
    client.get(reverse("workspace-export", args=["xlsx"]), {"type": "velfaerd"})
    assert [(e.what, e.about, e.detail) for e in _events()] == [
        ("workspace", None, "q=ensomhed side=1"),
        ("agreement_matrix", None, ""),
        ("workspace_export", None, "format=xlsx type=velfaerd"),
    ]


def test_a_calendar_feed_is_logged_for_its_owner_without_the_secret_address(
    network, org, client, plan
):
    token = CalendarFeed.objects.get_or_create(user=org["leader"].user)[0].token
    client.get(reverse("netvaerk:calendar-mine", args=[token]))
    (event,) = _events()
    assert (event.user, event.what, event.about, event.object_id, event.path) == (
        org["leader"].user,
        "calendar_feed",
        org["leader"].pk,
        "mine",
        "",
    )
    _no_content([event], token)


# Purging ------------------------------------------------------------------------------


def test_purge_removes_only_rows_older_than_the_period(org, settings):
    settings.ACCESS_LOG_DAYS = 30
    for days in (0, 29, 31, 400):
        event = audit.record(org["leader"].user, "person", about=[org["codriver"]])[0]
        AccessEvent.objects.filter(pk=event.pk).update(
            at=timezone.now() - datetime.timedelta(days=days), detail=str(days)
        )
    out = StringIO()
    call_command("purge_access_log", "--dry-run", stdout=out)
    assert out.getvalue().startswith("2 ")
    assert AccessEvent.objects.count() == 4
    out = StringIO()
    call_command("purge_access_log", stdout=out)
    assert out.getvalue().startswith("2 ")
    assert sorted(AccessEvent.objects.values_list("detail", flat=True)) == ["0", "29"]


def test_network_department_and_proposal_pages_are_logged(network, org, login):
    from core.models import AccessEvent
    from proposals.models import Proposal
    from proposals.rounds import current_round

    client = login("secretariat", org)
    client.get(reverse("netvaerk:network-detail", args=[network.slug]))
    client.get(reverse("department-detail", args=[org["departments"]["aeldre"].pk]))
    proposal = Proposal.objects.create(
        title="Sund mad",
        challenge="Ingen kan alene.",
        why_now="Nu.",
        network_type="velfaerd",
        proposer=org["participant"],
        round=current_round(),
    )
    client.get(reverse("proposals:detail", args=[proposal.pk]))
    events = {e.what: e for e in AccessEvent.objects.filter(user=org["secretariat"].user)}
    assert events["network"].object_id == network.slug and events["network"].about is None
    assert events["department"].object_id == str(org["departments"]["aeldre"].pk)
    assert events["proposal"].about == org["participant"].pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="the commit without waiting for the disk is PostgreSQL's",
)
def test_outside_a_transaction_one_statement_writes_the_rows_without_waiting_for_the_disk(
    django_user_model,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = django_user_model.objects.create_user("logger")
    request = RequestFactory().get("/personer/7/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        rows = audit.record(request, "person", about=[7, 8], object_id=7)
    assert len(queries) == 1  # no BEGIN, SET or COMMIT of its own
    assert "set_config('synchronous_commit', 'off', true)" in queries[0]["sql"]
    stored = _events(what="person")
    assert [(e.pk, e.about, e.user_id, e.object_id, e.path) for e in stored] == [
        (rows[0].pk, 7, user.pk, "7", "/personer/7/"),
        (rows[1].pk, 8, user.pk, "7", "/personer/7/"),
    ]
    assert stored[0].at == rows[0].at
    with connection.cursor() as cursor:  # SET LOCAL: the connection's own setting is kept
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
