"""The plan as a Gantt-style timeline: coordinates for an SVG drawn by a template.

Server-side, so it reads without JavaScript and prints in a PDF; the plan's table is its
text alternative, and the periods at the secretariat are listed in words under the chart.
"""

from dataclasses import dataclass

from django.utils.formats import date_format

from core.content import translated

from .planning import months_between

WIDTH = 1000
LABEL_WIDTH = 230
ROW_HEIGHT = 26
TOP = 34


@dataclass
class Bar:
    x: float
    y: float
    width: float
    label: str
    kind: str
    dates: str
    current: bool = False  # today falls in this step


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Marker:
    x: float
    label: str


@dataclass
class DeskRange:
    """A period at the secretariat, as drawn (clipped to the chart) and as written."""

    x: float | None  # None: outside the plan's dates, so only in the text
    width: float
    dates: str
    person: str
    starts_on: object = None
    ends_on: object = None


def month_label(day):
    return date_format(day, "M Y")


def _dates(starts_on, ends_on):
    return f"{starts_on:%d.%m.%Y}–{ends_on:%d.%m.%Y}"


def build(scheduled, *, today, phase_changes=(), desk_periods=()):
    """Bars for the steps, month ticks, a line for today, dots for phase changes and a row
    with the periods the network leader sits at the secretariat (DeskPeriod-like objects
    with starts_on, ends_on and person)."""
    if not scheduled:
        return None
    first, last = scheduled[0].starts_on, scheduled[-1].ends_on
    span = max((last - first).days + 1, 1)
    chart = WIDTH - LABEL_WIDTH - 10

    def x(day):
        return LABEL_WIDTH + chart * ((day - first).days / span)

    bars = []
    for i, s in enumerate(scheduled):
        start_x = x(s.starts_on)
        width = max(x(s.ends_on) - start_x + chart / span, 2)
        bars.append(
            Bar(
                x=round(start_x, 1),
                y=TOP + i * ROW_HEIGHT,
                width=round(width, 1),
                label=translated(s.step, "title"),
                kind=s.step.kind,
                dates=_dates(s.starts_on, s.ends_on),
                current=s.starts_on <= today <= s.ends_on,
            )
        )
    ticks = [Tick(round(x(m), 1), month_label(m)) for m in months_between(first, last)]
    ticks = [t for t in ticks if t.x >= LABEL_WIDTH]
    today_x = round(x(today), 1) if first <= today <= last else None
    markers = [
        Marker(round(x(c.changed_on), 1), f"{c.changed_on:%d.%m.%Y}: {c.phase}")
        for c in phase_changes
        if first <= c.changed_on <= last
    ]
    desk = []
    for p in desk_periods:
        visible = p.starts_on <= last and p.ends_on >= first
        start_x = x(max(p.starts_on, first))
        width = max(x(min(p.ends_on, last)) - start_x + chart / span, 2)
        desk.append(
            DeskRange(
                x=round(start_x, 1) if visible else None,
                width=round(width, 1) if visible else 0,
                dates=_dates(p.starts_on, p.ends_on),
                person=str(p.person),
                starts_on=p.starts_on,
                ends_on=p.ends_on,
            )
        )
    rows = len(bars) + (1 if desk else 0)
    height = TOP + rows * ROW_HEIGHT + 12
    return {
        "width": WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "plot_width": WIDTH - LABEL_WIDTH,  # the bars' part of the chart, for the phone's list
        "bars": bars,
        "ticks": ticks,
        "today_x": today_x,
        "markers": markers,
        "desk": desk,
        "desk_y": TOP + len(bars) * ROW_HEIGHT,
        "axis_bottom": height - 6,
    }
