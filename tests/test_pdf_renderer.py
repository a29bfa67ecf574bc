"""The one PDF renderer: locked-down fetching, tagging, time limit, cache."""

import io
import socket
import threading

import pytest
from pypdf import PdfReader

from core import pdf
from core.pdf_worker import STATIC_BASE_URL, PortalURLFetcher

from .pdftools import attachments, pdfinfo, pdftext

DOC = """<!doctype html><html lang="da"><head><title>Prøvedokument</title>
<meta name="author" content="Sekretariat for Netværksstrukturen">
<link rel="stylesheet" href="css/pdf.css"></head>
<body><h1>Æblegrød og rødgrød</h1><p>{body}</p></body></html>"""


@pytest.fixture
def listener():
    """A TCP server on a free local port that records every connection attempt."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    seen = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _addr = server.accept()
            except OSError:
                continue
            seen.append(conn.recv(200))
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(1)
    server.close()


@pytest.fixture
def fetcher():
    return PortalURLFetcher(pdf.static_roots())


def test_the_fetcher_serves_the_portals_static_files(fetcher):
    response = fetcher.fetch(STATIC_BASE_URL + "css/pdf.css")
    assert b"@page" in response.read()


def test_the_fetcher_serves_data_urls(fetcher):
    assert fetcher.fetch("data:text/plain;base64,SGVq").read() == b"Hej"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        STATIC_BASE_URL + "../../../../etc/passwd",
        STATIC_BASE_URL + "%2e%2e/%2e%2e/settings.py",
        "https://portal.invalid/etc/passwd",
    ],
)
def test_the_fetcher_refuses_everything_else(fetcher, url):
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_a_pdf_is_tagged_with_title_author_and_language(tmp_path):
    document = pdf.render_pdf(DOC.format(body="Tekst"))
    info = pdfinfo(document, tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Prøvedokument"
    assert info["Author"] == "Sekretariat for Netværksstrukturen"
    catalog = PdfReader(io.BytesIO(document)).trailer["/Root"]
    assert catalog["/Lang"] == "da"
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert "Æblegrød og rødgrød" in pdftext(document)


def test_raw_html_cannot_read_files_reach_servers_or_attach_anything(listener, tmp_path):
    """Even HTML that was never escaped gets nothing past the fetcher."""
    port, seen = listener
    hostile = (
        '<img src="file:///etc/passwd" alt="x">'
        '<link rel="attachment" href="file:///etc/hostname">'
        f"<style>@import url(http://127.0.0.1:{port}/);</style>"
        f'<img src="http://127.0.0.1:{port}/img.png" alt="y">'
        f'<a rel="attachment" href="http://127.0.0.1:{port}/a">a</a>'
    )
    document = pdf.render_pdf(DOC.format(body=hostile))
    assert seen == []
    assert "0 embedded files" in attachments(document, tmp_path)
    assert "root:" not in pdftext(document)


def test_a_render_over_the_time_limit_stops_with_a_danish_message():
    with pytest.raises(pdf.PdfTimeout) as exc:
        pdf.render_pdf(DOC.format(body="langt " * 40000), timeout=0.05)
    assert "PDF'en kunne ikke laves inden for 0,05 sekunder" in str(exc.value)
    assert "Kort teksten ned" in str(exc.value)


def test_the_same_html_is_rendered_once_and_then_served_from_the_cache():
    html = DOC.format(body="cache")
    first, hit1 = pdf.cached_pdf(html)
    second, hit2 = pdf.cached_pdf(html)
    assert (hit1, hit2) == (False, True)
    assert first == second
    _other, hit3 = pdf.cached_pdf(DOC.format(body="ændret"))
    assert hit3 is False
