"""Migrations build the schema on SQLite and PostgreSQL, run both ways, and match the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from conference import create_app
from conference.extensions import db
from tests.conftest import drop_postgres_database, fresh_postgres_database


@pytest.fixture
def empty_database_url(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    else:
        url = fresh_postgres_database("migrations")
        yield url
        drop_postgres_database(url)


def test_upgrade_downgrade_upgrade(empty_database_url):
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"edition", "venue", "room", "time_slot", "session", "organisation", "user_account",
                "outbox", "accessibility_feedback"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                    db.metadata)
        assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"
        db.engine.dispose()
