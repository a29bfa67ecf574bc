"""core.exports: CSV for Danish Excel and XLSX, neither of which lets a cell run as a formula."""

import datetime
import io
from decimal import Decimal

import openpyxl

from core.exports import Column, csv_bytes, export_response, safe_text, xlsx_bytes

COLUMNS = [Column("Navn"), Column("Dato"), Column("Timer"), Column("Antal")]
DANGEROUS = ["=cmd|' /C calc'!A0", "+1", "-1", "@x", '=HYPERLINK("http://x")']


def _rows():
    return [
        ["Søren Ærø", datetime.date(2026, 9, 1), Decimal("6.5"), 3],
        *[[text, None, 1.5, 0] for text in DANGEROUS],
    ]


def test_safe_text_prefixes_only_formula_starts():
    assert [safe_text(t) for t in DANGEROUS] == ["'" + t for t in DANGEROUS]
    assert safe_text("\tx") == "'\tx"
    assert safe_text("Æblegrød = godt") == "Æblegrød = godt"


def test_csv_is_utf8_with_bom_and_semicolons_for_danish_excel():
    body = csv_bytes(COLUMNS, _rows())
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Navn;Dato;Timer;Antal"
    assert lines[1] == "Søren Ærø;01-09-2026;6,5;3"  # Danish date and decimal comma


def test_csv_cells_that_look_like_formulas_are_made_text():
    lines = csv_bytes(COLUMNS, _rows()).decode("utf-8-sig").split("\r\n")
    first_cells = [line.split(";")[0] for line in lines[2:7]]
    assert first_cells == [
        "'=cmd|' /C calc'!A0",
        "'+1",
        "'-1",
        "'@x",
        '"\'=HYPERLINK(""http://x"")"',
    ]
    for line in lines[2:7]:
        assert not line.startswith(("=", "+", "-", "@"))
    # Numbers stay numbers, even negative ones: only text is guarded.
    assert csv_bytes([Column("x")], [[-1]]).decode("utf-8-sig").split("\r\n")[1] == "-1"


def _sheet(body):
    return openpyxl.load_workbook(io.BytesIO(body)).active


def test_xlsx_has_a_frozen_filterable_header_with_dates_and_numbers():
    ws = _sheet(xlsx_bytes(COLUMNS, _rows(), sheet_title="Tidsbalance"))
    assert ws.title == "Tidsbalance"
    assert [c.value for c in ws[1]] == ["Navn", "Dato", "Timer", "Antal"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D7"
    assert ws["A2"].value == "Søren Ærø"
    assert ws["B2"].is_date and ws["B2"].value == datetime.datetime(2026, 9, 1)
    assert ws["C2"].data_type == "n" and ws["C2"].value == 6.5
    assert ws["D2"].data_type == "n" and ws["D2"].value == 3
    assert ws["B3"].value is None  # None is an empty cell


def test_xlsx_formula_looking_text_stays_text():
    ws = _sheet(xlsx_bytes(COLUMNS, _rows()))
    for row, text in enumerate(DANGEROUS, start=3):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type == "s", text
        assert cell.value == text


def test_an_empty_export_still_has_its_header():
    ws = _sheet(xlsx_bytes(COLUMNS, []))
    assert [c.value for c in ws[1]] == ["Navn", "Dato", "Timer", "Antal"]
    assert ws.max_row == 1
    assert csv_bytes(COLUMNS, []).decode("utf-8-sig") == "Navn;Dato;Timer;Antal\r\n"


def test_export_response_is_a_private_dated_download():
    csv_response = export_response("csv", "personer", COLUMNS, iter(_rows()))
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"].startswith('attachment; filename="personer-')
    assert csv_response["Content-Disposition"].endswith('.csv"')
    assert csv_response["Cache-Control"] == "private, no-store"
    xlsx_response = export_response("xlsx", "personer", COLUMNS, iter(_rows()))
    assert xlsx_response["Content-Type"].endswith("spreadsheetml.sheet")
    assert xlsx_response["Content-Disposition"].endswith('.xlsx"')
    assert _sheet(xlsx_response.content)["A2"].value == "Søren Ærø"
