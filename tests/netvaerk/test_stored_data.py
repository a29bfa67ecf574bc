"""Stored data can never break a page (#13): every date a form takes is bounded by
core.bounds, and a date outside the bounds that is in the database anyway (year 9999, year 1)
is named on the page instead of answering with a server error."""

import datetime
from types import SimpleNamespace

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from agreements import answers
from agreements.forms import HandoutForm, MeetingForm
from agreements.models import Agreement
from core import bounds
from netvaerk import planning
from netvaerk.forms import (
    NetworkForm,
    PhaseChangeForm,
    PlanCreateForm,
    PlanStartForm,
    RoleEndForm,
    TimeEntryForm,
)
from netvaerk.models import (
    CalendarFeed,
    DeskPeriod,
    Network,
    NetworkPlan,
    Phase,
    PhaseChange,
    TimeEntry,
)
from proposals.forms import RoundForm

D = datetime.date
FAR = D(9999, 12, 1)
FIRST = D(1, 1, 1)
NOTICE = "ligger uden for de datoer, portalen kan regne med"


def _plan_start(day):
    return lambda network, org: NetworkPlan.objects.filter(network=network).update(starts_on=day)


def _network_start(day):
    return lambda network, org: Network.objects.filter(pk=network.pk).update(start_date=day)


def _phase_change(day):
    def store(network, org):
        PhaseChange.objects.create(
            network=network, phase=Phase.objects.get(number=3), changed_on=day
        )

    return store


def _desk_period(first, last):
    def store(network, org):
        DeskPeriod.objects.create(
            network=network, person=org["leader"], starts_on=first, ends_on=last
        )

    return store


def _time_entry(day):
    def store(network, org):
        TimeEntry.objects.create(network=network, person=org["leader"], week=day, hours=5)

    return store


def _answers(day):
    def store(network, org):
        text = day.isoformat()
        periods = [{"start": text, "end": text, "note": ""}]
        Agreement.objects.filter(network=network).update(answers={"sekretariatsperioder": periods})

    return store


def _meeting(moment):
    def store(network, org):
        Agreement.objects.filter(network=network).update(
            meeting_at=moment, meeting_place="Rådhuset", status=Agreement.Status.READY
        )

    return store


UTC = datetime.UTC
# Everything stored far out of range at once, and the messages that name each date on the
# pages (every page must answer anyway). Phase 3 is "Undersøgelse".
STORED = {
    "year 9999": [
        _plan_start(FAR),
        _network_start(D(9999, 12, 31)),
        _phase_change(D(9999, 12, 31)),
        _desk_period(FAR, D(9999, 12, 31)),
        _time_entry(D(9999, 12, 27)),
        _answers(D(9999, 12, 31)),
        _meeting(datetime.datetime(9999, 12, 30, 12, tzinfo=UTC)),
    ],
    "year 1": [
        _plan_start(FIRST),
        _network_start(FIRST),
        _phase_change(FIRST),
        _desk_period(FIRST, D(1, 1, 31)),
        _time_entry(FIRST),
        _answers(FIRST),
        _meeting(datetime.datetime(1, 1, 2, 12, tzinfo=UTC)),
    ],
}
NAMED = {
    "year 9999": [
        ("Planens startdato (1. december 9999)", {"network", "plan", "time_log", "time_balance"}),
        ("Netværkets startdato (31. december 9999)", {"network", "plan", "time_log"}),
        ("(31. december 9999) ligger uden for", {"network", "plan", "time_log"}),
        ("Faseskiftet til", {"network", "plan"}),
    ],
    "year 1": [
        ("Planens startdato (1. januar 0001)", {"network", "plan", "time_log", "time_balance"}),
        ("Netværkets startdato (1. januar 0001)", {"network", "plan", "time_log"}),
        ("Faseskiftet til", {"network", "plan"}),
    ],
}
NOTICE_PAGES = {"network", "plan", "time_log", "time_balance"}


@pytest.fixture
def agreement(network, org, start):
    return start(network, "aftale-personaleleder", org["leader"])


def _pages(network, org, agreement):
    token = CalendarFeed.objects.get_or_create(user=org["leader"].user)[0].token
    slug = network.slug
    return {
        "network": ("leader", reverse("netvaerk:network-detail", args=[slug])),
        "plan": ("leader", reverse("netvaerk:plan", args=[slug])),
        "time_log": ("leader", reverse("netvaerk:time-log", args=[slug])),
        "home": ("leader", reverse("home")),
        "agreement": ("leader", reverse("agreements:detail", args=[agreement.pk])),
        "agreements": ("leader", reverse("agreements:network-agreements", args=[slug])),
        "feed_mine": ("leader", reverse("netvaerk:calendar-mine", args=[token])),
        "feed_network": ("leader", reverse("netvaerk:calendar-network", args=[token, slug])),
        "workspace": ("secretariat", reverse("workspace")),
        "desk": ("secretariat", reverse("desk-calendar")),
        "time_balance": ("personnel", reverse("netvaerk:time-balance")),
    }


@pytest.mark.parametrize("era", list(STORED))
def test_every_page_answers_and_names_the_dates_whatever_is_stored(
    era, plan, network, org, login, agreement
):
    for store in STORED[era]:
        store(network, org)
    for page, (persona, url) in _pages(network, org, agreement).items():
        response = login(persona, org).get(url)
        assert response.status_code == 200, (page, url)
        if page.startswith("feed_"):
            Calendar.from_ical(response.content)  # a valid feed, without the bad dates
            continue
        html = response.content.decode()
        assert (NOTICE in html) == (page in NOTICE_PAGES), page
        for text, pages in NAMED[era]:
            assert (text in html) == (page in pages), (page, text)


def test_the_plan_page_keeps_the_way_to_repair_a_start_date_in_9999(plan, network, org, login):
    NetworkPlan.objects.filter(network=network).update(starts_on=FAR)
    client = login("leader", org)
    url = reverse("netvaerk:plan", args=[network.slug])
    html = client.get(url).content.decode()
    assert "Planens startdato (1. december 9999) ligger uden for" in html
    assert 'value="9999-12-01"' in html  # the form to move the plan is there, filled in

    response = client.post(url, {"action": "shift", "starts_on": "9999-12-02"})
    assert response.status_code == 200
    html = response.content.decode()
    assert bounds.date_message() in html
    assert 'value="9999-12-02"' in html  # what was typed

    assert client.post(url, {"action": "shift", "starts_on": "2027-01-04"}).status_code == 302
    html = client.get(url).content.decode()
    assert NOTICE not in html
    assert "04.01.2027" in html


def test_a_plan_too_long_to_compute_is_cut_where_the_dates_end():
    steps = [SimpleNamespace(position=n, weeks=104) for n in range(20)]  # 40 years
    scheduled = planning.schedule(bounds.latest_date(), steps)
    assert scheduled.cut == "end"
    assert 0 < len(scheduled) < 20
    assert scheduled[-1].ends_on <= bounds.computed_until()
    assert "Planen rækker ud over 31. december" in planning.schedule_problem(scheduled)
    # The months of a plan reaching Python's last date end with it.
    assert planning.months_between(D(9999, 11, 5), D(9999, 12, 31))[-1] == D(9999, 12, 1)


def test_a_start_outside_the_bounds_has_no_dates_but_a_side_of_today():
    today = D(2026, 11, 30)
    steps = [SimpleNamespace(position=1, weeks=4)]
    for start, kind in [(FAR, "not_started"), (FIRST, "ended"), (D(1999, 12, 31), "ended")]:
        scheduled = planning.schedule(start, steps, today=today)
        assert (list(scheduled), scheduled.cut) == ([], "start")
        assert planning.standing(scheduled, None, today).kind == kind
    assert planning.standing(planning.schedule(today, [], today=today), None, today).kind == "none"


# --- forms --------------------------------------------------------------------------------


def _answer_form(kind, data):
    form = forms.Form(data)
    answers.add_fields(form, {"key": "q", "type": kind, "label": "Q"}, None, answers.Catalogue())
    return form


def _forms():
    return {
        "network start": (NetworkForm, {"start_date": "9999-12-31"}, "start_date", None),
        "new plan's start": (PlanCreateForm, {"starts_on": "0001-01-01"}, "starts_on", None),
        "moved plan's start": (PlanStartForm, {"starts_on": "1999-12-31"}, "starts_on", None),
        "end of a role": (RoleEndForm, {"ends_on": "9999-12-31"}, "ends_on", None),
        "phase change": (
            lambda data: PhaseChangeForm(data, network=Network(start_date=D(1990, 1, 1))),
            {"changed_on": "1999-06-01"},
            "changed_on",
            None,
        ),
        "week of hours": (TimeEntryForm, {"week": "1999-06-07", "hours": "2"}, "week", None),
        "hours in a week": (
            TimeEntryForm,
            {"hours": "1000000000"},
            "hours",
            "Skriv et tal mellem 0 og 80.",
        ),
        "meeting date": (MeetingForm, {"date": "9999-12-31"}, "date", None),
        "meeting length": (
            MeetingForm,
            {"duration": "100000"},
            "duration",
            "Skriv et helt tal mellem 15 og 480.",
        ),
        "pamphlet handed out": (
            HandoutForm,
            {"handed_out_on": "0001-01-01"},
            "handed_out_on",
            None,
        ),
        "round deadline": (RoundForm, {"deadline": "9999-05-01"}, "deadline", None),
        "Chefforum date": (RoundForm, {"forum_date": "9999-05-01"}, "forum_date", None),
        "date answer": (lambda data: _answer_form("date", data), {"q": "9999-01-01"}, "q", None),
        "agreed period": (
            lambda data: _answer_form("periods", data),
            {"q__0__start": "2026-01-05", "q__0__end": "9999-01-01"},
            "q__0__end",
            None,
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "network start",
        "new plan's start",
        "moved plan's start",
        "end of a role",
        "phase change",
        "week of hours",
        "hours in a week",
        "meeting date",
        "meeting length",
        "pamphlet handed out",
        "round deadline",
        "Chefforum date",
        "date answer",
        "agreed period",
    ],
)
def test_each_bounded_field_refuses_what_is_out_of_range_and_keeps_it(name, db):
    make, data, field, message = _forms()[name]
    with translation.override("da"):
        form = make(data)
        assert not form.is_valid()
        expected = message or "Datoen skal ligge mellem 1. januar 2000 og 31. december %s." % (
            timezone.localdate().year + bounds.YEARS_AHEAD
        )
        assert expected in form.errors[field]
        assert f'value="{data[field]}"' in str(form[field])


def test_a_bounded_date_field_limits_the_date_picker_too():
    html = str(PlanStartForm()["starts_on"])
    assert 'min="2000-01-01"' in html
    assert f'max="{bounds.latest_date().isoformat()}"' in html


def test_dates_on_the_boundary_are_accepted():
    for day in (bounds.EARLIEST_DATE, bounds.latest_date()):
        assert PlanStartForm({"starts_on": day.isoformat()}).is_valid()


# --- dates in the address -----------------------------------------------------------------


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2026-13-45", "i morgen"])
def test_the_desk_calendar_answers_any_date_in_the_address_with_a_message(value, org, login):
    response = login("secretariat", org).get(reverse("desk-calendar"), {"fra": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Datoen skal ligge mellem" in html or "er ikke en dato" in html


def test_the_access_log_says_a_date_in_the_address_is_out_of_range(org, login):
    response = login("secretariat", org).get(
        reverse("access-log"), {"fra": "0001-01-01", "til": "9999-12-31"}
    )
    assert response.status_code == 200
    assert "Datoen skal ligge mellem 1. januar 2000" in response.content.decode()


@pytest.mark.parametrize("om", ["9" * 30, "-1", "abc"])
def test_the_access_log_answers_a_person_id_no_database_can_hold(om, org, login):
    response = login("secretariat", org).get(reverse("access-log"), {"om": om})
    assert response.status_code == 200


@pytest.mark.parametrize("side", ["99999999999999999999", "-1", "x"])
def test_a_page_number_out_of_range_gives_a_page(side, network, org, login):
    client = login("secretariat", org)
    for url in (reverse("workspace"), reverse("netvaerk:network-list")):
        assert client.get(url, {"side": side}).status_code == 200


def test_the_administration_bounds_its_dates_like_the_portal(rf, org):
    """The admin's plain dates (a network's start, a plan's start, an inline role's dates)
    refuse what the portal's own forms refuse; date-times keep their own fields."""
    from django.contrib import admin

    from core.bounds import BoundedDateField
    from netvaerk.models import Network, NetworkPlan

    request = rf.get("/admin/")
    request.user = org["secretariat"].user
    network_admin = admin.site._registry[Network]
    form = network_admin.get_form(request)(data={"start_date": "9999-01-01"})
    assert isinstance(form.fields["start_date"], BoundedDateField)
    assert not form.is_valid() and "start_date" in form.errors
    assert "Datoen skal ligge mellem" in str(form.errors["start_date"])
    plan_form = admin.site._registry[NetworkPlan].get_form(request)
    assert isinstance(plan_form.base_fields["starts_on"], BoundedDateField)
    for inline in network_admin.get_inline_instances(request):
        formset = inline.get_formset(request)
        for name, field in formset.form.base_fields.items():
            if type(field).__name__ == "DateField":
                raise AssertionError(f"{inline}: {name} is not bounded")
