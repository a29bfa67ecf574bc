"""What a new web worker would otherwise do on its first requests, done before it takes one:
so no user pays a worker's cold start (about 400 ms on the first request after a restart,
measured in bench/load_benchmark.py).

Called from gunicorn's post_worker_init (netvaerk/gunicorn.py). It reads no request and
writes nothing; a step that fails is logged and skipped, and the worker starts anyway.
"""

import logging
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def _urls():
    """Import every view module (the URL configuration imports them) and compile every
    pattern's regular expression."""
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - populating it compiles every pattern


def _translations():
    """Load each language's merged catalogue (every app's .mo files)."""
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Netværk")


def _templates():
    """Parse the portal's own templates into the cached loader (the admin's are left to be
    parsed when used)."""
    from django.template import engines

    engine = engines["django"]
    for folder in engine.dirs:
        folder = Path(folder)
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".html", ".txt"}:
                engine.get_template(path.relative_to(folder).as_posix())


def _static_manifest():
    """Read the hashed static files' manifest ({% static %} reads it on first use)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    staticfiles_storage._setup()


def _database():
    """Open the worker's database connection (kept for CONN_MAX_AGE)."""
    from django.db import connection

    connection.ensure_connection()


def _code_version():
    """Read the code's digest, which the keys of cached values name (core.generations)."""
    from . import generations

    generations.code_version()


STEPS = (_urls, _translations, _templates, _static_manifest, _database, _code_version)


def warm_up():
    """Run every step; returns the milliseconds each took, by name."""
    took = {}
    for step in STEPS:
        started = time.perf_counter()
        try:
            step()
        except Exception:  # a worker that starts cold is better than none
            logger.exception("Opvarmning af arbejderen: %s mislykkedes", step.__name__)
        took[step.__name__.lstrip("_")] = round((time.perf_counter() - started) * 1000)
    return took
