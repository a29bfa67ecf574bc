"""The time balance: planned up to this week against logged, one row per staff member."""

import datetime
import io
import itertools
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from netvaerk import balance, balance_views, services
from netvaerk.models import NetworkPlan, NetworkRole, Phase, PlanStep, RoleBalance, TimeEntry

from ..concurrency import one_after_the_other_at_once
from ..factories import DepartmentFactory, NetworkFactory, NetworkRoleFactory, PersonFactory
from ..markup import tidy

D = datetime.date
URL = reverse("netvaerk:time-balance")
# A Wednesday: the week runs Monday 19 to Sunday 25 October 2026.
TODAY = D(2026, 10, 21)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(balance, "current_day", lambda: TODAY)


def _plan(network, starts_on, steps=None):
    """A plan of known steps: (kind, weeks, leader, co-driver, participant hours a week)."""
    plan = NetworkPlan.objects.create(network=network, starts_on=starts_on)
    phase = Phase.objects.order_by("number").first()
    steps = steps or [
        ("work", 4, 5, 0, 2),
        ("break", 2, 0, 0, 0),
        ("work", 10, 3, 1, 1),
    ]
    for position, (kind, weeks, leader, co_driver, participant) in enumerate(steps, start=1):
        PlanStep.objects.create(
            plan=plan,
            position=position,
            kind=kind,
            phase=None if kind == "break" else phase,
            title=f"Trin {position}",
            weeks=weeks,
            leader_hours=leader,
            co_driver_hours=co_driver,
            participant_hours=participant,
        )
    return plan


@pytest.fixture
def known_plan(network):
    """From Monday 7 September 2026: 4 weeks, a 2-week break, then 10 weeks.

    Up to Sunday 25 October (the current week) the leader has 4×5 + 1×3 = 23 hours planned,
    the participant 4×2 + 1×1 = 9; in all 50 and 18."""
    plan = _plan(network, D(2026, 9, 7))
    return plan


def _log(network, person, week, hours):
    services.time_entry_record(network=network, person=person, week=week, hours=hours)


def _rows(response):
    return {(r.person_name, r.network_name): r for r in response.context["rows"]}


def test_rows_compare_planned_to_date_with_logged_in_words_and_numbers(
    known_plan, network, org, login
):
    _log(network, org["leader"], D(2026, 9, 14), 9)
    _log(network, org["leader"], D(2026, 10, 19), 10)
    _log(network, org["leader"], D(2026, 10, 26), 40)  # next week: not yet counted
    _log(network, org["participant"], D(2026, 9, 7), 12)
    response = login("personnel", org).get(URL)
    rows = _rows(response)
    signe = rows[("Signe Lauridsen", network.name)]
    assert (signe.planned_to_date, signe.logged, signe.planned_total) == (23, 19, 50)
    assert signe.difference == -4 and signe.verdict == "4,0 timer under planen"
    katrine = rows[("Katrine Møller", network.name)]
    assert (katrine.planned_to_date, katrine.logged, katrine.planned_total) == (9, 12, 18)
    assert katrine.verdict == "3,0 timer over planen"
    html = response.content.decode()
    assert "4,0 timer under planen" in html and "3,0 timer over planen" in html
    # The headline: 32 planned to date against 31 logged.
    headline = html[html.index('id="tb-headline"') : html.index("</section>")]
    assert "32,0 timer" in headline and "31,0 timer" in headline
    assert "1,0 timer under planen" in headline
    assert "uge 43" in html


def test_over_and_under_are_written_in_danish_numbers():
    with translation.override("da"):
        assert balance.verdict(Decimal("1234.5")) == "1.234,5 timer over planen"
        assert balance.verdict(Decimal("-0.5")) == "0,5 timer under planen"
        assert balance.verdict(Decimal(0)) == "Som planlagt"


def test_a_role_whose_network_has_no_plan_says_so_and_stays_out_of_the_sums(network, org, login):
    _log(network, org["leader"], D(2026, 9, 14), 9)
    response = login("personnel", org).get(URL)
    signe = _rows(response)[("Signe Lauridsen", network.name)]
    assert signe.planned_to_date is None and signe.logged == 9
    assert signe.verdict == "Ingen plan at sammenligne med"
    assert response.context["totals"].without_plan == 2
    assert "2 rækker har ingen brugbar plan" in response.content.decode()


def test_the_personnel_leader_sees_only_their_staff_and_outsiders_nothing(
    known_plan, network, org, login
):
    client = login("personnel", org)
    names = {r.person_name for r in client.get(URL).context["rows"]}
    assert names == {"Signe Lauridsen", "Katrine Møller"}  # not Kasper: not Jens's staff
    assert client.get(URL, {"medarbejder": org["codriver"].pk}).status_code == 404
    assert client.get(URL, {"medarbejder": "x"}).status_code == 404
    kasper = NetworkRole.objects.get(person=org["codriver"])
    assert client.get(reverse("netvaerk:time-balance-role", args=[kasper.pk])).status_code == 404
    outsider = login("outsider", org)
    response = outsider.get(URL)
    assert list(response.context["rows"]) == []
    assert "Du har ingen medarbejdere registreret" in response.content.decode()
    signe = NetworkRole.objects.get(person=org["leader"])
    assert outsider.get(reverse("netvaerk:time-balance-role", args=[signe.pk])).status_code == 404


def test_the_person_picker_and_the_name_search_narrow_the_table(known_plan, network, org, login):
    client = login("personnel", org)
    html = client.get(URL).content.decode()
    assert '<select name="medarbejder"' in html
    assert f'<option value="{org["participant"].pk}">Katrine Møller</option>' in html
    response = client.get(URL, {"medarbejder": org["participant"].pk})
    assert {r.person_name for r in response.context["rows"]} == {"Katrine Møller"}
    assert f'<option value="{org["participant"].pk}" selected>' in response.content.decode()
    response = client.get(URL, {"q": "lauridsen"})
    assert {r.person_name for r in response.context["rows"]} == {"Signe Lauridsen"}
    assert client.get(URL, {"q": "findes ikke"}).context["rows"] == []


def test_the_secretariat_searches_by_name_when_there_are_too_many_to_list(
    known_plan, network, org, login, monkeypatch
):
    monkeypatch.setattr(balance_views, "PICKER_LIMIT", 2)
    client = login("secretariat", org)
    html = client.get(URL).content.decode()
    assert '<select name="medarbejder"' not in html and 'name="q"' in html
    html = client.get(URL, {"medarbejder": org["codriver"].pk}).content.decode()
    assert "Viser kun Kasper Juhl." in html
    assert 'type="hidden" name="medarbejder"' in html


def test_the_department_filter_includes_the_departments_below(known_plan, network, org, login):
    client = login("secretariat", org)
    sundhed, aeldre = org["departments"]["sundhed"], org["departments"]["aeldre"]
    html = client.get(URL).content.decode()
    assert f'<option value="{aeldre.pk}">– – Ældre og Sundhed</option>' in html
    names = {r.person_name for r in client.get(URL, {"afdeling": aeldre.pk}).context["rows"]}
    assert names == {"Signe Lauridsen", "Katrine Møller"}
    names = {r.person_name for r in client.get(URL, {"afdeling": sundhed.pk}).context["rows"]}
    assert names == {"Signe Lauridsen", "Katrine Møller", "Kasper Juhl"}
    # An unknown department is no filter (an old link), not an error.
    assert len(client.get(URL, {"afdeling": "999999"}).context["rows"]) == 3


def test_every_column_sorts_and_rows_without_a_figure_come_last(known_plan, network, org, login):
    other = NetworkFactory(name="Aktiv hverdag")
    NetworkRoleFactory(network=other, person=org["participant"], role="co_driver")  # no plan
    _log(network, org["participant"], D(2026, 9, 7), 12)  # 3 over
    client = login("personnel", org)
    response = client.get(URL, {"sort": "-forskel"})
    order = [(r.person_name, r.network_name) for r in response.context["rows"]]
    assert order == [
        ("Katrine Møller", network.name),
        ("Signe Lauridsen", network.name),
        ("Katrine Møller", "Aktiv hverdag"),
    ]
    html = response.content.decode()
    assert 'aria-sort="descending"><a href="?sort=forskel">Forskel' in html
    order = [r.difference for r in client.get(URL, {"sort": "forskel"}).context["rows"]]
    assert order == [-23, 3, None]
    for key in balance.SORTS:
        for sort in (key, f"-{key}"):  # some as cached: no context, the page's rows
            assert client.get(URL, {"sort": sort}).content.decode().count("Vis graf") == 3
    assert client.get(URL, {"sort": "pk; drop"}).context["filters"].sort == "navn"


def test_paging_reaches_the_last_row(known_plan, network, org, login, monkeypatch):
    monkeypatch.setattr(balance_views, "PAGE_SIZE", 2)
    for _ in range(5):
        NetworkRoleFactory(network=network, person=PersonFactory(), role="participant")
    client = login("secretariat", org)
    first = client.get(URL)
    assert first.context["page"].paginator.num_pages == 4  # 8 rows
    html = first.content.decode()
    assert "Række 1–2 af 8" in html and 'side=4">Sidste' in html
    seen = []
    for number in range(1, 5):
        seen += [r.role_id for r in client.get(URL, {"side": number}).context["rows"]]
    assert sorted(seen) == sorted(
        NetworkRole.objects.active()
        .filter(role__in=list(balance.PLANNED_HOURS_FIELD))
        .values_list("pk", flat=True)
    )
    last = client.get(URL, {"side": 999, "sort": "-navn"})
    assert last.context["page"].number == 4
    assert "Række 7–8 af 8" in last.content.decode()
    assert 'name="sort" value="-navn"' in last.content.decode()  # the jump form keeps the sort


def test_the_page_has_a_constant_number_of_queries(
    known_plan, network, org, login, django_assert_max_num_queries
):
    client = login("secretariat", org)
    # session, user, secretariat; departments; the staff picker (the generation of the roles,
    # and, once per change to them, how many people have one); the sums and count (the same
    # generation, then the sums once per change); the page's rows; the access log's insert;
    # the page's header (the person with its unread count); the generations of the page.
    with django_assert_max_num_queries(13):
        client.get(URL)
    with django_assert_max_num_queries(6):  # the page as cached
        client.get(URL)
    with django_assert_max_num_queries(11):  # the figures over every role as cached
        client.get(URL, {"sort": "navn"})
    for _ in range(6):
        other = NetworkFactory()
        _plan(other, D(2026, 8, 3))
        staff = PersonFactory(manager=org["personnel"], department=org["departments"]["aeldre"])
        NetworkRoleFactory(network=network, person=staff)
        NetworkRoleFactory(network=other, person=staff, role="co_driver")
        _log(network, staff, D(2026, 9, 14), 2)
        _log(other, staff, D(2026, 9, 14), 2)
    with django_assert_max_num_queries(12):  # the roles changed: the staff counted again
        response = client.get(
            URL, {"sort": "-forskel", "afdeling": org["departments"]["aeldre"].pk}
        )
    assert len(response.context["rows"]) == 14
    with django_assert_max_num_queries(12):  # + whether the employee is one's to follow
        client.get(URL, {"medarbejder": org["leader"].pk})


@pytest.mark.parametrize("starts_on", [D(9999, 12, 1), D(1, 1, 1)])
def test_a_plan_starting_in_an_impossible_year_does_not_break_the_balance(
    starts_on, known_plan, network, org, login
):
    odd = NetworkFactory(name="Skrevet forkert")
    # 104-week steps from December 9999 run past the last date Python knows.
    _plan(odd, starts_on, [("work", 104, 5, 5, 5), ("work", 104, 5, 5, 5)])
    role = NetworkRoleFactory(network=odd, person=org["leader"], role="participant")
    _log(odd, org["leader"], D(2026, 9, 14), 4)
    client = login("personnel", org)
    response = client.get(URL)
    assert response.status_code == 200
    row = _rows(response)[("Signe Lauridsen", "Skrevet forkert")]
    assert row.planned_to_date is None and row.logged == 4
    assert row.verdict == "Planen kan ikke bruges"
    assert "ligger uden for de datoer, portalen kan regne med" in response.content.decode()
    totals = response.context["totals"]
    assert totals.planned_to_date == 23 + 9 and totals.without_plan == 1
    assert client.get(reverse("netvaerk:time-balance-export", args=["csv"])).status_code == 200
    page = client.get(reverse("netvaerk:time-balance-role", args=[role.pk]))
    assert page.status_code == 200
    assert "ligger uden for de datoer, portalen kan regne med" in page.content.decode()


def test_the_dates_of_a_plan_past_year_9999_are_not_computed(known_plan):
    known_plan.starts_on = D(9999, 12, 1)
    figures = balance.plan_figures(known_plan, "leader", D(2026, 11, 1))
    assert figures.to_date is None and "ligger uden for de datoer" in figures.problem


def test_the_table_has_no_charts_the_chart_is_one_click_away_with_its_numbers(
    known_plan, network, org, login
):
    _log(network, org["leader"], D(2026, 9, 14), 9)
    client = login("personnel", org)
    html = client.get(URL).content.decode()
    assert "<svg" not in html
    role = NetworkRole.objects.get(person=org["leader"])
    chart_url = reverse("netvaerk:time-balance-role", args=[role.pk])
    assert f'href="{chart_url}">Vis graf<' in html
    page = client.get(chart_url).content.decode()
    assert len(re.findall(r"<h1[ >]", page)) == 1 and "Tidsbalance for Signe Lauridsen" in page
    assert re.search(r'<svg [^>]*role="img"', page)
    # The text alternative: every month in a table. September: 24 days of 5 hours a week.
    table = page[page.index("<table") : page.index("</table>")]
    months = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert months == ["September 2026", "Oktober 2026"]
    september = table[table.index("September 2026") :].split("</tr>")[0]
    assert re.findall(r'class="num">([^<]+)<', september) == ["17,1", "9,0", "-8,1"]
    assert "23,0 timer" in page and "50,0 timer" in page


def test_the_secretariat_sees_every_department_and_can_page_by_it(known_plan, org, login):
    other = DepartmentFactory(
        name="Teknik", manager_level=2, parent=org["departments"]["direktion"]
    )
    person = PersonFactory(department=other)
    NetworkRoleFactory(network=known_plan.network, person=person, role="participant")
    client = login("secretariat", org)
    response = client.get(URL, {"afdeling": other.pk})
    assert [r.person_id for r in response.context["rows"]] == [person.pk]


# --- the stored figures (RoleBalance) ------------------------------------------------------


def _stored(person, network):
    return RoleBalance.objects.get(role__person=person, role__network=network)


def test_the_stored_figures_follow_logged_hours_and_plan_changes(
    known_plan, network, org, django_capture_on_commit_callbacks
):
    signe = _stored(org["leader"], network)
    assert (signe.week, signe.planned_to_date, signe.planned_total) == (D(2026, 10, 19), 23, 50)
    assert signe.logged == 0 and signe.difference == -23
    _log(network, org["leader"], D(2026, 9, 14), 9)
    assert _stored(org["leader"], network).logged == 9
    entry = TimeEntry.objects.get(person=org["leader"], network=network)
    with django_capture_on_commit_callbacks(execute=True):
        entry.delete()
    assert _stored(org["leader"], network).logged == 0
    # The first step grows from 4 to 6 weeks: 6×5 hours up to this week, 60 in all.
    services.plan_step_resize(step=known_plan.steps.get(position=1), weeks=6)
    signe = _stored(org["leader"], network)
    assert (signe.planned_to_date, signe.planned_total) == (30, 60)
    # A step deleted on its own, as the admin's plan form does: the last 10 weeks go.
    with django_capture_on_commit_callbacks(execute=True):
        known_plan.steps.get(position=3).delete()
    signe = _stored(org["leader"], network)
    assert (signe.planned_to_date, signe.planned_total) == (30, 30)
    # A network without a plan: no figures, and the page says why.
    with django_capture_on_commit_callbacks(execute=True):
        known_plan.delete()
    signe = _stored(org["leader"], network)
    assert not signe.has_plan and signe.planned_to_date is None and signe.difference is None


def test_a_new_week_is_computed_by_the_page_itself(known_plan, network, org, login, monkeypatch):
    client = login("personnel", org)
    monkeypatch.setattr(balance, "current_day", lambda: TODAY + datetime.timedelta(days=7))
    signe = _rows(client.get(URL))[("Signe Lauridsen", network.name)]
    assert signe.planned_to_date == 23 + 3  # one more week of the last step
    assert _stored(org["leader"], network).week == D(2026, 10, 26)
    export = client.get(reverse("netvaerk:time-balance-export", args=["csv"]))
    assert "26,0" in export.content.decode("utf-8-sig")


def test_roles_written_without_signals_are_computed_when_the_page_is_shown(
    known_plan, network, org, login
):
    """Bulk writes (an import, the demo data) send no signals: the page finds the roles
    without figures and computes them."""
    newcomer = PersonFactory(manager=org["personnel"], department=org["departments"]["aeldre"])
    NetworkRole.objects.bulk_create(
        [NetworkRole(network=network, person=newcomer, role="participant")]
    )
    RoleBalance.objects.filter(role__person=org["leader"]).delete()
    rows = _rows(login("personnel", org).get(URL))
    assert rows[(newcomer.name, network.name)].planned_to_date == 9
    assert rows[("Signe Lauridsen", network.name)].planned_to_date == 23


def test_the_daily_command_recomputes_every_role(known_plan, network, org):
    RoleBalance.objects.all().delete()
    call_command("refresh_summaries", stdout=io.StringIO())
    assert _stored(org["leader"], network).planned_to_date == 23
    assert (
        RoleBalance.objects.count()
        == NetworkRole.objects.active().filter(role__in=list(balance.PLANNED_HOURS_FIELD)).count()
    )


def test_the_secretariat_filters_by_the_top_of_the_tree_and_finds_the_rest_by_name(
    known_plan, network, org, login
):
    deep = org["departments"]["aeldre"]
    for depth in range(3):
        deep = DepartmentFactory(name=f"Enhed {depth}", parent=deep)
    person = PersonFactory(department=deep)
    NetworkRoleFactory(network=network, person=person, role="participant")
    client = login("secretariat", org)
    html = client.get(URL).content.decode()
    picker = html[
        html.index('id="tb-afdeling"') : html.index("</select>", html.index('id="tb-afdeling"'))
    ]
    assert "Ældre og Sundhed" in picker and "Enhed" not in picker  # the top levels only
    names = {r.person_name for r in client.get(URL, {"q": "enhed 2"}).context["rows"]}
    assert names == {person.name}


def test_a_failed_refresh_marks_the_figures_stale_and_the_page_recomputes_them(
    known_plan, network, org, login, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("databasen svarer ikke")

    with monkeypatch.context() as patched:
        patched.setattr(balance, "_balances", broken)
        _log(network, org["leader"], D(2026, 9, 14), 9)  # the save itself goes through
        assert _stored(org["leader"], network).week == balance.STALE_WEEK
        # The page's own refresh fails too: the figures as stored, not an error page.
        assert login("personnel", org).get(URL).status_code == 200
    signe = _rows(login("personnel", org).get(URL))[("Signe Lauridsen", network.name)]
    assert signe.logged == 9 and _stored(org["leader"], network).week == D(2026, 10, 19)


def test_a_link_to_a_department_below_the_top_levels_still_filters(known_plan, network, org, login):
    deep = org["departments"]["aeldre"]
    for depth in range(3):
        deep = DepartmentFactory(name=f"Enhed {depth}", parent=deep)
    person = PersonFactory(department=deep)
    NetworkRoleFactory(network=network, person=person, role="participant")
    response = login("secretariat", org).get(URL, {"afdeling": deep.pk})
    assert [r.person_id for r in response.context["rows"]] == [person.pk]
    assert f'<option value="{deep.pk}" selected>' in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one write transaction at a time"
)
def test_two_people_logging_hours_at_once_both_count(known_plan, network, org):
    """Two transactions refresh the same network's figures: the second waits for the
    first's lock and reads what it committed, instead of writing back the older sums."""
    errors = one_after_the_other_at_once(
        lambda: _log(network, org["leader"], D(2026, 9, 14), 9),
        lambda: _log(network, org["participant"], D(2026, 9, 14), 5),
    )
    assert not errors
    assert _stored(org["leader"], network).logged == 9
    assert _stored(org["participant"], network).logged == 5


# The rows as the template wrote them before balance_views._rows_html wrote them in Python.
ROW_TEMPLATE = """{% load i18n %}{% for row in rows %}
    <tr>
      <td><a href="{% url 'netvaerk:person-detail' row.person_id %}">{{ row.person_name }}</a>{% if row.department %}<br><span class="small text-body-secondary">{{ row.department }}</span>{% endif %}</td>
      <td><a href="{% url 'netvaerk:plan' row.network_slug %}">{{ row.network_name }}</a></td>
      <td>{{ row.role_label }}</td>
      <td class="num">{% if row.planned_to_date is None %}–{% else %}{{ row.planned_to_date|floatformat:"1g" }}{% endif %}</td>
      <td class="num">{{ row.logged|floatformat:"1g" }}</td>
      <td>{% if row.difference is None %}<span class="text-body-secondary">{{ row.verdict }}</span>{% if row.plan.problem %}<br><span class="small">{{ row.plan.problem }}</span>{% endif %}{% else %}<span class="balance-{% if row.difference > 0 %}over{% elif row.difference < 0 %}under{% else %}even{% endif %}">{{ row.verdict }}</span>{% endif %}</td>
      <td class="num">{% if row.planned_total is None %}–{% else %}{{ row.planned_total|floatformat:"1g" }}{% endif %}</td>
      <td><a href="{% url 'netvaerk:time-balance-role' row.role_id %}">{% translate "Vis graf" %}<span class="visually-hidden"> {% blocktranslate with name=row.person_name network=row.network_name %}for {{ name }} i {{ network }}{% endblocktranslate %}</span></a></td>
    </tr>
  {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_rows_written_in_python_are_the_markup_the_template_wrote(
    known_plan, network, org, language
):
    from django.template import Context, Template

    odd = NetworkFactory(name='Ældre & "unge" <i>sammen</i>', slug="aeldre-unge")
    _plan(odd, D(9999, 12, 1), [("work", 104, 5, 5, 5)])  # a plan that cannot be used
    NetworkRoleFactory(network=odd, person=org["leader"], role="participant")
    NetworkRoleFactory(network=NetworkFactory(name="Uden plan"), person=org["leader"])
    for week in range(16):  # over the plan by more than a thousand hours
        _log(network, org["leader"], D(2026, 6, 1) + datetime.timedelta(weeks=week), 80)
    _log(network, org["participant"], D(2026, 9, 14), 9)  # as planned
    balance.refresh()
    roles = NetworkRole.objects.active().filter(role__in=list(balance.PLANNED_HOURS_FIELD))
    with translation.override(language):
        rows = list(balance.rows_of(balance.ordered(roles, "navn"), TODAY))
        kinds = {r.verdict for r in rows}
        assert len(rows) >= 5 and len(kinds) >= 4  # over, even, under, no plan, unusable
        expected = Template(ROW_TEMPLATE).render(Context({"rows": rows}))
        written = balance_views._rows_html(rows)

    assert tidy(expected) == tidy(written)
    assert "&lt;i&gt;sammen&lt;/i&gt;" in written and "&quot;unge&quot;" in written
    assert ("1.257,0" if language == "da" else "1,257.0") in written


def test_the_secretariats_headline_follows_every_change_though_it_is_cached(
    known_plan, network, org, login
):
    """The headline over every role is cached (core/generations.py) until the roles or their
    figures change, by whatever path: hours logged, a role ended, a role added."""
    client = login("secretariat", org)

    pages = itertools.count(1)

    def totals():  # a page not yet cached each time: the headline's own cache is tested
        return client.get(URL, {"side": next(pages)}).context["totals"]

    first = totals()
    assert (first.rows, first.logged, first.planned_to_date) == (3, 0, 23 + 9 + 1)
    assert totals() == first  # as cached
    _log(network, org["participant"], D(2026, 9, 7), 12)
    assert totals().logged == 12
    services.network_role_end(
        network_role=NetworkRole.objects.get(network=network, person=org["participant"])
    )
    after = totals()
    assert (after.rows, after.logged, after.planned_to_date) == (2, 0, 23 + 1)
    NetworkRole.objects.filter(network=network, person=org["participant"]).update(ends_on=None)
    assert totals().rows == 3  # a plain update too


def test_the_cached_page_is_each_users_own_and_follows_logged_hours(
    known_plan, network, org, login
):
    leader_page = login("personnel", org).get(URL).content.decode()
    assert "Signe Lauridsen" in leader_page
    outsider_page = login("outsider", org).get(URL).content.decode()  # the same address
    assert "Signe Lauridsen" not in outsider_page
    client = login("personnel", org)
    before = _rows(client.get(URL, {"sort": "navn"}))[("Signe Lauridsen", network.name)]
    _log(network, org["leader"], D(2026, 9, 14), 7)
    html = client.get(URL, {"sort": "navn"}).content.decode()  # was cached: now again
    after = _rows(client.get(URL, {"sort": "-navn"}))[("Signe Lauridsen", network.name)]
    assert after.logged == before.logged + 7 and "7,0" in html
