"""On a phone the timeline is a list of the steps, each with its dates and the current one
marked; the chart is for wider screens (the CSS chooses; tests/e2e/test_phones.py measures)."""

import datetime
import re

from django.template.loader import render_to_string

from netvaerk.selectors import plan_view


def test_the_step_that_today_falls_in_is_the_current_bar(plan, network):
    view = plan_view(network, datetime.date(2026, 9, 10))  # the plan starts 7 September
    assert [bar.current for bar in view.chart["bars"]][:2] == [True, False]
    assert sum(bar.current for bar in view.chart["bars"]) == 1


def test_the_list_names_every_step_with_its_dates_and_marks_the_current_one(plan, network):
    view = plan_view(network, datetime.date(2026, 9, 10))
    html = render_to_string("netvaerk/_timeline.html", {"chart": view.chart, "title": "Tidslinje"})
    listed = html[html.index('<ol class="timeline-list') : html.index("</ol>")]
    items = re.findall(r"<li[ >].*?</li>", listed, re.S)
    assert len(items) == len(view.scheduled)
    for item, scheduled in zip(items, view.scheduled, strict=True):
        assert scheduled.step.title in item
        assert f"{scheduled.starts_on:%d.%m.%Y}–{scheduled.ends_on:%d.%m.%Y}" in item
    assert 'class="timeline-now"' in items[0] and ">Nu<" in items[0]
    assert "timeline-now" not in "".join(items[1:])
