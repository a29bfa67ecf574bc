"""The picture over time: a few assessments side by side, per competence, with the change
in words ("+2 siden marts"), and the radar chart drawn from the same numbers.

Pure functions over assessments whose ratings are loaded (`with_ratings()`); no queries.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.content import translated

from . import radar
from .models import HIGHEST, level_words

# The chart stays readable with this many polygons (LIBRARIES-AND-INTEGRATIONS.md, 8).
MOST_ON_CHART = 3


@dataclass
class Column:
    label: str  # the date, as the legend and the table's heading show it
    values: dict  # competence id → level (None where the competence was not rated)


@dataclass
class Row:
    competence: object
    levels: list  # one per column
    change: str = ""

    @property
    def words(self):
        return [level_words(level) for level in self.levels]


@dataclass
class Picture:
    columns: list
    rows: list
    since: str = ""
    svg: str = ""  # axes named: for wide screens and print
    svg_compact: str = ""  # axes numbered: for phones

    @property
    def has_change(self):
        return len(self.columns) > 1


def since_words(day, *, latest, others=()):
    """How to name the day a change is counted from: the month ("marts") when that is
    clear, with the year when it is not this year's, with the day when two share a month."""
    same_month = [d for d in others if (d.year, d.month) == (day.year, day.month) and d != day]
    if same_month:
        return date_format(day, "j. F Y" if day.year != latest.year else "j. F")
    return date_format(day, "F Y" if day.year != latest.year else "F")


def change_words(first, last, since):
    """ "+2 siden marts", "−1 siden marts", "uændret siden marts"; "" if either is missing."""
    if first is None or last is None:
        return ""
    difference = last - first
    if difference == 0:
        return _("uændret siden %(since)s") % {"since": since}
    sign = "+" if difference > 0 else "−"  # a real minus sign, read as "minus"
    return _("%(sign)s%(n)s siden %(since)s") % {
        "sign": sign,
        "n": abs(difference),
        "since": since,
    }


def change_sentence(rows, since):
    """The whole change in one sentence, for the chart's description."""
    up = sum(1 for r in rows if r.change.startswith("+"))
    down = sum(1 for r in rows if r.change.startswith("−"))
    return ngettext(
        "Siden %(since)s er %(up)s kompetence steget og %(down)s faldet.",
        "Siden %(since)s er %(up)s kompetencer steget og %(down)s faldet.",
        up,
    ) % {"since": since, "up": up, "down": down}


def _levels(assessment, attribute="level"):
    return {r.competence_id: getattr(r, attribute) for r in assessment.ratings.all()}


def _competences(assessments):
    seen = {}
    for assessment in assessments:
        for rating in assessment.ratings.all():
            seen.setdefault(rating.competence_id, rating.competence)
    return sorted(seen.values(), key=lambda c: c.position)


def _date_label(day):
    return date_format(day, "j. F Y")


def over_time(assessments, *, uid, title, most=MOST_ON_CHART):
    """The latest `most` of `assessments` (oldest first) as a picture with a chart."""
    shown = list(assessments)[-most:]
    if not shown:
        return None
    competences = _competences(shown)
    columns = [Column(_date_label(a.assessed_on), _levels(a)) for a in shown]
    first, last = shown[0], shown[-1]
    since = ""
    if len(shown) > 1:
        since = since_words(
            first.assessed_on,
            latest=last.assessed_on,
            others=[a.assessed_on for a in shown],
        )
    rows = []
    for c in competences:
        levels = [col.values.get(c.pk) for col in columns]
        change = change_words(levels[0], levels[-1], since) if since else ""
        rows.append(Row(c, levels, change))
    picture = Picture(columns=columns, rows=rows, since=since)
    _draw(picture, uid=uid, title=title)
    return picture


def side_by_side(assessment, *, uid, title):
    """One shared assessment: the person's levels beside their personnel leader's."""
    competences = _competences([assessment])
    columns = [
        Column(_("Selvvurdering"), _levels(assessment)),
        Column(_("Personalelederens vurdering"), _levels(assessment, "manager_level")),
    ]
    rows = [Row(c, [col.values.get(c.pk) for col in columns]) for c in competences]
    picture = Picture(columns=columns, rows=rows)
    _draw(picture, uid=uid, title=title)
    return picture


def _draw(picture, *, uid, title):
    """The chart twice: named axes for wide screens and print, numbered ones for phones."""
    if len(picture.rows) < 3:
        return
    series = [
        radar.Series(col.label, [row.levels[i] for row in picture.rows])
        for i, col in enumerate(picture.columns)
    ]
    labels = ", ".join(col.label for col in picture.columns)
    description = _(
        "Radardiagram med de %(n)s kompetencer på en skala fra 1 til %(top)s: %(labels)s. "
        "Tallene står i tabellen under diagrammet."
    ) % {"n": len(picture.rows), "top": HIGHEST, "labels": labels}
    if picture.since:
        description += " " + change_sentence(picture.rows, picture.since)
    common = {"top": HIGHEST, "title": title, "description": description}
    names = [
        f"{row.competence.position}. {translated(row.competence, 'name')}" for row in picture.rows
    ]
    numbers = [str(row.competence.position) for row in picture.rows]
    picture.svg = radar.radar_svg(names, series, uid=uid, layout=radar.WIDE, **common)
    picture.svg_compact = radar.radar_svg(
        numbers, series, uid=f"{uid}-kort", layout=radar.COMPACT, **common
    )
