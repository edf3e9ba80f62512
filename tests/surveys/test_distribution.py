"""Distribution: invitations per audience (idempotent), mails with the personal link in the recipient's
language, reminders (only to those who have not answered, at most daily, only while open), the
organiser's page, QR posters, the open link's protection (cookie, rate limit), and who may see what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from conference.council.models import Attendance, AttendanceRole, Invitation
from conference.database import utcnow
from conference.errors import ConflictError, DomainError
from conference.mail.models import OutboxMessage
from conference.program.models import SessionKind
from conference.submissions.models import CoPresenter, Submission
from conference.surveys import distribution
from conference.surveys.answer_views import cookie_name
from conference.surveys.models import (
    Audience,
    QuestionType,
    SurveyInvitation,
    SurveyParticipation,
    SurveyResponse,
)
from tests.factories import (
    make_council,
    make_organisation,
    make_person,
    make_provider,
    make_seat,
    make_session,
    make_venue,
)
from tests.surveys.answer_setup import make_question, make_registration, make_survey, open_day_with_sessions


def outbox(db, template=None):
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return db.session.scalars(query).all()


def invitations_of(db, survey):
    return db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id)
                              .order_by(SurveyInvitation.id)).all()


def responses(db) -> int:
    return db.session.scalar(select(func.count(SurveyResponse.id)))


# --- Who is invited -------------------------------------------------------------------------------------

def test_registrants_confirmed_and_not_cancelled_are_invited_once(db):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.REGISTRANTS, [make_question()])
    ada = make_registration(edition, "Ada@Example.org", name="Ada")
    make_registration(edition, "ada@example.org")  # the same address again: one invitation
    make_registration(edition, "late@example.org", confirmed=False)
    make_registration(edition, "gone@example.org", cancelled=True)
    make_registration(open_day_with_sessions(1)[0], "other-edition@example.org")
    assert distribution.invite(survey) == 1
    (invitation,) = invitations_of(db, survey)
    assert (invitation.email, invitation.name, invitation.registration_id, invitation.locale) == \
        ("Ada@Example.org", "Ada", ada.id, "de")
    token = invitation.token
    assert distribution.invite(survey) == 0  # idempotent
    bob = make_registration(edition, "bob@example.org")
    assert distribution.invite(survey) == 1
    assert [(i.token == token, i.registration_id) for i in invitations_of(db, survey)] == \
        [(True, ada.id), (False, bob.id)]


def test_partner_institutions_with_sessions_and_their_co_presenters_are_invited(db):
    edition, (session,), _ = open_day_with_sessions(1)
    organisation = make_organisation()
    session.organisation = organisation
    english = make_provider(organisation, email="partner@example.org", name="Pat")
    english.locale = "en"
    make_provider(make_organisation(), email="no-session@example.org")
    drafted = make_organisation()
    make_session(edition, organisation=drafted, is_published=False)
    make_provider(drafted, email="draft-only@example.org")
    pending = make_provider(organisation, email="pending@example.org")
    pending.approved_at = None
    offer = Submission(edition=edition, organisation=organisation, kind=SessionKind.WORKSHOP, title="Angebot")
    offer.co_presenters = [CoPresenter(name="Cora", email="cora@example.org"), CoPresenter(name="No Mail")]
    db.session.add(offer)
    db.session.flush()
    session.submission_id = offer.id
    survey = make_survey(edition, Audience.PROVIDERS, [make_question()])
    assert distribution.invite(survey) == 2
    assert [(i.email, i.name, i.locale, i.registration_id) for i in invitations_of(db, survey)] == [
        ("partner@example.org", "Pat", "en", None), ("cora@example.org", "Cora", "de", None)]
    assert distribution.invite(survey) == 0


def test_council_members_who_attended_are_invited(db):
    edition = make_council()
    came, stayed_away = make_seat(), make_seat()
    person = came.memberships[0].person
    person.locale = "en"
    db.session.add(Attendance(edition_id=edition.id, seat=came, person=person, role=AttendanceRole.MEMBER))
    db.session.add(Attendance(edition_id=edition.id, seat=stayed_away, role=AttendanceRole.SUBSTITUTE,
                              substitute_name="Vertretung"))  # no person, no address: not invited
    db.session.add_all([Invitation(edition=edition, seat=came), Invitation(edition=edition, seat=stayed_away)])
    survey = make_survey(edition, Audience.COUNCIL_MEMBERS, [make_question()])
    assert distribution.invite(survey) == 1
    assert [(i.email, i.locale) for i in invitations_of(db, survey)] == [(person.email, "en")]


def test_without_attendance_the_holders_of_invited_seats_are_invited(db):
    edition = make_council()
    invited = make_seat(deputy=make_person(email=""))  # the deputy has no address
    make_seat()  # not invited to this meeting
    db.session.add(Invitation(edition=edition, seat=invited))
    survey = make_survey(edition, Audience.COUNCIL_MEMBERS, [make_question()])
    assert distribution.invite(survey) == 1
    member = next(m.person for m in invited.memberships if m.role.value == "member")
    assert [i.email for i in invitations_of(db, survey)] == [member.email]


def test_visitors_get_no_personal_invitations(db):
    edition, _, _ = open_day_with_sessions(1)
    make_registration(edition)
    survey = make_survey(edition, Audience.VISITORS, [make_question()], is_open_link=True)
    with pytest.raises(DomainError, match="open link"):
        distribution.invite(survey)
    assert invitations_of(db, survey) == []


# --- Mails and reminders ------------------------------------------------------------------------------

@pytest.fixture
def invited(db):
    """A registrants' survey (open now) with two invitations: one German, one English."""
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.REGISTRANTS, [make_question()])
    make_registration(edition, "ada@example.org", name="Ada")
    make_registration(edition, "bob@example.org", name="Bob")
    distribution.invite(survey)
    ada, bob = invitations_of(db, survey)
    bob.locale = "en"
    db.session.flush()
    return survey, ada, bob


def test_invitations_are_mailed_with_the_personal_link_in_the_recipients_language(db, invited):
    survey, ada, bob = invited
    survey.title, survey.title_en = "Ihre Meinung", "Your view"
    now = utcnow()
    assert distribution.send_invitations(survey, now).mails == 2
    german, english = outbox(db, "survey_invitation")
    assert german.recipient == "ada@example.org" and german.locale == "de"
    assert f"http://localhost/survey/{ada.token}\n" in german.body_text
    assert english.recipient == "bob@example.org" and english.locale == "en"
    assert f"http://localhost/survey/{bob.token}?lang=en" in english.body_text
    assert "Hello Bob," in english.body_text and "The survey is anonymous" in english.body_text
    assert "“Your view”" in english.body_text
    assert "Ihre Meinung" in german.body_text and "Your view" not in german.body_text
    assert english.subject == f"Your opinion: {survey.edition.title}"
    assert f'href="http://localhost/survey/{bob.token}?lang=en"' in english.body_html
    assert ada.sent_at == now and bob.sent_at == now
    assert distribution.send_invitations(survey, now).mails == 0  # nothing sent twice
    assert len(outbox(db)) == 2


def test_invitations_can_go_out_before_the_window_but_not_after_it(db, invited):
    survey, _ada, _bob = invited
    survey.opens_at = utcnow() + timedelta(days=2)
    assert distribution.send_invitations(survey, utcnow()).mails == 2
    assert "You can answer from" in outbox(db)[1].body_text
    with pytest.raises(ConflictError):
        distribution.send_invitations(survey, survey.closes_at)
    survey.opens_at = survey.closes_at = None
    with pytest.raises(DomainError, match="window"):
        distribution.send_invitations(survey, utcnow())


def test_reminders_go_to_those_without_an_answer_at_most_daily(db, invited):
    survey, ada, bob = invited
    sent = utcnow() - timedelta(days=2)
    distribution.send_invitations(survey, sent)
    carl = SurveyInvitation(survey=survey, email="carl@example.org")  # not mailed yet: no reminder
    db.session.add(carl)
    db.session.add(SurveyParticipation(invitation_id=ada.id))  # Ada has answered
    db.session.flush()
    now = utcnow()
    report = distribution.send_reminders(survey, now)
    assert (report.mails, report.skipped) == (1, 0)
    (reminder,) = outbox(db, "survey_reminder")
    assert reminder.recipient == "bob@example.org" and f"/survey/{bob.token}?lang=en" in reminder.body_text
    assert (bob.last_reminded_at, bob.reminder_count) == (now, 1)
    report = distribution.send_reminders(survey, now + timedelta(hours=23))
    assert (report.mails, report.skipped) == (0, 1)
    assert distribution.send_reminders(survey, now + timedelta(hours=24)).mails == 1
    assert bob.reminder_count == 2 and len(outbox(db, "survey_reminder")) == 2


def test_no_reminder_within_a_day_of_the_invitation(db, invited):
    survey, _, _ = invited
    now = utcnow()
    distribution.send_invitations(survey, now - timedelta(hours=3))
    assert distribution.send_reminders(survey, now).skipped == 2
    assert outbox(db, "survey_reminder") == []


@pytest.mark.parametrize("when", ["before", "after"])
def test_no_reminders_outside_the_window(db, invited, when):
    survey, _, _ = invited
    distribution.send_invitations(survey, survey.opens_at - timedelta(days=3))
    at = survey.opens_at - timedelta(minutes=1) if when == "before" else survey.closes_at
    with pytest.raises(ConflictError):
        distribution.send_reminders(survey, at)
    assert outbox(db, "survey_reminder") == []


# --- The organiser's page -----------------------------------------------------------------------------------

def base_url(survey) -> str:
    return f"/manage/editions/{survey.edition_id}/surveys/{survey.id}/distribution"


def test_organisers_invite_send_and_remind_from_the_page(client, db, login_as):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.REGISTRANTS, [make_question()])
    make_registration(edition, "ada@example.org", name="Ada")
    db.session.commit()
    login_as("organiser")
    client.set_cookie("lang", "en")
    url = base_url(survey)
    assert "Create invitations for the audience" in client.get(url + "/").get_data(as_text=True)
    page = client.post(url + "/invite", follow_redirects=True).get_data(as_text=True)
    assert "1 invitation created." in page and "ada@example.org" in page and "Send 1 invitation" in page
    page = client.post(url + "/send", follow_redirects=True).get_data(as_text=True)
    assert "1 invitation sent." in page
    assert [m.recipient for m in outbox(db, "survey_invitation")] == ["ada@example.org"]
    page = client.post(url + "/remind", follow_redirects=True).get_data(as_text=True)
    assert "0 reminders sent." in page and "mailed less than 24 hours ago" in page
    assert 'id="count-answered">0<' in page and 'id="count-invited">1<' in page


def test_the_page_refuses_invitations_for_visitors_and_shows_the_open_link(client, db, login_as):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.VISITORS, [make_question()], is_open_link=True)
    db.session.commit()
    login_as("organiser")
    client.set_cookie("lang", "en")
    page = client.get(base_url(survey) + "/").get_data(as_text=True)
    assert f"http://localhost/s/{survey.open_key}" in page and "Poster for Rathaus (PDF)" in page
    assert "Create invitations" not in page
    page = client.post(base_url(survey) + "/invite", follow_redirects=True).get_data(as_text=True)
    assert "Visitors answer through the open link" in page


def test_the_invitation_list_costs_the_same_queries_for_1_and_30_invitations(client, db, login_as, count_queries):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.REGISTRANTS, [make_question()])
    make_registration(edition)
    distribution.invite(survey)
    db.session.commit()
    login_as("organiser")
    with count_queries() as one:
        assert client.get(base_url(survey) + "/").status_code == 200
    for _ in range(29):
        make_registration(edition)
    distribution.invite(survey)
    db.session.commit()
    with count_queries() as thirty:
        assert client.get(base_url(survey) + "/").status_code == 200
    assert thirty.count == one.count


def test_the_qr_poster_is_a_printable_pdf_with_the_open_link(client, db, login_as):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.VISITORS, [make_question()], is_open_link=True, title="Wie war's?")
    venue = edition.venues[0]
    elsewhere = make_venue(open_day_with_sessions(1)[0], name="Anderswo")
    db.session.commit()
    login_as("organiser")
    response = client.get(f"{base_url(survey)}/poster/{venue.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.data
    assert pdf.startswith(b"%PDF-") and b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf  # A4
    link = f"http://localhost/s/{survey.open_key}".encode()
    assert b"/URI (" + link + b")" in pdf  # the QR code and the printed link lead there
    assert b"(" + link + b") Tj" in pdf  # the link is printed as text
    assert b"?v=" not in pdf and b"Standort: Rathaus" in pdf and b"Sagen Sie es uns!" in pdf
    assert client.get(f"{base_url(survey)}/poster/{elsewhere.id}.pdf").status_code == 404
    assert client.get(f"{base_url(survey)}/poster/999999.pdf").status_code == 404
    svg = client.get(f"{base_url(survey)}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data


def test_a_survey_without_open_link_has_no_poster(client, db, login_as):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.REGISTRANTS, [make_question()])
    db.session.commit()
    login_as("organiser")
    assert client.get(f"{base_url(survey)}/poster/{edition.venues[0].id}.pdf").status_code == 404
    assert client.get(f"{base_url(survey)}/qr.svg").status_code == 404
    other = open_day_with_sessions(1)[0]
    db.session.commit()
    assert client.get(f"/manage/editions/{other.id}/surveys/{survey.id}/distribution/").status_code == 404


@pytest.mark.parametrize("role", ["analyst", "reviewer", "provider"])
def test_only_organisers_reach_the_distribution(client, db, login_as, role):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.REGISTRANTS, [make_question()], is_open_link=True)
    make_registration(edition, "secret@example.org")
    distribution.invite(survey)
    db.session.commit()
    login_as(role)
    url = base_url(survey)
    for path in ("/", f"/poster/{edition.venues[0].id}.pdf", "/qr.svg"):
        response = client.get(url + path)
        assert response.status_code == 403 and b"secret@example.org" not in response.data
    for path in ("/invite", "/send", "/remind"):
        assert client.post(url + path).status_code == 403
    assert outbox(db) == []


def test_admins_may_distribute(client, db, login_as):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.REGISTRANTS, [make_question()])
    db.session.commit()
    login_as("admin")
    assert client.get(base_url(survey) + "/").status_code == 200


# --- The open link: one answer per browser, a rate limit --------------------------------------------------------

@pytest.fixture
def open_survey(db):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.VISITORS, [(make_question(QuestionType.LIKERT_5), True)],
                         is_open_link=True)
    db.session.commit()
    return survey, {f"q{survey.questions[0].id}": "4"}


def test_the_open_link_sets_a_cookie_that_blocks_a_second_answer(client, db, open_survey):
    survey, data = open_survey
    client.set_cookie("lang", "en")
    url = f"/s/{survey.open_key}"
    response = client.post(url, data=data)
    assert response.status_code == 303 and response.headers["Location"] == url
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(cookie_name(survey) + "="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and f"Path={url}" in cookie and "Expires=" in cookie
    page = client.get(url)
    assert page.status_code == 200 and "This browser has answered this survey already" in page.get_data(as_text=True)
    again = client.post(url, data=data)
    assert again.status_code == 409 and "You have answered already" in again.get_data(as_text=True)
    assert responses(db) == 1


def test_the_cookie_identifies_nobody_and_cannot_be_forged(app, db, open_survey):
    survey, data = open_survey
    url = f"/s/{survey.open_key}"
    values = []
    for _ in range(2):
        browser = app.test_client()
        response = browser.post(url, data=data)
        values.append(response.headers["Set-Cookie"].split(";")[0])
    assert values[0] == values[1]  # the same for every respondent: only "answered", nothing about who
    forged = app.test_client()
    forged.set_cookie(cookie_name(survey), "1.forged", path=url)
    assert forged.post(url, data=data).status_code == 303  # a cookie that is not ours blocks nothing
    assert responses(db) == 3


def test_another_surveys_cookie_does_not_block(app, client, db, open_survey):
    survey, data = open_survey
    other = make_survey(survey.edition, Audience.REGISTRANTS, [make_question()], is_open_link=True)
    db.session.commit()
    client.post(f"/s/{other.open_key}", data={})
    assert client.post(f"/s/{survey.open_key}", data=data).status_code == 303


@pytest.mark.config(RATELIMIT_ENABLED=True, SURVEY_RATE_LIMIT="2 per minute")
def test_the_open_link_is_rate_limited_per_client(client, db, open_survey):
    survey, data = open_survey
    client.set_cookie("lang", "en")
    url = f"/s/{survey.open_key}"
    statuses = [client.post(url, data={}).status_code for _ in range(2)]
    limited = client.post(url, data=data)
    assert statuses == [422, 422] and limited.status_code == 429
    assert "Too many answers from your network" in limited.get_data(as_text=True)
    assert limited.headers.get("Retry-After")
    assert responses(db) == 0
    assert client.get(url).status_code == 200  # reading is not limited
