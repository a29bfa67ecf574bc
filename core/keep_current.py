"""Figures stored per network (the workspace's summaries, the time balance) kept current
from the signals of the rows they read.

A save recomputes at once, inside a savepoint: a failure there is logged and never fails the
user's own save; the networks' rows are then marked stale, so the reader recomputes them.
Deletes are gathered and recomputed once the transaction commits, because a delete may be a
cascade from the network itself, which goes last.
"""

import logging
import threading

from django.db import transaction

logger = logging.getLogger(__name__)


class PerNetwork:
    """`refresh(network_ids)` run for the networks whose rows changed; `mark_stale(ids)` when
    that fails."""

    def __init__(self, refresh, mark_stale, failure):
        self.refresh = refresh
        self.mark_stale = mark_stale
        self.failure = failure  # the log message, with %s for the networks
        self._local = threading.local()  # networks with deletes, per thread, until its commit

    def now(self, ids):
        ids = sorted({i for i in ids if i})
        if not ids:
            return
        try:
            with transaction.atomic():
                self.refresh(ids)
        except Exception:
            logger.exception(self.failure, ids)
            try:
                with transaction.atomic():
                    self.mark_stale(ids)
            except Exception:  # the database itself is failing: the save will fail too
                logger.exception("Could not mark networks %s stale either", ids)

    def _flush(self):
        ids = getattr(self._local, "pending", set())
        self._local.pending = set()
        self.now(ids)

    def after_commit(self, ids):
        pending = getattr(self._local, "pending", None)
        if pending is None:
            pending = self._local.pending = set()
        pending.update(ids)
        # Every time: a rolled-back transaction drops its callbacks, and _flush is cheap when
        # another callback has already taken the ids.
        transaction.on_commit(self._flush)
