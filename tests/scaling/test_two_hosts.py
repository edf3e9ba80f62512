"""Two app hosts, one PostgreSQL, one Redis (issue 9, point 6; docs/deployment.md).

Two separate gunicorn servers (each with two workers, production settings, the same secret key) stand for
two hosts behind a reverse proxy. They share nothing but the database and Redis. The test shows that a user
signed in on one host carries on on the other, that a registration rush split across both books exactly
the capacity, and that the rate limits count requests on both hosts together.

It needs PostgreSQL (``TEST_DATABASE_URL``) and Redis on 127.0.0.1:6379 (``REDIS_URL`` to change it); CI
has both (.ci/run). Without PostgreSQL it is deselected, like every PostgreSQL-only test.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from tests.conftest import drop_postgres_database, free_port, fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CAPACITY = 12
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

pytestmark = pytest.mark.backends("postgresql")


@pytest.fixture(scope="module")
def redis_prefix():
    """A key prefix of our own in the shared Redis, removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not reachable at {REDIS_URL} ({error}); .ci/run starts it")
    prefix = f"conference-test-{uuid.uuid4().hex[:8]}"
    yield prefix
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)
    client.close()


@pytest.fixture(scope="module")
def cluster(backend, redis_prefix, tmp_path_factory):
    """Migrate a fresh database, add an organiser and an edition, and start two gunicorn 'hosts'."""
    url = fresh_postgres_database("two_hosts")
    edition_id, session_id = _prepare(url)
    env = {**os.environ, "CONFERENCE_ENV": "production", "CONFERENCE_SECRET_KEY": "shared-secret-of-both-hosts",
           "DATABASE_URL": url, "CONFERENCE_RATELIMIT_STORAGE_URI": REDIS_URL,
           "CONFERENCE_RATELIMIT_KEY_PREFIX": redis_prefix, "CONFERENCE_LOGIN_RATE_LIMIT": "6 per minute",
           "CONFERENCE_API_RATE_LIMIT": "10000 per minute", "CONFERENCE_LOG_LEVEL": "WARNING",
           "CONFERENCE_PUBLIC_BASE_URL": "https://bildung.stadt.example",
           "CONFERENCE_PROXY_FIX": "1"}  # the hosts sit behind one proxy, which names the client
    logs = tmp_path_factory.mktemp("hosts")
    hosts, processes = [], []
    try:
        for n in range(2):
            port = free_port()
            with open(logs / f"host{n}.log", "wb") as log:
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "gthread", "--threads",
                     "4", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "conference:create_app()"],
                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True))
            hosts.append(f"http://127.0.0.1:{port}")
        for n, (host, process) in enumerate(zip(hosts, processes, strict=True)):
            _wait_until_up(host, process, logs / f"host{n}.log")
        yield {"hosts": hosts, "url": url, "edition_id": edition_id, "session_id": session_id}
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)  # gunicorn's quick shutdown
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        drop_postgres_database(url)


def _prepare(url: str) -> tuple[int, int]:
    from flask_migrate import upgrade

    from conference import create_app
    from conference.accounts.services import create_user
    from conference.editions.models import Edition, EditionFormat, EditionStatus, Room, TimeSlot, Venue
    from conference.editions.services import from_local
    from conference.extensions import db
    from conference.program.models import Session, SessionKind

    app = create_app("production", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "setup"})
    with app.app_context():
        upgrade()
        create_user("organiser@example.org", "correct horse battery", "organiser", name="Orga")
        day = date.today() + timedelta(days=60)
        edition = Edition(number=1, format=EditionFormat.OPEN_DAY, title="Zwei Hosts",
                          status=EditionStatus.REGISTRATION_OPEN, starts_at=from_local(day, clock(10)),
                          ends_at=from_local(day, clock(16)))
        room = Room(name="Aula", capacity=CAPACITY)
        venue = Venue(edition=edition, name="Rathaus", rooms=[room])
        slot = TimeSlot(edition=edition, label="Vormittag", starts_at=from_local(day, clock(10)),
                        ends_at=from_local(day, clock(12)))
        session = Session(edition=edition, kind=SessionKind.WORKSHOP, title="Begehrter Workshop", slot=slot,
                          room=room, capacity=CAPACITY, registration_required=True)
        db.session.add_all([edition, venue, slot, session])
        db.session.commit()
        ids = edition.id, session.id
        db.session.remove()
        db.engine.dispose()
    return ids


def _wait_until_up(host: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn at {host} exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{host}/api/v1/editions", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn at {host} did not start")


def _session_cookie(response: httpx.Response) -> str:
    """The session cookie set by a response. Production cookies are Secure, so a cookie jar would not send
    them back over plain HTTP; behind the TLS proxy the browser would. We carry it by hand."""
    cookie = response.headers.get("set-cookie", "")
    match = re.match(r"session=([^;]+)", cookie)
    assert match, f"no session cookie in {cookie!r}"
    assert "Secure" in cookie and "HttpOnly" in cookie
    return match.group(1)


def _login_form(host: str) -> tuple[str, str]:
    response = httpx.get(f"{host}/login")
    assert response.status_code == 200
    return CSRF.search(response.text).group(1), _session_cookie(response)


def test_a_user_signed_in_on_one_host_carries_on_on_the_other(cluster):
    first, second = cluster["hosts"]
    token, cookie = _login_form(first)
    response = httpx.post(f"{first}/login", data={"csrf_token": token, "email": "organiser@example.org",
                                                  "password": "correct horse battery"},
                          headers={"Cookie": f"session={cookie}"})
    assert response.status_code == 302, response.text
    signed_in = _session_cookie(response)
    assert signed_in != cookie  # the session is renewed at login

    on_second = httpx.get(f"{second}/manage/", headers={"Cookie": f"session={signed_in}"})
    assert on_second.status_code == 200
    assert "Orga" in on_second.text or "organiser@example.org" in on_second.text
    edit = httpx.get(f"{second}/manage/editions/{cluster['edition_id']}/edit",
                     headers={"Cookie": f"session={signed_in}"})
    assert edit.status_code == 200  # an organiser's page, on the host the user did not sign in on
    anonymous = httpx.get(f"{second}/manage/", follow_redirects=False)
    assert anonymous.status_code == 302  # not signed in without the cookie: the check is real


def test_a_rush_split_across_both_hosts_books_exactly_the_capacity(cluster):
    hosts, edition_id, session_id = cluster["hosts"], cluster["edition_id"], cluster["session_id"]

    def register(n: int) -> tuple[int, int | None]:
        response = httpx.post(f"{hosts[n % 2]}/api/v1/editions/{edition_id}/registrations", timeout=60,
                              json={"name": f"Gast {n}", "email": f"gast{n}@example.org", "consent": True,
                                    "session_ids": [session_id]})
        return response.status_code, response.json().get("registration_id") if response.status_code == 201 else None

    with ThreadPoolExecutor(max_workers=24) as pool:
        answers = list(pool.map(register, range(60)))

    statuses = [status for status, _ in answers]
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(201) == 60, statuses  # everybody is registered: a seat or the waiting list

    from conference.registration.models import Booking, BookingStatus, Registration

    engine = create_engine(cluster["url"])
    with engine.connect() as conn:
        booked = conn.scalar(select(func.count()).select_from(Booking).where(
            Booking.session_id == session_id, Booking.status == BookingStatus.BOOKED))
        waitlisted = conn.scalar(select(func.count()).select_from(Booking).where(
            Booking.session_id == session_id, Booking.status == BookingStatus.WAITLISTED))
        stored = set(conn.scalars(select(Registration.id)))
    engine.dispose()
    assert booked == CAPACITY
    assert waitlisted == 60 - CAPACITY
    assert {registration_id for _, registration_id in answers} <= stored  # no 201 without its row


def test_rate_limits_are_shared_between_the_hosts(cluster):
    """Six logins a minute per client: three on each host use them up, then both refuse."""
    first, second = cluster["hosts"]
    token, cookie = _login_form(first)
    client = {"X-Forwarded-For": "203.0.113.7"}  # as the reverse proxy reports the client

    def attempt(host: str) -> int:
        return httpx.post(f"{host}/login", data={"csrf_token": token, "email": "nobody@example.org",
                                                 "password": "wrong password"},
                          headers={"Cookie": f"session={cookie}", **client}).status_code

    statuses = [attempt(host) for _ in range(3) for host in (first, second)]
    assert 429 not in statuses, statuses
    assert attempt(first) == 429
    refused = httpx.post(f"{second}/login", data={"csrf_token": token, "email": "nobody@example.org",
                                                  "password": "wrong password"},
                         headers={"Cookie": f"session={cookie}", "Accept-Language": "de", **client})
    assert refused.status_code == 429
    assert "Zu viele Anfragen" in refused.text
    other_client = httpx.post(f"{second}/login", data={"csrf_token": token, "email": "nobody@example.org",
                                                       "password": "wrong password"},
                              headers={"Cookie": f"session={cookie}", "X-Forwarded-For": "203.0.113.8"})
    assert other_client.status_code == 200  # the limit is per client, not for everybody
