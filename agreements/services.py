"""Writes to agreements and pamphlet hand-outs. Keyword-only, atomic."""

from django.db import transaction

from .models import PamphletHandout


@transaction.atomic
def pamphlet_handout_record(*, network, counterpart, handed_out_on, method, talk_on, by):
    """Record (or correct) that a counterpart has their pamphlet."""
    handout, _created = PamphletHandout.objects.update_or_create(
        network=network,
        role=counterpart.role.key,
        recipient=counterpart.recipient,
        defaults={
            "handed_out_on": handed_out_on,
            "method": method,
            "talk_on": talk_on,
            "recorded_by": by,
        },
    )
    return handout
