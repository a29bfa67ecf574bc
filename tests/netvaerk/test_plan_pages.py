"""The plan, phase, time and calendar pages."""

import datetime
import re

from django.urls import reverse
from icalendar import Calendar

from netvaerk import services
from netvaerk.models import CalendarFeed, Phase, ProcessTemplate, TimeEntry

from ..factories import NetworkFactory

D = datetime.date


def _plan_url(network):
    return reverse("netvaerk:plan", args=[network.slug])


def test_the_leader_makes_the_plan_from_the_types_description(network, org, login):
    client = login("leader", org)
    form_page = client.get(_plan_url(network)).content.decode()
    assert "Lav netværkets plan" in form_page
    response = client.post(
        _plan_url(network),
        {
            "action": "create",
            "template": ProcessTemplate.objects.get(network_type="velfaerd").pk,
            "starts_on": "2026-12-01",
        },
    )
    assert response.status_code == 302
    assert network.plan.steps.count() == 13
    html = client.get(_plan_url(network)).content.decode()
    assert "Testfasen begynder efter planen" in html
    assert "<svg" in html


def test_only_editors_may_change_a_plan(plan, network, org, login):
    client = login("codriver", org)
    assert client.get(_plan_url(network)).status_code == 200  # everyone reads it
    assert (
        client.post(_plan_url(network), {"action": "shift", "starts_on": "2027-01-01"}).status_code
        == 403
    )
    step = plan.steps.first()
    url = reverse("netvaerk:plan-step", args=[network.slug, step.pk])
    assert client.post(url, {"action": "weeks", "weeks": 9}).status_code == 403
    step.refresh_from_db()
    assert step.weeks != 9


def test_the_leader_lengthens_a_step_adds_a_break_and_moves_the_plan(plan, network, org, login):
    client = login("leader", org)
    step = plan.steps.get(position=2)
    url = reverse("netvaerk:plan-step", args=[network.slug, step.pk])
    client.post(url, {"action": "weeks", "weeks": 6})
    client.post(url, {"action": "break", "weeks": 2})
    client.post(_plan_url(network), {"action": "shift", "starts_on": "2026-10-05"})
    plan.refresh_from_db()
    assert plan.steps.get(position=2).weeks == 6
    assert plan.steps.get(position=3).kind == "break"
    assert plan.starts_on == D(2026, 10, 5)


def test_a_bad_number_of_weeks_is_refused_with_a_message(plan, network, org, login):
    client = login("leader", org)
    step = plan.steps.first()
    response = client.post(
        reverse("netvaerk:plan-step", args=[network.slug, step.pk]),
        {"action": "weeks", "weeks": 0},
        follow=True,
    )
    assert "Antal uger skal være mellem 1 og 104." in response.content.decode()


def test_a_step_of_another_networks_plan_is_404(plan, network, org, login, catalogue):
    other = NetworkFactory()
    other_plan = services.plan_create(
        network=other, template=plan.template, starts_on=D(2026, 1, 1)
    )
    url = reverse("netvaerk:plan-step", args=[network.slug, other_plan.steps.first().pk])
    assert login("secretariat", org).post(url, {"action": "delete"}).status_code == 404


def test_svg_coordinates_are_not_written_with_danish_decimal_commas(plan, network, org, login):
    html = login("leader", org).get(_plan_url(network)).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r'(x|y|width)="\d+,\d', svg)


def test_the_plan_page_has_a_constant_number_of_queries(
    plan, network, org, login, django_assert_num_queries
):
    client = login("outsider", org)
    # session, user, groups, the menu's person with its unread count, network (with its
    # phase), leader check, plan (with its template and version), steps, history, periods
    # at the secretariat..., and whether the user may log hours (the button)
    with django_assert_num_queries(11) as ctx:
        client.get(_plan_url(network))
    for step in list(plan.steps.all())[:5]:
        services.plan_break_add(plan=plan, after=step, weeks=1)
    services.network_phase_change(
        network=network, phase=Phase.objects.get(number=3), by=org["leader"]
    )
    with django_assert_num_queries(len(ctx.captured_queries)):
        client.get(_plan_url(network))


def test_the_leader_changes_phase_with_a_note_and_it_is_in_the_history(network, org, login):
    client = login("leader", org)
    phase = Phase.objects.get(number=4)
    response = client.post(
        reverse("netvaerk:phase-change", args=[network.slug]),
        {"phase": phase.pk, "changed_on": "2026-11-20", "note": "Borgerne er med nu"},
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.current_phase == phase
    change = network.phase_changes.get()
    assert (change.changed_by, change.note) == (org["leader"], "Borgerne er med nu")
    html = client.get(network.get_absolute_url()).content.decode()
    assert "Borgerne er med nu" in html


def test_a_phase_change_in_the_future_is_refused(network, org, login):
    response = login("leader", org).post(
        reverse("netvaerk:phase-change", args=[network.slug]),
        {"phase": Phase.objects.get(number=4).pk, "changed_on": "2099-01-01", "note": "x"},
    )
    assert "Et faseskift kan ikke ligge i fremtiden." in response.content.decode()
    assert not network.phase_changes.exists()


def test_a_role_holder_logs_hours_and_sees_them_against_the_plan(plan, network, org, login):
    client = login("leader", org)
    url = reverse("netvaerk:time-log", args=[network.slug])
    monday = services.monday(datetime.date.today())
    response = client.post(url, {"week": monday.isoformat(), "hours": "6,5"})
    assert response.status_code == 302
    assert TimeEntry.objects.get().hours == 6.5
    html = client.get(url).content.decode()
    assert "6,5" in html


def test_hours_cannot_be_logged_for_a_future_week(network, org, login):
    response = login("leader", org).post(
        reverse("netvaerk:time-log", args=[network.slug]), {"week": "2099-01-05", "hours": "3"}
    )
    assert "ikke er begyndt" in response.content.decode()


def test_someone_without_a_role_cannot_log_hours_on_a_network(network, org, login):
    assert (
        login("outsider", org).get(reverse("netvaerk:time-log", args=[network.slug])).status_code
        == 404
    )


# The time balance (/tidsbalance/) is tested in test_time_balance.py.


def test_the_calendar_feeds_are_valid_ics_with_the_test_phase(plan, network, org, login):
    client = login("leader", org)
    page = client.get(reverse("netvaerk:calendar")).content.decode()
    token = CalendarFeed.objects.get(user=org["leader"].user).token
    assert token in page
    client.logout()  # calendar programs have no session
    for url in [
        reverse("netvaerk:calendar-mine", args=[token]),
        reverse("netvaerk:calendar-network", args=[token, network.slug]),
    ]:
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        assert len(events) == 13
        assert any("Testfase" in str(e["SUMMARY"]) for e in events)
        assert all(e["DTEND"].dt > e["DTSTART"].dt for e in events)


def test_renewing_the_token_stops_the_old_addresses(plan, network, org, login):
    client = login("leader", org)
    client.get(reverse("netvaerk:calendar"))
    old = CalendarFeed.objects.get().token
    client.post(reverse("netvaerk:calendar-renew"))
    new = CalendarFeed.objects.get().token
    assert new != old
    assert client.get(reverse("netvaerk:calendar-mine", args=[old])).status_code == 404
    assert client.get(reverse("netvaerk:calendar-mine", args=[new])).status_code == 200


def test_a_network_without_a_plan_has_no_feed(network, org, login):
    client = login("leader", org)
    client.get(reverse("netvaerk:calendar"))
    token = CalendarFeed.objects.get().token
    assert (
        client.get(reverse("netvaerk:calendar-network", args=[token, network.slug])).status_code
        == 404
    )


def test_the_network_page_shows_the_timeline_with_today_and_phase_changes(
    plan, network, org, login
):
    services.network_phase_change(
        network=network,
        phase=Phase.objects.get(number=2),
        by=org["leader"],
        changed_on=D(2026, 10, 1),
    )
    html = login("outsider", org).get(network.get_absolute_url()).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert plan.steps.first().title[:20] in svg
    assert "Faseskift" in svg and "I dag" in svg


def test_the_timeline_renders_in_a_pdf(plan, network, org):
    """Ready for the agreement PDF: the same template renders through the PDF renderer."""
    from django.template.loader import render_to_string

    from core import pdf
    from netvaerk.selectors import plan_view

    from ..pdftools import pdftext

    view = plan_view(network, D(2026, 11, 20))
    svg = render_to_string("netvaerk/_timeline.html", {"chart": view.chart, "title": "Tidslinje"})
    html = f'<html lang="da"><head><title>Plan</title></head><body>{svg}</body></html>'
    text = pdftext(pdf.render_pdf(html))
    assert view.scheduled[0].step.title[:20] in text


def test_registrer_timer_is_shown_only_to_those_with_an_active_role(plan, network, org, login):
    time_log = reverse("netvaerk:time-log", args=[network.slug])
    for persona in ("leader", "codriver", "reference", "participant"):
        assert time_log in login(persona, org).get(_plan_url(network)).content.decode(), persona
    for persona in ("outsider", "personnel", "secretariat"):
        assert time_log not in login(persona, org).get(_plan_url(network)).content.decode(), persona
