import pytest
from django.urls import reverse

from roles.models import CoDriverProfile, Competence, Responsibility, RoleDescription


def test_the_catalogue_holds_five_roles_ten_competences_and_four_profiles(catalogue):
    assert list(RoleDescription.objects.values_list("key", flat=True)) == [
        "network_leader",
        "co_driver",
        "reference_leader",
        "personnel_leader",
        "secretariat",
    ]
    assert Competence.objects.count() == 10
    assert CoDriverProfile.objects.count() == 4
    counts = {r.key: r.responsibilities.count() for r in RoleDescription.objects.all()}
    assert counts["reference_leader"] == 10 and counts["personnel_leader"] == 10
    assert all(n > 0 for n in counts.values())


def test_the_role_list_links_every_role(org, login):
    html = login("outsider", org).get(reverse("roles:role-list")).content.decode()
    for role in RoleDescription.objects.all():
        assert role.get_absolute_url() in html


def test_the_reference_leader_page_lists_its_responsibilities_in_order(org, login):
    response = login("outsider", org).get(reverse("roles:role-detail", args=["referenceleder"]))
    items = list(response.context["responsibilities"])
    assert [r.position for r in items] == list(range(1, 11))
    assert items[0].text in response.content.decode()


@pytest.mark.parametrize(
    ("slug", "section"),
    [("netvaerksleder", "kompetencer"), ("co-driver", "Co-driverens mulige profiler")],
)
def test_role_pages_show_competences_and_profiles_where_they_belong(org, login, slug, section):
    html = login("outsider", org).get(reverse("roles:role-detail", args=[slug])).content.decode()
    assert section in html


def test_an_unknown_role_is_404(org, login):
    assert login("leader", org).get("/roller/findes-ikke/").status_code == 404


def test_only_the_secretariat_is_offered_to_edit_the_text(org, login):
    url = reverse("roles:role-detail", args=["personaleleder"])
    admin_link = reverse("roles:content-role", args=["personaleleder"])
    assert admin_link in login("secretariat", org).get(url).content.decode()
    assert admin_link not in login("leader", org).get(url).content.decode()


def test_the_responsibility_order_is_unique_per_role(catalogue):
    from django.db import IntegrityError, transaction

    role = RoleDescription.objects.get(key="co_driver")
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(role=role, position=1, text="Dobbelt")
