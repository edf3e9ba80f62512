"""The request boundary: one commit per request, a rollback on any error.

Views and services never commit. A successful response (below 400) commits the session after the
view has run; anything else rolls back, so a failed request leaves no half-written rows.
"""

from flask import Flask

from conference.extensions import db


def register_request_boundary(app: Flask) -> None:
    @app.after_request
    def commit_or_rollback(response):
        if not db.session.registry.has():
            return response  # the request never used the database (a page from memory, a static file)
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def rollback_on_exception(exc):
        if exc is not None:
            db.session.rollback()
