"""Two real transactions at once, for the PostgreSQL tests of the locks that keep stored
figures per network correct (netvaerk.models.NetworkQuerySet.locked)."""

import threading
import time

from django.db import connection, transaction


def one_after_the_other_at_once(first, second, *, pause=0.3):
    """Run `first()` and `second()` each in its own transaction and thread: `second` starts
    once `first` has saved, while `first` keeps its transaction open for `pause` seconds.
    Returns the exceptions either raised."""
    first_saved, second_started = threading.Event(), threading.Event()
    errors = []

    def run_first():
        try:
            with transaction.atomic():
                first()
                first_saved.set()
                second_started.wait(5)
                time.sleep(pause)  # the second now computes, or waits for the lock
        except Exception as exc:  # pragma: no cover - reported to the test
            errors.append(exc)
        finally:
            connection.close()

    def run_second():
        try:
            first_saved.wait(5)
            second_started.set()
            with transaction.atomic():
                second()
        except Exception as exc:  # pragma: no cover - reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    return errors
