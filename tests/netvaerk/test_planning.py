"""Plans: dates, totals, breaks and edits, from the process descriptions."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from netvaerk import planning, services
from netvaerk.models import NetworkRole, Phase, ProcessTemplate
from netvaerk.selectors import plan_view

D = datetime.date


def _step(position, weeks, leader=0, kind="work", phase=1):
    return SimpleNamespace(
        position=position,
        weeks=weeks,
        kind=kind,
        phase_id=phase,
        leader_hours=Decimal(leader),
        co_driver_hours=Decimal(0),
        participant_hours=Decimal(0),
    )


def test_steps_follow_one_another_from_the_start_date():
    scheduled = planning.schedule(D(2026, 1, 5), [_step(2, 1), _step(1, 2)])
    assert [(s.starts_on, s.ends_on) for s in scheduled] == [
        (D(2026, 1, 5), D(2026, 1, 18)),
        (D(2026, 1, 19), D(2026, 1, 25)),
    ]


def test_hours_per_month_split_a_step_across_the_month_boundary():
    # 7 hours a week from Thursday 29 January: 3 days in January, 4 in February.
    months = planning.hours_per_month(planning.schedule(D(2026, 1, 29), [_step(1, 1, 7)]))
    assert months == {D(2026, 1, 1): Decimal("3.0"), D(2026, 2, 1): Decimal("4.0")}


def test_totals_are_weeks_times_hours_per_role():
    totals = planning.totals(planning.schedule(D(2026, 1, 5), [_step(1, 2, 5), _step(2, 3, 4)]))
    assert totals["leader"] == Decimal(22) and totals["weeks"] == 5


def test_every_network_type_has_a_process_description_with_a_test(catalogue):
    assert ProcessTemplate.objects.count() == 4
    for template in ProcessTemplate.objects.all():
        assert template.steps.filter(kind="test").count() == 1


def _dates(plan):
    return planning.schedule(plan.starts_on, plan.steps.all())


def test_a_welfare_plan_reaches_its_eight_week_test_about_six_months_in(plan):
    scheduled = _dates(plan)
    test = next(s for s in scheduled if s.is_test)
    months = (test.starts_on - plan.starts_on).days / 30.4
    assert 5.5 <= months <= 6.5
    assert test.step.weeks == 8
    assert any(s.is_break for s in scheduled)


def test_a_plan_copies_the_description_so_editing_one_leaves_the_other(plan):
    template = ProcessTemplate.objects.get(network_type="velfaerd")
    first = template.steps.get(position=1)
    first.weeks = 20
    first.save()
    assert plan.steps.get(position=1).weeks != 20


def test_lengthening_a_step_moves_every_later_step(plan):
    before = _dates(plan)
    services.plan_step_resize(step=plan.steps.get(position=2), weeks=before[1].step.weeks + 3)
    after = _dates(plan)
    assert after[0].starts_on == before[0].starts_on
    assert all(
        a.starts_on - b.starts_on == datetime.timedelta(weeks=3)
        for a, b in zip(after[2:], before[2:], strict=False)
    )


def test_adding_a_break_inserts_it_and_renumbers(plan):
    count = plan.steps.count()
    after = plan.steps.get(position=3)
    services.plan_break_add(plan=plan, after=after, weeks=2)
    positions = list(plan.steps.values_list("position", flat=True))
    assert positions == list(range(1, count + 2))
    inserted = plan.steps.get(position=4)
    assert inserted.kind == "break" and inserted.weeks == 2 and inserted.leader_hours == 0


def test_removing_a_step_renumbers_and_the_last_step_stays(plan):
    count = plan.steps.count()
    services.plan_step_delete(step=plan.steps.get(position=1))
    assert list(plan.steps.values_list("position", flat=True)) == list(range(1, count))
    for step in list(plan.steps.all())[:-1]:
        services.plan_step_delete(step=step)
    with pytest.raises(ValidationError):
        services.plan_step_delete(step=plan.steps.get())


def test_shifting_the_plan_moves_every_date(plan):
    before = _dates(plan)
    services.plan_shift(plan=plan, starts_on=plan.starts_on + datetime.timedelta(days=14))
    assert all(
        a.starts_on - b.starts_on == datetime.timedelta(days=14)
        for a, b in zip(_dates(plan), before, strict=False)
    )


def test_a_network_has_one_plan(plan, network):
    with pytest.raises(ValidationError):
        services.plan_create(network=network, template=plan.template, starts_on=D(2027, 1, 1))


@pytest.mark.parametrize(
    ("phase", "level", "text"),
    [(1, "warning", "Bagud"), (3, "success", "Følger planen"), (6, "success", "Foran planen")],
)
def test_the_network_page_says_where_the_network_stands_against_its_plan(
    plan, network, phase, level, text
):
    today = _dates(plan)[4].starts_on  # the first idea development step: phase 3
    network.current_phase = Phase.objects.get(number=phase)
    view = plan_view(network, today)
    assert view.standing_level == level and text in view.standing


def test_a_break_counts_as_the_phase_before_it(plan, network):
    scheduled = _dates(plan)
    brk = next(s for s in scheduled if s.is_break)
    before = scheduled[scheduled.index(brk) - 1]
    network.current_phase = before.step.phase
    assert "Følger planen" in plan_view(network, brk.starts_on).standing


def test_phase_changes_are_kept_and_may_go_back(network, org):
    two, four = Phase.objects.get(number=2), Phase.objects.get(number=4)
    services.network_phase_change(network=network, phase=four, by=org["leader"], note="Frem")
    services.network_phase_change(network=network, phase=two, by=org["leader"], note="Tilbage")
    network.refresh_from_db()
    assert network.current_phase == two
    assert [c.phase.number for c in network.phase_changes.order_by("created_at")] == [4, 2]


def test_time_is_logged_per_monday_and_replaced(network, org):
    leader = org["leader"]
    services.time_entry_record(network=network, person=leader, week=D(2026, 11, 19), hours=5)
    services.time_entry_record(network=network, person=leader, week=D(2026, 11, 16), hours=7)
    entry = network.time_entries.get()
    assert (entry.week, entry.hours) == (D(2026, 11, 16), 7)


def test_planned_hours_follow_the_role(plan, network, org):
    roles = {r.role for r in network.roles.all()}
    assert NetworkRole.Role.LEADER in roles
