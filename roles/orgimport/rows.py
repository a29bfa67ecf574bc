"""The organisation as a source system gives it: the rows every source is mapped to.

A CSV bundle (`csvbundle.py`) and OS2mo (`roles/os2mo.py`) both produce a `Source`:
departments and people keyed by the source system's stable ids. Each row remembers where it
came from ("people.csv", line 17; "OS2mo employee <uuid>"), so every problem names its place.
`check` finds everything wrong with a source at once; nothing is written while anything is.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Department paths are 255 characters of 4-character steps (django-treebeard).
MAX_DEPTH = 63
MAX_MANAGER_LEVEL = 5
# Django's own rule for usernames (UnicodeUsernameValidator), with its length.
USERNAME = re.compile(r"^[\w.@+-]+\Z")
LENGTHS = {
    "id": 64,
    "name": 200,
    "username": 150,
    "email": 254,
    "first_name": 150,
    "last_name": 150,
    "title": 200,
}


@dataclass(frozen=True)
class Problem:
    """Something wrong with the data, and where: a file and line, or a source object."""

    source: str
    line: int | None
    message: str

    def __str__(self):
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"

    @property
    def order(self):
        return (self.source, self.line or 0, self.message)


@dataclass
class DepartmentRow:
    id: str
    name: str
    parent_id: str = ""
    manager_id: str = ""
    level: int | None = None  # None: derived from the depth
    source: str = ""
    line: int | None = None

    def problem(self, message):
        return Problem(self.source, self.line, message)


@dataclass
class PersonRow:
    id: str
    username: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    title: str = ""
    department_id: str = ""
    source: str = ""
    line: int | None = None

    def problem(self, message):
        return Problem(self.source, self.line, message)

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}".strip() or self.username


@dataclass
class Source:
    """Everything one source said, with what went wrong reading it.

    `partial` is set when a whole file or answer could not be read: its rows are then
    missing, and references into it are not reported as unknown. `label` names the source
    in a problem about it as a whole."""

    label: str = "kilden"
    departments: list = field(default_factory=list)
    people: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    partial: bool = False


def _where(row):
    return f"linje {row.line}" if row.line else row.source


def _check_fields(row, fields, problems):
    for name in fields:
        value = getattr(row, name)
        if len(value) > LENGTHS[name]:
            problems.append(row.problem(f"{name} er længere end {LENGTHS[name]} tegn"))


def _duplicates(rows, field, label, problems, fold=False):
    seen = {}
    for row in rows:
        value = getattr(row, field)
        if not value:
            continue
        first = seen.setdefault(value.casefold() if fold else value, row)
        if first is not row:
            problems.append(row.problem(f"{label} »{value}« står også på {_where(first)}"))


def depths(departments):
    """{id: depth}, the top being 1. A ring is left out (check() reports it); an unknown
    parent counts as none."""
    by_id = {d.id: d for d in departments}
    result = {}
    for dept in departments:
        chain, seen, current = [], set(), dept
        while current is not None and current.id not in result:
            if current.id in seen:
                chain = None
                break
            seen.add(current.id)
            chain.append(current)
            current = by_id.get(current.parent_id) if current.parent_id else None
        if chain is None:
            continue
        base = result[current.id] if current is not None else 0
        for offset, row in enumerate(reversed(chain), start=1):
            result[row.id] = base + offset
    return result


def _rings(departments, problems):
    """Report each ring of parents once, at its first line."""
    by_id = {d.id: d for d in departments}
    state = {}  # id → "open" while walked, "done" after
    for start in departments:
        path = []
        current = start
        while current is not None and state.get(current.id) is None:
            state[current.id] = "open"
            path.append(current)
            current = by_id.get(current.parent_id) if current.parent_id else None
        if current is not None and state.get(current.id) == "open":
            ring = path[path.index(current) :]
            first = min(ring, key=lambda r: (r.line or 0, r.id))
            members = " → ".join(f"{r.id} ({_where(r)})" for r in [*ring, ring[0]])
            problems.append(first.problem(f"afdelingerne danner en ring af overordnede: {members}"))
        for row in path:
            state[row.id] = "done"


def check(source):
    """Every problem with the rows themselves and between them, in file and line order."""
    problems = []
    departments, people = source.departments, source.people
    dept_ids = {d.id for d in departments}
    person_ids = {p.id for p in people}

    for dept in departments:
        if not dept.id:
            problems.append(dept.problem("id mangler"))
        if not dept.name:
            problems.append(dept.problem("name mangler"))
        _check_fields(dept, ("id", "name"), problems)
        if dept.level is not None and not 1 <= dept.level <= MAX_MANAGER_LEVEL:
            problems.append(dept.problem(f"level skal være 1–{MAX_MANAGER_LEVEL}"))
        if dept.parent_id and dept.parent_id == dept.id:
            problems.append(dept.problem("afdelingen er sin egen overordnede (parent_id = id)"))
        elif dept.parent_id and dept.parent_id not in dept_ids and not source.partial:
            problems.append(dept.problem(f"parent_id »{dept.parent_id}« er ingen afdeling"))
        if dept.manager_id and dept.manager_id not in person_ids and not source.partial:
            problems.append(dept.problem(f"manager_id »{dept.manager_id}« er ingen person"))
    _duplicates(departments, "id", "id'et", problems)
    _rings([d for d in departments if d.parent_id != d.id], problems)
    for dept_id, depth in depths(departments).items():
        if depth > MAX_DEPTH:
            row = next(d for d in departments if d.id == dept_id)
            problems.append(row.problem(f"afdelingen ligger mere end {MAX_DEPTH} niveauer nede"))
            break

    for person in people:
        if not person.id:
            problems.append(person.problem("id mangler"))
        if not person.username:
            problems.append(person.problem("username mangler"))
        elif not USERNAME.match(person.username):
            problems.append(
                person.problem(
                    f"username »{person.username}« må kun have bogstaver, tal og @ . + - _"
                )
            )
        if person.email:
            try:
                validate_email(person.email)
            except ValidationError:
                problems.append(person.problem(f"email »{person.email}« er ingen e-mailadresse"))
        _check_fields(
            person, ("id", "username", "email", "first_name", "last_name", "title"), problems
        )
        if person.department_id and person.department_id not in dept_ids and not source.partial:
            problems.append(
                person.problem(f"department_id »{person.department_id}« er ingen afdeling")
            )
    _duplicates(people, "id", "id'et", problems)
    _duplicates(people, "username", "brugernavnet", problems, fold=True)
    _duplicates(people, "email", "e-mailadressen", problems, fold=True)
    return sorted(problems, key=lambda p: p.order)
