"""The organisation from the municipality's own data: `manage.py import_org`.

Two sources, one mapping: a CSV bundle (`csvbundle.py`) and OS2mo's GraphQL API
(`roles/os2mo.py`) both give the rows of `rows.py`; `sync.py` checks them and brings the
departments and people in line, in one transaction.
"""

from .csvbundle import read_csv_bundle
from .rows import DepartmentRow, PersonRow, Problem, Source, check
from .sync import KINDS, MAX_LEAVERS, Changes, ImportRefused, organisation_import

__all__ = [
    "KINDS",
    "MAX_LEAVERS",
    "Changes",
    "DepartmentRow",
    "ImportRefused",
    "PersonRow",
    "Problem",
    "Source",
    "check",
    "organisation_import",
    "read_csv_bundle",
]
