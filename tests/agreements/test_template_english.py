"""Templates in English: an agreement reads the English of its own version, English choices
change only the labels (answers keep the Danish values), and a change of English alone
updates the version in place."""

import pytest
from django.urls import reverse
from django.utils import translation

from agreements import pdfs, selectors, templating
from agreements.models import Question, Template
from core.pdf import cache_key

pytestmark = pytest.mark.django_db

KEY = "aftale-personaleleder"
CHOICE = "opfoelgningsrytme"  # step 2 of the personnel leader's agreement
DANISH = "Hver måned\nHvert kvartal\nNår netværket skifter fase\nEfter behov"
ENGLISH = "Every month\nEvery quarter\nWhen the network changes phase\nAs needed"


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _template():
    return Template.objects.get(key=KEY)


def _clear_english():
    """The fixtures may already carry English: start these tests from none."""
    from agreements.models import Section

    Template.objects.filter(key=KEY).update(title_en="", intro_en="")
    Section.objects.filter(template__key=KEY).update(title_en="", guidance_en="", prompts_en="")
    Question.objects.filter(section__template__key=KEY).update(
        label_en="", help_text_en="", choices_en=""
    )
    templating.publish(_template())


def test_the_english_snapshot_has_the_shape_of_the_danish_one(templates):
    template = _template()
    content, english = templating.snapshot(template), templating.snapshot_english(template)
    assert set(english) == {"title", "intro", "sections"}
    assert len(english["sections"]) == len(content["sections"])
    for da, en in zip(content["sections"], english["sections"], strict=True):
        assert len(da["questions"]) == len(en["questions"])
        assert set(en["questions"][0]) == {"label", "help", "choices"}


def test_an_english_change_alone_updates_the_version_in_place(
    network, org, login, start, templates
):
    _clear_english()
    agreement = start(network, KEY, org["leader"])
    number = agreement.template_version.number
    question = Question.objects.get(section__template__key=KEY, key=CHOICE)
    Question.objects.filter(pk=question.pk).update(label_en="How often do you follow up?")

    client = login("secretariat", org)
    # Published as the editor's button does: with the token of the draft the page showed.
    page = client.get(reverse("agreements:content-template", args=[KEY]))
    response = client.post(
        reverse("agreements:content-publish", args=[KEY]),
        {"draft": page.context["draft"]},
        follow=True,
    )
    assert f"Kun den engelske tekst er opdateret i version {number}" in response.content.decode()
    version = templating.latest_version(_template())
    assert version.number == number and version.translated_at is not None
    agreement.refresh_from_db()
    assert agreement.template_version == version

    leader = _english(login("leader", org))
    page = leader.get(reverse("agreements:step", args=[agreement.pk, 2])).content.decode()
    assert "How often do you follow up?" in page
    danish = login("leader", org)
    danish.cookies["django_language"] = "da"
    page = danish.get(reverse("agreements:step", args=[agreement.pk, 2])).content.decode()
    assert question.label in page and "How often do you follow up?" not in page


def test_english_choices_change_the_labels_and_the_answer_stays_danish(
    network, org, login, start, templates
):
    Question.objects.filter(section__template__key=KEY, key=CHOICE).update(
        choices=DANISH, choices_en=ENGLISH
    )
    templating.publish(_template())
    agreement = start(network, KEY, org["leader"])
    client = _english(login("leader", org))
    url = reverse("agreements:step", args=[agreement.pk, 2])
    page = client.get(url).content.decode()
    assert 'value="Hvert kvartal"' in page
    assert "Every quarter" in page

    response = client.post(
        url, {"lock_version": agreement.lock_version, CHOICE: "Hvert kvartal", "go": "stay"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement.refresh_from_db()
    assert agreement.answers[CHOICE] == "Hvert kvartal"

    review = client.get(reverse("agreements:review", args=[agreement.pk])).content.decode()
    assert "Every quarter" in review and "Hvert kvartal" not in review
    client.cookies["django_language"] = "da"
    review = client.get(reverse("agreements:review", args=[agreement.pk])).content.decode()
    assert "Hvert kvartal" in review


def test_an_old_answer_outside_the_choices_still_reads(network, org, login, start, templates):
    agreement = start(network, KEY, org["leader"])
    agreement.answers[CHOICE] = "Hvert halve år"  # a choice an older version had
    agreement.save()
    client = _english(login("leader", org))
    review = client.get(reverse("agreements:review", args=[agreement.pk])).content.decode()
    assert "Hvert halve år" in review


def test_the_localized_version_keeps_the_danish_values(templates):
    Question.objects.filter(section__template__key=KEY, key=CHOICE).update(
        choices=DANISH, choices_en=ENGLISH
    )
    version, _created = templating.publish(_template())
    questions = dict((q["key"], q) for _step, q in templating.questions(version.localized("en")))
    assert questions[CHOICE]["choices"] == ENGLISH.splitlines()
    assert questions[CHOICE]["choice_values"] == DANISH.splitlines()
    assert version.content["sections"][1]["questions"][1].get("choice_values") is None


def test_the_secretariat_sees_which_texts_lack_english(network, org, login, start, templates):
    _clear_english()
    agreement = start(network, KEY, org["leader"])
    notice = "no English translation yet and"
    secretariat = _english(login("secretariat", org))
    assert notice in secretariat.get(agreement.get_absolute_url()).content.decode()
    leader = _english(login("leader", org))
    assert notice not in leader.get(agreement.get_absolute_url()).content.decode()
    secretariat.cookies["django_language"] = "da"
    assert notice not in secretariat.get(agreement.get_absolute_url()).content.decode()


def test_a_danish_and_an_english_pdf_do_not_share_a_cache_entry(network, org, start, templates):
    agreement = start(network, KEY, org["leader"])
    with translation.override("da"):
        danish = pdfs.agreement_html(agreement, "til-moedet")
    with translation.override("en"):
        english = pdfs.agreement_html(agreement, "til-moedet")
    assert cache_key(danish, "agreement") != cache_key(english, "agreement")


def test_the_catalogue_keeps_danish_values_with_labels_in_the_active_language(templates):
    catalogue = selectors.catalogue_for()
    assert catalogue.competences
    for name in catalogue.competences:
        assert catalogue.label(name)
    with translation.override("en"):
        english = selectors.catalogue_for()
    assert english.competences == catalogue.competences  # the stored values stay Danish


def test_competences_and_hours_read_in_english_while_stored_in_danish(
    network, org, login, start, templates
):
    """Answers store competence and phase names in Danish; an English reader sees them in
    English on the agreement's page."""
    from agreements.models import Agreement
    from netvaerk.models import Phase
    from roles.models import Competence

    agreement = start(network, "aftale-personaleleder", org["leader"])
    competence = Competence.objects.order_by("position").first()
    phase = Phase.objects.order_by("number").first()
    questions = {q["key"]: q for _s, q in templating.questions(agreement.template_version.content)}
    answers = dict(agreement.answers)
    for key, question in questions.items():
        if question["type"] == "competences":
            answers[key] = [competence.name]
        elif question["type"] == "hours":
            answers[key] = [{"number": phase.number, "name": phase.name, "hours": "4"}]
    assert any(q["type"] in ("competences", "hours") for q in questions.values())
    Agreement.objects.filter(pk=agreement.pk).update(answers=answers)
    html = _english(login("leader", org)).get(agreement.get_absolute_url()).content.decode()
    if any(q["type"] == "competences" for q in questions.values()):
        assert competence.name_en in html
    if any(q["type"] == "hours" for q in questions.values()):
        assert phase.name_en in html
    assert Agreement.objects.get(pk=agreement.pk).answers == answers
