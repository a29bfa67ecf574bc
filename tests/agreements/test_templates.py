"""Templates are versioned data: a changed template makes a new version, and agreements keep
rendering with the version they were filled against."""

import pytest
from django.urls import reverse

from agreements import templating
from agreements.models import Question, Template, TemplateVersion

pytestmark = pytest.mark.django_db


def test_the_fixtures_hold_three_agreements_and_four_reflection_tools(templates):
    kinds = sorted(Template.objects.values_list("kind", "talk"))
    assert kinds == sorted(
        [
            ("agreement", "personnel_leader"),
            ("agreement", "reference_leader"),
            ("agreement", "co_driver"),
            ("reflection", "personnel_leader"),
            ("reflection", "reference_leader"),
            ("reflection", "co_driver"),
            ("reflection", ""),
        ]
    )
    types = set(Question.objects.values_list("type", flat=True))
    assert set(Question.Type.values) <= types | {"short_text", "date"}
    assert TemplateVersion.objects.count() == 7


def test_publishing_an_unchanged_template_makes_no_new_version(templates):
    template = Template.objects.get(key="aftale-personaleleder")
    first, created = templating.publish(template)
    assert not created  # the fixture published it
    assert templating.publish(template) == (first, False)
    assert first.number == 1


def test_a_changed_question_makes_a_new_version_and_old_agreements_keep_theirs(
    network, org, login, start
):
    old = start(network, "aftale-referenceleder", org["leader"])
    question = Question.objects.filter(section__template__key="aftale-referenceleder").first()
    old_label = question.label
    old.answers[question.key] = "Svar til det gamle spørgsmål"
    old.save()

    question.label = "Et nyt og skarpere spørgsmål?"
    question.save()
    # The edited row is a draft: the live version is still 1 until the secretariat publishes.
    assert templating.live_version(question.section.template).number == 1
    new_version, created = templating.publish(question.section.template)
    assert created and new_version.number == 2

    page = login("leader", org).get(old.get_absolute_url()).content.decode()
    assert old_label in page
    assert "Svar til det gamle spørgsmål" in page
    assert "Et nyt og skarpere spørgsmål?" not in page
    assert "Sekretariatet har siden lavet version 2" in page

    # A new agreement (another leader's) starts on version 2.
    from netvaerk.models import NetworkRole

    from ..factories import NetworkFactory, NetworkRoleFactory

    other = NetworkFactory(name="Andet netværk")
    NetworkRoleFactory(network=other, person=org["participant"], role=NetworkRole.Role.LEADER)
    fresh = start(other, "aftale-referenceleder", org["participant"])
    assert fresh.template_version == new_version
    old.refresh_from_db()
    assert old.template_version.number == 1


def test_saving_a_template_in_the_admin_changes_only_the_draft(network, org, login, templates):
    """The secretariat edits a section's questions in the admin; the save changes the draft,
    and nothing is live until it is published in the editor."""
    template = Template.objects.get(key="aftale-co-driver")
    section = template.sections.order_by("position").first()
    client = login("secretariat", org)
    url = reverse("admin:agreements_section_change", args=[section.pk])
    form = client.get(url).context["adminform"].form
    questions = list(section.questions.order_by("position"))
    data = {
        "template": template.pk,
        "position": section.position,
        "title": section.title,
        "guidance": section.guidance,
        "prompts": section.prompts,
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": len(questions),
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for i, q in enumerate(questions):
        data.update(
            {
                f"questions-{i}-id": q.pk,
                f"questions-{i}-section": section.pk,
                f"questions-{i}-position": q.position,
                f"questions-{i}-key": q.key,
                f"questions-{i}-type": q.type,
                f"questions-{i}-label": q.label + (" (ny ordlyd)" if i == 0 else ""),
                f"questions-{i}-help_text": q.help_text,
                f"questions-{i}-choices": q.choices,
            }
            | ({f"questions-{i}-required": "on"} if q.required else {})
        )
    assert form is not None
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert templating.latest_version(template).number == 1
    assert templating.is_draft_changed(template)
    templating.publish(template)
    assert templating.latest_version(template).number == 2
