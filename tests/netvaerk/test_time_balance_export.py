"""The time balance as CSV and XLSX: the page's rows, every one of them, for the same people."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from netvaerk import plan_views, services

from ..factories import NetworkFactory, NetworkRoleFactory, PersonFactory, UserFactory

D = datetime.date
HEADER = [
    "Medarbejder",
    "Afdeling",
    "Netværk",
    "Rolle",
    "Måned",
    "Planlagte timer",
    "Brugte timer",
    "Forskel (brugt − planlagt)",
]


def _url(fmt):
    return reverse("netvaerk:time-balance-export", kwargs={"fmt": fmt})


def _xlsx_rows(response):
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_personnel_leader_exports_their_staffs_hours_by_month(plan, network, org, login):
    services.time_entry_record(network=network, person=org["leader"], week=D(2026, 9, 14), hours=9)
    response = login("personnel", org).get(_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tidsbalance-')
    ws, rows = _xlsx_rows(response)
    assert rows[0] == HEADER
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    people = {row[0] for row in rows[1:]}
    assert people == {"Signe Lauridsen", "Katrine Møller"}  # not Kasper: not Jens's staff
    september = next(
        row
        for row in rows[1:]
        if row[0] == "Signe Lauridsen" and row[4] == datetime.datetime(2026, 9, 1)
    )
    assert september[1:4] == ["Ældre og Sundhed", network.name, "Netværksleder"]
    planned, logged, difference = september[5:8]
    assert planned > 0 and logged == 9
    assert difference == pytest.approx(logged - planned)
    month_cells = [ws.cell(row=r, column=5) for r in range(2, ws.max_row + 1)]
    assert all(c.is_date for c in month_cells)
    assert all(ws.cell(row=r, column=6).data_type == "n" for r in range(2, ws.max_row + 1))


def test_the_csv_has_the_same_rows_with_danish_numbers(plan, network, org, login):
    services.time_entry_record(network=network, person=org["leader"], week=D(2026, 9, 14), hours=9)
    client = login("personnel", org)
    _ws, xlsx = _xlsx_rows(client.get(_url("xlsx")))
    response = client.get(_url("csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = _csv_rows(response)
    assert rows[0] == HEADER
    assert len(rows) == len(xlsx)
    september = next(r for r in rows if r[0] == "Signe Lauridsen" and r[4] == "01-09-2026")
    assert september[6] == "9,0"
    planned = Decimal(september[5].replace(",", "."))
    assert Decimal(september[7].replace(",", ".")) == Decimal("9.0") - planned


def test_the_export_honours_the_employee_filter_and_its_404(plan, network, org, login):
    client = login("personnel", org)
    rows = _csv_rows(client.get(_url("csv"), {"medarbejder": org["participant"].pk}))
    assert {r[0] for r in rows[1:]} == {"Katrine Møller"}
    assert client.get(_url("csv"), {"medarbejder": org["codriver"].pk}).status_code == 404
    assert client.get(_url("csv"), {"medarbejder": "x"}).status_code == 404
    assert client.get(_url("pdf")).status_code == 404


def test_outsiders_get_what_the_page_gives_them_no_rows(plan, network, org, login):
    client = login("outsider", org)
    assert client.get(reverse("netvaerk:time-balance")).context["rows"] == []
    assert _csv_rows(client.get(_url("csv"))) == [HEADER]
    _ws, rows = _xlsx_rows(client.get(_url("xlsx")))
    assert rows == [HEADER]
    assert "Hent som CSV" not in client.get(reverse("netvaerk:time-balance")).content.decode()
    login("anon", org)
    response = client.get(_url("csv"))
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]


def test_the_page_links_to_the_exports_with_its_filter(plan, network, org, login):
    client = login("personnel", org)
    html = client.get(reverse("netvaerk:time-balance")).content.decode()
    assert "Hent som Excel (XLSX)" in html and f'href="{_url("csv")}"' in html
    pk = org["leader"].pk
    html = client.get(reverse("netvaerk:time-balance"), {"medarbejder": pk}).content.decode()
    assert f'href="{_url("xlsx")}?medarbejder={pk}"' in html


def test_a_role_without_plan_or_hours_still_has_a_line(network, org, login):
    rows = _csv_rows(login("personnel", org).get(_url("csv")))
    signe = [r for r in rows if r[0] == "Signe Lauridsen"]
    assert signe == [
        ["Signe Lauridsen", "Ældre og Sundhed", network.name, "Netværksleder", "", "0", "0", "0"]
    ]


def test_the_export_has_every_row_where_the_page_stops(plan, network, org, login, monkeypatch):
    monkeypatch.setattr(plan_views, "TIME_BALANCE_PAGE_ROWS", 1)
    client = login("personnel", org)
    page = client.get(reverse("netvaerk:time-balance"))
    assert len(page.context["rows"]) == 1 and page.context["truncated"]
    assert "Siden viser de første 1 roller" in page.content.decode()
    rows = _csv_rows(client.get(_url("csv")))
    assert {r[0] for r in rows[1:]} == {"Signe Lauridsen", "Katrine Møller"}


def test_the_secretariat_exports_everyone_and_formula_names_stay_text(plan, network, org, login):
    user = UserFactory(first_name="=cmd|' /C calc'!A0", last_name="")
    NetworkRoleFactory(network=network, person=PersonFactory(user=user))
    client = login("secretariat", org)
    rows = _csv_rows(client.get(_url("csv")))
    names = {r[0] for r in rows[1:]}
    assert {"Signe Lauridsen", "Katrine Møller", "Kasper Juhl"} <= names
    assert "'=cmd|' /C calc'!A0" in names
    ws, _rows = _xlsx_rows(client.get(_url("xlsx")))
    cells = [ws.cell(row=r, column=1) for r in range(2, ws.max_row + 1)]
    formula = next(c for c in cells if c.value == "=cmd|' /C calc'!A0")
    assert formula.data_type == "s"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_has_a_constant_number_of_queries(
    fmt, plan, network, org, login, django_assert_num_queries
):
    client = login("personnel", org)
    # session, user, secretariat check; the roles, their plans, the steps, the logged hours;
    # the access log's insert
    with django_assert_num_queries(8):
        client.get(_url(fmt))
    other = NetworkFactory()
    for _ in range(5):
        staff = PersonFactory(manager=org["personnel"])
        NetworkRoleFactory(network=network, person=staff)
        NetworkRoleFactory(network=other, person=staff, role="co_driver")
        services.time_entry_record(network=network, person=staff, week=D(2026, 9, 14), hours=2)
    with django_assert_num_queries(8):
        response = client.get(_url(fmt))
    assert response.status_code == 200
