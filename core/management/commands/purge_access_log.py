"""Delete access-log rows older than settings.ACCESS_LOG_DAYS (run it from the daily timer)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.models import AccessEvent

BATCH_SIZE = 10_000


class Command(BaseCommand):
    help = "Sletter hændelser i adgangsloggen, der er ældre end ACCESS_LOG_DAYS dage."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Tæl kun, hvad der ville blive slettet."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.ACCESS_LOG_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        old = AccessEvent.objects.filter(at__lt=cutoff)
        if dry_run:
            count = old.count()
            self.stdout.write(f"{count} hændelser ældre end {days} dage ville blive slettet.")
            return
        # In batches, so a first purge of millions of rows neither locks the table for long
        # nor builds one huge transaction.
        count = 0
        while True:
            ids = list(old.order_by("at").values_list("pk", flat=True)[:BATCH_SIZE])
            if not ids:
                break
            count += AccessEvent.objects.filter(pk__in=ids).delete()[0]
        self.stdout.write(f"{count} hændelser ældre end {days} dage er slettet.")
