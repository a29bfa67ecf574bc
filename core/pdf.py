"""The one PDF renderer of the portal: WeasyPrint behind a locked-down URL fetcher.

Every PDF (agreements, reflection tools, role pamphlets) is made here from HTML rendered by
the same templates and texts as the pages. Infrastructure only: no domain models.

Safety:
- The URL fetcher serves the portal's own static files and `data:` URLs, nothing else: no
  `file://`, no http(s) or ftp, so no redirects either. It applies to the HTML, every
  stylesheet, image and attachment, because WeasyPrint fetches all of them through it.
- A render runs in a child process with a time limit, at a lower CPU priority. A runaway
  document is stopped and reported in Danish; the web worker lives on.
- A failed render (timed out or broken) is remembered for PDF_FAILURE_SECONDS under the
  content's key: the same content answers at once with the same message, and edited content
  is tried again.
- At most PDF_MAX_CONCURRENT_RENDERS renders run at once on the machine, over all web and job
  workers: a render holds one of that many lock files (flock) in PDF_LOCK_DIR. A web request
  that gets no slot within PDF_RENDER_SLOT_WAIT seconds is answered "try again shortly" (503)
  and its worker is free again.

Speed: a PDF is cached under a hash of its HTML and the renderer's version, so an unchanged
document is served from the cache without rendering again. The cache is a file per PDF in the
storage STORAGES["pdf_cache"] (a folder, which may be a shared mount, or an S3-compatible
bucket), so every app server serves what any of them rendered; a stored PDF older than
PDF_CACHE_SECONDS counts as missing. Remembered failures are small and short-lived: they live
in the default cache (Redis when REDIS_URL is set, so shared by the app servers too).
What the forms accept renders well inside the time limit: see the largest-document case of
bench/pdf_benchmark.py.
"""

import contextlib
import fcntl
import hashlib
import logging
import math
import multiprocessing
import os
import random
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as failure_cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import jobs

logger = logging.getLogger(__name__)

RENDERER_VERSION = "3"  # 2: margin boxes as artifacts, header cells with scope; 3: soft wrap


class PdfError(Exception):
    """A PDF could not be made. The message is for the user, in their language."""


class PdfTimeout(PdfError):
    pass


class PdfBusy(PdfError):
    """Every render slot on the machine is taken: try again in a moment. Not remembered."""

    retry_after = 10


def static_roots():
    """Where the fetcher may read: the project's static folders and the collected files."""
    roots = [Path(p) for p in settings.STATICFILES_DIRS] + [Path(settings.STATIC_ROOT)]
    return [str(r.resolve()) for r in roots if r.exists()]


_context = None


def _mp_context():
    """A fork server that has imported and warmed WeasyPrint once: each render forks from
    it, fast, from a process that holds no database connections or request threads."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(["core.pdf_worker"])
    return _context


def render_pdf(html, *, timeout=None):
    """Render HTML to a tagged PDF (PDF/UA-1) in a child process, within `timeout` seconds:
    a child of the machine's render server (core/pdf_server.py) when there is one, else of
    this process's own fork server."""
    timeout = settings.PDF_RENDER_TIMEOUT if timeout is None else timeout
    with _render_process(html, timeout) as parent:
        if not parent.poll(timeout):
            exc = PdfTimeout(_timeout_message(timeout))
            exc.seconds = timeout
            raise exc
        try:
            message = parent.recv_bytes()
        except EOFError as exc:  # the render process died: not the content's fault
            error = PdfError(_("PDF'en kunne ikke laves. Prøv igen om lidt."))
            error.transient = True
            raise error from exc
    if message[:2] != b"OK":
        logger.error("PDF render failed: %s", message[2:].decode(errors="replace"))
        raise PdfError(_content_error_message())
    return message[2:]


def _server_connection(html, timeout):
    """A connection to the machine's render server with `html` sent, or None when there is
    no server or it does not answer (then this process renders)."""
    address = settings.PDF_RENDER_SOCKET
    if not address:
        return None
    from . import pdf_server

    try:
        return pdf_server.client(
            address, html, static_roots(), nice=settings.PDF_RENDER_NICE, timeout=timeout
        )
    except OSError as exc:
        logger.warning("The render server at %s does not answer (%s): rendering here", address, exc)
        return None


@contextlib.contextmanager
def _render_process(html, timeout):
    """The connection to a render process that has been given `html`."""
    conn = _server_connection(html, timeout)
    if conn is not None:
        with contextlib.closing(conn):
            yield conn
        return
    from . import pdf_worker

    ctx = _mp_context()
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=pdf_worker.child,
        args=(child, html, static_roots()),
        kwargs={"nice": settings.PDF_RENDER_NICE},
    )
    process.daemon = True
    process.start()
    child.close()
    try:
        yield parent
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join(5)


def _timeout_message(seconds):
    if float(seconds).is_integer():
        seconds = int(seconds)  # "20 sekunder", not "20,0 sekunder"
    return _(
        "PDF'en kunne ikke laves inden for %(seconds)s sekunder. Dokumentet er "
        "for stort eller for komplekst. Kort teksten ned, eller kontakt "
        "sekretariatet."
    ) % {"seconds": number_format(seconds)}


def _content_error_message():
    return _(
        "PDF'en kunne ikke laves af dokumentets indhold. Ret teksten, eller kontakt "
        "sekretariatet, hvis det bliver ved."
    )


def _busy_message():
    return _("Der laves mange PDF'er lige nu. Prøv igen om et øjeblik.")


@contextlib.contextmanager
def render_slot(wait):
    """Hold one of the machine's PDF_MAX_CONCURRENT_RENDERS render slots while rendering.

    A slot is an exclusive flock on one of that many files in PDF_LOCK_DIR, shared by every
    web and job worker on the machine. The kernel drops the lock when its holder ends, so a
    killed worker never keeps a slot. Raises PdfBusy when no slot is free within `wait`
    seconds.
    """
    directory = Path(settings.PDF_LOCK_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    slots = max(1, settings.PDF_MAX_CONCURRENT_RENDERS)
    deadline = time.monotonic() + wait
    while True:
        for number in random.sample(range(slots), slots):  # spread over the slots
            fd = os.open(directory / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT, 0o660)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield number
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() >= deadline:
            raise PdfBusy(_busy_message())
        time.sleep(0.05 + random.random() * 0.05)


PDF_FOLDER = "pdf"


def cache_key(html, variant=""):
    digest = hashlib.sha256(html.encode("utf-8"))
    digest.update(f"|{variant}|{RENDERER_VERSION}".encode())
    return f"pdf:{digest.hexdigest()}"


def pdf_storage():
    return storages["pdf_cache"]


def _stored_name(key):
    return f"{PDF_FOLDER}/{key.removeprefix('pdf:')}.pdf"


def stored_pdf(key, storage=None):
    """The cached PDF under this key, or None when there is none or it is older than
    PDF_CACHE_SECONDS. A storage that cannot be read counts as a miss (logged)."""
    storage = storage or pdf_storage()
    name = _stored_name(key)
    try:
        with storage.open(name, "rb") as file:
            modified = storage.get_modified_time(name)
            if timezone.now() - modified > timedelta(seconds=settings.PDF_CACHE_SECONDS):
                return None
            return file.read()
    except FileNotFoundError:
        return None
    except Exception:
        logger.exception("The PDF cache could not be read (%s)", name)
        return None


def store_pdf(key, pdf, storage=None):
    """Keep the PDF under its key: written whole or not at all (a temporary file renamed
    into place on a folder, one PUT on S3). A storage that cannot be written is logged:
    the PDF is still served, and rendered again next time."""
    storage = storage or pdf_storage()
    try:
        storage.save(_stored_name(key), ContentFile(pdf))
    except Exception:
        logger.exception("The PDF cache could not be written")


def _cached_names(storage):
    try:
        _directories, files = storage.listdir(PDF_FOLDER)
    except FileNotFoundError:
        return []
    return [f"{PDF_FOLDER}/{name}" for name in files if name.endswith(".pdf")]


def clear_pdf_cache(storage=None):
    """Delete every cached PDF (anonymisation: a PDF naming a person cannot be found by its
    hash, so all go; each is rendered again on its next download). Returns how many."""
    storage = storage or pdf_storage()
    names = _cached_names(storage)
    for name in names:
        storage.delete(name)
    return len(names)


def prune_pdf_cache(storage=None):
    """Delete the cached PDFs older than PDF_CACHE_SECONDS, which are never served again
    (the daily job; an S3 bucket may also expire them by a rule of its own). A file that
    is gone or cannot be read is left to the next run. Returns how many were deleted."""
    storage = storage or pdf_storage()
    oldest = timezone.now() - timedelta(seconds=settings.PDF_CACHE_SECONDS)
    deleted = 0
    for name in _cached_names(storage):
        try:
            if storage.get_modified_time(name) < oldest:
                storage.delete(name)
                deleted += 1
        except FileNotFoundError:
            continue  # another server's run deleted it first
        except Exception:
            logger.warning("Could not prune %s from the PDF cache", name, exc_info=True)
    return deleted


@jobs.job()
def prune_daily():
    """The worker's daily job: expired PDFs out of the shared cache."""
    return {"deleted": prune_pdf_cache()}


def _failure_key(key):
    return f"{key}:failed"


def _remembered_failure(cache, key):
    """Raise the failure remembered for this content, if any, with the seconds left."""
    failure = cache.get(_failure_key(key))
    if failure is None:
        return
    left = max(1, math.ceil(failure["until"] - time.time()))
    if failure["kind"] == "timeout":
        exc = PdfTimeout(_timeout_message(failure["seconds"]))
    else:
        exc = PdfError(_content_error_message())
    exc.retry_after = left
    raise exc


def _remember_failure(cache, key, exc):
    seconds = settings.PDF_FAILURE_SECONDS
    if seconds <= 0 or getattr(exc, "transient", False):
        return  # only what the content causes is remembered
    cache.set(
        _failure_key(key),
        {
            "kind": "timeout" if isinstance(exc, PdfTimeout) else "error",
            "seconds": getattr(exc, "seconds", settings.PDF_RENDER_TIMEOUT),
            "until": time.time() + seconds,
        },
        timeout=seconds,
    )
    exc.retry_after = seconds


def cached_pdf(html, *, variant="", postprocess=None, slot_wait=None):
    """The PDF for this HTML: from the cache when the content is unchanged, else rendered.

    `postprocess` turns the rendered PDF into the final one (the A5 booklet imposition);
    its result is what is cached. A render waits at most `slot_wait` seconds for a free
    render slot (by default as long as a render may take: jobs can wait; web requests pass
    PDF_RENDER_SLOT_WAIT). A failure is remembered for this content (PdfBusy is not).
    Returns (pdf_bytes, from_cache).
    """
    key = cache_key(html, variant)
    pdf = stored_pdf(key)
    if pdf is not None:
        return pdf, True
    _remembered_failure(failure_cache, key)
    wait = settings.PDF_RENDER_TIMEOUT if slot_wait is None else slot_wait
    with render_slot(wait):
        # Another worker may have made it while this one waited for the slot.
        pdf = stored_pdf(key)
        if pdf is not None:
            return pdf, True
        _remembered_failure(failure_cache, key)
        started = time.perf_counter()
        try:
            pdf = render_pdf(html)
            if postprocess is not None:
                pdf = postprocess(pdf)
        except PdfError as exc:
            _remember_failure(failure_cache, key, exc)
            raise
    store_pdf(key, pdf)
    logger.info("Rendered a PDF in %.0f ms", (time.perf_counter() - started) * 1000)
    return pdf, False


def pdf_response(request, html, *, filename, variant="", postprocess=None):
    """The HTTP answer for a PDF download, cached by content; a failed render is a Danish
    error page (503 with Retry-After), never a half-written file."""
    try:
        pdf, from_cache = cached_pdf(
            html,
            variant=variant,
            postprocess=postprocess,
            slot_wait=settings.PDF_RENDER_SLOT_WAIT,
        )
    except PdfError as exc:
        response = render(
            request,
            "pdf_error.html",
            {"message": str(exc), "busy": isinstance(exc, PdfBusy)},
            status=503,
        )
        response["Retry-After"] = str(getattr(exc, "retry_after", PdfBusy.retry_after))
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-PDF-Cache"] = "hit" if from_cache else "miss"
    return response
