from django.urls import reverse

from roles.models import Department, Person
from roles.services import people_assign_line_managers

from ..factories import DepartmentFactory, PersonFactory


def test_the_personnel_leader_is_the_department_manager(org):
    assert org["leader"].manager == org["personnel"]
    assert org["participant"].manager == org["personnel"]


def test_a_managers_personnel_leader_is_the_manager_above(org):
    assert org["personnel"].manager == org["reference"]
    assert org["reference"].manager == org["director"]
    assert org["director"].manager is None


def test_a_department_without_a_manager_takes_the_next_manager_up(org):
    team = DepartmentFactory(
        name="Team Hjemmepleje", manager_level=5, parent=org["departments"]["aeldre"]
    )
    person = PersonFactory(department=team)
    people_assign_line_managers()
    person.refresh_from_db()
    assert person.manager == org["personnel"]


def test_the_department_tree_finds_everything_below_a_department(org):
    sundhed = Department.objects.get(name="Social og Sundhed")
    below = Department.objects.get_tree(sundhed)
    assert [d.name for d in below] == ["Social og Sundhed", "Ældre og Sundhed"]
    assert Person.objects.filter(department__in=below).count() == 6


def test_the_directory_searches_name_title_and_department(org, login):
    client = login("outsider", org)
    response = client.get(reverse("roles:person-list"), {"q": "centerchef"})
    assert [p.name for p in response.context["page"].object_list] == ["Jens Overgaard"]
    response = client.get(reverse("roles:person-list"), {"q": "Ældre og"})
    assert len(response.context["page"].object_list) == 3


def test_the_directory_has_a_constant_number_of_queries(org, login, django_assert_num_queries):
    """session, user, person, secretariat group, count, the page's ids, the page's rows;
    the access log's insert."""
    client = login("outsider", org)
    with django_assert_num_queries(8) as ctx:
        client.get(reverse("roles:person-list"))
    for _ in range(20):
        PersonFactory(department=org["departments"]["aeldre"], manager=org["personnel"])
    with django_assert_num_queries(len(ctx.captured_queries)):
        client.get(reverse("roles:person-list"))
