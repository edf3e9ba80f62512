"""Backups (docs/deployment.md, "Backups and restore"): the documented pg_dump and pg_restore commands, run on the
demo data, give a database with the same rows, the same frozen results and the same pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from conference import create_app
from conference.accounts.models import User
from conference.extensions import db
from conference.surveys.models import EditionResult
from tests.conftest import drop_postgres_database, fresh_postgres_database

pytestmark = pytest.mark.backends("postgresql")
PER_REQUEST = re.compile(r'(nonce|value)="[A-Za-z0-9_\-.+/=]{20,}"')  # CSP nonces and CSRF tokens


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return PER_REQUEST.sub(r'\1="…"', response.get_data(as_text=True))


def libpq_url(url: str) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def snapshot(url: str) -> dict:
    """Every table's row count and content digest, the frozen results, and pages rendered from the data."""
    engine = create_engine(url)
    with engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())
        rows = {table: tuple(conn.execute(text(
            f'SELECT count(*), md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) FROM "{table}" t'
        )).one()) for table in tables}
    engine.dispose()
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        results = [(r.edition_id, r.version, r.data) for r in db.session.scalars(
            select(EditionResult).order_by(EditionResult.edition_id, EditionResult.version))]
        analyst = db.session.scalar(select(User).where(User.email == "analyst@example.org"))
        client = app.test_client()
        client.post("/login", data={"email": analyst.email, "password": "demo"})
        paths = ["/", "/manage/comparison/",
                 *(f"/manage/editions/{edition_id}/frozen-results/" for edition_id, *_ in results)]
        pages = {path: page(client, path) for path in paths}
        db.session.remove()
        db.engine.dispose()
    return {"rows": rows, "results": results, "pages": pages}


@pytest.fixture
def demo_database(backend):
    url = fresh_postgres_database("backup_source")
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        from conference.demo.seed import seed

        upgrade()
        seed(date(2026, 11, 22))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield url
    drop_postgres_database(url)


def test_dump_and_restore_give_the_same_data_and_results(demo_database, tmp_path):
    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), f"{tool} (PostgreSQL's client tools) is needed for this test"
    restored = fresh_postgres_database("backup_restored")
    try:
        dump = tmp_path / "conference.dump"
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", libpq_url(demo_database)],
                       check=True)
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq_url(restored)}", str(dump)],
                       check=True)
        before, after = snapshot(demo_database), snapshot(restored)
        assert before["results"], "the demo has frozen results to compare"
        assert sum(count for count, _ in before["rows"].values()) > 1000
        assert after["rows"] == before["rows"]
        assert after["results"] == before["results"]
        assert after["pages"] == before["pages"]
        assert "alembic_version" in after["rows"]  # the restored database knows its schema revision
    finally:
        drop_postgres_database(restored)
