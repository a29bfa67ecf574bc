from django.contrib.auth.models import User
from django.urls import reverse

from roles.models import Department, Person
from roles.services import people_assign_line_managers

from ..factories import DepartmentFactory, PersonFactory
from ..markup import tidy


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
    """session, user, person, secretariat group, the access log's insert, the generations of
    the people and departments; when the page's list is not cached: the people's generation
    (and, once per change to the people, their count), the page's ids, the page's rows and
    their managers' names."""
    client = login("outsider", org)
    with django_assert_num_queries(11) as ctx:
        client.get(reverse("roles:person-list"))
    for _ in range(20):
        PersonFactory(department=org["departments"]["aeldre"], manager=org["personnel"])
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = client.get(reverse("roles:person-list"))
    assert response.context["page"].paginator.count == 8 + 20  # counted again
    with django_assert_num_queries(6):  # the list as cached
        response = client.get(reverse("roles:person-list"))
    assert "28 personer" in response.content.decode()


def test_a_cached_directory_page_follows_every_change_it_shows(org, login):
    client = login("outsider", org)
    url = reverse("roles:person-list")
    client.get(url, {"q": "sundhed"})
    Department.objects.filter(pk=org["departments"]["aeldre"].pk).update(name="Ældreplejen")
    assert "Ældreplejen" in client.get(url).content.decode()
    User.objects.filter(pk=org["personnel"].user_id).update(first_name="Jensine")
    assert "Jensine Overgaard" in client.get(url).content.decode()  # a manager's name too
    Person.objects.filter(pk=org["outsider"].pk).update(title="Arkitekt")
    assert "Arkitekt" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "8 people" in client.get(url).content.decode()


def test_a_directory_search_counts_its_matches_in_the_query_of_its_page(
    org, login, django_assert_num_queries
):
    """With words to find, the page's ids and the number of matches come from one query
    (a window count): session, user, the access log's insert, the generations, that query,
    the rows and their managers' names, the secretariat group, the unread notifications."""
    for i in range(60):
        PersonFactory(
            user__first_name=f"Karen{i:02d}",
            department=org["departments"]["aeldre"],
            manager=org["personnel"],
        )
    client = login("outsider", org)
    url = reverse("roles:person-list")
    with django_assert_num_queries(9):
        page = client.get(url, {"q": "karen"}).context["page"]
    assert page.paginator.count == 60 and page.paginator.num_pages == 2
    assert [p.name.split()[0] for p in page.object_list][:2] == ["Karen00", "Karen01"]
    second = client.get(url, {"q": "karen", "side": "2"}).context["page"]
    assert second.number == 2 and len(second.object_list) == 10
    assert second.object_list[0].name.startswith("Karen50")
    # Past the end: the last page (then counted apart); not a number: the first.
    assert client.get(url, {"q": "karen", "side": "9"}).context["page"].number == 2
    assert client.get(url, {"q": "karen", "side": "x"}).context["page"].number == 1
    nothing = client.get(url, {"q": "ingensteds"}).context["page"]
    assert nothing.paginator.count == 0 and list(nothing.object_list) == []


# The rows as the template wrote them before roles.views._rows_html wrote them in Python.
ROW_TEMPLATE = """{% for p in people %}
    <tr><td><a href="{{ p.get_absolute_url }}">{{ p.name }}</a></td><td>{{ p.title|default:"–" }}</td><td>{{ p.department|default:"–" }}</td><td>{% if p.manager %}{{ p.manager.name }}{% else %}–{% endif %}</td></tr>
  {% endfor %}"""  # noqa: E501


def test_the_rows_written_in_python_are_the_markup_the_template_wrote(org):
    from django.contrib.auth.models import User
    from django.template import Context, Template

    from roles import views

    odd = User.objects.create(username="odd", first_name='Ærlig & "Åben"', last_name="<b>A</b>")
    PersonFactory(user=odd, title="", department=None, manager=org["personnel"])
    PersonFactory(user=User.objects.create(username="bare"), title="<i>Leder</i>")
    people = list(Person.objects.current().with_related().order_by("pk"))
    assert any(p.department is None for p in people) and any(p.manager for p in people)
    expected = Template(ROW_TEMPLATE).render(Context({"people": people}))
    rows = views._directory_rows([p.pk for p in people])
    written = views._rows_html([rows[p.pk] for p in people])

    assert tidy(expected) == tidy(written)
    assert "&lt;b&gt;A&lt;/b&gt;" in written and "&quot;Åben&quot;" in written
