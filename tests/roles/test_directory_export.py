"""The person directory as CSV and XLSX: the secretariat's, with the page's search."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from ..factories import PersonFactory, UserFactory

HEADER = ["Navn", "Brugernavn", "E-mail", "Stilling", "Afdeling", "Personaleleder"]


def _url(fmt):
    return reverse("roles:person-export", kwargs={"fmt": fmt})


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_secretariat_exports_the_whole_directory_as_csv(org, login):
    response = login("secretariat", org).get(_url("csv"))
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Disposition"].startswith('attachment; filename="personer-')
    rows = _csv_rows(response)
    assert rows[0] == HEADER
    assert len(rows) == 1 + 8  # the eight personas
    katrine = next(r for r in rows if r[1] == "katrine")
    assert katrine == [
        "Katrine Møller",
        "katrine",
        "katrine@kommune.example",
        "Sygeplejerske",
        "Ældre og Sundhed",
        "Jens Overgaard",
    ]
    director = next(r for r in rows if r[1] == "kirsten")
    assert director[5] == ""  # nobody above the director


def test_the_xlsx_has_a_frozen_filterable_header_and_text_cells(org, login):
    user = UserFactory(username="farlig", first_name="Farlig", last_name="Titel")
    PersonFactory(user=user, title="=cmd|' /C calc'!A0")
    response = login("secretariat", org).get(_url("xlsx"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == HEADER
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:F10"
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "farlig")
    assert row[3].value == "=cmd|' /C calc'!A0" and row[3].data_type == "s"
    assert row[4].value is None  # no department: an empty cell


def test_a_formula_title_is_made_safe_in_the_csv(org, login):
    PersonFactory(user=UserFactory(username="farlig"), title="@SUM(A1)")
    rows = _csv_rows(login("secretariat", org).get(_url("csv")))
    assert next(r for r in rows if r[1] == "farlig")[3] == "'@SUM(A1)"


def test_the_export_honours_the_pages_search(org, login):
    client = login("secretariat", org)
    rows = _csv_rows(client.get(_url("csv"), {"q": "katrine"}))
    page = client.get(reverse("roles:person-list"), {"q": "katrine"})
    assert [r[0] for r in rows[1:]] == [p.name for p in page.context["page"]]
    assert [r[1] for r in rows[1:]] == ["katrine"]


@pytest.mark.parametrize(
    "persona", ["outsider", "participant", "codriver", "reference", "personnel", "leader"]
)
def test_everyone_else_is_refused_like_on_other_secretariat_pages(persona, org, login):
    client = login(persona, org)
    assert client.get(_url("csv")).status_code == 403
    assert client.get(_url("xlsx")).status_code == 403
    assert client.get(reverse("netvaerk:network-create")).status_code == 403  # the same
    assert "Hent som CSV" not in client.get(reverse("roles:person-list")).content.decode()


def test_anonymous_users_are_sent_to_login(org, login):
    response = login("anon", org).get(_url("csv"))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/?next=/personer/eksport.csv")


def test_the_page_links_to_the_exports_with_its_search(org, login):
    client = login("secretariat", org)
    html = client.get(reverse("roles:person-list"), {"q": "ældre"}).content.decode()
    assert "Hent som Excel (XLSX)" in html
    assert f'href="{_url("csv")}?q=%C3%A6ldre"' in html
    assert client.get(_url("pdf")).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_has_a_constant_number_of_queries(fmt, org, login, django_assert_num_queries):
    client = login("secretariat", org)
    # session, user, secretariat check; the people in one query; the access log's insert
    with django_assert_num_queries(5):
        client.get(_url(fmt))
    for _ in range(30):
        PersonFactory(manager=org["personnel"], department=org["departments"]["aeldre"])
    with django_assert_num_queries(5):
        response = client.get(_url(fmt))
    assert response.status_code == 200
