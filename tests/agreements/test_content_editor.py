"""The secretariat's template editor: edit the draft, preview it, publish it as a version,
compare versions. Agreements in progress keep the version they started from."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from agreements import editing, templating
from agreements.models import Agreement, Question, Section, Template, TemplateVersion

pytestmark = pytest.mark.django_db

KEY = "aftale-personaleleder"


def _template():
    return Template.objects.get(key=KEY)


def _section_url(position=1, key=KEY):
    return reverse("agreements:content-section", args=[key, position])


def _section_data(section, action="save", **changes):
    """The section editor's form as the page shows it, with `changes` ({field name: value})."""
    data = {"draft": editing.draft_token(section.template), "action": action}
    for field in ("title", "title_en", "guidance", "guidance_en", "prompts", "prompts_en"):
        data[f"section-{field}"] = getattr(section, field)
    for q in section.questions.order_by("position"):
        prefix = f"q{q.pk}"
        for field in (
            "label",
            "label_en",
            "help_text",
            "help_text_en",
            "type",
            "choices",
            "choices_en",
            "key",
        ):
            data[f"{prefix}-{field}"] = getattr(q, field)
        for field in ("min_choices", "max_choices"):
            value = getattr(q, field)
            data[f"{prefix}-{field}"] = "" if value is None else value
        if q.required:
            data[f"{prefix}-required"] = "on"
    data["new-label"] = ""
    data["new-type"] = "long_text"
    data.update(changes)
    return data


@pytest.fixture
def secretariat(org, login, templates):
    return login("secretariat", org)


def _first_section():
    return _template().sections.order_by("position").first()


def _publish(client, key=KEY):
    """Publish as the template page's button does: with the token of the draft it showed."""
    page = client.get(reverse("agreements:content-template", args=[key]))
    token = page.context["draft"]
    html = page.content.decode()
    form = html[html.index('id="offentliggoer"') :]
    assert f'name="draft" value="{token}"' in form[: form.index("</form>")]
    return client.post(
        reverse("agreements:content-publish", args=[key]), {"draft": token}, follow=True
    )


def _template_data(template, action="save", **changes):
    """The template page's form as it shows it, with `changes`."""
    return {
        "draft": editing.draft_token(template),
        "title": template.title,
        "title_en": template.title_en,
        "intro": template.intro,
        "intro_en": template.intro_en,
        "is_active": "on",
        "new-title": "",
        "action": action,
    } | changes


# Who may edit -------------------------------------------------------------------------------


def test_only_the_secretariat_opens_the_editor(org, login, templates):
    urls = [
        reverse("agreements:content-templates"),
        reverse("agreements:content-template", args=[KEY]),
        _section_url(),
        reverse("agreements:content-preview", args=[KEY, 1]),
        reverse("agreements:content-versions", args=[KEY]),
    ]
    for url in urls:
        assert login("secretariat", org).get(url).status_code == 200, url
        assert login("leader", org).get(url).status_code == 403, url
    assert (
        login("leader", org).post(reverse("agreements:content-publish", args=[KEY])).status_code
        == 403
    )
    assert TemplateVersion.objects.filter(template__key=KEY).count() == 1


def test_the_list_shows_every_template_with_its_version_and_draft(secretariat):
    html = secretariat.get(reverse("agreements:content-templates")).content.decode()
    for template in Template.objects.all():
        assert template.title in html
    assert "Version 1" in html
    assert "Ændringer ikke offentliggjort" not in html
    Section.objects.filter(pk=_first_section().pk).update(title="En ny overskrift")
    html = secretariat.get(reverse("agreements:content-templates")).content.decode()
    assert "Ændringer ikke offentliggjort" in html


# Editing the draft --------------------------------------------------------------------------


def test_editing_a_question_changes_the_draft_and_keeps_its_key(secretariat):
    section = _first_section()
    question = section.questions.order_by("position").first()
    key = question.key
    data = _section_data(
        section,
        **{
            f"q{question.pk}-label": "Hvad vil I opnå sammen?",
            f"q{question.pk}-label_en": "What do you want to achieve together?",
        },
    )
    response = secretariat.post(_section_url(), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.label == "Hvad vil I opnå sammen?"
    assert question.label_en == "What do you want to achieve together?"
    assert question.key == key  # the key stays when the label changes
    assert templating.latest_version(_template()).number == 1  # nothing is live yet
    assert templating.is_draft_changed(_template())


def test_moving_a_question_up_and_down(secretariat):
    section = _first_section()
    first, second = section.questions.order_by("position")[:2]
    response = secretariat.post(_section_url(), _section_data(section, action=f"down:{first.pk}"))
    assert response.status_code == 302
    assert list(section.questions.order_by("position").values_list("pk", flat=True))[:2] == [
        second.pk,
        first.pk,
    ]
    secretariat.post(_section_url(), _section_data(section, action=f"up:{first.pk}"))
    assert list(section.questions.order_by("position").values_list("pk", flat=True))[:2] == [
        first.pk,
        second.pk,
    ]


def test_a_new_question_gets_a_key_from_its_label_unique_in_the_template(secretariat):
    section = _first_section()
    for _n in range(2):
        data = _section_data(section, action="add", **{"new-label": "Hvad er målet?"})
        assert secretariat.post(_section_url(), data).status_code == 302
    keys = list(
        Question.objects.filter(section=section, label="Hvad er målet?")
        .order_by("position")
        .values_list("key", flat=True)
    )
    assert keys == ["hvad-er-maalet", "hvad-er-maalet-2"]


def test_deleting_a_question_and_moving_and_adding_sections(secretariat):
    template = _template()
    section = _first_section()
    doomed = section.questions.order_by("position").last()
    count = section.questions.count()
    secretariat.post(_section_url(), _section_data(section, action=f"delete:{doomed.pk}"))
    assert section.questions.count() == count - 1
    assert list(section.questions.order_by("position").values_list("position", flat=True)) == list(
        range(1, count)
    )

    url = reverse("agreements:content-template", args=[KEY])
    base = {
        "draft": editing.draft_token(template),
        "title": template.title,
        "intro": template.intro,
        "is_active": "on",
        "new-title": "",
    }
    first = section
    assert secretariat.post(url, base | {"action": f"down:{first.pk}"}).status_code == 302
    first.refresh_from_db()
    assert first.position == 2
    base["draft"] = editing.draft_token(template)
    response = secretariat.post(url, base | {"action": "add", "new-title": "Afslutning"})
    added = template.sections.get(title="Afslutning")
    assert response.url == _section_url(added.position)
    assert added.position == template.sections.count()


def test_a_new_step_typed_before_another_button_is_added_not_lost(secretariat):
    template = _template()
    url = reverse("agreements:content-template", args=[KEY])
    count = template.sections.count()
    data = _template_data(template, **{"new-title": "Opfølgning"})
    response = secretariat.post(url, data, follow=True)
    assert "Det nye trin «Opfølgning» er tilføjet sidst." in response.content.decode()
    assert template.sections.get(title="Opfølgning").position == count + 1
    # With a move too: the move is made, then the new step added last.
    first = _first_section()
    data = _template_data(template, action=f"down:{first.pk}", **{"new-title": "Evaluering"})
    assert secretariat.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.position == 2
    assert template.sections.get(title="Evaluering").position == count + 2


def test_a_new_question_typed_before_another_button_is_added_not_lost(secretariat):
    section = _first_section()
    first, second = section.questions.order_by("position")[:2]
    count = section.questions.count()
    data = _section_data(
        section,
        action=f"down:{first.pk}",
        **{"new-label": "Hvem skal vide det?", "new-type": "short_text"},
    )
    response = secretariat.post(_section_url(), data, follow=True)
    html = response.content.decode()
    assert "er flyttet" in html
    assert "Det nye spørgsmål «Hvem skal vide det?» er tilføjet sidst." in html
    added = section.questions.get(label="Hvem skal vide det?")
    assert (added.position, added.type) == (count + 1, "short_text")
    assert list(section.questions.order_by("position").values_list("pk", flat=True))[:2] == [
        second.pk,
        first.pk,
    ]
    # With a delete: the question goes, the typed one comes.
    doomed = section.questions.order_by("position").first()
    data = _section_data(section, action=f"delete:{doomed.pk}", **{"new-label": "Og hvornår?"})
    assert secretariat.post(_section_url(), data).status_code == 302
    assert not section.questions.filter(pk=doomed.pk).exists()
    assert section.questions.filter(label="Og hvornår?").exists()


# Bad input ----------------------------------------------------------------------------------


def _refused(client, data, message, kept):
    response = client.post(_section_url(), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html, message
    assert kept in html  # what was typed is shown again
    return html


def test_two_questions_with_the_same_key_are_refused(secretariat):
    section = _first_section()
    other = Question.objects.filter(section__template__key=KEY).exclude(section=section).first()
    question = section.questions.first()
    before = question.label
    data = _section_data(
        section,
        **{f"q{question.pk}-key": other.key, f"q{question.pk}-label": "Min nye tekst"},
    )
    _refused(secretariat, data, "bruges allerede af et andet spørgsmål", "Min nye tekst")
    question.refresh_from_db()
    assert question.label == before


def test_two_questions_on_the_same_page_with_the_same_key_are_refused(secretariat):
    section = _first_section()
    first, second = section.questions.order_by("position")[:2]
    data = _section_data(section, **{f"q{second.pk}-key": first.key})
    _refused(secretariat, data, "bruges allerede af et andet spørgsmål", first.key)


def test_a_choice_question_without_choices_is_refused(secretariat):
    section = _first_section()
    question = section.questions.first()
    data = _section_data(
        section,
        **{
            f"q{question.pk}-type": "choice",
            f"q{question.pk}-choices": "",
            f"q{question.pk}-label": "Vælg en rytme",
        },
    )
    _refused(secretariat, data, "Et valgspørgsmål skal have valgmuligheder", "Vælg en rytme")


def test_english_choices_must_match_the_danish_line_for_line(secretariat):
    section = _first_section()
    question = section.questions.first()
    data = _section_data(
        section,
        **{
            f"q{question.pk}-type": "choice",
            f"q{question.pk}-choices": "Ja\nNej\nMåske",
            f"q{question.pk}-choices_en": "Yes\nNo",
        },
    )
    _refused(secretariat, data, "Der er 3 valgmuligheder på dansk, men 2 på engelsk", "Måske")


def test_english_prompts_must_match_the_danish_line_for_line(secretariat):
    section = _first_section()
    data = _section_data(
        section,
        **{"section-prompts": "Hvad?\nHvorfor?", "section-prompts_en": "What? Why? How?"},
    )
    _refused(secretariat, data, "Der er 2 refleksionsspørgsmål på dansk, men 1 på engelsk", "How?")


def test_min_choices_above_max_choices_is_refused(secretariat):
    section = _first_section()
    question = section.questions.first()
    data = _section_data(
        section,
        **{
            f"q{question.pk}-type": "multi",
            f"q{question.pk}-choices": "A\nB\nC",
            f"q{question.pk}-min_choices": "3",
            f"q{question.pk}-max_choices": "2",
        },
    )
    _refused(secretariat, data, "Mindst antal valg (3) er større end højst antal valg (2)", "A")


def test_an_empty_label_is_refused(secretariat):
    section = _first_section()
    question = section.questions.first()
    data = _section_data(
        section, **{f"q{question.pk}-label": "", f"q{question.pk}-help_text": "Min hjælp"}
    )
    _refused(secretariat, data, "Skriv spørgsmålet på dansk.", "Min hjælp")


def test_a_stale_save_is_refused_and_keeps_the_text(secretariat):
    section = _first_section()
    data = _section_data(section, **{"section-guidance": "Min vejledning, skrevet længe"})
    Section.objects.filter(pk=section.pk).update(title="Rettet af en anden")
    response = secretariat.post(_section_url(), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Skabelonen er ændret et andet sted" in html
    assert "Min vejledning, skrevet længe" in html
    section.refresh_from_db()
    assert section.guidance != "Min vejledning, skrevet længe"


def test_a_stale_save_shows_what_was_typed_in_questions_deleted_meanwhile(secretariat):
    section = _first_section()
    gone, kept = section.questions.order_by("position")[:2]
    data = _section_data(
        section,
        **{
            f"q{gone.pk}-label": "Mit omskrevne spørgsmål",
            f"q{gone.pk}-help_text": "Min hjælpetekst til det",
            f"q{kept.pk}-label": "Det andet, også omskrevet",
        },
    )
    editing.question_delete(gone)  # a colleague deletes it meanwhile
    added = editing.question_add(section, label="Kollegaens nye spørgsmål", type="long_text")
    response = secretariat.post(_section_url(), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Spørgsmål, der ikke længere er i trinnet" in html
    assert "Mit omskrevne spørgsmål" in html and "Min hjælpetekst til det" in html
    assert "Det andet, også omskrevet" in html
    # A question added meanwhile shows its saved text, not an empty form with errors.
    forms = {f.instance.pk: f for f in response.context["question_forms"]}
    assert not forms[added.pk].is_bound
    assert "Kollegaens nye spørgsmål" in html
    kept.refresh_from_db()
    assert kept.label != "Det andet, også omskrevet"


# Preview, publish, versions -----------------------------------------------------------------


def test_the_preview_shows_the_draft_and_publishes_nothing(secretariat):
    question = _first_section().questions.first()
    Question.objects.filter(pk=question.pk).update(label="Et helt nyt spørgsmål i kladden")
    count = TemplateVersion.objects.count()
    response = secretariat.get(reverse("agreements:content-preview", args=[KEY, 1]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Forhåndsvisning – ikke offentliggjort" in html
    assert "Et helt nyt spørgsmål i kladden" in html
    assert 'name="go"' not in html  # no button saves anything
    assert "data-warn-unsaved" not in html
    assert TemplateVersion.objects.count() == count
    assert secretariat.get(reverse("agreements:content-preview", args=[KEY, 99])).status_code == 404


def test_the_english_preview_marks_texts_without_english(secretariat):
    section = _first_section()
    question = section.questions.first()
    Question.objects.filter(pk=question.pk).update(label_en="")
    secretariat.cookies["django_language"] = "en"
    html = secretariat.get(reverse("agreements:content-preview", args=[KEY, 1])).content.decode()
    assert f"{question.label} [Danish – no English yet]" in html
    assert "no English translation yet and" in html


def test_publishing_makes_a_new_version_and_agreements_in_progress_keep_theirs(
    secretariat, network, org, start
):
    in_progress = start(network, KEY, org["leader"])
    question = _first_section().questions.first()
    old_label = question.label
    Question.objects.filter(pk=question.pk).update(label="Et skarpere spørgsmål?")

    response = _publish(secretariat)
    html = response.content.decode()
    assert "offentliggjort som version 2" in html
    assert "1 aftale i gang beholder sin ældre version" in html
    version = templating.latest_version(_template())
    assert version.number == 2
    assert version.created_by == org["secretariat"].user
    assert version.created_at is not None

    in_progress.refresh_from_db()
    assert in_progress.template_version.number == 1
    leader_page = _leader_step(org, in_progress)
    assert old_label in leader_page and "Et skarpere spørgsmål?" not in leader_page

    from netvaerk.models import NetworkRole

    from ..factories import NetworkFactory, NetworkRoleFactory

    other = NetworkFactory(name="Andet netværk")
    NetworkRoleFactory(network=other, person=org["participant"], role=NetworkRole.Role.LEADER)
    fresh = start(other, KEY, org["participant"])
    assert fresh.template_version == version


def _leader_step(org, agreement, step=1):
    from django.test import Client

    client = Client()
    client.force_login(org["leader"].user, backend="django.contrib.auth.backends.ModelBackend")
    return client.get(reverse("agreements:step", args=[agreement.pk, step])).content.decode()


def test_publishing_an_unchanged_draft_says_so(secretariat):
    response = _publish(secretariat)
    assert "Intet er ændret siden version 1" in response.content.decode()
    assert _template().versions.count() == 1


def test_publishing_refuses_a_draft_changed_since_the_page_was_shown(secretariat):
    """A colleague saves between my look at the draft and my publish: nothing goes live
    unseen; the page comes back with their change and a button for the draft as it is now."""
    url = reverse("agreements:content-publish", args=[KEY])
    token = secretariat.get(reverse("agreements:content-template", args=[KEY])).context["draft"]
    Section.objects.filter(pk=_first_section().pk).update(title="Kollegaens nye overskrift")
    response = secretariat.post(url, {"draft": token})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Kladden er ændret, siden du så den. Se den igen, før du offentliggør." in html
    assert "Kollegaens nye overskrift" in html
    assert response.context["draft"] != token
    assert _template().versions.count() == 1
    # Without a token (not from the page) nothing is published either.
    response = secretariat.post(url, follow=True)
    assert "Offentliggør fra skabelonens side" in response.content.decode()
    assert _template().versions.count() == 1
    assert "offentliggjort som version 2" in _publish(secretariat).content.decode()


def test_a_template_without_steps_cannot_be_published(secretariat):
    template = _template()
    template.sections.all().delete()
    assert editing.problems(template) == [
        "Skabelonen har ingen trin. Tilføj mindst ét trin, før den offentliggøres."
    ]
    response = _publish(secretariat)
    assert "Skabelonen har ingen trin." in response.content.decode()
    assert template.versions.count() == 1


def test_a_step_without_questions_can_be_published_and_filled_in(secretariat, network, org):
    """A step of guidance only: the leader's step page shows it and saving it works."""
    from agreements import services

    section = _first_section()
    section.questions.all().delete()
    assert editing.problems(_template()) == []
    assert "offentliggjort som version 2" in _publish(secretariat).content.decode()
    agreement, _created = services.agreement_start(
        network=network, template=_template(), leader=org["leader"]
    )
    assert agreement.template_version.number == 2
    from django.test import Client

    client = Client()
    client.force_login(org["leader"].user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("agreements:step", args=[agreement.pk, 1])
    assert client.get(url).status_code == 200
    response = client.post(url, {"lock_version": agreement.lock_version, "go": "next"})
    assert response.status_code == 302


def test_publishing_refuses_colliding_keys_saved_outside_the_editor(secretariat):
    questions = list(Question.objects.filter(section__template__key=KEY)[:2])
    Question.objects.filter(pk=questions[1].pk).update(key=questions[0].key)
    response = _publish(secretariat)
    assert f"To spørgsmål i skabelonen har nøglen «{questions[0].key}»" in (
        response.content.decode()
    )
    assert _template().versions.count() == 1


def test_the_versions_page_compares_two_versions_word_by_word(secretariat, org):
    question = _first_section().questions.first()
    Question.objects.filter(pk=question.pk).update(label="Hvad vil netværket gerne opnå?")
    templating.publish(_template(), by=org["secretariat"].user)
    Question.objects.filter(pk=question.pk).update(label="Hvad vil netværket helst opnå?")
    templating.publish(_template(), by=org["secretariat"].user)
    url = reverse("agreements:content-versions", args=[KEY])
    html = secretariat.get(url).content.decode()  # latest (3) against the one before (2)
    assert "fra version 2 til 3" in html
    assert "gerne</del>" in html and "helst</ins>" in html
    html = secretariat.get(url, {"fra": 1, "til": 3}).content.decode()
    assert "fra version 1 til 3" in html
    assert "Hvad vil netværket helst opnå?" in html
    assert secretariat.get(url, {"fra": "x", "til": "99"}).status_code == 200


def test_publishing_does_not_change_an_agreement_in_progress(network, org, start):
    agreement = start(network, KEY, org["leader"])
    version = agreement.template_version
    Section.objects.filter(template__key=KEY).update(guidance="Ny vejledning")
    templating.publish(_template())
    agreement.refresh_from_db()
    assert agreement.template_version == version
    assert Agreement.objects.get(pk=agreement.pk).template_version.number == 1


@pytest.mark.skipif(shutil.which("java") is None, reason="needs Java to run vnu.jar (make setup)")
def test_the_editor_pages_are_valid_html_also_with_errors_and_in_english(
    secretariat, tmp_path, network, org, start
):
    from ..test_html_validity import VNU

    start(network, KEY, org["leader"])
    section = _first_section()
    question = section.questions.first()
    pages = {
        "list": secretariat.get(reverse("agreements:content-templates")),
        "template": secretariat.get(reverse("agreements:content-template", args=[KEY])),
        "section": secretariat.get(_section_url()),
        "section-errors": secretariat.post(
            _section_url(),
            _section_data(section, **{f"q{question.pk}-label": "", "section-prompts_en": "x"}),
        ),
        "preview": secretariat.get(reverse("agreements:content-preview", args=[KEY, 2])),
        "versions": secretariat.get(reverse("agreements:content-versions", args=[KEY])),
    }
    # The stale pages: a question deleted meanwhile (its typed text shown), a publish refused.
    stale = _section_data(section, **{f"q{question.pk}-help_text": "Skrevet\npå to linjer"})
    token = editing.draft_token(_template())
    editing.question_delete(section.questions.order_by("position").last())
    stale_data = stale | {
        "q999999-label": "Slettet imens",
        "q999999-help_text": "Hjælp",
        "q999999-type": "long_text",
    }
    pages["section-stale"] = secretariat.post(_section_url(), stale_data)
    pages["publish-stale"] = secretariat.post(
        reverse("agreements:content-publish", args=[KEY]), {"draft": token}
    )
    assert "Slettet imens" in pages["section-stale"].content.decode()
    Question.objects.filter(pk=question.pk).update(label="Nyt", label_en="")
    templating.publish(_template())
    pages["versions-compared"] = secretariat.get(reverse("agreements:content-versions", args=[KEY]))
    _english_client = secretariat
    _english_client.cookies["django_language"] = "en"
    pages["preview-en"] = _english_client.get(reverse("agreements:content-preview", args=[KEY, 1]))
    files = []
    for stem, response in pages.items():
        assert response.status_code in (200, 400, 409), stem
        path = tmp_path / f"{stem}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine', '?')}: {m['message']}"
        for m in json.loads(checked.stdout)["messages"]
    ]
    assert errors == [], "\n".join(errors)


def test_the_admin_shows_a_handouts_text_version_read_only(rf, admin_user):
    """The text version a pamphlet was printed from is a record: shown, not changed."""
    from django.contrib import admin

    from agreements.models import PamphletHandout

    model_admin = admin.site._registry[PamphletHandout]
    request = rf.get("/")
    request.user = admin_user
    assert "text_version" in model_admin.get_readonly_fields(request)
    assert "text_version" not in model_admin.get_form(request).base_fields
