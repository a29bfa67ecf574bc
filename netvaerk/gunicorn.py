"""gunicorn's settings for the portal:

    gunicorn netvaerk.wsgi --config python:netvaerk.gunicorn --workers 3 --bind 0.0.0.0:8000

- One render pool per machine: the master starts the render server (core/pdf_server.py)
  before its workers and stops it after them; the workers find it through
  PDF_RENDER_SOCKET (by default a socket in a private temporary folder; set it to choose).
  So no worker starts WeasyPrint, and the first PDF after a restart costs what any PDF costs.
- Each worker, once it has loaded the portal, does before its first request what that
  request would otherwise pay for (core/warmup.py: the URL patterns and the views behind
  them, the translations, the templates, the database connection), then moves everything
  loaded so far out of the garbage collector's sight (gc.freeze): the modules, templates and
  translations are never garbage, and the collector no longer walks them during requests.
"""

import contextlib
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDER_SERVER_START_SECONDS = 30

if not os.environ.get("PDF_RENDER_SOCKET"):
    os.environ["PDF_RENDER_SOCKET"] = str(Path(tempfile.mkdtemp(prefix="netvaerk-pdf-")) / "sock")

_render_server = None


def on_starting(server):
    """Start the machine's render server and wait until it listens."""
    global _render_server
    address = os.environ["PDF_RENDER_SOCKET"]
    with contextlib.suppress(FileNotFoundError):
        os.unlink(address)  # a stale socket must not pass for the new server
    _render_server = subprocess.Popen([sys.executable, "-m", "core.pdf_server", address], cwd=ROOT)
    deadline = time.monotonic() + RENDER_SERVER_START_SECONDS
    while not os.path.exists(address):
        if _render_server.poll() is not None or time.monotonic() > deadline:
            server.log.warning("The PDF render server did not start: workers render themselves")
            return
        time.sleep(0.05)
    server.log.info("PDF render server listening on %s", address)


def post_worker_init(worker):
    from core.warmup import warm_up

    worker.log.debug("Warmed up: %s ms", warm_up())
    gc.collect()
    gc.freeze()


def on_exit(server):
    if _render_server is not None and _render_server.poll() is None:
        _render_server.terminate()
        try:
            _render_server.wait(10)
        except subprocess.TimeoutExpired:
            _render_server.kill()
