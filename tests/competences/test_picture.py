"""The picture over time: the latest assessments side by side and the change in words."""

import datetime

from django.utils import translation

from competences import picture, selectors
from roles.models import Person

from .conftest import day


def test_change_words_say_up_down_or_unchanged_since_when():
    with translation.override("da"):
        assert picture.change_words(2, 4, "marts") == "+2 siden marts"
        assert picture.change_words(4, 3, "marts") == "−1 siden marts"
        assert picture.change_words(3, 3, "marts") == "uændret siden marts"
        assert picture.change_words(None, 3, "marts") == ""


def test_since_is_the_danish_month_with_the_year_or_day_only_when_needed():
    latest = day(2026, 11, 20)
    with translation.override("da"):
        assert picture.since_words(day(2026, 3, 3), latest=latest) == "marts"
        assert picture.since_words(day(2025, 10, 1), latest=latest) == "oktober 2025"
        others = [day(2026, 3, 3), day(2026, 3, 20)]
        assert picture.since_words(day(2026, 3, 3), latest=latest, others=others) == "3. marts"


def test_the_picture_shows_the_latest_three_with_the_change_from_the_first_shown(org, assess):
    leader = org["leader"]
    assess(leader, day(2026, 1, 5), level=1)
    assess(leader, day(2026, 3, 2), level={1: 2, 5: 2})
    assess(leader, day(2026, 6, 1), level={1: 3})
    assess(leader, day(2026, 10, 1), level={1: 4, 5: 1})
    with translation.override("da"):
        shown = selectors.picture_over_time(selectors.history(leader), leader)
    assert [c.label for c in shown.columns] == ["2. marts 2026", "1. juni 2026", "1. oktober 2026"]
    rows = {r.competence.position: r for r in shown.rows}
    assert len(rows) == 10
    assert rows[1].levels == [2, 3, 4] and rows[1].change == "+2 siden marts"
    assert rows[5].change == "−1 siden marts"
    assert rows[2].change == "uændret siden marts"
    assert rows[1].words[-1] == "4 – Sikker"
    assert str(shown.svg).count('class="radar-series"') == 3
    assert str(shown.svg_compact).count('class="radar-series"') == 3
    assert "Siden marts er 1 kompetence steget og 1 faldet." in str(shown.svg)


def test_one_assessment_has_no_change(org, assess):
    leader = org["leader"]
    assess(leader, day(2026, 3, 2))
    shown = selectors.picture_over_time(selectors.history(leader), leader)
    assert not shown.has_change and shown.since == ""
    assert all(r.change == "" for r in shown.rows)


def test_the_history_is_read_in_a_fixed_number_of_queries(org, assess, django_assert_num_queries):
    for n in range(4):
        assess(org["leader"], datetime.date(2026, 1 + n, 1))
    leader = Person.objects.with_related().get(pk=org["leader"].pk)
    with django_assert_num_queries(2):  # the assessments, their ratings with competences
        history = selectors.history(leader)
        selectors.picture_over_time(history, leader)
