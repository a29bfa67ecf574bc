"""The plan as a Gantt-style timeline: coordinates for an SVG drawn by a template.

Server-side, so it reads without JavaScript and prints in a PDF; the plan's table is its
text alternative.
"""

from dataclasses import dataclass

from django.utils.formats import date_format

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


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Marker:
    x: float
    label: str


def month_label(day):
    return date_format(day, "M Y")


def build(scheduled, *, today, phase_changes=()):
    """Bars for the steps, month ticks, a line for today and dots for phase changes."""
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
                label=s.step.title,
                kind=s.step.kind,
                dates=f"{s.starts_on:%d.%m.%Y}–{s.ends_on:%d.%m.%Y}",
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
    height = TOP + len(bars) * ROW_HEIGHT + 12
    return {
        "width": WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "bars": bars,
        "ticks": ticks,
        "today_x": today_x,
        "markers": markers,
        "axis_bottom": height - 6,
    }
