"""Seasons, meetings, notes and evaluations, as members, facilitator and secretariat use them."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from leadernets.models import Evaluation, Meeting, MeetingNote, Season

GOOD = {"focus": "4", "culture": "3", "policy": "5", "integration": "4", "comment": ""}


@pytest.mark.django_db
def test_members_read_the_notes_and_the_secretariat_only_counts_them(leadernet, org, login):
    url = leadernet["season"].get_absolute_url()
    note = "Vi prøver fælles tavlemøder."
    assert note in login("reference", org).get(url).content.decode()
    html = login("secretariat", org).get(url).content.decode()
    assert note not in html
    assert "1 note fra medlemmerne" in html
    assert login("outsider", org).get(url).status_code == 404


@pytest.mark.django_db
def test_a_member_shares_a_note_and_only_the_author_edits_it(leadernet, org, login):
    meeting = leadernet["meeting"]
    client = login("reference", org)
    response = client.post(
        reverse("leadernets:note-create", args=[meeting.pk]), {"text": "Godt møde."}
    )
    assert response.status_code == 302
    note = MeetingNote.objects.get(text="Godt møde.")
    assert note.author == org["reference"]
    edit = reverse("leadernets:note-edit", args=[note.pk])
    assert login("personnel", org).post(edit, {"text": "Ændret"}).status_code == 403
    client = login("reference", org)
    assert client.post(edit, {"text": "Et rigtig godt møde."}).status_code == 302
    note.refresh_from_db()
    assert note.text == "Et rigtig godt møde."


@pytest.mark.django_db
def test_a_note_too_long_is_refused_in_danish_and_kept(leadernet, org, login):
    meeting = leadernet["meeting"]
    text = "Refleksion " + "x" * 2000
    with translation.override("da"):
        response = login("personnel", org).post(
            reverse("leadernets:note-create", args=[meeting.pk]), {"text": text}
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Højst 2000 tegn" in html
    assert text in html
    assert MeetingNote.objects.count() == 1


@pytest.mark.django_db
def test_a_member_evaluates_once_and_changes_it_until_the_season_closes(leadernet, org, login):
    season = leadernet["season"]
    url = reverse("leadernets:evaluate", args=[season.pk])
    client = login("personnel", org)
    assert client.post(url, GOOD).status_code == 302
    assert client.post(url, GOOD | {"focus": "2", "comment": "Mere tid"}).status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.focus, evaluation.comment) == (2, "Mere tid")
    close = reverse("leadernets:season-close", args=[season.pk])
    assert login("personnel", org).post(close).status_code == 403
    assert login("reference", org).post(close).status_code == 302
    client = login("personnel", org)
    assert client.post(url, GOOD).status_code == 302  # back to the season, unchanged
    evaluation.refresh_from_db()
    assert evaluation.focus == 2


@pytest.mark.django_db
def test_a_rating_off_the_scale_is_refused_in_danish_and_the_rest_kept(leadernet, org, login):
    url = reverse("leadernets:evaluate", args=[leadernet["season"].pk])
    with translation.override("da"):
        response = login("personnel", org).post(
            url, GOOD | {"policy": "9", "comment": "Gode møder"}
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vælg et svar fra 1 til 5" in html
    assert "Gode møder" in html
    assert re.search(r'name="focus" value="4"[^>]*checked', html)  # the other answers stay
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_the_season_summary_gives_averages_and_counts_in_words(leadernet, org, login):
    season = leadernet["season"]
    Evaluation.objects.create(
        season=season, person=org["personnel"], focus=4, culture=3, policy=5, integration=4
    )
    Evaluation.objects.create(
        season=season,
        person=org["reference"],
        focus=5,
        culture=3,
        policy=4,
        integration=2,
        comment="Mere om politik",
    )
    with translation.override("da"):
        html = login("secretariat", org).get(season.get_absolute_url()).content.decode()
    assert "2 af 2 medlemmer har evalueret sæsonen." in html
    assert "Et fælles fokus på ledelsesopgaven" in html
    assert "4,5 af 5" in html  # focus: (4 + 5) / 2
    assert "3 – I nogen grad: 2 svar" in html
    assert "Mere om politik" in html


@pytest.mark.django_db
def test_the_facilitator_plans_a_season_and_a_meeting_within_it(leadernet, org, login):
    network = leadernet["leader_network"]
    client = login("reference", org)
    response = client.post(
        reverse("leadernets:season-create", args=[network.slug]),
        {"name": "Efterår", "starts_on": "2027-08-01", "ends_on": "2027-12-15"},
    )
    season = Season.objects.get(name="Efterår")
    assert response.url == season.get_absolute_url()
    url = reverse("leadernets:meeting-create", args=[season.pk])
    with translation.override("da"):
        outside = client.post(url, {"held_on": "2028-01-10", "theme": "Nytår"})
    assert outside.status_code == 200
    assert "Mødet skal ligge i sæsonen" in outside.content.decode()
    assert 'value="Nytår"' in outside.content.decode()
    assert client.post(url, {"held_on": "2027-09-10", "theme": "Tillid"}).status_code == 302
    assert Meeting.objects.filter(season=season, theme="Tillid").exists()


@pytest.mark.django_db
def test_a_season_date_out_of_bounds_is_refused(leadernet, org, login):
    network = leadernet["leader_network"]
    with translation.override("da"):
        response = login("secretariat", org).post(
            reverse("leadernets:season-create", args=[network.slug]),
            {"name": "Langt ude", "starts_on": "2026-08-01", "ends_on": "9999-12-31"},
        )
    assert "Datoen skal ligge mellem" in response.content.decode()
    assert 'value="Langt ude"' in response.content.decode()
    assert not Season.objects.filter(name="Langt ude").exists()


@pytest.mark.django_db
def test_a_manager_sees_their_leader_networks_on_mine_netvaerk(leadernet, org, login):
    today = timezone.localdate()
    Meeting.objects.create(
        season=leadernet["season"], held_on=today + datetime.timedelta(days=7), theme="Næste"
    )
    with translation.override("da"):
        html = login("personnel", org).get(reverse("home")).content.decode()
    assert "Mine ledernetværk" in html
    assert reverse("leadernets:network", args=[leadernet["leader_network"].slug]) in html
    assert "Næste" in html
    assert (
        "Mine ledernetværk" not in login("participant", org).get(reverse("home")).content.decode()
    )


@pytest.mark.django_db
def test_notes_and_evaluations_are_in_the_members_own_data_export(leadernet, org, login):
    Evaluation.objects.create(
        season=leadernet["season"],
        person=org["personnel"],
        focus=4,
        culture=3,
        policy=5,
        integration=4,
        comment="Godt",
    )
    url = reverse("person-record-json", args=[org["personnel"].pk])
    record = login("personnel", org).get(url).json()["leader_networks"]
    (note,) = record["notes"]
    assert note["text"] == "Vi prøver fælles tavlemøder."
    (evaluation,) = record["evaluations"]
    assert (evaluation["policy"], evaluation["comment"]) == (5, "Godt")
    # The secretariat's copy says they exist, without the members' words or levels.
    withheld = login("secretariat", org).get(url).json()["leader_networks"]
    assert "text" not in withheld["notes"][0] and "comment" not in withheld["evaluations"][0]
