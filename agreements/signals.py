"""An agreement's desk periods go with it (DeskPeriod names its source agreement by id only,
because netvaerk sits below this app)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from netvaerk.models import DeskPeriod

from .models import Agreement


@receiver(post_delete, sender=Agreement, dispatch_uid="agreement-desk-periods")
def agreement_deleted(sender, instance, **kwargs):
    DeskPeriod.objects.filter(source_agreement_id=instance.pk).delete()
