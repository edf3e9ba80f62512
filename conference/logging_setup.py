"""Structured JSON logging to stderr, so that commands printing data keep stdout clean."""

from __future__ import annotations

import logging
import sys
import time

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter

_HANDLER_NAME = "conference-stderr"


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the moment, so redirected or captured stderr works."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def configure_logging(level: str = "INFO") -> None:
    root = logging.getLogger()
    if not any(getattr(h, "name", None) == _HANDLER_NAME for h in root.handlers):
        handler = StderrHandler()
        handler.name = _HANDLER_NAME
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
        root.addHandler(handler)
    root.setLevel(level)
    # Our access log replaces werkzeug's, which would log full paths including tokens.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def register_logging(app: Flask) -> None:
    configure_logging(app.config.get("LOG_LEVEL", "INFO"))
    # Flask adds its own stderr handler to app.logger; let records reach the JSON root handler only.
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)
    access_log = logging.getLogger("conference.access")

    @app.before_request
    def _start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        started = g.get("request_started")
        # Log the route pattern, never the path: paths carry personal tokens.
        access_log.info(
            "request",
            extra={
                "method": request.method,
                "route": request.url_rule.rule if request.url_rule else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            },
        )
        return response
