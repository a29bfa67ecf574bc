"""Keeps each network's workspace summary current: whatever it reads is saved or deleted,
the network's summary is recomputed (see portal.summaries and core.keep_current: at once on
a save, after the commit on a delete)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from agreements.models import Agreement, Confirmation, PamphletHandout, Template
from core import keep_current
from netvaerk.models import (
    Network,
    NetworkPlan,
    NetworkRole,
    Phase,
    PhaseChange,
    PlanStep,
    TimeEntry,
)
from netvaerk.signals import plan_changed
from roles.models import Person
from roles.signals import line_managers_changed

from . import summaries
from .models import NetworkSummary, Rules

# Rows that carry their network's id. Plan steps and confirmations reach it through their
# parent; their deletes come with a save of the parent or a plan_changed signal.
BY_NETWORK_ID = (NetworkRole, NetworkPlan, PhaseChange, TimeEntry, Agreement, PamphletHandout)
NAME_FIELDS = {"first_name", "last_name", "username"}

_summaries = keep_current.PerNetwork(
    summaries.refresh,
    summaries.mark_stale,
    "Netværksoverblikket kunne ikke genberegnes for netværk %s",
)
_refresh = _summaries.now
_refresh_after_commit = _summaries.after_commit


@receiver(post_save, sender=Network, dispatch_uid="summary-network")
def _network_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures: the command that loads them refreshes afterwards
        _refresh([instance.pk])


def _row_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh([instance.network_id])


def _row_deleted(sender, instance, **kwargs):
    _refresh_after_commit([instance.network_id])


for model in BY_NETWORK_ID:
    post_save.connect(_row_saved, sender=model, dispatch_uid=f"summary-save-{model.__name__}")
    post_delete.connect(_row_deleted, sender=model, dispatch_uid=f"summary-del-{model.__name__}")


@receiver(post_save, sender=PlanStep, dispatch_uid="summary-plan-step")
def _plan_step_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        plans = NetworkPlan.objects.filter(pk=instance.plan_id)
        _refresh(plans.values_list("network_id", flat=True))


@receiver(post_save, sender=Confirmation, dispatch_uid="summary-confirmation")
def _confirmation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        agreements = Agreement.objects.filter(pk=instance.agreement_id)
        _refresh(agreements.values_list("network_id", flat=True))


@receiver(plan_changed, dispatch_uid="summary-plan")
def _plan_changed(sender, network_id, **kwargs):
    _refresh([network_id])


@receiver(post_save, sender=Person, dispatch_uid="summary-person")
@receiver(post_save, sender=get_user_model(), dispatch_uid="summary-user")
def _person_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    """A renamed person (the name is on the user), or a leader with a new personnel leader.
    A login saves only the user's last_login: nothing to do."""
    if raw or (sender is not Person and update_fields and not NAME_FIELDS & set(update_fields)):
        return
    person = Q(pk=instance.pk) if sender is Person else Q(user_id=instance.pk)
    people = Person.objects.filter(person).values("pk")
    ids = NetworkSummary.objects.filter(
        Q(leader__in=people) | Q(co_driver__in=people) | Q(reference_leader__in=people)
    ).values_list("network_id", flat=True)
    _refresh(list(ids))


@receiver(post_save, sender=Rules, dispatch_uid="summary-rules")
@receiver(post_save, sender=Template, dispatch_uid="summary-template")
@receiver(post_save, sender=Phase, dispatch_uid="summary-phase")
@receiver(line_managers_changed, dispatch_uid="summary-line-managers")
def _everything_changed(sender, raw=False, **kwargs):
    """A rule, which template is each talk's, a phase's number, or line managers in bulk:
    every summary is recomputed on next use."""
    if not raw:
        summaries.mark_all_stale()
