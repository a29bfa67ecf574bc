"""One render pool per machine: a process that imports and warms WeasyPrint once, then forks
one child per PDF, for every web worker on the machine, through a Unix socket.

    python -m core.pdf_server /run/netvaerk/pdf.sock

gunicorn starts it beside its workers and stops it with them (netvaerk/gunicorn.py), and
tells the workers its address in PDF_RENDER_SOCKET; so no worker starts WeasyPrint itself
and no user waits for it to start. Without the socket (the test suite, `runserver`, the job
worker) or when it does not answer, core.pdf renders through a fork server of its own.

The protocol is multiprocessing's framed messages: the client sends one JSON message
(html, the static roots, the CPU niceness, the time limit) and reads one answer, b"OK" +
the PDF or b"ER" + the error, exactly as from a local render process. Each child ends
itself when the time limit has passed (an alarm), so a client that gives up leaves nothing
running. The socket is the owner's alone (0600). Imports no Django.
"""

import contextlib
import json
import math
import os
import signal
import socket
import struct
import sys
import time
from multiprocessing.connection import Connection

BACKLOG = 64


def client(address, html, roots, *, nice, timeout):
    """A connection to the render server at `address` with the request sent; the caller
    polls it for the answer. Raises OSError when the server does not answer or is not this
    user's own process (the HTML holds personal data)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(2)
        sock.connect(address)
        _pid, uid, _gid = struct.unpack(
            "3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        )
        if uid != os.getuid():
            raise PermissionError(f"the render server at {address} runs as another user")
        sock.settimeout(None)
    except OSError:
        sock.close()
        raise
    conn = Connection(sock.detach())
    try:
        conn.send_bytes(
            json.dumps({"html": html, "roots": roots, "nice": nice, "timeout": timeout}).encode()
        )
    except OSError:
        conn.close()
        raise
    return conn


def _serve_one(conn, render_child):
    """In the forked child: read the request, render, answer, and end."""
    try:
        request = json.loads(conn.recv_bytes())
        # The child ends itself a second after the caller stops waiting for it.
        signal.alarm(max(1, math.ceil(float(request["timeout"]))) + 1)
        render_child(conn, request["html"], request["roots"], nice=int(request["nice"]))
    finally:
        os._exit(0)


def serve(address):
    """Listen on `address` until SIGTERM or SIGINT; one forked child per request."""
    from core import pdf_worker  # imports and warms WeasyPrint: the children inherit it

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with contextlib.suppress(FileNotFoundError):
        os.unlink(address)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_mask = os.umask(0o177)
    try:
        listener.bind(address)
    finally:
        os.umask(old_mask)
    listener.listen(BACKLOG)
    mine = os.stat(address)
    parent = os.getpid()
    try:
        while True:
            try:
                sock, _ = listener.accept()
            except OSError:  # interrupted, or out of file descriptors for a moment
                time.sleep(0.05)
                continue
            try:
                pid = os.fork()
            except OSError:  # no process to be had just now: this request fails, not the rest
                sock.close()
                time.sleep(0.05)
                continue
            if pid == 0:
                try:
                    listener.close()
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    _serve_one(Connection(sock.detach()), pdf_worker.child)
                finally:
                    os._exit(0)
            sock.close()
    finally:
        if os.getpid() == parent:
            listener.close()
            _unlink_if_mine(address, mine)


def _unlink_if_mine(address, mine):
    """Remove the socket file unless another server has bound the same path since (a
    gunicorn upgrade starts the new server before the old one stops)."""
    with contextlib.suppress(FileNotFoundError):
        if _identity(os.stat(address)) == _identity(mine):
            os.unlink(address)


def _identity(stat):
    return stat.st_dev, stat.st_ino, stat.st_ctime_ns


if __name__ == "__main__":
    serve(sys.argv[1])
