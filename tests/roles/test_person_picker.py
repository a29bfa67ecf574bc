"""The person picker: the type-ahead's search, and the forms that pick a person without it."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from core.models import AccessEvent
from netvaerk.forms import NetworkRoleForm
from netvaerk.models import NetworkRole
from roles.picker import PICKER_LIMIT, PersonLookupField, people_search

from ..factories import DepartmentFactory, PersonFactory, UserFactory

SEARCH = reverse("roles:person-search")


def _karen(username, last, department=None, title="Konsulent", **user):
    return PersonFactory(
        user=UserFactory(username=username, first_name="Karen", last_name=last, **user),
        department=department,
        title=title,
    )


@pytest.fixture
def karens(org):
    """Two Karens and a Karina; a colleague with "Karen" only inside her last name."""
    omsorg = DepartmentFactory(name="Ældreomsorg", parent=org["departments"]["aeldre"])
    return {
        "holm": _karen("kholm", "Holm", omsorg, "Sygeplejerske"),
        "berg": _karen("kberg", "Berg", org["departments"]["sundhed"], "Socialrådgiver"),
        "karina": PersonFactory(
            user=UserFactory(username="kfoss", first_name="Karina", last_name="Foss")
        ),
        "inside": PersonFactory(
            user=UserFactory(username="ljk", first_name="Lene", last_name="Mikkarensen")
        ),
    }


def _names(people):
    return [p.name for p in people]


def test_a_first_name_finds_everyone_so_named_with_prefixes_before_matches_inside_names(karens):
    assert _names(people_search("Karen")) == ["Karen Berg", "Karen Holm", "Lene Mikkarensen"]
    assert _names(people_search("kar"))[:3] == ["Karen Berg", "Karen Holm", "Karina Foss"]
    # A last name: a word of the name beginning with the query ranks above one inside it.
    assert _names(people_search("holm")) == ["Karen Holm", "Kirsten Holm"]


def test_the_search_is_danish_aeldre_finds_aeldre_and_every_word_must_match(karens):
    assert _names(people_search("aeldreomsorg")) == ["Karen Holm"]
    assert _names(people_search("ÆLDREOMSORG sygeplejerske")) == ["Karen Holm"]
    assert _names(people_search("karen aeldreomsorg")) == ["Karen Holm"]
    assert people_search("karen udenfor") == []
    assert people_search("   ") == []


def test_leavers_inactive_logins_and_anonymised_people_are_not_found(karens):
    from django.utils import timezone

    karens["berg"].left_on = datetime.date(2026, 10, 1)
    karens["berg"].save()
    User.objects.filter(pk=karens["karina"].user_id).update(is_active=False)
    # As portal.anonymise leaves a person (the name kept here, to show it is not searched).
    karens["inside"].left_on = datetime.date(2024, 1, 31)
    karens["inside"].anonymised_at = timezone.now()
    karens["inside"].save()
    assert _names(people_search("kar")) == ["Karen Holm"]
    assert people_search("mikkarensen") == []


def test_the_search_is_limited_and_takes_one_query_however_many_match(
    org, django_assert_num_queries
):
    for n in range(PICKER_LIMIT + 5):
        _karen(f"karen{n}", f"Hansen{n:02d}")
    with django_assert_num_queries(1):
        found = people_search("karen")
        assert len(found) == PICKER_LIMIT
        assert [p.department for p in found]  # departments come with the people


def test_the_search_url_answers_json_with_name_title_department_and_a_danish_count(
    org, karens, login, django_assert_num_queries
):
    client = login("participant", org)
    client.get(SEARCH)  # the session is loaded once; the count below is the search's own
    # session, user, person, the people found, the access log's row
    with django_assert_num_queries(5):
        data = client.get(SEARCH, {"q": "karen ho"}).json()
    assert AccessEvent.objects.filter(what="person_picker", detail="q=karen ho").count() == 1
    assert data == {
        "status": "1 medarbejder passer. Vælg med pil op og ned.",
        "results": [
            {
                "id": karens["holm"].pk,
                "name": "Karen Holm",
                "title": "Sygeplejerske",
                "department": "Ældreomsorg",
            }
        ],
    }
    assert client.get(SEARCH, {"q": "karen"}).json()["status"].startswith("3 medarbejdere")
    assert client.get(SEARCH, {"q": "zz"}).json() == {
        "status": "Ingen medarbejdere passer til søgningen.",
        "results": [],
    }


def test_the_search_url_says_when_there_are_more_than_it_shows(org, login):
    for n in range(PICKER_LIMIT + 1):
        _karen(f"karen{n}", f"Hansen{n:02d}")
    data = login("outsider", org).get(SEARCH, {"q": "karen"}).json()
    assert len(data["results"]) == PICKER_LIMIT
    assert data["status"].startswith(f"Flere end {PICKER_LIMIT} medarbejdere passer.")


def test_a_login_without_a_person_gets_404_from_the_search_url(client, db):
    admin_user = UserFactory(username="drift")
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(SEARCH, {"q": "karen"}).status_code == 404


def _role_add(client, network, data):
    return client.post(reverse("netvaerk:role-add", args=[network.slug]), data)


def test_without_javascript_a_partial_name_lists_the_matches_and_one_is_picked(
    network, org, karens, login
):
    client = login("secretariat", org)
    data = {"person": "Karen", "role": NetworkRole.Role.PARTICIPANT, "starts_on": "2026-12-01"}
    response = _role_add(client, network, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vælg, hvem du mener med »Karen«, eller skriv mere af navnet." in html
    assert not network.roles.filter(person__in=[karens["holm"], karens["berg"]]).exists()
    choices = response.context["form"]["person"].field.widget.candidates
    assert _names(choices) == ["Karen Berg", "Karen Holm", "Lene Mikkarensen"]
    for person in choices:  # each with its department and title, to tell them apart
        assert f'name="person_pick" value="{person.pk}"' in html
    assert "Sygeplejerske · Ældreomsorg" in html
    assert 'value="Karen"' in html and 'value="2026-12-01"' in html  # nothing typed is lost

    response = _role_add(client, network, data | {"person_pick": karens["holm"].pk})
    assert response.status_code == 302
    role = network.roles.get(person=karens["holm"])
    assert role.role == NetworkRole.Role.PARTICIPANT
    assert str(role.starts_on) == "2026-12-01"


def test_the_type_ahead_choice_is_taken_by_id_while_the_field_still_names_that_person(
    network, org, karens, login
):
    client = login("secretariat", org)
    data = {"person": "Karen Holm", "person_id": karens["holm"].pk, "role": "participant"}
    # Two people called Karen Holm: the id says which, with no question asked.
    _karen("kholm2", "Holm")
    assert _role_add(client, network, data).status_code == 302
    assert network.roles.filter(person=karens["holm"]).exists()


def test_an_id_left_behind_when_the_name_was_typed_over_is_ignored(org, karens):
    field = PersonLookupField()
    stale = {"text": "olga", "id": str(karens["holm"].pk), "pick": ""}
    assert field.clean(stale) == org["outsider"]
    for bogus in ["999999", "9" * 40, "²", "-1", "1e3"]:
        value = {"text": "Karen Holm", "id": bogus, "pick": bogus}
        assert field.clean(value) == karens["holm"]  # by the full name, as before


def test_a_picked_leaver_is_not_taken(org, karens):
    karens["holm"].left_on = datetime.date(2026, 10, 1)
    karens["holm"].save()
    form = NetworkRoleForm(
        {"person": "Karen", "person_pick": karens["holm"].pk, "role": "participant"}
    )
    assert not form.is_valid()
    assert _names(form.fields["person"].widget.candidates) == ["Karen Berg", "Lene Mikkarensen"]


def test_the_field_is_a_labelled_text_box_the_script_turns_into_a_combobox(org):
    html = str(NetworkRoleForm()["person"])
    assert 'data-person-picker data-search-url="/personer/vaelg/"' in html
    assert 'id="id_person"' in html and 'autocomplete="off"' in html
    assert 'role="listbox" aria-label="Forslag" hidden' in html
    assert 'role="status" aria-live="polite"' in html
    assert 'name="person_id" value=""' in html
    # Without the script it is a plain text box: no combobox role the browser cannot honour.
    assert 'role="combobox"' not in html
