"""The secretariat's content editors in a real browser: a question and a process step are
edited, previewed and published; an agreement in progress and an existing plan keep their
versions while new ones get the new. Accessible on a desktop."""

import datetime

from playwright.sync_api import expect

from agreements.models import Question, Template
from netvaerk import services as network_services
from netvaerk.models import NetworkPlan, ProcessTemplate

from ..factories import NetworkFactory

NEW_LABEL = "Hvordan vil din personaleleder følge netværkets fremdrift hver måned?"
NEW_STEP = "Opstart og første samtaler"


def test_the_secretariat_edits_previews_and_publishes_a_question(
    network, org, start, live_server, page, browser_login, check_a11y
):
    in_progress = start(network, "aftale-personaleleder", org["leader"])
    template = Template.objects.get(key="aftale-personaleleder")
    question = Question.objects.filter(section__template=template, section__position=2).first()
    old_label = question.label

    browser_login("rikke")
    page.get_by_role("link", name="Overblik", exact=True).click()
    page.get_by_role("link", name="Indhold", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indhold")
    check_a11y(page)
    page.get_by_role("link", name=template.title).click()
    page.get_by_role("link", name=f"Redigér {template.sections.get(position=2).title}").click()
    check_a11y(page)
    card = page.locator(f"#q{question.pk}")
    card.get_by_label("Spørgsmål (dansk)").fill(NEW_LABEL)
    page.get_by_role("button", name="Gem kladden").first.click()
    expect(page.locator(f"#q{question.pk}").get_by_label("Spørgsmål (dansk)")).to_have_value(
        NEW_LABEL
    )

    page.get_by_role("link", name="Forhåndsvis trinnet").click()
    expect(page.get_by_text("Forhåndsvisning – ikke offentliggjort")).to_be_visible()
    expect(page.get_by_label(NEW_LABEL)).to_be_visible()
    check_a11y(page)
    # Nothing is live before publishing.
    assert template.versions.count() == 1

    page.goto(live_server.url + f"/sekretariat/indhold/skabeloner/{template.key}/")
    page.get_by_role("button", name="Offentliggør kladden").click()
    expect(page.get_by_text("version 2", exact=False).first).to_be_visible()

    in_progress.refresh_from_db()
    assert in_progress.template_version.number == 1
    labels = [q["label"] for s in in_progress.template_version.sections for q in s["questions"]]
    assert old_label in labels and NEW_LABEL not in labels
    other = NetworkFactory(name="Sund mad", slug="sund-mad")
    new = start(other, "aftale-personaleleder", org["leader"])
    assert new.template_version.number == 2
    labels = [q["label"] for s in new.template_version.content["sections"] for q in s["questions"]]
    assert NEW_LABEL in labels


def test_the_secretariat_edits_previews_and_publishes_a_process_step(
    network, org, plan, live_server, page, browser_login, check_a11y
):
    process = ProcessTemplate.objects.get(network_type="velfaerd")
    old_title = plan.steps.order_by("position").first().title

    browser_login("rikke")
    page.goto(live_server.url + "/sekretariat/indhold/")
    page.get_by_role("link", name=process.name).click()
    check_a11y(page)
    page.get_by_label("Titel (dansk)").first.fill(NEW_STEP)
    page.get_by_role("button", name="Gem og se forhåndsvisning").first.click()
    expect(page.get_by_text("Forhåndsvisning – ikke offentliggjort")).to_be_visible()
    expect(page.get_by_role("cell", name=NEW_STEP)).to_be_visible()
    check_a11y(page)

    page.goto(live_server.url + f"/sekretariat/indhold/forloeb/{process.network_type}/")
    page.get_by_role("button", name="Gem og offentliggør").first.click()
    expect(page.get_by_text("version 2", exact=False).first).to_be_visible()

    plan.refresh_from_db()
    assert plan.process_version.number == 1
    assert plan.steps.order_by("position").first().title == old_title
    other = NetworkFactory(name="Sund mad", slug="sund-mad")
    new_plan = network_services.plan_create(
        network=other, template=process, starts_on=datetime.date(2027, 1, 4)
    )
    assert new_plan.process_version.number == 2
    assert new_plan.steps.order_by("position").first().title == NEW_STEP
    assert NetworkPlan.objects.filter(process_version__number=1).get() == plan
