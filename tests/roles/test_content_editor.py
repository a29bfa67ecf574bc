"""The secretariat's editor for role descriptions and pamphlet texts: the draft, the preview,
publishing, versions and their comparison, English beside Danish, and bad input."""

import pytest
from django.test import Client
from django.urls import reverse

from roles import pamphlets, versions
from roles.models import Responsibility, RoleDescription, RoleDescriptionVersion

from ..pdftools import pdftext

SLUG = "referenceleder"


def _role():
    return RoleDescription.objects.get(slug=SLUG)


def _url(name, slug=SLUG):
    return reverse(name, args=[slug])


def _form_data(role):
    """The editor's form as a browser would post it, unchanged."""
    from roles.content_forms import draft_hash

    data = {"draft_hash": draft_hash(role), "action": "save"}
    for field in versions.ROLE_TEXTS:
        data[f"role-{field}"] = getattr(role, field)
        data[f"role-{field}_en"] = getattr(role, f"{field}_en")
    items = list(role.responsibilities.order_by("position"))
    data["rows"] = str(len(items))
    for i, item in enumerate(items):
        data[f"r-{i}-text"] = item.text
        data[f"r-{i}-text_en"] = item.text_en
    return data


def _as(persona, org):
    """A client of its own for each persona: several are logged in at once here."""
    client = Client()
    client.force_login(org[persona].user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def secretariat(org):
    client = _as("secretariat", org)
    versions.live_version(_role())  # what users read now is version 1
    return client


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _publish(client, follow=True):
    """Publish as the editor's button does: with the token of the draft the page showed."""
    page = client.get(_url("roles:content-role"))
    token = page.context["publish_hash"]
    html = page.content.decode()
    form = html[html.index('id="offentliggoer"') :]
    assert f'name="draft_hash" value="{token}"' in form[: form.index("</form>")]
    return client.post(_url("roles:content-role-publish"), {"draft_hash": token}, follow=follow)


# -- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["leader", "participant", "reference"])
def test_only_the_secretariat_may_save_or_publish(org, persona):
    client = _as(persona, org)
    role = _role()
    before = role.name
    data = _form_data(role) | {"role-name": "Overtaget"}
    assert client.post(_url("roles:content-role"), data).status_code == 403
    assert client.post(_url("roles:content-role-publish")).status_code == 403
    assert client.get(_url("roles:content-role-preview-pdf")).status_code == 403
    assert _role().name == before
    assert not RoleDescriptionVersion.objects.filter(role=role, number__gt=1).exists()


def test_the_list_shows_live_version_unpublished_changes_and_missing_english(secretariat):
    html = secretariat.get(reverse("roles:content-roles")).content.decode()
    assert _url("roles:content-role") in html
    assert "Version 1" in html
    assert "Ikke offentliggjorte ændringer" not in html
    role = _role()
    role.summary = "En ændret kort beskrivelse."
    role.save()
    html = secretariat.get(reverse("roles:content-roles")).content.decode()
    assert "Ikke offentliggjorte ændringer" in html


# -- editing ----------------------------------------------------------------------------------


def test_the_editor_shows_danish_and_english_side_by_side(secretariat):
    html = secretariat.get(_url("roles:content-role")).content.decode()
    for label in [
        "Navn (dansk)",
        "Navn (engelsk)",
        "Det taler I om (dansk)",
        "Det taler I om (engelsk)",
    ]:
        assert label in html
    assert "Ansvarspunkt 1 (dansk)" in html and "Ansvarspunkt 1 (engelsk)" in html
    role = _role()
    if versions.missing_english_count(role):
        assert "Mangler engelsk" in html
    assert 'name="role-name_en"' in html and 'name="r-0-text_en"' in html


def test_the_editor_marks_each_text_without_english(secretariat):
    role = _role()
    RoleDescription.objects.filter(pk=role.pk).update(name_en="Reference leader", summary_en="")
    Responsibility.objects.filter(role=role).update(text_en="")
    role = _role()
    html = secretariat.get(_url("roles:content-role")).content.decode()
    missing = versions.missing_english_count(role)
    assert missing >= 1 + role.responsibilities.count()
    assert html.count("missing-english") == missing


def test_saving_changes_the_draft_but_not_the_role_page(secretariat, org):
    role = _role()
    old_summary = role.summary
    data = _form_data(role) | {"role-summary": "Kladdens nye korte beskrivelse."}
    response = secretariat.post(_url("roles:content-role"), data)
    assert response.status_code == 302
    assert _role().summary == "Kladdens nye korte beskrivelse."
    page = _as("participant", org).get(_url("roles:role-detail")).content.decode()
    assert old_summary in page and "Kladdens nye korte beskrivelse." not in page
    preview = secretariat.get(_url("roles:content-role-preview")).content.decode()
    assert "Forhåndsvisning – ikke offentliggjort" in preview
    assert "Kladdens nye korte beskrivelse." in preview
    assert "Forhåndsvisning" not in page


def test_moving_deleting_and_adding_responsibilities(secretariat):
    role = _role()
    first, second, third = [r.text for r in role.responsibilities.order_by("position")[:3]]
    count = role.responsibilities.count()
    response = secretariat.post(_url("roles:content-role"), _form_data(role) | {"action": "up-1"})
    assert response.status_code == 302
    texts = list(role.responsibilities.order_by("position").values_list("text", flat=True))
    assert texts[:3] == [second, first, third]
    response = secretariat.post(_url("roles:content-role"), _form_data(role) | {"action": "down-0"})
    texts = list(role.responsibilities.order_by("position").values_list("text", flat=True))
    assert texts[:3] == [first, second, third]
    response = secretariat.post(
        _url("roles:content-role"), _form_data(role) | {"action": "delete-1"}
    )
    texts = list(role.responsibilities.order_by("position").values_list("text", flat=True))
    assert len(texts) == count - 1 and second not in texts
    assert list(role.responsibilities.values_list("position", flat=True)) == list(range(1, count))
    # Adding shows an empty row without saving; what was typed stays in the fields.
    data = _form_data(role) | {"action": "add", "role-summary": "Skrevet, ikke gemt."}
    response = secretariat.post(_url("roles:content-role"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skrevet, ikke gemt." in html
    assert f'name="r-{count - 1}-text"' in html
    assert f"Ansvarspunkt {count} (dansk)" in html
    assert _role().summary != "Skrevet, ikke gemt."
    # The new row filled in and saved; an empty row is dropped.
    data = _form_data(role) | {
        "rows": str(count + 1),
        f"r-{count - 1}-text": "Et nyt ansvarspunkt.",
        f"r-{count - 1}-text_en": "A new responsibility.",
        f"r-{count}-text": "",
        f"r-{count}-text_en": "",
    }
    response = secretariat.post(_url("roles:content-role"), data, follow=True)
    assert "1 tom række er fjernet" in response.content.decode()
    last = role.responsibilities.order_by("position").last()
    assert (last.position, last.text, last.text_en) == (
        count,
        "Et nyt ansvarspunkt.",
        "A new responsibility.",
    )


# -- publishing -------------------------------------------------------------------------------


def test_publishing_makes_a_new_version_with_who_and_when(secretariat, org):
    role = _role()
    role.summary = "Ny kort beskrivelse til version 2."
    role.save()
    response = _publish(secretariat)
    assert "Version 2 er offentliggjort" in response.content.decode()
    version = versions.live_version(role)
    assert version.number == 2
    assert version.created_by == org["secretariat"].user
    assert version.created_at is not None
    assert version.content["summary"] == "Ny kort beskrivelse til version 2."
    assert pamphlets.live_version(role) == version
    again = _publish(secretariat)
    assert "Intet at offentliggøre" in again.content.decode()
    assert role.versions.count() == 2


def test_an_english_only_change_keeps_the_version_number(secretariat, org):
    role = _role()
    role.summary_en = "The reference leader backs the network."
    role.save()
    response = _publish(secretariat)
    assert "kun den engelske oversættelse af version 1" in response.content.decode()
    version = versions.live_version(role)
    assert version.number == 1 and version.translated_at is not None
    assert role.versions.count() == 1
    page = _english(_as("participant", org)).get(_url("roles:role-detail")).content.decode()
    assert "The reference leader backs the network." in page


def test_the_pamphlet_changes_only_when_published(secretariat, org):
    client = _as("participant", org)
    url = reverse("roles:pamphlet-pdf", args=[SLUG, "a4"])
    before = pdftext(client.get(url).content)
    role = _role()
    data = _form_data(role) | {"role-talk_topics": "Et helt nyt emne for samtalen i pjecen."}
    assert secretariat.post(_url("roles:content-role"), data).status_code == 302
    assert "Et helt nyt emne" not in pdftext(client.get(url).content)
    preview = secretariat.get(_url("roles:content-role-preview-pdf"))
    assert preview["Content-Type"] == "application/pdf"
    preview_text = pdftext(preview.content)
    assert "Et helt nyt emne" in preview_text and "Forhåndsvisning" in preview_text
    assert "Tekstversion 1" in before
    _publish(secretariat, follow=False)
    after = client.get(url)
    assert after["X-PDF-Cache"] == "miss"
    text = pdftext(after.content)
    assert "Et helt nyt emne" in text and "Tekstversion 2" in text


def test_the_pamphlet_is_printed_in_english_from_the_version(secretariat, org):
    role = _role()
    role.name_en = "Reference leader"
    role.introduction_en = "You are the network's reference leader in English."
    role.save()
    versions.publish(role)
    client = _english(_as("participant", org))
    text = pdftext(client.get(reverse("roles:pamphlet-pdf", args=[SLUG, "a4"])).content)
    assert "You are the network's reference leader in English." in " ".join(text.split())
    danish = _as("leader", org).get(reverse("roles:pamphlet-pdf", args=[SLUG, "a4"]))
    assert "You are the network" not in pdftext(danish.content)


def test_the_preview_pdf_is_only_for_roles_with_pamphlets(secretariat):
    assert (
        secretariat.get(_url("roles:content-role-preview-pdf", "sekretariatet")).status_code == 404
    )


def test_cache_variants_name_the_version_and_the_language(secretariat):
    from django.utils import translation

    role = _role()
    with translation.override("en"):
        assert pamphlets.cache_variant(role, "a4") == "a4|v1|en"
    with translation.override("da"):
        assert pamphlets.cache_variant(role, "a4") == "a4|v1|da"
        assert "preview" in pamphlets.cache_variant(role, "a4", preview=True)


# -- English and its fallback -----------------------------------------------------------------


def test_the_english_role_page_shows_the_english_texts(org):
    role = _role()
    role.name_en = "Reference leader"
    role.summary_en = "Backs the network from the top."
    role.introduction_en = "The introduction in English."
    role.save()
    role.responsibilities.filter(position=1).update(text_en="First duty in English.")
    versions.publish(role)
    client = _english(_as("participant", org))
    html = client.get(_url("roles:role-detail")).content.decode()
    for text in ["Backs the network from the top.", "The introduction in English.", "First duty"]:
        assert text in html
    listing = client.get(reverse("roles:role-list")).content.decode()
    assert "Reference leader" in listing


def test_missing_english_is_marked_for_the_secretariat_only(secretariat, org):
    role = _role()
    RoleDescription.objects.filter(pk=role.pk).update(summary_en="", introduction_en="")
    versions.publish(_role())
    missing = len(versions.live_version(role).missing_english())
    assert missing >= 2
    page = _english(secretariat).get(_url("roles:role-detail")).content.decode()
    assert "Missing English" in page
    assert f"{missing} texts on the page are shown in Danish" in page
    assert _url("roles:content-role") in page
    other = _english(_as("participant", org)).get(_url("roles:role-detail")).content.decode()
    assert "Missing English" not in other
    danish = _as("secretariat", org).get(_url("roles:role-detail")).content.decode()
    assert "Mangler engelsk" not in danish


def test_competences_show_in_the_active_language(org):
    from roles.models import Competence

    Competence.objects.filter(position=1).update(name_en="Strategic overview")
    client = _english(_as("participant", org))
    html = client.get(reverse("roles:role-detail", args=["netvaerksleder"])).content.decode()
    assert "Strategic overview" in html
    danish = _as("leader", org).get(reverse("roles:role-detail", args=["netvaerksleder"]))
    assert "Strategic overview" not in danish.content.decode()


# -- versions ---------------------------------------------------------------------------------


def test_the_comparison_shows_word_changes(secretariat):
    role = _role()
    role.summary = "Referencelederen støtter netværket fra direktionen."
    role.save()
    versions.publish(role)
    role.summary = "Referencelederen bakker netværket op fra direktionen."
    role.save()
    _publish(secretariat, follow=False)
    html = secretariat.get(_url("roles:content-role-versions")).content.decode()
    assert "Rikke Dalgaard" in html
    assert '<del class="diff">' in html and "støtter" in html
    assert '<ins class="diff">' in html and "bakker" in html
    chosen = secretariat.get(_url("roles:content-role-versions") + "?fra=1&til=3")
    assert chosen.status_code == 200
    assert chosen.context["old"].number == 1 and chosen.context["new"].number == 3
    same = secretariat.get(_url("roles:content-role-versions") + "?fra=2&til=2")
    assert "Vælg to forskellige versioner." in same.content.decode()
    wrong = secretariat.get(_url("roles:content-role-versions") + "?fra=x&til=99")
    assert wrong.status_code == 200
    # Odd numbers (core.bounds.parse_id): the defaults, the latest against the one before.
    for odd in ("²", "-1", "0", "9" * 30, "1.0", "٣"):
        odd_page = secretariat.get(_url("roles:content-role-versions"), {"fra": odd, "til": odd})
        assert odd_page.status_code == 200, odd
        assert (odd_page.context["old"].number, odd_page.context["new"].number) == (2, 3)


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("role-name", "", "Skriv rollens navn."),
        ("role-summary", "  ", "Skriv en kort beskrivelse af rollen."),
        ("role-introduction", "", "Skriv en introduktion til rollen."),
        ("role-summary", "x" * 301, "højst være 300 tegn"),
        ("role-name_en", "y" * 101, "højst være 100 tegn"),
        ("role-introduction", "z" * 20001, "højst være 20000 tegn"),
    ],
)
def test_bad_texts_are_refused_in_danish_and_the_typing_is_kept(secretariat, field, value, message):
    role = _role()
    before = versions.snapshot(role)
    typed = "Denne tekst må ikke gå tabt."
    data = _form_data(role) | {field: value, "role-talk_topics": typed}
    response = secretariat.post(_url("roles:content-role"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Kladden er ikke gemt" in html
    assert typed in html
    assert versions.snapshot(_role()) == before


def test_a_responsibility_with_only_english_is_refused(secretariat):
    role = _role()
    data = _form_data(role) | {"r-0-text": "", "r-0-text_en": "Only English."}
    response = secretariat.post(_url("roles:content-role"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv den danske tekst" in html and "Only English." in html


def test_a_stale_draft_is_not_saved_over_a_newer_one(secretariat):
    role = _role()
    data = _form_data(role) | {"role-summary": "Min ændring."}
    role.summary = "En andens ændring imens."
    role.save()
    response = secretariat.post(_url("roles:content-role"), data)
    assert response.status_code == 409
    assert "Min ændring." in response.content.decode()
    assert _role().summary == "En andens ændring imens."


def test_publishing_refuses_a_draft_changed_since_the_page_was_shown(secretariat):
    """A colleague saves between my look at the draft and my publish: nothing goes live
    unseen; the editor comes back with their change and a button for the draft as it is."""
    role = _role()
    token = secretariat.get(_url("roles:content-role")).context["publish_hash"]
    role.summary = "Kollegaens nye korte beskrivelse."
    role.save()
    response = secretariat.post(_url("roles:content-role-publish"), {"draft_hash": token})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Kladden er ændret, siden du så den. Se den igen, før du offentliggør." in html
    assert "Kollegaens nye korte beskrivelse." in html
    assert response.context["publish_hash"] != token
    assert role.versions.count() == 1
    # Without a token (not from the page) nothing is published either.
    response = secretariat.post(_url("roles:content-role-publish"), follow=True)
    assert "Offentliggør fra redigeringssiden" in response.content.decode()
    assert role.versions.count() == 1
    assert "Version 2 er offentliggjort" in _publish(secretariat).content.decode()


def test_many_responsibilities_are_all_saved_and_too_many_refused_in_words(secretariat):
    """More than the old cut-off of 60 rows: every one is kept. Past the editor's bound the
    save is refused with a message, never cut short."""
    from roles.content_forms import ROWS_MAX

    role = _role()
    data = _form_data(role)
    count = 75
    data["rows"] = str(count)
    for i in range(count):
        data[f"r-{i}-text"] = f"Ansvarspunkt nummer {i + 1}."
        data[f"r-{i}-text_en"] = ""
    assert secretariat.post(_url("roles:content-role"), data).status_code == 302
    texts = list(role.responsibilities.order_by("position").values_list("text", flat=True))
    assert len(texts) == count and texts[-1] == "Ansvarspunkt nummer 75."
    # The page shows all of them, and a save from it keeps all of them.
    page = secretariat.get(_url("roles:content-role")).content.decode()
    assert 'name="rows" value="75"' in page and "Ansvarspunkt nummer 75." in page
    assert secretariat.post(_url("roles:content-role"), _form_data(_role())).status_code == 302
    assert role.responsibilities.count() == count
    # Posted rows past the bound: refused, nothing saved.
    data = _form_data(_role()) | {"rows": str(ROWS_MAX + 1), "role-summary": "Ikke gemt."}
    response = secretariat.post(_url("roles:content-role"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Siden sendte {ROWS_MAX + 1} ansvarspunkter, men der kan højst være {ROWS_MAX}" in html
    assert "Ikke gemt." in html
    assert _role().summary != "Ikke gemt."
    assert role.responsibilities.count() == count


def test_adding_a_row_past_the_bound_is_refused_in_words(secretariat, monkeypatch):
    from roles import content_forms

    monkeypatch.setattr(content_forms, "ROWS_MAX", 3)
    role = _role()
    role.responsibilities.all().delete()
    for i in range(1, 4):
        Responsibility.objects.create(role=role, position=i, text=f"Punkt {i}")
    data = _form_data(_role()) | {"action": "add", "role-summary": "Skrevet før tilføj."}
    response = secretariat.post(_url("roles:content-role"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Der kan højst være 3 ansvarspunkter i en rollebeskrivelse." in html
    assert "Skrevet før tilføj." in html
    assert 'name="rows" value="3"' in html


def test_the_data_migration_and_loading_publish_every_role(db):
    """The data migration publishes version 1 exactly as `versions.publish` would, so the
    command that publishes after loading the catalogue finds nothing new."""
    from importlib import import_module

    from django.apps import apps
    from django.core.management import call_command

    call_command("loaddata", "catalogue", verbosity=0)
    assert not RoleDescriptionVersion.objects.exists()
    import_module("roles.migrations.0008_publish_role_descriptions").publish_existing(apps, None)
    call_command("publish_roles", verbosity=0)
    for role in RoleDescription.objects.all():
        assert list(role.versions.values_list("number", flat=True)) == [1]
        assert not versions.is_draft_changed(role)
