"""The portal prompts a leader or co-driver to assess: on taking up the role, when the test
phase begins, when the network completes; on /kompetencer/ and as a notification once."""

import datetime

from django.utils import timezone

from competences import prompts
from netvaerk.models import Network, NetworkRole
from notifications.kinds import Kind, headline
from notifications.models import Notification

from .conftest import day


def _leader_role(network):
    return network.roles.select_related("network").get(role=NetworkRole.Role.LEADER)


def test_a_new_leader_is_prompted_until_they_have_assessed(org, network, assess):
    role = _leader_role(network)
    today = role.starts_on + datetime.timedelta(days=3)
    (prompt,) = prompts.prompts_for(org["leader"], today)
    assert prompt.moment == prompts.START and "Vurder dine kompetencer nu" in prompt.text()
    assess(org["leader"], today)
    assert prompts.prompts_for(org["leader"], today) == []


def test_the_prompt_at_the_start_lapses_after_its_window(org, network):
    role = _leader_role(network)
    late = role.starts_on + datetime.timedelta(days=prompts.PROMPT_DAYS + 1)
    assert [p.moment for p in prompts.prompts_for(org["leader"], late)] == []


def test_the_test_phase_comes_from_the_plan_or_six_months_after_the_start(network, plan):
    # The welfare plan from 7 September 2026 has a test step.
    test_on = prompts.test_phase_on(Network.objects.get(pk=network.pk))
    assert test_on is not None and test_on > datetime.date(2026, 9, 7)
    plan.steps.filter(kind="test").update(kind="work")
    assert prompts.test_phase_on(Network.objects.get(pk=network.pk)) == datetime.date(2027, 3, 7)
    plan.delete()
    # No plan: six months after the network's start (1 September 2026).
    assert prompts.test_phase_on(Network.objects.get(pk=network.pk)) == datetime.date(2027, 3, 1)


def test_an_earlier_assessment_does_not_answer_the_test_phase_prompt(org, network, assess):
    test_on = day(2027, 3, 1)
    assess(org["leader"], day(2026, 9, 1))
    moments = [p.moment for p in prompts.prompts_for(org["leader"], test_on)]
    assert moments == [prompts.TEST]


def test_a_completed_network_prompts_its_leader_and_co_driver(org, network):
    Network.objects.filter(pk=network.pk).update(
        status=Network.Status.COMPLETED, updated_at=timezone.now()
    )
    for who in ("leader", "codriver"):
        (prompt,) = prompts.prompts_for(org[who])
        assert prompt.moment == prompts.COMPLETED
    assert prompts.prompts_for(org["participant"]) == []


def test_the_daily_run_notifies_once(org, network):
    role = _leader_role(network)
    today = role.starts_on + datetime.timedelta(days=1)
    made = prompts.send_prompts(today)
    assert {n.recipient for n in made} == {org["leader"], org["codriver"]}
    assert prompts.send_prompts(today) == []  # repeated the same day: no second notification
    note = Notification.objects.get(recipient=org["leader"], kind=Kind.COMPETENCE_PROMPT)
    assert note.url == "/kompetencer/ny/"
    text = headline(note.kind, note.params)
    assert text.startswith("Du er startet som netværksleder i netværket Fællesskaber mod ensomhed")


def test_the_page_shows_the_prompt_and_it_goes_once_assessed(org, network, login, assess):
    NetworkRole.objects.filter(person=org["leader"]).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=5)
    )
    client = login("leader", org)
    html = client.get("/kompetencer/").content.decode()
    assert "competence-prompt" in html and "Vurder dine kompetencer nu" in html
    assess(org["leader"], timezone.localdate())
    assert "competence-prompt" not in client.get("/kompetencer/").content.decode()


def test_the_daily_job_is_one_of_the_workers_daily_jobs(org, network, settings, run_jobs):
    from core import jobs

    assert settings.DAILY_JOBS["competence_prompts"][0] == "competences.prompts.daily"
    NetworkRole.objects.filter(person=org["leader"]).update(starts_on=timezone.localdate())
    now = timezone.localtime().replace(hour=23, minute=0)
    assert "competence_prompts" in jobs.run_due_daily_jobs(now)
    run_jobs()
    assert Notification.objects.filter(
        recipient=org["leader"], kind=Kind.COMPETENCE_PROMPT
    ).exists()
