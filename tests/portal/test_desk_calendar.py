"""The secretariat's desk calendar: who sits at the secretariat week by week, against the
number of desks."""

from datetime import date as D

import pytest
from django.urls import reverse
from django.utils import timezone

from netvaerk.models import DeskPeriod
from netvaerk.planning import monday
from portal.models import Rules

from ..factories import NetworkFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/sekretariat/pladser/"


def _sit(network, person, starts_on, ends_on):
    return DeskPeriod.objects.create(
        network=network, person=person, starts_on=starts_on, ends_on=ends_on
    )


def _desks(n):
    rules = Rules.current()
    rules.desks = n
    rules.save()


def test_the_url_is_named():
    assert reverse("desk-calendar") == URL


def test_it_shows_this_week_and_the_next_twelve_by_default(org, login):
    response = login("secretariat", org).get(URL)
    assert response.status_code == 200
    weeks = response.context["weeks"]
    this_monday = monday(timezone.localdate())
    assert len(weeks) == 13
    assert weeks[0].monday == this_monday and weeks[0].is_current
    assert weeks[-1].sunday == D.fromordinal(this_monday.toordinal() + 13 * 7 - 1)
    assert all(w.monday.weekday() == 0 for w in weeks)


def test_fra_moves_the_span_to_its_monday_with_iso_weeks_and_danish_dates(org, login):
    client = login("secretariat", org)
    response = client.get(URL, {"fra": "2027-01-06"})  # a Wednesday
    weeks = response.context["weeks"]
    assert weeks[0].monday == D(2027, 1, 4)
    assert [w.number for w in weeks[:3]] == [1, 2, 3]
    html = response.content.decode()
    assert "Uge 1" in html and "mandag 4. januar 2027" in html
    assert "4. januar 2027" in html  # the caption
    assert 'href="?fra=2026-10-05"' in html  # the 13 weeks before
    assert 'href="?fra=2027-04-05"' in html  # the 13 weeks after
    # Across a year with 53 ISO weeks.
    weeks = client.get(URL, {"fra": "2026-12-21"}).context["weeks"]
    assert [w.number for w in weeks[:3]] == [52, 53, 1]


@pytest.mark.parametrize("value", ["i-morgen", "2027-02-30", "0001-01-01", "9999-12-31"])
def test_an_odd_date_still_shows_thirteen_weeks(org, login, value):
    response = login("secretariat", org).get(URL, {"fra": value})
    assert response.status_code == 200
    assert len(response.context["weeks"]) == 13


def test_who_sits_there_and_a_week_over_capacity_is_said_in_words(network, org, login):
    _desks(2)
    other = NetworkFactory(name="Grøn omstilling")
    _sit(network, org["leader"], D(2027, 1, 4), D(2027, 1, 22))
    _sit(other, org["codriver"], D(2027, 1, 11), D(2027, 1, 13))
    _sit(other, org["participant"], D(2027, 1, 15), D(2027, 1, 15))
    # The same person in two networks the same week takes one desk.
    _sit(other, org["leader"], D(2027, 1, 11), D(2027, 1, 12))
    response = login("secretariat", org).get(URL, {"fra": "2027-01-04"})
    weeks = response.context["weeks"]
    assert [w.people for w in weeks[:4]] == [1, 3, 1, 0]
    assert [w.over_capacity for w in weeks[:4]] == [False, True, False, False]
    html = response.content.decode()
    assert "Overbooket: 3 af 2 pladser" in html
    assert html.count("Overbooket:") == 2  # in the column, and under the week on a phone
    assert "1 af 2 pladser" in html and "0 af 2 pladser" in html
    assert "1 uge i perioden er overbooket." in html
    assert f'href="{org["leader"].get_absolute_url()}"' in html
    assert f'href="{network.get_absolute_url()}"' in html
    assert "Grøn omstilling" in html and "Signe Lauridsen" in html


def test_periods_outside_the_span_are_not_shown(network, org, login):
    _sit(network, org["leader"], D(2026, 1, 5), D(2026, 1, 9))
    weeks = login("secretariat", org).get(URL, {"fra": "2027-01-04"}).context["weeks"]
    assert all(w.people == 0 for w in weeks)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anon", 302),
        ("outsider", 403),
        ("leader", 403),
        ("personnel", 403),
        ("reference", 403),
        ("secretariat", 200),
    ],
)
def test_only_the_secretariat_sees_it(org, login, persona, status):
    assert login(persona, org).get(URL).status_code == status


def test_the_desk_calendar_has_a_constant_number_of_queries(
    network, org, login, django_assert_num_queries
):
    client = login("secretariat", org)
    Rules.current()
    _sit(network, org["leader"], D(2027, 1, 4), D(2027, 1, 22))
    # session, user, groups, the menu's person with its unread count, rules, periods
    with django_assert_num_queries(6) as ctx:
        client.get(URL, {"fra": "2027-01-04"})
    for i in range(20):
        _sit(NetworkFactory(), PersonFactory(), D(2027, 1, 4 + i), D(2027, 2, 1 + i))
    with django_assert_num_queries(len(ctx.captured_queries)):
        html = client.get(URL, {"fra": "2027-01-04"}).content.decode()
    assert "Overbooket: 21 af 4 pladser" in html


def test_the_secretariat_edits_the_desks_in_the_admin_and_cannot_add_a_second_row(org, login):
    rules = Rules.current()
    client = login("secretariat", org)
    change = reverse("admin:portal_rules_change", args=[rules.pk])
    assert client.get(reverse("admin:portal_rules_changelist")).status_code == 200
    response = client.post(change, {"desks": 6, "agreement_due_weeks": 10})
    assert response.status_code == 302
    rules.refresh_from_db()
    assert (rules.desks, rules.agreement_due_weeks) == (6, 10)
    assert client.get(reverse("admin:portal_rules_add")).status_code == 403
    assert client.get(reverse("admin:portal_rules_delete", args=[rules.pk])).status_code == 403
    assert "0 af 6 pladser" in client.get(URL).content.decode()
