"""The reference of the programme benchmark (tests/benchmarks/program_bench.py): a bare Flask app that
answers every GET with the bytes of the real programme page, read once from a file into memory, and with
its ETag (304 when If-None-Match carries it). Run by gunicorn as ``tests.benchmarks.bare_program_app:app``
with ``BARE_PROGRAM_BODY`` (a file with the page) and ``BARE_PROGRAM_ETAG`` (its ETag, without W/ and quotes).
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response, request

BODY = Path(os.environ["BARE_PROGRAM_BODY"]).read_bytes()
ETAG = os.environ["BARE_PROGRAM_ETAG"]

app = Flask(__name__)


@app.get("/", defaults={"path": ""})
@app.get("/<path:path>")
def page(path: str) -> Response:
    response = Response(mimetype="text/html")
    response.set_etag(ETAG, weak=True)
    response.cache_control.max_age = 15
    response.cache_control.public = True
    if request.if_none_match.contains_weak(ETAG):
        response.status_code = 304
        return response
    response.set_data(BODY)
    return response
