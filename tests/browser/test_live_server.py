"""The live server the browser tests run against must not leak what a browser leaves behind.

A browser resets connections it no longer needs (a favicon while it navigates on). werkzeug's development server
then skips closing the response (serving.py drains the request in ``finally`` before ``application_iter.close()``,
and the reset raises there), so a static file stayed open and its ResourceWarning failed whichever browser test
was running when the garbage collector found it. This reproduces that reset without a browser.
"""

from __future__ import annotations

import gc
import socket
import struct
import threading
import time
from urllib.parse import urlsplit


def test_a_connection_reset_while_the_server_drains_the_request_leaves_no_file_open(live_server):
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as sock:
        # the request and bytes after it: the server answers, then waits to drain them until the connection ends
        sock.sendall(b"GET /static/favicon.svg HTTP/1.1\r\nHost: localhost\r\n\r\nleft over")
        received = b""
        while b"</svg>" not in received:
            chunk = sock.recv(65536)
            assert chunk, received
            received += chunk
        assert received.startswith(b"HTTP/1.1 200")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
    deadline = time.monotonic() + 5
    while any("process_request" in t.name for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.01)  # the request's thread meets the reset and ends
    gc.collect()  # an unclosed file would warn here, and the warning fails the test (filterwarnings = error)
