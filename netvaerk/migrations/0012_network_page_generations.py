from django.db import migrations

from core.generations import track, untrack

NETWORK_TABLES = [
    "netvaerk_network",
    "netvaerk_network_departments",
    "netvaerk_phase",
    "netvaerk_phasechange",
    "netvaerk_networkplan",
    "netvaerk_planstep",
    "netvaerk_deskperiod",
]


class Migration(migrations.Migration):
    """What the network page shows gets topics of its own: "networks" for the networks, their
    phases, plans and desk periods, and "network_roles" for the roles, which move out of
    "time_balance" (left with the stored figures, written whenever hours are logged)."""

    dependencies = [
        ("netvaerk", "0011_time_balance_generation"),
        ("roles", "0011_departments_and_names_generations"),
    ]

    operations = [
        untrack("netvaerk_networkrole", "time_balance"),
        track("netvaerk_networkrole", "network_roles"),
        *(track(table, "networks") for table in NETWORK_TABLES),
    ]
