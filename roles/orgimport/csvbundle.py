"""The CSV bundle: a folder with departments.csv and people.csv.

UTF-8 with or without a byte-order mark; `;` or `,` as separator, read from the header
line; the first line names the columns (in any order, extra columns ignored). Every problem
is reported with its file and line, and reading goes on, so one run lists them all.
"""

import csv
import io
from pathlib import Path

from .rows import DepartmentRow, PersonRow, Problem, Source

DEPARTMENTS = "departments.csv"
PEOPLE = "people.csv"
DEPARTMENT_COLUMNS = ("id", "name", "parent_id", "manager_id")
OPTIONAL_DEPARTMENT_COLUMNS = ("level",)
PEOPLE_COLUMNS = ("id", "username", "email", "first_name", "last_name", "title", "department_id")


def _separator(header_line):
    return "," if header_line.count(",") > header_line.count(";") else ";"


def _records(path, required, optional, problems):
    """(line, {column: value}) for each data line of one file, or None when the file cannot
    be read at all (missing, not UTF-8, columns missing)."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, None, f"filen mangler i {path.parent}"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "filen er ikke UTF-8"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text.split("\n", 1)[0]))
    records = []
    try:
        header = [column.strip().lower() for column in next(reader, [])]
        missing = [column for column in required if column not in header]
        doubled = sorted({column for column in header if column and header.count(column) > 1})
        if missing or doubled:
            if missing:
                problems.append(
                    Problem(name, 1, "mangler kolonnen " + ", ".join(f"»{c}«" for c in missing))
                )
            if doubled:
                problems.append(Problem(name, 1, "kolonnen står to gange: " + ", ".join(doubled)))
            return None
        wanted = {c: header.index(c) for c in (*required, *optional) if c in header}
        end = reader.line_num
        for fields in reader:
            line, end = end + 1, reader.line_num
            if not any(field.strip() for field in fields):
                continue  # a blank line
            if len(fields) != len(header):
                problems.append(
                    Problem(
                        name,
                        line,
                        f"linjen har {len(fields)} felter, men overskriften har {len(header)}",
                    )
                )
                fields = [*fields, *[""] * len(header)]
            records.append((line, {c: fields[i].strip() for c, i in wanted.items()}))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, f"filen kan ikke læses som CSV: {exc}"))
        return None
    return records


def _level(value, line, problems):
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        problems.append(Problem(DEPARTMENTS, line, f"level »{value}« er ikke et tal"))
        return None


def read_csv_bundle(folder):
    """The Source a bundle folder holds, with every problem met while reading it."""
    folder = Path(folder)
    source = Source(label=PEOPLE)
    departments = _records(
        folder / DEPARTMENTS, DEPARTMENT_COLUMNS, OPTIONAL_DEPARTMENT_COLUMNS, source.problems
    )
    people = _records(folder / PEOPLE, PEOPLE_COLUMNS, (), source.problems)
    source.partial = departments is None or people is None
    source.departments = [
        DepartmentRow(
            id=values["id"],
            name=values["name"],
            parent_id=values["parent_id"],
            manager_id=values["manager_id"],
            level=_level(values.get("level", ""), line, source.problems),
            source=DEPARTMENTS,
            line=line,
        )
        for line, values in departments or []
    ]
    source.people = [PersonRow(**values, source=PEOPLE, line=line) for line, values in people or []]
    return source
