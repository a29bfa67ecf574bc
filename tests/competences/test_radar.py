"""The radar chart: SVG with one polygon per assessment, a marker per point, a legend, and
a name and description for screen readers."""

import re

import pytest

from competences import radar

AXES = [f"{n}. Kompetence nummer {n}" for n in range(1, 11)]


def _svg(series, **kw):
    return str(
        radar.radar_svg(
            AXES, series, top=5, title="Titel", description="Beskrivelse", uid="r", **kw
        )
    )


def test_each_series_is_one_polygon_with_a_marker_per_value():
    svg = _svg([radar.Series("1. marts", [3] * 10), radar.Series("1. oktober", [4] * 9 + [None])])
    assert svg.count('class="radar-series"') == 2
    assert svg.count('class="radar-grid"') == 5  # a ring per level
    # 10 markers for the first, 9 for the second (no value, no marker), and one in each legend row
    assert svg.count('class="radar-point"') == 10 + 9 + 2
    assert svg.count('class="radar-legend"') == 2


def test_series_differ_by_dash_pattern_and_marker_not_only_colour():
    svg = _svg([radar.Series(f"S{i}", [i + 1] * 10) for i in range(3)])
    polygons = re.findall(r'<polygon [^>]*class="radar-series"/>', svg)
    assert "stroke-dasharray" not in polygons[0]
    assert 'stroke-dasharray="10 6"' in polygons[1] and 'stroke-dasharray="3 5"' in polygons[2]
    assert "<circle" in svg and "<rect" in svg  # circle, square (and triangle) markers


def test_the_image_is_named_and_described_and_escapes_text():
    svg = str(
        radar.radar_svg(
            AXES[:3],
            [radar.Series("<b>", [1, 2, 3])],
            top=5,
            title="A & B",
            description="D",
            uid="x",
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="x-title x-desc"' in svg
    assert '<title id="x-title">A &amp; B</title>' in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert "style=" not in svg and "<script" not in svg  # the CSP allows neither


def test_a_level_sits_on_its_ring():
    svg = _svg([radar.Series("S", [5] * 10)])
    outer_ring = re.findall(r'<polygon points="([^"]+)"[^>]*class="radar-grid"', svg)[-1]
    series = re.search(r'<polygon points="([^"]+)"[^>]*class="radar-series"', svg)[1]
    assert series == outer_ring


def test_too_few_axes_or_too_many_series_is_a_programming_error():
    with pytest.raises(ValueError):
        radar.radar_svg(AXES[:2], [], top=5, title="", description="", uid="x")
    with pytest.raises(ValueError):
        _svg([radar.Series("S", [1] * 10)] * 5)
