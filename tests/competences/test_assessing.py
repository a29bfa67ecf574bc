"""Rating the ten competences: who may, what is kept, and bad input refused in Danish with
everything typed kept on the page."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from competences import services
from competences.models import Assessment, Rating
from netvaerk.models import NetworkRole
from roles.models import Competence

from .conftest import day


def _post_data(level="3", note="", on=None, **overrides):
    data = {"assessed_on": (on or timezone.localdate()).isoformat()}
    for c in Competence.objects.all():
        data[f"level_{c.pk}"] = level
        data[f"note_{c.pk}"] = note
    data.update(overrides)
    return data


def test_a_network_leader_rates_the_ten_competences_and_it_is_kept(org, network, login):
    client = login("leader", org)
    first = Competence.objects.get(position=1)
    data = _post_data(level="4", **{f"note_{first.pk}": "Borgerne er med fra start."})
    response = client.post("/kompetencer/ny/", data)
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kompetencer/{assessment.pk}/"
    assert assessment.person == org["leader"] and assessment.assessed_on == timezone.localdate()
    assert assessment.ratings.count() == 10
    assert set(assessment.ratings.values_list("level", flat=True)) == {4}
    assert assessment.ratings.get(competence=first).note == "Borgerne er med fra start."
    assert not assessment.is_shared
    # A second assessment is a new one: the first is kept.
    client.post("/kompetencer/ny/", _post_data(level="5"))
    assert Assessment.objects.count() == 2


def test_a_past_co_driver_may_assess_but_a_participant_may_not(org, network, login):
    NetworkRole.objects.filter(person=org["codriver"]).update(ends_on=datetime.date(2026, 10, 1))
    assert login("codriver", org).get("/kompetencer/ny/").status_code == 200
    assert login("participant", org).post("/kompetencer/ny/", _post_data()).status_code == 403
    assert not Assessment.objects.exists()


def test_a_level_outside_the_scale_is_refused_and_the_notes_are_kept(org, network, login):
    client = login("leader", org)
    first = Competence.objects.get(position=1)
    data = _post_data(note="Min vigtige note", **{f"level_{first.pk}": "7"})
    response = client.post("/kompetencer/ny/", data)
    html = response.content.decode()
    assert response.status_code == 200 and not Assessment.objects.exists()
    assert "Vælg et niveau fra 1 til 5 for »Tænker andre ind«." in html
    assert "Vurderingen er ikke gemt" in html
    assert html.count("Min vigtige note") == 10
    second = Competence.objects.get(position=2)
    checked = rf'<input[^>]*name="level_{second.pk}"[^>]*value="3"[^>]*checked'
    assert re.search(checked, html)  # the other levels are kept


def test_a_date_in_the_future_is_refused_and_everything_typed_is_kept(org, network, login):
    client = login("leader", org)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post("/kompetencer/ny/", _post_data(note="Noten står der", on=tomorrow))
    html = response.content.decode()
    assert response.status_code == 200 and not Assessment.objects.exists()
    assert "Datoen må ikke ligge i fremtiden" in html
    assert f'value="{tomorrow.isoformat()}"' in html
    assert html.count("Noten står der") == 10


def test_a_missing_level_is_refused_by_name(org, network, login):
    client = login("leader", org)
    second = Competence.objects.get(position=2)
    data = _post_data()
    del data[f"level_{second.pk}"]
    html = client.post("/kompetencer/ny/", data).content.decode()
    assert "Vælg et niveau fra 1 til 5 for »Engagerer og motiverer«." in html


def test_the_service_and_the_database_refuse_what_the_form_would(org, network):
    levels = {c: (3, "") for c in Competence.objects.all()}
    with pytest.raises(ValidationError):
        services.assessment_create(
            person=org["leader"],
            assessed_on=timezone.localdate() + datetime.timedelta(1),
            levels=levels,
        )
    with pytest.raises(ValidationError):
        services.assessment_create(
            person=org["leader"],
            assessed_on=day(2026, 3, 1),
            levels=levels | {Competence.objects.first(): (0, "")},
        )
    assessment = services.assessment_create(
        person=org["leader"], assessed_on=day(2026, 3, 1), levels=levels
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.filter(assessment=assessment).update(level=6)


def test_the_competence_page_shows_the_chart_the_table_and_the_change(org, network, login, assess):
    assess(org["leader"], day(2026, 3, 2), level=2)
    assess(org["leader"], day(2026, 10, 1), level={1: 4})
    html = login("leader", org).get("/kompetencer/").content.decode()
    assert html.count('class="radar-series"') == 4  # two assessments, wide and compact chart
    assert "<table" in html and "<caption>" in html
    assert "+2 siden marts" in html and "+1 siden marts" in html
    assert 'role="img"' in html


def test_someone_without_a_role_sees_an_explanation_and_no_button(org, network, login):
    html = login("outsider", org).get("/kompetencer/").content.decode()
    assert "Selvvurderingen er for netværksledere og co-drivere" in html
    assert "/kompetencer/ny/" not in html.split("<main", 1)[-1]


def test_the_competence_step_of_an_agreement_links_to_the_self_assessment():
    from agreements.extensions import section_links

    asks = {"questions": [{"key": "a", "type": "text"}, {"key": "b", "type": "competences"}]}
    assert [str(link.url) for link in section_links(None, asks)] == ["/kompetencer/"]
    assert section_links(None, {"questions": [{"key": "a", "type": "text"}]}) == []
