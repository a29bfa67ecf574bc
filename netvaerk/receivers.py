"""Keeps each role's stored time balance (RoleBalance) current: whenever a role, a plan, a
plan step or logged hours are saved or deleted, the balances of that network's roles are
recomputed (core.keep_current: at once on a save, after the commit on a delete). The week
moving on is left to `manage.py refresh_summaries` and to the time balance page itself.

A refresh locks its network's row (balance.refresh). These receivers are connected before
portal's (netvaerk comes first in INSTALLED_APPS), so a save takes that lock before the
workspace summary's row, in the same order as a save of the network itself: no deadlock."""

from django.db.models.signals import post_delete, post_save

from core import keep_current

from . import balance
from .models import NetworkPlan, NetworkRole, PlanStep, TimeEntry
from .signals import plan_changed

_balances = keep_current.PerNetwork(
    balance.refresh, balance.mark_stale, "Tidsbalancen kunne ikke genberegnes for netværk %s"
)


def _row_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures: the page computes what is missing
        _balances.now([instance.network_id])


def _row_deleted(sender, instance, **kwargs):
    _balances.after_commit([instance.network_id])


def _step_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _balances.now(
            NetworkPlan.objects.filter(pk=instance.plan_id).values_list("network_id", flat=True)
        )


def _step_deleted(sender, instance, **kwargs):
    """A step deleted on its own (the admin's plan form deletes steps after saving the
    plan). Deleted with its plan, the plan's own delete has it covered."""
    _balances.after_commit(
        NetworkPlan.objects.filter(pk=instance.plan_id).values_list("network_id", flat=True)
    )


def _plan_changed(sender, network_id, **kwargs):
    _balances.now([network_id])


def connect():
    for model in (NetworkRole, NetworkPlan, TimeEntry):
        name = model.__name__
        post_save.connect(_row_saved, sender=model, dispatch_uid=f"balance-save-{name}")
        post_delete.connect(_row_deleted, sender=model, dispatch_uid=f"balance-del-{name}")
    post_save.connect(_step_saved, sender=PlanStep, dispatch_uid="balance-plan-step")
    post_delete.connect(_step_deleted, sender=PlanStep, dispatch_uid="balance-plan-step-del")
    plan_changed.connect(_plan_changed, dispatch_uid="balance-plan")
