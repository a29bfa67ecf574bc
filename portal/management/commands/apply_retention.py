"""Apply the retention periods (portal/retention.py); run it from the daily timer.

python manage.py apply_retention [--dry-run] [--date YYYY-MM-DD]
"""

import datetime

from django.core.management.base import BaseCommand

from portal.retention import apply_retention, periods


class Command(BaseCommand):
    help = (
        "Anonymiserer fratrådte efter RETENTION_LEAVER_YEARS år og sletter timeregistreringer "
        "og adgangslog ældre end deres perioder. --dry-run viser blot, hvad der ville ske."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Vis, men ændr intet.")
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Kør som af dato.")

    def handle(self, *args, dry_run, date, **options):
        p = periods()
        self.stdout.write(
            f"Perioder: fratrådte {p['leaver_years']} år, timer {p['time_log_years']} år, "
            f"adgangslog {p['access_log_days']} dage"
        )
        result = apply_retention(dry_run=dry_run, today=date, log=self.stdout.write)
        if dry_run:
            self.stdout.write(self.style.WARNING("Prøvekørsel: intet er ændret."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(result['anonymised'])} anonymiseret, {result['time_entries']} "
                    f"timeregistreringer og {result['access_events']} loghændelser slettet."
                )
            )
