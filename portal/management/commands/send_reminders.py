from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from notifications.kinds import Kind, title
from portal import reminders

KINDS = [
    Kind.TALK_TOMORROW,
    Kind.AGREEMENT_OVERDUE,
    Kind.TEST_PHASE_SOON,
    Kind.TEST_ENDING,
    Kind.BREAK_STARTS,
    Kind.NO_HOURS,
    Kind.PAMPHLET_MISSING,
    Kind.PROPOSAL_DEADLINE,
]


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Ugyldig dato {text!r}: brug ÅÅÅÅ-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Send dagens påmindelser (samtaler i morgen, aftaler efter fristen, testfase, pauser, "
        "timer, pjecer, frister for temaforslag). Kan køres flere gange samme dag: hver "
        "påmindelse sendes én gang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="Datoen påmindelserne regnes fra, ÅÅÅÅ-MM-DD (standard: i dag).",
        )

    def handle(self, *args, **options):
        today = options["date"] or timezone.localdate()
        # One transaction: the e-mails are queued when it commits, never for a rolled-back run.
        with transaction.atomic():
            report = reminders.run(today)
        self.stdout.write(f"Påmindelser for {today.isoformat()}:")
        for kind in KINDS:
            if kind in report.failed:
                text = "fejlede (se loggen)"
            elif kind in report.skipped:
                text = "springes over (findes ikke endnu)"
            else:
                text = str(report.counts.get(kind, 0))
            self.stdout.write(f"  {title(kind)}: {text}")
        total = sum(report.counts.values())
        self.stdout.write(f"I alt {total} nye notifikationer.")
        if report.failed:
            self.stderr.write(
                f"{len(report.failed)} regel/regler fejlede; de øvrige er kørt. Se loggen."
            )
