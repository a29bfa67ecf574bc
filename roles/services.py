"""Writes to the line organisation. Keyword-only, atomic."""

from django.db import transaction

from .models import Department, Person
from .signals import line_managers_changed


@transaction.atomic
def people_assign_line_managers(*, people=None):
    """Set every person's personnel leader from the department tree. Returns how many changed.

    Used when the organisation is loaded or reorganised; a personnel leader set by hand in
    the admin stays until this is run again.
    """
    departments = {d.pk: d for d in Department.objects.all()}
    managers = {d.pk: d.manager_id for d in departments.values()}
    parents = {}
    for d in departments.values():
        parent_path = d.path[: -d.steplen] if d.depth > 1 else None
        parents[d.pk] = parent_path
    by_path = {d.path: d.pk for d in departments.values()}

    def manager_above(dept_pk, person_pk):
        current = dept_pk
        while current is not None:
            manager_id = managers.get(current)
            if manager_id and manager_id != person_pk:
                return manager_id
            parent_path = parents.get(current)
            current = by_path.get(parent_path) if parent_path else None
        return None

    queryset = people if people is not None else Person.objects.all()
    changed = []
    for person in queryset.only("pk", "department_id", "manager_id"):
        if person.department_id is None:
            continue
        manager_id = manager_above(person.department_id, person.pk)
        if manager_id != person.manager_id:
            person.manager_id = manager_id
            changed.append(person)
    Person.objects.bulk_update(changed, ["manager"], batch_size=2000)
    if changed:
        line_managers_changed.send(sender=Person)
    return len(changed)
