"""Slow work off the request path, on the Django tasks interface (django-tasks, with
django-tasks-db's database backend: SQLite by default, PostgreSQL in production, no extra
server). This module is the one place that imports the library, so moving to Django 6's own
`django.tasks` is a change here only.

What the library leaves out, added thinly on top:
- `enqueue_on_commit`: a job is queued when the caller's transaction commits, never for a
  change that was rolled back;
- `job(retries=…)`: a failed run is queued again later (1, 2, 4, … minutes), each attempt
  a row of its own, so every failure stays visible;
- `daily(...)` and `run_due_daily_jobs`: jobs that run once a day, at most once per day even
  with several workers (a row per job and day claims the run).
"""

import datetime
import functools
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)

ATTEMPT = "_attempt"


def job(*, retries=0, backoff_seconds=60, priority=0, queue_name="default"):
    """Make `func` a job: `func.enqueue(...)` queues it, `func.call(...)` runs it here.

    Arguments must be JSON-serialisable (ids, not objects): the job may run on another
    machine, and must be safe to run twice."""

    def decorate(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT, 1)
            try:
                return func(*args, **kwargs)
            except Exception:
                if attempt <= retries:
                    delay = datetime.timedelta(seconds=backoff_seconds * 2 ** (attempt - 1))
                    logger.warning(
                        "Job %s failed (attempt %s); trying again in %s",
                        wrapped.name,
                        attempt,
                        delay,
                    )
                    wrapped.using(run_after=timezone.now() + delay).enqueue(
                        *args, **{**kwargs, ATTEMPT: attempt + 1}
                    )
                raise

        wrapped = task(priority=priority, queue_name=queue_name)(run)
        return wrapped

    return decorate


def enqueue_on_commit(job_, *args, **kwargs):
    """Queue the job once the current transaction commits (at once outside one)."""
    transaction.on_commit(functools.partial(job_.enqueue, *args, **kwargs), robust=True)


def _local_now():
    return timezone.localtime()


def due_daily_jobs(now=None):
    """The daily jobs whose time of day has come: (name, job path)."""
    now = now or _local_now()
    for name, (path, at) in settings.DAILY_JOBS.items():
        hour, minute = (int(x) for x in at.split(":"))
        if (now.hour, now.minute) >= (hour, minute):
            yield name, path


def run_due_daily_jobs(now=None):
    """Queue each daily job whose time has come and that has not been queued today.

    Safe to call from several workers at once: the (name, day) row is unique, and only the
    caller that creates it queues the job. Returns the names queued."""
    from .models import DailyRun

    now = now or _local_now()
    queued = []
    for name, path in due_daily_jobs(now):
        try:
            with transaction.atomic():
                DailyRun.objects.create(name=name, day=now.date())
                import_string(path).enqueue()
        except IntegrityError:
            continue
        queued.append(name)
    return queued


def run_due_daily_jobs_safely():
    """The worker's schedule tick: a database hiccup is logged, never stops the worker."""
    try:
        return run_due_daily_jobs()
    except Exception:
        logger.exception("Could not queue the daily jobs")
        return []


def run_pending(*, max_jobs=None):
    """Run every job that is due now, here, in this connection and transaction (the
    worker's claim-and-run step, without its loop that recycles connections): for tests and
    benchmarks; production runs `manage.py worker`. Returns how many ran."""
    from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=max_jobs,
        worker_id="inline",
        excluded_queue_names=[],
    )
    ran = 0
    while max_jobs is None or ran < max_jobs:
        ready = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
        with exclusive_transaction(ready.db):
            claimed = ready.get_locked()
            if claimed is not None:
                claimed.claim(worker.worker_id)
        if claimed is None:
            return ran
        worker.run_task(claimed)
        ran += 1
    return ran


def queue_health(days=7):
    """For the secretariat: jobs waiting (and how long the oldest has waited — a worker that
    is not running shows here) and jobs that failed in the last `days` days."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("run_after").values_list("run_after", flat=True).first()
    return {
        "waiting": ready.count(),
        "oldest_minutes": max(0, int((now - oldest).total_seconds() // 60)) if oldest else None,
        "failed": DBTaskResult.objects.failed()
        .filter(finished_at__gte=now - datetime.timedelta(days=days))
        .count(),
        "days": days,
    }
