"""The job worker: runs queued jobs (django-tasks-db's worker) and, once a minute, queues the
daily jobs whose time has come (settings.DAILY_JOBS), once per day across all workers.

    python manage.py worker            # run until stopped (systemd: see the README)
    python manage.py worker --batch    # run what is due, then stop
"""

import logging
import threading

from django.db import close_old_connections
from django_tasks_db.management.commands import db_worker

from core import jobs

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = "Kør baggrundsjob og de daglige job (påmindelser, sammendrag)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Queue no daily jobs from this worker.",
        )

    def handle(self, *args, no_schedule=False, **options):
        if not no_schedule:
            jobs.run_due_daily_jobs_safely()
            if not options.get("batch"):
                threading.Thread(target=_schedule_loop, daemon=True, name="daily").start()
        super().handle(*args, **options)


def _schedule_loop():
    stop = threading.Event()
    while not stop.wait(60):
        jobs.run_due_daily_jobs_safely()
        close_old_connections()
