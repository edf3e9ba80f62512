"""Reference endpoint for `make bench`, registered only with CONFERENCE_BENCH_ENDPOINTS=1.

POST /api/v1/_bench/insert inserts one row and commits, through the same stack as a registration
(gunicorn, Flask, SQLAlchemy, the request boundary, PostgreSQL): the yardstick for the rush."""

from flask import jsonify

from conference.api import bp
from conference.extensions import db
from conference.mail.models import OutboxMessage, OutboxStatus


def register_bench_routes() -> None:
    @bp.route("/_bench/insert", methods=["POST"])
    def bench_insert():
        row = OutboxMessage(recipient="bench@example.org", subject="bench", body_text="", status=OutboxStatus.SENT)
        db.session.add(row)
        db.session.flush()
        return jsonify({"id": row.id}), 201
