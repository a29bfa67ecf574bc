"""The secretariat's editor for process descriptions: drafts, preview, publishing, versions,
English beside Danish, and the plans that keep the version they were made from."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from netvaerk import processes, services
from netvaerk.models import Network, NetworkPlan, Phase, PlanStep, ProcessTemplate, ProcessVersion
from netvaerk.process_editor import next_monday

from ..factories import NetworkFactory

pytestmark = pytest.mark.django_db

TYPE = "velfaerd"


def _url(name, network_type=TYPE):
    return reverse(f"netvaerk:{name}", args=[network_type])


def _template():
    return ProcessTemplate.objects.get(network_type=TYPE)


def _form_data(client, network_type=TYPE):
    """What the editor's form posts when nothing is changed: read from the page itself."""
    template = ProcessTemplate.objects.get(network_type=network_type)
    response = client.get(_url("content-process", network_type))
    assert response.status_code == 200
    data = {"draft": response.context["draft_token"]}
    form = response.context["text_form"]
    for name in form.fields:
        value = form[name].value()
        if name == "open_ended":
            if value:
                data[f"forloeb-{name}"] = "on"
            continue
        data[f"forloeb-{name}"] = "" if value is None else value
    for step in template.steps.order_by("position"):
        prefix = f"trin-{step.pk}"
        data.update(
            {
                f"{prefix}-kind": step.kind,
                f"{prefix}-phase": step.phase_id or "",
                f"{prefix}-title": step.title,
                f"{prefix}-title_en": step.title_en,
                f"{prefix}-content": step.content,
                f"{prefix}-content_en": step.content_en,
                f"{prefix}-weeks": step.weeks,
                f"{prefix}-leader_hours": str(step.leader_hours).replace(".", ","),
                f"{prefix}-co_driver_hours": str(step.co_driver_hours).replace(".", ","),
                f"{prefix}-participant_hours": str(step.participant_hours).replace(".", ","),
            }
        )
    data.update(
        {
            "nyt-kind": "work",
            "nyt-phase": "",
            "nyt-title": "",
            "nyt-title_en": "",
            "nyt-content": "",
            "nyt-content_en": "",
            "nyt-weeks": "4",
            "nyt-leader_hours": "0",
            "nyt-co_driver_hours": "0",
            "nyt-participant_hours": "0",
        }
    )
    return data


def _first_step():
    return _template().steps.order_by("position").first()


def _publish(client, network_type=TYPE):
    """Publish as the preview's button does: with the token of the draft the preview showed."""
    preview = client.get(_url("content-process-preview", network_type))
    token = preview.context["draft_token"]
    assert f'name="draft" value="{token}"' in preview.content.decode()
    return client.post(_url("content-process-publish", network_type), {"draft": token}, follow=True)


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


# -- who may edit --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["leader", "participant", "reference", "outsider"])
def test_only_the_secretariat_edits_process_descriptions(org, login, catalogue, persona):
    client = login(persona, org)
    for name in ("content-process", "content-process-preview", "content-process-versions"):
        assert client.get(_url(name)).status_code == 403
    assert client.get(reverse("netvaerk:content-processes")).status_code == 403
    assert client.post(_url("content-process"), {"action": "save"}).status_code == 403
    assert client.post(_url("content-process-publish")).status_code == 403
    assert ProcessVersion.objects.filter(template=_template(), number__gt=1).count() == 0


def test_an_unknown_network_type_is_404(org, login, catalogue):
    client = login("secretariat", org)
    assert client.get(_url("content-process", "findes-ikke")).status_code == 404


def test_the_list_shows_live_version_changes_and_missing_english(org, login, catalogue):
    client = login("secretariat", org)
    processes.publish_all()
    template = _template()
    template.name = "Ny titel"
    template.save()
    response = client.get(reverse("netvaerk:content-processes"))
    rows = {r["template"].network_type: r for r in response.context["rows"]}
    assert rows[TYPE]["changed"] is True
    assert rows["innovation"]["changed"] is False
    assert rows[TYPE]["live"].number == 1
    assert rows[TYPE]["missing"] > 0 or template.name_en
    assert "Ikke offentliggjorte ændringer" in response.content.decode()


# -- editing ---------------------------------------------------------------------------------


def test_saving_the_draft_changes_the_rows_but_nothing_live(org, login, catalogue, network, plan):
    client = login("secretariat", org)
    version = plan.process_version
    step = _first_step()
    data = _form_data(client)
    data[f"trin-{step.pk}-title"] = "Opstart med nyt navn"
    data[f"trin-{step.pk}-title_en"] = "Start-up, renamed"
    data[f"trin-{step.pk}-leader_hours"] = "6,5"
    data["action"] = "save"
    response = client.post(_url("content-process"), data)
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.title, step.title_en, step.leader_hours) == (
        "Opstart med nyt navn",
        "Start-up, renamed",
        Decimal("6.5"),
    )
    # The draft is not live: the process page and new plans still use version 1.
    assert ProcessVersion.objects.filter(template=step.template).count() == 1
    page = client.get(reverse("netvaerk:process-detail", args=[TYPE])).content.decode()
    assert "Opstart med nyt navn" not in page
    assert processes.is_draft_changed(step.template)
    plan.refresh_from_db()
    assert plan.process_version == version


def test_moving_a_step_down_and_up_keeps_every_text(org, login, catalogue):
    client = login("secretariat", org)
    first, second = list(_template().steps.order_by("position"))[:2]
    data = _form_data(client)
    data[f"trin-{second.pk}-content_en"] = "Typed while moving"
    data["action"] = f"down:{first.pk}"
    assert client.post(_url("content-process"), data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (2, 1)
    assert second.content_en == "Typed while moving"
    data = _form_data(client)
    data["action"] = f"up:{first.pk}"
    client.post(_url("content-process"), data)
    first.refresh_from_db()
    assert first.position == 1
    positions = list(_template().steps.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))


def test_adding_and_deleting_steps(org, login, catalogue):
    client = login("secretariat", org)
    template = _template()
    count = template.steps.count()
    data = _form_data(client)
    data.update(
        {
            "nyt-kind": "break",
            "nyt-title": "Ekstra pause",
            "nyt-weeks": "2",
            "action": "add",
        }
    )
    assert client.post(_url("content-process"), data).status_code == 302
    added = template.steps.get(title="Ekstra pause")
    assert added.position == count + 1 and added.kind == "break" and added.phase is None
    data = _form_data(client)
    first = _first_step()
    data["action"] = f"delete:{first.pk}"
    client.post(_url("content-process"), data)
    assert not template.steps.filter(pk=first.pk).exists()
    positions = list(template.steps.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, count + 1))


def test_the_last_step_cannot_be_deleted(org, login, catalogue):
    client = login("secretariat", org)
    template = _template()
    keep = template.steps.order_by("position").first()
    template.steps.exclude(pk=keep.pk).delete()
    data = _form_data(client)
    data["action"] = f"delete:{keep.pk}"
    response = client.post(_url("content-process"), data)
    assert response.status_code == 400
    assert "mindst ét trin" in response.content.decode()
    assert template.steps.filter(pk=keep.pk).exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("weeks", "0", "mellem 1 og 104"),
        ("leader_hours", "-2", "mellem 0 og 40"),
        ("co_driver_hours", "41", "mellem 0 og 40"),
        ("title", "", "Trinnet skal have en titel."),
    ],
)
def test_bad_input_is_refused_in_danish_and_keeps_what_was_typed(
    org, login, catalogue, field, value, message
):
    client = login("secretariat", org)
    step, other = list(_template().steps.order_by("position"))[:2]
    before = (step.title, step.weeks, step.leader_hours, step.co_driver_hours)
    data = _form_data(client)
    data[f"trin-{step.pk}-{field}"] = value
    data[f"trin-{other.pk}-content"] = "Tekst, der ikke må gå tabt"
    data["forloeb-description_en"] = "An English description typed just now"
    data["action"] = "save"
    response = client.post(_url("content-process"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Tekst, der ikke må gå tabt" in html
    assert "An English description typed just now" in html
    step.refresh_from_db()
    other.refresh_from_db()
    assert (step.title, step.weeks, step.leader_hours, step.co_driver_hours) == before
    assert other.content != "Tekst, der ikke må gå tabt"


def test_a_work_step_needs_a_phase_and_a_new_step_a_title(org, login, catalogue):
    client = login("secretariat", org)
    step = _first_step()
    data = _form_data(client)
    data[f"trin-{step.pk}-phase"] = ""
    response = client.post(_url("content-process"), data | {"action": "save"})
    assert response.status_code == 400
    assert "Vælg en fase" in response.content.decode()
    data = _form_data(client)
    response = client.post(_url("content-process"), data | {"action": "add", "nyt-weeks": "3"})
    assert response.status_code == 400
    assert "Trinnet skal have en titel." in response.content.decode()


def test_a_stale_draft_is_refused_with_the_text_kept(org, login, catalogue):
    client = login("secretariat", org)
    data = _form_data(client)
    template = _template()
    template.description = "Ændret af en kollega imens"
    template.save()
    data["forloeb-name"] = "Mit nye navn"
    response = client.post(_url("content-process"), data | {"action": "save"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "ændret af en anden" in html and "Mit nye navn" in html
    template.refresh_from_db()
    assert template.name != "Mit nye navn"


def test_a_refusal_while_saving_keeps_what_was_typed(org, login, catalogue, monkeypatch):
    """A rule only the model knows (ValidationError inside the save) rolls back everything and
    shows the page again with the text typed, not a redirect that loses it."""
    from django.core.exceptions import ValidationError

    from netvaerk.models import ProcessStep

    client = login("secretariat", org)
    step = _first_step()
    data = _form_data(client)
    data[f"trin-{step.pk}-content"] = "Tekst, der ikke må gå tabt"
    data |= {"nyt-title": "Et nyt trin", "nyt-phase": step.phase_id, "action": "add"}

    def refuse(self, *args, **kwargs):
        raise ValidationError("Trinnet kan ikke gemmes sådan.")

    monkeypatch.setattr(ProcessStep, "full_clean", refuse)
    response = client.post(_url("content-process"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trinnet kan ikke gemmes sådan." in html
    assert "Tekst, der ikke må gå tabt" in html and "Et nyt trin" in html
    step.refresh_from_db()
    assert step.content != "Tekst, der ikke må gå tabt"  # rolled back
    assert not _template().steps.filter(title="Et nyt trin").exists()
    # The page's token is the saved draft's, not the typed one's: saving again works.
    monkeypatch.undo()
    assert response.context["draft_token"] == data["draft"]
    assert client.post(_url("content-process"), data).status_code == 302
    step.refresh_from_db()
    assert step.content == "Tekst, der ikke må gå tabt"


def test_the_editor_marks_texts_without_english(org, login, catalogue):
    client = login("secretariat", org)
    template = _template()
    template.name_en = ""
    template.save()
    response = client.get(_url("content-process"))
    assert "Mangler engelsk" in response.content.decode()
    assert any(missing for _da, _en, missing in response.context["texts"])


# -- preview -----------------------------------------------------------------------------------


def test_the_preview_shows_the_drafts_schedule_and_publishes_nothing(org, login, catalogue):
    client = login("secretariat", org)
    processes.publish_all()
    step = _first_step()
    step.title = "Kladdens første trin"
    step.weeks = 10
    step.save()
    response = client.get(_url("content-process-preview") + "?start=2027-01-04")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Forhåndsvisning – ikke offentliggjort" in html
    assert "Kladdens første trin" in html
    scheduled = response.context["scheduled"]
    assert scheduled[0].starts_on == datetime.date(2027, 1, 4)
    assert scheduled[0].ends_on == datetime.date(2027, 3, 14)  # ten weeks
    assert ProcessVersion.objects.filter(template=step.template).count() == 1
    assert not NetworkPlan.objects.exists()


def test_the_preview_starts_next_monday_by_default_and_refuses_a_bad_date(org, login, catalogue):
    client = login("secretariat", org)
    response = client.get(_url("content-process-preview"))
    from django.utils import timezone

    monday = next_monday(timezone.localdate())
    assert monday.weekday() == 0 and monday > timezone.localdate()
    assert response.context["scheduled"][0].starts_on == monday
    response = client.get(_url("content-process-preview") + "?start=9999-01-01")
    assert response.status_code == 200
    assert response.context["start_error"]
    assert response.context["scheduled"][0].starts_on == monday


# -- publishing ------------------------------------------------------------------------------


def test_publishing_makes_a_version_with_who_and_when(org, login, catalogue, network, plan):
    client = login("secretariat", org)
    template = _template()
    old_steps = list(plan.steps.values_list("title", "weeks"))
    step = _first_step()
    step.title = "Opstart, version 2"
    step.weeks = 6
    step.save()
    response = _publish(client)
    html = response.content.decode()
    assert "Version 2 er offentliggjort" in html
    assert "1 eksisterende plan beholder" in html
    version = template.versions.get(number=2)
    assert version.created_by == org["secretariat"].user
    assert version.created_at is not None
    assert version.content["steps"][0]["title"] == "Opstart, version 2"
    assert version.content["steps"][0]["weeks"] == 6
    # The existing plan keeps its version and its steps.
    plan.refresh_from_db()
    assert plan.process_version.number == 1
    assert list(plan.steps.values_list("title", "weeks")) == old_steps
    # A new network's plan is made from version 2.
    other = NetworkFactory(type=Network.Type.WELFARE)
    new_plan = services.plan_create(
        network=other, template=template, starts_on=datetime.date(2027, 1, 4)
    )
    assert new_plan.process_version == version
    first = new_plan.steps.order_by("position").first()
    assert (first.title, first.weeks) == ("Opstart, version 2", 6)
    # The old plan's page says which version it was made from.
    page = client.get(reverse("netvaerk:plan", args=[network.slug])).content.decode()
    assert "version 1" in page


def test_the_plan_page_names_the_version_it_was_made_from(org, login, catalogue, network, plan):
    """The plan says "made from <name>, version N" with the version's own name, in the
    reader's language: not the draft's name, which the secretariat may have changed."""
    version = plan.process_version
    template = _template()
    template.name = "Et nyt navn i kladden"
    template.name_en = "A new name in the draft"
    template.save()
    url = reverse("netvaerk:plan", args=[network.slug])
    page = login("leader", org).get(url).content.decode()
    assert f"Lavet ud fra {version.content['name']}, version 1" in page
    assert "Et nyt navn i kladden" not in page
    english = version.localized("en")["name"]
    client = login("leader", org)
    _english(client)
    page = client.get(url).content.decode()
    assert english in page and "A new name in the draft" not in page


def test_an_english_only_change_keeps_the_version_number(org, login, catalogue):
    client = login("secretariat", org)
    processes.publish_all()
    template = _template()
    step = _first_step()
    step.title_en = "Getting started"
    step.save()
    response = _publish(client)
    assert "Kun den engelske tekst" in response.content.decode()
    assert template.versions.count() == 1
    version = template.versions.get()
    assert version.translations["en"]["steps"][0]["title"] == "Getting started"
    assert version.translated_at is not None
    response = _publish(client)
    assert "Intet er ændret" in response.content.decode()


def test_the_editor_can_save_and_publish_in_one_go(org, login, catalogue):
    client = login("secretariat", org)
    processes.publish_all()
    data = _form_data(client)
    data["forloeb-name"] = "Velfærdsforløbet, nyt navn"
    response = client.post(_url("content-process"), data | {"action": "publish"}, follow=True)
    assert "Version 2 er offentliggjort" in response.content.decode()
    assert _template().versions.first().content["name"] == "Velfærdsforløbet, nyt navn"


def test_a_description_without_steps_cannot_be_published(org, login, catalogue):
    client = login("secretariat", org)
    processes.publish_all()
    template = _template()
    template.steps.all().delete()
    response = _publish(client)
    assert "mindst ét trin" in response.content.decode()
    assert template.versions.count() == 1


def test_publishing_refuses_a_draft_changed_since_the_preview(org, login, catalogue):
    """A colleague saves between my preview and my publish: nothing goes live unseen; the
    preview comes back with their change and a button for the draft as it is now."""
    client = login("secretariat", org)
    processes.publish_all()
    template = _template()
    token = client.get(_url("content-process-preview")).context["draft_token"]
    step = _first_step()
    step.title = "Kollegaens nye titel"
    step.save()
    response = client.post(_url("content-process-publish"), {"draft": token})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Kladden er ændret, siden du så den. Se den igen, før du offentliggør." in html
    assert "Kollegaens nye titel" in html
    assert response.context["draft_token"] != token
    assert template.versions.count() == 1
    # Without a token (not from the preview) nothing is published either.
    response = client.post(_url("content-process-publish"), follow=True)
    assert "Offentliggør fra forhåndsvisningen" in response.content.decode()
    assert template.versions.count() == 1
    # From the preview as it is now, it is published.
    assert "Version 2 er offentliggjort" in _publish(client).content.decode()


def test_plan_steps_get_their_english_from_the_version(org, catalogue, network):
    template = _template()
    step = _first_step()
    step.title_en = "Getting started"
    step.content_en = "The leader gets going."
    step.save()
    plan = services.plan_create(
        network=network, template=template, starts_on=datetime.date(2026, 9, 7)
    )
    first = plan.steps.order_by("position").first()
    assert (first.title_en, first.content_en) == ("Getting started", "The leader gets going.")


# -- English pages and phase names --------------------------------------------------------


def test_the_process_page_and_plan_in_english(org, login, catalogue, network):
    phase = Phase.objects.get(number=1)
    phase.name_en = "Network start-up"
    phase.save()
    template = _template()
    template.name_en = "Welfare process"
    template.save()
    step = _first_step()
    step.title_en = "Getting started"
    step.save()
    processes.publish(template)
    services.plan_create(network=network, template=template, starts_on=datetime.date(2026, 9, 7))
    client = login("leader", org)
    _english(client)
    html = client.get(reverse("netvaerk:process-detail", args=[TYPE])).content.decode()
    assert "Welfare process" in html and "Getting started" in html
    assert "Network start-up" in html
    html = client.get(reverse("netvaerk:plan", args=[network.slug])).content.decode()
    assert "Getting started" in html and "Network start-up" in html
    # No mark for others than the secretariat.
    assert "Mangler engelsk" not in html


def test_phase_names_follow_the_language_and_stored_values_stay_danish(org, login, network):
    phase = Phase.objects.get(number=2)
    phase.name_en = "Network design"
    phase.save()
    services.network_phase_change(network=network, phase=phase, by=org["leader"])
    client = login("leader", org)
    _english(client)
    html = client.get(network.get_absolute_url()).content.decode()
    assert "Network design" in html
    phase.refresh_from_db()
    assert phase.name == "Netværksdesign"


def test_the_secretariat_sees_a_mark_where_english_is_missing(org, login, catalogue):
    template = _template()
    template.name_en = ""
    template.save()
    processes.publish(template)
    client = login("secretariat", org)
    _english(client)
    response = client.get(reverse("netvaerk:process-detail", args=[TYPE]))
    html = response.content.decode()
    assert response.context["missing_english"]
    assert "Missing English" in html
    assert _url("content-process") in html
    html = client.get(reverse("netvaerk:process-list")).content.decode()
    assert "Missing English" in html
    # In Danish there is nothing to mark.
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    response = client.get(reverse("netvaerk:process-detail", args=[TYPE]))
    assert not response.context["missing_english"]


# -- versions and comparing ---------------------------------------------------------------


def test_versions_are_compared_word_by_word(org, login, catalogue):
    client = login("secretariat", org)
    processes.publish_all()
    template = _template()
    step = _first_step()
    step.title = step.title + " og mandat"
    step.weeks = 5
    step.save()
    processes.publish(template, by=org["secretariat"].user)
    response = client.get(_url("content-process-versions"))
    assert response.status_code == 200
    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    labels = {c.label: c for c in response.context["changes"]}
    assert "Trin 1: titel" in labels
    segments = labels["Trin 1: titel"].segments
    assert any(op == "ins" and "mandat" in text for op, text in segments)
    assert not any(op == "del" for op, _text in segments)
    assert "Uger: 5" in labels["Trin 1: tid og timer"].new
    html = response.content.decode()
    assert "<ins" in html and "<del" in html
    # Choosing the same version twice shows no changes.
    response = client.get(_url("content-process-versions") + "?fra=2&til=2")
    assert response.context["changes"] == []
    # Numbers no version has, or no number at all: the defaults (core.bounds.parse_id).
    for odd in ("²", "-1", "0", "9" * 30, "1.0"):
        response = client.get(_url("content-process-versions"), {"fra": odd, "til": odd})
        assert response.status_code == 200, odd
        assert (response.context["old"].number, response.context["new"].number) == (1, 2)


def test_a_step_kind_and_hours_are_in_the_comparison(catalogue):
    danish, _translations = processes.snapshot(_template())
    text = processes.step_numbers(danish["steps"][0])
    assert "Uger: 4" in text and "netværksleder 4,0 t" in text


def test_the_data_migration_shape_matches_the_snapshot(catalogue):
    """The migration writes version 1 with the same fields the editor publishes."""
    template = _template()
    danish, translations = processes.snapshot(template)
    assert set(danish) == {"network_type", "name", "description", "open_ended", "steps"}
    assert set(danish["steps"][0]) == {
        "position",
        "kind",
        "phase",
        "title",
        "content",
        "weeks",
        "leader_hours",
        "co_driver_hours",
        "participant_hours",
    }
    assert set(translations["en"]) == {"name", "description", "steps"}
    version = processes.live_version(template)
    assert version.number == 1
    assert processes.live_version(template) == version  # published once, not again
    assert all(isinstance(s["leader_hours"], str) for s in version.content["steps"])


def test_plan_step_english_fields_exist(plan):
    assert PlanStep._meta.get_field("title_en") and PlanStep._meta.get_field("content_en")
