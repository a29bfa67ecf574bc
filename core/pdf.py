"""The one PDF renderer of the portal: WeasyPrint behind a locked-down URL fetcher.

Every PDF (agreements, reflection tools, role pamphlets) is made here from HTML rendered by
the same templates and texts as the pages. Infrastructure only: no domain models.

Safety:
- The URL fetcher serves the portal's own static files and `data:` URLs, nothing else: no
  `file://`, no http(s) or ftp, so no redirects either. It applies to the HTML, every
  stylesheet, image and attachment, because WeasyPrint fetches all of them through it.
- A render runs in a child process with a time limit. A runaway document (a 50,000-character
  answer, a pathological table) is stopped and reported in Danish; the web worker lives on.

Speed: a PDF is cached under a hash of its HTML and the renderer's version, so an unchanged
document is served from the cache without rendering again.
"""

import hashlib
import logging
import multiprocessing
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RENDERER_VERSION = "1"


class PdfError(Exception):
    """A PDF could not be made. The message is for the user, in their language."""


class PdfTimeout(PdfError):
    pass


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
    """Render HTML to a tagged PDF (PDF/UA-1) in a child process, within `timeout` seconds."""
    from . import pdf_worker

    timeout = settings.PDF_RENDER_TIMEOUT if timeout is None else timeout
    ctx = _mp_context()
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=pdf_worker.child, args=(child, html, static_roots()))
    process.daemon = True
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise PdfTimeout(
                _(
                    "PDF'en kunne ikke laves inden for %(seconds)s sekunder. Dokumentet er "
                    "for stort eller for komplekst. Kort teksten ned, eller kontakt "
                    "sekretariatet."
                )
                % {"seconds": number_format(timeout)}
            )
        try:
            message = parent.recv_bytes()
        except EOFError as exc:
            raise PdfError(_("PDF'en kunne ikke laves. Prøv igen om lidt.")) from exc
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if message[:2] != b"OK":
        logger.error("PDF render failed: %s", message[2:].decode(errors="replace"))
        raise PdfError(_("PDF'en kunne ikke laves. Prøv igen om lidt."))
    return message[2:]


def cache_key(html, variant=""):
    digest = hashlib.sha256(html.encode("utf-8"))
    digest.update(f"|{variant}|{RENDERER_VERSION}".encode())
    return f"pdf:{digest.hexdigest()}"


def cached_pdf(html, *, variant="", postprocess=None):
    """The PDF for this HTML: from the cache when the content is unchanged, else rendered.

    `postprocess` turns the rendered PDF into the final one (the A5 booklet imposition);
    its result is what is cached. Returns (pdf_bytes, from_cache).
    """
    cache = caches["pdf"]
    key = cache_key(html, variant)
    pdf = cache.get(key)
    if pdf is not None:
        return pdf, True
    started = time.perf_counter()
    pdf = render_pdf(html)
    if postprocess is not None:
        pdf = postprocess(pdf)
    cache.set(key, pdf, timeout=settings.PDF_CACHE_SECONDS)
    logger.info("Rendered a PDF in %.0f ms", (time.perf_counter() - started) * 1000)
    return pdf, False


def pdf_response(request, html, *, filename, variant="", postprocess=None):
    """The HTTP answer for a PDF download, cached by content; a failed render is a Danish
    error page, never a half-written file."""
    try:
        pdf, from_cache = cached_pdf(html, variant=variant, postprocess=postprocess)
    except PdfError as exc:
        return render(request, "pdf_error.html", {"message": str(exc)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-PDF-Cache"] = "hit" if from_cache else "miss"
    return response
