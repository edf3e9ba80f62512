"""Shared fixtures: ``app``, ``db``, ``client``, ``login_as``, ``count_queries``, ``smtp_server``.

Every test that uses the app runs once per database backend: SQLite always, PostgreSQL as well
when ``TEST_DATABASE_URL`` is set. The schema is built by the real migrations, once per backend
and session; each test then starts from empty tables (the app commits for real, so we truncate
rather than roll back).
"""

from __future__ import annotations

import os
import socket
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from conference import create_app
from conference.extensions import db as _db
from config import normalise_database_url
from tests import factories

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def worker_suffix() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def fresh_postgres_database(suffix: str) -> str:
    """Create (or recreate) a database named after TEST_DATABASE_URL's, and return its URL."""
    base = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    name = f"{base.database}_{suffix}_{worker_suffix()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database=make_url(normalise_database_url(
        os.environ["TEST_DATABASE_URL"])).database), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.backends("postgresql")`` keeps a test only for the named backends (it is
    deselected, not skipped, for the others: there is nothing there it could fail on)."""
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("backends")
        callspec = getattr(item, "callspec", None)
        if marker and callspec and callspec.params.get("backend") not in marker.args:
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def empty_database_url(backend, tmp_path, request):
    """An empty database of this backend, not migrated, for tests that run the migrations themselves."""
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    else:
        url = fresh_postgres_database(name)
        yield url
        drop_postgres_database(url)


@pytest.fixture(scope="session")
def database_url(backend, tmp_path_factory):
    """A migrated, empty database for this backend, shared by the session's tests."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
    else:
        url = fresh_postgres_database("pytest")
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        _db.engine.dispose()
    yield url
    if backend == "postgresql":
        drop_postgres_database(url)


def _empty_all_tables(connection, backend: str) -> None:
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    if backend == "postgresql":
        connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def app(request, backend, database_url, tmp_path):
    """A fresh app on empty tables. ``@pytest.mark.config(KEY=value)`` overrides settings."""
    overrides = {"SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_FOLDER": str(tmp_path / "uploads")}
    marker = request.node.get_closest_marker("config")
    if marker:
        overrides.update(marker.kwargs)
    overrides["TEST_BACKEND"] = backend
    application = create_app("test", overrides)
    with application.app_context():
        yield application
        _db.session.remove()
        with _db.engine.begin() as connection:
            _empty_all_tables(connection, backend)
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def english(client):
    """The client reads English: the assertions read the messages as written in the code, whatever the German
    catalogue says (tests/test_i18n.py checks that catalogue). A module whose every test reads English says
    ``pytestmark = pytest.mark.usefixtures("english")``."""
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(client, db):
    """``login_as("organiser")`` creates a user with that role and signs in through /login."""

    def _login(role: str = "organiser", **fields):
        user = factories.make_user(role=role, password="secret", **fields)
        db.session.commit()
        response = client.post("/login", data={"email": user.email, "password": "secret"})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return _login


@pytest.fixture
def count_queries(db):
    """``with count_queries() as counter: …`` then ``counter.count`` is the number of SQL statements."""

    class Counter:
        count = 0
        statements: list[str]

    @contextmanager
    def _count():
        counter = Counter()
        counter.statements = []

        def before(conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "PRAGMA")):
                counter.count += 1
                counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return _count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 Message accepted for delivery"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.host, inbox.port = controller.hostname, controller.port
    yield inbox
    controller.stop()
