"""All shipped content has its English, and `load_english` brings it into older databases."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from core.content import ContentVersion, translated_models, untranslated_fields
from core.management.commands.load_english import fixture_objects

# Texts of one item a line: answers are stored under the Danish line, the English is paired
# with it by position.
LINE_ALIGNED = ("choices", "prompts")


@pytest.fixture
def shipped(catalogue):
    """The shipped content as `make run` loads it: the catalogue and the process
    descriptions (load_demo), the templates (load_templates), each published."""
    from netvaerk import processes

    call_command("publish_roles", verbosity=0)
    processes.publish_all()
    call_command("load_templates", stdout=io.StringIO())


def _lines(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def test_every_model_with_english_in_the_fixtures_lists_its_texts():
    """A model whose fixture rows carry English names those texts in `translated_fields`,
    or the checks below (and the secretariat's marks for missing English) would skip it."""
    listed = {m._meta.label_lower: set(m.translated_fields) for m in translated_models()}
    for label, pk, fields in fixture_objects():
        english = {name.removesuffix("_en") for name in fields if name.endswith("_en")}
        assert english <= listed.get(label, set()), (label, pk, english - listed.get(label, set()))


@pytest.mark.django_db
def test_every_shipped_text_has_its_english(shipped):
    checked = 0
    for model in translated_models():
        for row in model._default_manager.all():
            assert untranslated_fields(row) == [], (model._meta.label, row.pk)
            for name in LINE_ALIGNED:
                if name in model.translated_fields:
                    danish, english = getattr(row, name), getattr(row, f"{name}_en")
                    assert len(_lines(english)) == len(_lines(danish)), (
                        model._meta.label,
                        row.pk,
                        name,
                    )
                    assert len(english.splitlines()) == len(danish.splitlines())
            checked += 1
    assert checked > 200  # the templates, the catalogue and the process descriptions


@pytest.mark.django_db
def test_every_published_version_of_the_shipped_content_has_its_english(shipped):
    versions = [
        m
        for m in apps.get_models()
        if issubclass(m, ContentVersion) and m._default_manager.exists()
    ]
    assert len(versions) >= 3  # templates, role descriptions, process descriptions
    for model in versions:
        for version in model._default_manager.all():
            assert version.missing_english() == [], (model._meta.label, version.pk)


@pytest.mark.django_db
def test_load_english_fills_what_lacks_english_and_keeps_changed_texts(shipped):
    from agreements.models import Question, Section, Template
    from netvaerk.models import Phase

    start = Phase.objects.get(number=1)
    design = Phase.objects.get(number=2)
    question = Question.objects.get(key="opfoelgningsrytme")
    section = question.section
    template = section.template
    # A database from before the English: no English anywhere in these rows.
    Phase.objects.filter(pk__in=[start.pk, design.pk]).update(name_en="", description_en="")
    Question.objects.filter(pk=question.pk).update(label_en="", help_text_en="", choices_en="")
    Section.objects.filter(pk=section.pk).update(prompts_en="", guidance_en="")
    Template.objects.filter(pk=template.pk).update(title_en="")
    # The municipality changed a Danish text; someone wrote their own English for another;
    # a text saved unchanged from a browser form has CRLF line endings.
    Phase.objects.filter(pk=design.pk).update(name="Design af netværket")
    Question.objects.filter(pk=question.pk).update(
        choices_en="Monthly\nQuarterly\nPer phase\nAd hoc"
    )
    Section.objects.filter(pk=section.pk).update(prompts=section.prompts.replace("\n", "\r\n"))

    out = io.StringIO()
    call_command("load_english", stdout=out)

    start.refresh_from_db()
    assert start.name_en == "Network start-up"
    assert start.description_en.startswith("The network leader gets their mandate")
    design.refresh_from_db()
    assert design.name_en == ""  # the Danish is no longer the shipped text
    assert design.description_en.startswith("The network leader and the co-driver plan")
    question.refresh_from_db()
    assert question.label_en == "How often will you follow up on the time spent?"
    assert question.help_text_en == ""  # no Danish help text, no English either
    assert question.choices_en == "Monthly\nQuarterly\nPer phase\nAd hoc"  # kept
    section.refresh_from_db()
    assert (
        _lines(section.prompts_en)[0]
        == "What does your personnel leader need to know to be able to back you up?"
    )
    assert section.guidance_en.startswith("It is common")
    template.refresh_from_db()
    assert template.title_en == "Cooperation agreement between network leader and personnel leader"
    # start: 2, design: 1, question: label, section: prompts and guidance, template: title.
    assert out.getvalue().strip() == "7 engelske tekster udfyldt."

    again = io.StringIO()
    call_command("load_english", stdout=again)
    assert again.getvalue().strip() == "0 engelske tekster udfyldt."


@pytest.mark.django_db
def test_load_english_on_an_empty_database_does_nothing():
    out = io.StringIO()
    call_command("load_english", stdout=out)
    assert out.getvalue().strip() == "0 engelske tekster udfyldt."


def test_bringing_shipped_english_in_never_publishes_the_secretariats_draft(shipped):
    """`publish_shipped` (make run) fills English the live version lacks; English the
    secretariat has typed into the draft but not published stays a draft."""
    from roles import versions
    from roles.models import RoleDescription

    role = RoleDescription.objects.get(key="reference_leader")
    live = versions.live_version(role)
    published_name = live.english()["name"]
    role.name_en = "Draft name, not published"
    role.save()
    call_command("publish_shipped", verbosity=0)
    live.refresh_from_db()
    assert live.english()["name"] == published_name
    assert versions.live_version(role).number == live.number
