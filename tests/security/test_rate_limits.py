"""Every public form that writes is rate limited per client: past the limit it answers 429 with a plain
message in German (the default language) and a Retry-After header, and reading the page stays possible.

Earlier tests cover parts of this: the login's 429 page (tests/test_errors.py), the RSVP status codes
(tests/council/test_rsvp.py) and the open survey link in English (tests/surveys/test_distribution.py).
This module holds every form to the same promise in one table.
"""

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from conference.council import invitations
from conference.extensions import db
from conference.registration.models import Registration
from conference.surveys import distribution
from conference.surveys.models import Audience, SurveyInvitation
from tests.council.invitation_setup import council_with_seats, invitation_of
from tests.factories import make_open_day
from tests.surveys.answer_setup import make_question, make_registration, make_survey, open_day_with_sessions

LIMIT = 2
TOO_MANY = "Sie haben zu viele Anfragen gesendet. Bitte warten Sie einen Moment und versuchen Sie es erneut."
TOO_MANY_ANSWERS = "Zu viele Antworten aus Ihrem Netzwerk"


def login_form():
    return "/login"


def registration_form():
    edition, _ = make_open_day()
    return f"/editions/{edition.id}/register"


def accessibility_feedback_form():
    return "/barrierefreiheit"


def partner_signup_form():
    return "/signup/partner"


def open_survey_link():
    edition, _, _ = open_day_with_sessions(1)
    return f"/s/{make_survey(edition, Audience.VISITORS, [make_question()], is_open_link=True).open_key}"


def personal_survey_link():
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.REGISTRANTS, [make_question()])
    make_registration(edition, "ada@example.org")
    distribution.invite(survey)
    return f"/survey/{db.session.scalar(select(SurveyInvitation.token).where(SurveyInvitation.survey_id == survey.id))}"


def rsvp_form():
    edition, (seat,) = council_with_seats(1)
    invitations.generate_invitations(edition)
    return f"/rsvp/{invitation_of(edition, seat).token}"


FORMS = [
    (login_form, TOO_MANY),
    (registration_form, TOO_MANY),
    (accessibility_feedback_form, TOO_MANY),
    (partner_signup_form, TOO_MANY),
    (open_survey_link, TOO_MANY_ANSWERS),
    (personal_survey_link, TOO_MANY_ANSWERS),
    (rsvp_form, TOO_MANY),
]


@pytest.mark.config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT=f"{LIMIT} per minute",
                    FORM_RATE_LIMIT=f"{LIMIT} per minute", SURVEY_RATE_LIMIT=f"{LIMIT} per minute")
@pytest.mark.parametrize(("make_form", "message"), FORMS, ids=[make.__name__ for make, _ in FORMS])
def test_a_form_answers_429_past_its_limit(client, app, make_form, message):
    url = make_form()
    db.session.commit()
    statuses = [client.post(url, data={}).status_code for _ in range(LIMIT)]
    assert 429 not in statuses, statuses
    limited = client.post(url, data={})
    assert limited.status_code == 429
    assert message in limited.get_data(as_text=True)
    assert int(limited.headers["Retry-After"]) > 0
    assert client.get(url).status_code == 200  # reading is not limited


@pytest.mark.config(RATELIMIT_ENABLED=True, FORM_RATE_LIMIT=f"{LIMIT} per minute")
def test_a_limited_registration_is_not_stored(client, app):
    edition, sessions = make_open_day(capacity=10)
    db.session.commit()
    url = f"/editions/{edition.id}/register"

    def register(n):
        return client.post(url, data={"name": f"Gast {n}", "email": f"gast{n}@example.org",
                                      "session_ids": [sessions[0].id], "consent": "y"}).status_code

    assert [register(n) for n in range(LIMIT)] == [302] * LIMIT
    assert register(LIMIT) == 429
    assert db.session.scalar(select(func.count(Registration.id))) == LIMIT


@pytest.mark.config(RATELIMIT_ENABLED=True, FORM_RATE_LIMIT=f"{LIMIT} per minute")
def test_the_limit_counts_per_client(client, app):
    """Another client address still gets through when one is limited."""
    for _ in range(LIMIT + 1):
        client.post("/barrierefreiheit", data={})
    assert client.post("/barrierefreiheit", data={}).status_code == 429
    other = client.post("/barrierefreiheit", data={}, environ_overrides={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code != 429


@pytest.fixture
def storage_unreachable():
    """The limiter remembers on itself (one instance for every app in this process) that its storage died;
    the next test's app must start from a storage that is alive, as a freshly started worker does."""
    from conference.extensions import limiter

    yield
    limiter._storage_dead = False  # no public reset: flask-limiter only clears it after a successful check


# Port 9 (discard) on loopback: nothing listens, every connection is refused at once.
@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0",
                    FORM_RATE_LIMIT=f"{LIMIT} per minute")
def test_with_redis_down_the_limits_count_in_memory_instead_of_failing(client, app, storage_unreachable):
    """Redis is down: forms still work (no 500), and the limit is still kept, per worker, in memory."""
    statuses = [client.post("/barrierefreiheit", data={}).status_code for _ in range(LIMIT)]
    assert all(status < 500 for status in statuses), statuses
    assert 429 not in statuses, statuses
    limited = client.post("/barrierefreiheit", data={})
    assert limited.status_code == 429
    assert TOO_MANY in limited.get_data(as_text=True)


def kept_fields(html: str) -> tuple[str, list[tuple[str, str]]]:
    """The 429 page's "send again" form: its action and hidden fields, unescaped as a browser reads them."""
    import html as html_lib
    import re

    form = html[html.index('id="send-again"') - 200:]
    form = form[:form.index("</form>")]
    action = html_lib.unescape(re.search(r'action="([^"]*)"', form).group(1))
    fields = [(html_lib.unescape(n), html_lib.unescape(v))
              for n, v in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form)]
    return action, fields


@pytest.mark.config(RATELIMIT_ENABLED=True, FORM_RATE_LIMIT=f"{LIMIT} per minute")
def test_a_limited_registration_keeps_what_was_typed_and_sends_it_again(client, app):
    """A school's network hit the limit: the 429 page holds the form as typed (no-store), and its one button
    sends it again once the limit allows, so nothing typed is lost."""
    from conference.extensions import limiter

    edition, sessions = make_open_day(capacity=10)
    db.session.commit()
    url = f"/editions/{edition.id}/register?session={sessions[0].id}"
    for n in range(LIMIT):
        client.post(url, data={"name": f"Gast {n}", "email": f"gast{n}@example.org",
                               "session_ids": [sessions[0].id], "consent": "y"})
    typed = {"name": 'Zoë "<b>Gast</b>"', "email": "zoe@example.net", "organisation": "Schule\nam Park",
             "session_ids": [str(sessions[0].id), str(sessions[1].id)], "consent": "y"}
    limited = client.post(url, data=typed)
    assert limited.status_code == 429 and limited.headers["Cache-Control"] == "no-store"
    html = limited.get_data(as_text=True)
    assert "<b>Gast</b>" not in html  # escaped, never markup
    action, fields = kept_fields(html)
    assert action == url
    assert sorted(fields) == sorted([(k, v) for k, values in typed.items()
                                     for v in (values if isinstance(values, list) else [values])])
    limiter.reset()  # the minute has passed
    again = client.post(action, data=MultiDict(fields))
    assert again.status_code == 302
    stored = db.session.scalar(select(Registration).where(Registration.email == "zoe@example.net"))
    assert stored.name == 'Zoë "<b>Gast</b>"' and stored.organisation == "Schule\nam Park"
    assert len(stored.bookings) == 2


@pytest.mark.config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT=f"{LIMIT} per minute")
def test_a_limited_login_never_writes_the_password_into_the_page(client, app):
    for _ in range(LIMIT):
        client.post("/login", data={"email": "ada@example.org", "password": "geheim-123456"})
    limited = client.post("/login", data={"email": "ada@example.org", "password": "geheim-123456"})
    assert limited.status_code == 429
    html = limited.get_data(as_text=True)
    assert "geheim-123456" not in html
    assert kept_fields(html)[1] == [("email", "ada@example.org")]


@pytest.mark.config(RATELIMIT_ENABLED=True, SURVEY_RATE_LIMIT=f"{LIMIT} per minute")
def test_a_limited_survey_answer_keeps_the_answers(client, app):
    url = open_survey_link()
    db.session.commit()
    for _ in range(LIMIT):
        client.post(url, data={})
    limited = client.post(url, data={"q1": "4", "comment": "Mehr Pausen, bitte"})
    assert limited.status_code == 429
    html = limited.get_data(as_text=True)
    assert TOO_MANY_ANSWERS in html
    action, fields = kept_fields(html)
    assert action == url and ("comment", "Mehr Pausen, bitte") in fields and ("q1", "4") in fields


def test_a_page_without_a_posted_form_offers_nothing_to_send_again(client, app):
    from conference.errorpages import kept_form

    with app.test_request_context("/login", method="POST", json={"email": "x@example.org"}):
        assert kept_form() is None
    with app.test_request_context("/login", method="GET"):
        assert kept_form() is None


@pytest.mark.config(RATELIMIT_ENABLED=True, FORM_RATE_LIMIT="1 per minute")
def test_no_password_field_is_kept_whatever_its_name(client, app):
    """The partner sign-up repeats its password in a field called "confirm": it is left out like "password"."""
    data = {"name": "Ada", "email": "ada@example.org", "password": "Geheim-Passwort-123",
            "confirm": "Geheim-Passwort-123", "organisation_name": "Schule am Park"}
    client.post("/signup/partner", data=data)
    limited = client.post("/signup/partner", data=data)
    assert limited.status_code == 429
    html = limited.get_data(as_text=True)
    assert "Geheim-Passwort-123" not in html
    assert "Passwörter werden nicht aufbewahrt" in html
    assert dict(kept_fields(html)[1]) == {"name": "Ada", "email": "ada@example.org",
                                          "organisation_name": "Schule am Park"}


@pytest.mark.config(RATELIMIT_ENABLED=True, FORM_RATE_LIMIT="1 per minute", PROXY_FIX=True)
def test_behind_a_path_prefix_the_form_is_sent_again_to_the_prefixed_address(client, app):
    prefix = {"X-Forwarded-Prefix": "/konferenz"}
    client.post("/barrierefreiheit", data={"message": "Hallo"}, headers=prefix)
    limited = client.post("/barrierefreiheit?x=1", data={"message": "Hallo"}, headers=prefix)
    assert limited.status_code == 429
    assert kept_fields(limited.get_data(as_text=True))[0] == "/konferenz/barrierefreiheit?x=1"


@pytest.mark.config(RATELIMIT_ENABLED=True, FORM_RATE_LIMIT="1 per minute", MAX_FORM_PARTS=5)
def test_a_form_too_large_to_keep_is_still_a_429_not_a_500(client, app):
    client.post("/barrierefreiheit", data={"message": "Hallo"})
    limited = client.post("/barrierefreiheit", data={f"f{i}": "x" for i in range(20)},
                          content_type="multipart/form-data")
    assert limited.status_code == 429
    assert 'id="send-again"' not in limited.get_data(as_text=True)
