from collections import namedtuple

from .models import CoDriverProfile, Competence, RoleDescription

DepartmentChoice = namedtuple("DepartmentChoice", "pk path depth name")


def department_choices(departments):
    """`departments` (a queryset) in tree order as plain values, for a picker: 150
    departments as models cost more than the rest of the filters around them."""
    return [
        DepartmentChoice(*values)
        for values in departments.order_by("path").values_list("pk", "path", "depth", "name")
    ]


def role_extras(role):
    """The lists that belong to some roles' pages: competences, co-driver profiles."""
    if role.key == RoleDescription.Key.NETWORK_LEADER:
        return {"competences": Competence.objects.all()}
    if role.key == RoleDescription.Key.CO_DRIVER:
        return {"profiles": CoDriverProfile.objects.all()}
    return {}
