"""Reference endpoint for `make bench`, registered only when ``BENCH_ENDPOINTS`` is on
(CONFERENCE_BENCH_ENDPOINTS=1).

POST /api/v1/_bench/insert inserts one row and commits, through the same stack as a registration
(gunicorn, Flask, SQLAlchemy, the request boundary, PostgreSQL): the yardstick for the rush."""

from flask import Blueprint, jsonify

from conference.extensions import csrf, db
from conference.mail.models import OutboxMessage, OutboxStatus

bp = Blueprint("bench", __name__, url_prefix="/api/v1/_bench")
csrf.exempt(bp)


@bp.route("/insert", methods=["POST"])
def bench_insert():
    row = OutboxMessage(recipient="bench@example.org", subject="bench", body_text="", status=OutboxStatus.SENT)
    db.session.add(row)
    db.session.flush()
    return jsonify({"id": row.id}), 201
