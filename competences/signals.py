"""What competences takes from the apps below it when something happens there."""

from django.dispatch import receiver

from agreements.signals import agreement_agreed

from . import training


@receiver(agreement_agreed, dispatch_uid="competences-training-from-agreement")
def agreement_agreed_training(sender, agreement, person=None, **kwargs):
    """An agreed co-driver agreement records the co-driver's training (in its transaction)."""
    training.training_from_agreement(agreement=agreement, by=person.user if person else None)
