"""Keeps each network's workspace summary current: whatever it reads is saved or deleted,
the network's summary is recomputed in the same transaction (see portal.summaries)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from agreements.models import Agreement, Confirmation, PamphletHandout
from netvaerk.models import Network, NetworkPlan, NetworkRole, PhaseChange, PlanStep, TimeEntry
from netvaerk.signals import plan_changed
from roles.models import Person

from . import summaries
from .models import NetworkSummary, Rules

BY_NETWORK_ID = (NetworkRole, NetworkPlan, PhaseChange, TimeEntry, Agreement, PamphletHandout)


def _refresh(ids):
    ids = [i for i in ids if i]
    if not ids:
        return
    summaries.refresh(list(Network.objects.filter(pk__in=ids).values_list("pk", flat=True)))


def _changed(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures: the command that loads them refreshes afterwards
        return
    if sender is Network:
        ids = [instance.pk] if kwargs.get("signal") is post_save else []
    elif sender is PlanStep:
        ids = list(
            NetworkPlan.objects.filter(pk=instance.plan_id).values_list("network_id", flat=True)
        )
    elif sender is Confirmation:
        ids = list(
            Agreement.objects.filter(pk=instance.agreement_id).values_list("network_id", flat=True)
        )
    else:
        ids = [instance.network_id]
    if kwargs.get("signal") is post_delete:
        # A delete may be a cascade from the network itself, which goes last: refresh once
        # the transaction is done, when only networks that still exist are recomputed.
        transaction.on_commit(lambda: _refresh(ids))
    else:
        _refresh(ids)


for model in (Network, PlanStep, Confirmation, *BY_NETWORK_ID):
    post_save.connect(_changed, sender=model, dispatch_uid=f"summary-save-{model.__name__}")
    if model is not Network:
        post_delete.connect(_changed, sender=model, dispatch_uid=f"summary-del-{model.__name__}")


@receiver(post_save, sender=Person, dispatch_uid="summary-person")
@receiver(post_save, sender=get_user_model(), dispatch_uid="summary-user")
def _person_changed(sender, instance, raw=False, **kwargs):
    """A renamed person (the name is on the user), or a leader with a new personnel leader."""
    if raw:
        return
    person = Q(pk=instance.pk) if sender is Person else Q(user_id=instance.pk)
    people = Person.objects.filter(person).values("pk")
    ids = NetworkSummary.objects.filter(
        Q(leader__in=people) | Q(co_driver__in=people) | Q(reference_leader__in=people)
    ).values_list("network_id", flat=True)
    _refresh(list(ids))


@receiver(plan_changed, dispatch_uid="summary-plan")
def _plan_changed(sender, network_id, **kwargs):
    _refresh([network_id])


@receiver(post_save, sender=Rules, dispatch_uid="summary-rules")
def _rules_changed(sender, instance, raw=False, **kwargs):
    summaries.mark_all_stale()
