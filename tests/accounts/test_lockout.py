"""Account lockout: exponential backoff per account after repeated failed sign-ins.

The pages are read in English (``client`` below); the German wording comes with the translations."""

import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from conference.accounts.lockout import backoff
from conference.accounts.models import User
from conference.database import utcnow
from conference.mail.models import OutboxMessage
from tests.factories import make_user

LOCKED = "Too many failed sign-in attempts"
WRONG = "E-mail address or password is incorrect"
MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)


@pytest.mark.parametrize(("failures", "expected"), [
    (0, None), (4, None), (5, MINUTE), (6, 2 * MINUTE), (7, 4 * MINUTE), (10, 32 * MINUTE),
    (11, HOUR),  # 64 minutes, capped
    (10_000, HOUR),
])
def test_backoff_doubles_from_the_threshold_up_to_the_cap(failures, expected):
    assert backoff(failures, threshold=5, base=MINUTE, cap=HOUR) == expected


def test_a_threshold_of_zero_never_locks():
    assert backoff(1000, threshold=0, base=MINUTE, cap=HOUR) is None


@pytest.fixture
def client(client):
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def olga(db):
    user = make_user("organiser", email="olga@example.org", password="secret")
    db.session.commit()
    return user


def sign_in(client, password, email="olga@example.org"):
    return client.post("/login", data={"email": email, "password": password})


def reload(db, user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_the_fifth_failure_locks_and_even_the_right_password_is_refused(client, db, olga):
    bodies = [sign_in(client, "wrong").get_data(as_text=True) for _ in range(4)]
    assert all(WRONG in body and LOCKED not in body for body in bodies)
    fifth = sign_in(client, "wrong")
    assert fifth.status_code == 200
    assert LOCKED in fifth.get_data(as_text=True) and "in 1 minute," in fifth.get_data(as_text=True)
    user = reload(db, olga)
    assert user.failed_logins == 5
    assert timedelta(seconds=55) < user.locked_until - utcnow() <= MINUTE

    refused = sign_in(client, "secret")
    assert refused.status_code == 200 and LOCKED in refused.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302  # not signed in
    # Attempts during the lock are not counted: they neither extend it nor reveal the password.
    assert sign_in(client, "wrong").get_data(as_text=True) == refused.get_data(as_text=True)
    assert reload(db, olga).failed_logins == 5


def test_the_lock_doubles_with_each_further_failure_and_a_success_resets(client, db, olga):
    olga.failed_logins, olga.locked_until = 5, utcnow() - timedelta(seconds=1)  # the first lock has run out
    db.session.commit()
    response = sign_in(client, "wrong")
    assert "in 2 minutes" in response.get_data(as_text=True)
    user = reload(db, olga)
    assert user.failed_logins == 6 and user.locked_until - utcnow() > 110 * timedelta(seconds=1)

    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert sign_in(client, "secret").status_code == 302
    user = reload(db, olga)
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_the_lock_is_capped(client, db, olga):
    olga.failed_logins = 40
    db.session.commit()
    assert "in 60 minutes" in sign_in(client, "wrong").get_data(as_text=True)
    assert HOUR - timedelta(seconds=5) < reload(db, olga).locked_until - utcnow() <= HOUR


def test_the_remaining_time_is_rounded_up_to_whole_minutes(client, db, olga):
    olga.failed_logins, olga.locked_until = 9, utcnow() + timedelta(minutes=3, seconds=10)
    db.session.commit()
    body = sign_in(client, "secret").get_data(as_text=True)
    assert "Too many failed sign-in attempts. Please try again in 4 minutes, or reset your password." in body


def test_a_password_reset_unlocks(client, db, olga):
    olga.failed_logins, olga.locked_until = 8, utcnow() + HOUR
    db.session.commit()
    assert client.post("/password/forgot", data={"email": "olga@example.org"}).status_code == 302
    mail = db.session.scalar(select(OutboxMessage))
    link = re.search(r"http://localhost(/password/reset/\S+)", mail.body_text).group(1)
    assert client.post(link, data={"password": "new-secret", "confirm": "new-secret"}).status_code == 302
    assert (reload(db, olga).failed_logins, reload(db, olga).locked_until) == (0, None)
    assert sign_in(client, "new-secret").status_code == 302


def test_the_lock_is_logged_with_the_user_id_only(client, db, olga, caplog):
    with caplog.at_level(logging.INFO, logger="conference.accounts"):
        for _ in range(6):
            sign_in(client, "wrong")
    locked = [r for r in caplog.records if r.getMessage() == "account locked"]
    assert len(locked) == 1 and locked[0].user_id == olga.id and locked[0].locked_seconds == 60
    assert [r.user_id for r in caplog.records if r.getMessage() == "login refused: account locked"] == [olga.id]
    for record in caplog.records:
        assert "olga@example.org" not in repr(record.__dict__)


def test_failures_are_counted_in_the_database_not_on_a_stale_copy(app, db, olga):
    """Parallel guesses must all count: the increment happens in SQL, so a copy loaded before
    four other failures were recorded still locks the account at the fifth."""
    from conference.accounts import services
    from conference.accounts.lockout import AccountLockedError

    user = services.find_user_by_email("olga@example.org")
    assert user.failed_logins == 0
    with db.engine.begin() as other:  # four failures recorded by other requests meanwhile
        other.execute(text("UPDATE user_account SET failed_logins = 4 WHERE id = :id"), {"id": olga.id})
    with app.test_request_context(), pytest.raises(AccountLockedError):
        services.authenticate("olga@example.org", "wrong")
    assert user.failed_logins == 5 and user.locked_until is not None


def test_unknown_addresses_are_never_locked(client, db):
    """The documented trade-off: only real accounts are locked (see conference.accounts.lockout)."""
    bodies = [sign_in(client, "wrong", email="nobody@example.org").get_data(as_text=True) for _ in range(7)]
    assert all(WRONG in body and LOCKED not in body for body in bodies)


@pytest.mark.config(LOGIN_LOCKOUT_THRESHOLD=0)
def test_the_lockout_can_be_turned_off(client, db, olga):
    for _ in range(8):
        sign_in(client, "wrong")
    assert reload(db, olga).locked_until is None
    assert sign_in(client, "secret").status_code == 302
