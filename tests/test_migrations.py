"""Migrations build the schema on SQLite and PostgreSQL, run both ways, and match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from conference import create_app
from conference.extensions import db


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
