"""Who may see and change people and the role catalogue. Every view goes through here.

All staff read the directory and the role catalogue: knowing who leads which network and
who their personnel leader is, is the point of the portal. Changes are the secretariat's,
through the admin.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.permissions import is_secretariat

from .models import Department, Person, RoleDescription


def people_visible_to(user):
    return Person.objects.all() if user.is_authenticated else Person.objects.none()


def departments_visible_to(user):
    """The line organisation is open to all staff, as the directory is."""
    return Department.objects.all() if user.is_authenticated else Department.objects.none()


def get_person_for_user(user, pk):
    return get_object_or_404(people_visible_to(user).with_related(), pk=pk)


def get_role_for_user(user, slug):
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(RoleDescription, slug=slug)


def can_edit_catalogue(user):
    return is_secretariat(user)


def can_export_directory(user):
    """The whole directory as a spreadsheet is the secretariat's: 45,000 people's details."""
    return is_secretariat(user)


def can_pick_people(user):
    """The person picker's search serves the forms that pick a person: an employee's
    (a theme proposal's suggested leaders) and the secretariat's (roles in networks)."""
    return person_for_user(user) is not None or is_secretariat(user)


def person_for_user(user):
    """The Person behind a login, or None (an admin account need not be an employee)."""
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None
