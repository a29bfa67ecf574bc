"""The time balance as CSV and XLSX: the page's rows, every one of them, for the same people."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from netvaerk import balance, balance_views, services

from ..factories import NetworkFactory, NetworkRoleFactory, PersonFactory, UserFactory

D = datetime.date
HEADER = [
    "Medarbejder",
    "Afdeling",
    "Netværk",
    "Rolle",
    "Planlagt til dato",
    "Brugt til dato",
    "Forskel (brugt − planlagt)",
    "Over eller under planen",
    "Planlagt i alt",
    "Bemærkning",
]
# A Wednesday: the balance counts the plan up to Sunday 25 October 2026.
TODAY = D(2026, 10, 21)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(balance, "current_day", lambda: TODAY)


def _url(fmt):
    return reverse("netvaerk:time-balance-export", kwargs={"fmt": fmt})


def _xlsx_rows(response):
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _page_row(client, person):
    rows = client.get(reverse("netvaerk:time-balance")).context["rows"]
    return next(r for r in rows if r.person_id == person.pk)


def test_the_personnel_leader_exports_the_tables_rows_and_figures(plan, network, org, login):
    services.time_entry_record(network=network, person=org["leader"], week=D(2026, 9, 14), hours=9)
    client = login("personnel", org)
    response = client.get(_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tidsbalance-')
    ws, rows = _xlsx_rows(response)
    assert rows[0] == HEADER
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert {row[0] for row in rows[1:]} == {"Signe Lauridsen", "Katrine Møller"}  # not Kasper
    signe = next(row for row in rows[1:] if row[0] == "Signe Lauridsen")
    assert signe[1:4] == ["Ældre og Sundhed", network.name, "Netværksleder"]
    page = _page_row(client, org["leader"])
    planned, logged, difference, verdict, total, note = signe[4:10]
    assert planned == pytest.approx(float(page.planned_to_date)) and planned > 0
    assert logged == 9 and difference == pytest.approx(float(page.difference))
    assert verdict == page.verdict and total == pytest.approx(float(page.planned_total))
    assert note is None
    for column in (5, 6, 7, 9):
        assert all(ws.cell(row=r, column=column).data_type == "n" for r in range(2, ws.max_row + 1))


def test_the_csv_has_the_same_rows_with_danish_numbers(plan, network, org, login):
    services.time_entry_record(network=network, person=org["leader"], week=D(2026, 9, 14), hours=9)
    client = login("personnel", org)
    _ws, xlsx = _xlsx_rows(client.get(_url("xlsx")))
    response = client.get(_url("csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = _csv_rows(response)
    assert rows[0] == HEADER
    assert [r[0] for r in rows] == [r[0] for r in xlsx]
    signe = next(r for r in rows if r[0] == "Signe Lauridsen")
    page = _page_row(client, org["leader"])
    assert Decimal(signe[4].replace(",", ".")) == page.planned_to_date
    assert Decimal(signe[5].replace(",", ".")) == 9
    assert Decimal(signe[6].replace(",", ".")) == page.difference
    assert signe[7] == page.verdict and "timer under planen" in signe[7]


def test_the_export_honours_the_pages_filters_and_its_404(plan, network, org, login):
    client = login("personnel", org)
    rows = _csv_rows(client.get(_url("csv"), {"medarbejder": org["participant"].pk}))
    assert {r[0] for r in rows[1:]} == {"Katrine Møller"}
    rows = _csv_rows(client.get(_url("csv"), {"q": "signe"}))
    assert {r[0] for r in rows[1:]} == {"Signe Lauridsen"}
    assert client.get(_url("csv"), {"medarbejder": org["codriver"].pk}).status_code == 404
    assert client.get(_url("csv"), {"medarbejder": "x"}).status_code == 404
    assert client.get(_url("pdf")).status_code == 404
    client = login("secretariat", org)
    rows = _csv_rows(client.get(_url("csv"), {"afdeling": org["departments"]["aeldre"].pk}))
    assert {r[0] for r in rows[1:]} == {"Signe Lauridsen", "Katrine Møller"}  # not Kasper


def test_outsiders_get_what_the_page_gives_them_no_rows(plan, network, org, login):
    client = login("outsider", org)
    assert list(client.get(reverse("netvaerk:time-balance")).context["rows"]) == []
    assert _csv_rows(client.get(_url("csv"))) == [HEADER]
    _ws, rows = _xlsx_rows(client.get(_url("xlsx")))
    assert rows == [HEADER]
    assert "Hent som CSV" not in client.get(reverse("netvaerk:time-balance")).content.decode()
    login("anon", org)
    response = client.get(_url("csv"))
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]


def test_the_page_links_to_the_exports_with_its_filters(plan, network, org, login):
    client = login("personnel", org)
    html = client.get(reverse("netvaerk:time-balance")).content.decode()
    assert "Hent som Excel (XLSX)" in html and f'href="{_url("csv")}"' in html
    pk = org["leader"].pk
    html = client.get(reverse("netvaerk:time-balance"), {"medarbejder": pk}).content.decode()
    assert f'href="{_url("xlsx")}?medarbejder={pk}"' in html
    html = client.get(reverse("netvaerk:time-balance"), {"sort": "-forskel", "side": 1}).content
    assert f'href="{_url("csv")}?sort=-forskel"'.encode() in html  # every page, in its order


def test_a_role_without_plan_or_hours_still_has_a_line(network, org, login):
    rows = _csv_rows(login("personnel", org).get(_url("csv")))
    signe = [r for r in rows if r[0] == "Signe Lauridsen"]
    assert signe == [
        [
            "Signe Lauridsen",
            "Ældre og Sundhed",
            network.name,
            "Netværksleder",
            "",
            "0,0",
            "",
            "Ingen plan at sammenligne med",
            "",
            "",
        ]
    ]


def test_the_export_has_every_row_where_the_page_stops(plan, network, org, login, monkeypatch):
    monkeypatch.setattr(balance_views, "PAGE_SIZE", 1)
    client = login("personnel", org)
    page = client.get(reverse("netvaerk:time-balance"))
    assert len(page.context["rows"]) == 1 and page.context["page"].has_next()
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
    # session, user, secretariat check; the stored figures' check, the rows; the access
    # log's insert
    with django_assert_num_queries(6):
        client.get(_url(fmt))
    other = NetworkFactory()
    for _ in range(5):
        staff = PersonFactory(manager=org["personnel"])
        NetworkRoleFactory(network=network, person=staff)
        NetworkRoleFactory(network=other, person=staff, role="co_driver")
        services.time_entry_record(network=network, person=staff, week=D(2026, 9, 14), hours=2)
    with django_assert_num_queries(6):
        response = client.get(_url(fmt))
    assert response.status_code == 200
