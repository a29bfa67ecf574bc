"""Periods at the secretariat on the network's timeline and in the calendar feeds."""

from datetime import date as D
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from icalendar import Calendar

from netvaerk.models import CalendarFeed, DeskPeriod
from netvaerk.selectors import plan_view

from ..factories import NetworkFactory, NetworkRoleFactory

pytestmark = pytest.mark.django_db


def _sit(network, person, starts_on, ends_on):
    return DeskPeriod.objects.create(
        network=network, person=person, starts_on=starts_on, ends_on=ends_on
    )


def _svg(html):
    return html[html.index("<svg") : html.index("</svg>")]


def test_the_timeline_marks_the_periods_with_a_label_a_legend_and_text(plan, network, org, login):
    _sit(network, org["leader"], D(2026, 12, 7), D(2026, 12, 18))
    _sit(network, org["leader"], D(2030, 1, 7), D(2030, 1, 11))  # after the plan ends
    view = plan_view(network, D(2026, 11, 20))
    inside, outside = view.chart["desk"]
    assert inside.x is not None and inside.width > 0
    assert outside.x is None  # not drawn, only written
    assert view.chart["height"] == view.chart["desk_y"] + 26 + 12

    html = login("outsider", org).get(network.get_absolute_url()).content.decode()
    svg = _svg(html)
    assert "I sekretariatet" in svg  # the row's label
    assert "I sekretariatet: 07.12.2026–18.12.2026 (Signe Lauridsen)" in svg
    assert "perioderne i sekretariatet" in svg  # the description says where they are written
    assert svg.count("07.01.2030") == 0
    caption = html[html.index("<figcaption") : html.index("</figcaption>")]
    assert "legend-desk" in caption
    assert "7. dec. 2026–18. dec. 2026 (Signe Lauridsen)" in caption
    assert "7. jan. 2030–11. jan. 2030" in caption

    plan_page = login("outsider", org).get(reverse("netvaerk:plan", args=[network.slug]))
    assert "I sekretariatet: 07.12.2026–18.12.2026" in _svg(plan_page.content.decode())


def test_without_periods_the_timeline_is_as_before(plan, network, org, login):
    _sit(NetworkFactory(), org["leader"], D(2026, 12, 7), D(2026, 12, 18))  # another network
    view = plan_view(network, D(2026, 11, 20))
    assert view.chart["desk"] == []
    html = login("outsider", org).get(network.get_absolute_url()).content.decode()
    assert "I sekretariatet" not in html
    assert "legend-desk" not in html


def test_a_period_over_the_plan_s_start_is_clipped_to_the_chart(plan, network, org):
    _sit(network, org["leader"], D(2026, 8, 3), D(2026, 9, 11))
    chart = plan_view(network, D(2026, 11, 20)).chart
    (desk,) = chart["desk"]
    assert desk.x == chart["label_width"]


def test_the_timeline_with_periods_renders_in_a_pdf(plan, network, org):
    from core import pdf

    from ..pdftools import pdftext

    _sit(network, org["leader"], D(2026, 12, 7), D(2026, 12, 18))
    view = plan_view(network, D(2026, 11, 20))
    figure = render_to_string(
        "netvaerk/_timeline.html", {"chart": view.chart, "title": "Tidslinje"}
    )
    html = f'<html lang="da"><head><title>Plan</title></head><body>{figure}</body></html>'
    text = pdftext(pdf.render_pdf(html))
    assert "I sekretariatet" in text


def _events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Calendar.from_ical(response.content).walk("VEVENT")


def _desk_events(events):
    return [e for e in events if str(e["UID"]).startswith("desk-")]


def test_the_leader_s_feed_has_one_all_day_event_per_period(plan, network, org, login):
    _sit(network, org["leader"], D(2026, 12, 7), D(2026, 12, 18))
    _sit(network, org["leader"], D(2027, 3, 1), D(2027, 3, 1))
    # Someone else's period, and one in a network the leader has no role in, stay out.
    _sit(network, org["codriver"], D(2027, 1, 4), D(2027, 1, 8))
    _sit(NetworkFactory(), org["leader"], D(2027, 2, 1), D(2027, 2, 5))
    client = login("leader", org)
    client.get(reverse("netvaerk:calendar"))
    token = CalendarFeed.objects.get(user=org["leader"].user).token
    client.logout()
    events = _desk_events(_events(client, reverse("netvaerk:calendar-mine", args=[token])))
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in events] == [
        (D(2026, 12, 7), D(2026, 12, 19)),
        (D(2027, 3, 1), D(2027, 3, 2)),
    ]
    assert {str(e["SUMMARY"]) for e in events} == {"I sekretariatet – Fællesskaber mod ensomhed"}
    assert all(not hasattr(e["DTSTART"].dt, "hour") for e in events)  # all-day
    first_uids = [str(e["UID"]) for e in events]

    # The same periods agreed again (new rows) keep their UIDs.
    DeskPeriod.objects.filter(person=org["leader"], network=network).delete()
    _sit(network, org["leader"], D(2026, 12, 7), D(2026, 12, 18))
    _sit(network, org["leader"], D(2027, 3, 1), D(2027, 3, 1))
    again = _desk_events(_events(client, reverse("netvaerk:calendar-mine", args=[token])))
    assert [str(e["UID"]) for e in again] == first_uids
    assert len(set(first_uids)) == 2


def test_the_network_feed_has_the_network_s_periods(plan, network, org, login):
    _sit(network, org["leader"], D(2026, 12, 7), D(2026, 12, 18))
    _sit(NetworkFactory(), org["leader"], D(2027, 2, 1), D(2027, 2, 5))
    client = login("participant", org)
    client.get(reverse("netvaerk:calendar"))
    token = CalendarFeed.objects.get(user=org["participant"].user).token
    events = _events(client, reverse("netvaerk:calendar-network", args=[token, network.slug]))
    desk = _desk_events(events)
    assert len(desk) == 1 and len(events) == 14  # the plan's 13 steps and the period
    assert desk[0]["DTEND"].dt - desk[0]["DTSTART"].dt == timedelta(days=12)


def test_a_network_with_periods_but_no_plan_has_a_feed(network, org, login):
    other = NetworkFactory()
    NetworkRoleFactory(network=other, person=org["outsider"])
    _sit(network, org["leader"], D(2026, 12, 7), D(2026, 12, 18))
    client = login("leader", org)
    client.get(reverse("netvaerk:calendar"))
    token = CalendarFeed.objects.get().token
    events = _events(client, reverse("netvaerk:calendar-network", args=[token, network.slug]))
    assert len(events) == 1
    url = reverse("netvaerk:calendar-network", args=[token, other.slug])
    assert client.get(url).status_code == 404
