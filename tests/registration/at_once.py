"""Registrations in several threads at the same moment, with real transactions (the concurrency tests)."""

import threading

from conference.editions.models import Edition
from conference.extensions import db as _db


def at_once(app, edition_id, n, register_one, *, refused_by=()) -> tuple[list[Exception], list[str]]:
    """Run ``register_one(i, edition)`` in ``n`` threads, each with its own app context and database session,
    all released at the same moment once they have loaded the edition, and commit each. Returns the errors of
    the types ``refused_by`` (rolled back: expected) and the repr of any other error."""
    start = threading.Barrier(n, timeout=30)
    refused, errors = [], []

    def visitor(i):
        with app.app_context():
            try:
                edition = _db.session.get(Edition, edition_id)
                start.wait()
                register_one(i, edition)
                _db.session.commit()
            except refused_by as error:
                _db.session.rollback()
                refused.append(error)
            except Exception as error:  # collected and asserted on below
                _db.session.rollback()
                errors.append(repr(error))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return refused, errors
