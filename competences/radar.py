"""A radar chart as inline SVG, drawn here rather than by a chart library.

The same markup goes into the page and into the PDF (WeasyPrint draws inline SVG), so the
chart needs no JavaScript, no external file and no inline style (the CSP forbids both):
colours and line styles are SVG presentation attributes. pygal was tried and left out: it
fetches a script from the internet and writes raw coordinates as descriptions for screen
readers (see LIBRARIES-AND-INTEGRATIONS.md, "Competence radar charts").

Accessibility: the <svg> is one image (role="img") named by its <title> and described by
its <desc>; the numbers themselves are in a data table beside it, which every page and PDF
shows. Series differ by dash pattern and marker shape as well as colour, and the legend
shows both, so the chart can be read without telling colours apart.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Layout:
    """The chart's geometry in SVG units. The wide one names each axis; the compact one
    (for phones, where the names would be too small to read) numbers them, and the table
    beside it names the numbers."""

    width: int
    chart_height: int
    centre: tuple
    radius: int
    font_size: int
    label_gap: int
    label_line: int
    legend_row: int
    legend_x: int


WIDE = Layout(760, 560, (380, 280), 200, 16, 22, 19, 32, 230)
COMPACT = Layout(560, 500, (280, 250), 185, 26, 24, 26, 40, 90)
LABEL_CHARS = 18  # wrap axis labels after about this many characters

# One look per series: colour (the portal's tokens), dash pattern, marker shape, fill.
STYLES = [
    ("#00594f", "", "circle"),
    ("#a04000", "10 6", "square"),
    ("#1e7145", "3 5", "triangle"),
    ("#6c3483", "14 5 3 5", "diamond"),
]


@dataclass
class Series:
    label: str
    values: list  # one per axis: a level on the scale, or None where there is none


def _point(layout, axis, count, value, top):
    """Axis 0 points straight up; the rest follow clockwise."""
    angle = -math.pi / 2 + 2 * math.pi * axis / count
    r = layout.radius * (value or 0) / top
    return layout.centre[0] + r * math.cos(angle), layout.centre[1] + r * math.sin(angle)


def _xy(points):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _wrap(text, width=LABEL_CHARS):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def _marker(shape, x, y, colour, size=6):
    common = f'fill="{colour}" stroke="#ffffff" stroke-width="1.5" class="radar-point"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size}" {common}/>'
    if shape == "square":
        s = size * 0.9
        return (
            f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" '
            f'height="{2 * s:.1f}" {common}/>'
        )
    if shape == "triangle":
        pts = [
            (x, y - size * 1.2),
            (x + size * 1.1, y + size * 0.8),
            (x - size * 1.1, y + size * 0.8),
        ]
    else:  # diamond
        pts = [(x, y - size * 1.3), (x + size, y), (x, y + size * 1.3), (x - size, y)]
    return f'<polygon points="{_xy(pts)}" {common}/>'


def _axis_label(layout, axis, count, text):
    x, y = _point(layout, axis, count, 1, 1)
    cx, cy = layout.centre
    dx, dy = x - cx, y - cy
    length = math.hypot(dx, dy) or 1
    x, y = x + dx / length * layout.label_gap, y + dy / length * layout.label_gap
    anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
    lines = _wrap(text)
    step = layout.label_line
    baseline = layout.font_size * 0.35  # from the text's middle to its baseline
    # Labels above the centre grow upwards, those below downwards, beside it both ways.
    if dy < -1:
        first = y - (len(lines) - 1) * step
    elif dy > 1:
        first = y + 2 * baseline
    else:
        first = y - (len(lines) - 1) * step / 2 + baseline
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + i * step:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" class="radar-axis-label">{spans}</text>'


def radar_svg(axes, series, *, top, title, description, uid, layout=WIDE):
    """The chart: `axes` are the labels around it, each of `series` one polygon over them
    (at most len(STYLES)), on a scale from 0 to `top`. `uid` keeps the ids unique on a page.
    """
    count = len(axes)
    if count < 3:
        raise ValueError("A radar chart needs at least three axes.")
    if len(series) > len(STYLES):
        raise ValueError(f"At most {len(STYLES)} series.")
    lay = layout
    height = lay.chart_height + lay.legend_row * len(series) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width} {height}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" class="radar" '
        f'font-family="Open Sans, DejaVu Sans, sans-serif" font-size="{lay.font_size}" '
        f'fill="#212529">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(description)}</desc>',
    ]
    # The scale: a ring per level, a spoke per axis, the level's number on the first spoke.
    for level in range(1, top + 1):
        ring = [_point(lay, a, count, level, top) for a in range(count)]
        parts.append(
            f'<polygon points="{_xy(ring)}" fill="none" stroke="#adb5bd" '
            f'stroke-width="{1.5 if level == top else 1}" class="radar-grid"/>'
        )
    cx, cy = lay.centre
    for a in range(count):
        x, y = _point(lay, a, count, top, top)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke="#ced4da" stroke-width="1"/>'
        )
    for level in range(1, top + 1):
        x, y = _point(lay, 0, count, level, top)
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + lay.font_size * 0.35:.1f}" '
            f'font-size="{round(lay.font_size * 0.8)}" fill="#495057" '
            f'class="radar-level">{level}</text>'
        )
    for a, label in enumerate(axes):
        parts.append(_axis_label(lay, a, count, label))
    # The series: the newest drawn last, on top, and lightly filled.
    for i, s in enumerate(series):
        colour, dash, shape = STYLES[i]
        points = [_point(lay, a, count, v, top) for a, v in enumerate(s.values)]
        newest = i == len(series) - 1
        fill = f'fill="{colour}" fill-opacity="0.12"' if newest else 'fill="none"'
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polygon points="{_xy(points)}" {fill} stroke="{colour}" stroke-width="3"'
            f'{dashes} stroke-linejoin="round" class="radar-series"/>'
        )
        markers = zip(points, s.values, strict=True)
        parts.extend(_marker(shape, x, y, colour) for (x, y), v in markers if v is not None)
    # The legend: each series' line and marker, and its label.
    for i, s in enumerate(series):
        colour, dash, shape = STYLES[i]
        y = lay.chart_height + lay.legend_row * i + 10
        x = lay.legend_x
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<g class="radar-legend"><line x1="{x}" y1="{y}" x2="{x + 60}" y2="{y}" '
            f'stroke="{colour}" stroke-width="3"{dashes}/>'
            f"{_marker(shape, x + 30, y, colour)}"
            f'<text x="{x + 75}" y="{y + lay.font_size * 0.35:.1f}">{escape(s.label)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
