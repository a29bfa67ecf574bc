"""One render pool per machine: the render server gunicorn starts beside its workers
(core/pdf_server.py, netvaerk/gunicorn.py), a real process on a real Unix socket."""

import logging
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import pdf

from ..pdftools import pdftext

ROOT = Path(__file__).resolve().parents[2]
DOC = """<!doctype html><html lang="da"><head><title>Fra serveren</title>
<link rel="stylesheet" href="css/pdf.css"></head>
<body><h1>Rødgrød</h1><p>{body}</p></body></html>"""


def _children(pid):
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def render_server(tmp_path_factory):
    address = str(tmp_path_factory.mktemp("render") / "sock")
    process = subprocess.Popen([sys.executable, "-m", "core.pdf_server", address], cwd=ROOT)
    _wait_for(lambda: os.path.exists(address))
    yield process, address
    process.terminate()
    process.wait(10)


def test_pdfs_are_rendered_by_the_machines_render_server(render_server, settings):
    process, address = render_server
    settings.PDF_RENDER_SOCKET = address
    assert stat.S_IMODE(os.stat(address).st_mode) == 0o600  # the owner's alone
    document = pdf.render_pdf(DOC.format(body="Æble og ø"))
    assert document.startswith(b"%PDF")
    assert "Æble og ø" in pdftext(document)
    # Rendered in a child of the server, which is gone again (reaped by the kernel).
    _wait_for(lambda: _children(process.pid) == [])


def test_a_render_over_the_time_limit_ends_its_child_on_the_server(render_server, settings):
    process, address = render_server
    settings.PDF_RENDER_SOCKET = address
    with pytest.raises(pdf.PdfTimeout):
        pdf.render_pdf(DOC.format(body="langt " * 40000), timeout=0.05)
    assert _children(process.pid)  # still rendering after the caller gave up …
    _wait_for(lambda: _children(process.pid) == [], seconds=10)  # … until its alarm
    assert pdf.render_pdf(DOC.format(body="igen")).startswith(b"%PDF")


def test_without_an_answering_server_a_worker_renders_itself(tmp_path, settings, caplog):
    settings.PDF_RENDER_SOCKET = str(tmp_path / "gone")
    with caplog.at_level(logging.WARNING, logger="core.pdf"):
        document = pdf.render_pdf(DOC.format(body="lokalt"))
    assert "lokalt" in pdftext(document)
    assert "does not answer" in caplog.text


def test_gunicorn_starts_the_render_server_first_and_stops_it_last(tmp_path, monkeypatch):
    from netvaerk import gunicorn

    address = str(tmp_path / "sock")
    monkeypatch.setenv("PDF_RENDER_SOCKET", address)

    class Server:
        log = logging.getLogger("gunicorn.test")

    gunicorn.on_starting(Server())
    try:
        assert os.path.exists(address)  # listening before any worker asks
        server = gunicorn._render_server
        assert server.poll() is None
    finally:
        gunicorn.on_exit(Server())
    assert server.poll() is not None
    assert not os.path.exists(address)


def test_a_server_leaves_a_newer_servers_socket_alone(tmp_path):
    """A gunicorn upgrade starts the new render server on the same path before the old one
    stops: the old one must not take the new one's socket with it."""
    address = str(tmp_path / "sock")
    old = subprocess.Popen([sys.executable, "-m", "core.pdf_server", address], cwd=ROOT)
    _wait_for(lambda: os.path.exists(address))
    first = os.stat(address)
    first = (first.st_ino, first.st_ctime_ns)
    new = subprocess.Popen([sys.executable, "-m", "core.pdf_server", address], cwd=ROOT)
    try:
        _wait_for(
            lambda: (
                os.path.exists(address)
                and (os.stat(address).st_ino, os.stat(address).st_ctime_ns) != first
            )
        )
        old.terminate()
        old.wait(10)
        assert os.path.exists(address)
    finally:
        new.terminate()
        new.wait(10)
    assert not os.path.exists(address)
