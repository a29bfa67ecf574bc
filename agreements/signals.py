"""An agreement's desk periods go with it (DeskPeriod names its source agreement by id only,
because netvaerk sits below this app).

`agreement_agreed` is sent when both parties have confirmed an agreement (services.
agreement_confirm), inside its transaction, with `agreement=` and `person=` (the party who
confirmed last): the apps above this one (competences: the co-driver's training) take what
they keep from the agreed answers without this app knowing them."""

from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from netvaerk.models import DeskPeriod

from .models import Agreement

agreement_agreed = Signal()


@receiver(post_delete, sender=Agreement, dispatch_uid="agreement-desk-periods")
def agreement_deleted(sender, instance, **kwargs):
    DeskPeriod.objects.filter(source_agreement_id=instance.pk).delete()
