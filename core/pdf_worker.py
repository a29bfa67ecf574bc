"""The part of the PDF renderer that runs in the render process. Imports no Django.

The fork server imports this module once (and renders a tiny document to load fonts and
Pango), so every render forks from a warm process instead of starting WeasyPrint anew.
"""

import logging
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.pdf_tagging import finish

# Relative URLs in PDF templates resolve against this base; the fetcher maps it to the
# static files. The host is reserved (RFC 2606): nothing could ever be fetched from it.
STATIC_BASE_URL = "https://portal.invalid/static/"
_STATIC_PATH = urlsplit(STATIC_BASE_URL).path

# The render process has no Django logging: keep WeasyPrint's step-by-step progress quiet and
# its warnings (such as a refused URL) on stderr, where the server's log collects them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

CONTENT_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ttf": "font/ttf",
    ".woff2": "font/woff2",
}


class PortalURLFetcher(URLFetcher):
    """Serves the portal's static files and data: URLs. Refuses everything else, so no
    file://, http(s), ftp or redirect can reach a file or a server from inside a PDF."""

    def __init__(self, roots, **kwargs):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, **kwargs)
        self.roots = [Path(r) for r in roots]

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(STATIC_BASE_URL):
            raise ValueError(f"refused by the portal's PDF fetcher: {url[:200]}")
        relative = posixpath.normpath(unquote(urlsplit(url).path)[len(_STATIC_PATH) :])
        if relative == ".." or relative.startswith(("../", "/")):
            raise ValueError(f"refused: outside the static files: {url[:200]}")
        for root in self.roots:
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                content_type = CONTENT_TYPES.get(
                    candidate.suffix.lower(), "application/octet-stream"
                )
                return URLFetcherResponse(
                    url, body=candidate.read_bytes(), headers={"Content-Type": content_type}
                )
        raise ValueError(f"no such static file: {relative[:200]}")


# Long runs without a break opportunity (a pasted link, "aaaa…", a row of dashes) are what
# makes WeasyPrint slow: `hyphens: auto` tries every hyphenation point of the whole run and
# `overflow-wrap` breaks it one line at a time, far worse than linearly (2,000 characters took
# 4 s, 4,000 characters almost 2 minutes). A zero-width space every SOFT_WRAP characters gives
# the line breaker ordinary break opportunities; nothing visible changes. Only text between
# tags in the body is touched, never a tag, an attribute (a link's address) or a <style>.
SOFT_WRAP = 30
_TAG_OR_TEXT = re.compile(r"(<style\b.*?</style\s*>|<script\b.*?</script\s*>|<[^>]*>)", re.S | re.I)
_LONG_RUN = re.compile(r"(?:&#?\w{1,10};|[^\s<&\u200b]){" + str(SOFT_WRAP + 1) + ",}")
_UNIT = re.compile(r"&#?\w{1,10};|.", re.S)


def _wrap_run(match):
    units = _UNIT.findall(match.group(0))
    return "\u200b".join("".join(units[i : i + SOFT_WRAP]) for i in range(0, len(units), SOFT_WRAP))


def soft_wrap(html):
    """The HTML with a zero-width space in every run of more than SOFT_WRAP characters
    without a space, in the text of the body."""
    start = html.find("<body")
    if start < 0:
        start = 0
    parts = _TAG_OR_TEXT.split(html[start:])
    for i in range(0, len(parts), 2):  # even items are text, odd items tags
        if len(parts[i]) > SOFT_WRAP:
            parts[i] = _LONG_RUN.sub(_wrap_run, parts[i])
    return html[:start] + "".join(parts)


def render(html, roots):
    """HTML to a tagged PDF/UA-1 document. Title, author and language come from the HTML's
    <title>, <meta name="author"> and <html lang>; core.pdf_tagging finishes the tagging."""
    document = weasyprint.HTML(
        string=soft_wrap(html), base_url=STATIC_BASE_URL, url_fetcher=PortalURLFetcher(roots)
    )
    return document.write_pdf(pdf_variant="pdf/ua-1", attachments=[], finisher=finish)


def child(conn, html, roots, nice=0):
    """Entry point of the render process: send back b"OK" + PDF, or b"ER" + the error.
    It runs `nice` steps below the web workers' CPU priority, so they keep answering."""
    try:
        if nice:
            os.nice(nice)
        conn.send_bytes(b"OK" + render(html, roots))
    except BaseException as exc:  # noqa: BLE001 - everything is reported to the parent
        conn.send_bytes(b"ER" + f"{type(exc).__name__}: {exc}".encode()[:2000])
    finally:
        conn.close()


def _warm_up():
    render('<html lang="da"><title>x</title><p>Æ ø å</p></html>', [])


if __name__ != "__main__":
    try:
        _warm_up()
    except Exception:  # noqa: BLE001, S110 - warming is an optimisation only
        pass
