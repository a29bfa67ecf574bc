"""The secretariat's access log: filter by who looked and by whom it concerns, by date;
others get 403; a person's page links to the log about them, for the secretariat only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import audit
from core.models import AccessEvent

pytestmark = pytest.mark.django_db

URL = reverse("access-log")


def _rows(response):
    """The rows shown, less the page's own reads of the log (they are logged too)."""
    return [r for r in response.context["rows"] if r["event"].what != "access_log"]


@pytest.fixture
def events(org):
    """Signe read Kasper's page, Helle read Signe's and Kasper's agreement, Kasper searched;
    the last one was 40 days ago."""
    audit.record(org["leader"].user, "person", about=[org["codriver"]], object_id="1")
    audit.record(
        org["reference"].user, "agreement", about=[org["leader"], org["codriver"]], object_id="9"
    )
    old = audit.record(org["codriver"].user, "search", detail="q=helle")[0]
    AccessEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))


@pytest.mark.parametrize("persona", ["leader", "personnel", "reference", "outsider"])
def test_only_the_secretariat_reads_the_log(org, login, persona):
    assert login(persona, org).get(URL).status_code == 403


def test_the_log_lists_every_event_newest_first_in_words(org, login, events):
    response = login("secretariat", org).get(URL)
    rows = _rows(response)
    assert [r["what"] for r in rows] == [
        "Samarbejdsaftale",
        "Samarbejdsaftale",
        "Personside",
        "Søgning",
    ]
    assert response.context["rows"][0]["what"] == "Adgangslog"  # this very read, first
    page = response.content.decode()
    assert "Signe Lauridsen" in page and "Kasper Juhl" in page and "q=helle" in page
    assert "—" in page  # the search concerns no one person
    assert "<caption" in page and 'data-label="Hvem"' in page


def test_filter_by_who_looked(org, login, events):
    rows = _rows(login("secretariat", org).get(URL, {"hvem": "helle"}))
    assert {r["event"].user for r in rows} == {org["reference"].user}
    assert len(rows) == 2


def test_filter_by_whom_it_concerns_by_name_and_by_id(org, login, events):
    client = login("secretariat", org)
    by_name = _rows(client.get(URL, {"person": "kasper juhl"}))
    assert [(r["what"], r["about_id"]) for r in by_name] == [
        ("Samarbejdsaftale", org["codriver"].pk),
        ("Personside", org["codriver"].pk),
    ]
    response = client.get(URL, {"om": org["leader"].pk})
    assert [r["about_id"] for r in _rows(response)] == [org["leader"].pk]
    assert "Viser kun hændelser om Signe Lauridsen." in response.content.decode()


def test_filter_by_dates(org, login, events):
    today = timezone.localdate()
    client = login("secretariat", org)
    recent = _rows(client.get(URL, {"fra": (today - datetime.timedelta(days=7)).isoformat()}))
    assert "search" not in {r["event"].what for r in recent}
    early = _rows(client.get(URL, {"til": (today - datetime.timedelta(days=30)).isoformat()}))
    assert [r["event"].what for r in early] == ["search"]
    assert client.get(URL, {"fra": "not a date"}).status_code == 200


def test_reading_the_log_is_logged_too(org, login, events):
    login("secretariat", org).get(URL, {"om": org["leader"].pk, "hvem": "helle"})
    event = AccessEvent.objects.filter(what="access_log").get()
    assert event.user == org["secretariat"].user
    assert event.about == org["leader"].pk
    assert event.detail == f"hvem=helle om={org['leader'].pk}"


def test_the_log_is_paged_by_25(org, login):
    for _i in range(30):
        audit.record(org["leader"].user, "person", about=[org["codriver"]])
    client = login("secretariat", org)
    assert len(client.get(URL).context["rows"]) == 25
    # 30 reads and the two reads of the log: 7 on the second page.
    assert len(client.get(URL, {"side": 2}).context["rows"]) == 7


def test_a_person_page_links_to_the_log_about_them_for_the_secretariat(network, org, login):
    person_url = reverse("netvaerk:person-detail", args=[org["codriver"].pk])
    link = f"{URL}?om={org['codriver'].pk}"
    page = login("secretariat", org).get(person_url).content.decode()
    assert link in page and "Hvem har set oplysninger om Kasper Juhl?" in page
    assert link not in login("leader", org).get(person_url).content.decode()


def test_the_workspace_has_a_tab_for_the_log(org, login):
    assert URL in login("secretariat", org).get(reverse("workspace")).content.decode()
