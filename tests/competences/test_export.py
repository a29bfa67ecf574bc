"""The right-of-access record holds the person's assessments; the secretariat's copy lists
them without levels or notes, as it does reflections."""

from django.urls import reverse

from .conftest import day


def test_the_persons_record_holds_their_assessments_and_the_secretariats_withholds_them(
    org, network, login, assess
):
    assess(org["leader"], day(2026, 3, 2), level=4, notes={1: "Min note"})
    url = reverse("person-record-json", args=[org["leader"].pk])
    own = login("leader", org).get(url).json()
    (mine,) = own["competence_assessments"]
    assert mine["date"] == "2026-03-02" and len(mine["ratings"]) == 10
    assert mine["ratings"][0] == {
        "competence": "Tænker andre ind",
        "level": 4,
        "note": "Min note",
        "personnel_leader_level": None,
        "personnel_leader_note": "",
    }
    (listed,) = login("secretariat", org).get(url).json()["competence_assessments"]
    assert listed["ratings_withheld"] is True and "ratings" not in listed
