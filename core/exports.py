"""Spreadsheet exports: one table (header + rows) as CSV for Danish Excel, or as XLSX.

CSV is UTF-8 with a byte-order mark and `;` as separator, which is what Danish Excel opens
without an import dialog. XLSX is written by XlsxWriter: dates as dates, numbers as numbers,
the header row frozen and filterable. No cell can run as a formula: text beginning with
`=`, `+`, `-`, `@` (or a tab or carriage return) is prefixed with an apostrophe in CSV and
always written as text in XLSX.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Column:
    title: str
    width: int = 18  # XLSX column width in characters


def safe_text(value):
    """Text that a spreadsheet shows as text, never evaluates."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, (int, float, Decimal)):
        return str(value).replace(".", ",")  # Danish decimal comma
    return safe_text(value)


def csv_bytes(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(c.title) for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(columns, rows, *, sheet_title="Eksport"):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(sheet_title[:31])
    bold = book.add_format({"bold": True})
    date_fmt = book.add_format({"num_format": "dd-mm-yyyy"})
    datetime_fmt = book.add_format({"num_format": "dd-mm-yyyy hh:mm"})
    number_fmt = book.add_format({"num_format": "0.0"})
    for c, column in enumerate(columns):
        sheet.write_string(0, c, column.title, bold)
        sheet.set_column(c, c, column.width)
    count = 0
    for r, row in enumerate(rows, start=1):
        count = r
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, datetime.datetime):
                local = timezone.localtime(value).replace(tzinfo=None)
                sheet.write_datetime(r, c, local, datetime_fmt)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(r, c, value, date_fmt)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            elif isinstance(value, (float, Decimal)):
                sheet.write_number(r, c, float(value), number_fmt)
            else:
                sheet.write_string(r, c, str(value))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), max(len(columns) - 1, 0))
    book.close()
    return out.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_response(fmt, filename, columns, rows, *, sheet_title="Eksport"):
    """The table as a download; `fmt` is "csv" or "xlsx" (anything else is a 404),
    `filename` has no extension. `rows` may be a generator: it is read only here."""
    if fmt == "xlsx":
        body = xlsx_bytes(columns, rows, sheet_title=sheet_title)
    elif fmt == "csv":
        body = csv_bytes(columns, rows)
    else:
        raise Http404
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
