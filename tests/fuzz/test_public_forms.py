"""Hypothesis on the public forms: registration, survey (open link and personal link), accessibility
feedback, partner sign-up and RSVP.

Four properties:
- any post to any of the forms (arbitrary text with control characters, NULs and very long strings; fields
  missing, repeated or unknown; odd values for selects and numbers) is answered without a server error;
- so is any raw request body, whatever its content type;
- so is any value of the query arguments that public pages read (paging, filters, language);
- a valid submission with arbitrary text is saved, and the text comes back as the forms promise: control
  characters dropped, surrounding white space stripped, nothing else changed.

The test configuration has CSRF and rate limits off. ``FUZZ_EXAMPLES`` sets the number of examples."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from datetime import date, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from conference.accounts.models import User
from conference.council import invitations
from conference.council.meeting_models import RsvpStatus
from conference.editions.models import EditionStatus
from conference.forms_base import drop_control_characters
from conference.pages.models import AccessibilityFeedback
from conference.partners.services import ORGANISATION_KINDS
from conference.registration.models import PARTICIPANT_ROLES, Registration
from conference.surveys.models import Audience, QuestionType, SurveyAnswer, SurveyInvitation
from tests.council.invitation_setup import council_with_seats, invitation_of
from tests.factories import make_edition, make_session, make_slot, make_venue
from tests.surveys.answer_setup import every_type, make_survey

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
_seq = itertools.count(1)

# --- Strategies -----------------------------------------------------------------------------------------------

# Any code point a form post can carry: UTF-8 cannot encode surrogates, everything else goes (NUL included).
CHARS = st.characters(exclude_categories=("Cs",))
ODD = ["", " ", "\x00", "\x00" * 300, "\r\n", "\ufeff", "\u202e", "²", "١٢", "9" * 5000, "-1", "0", "1e3", "NaN",
       "2147483648", "[]", "{}", "None", "true", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd",
       "𝕏" * 300]
SHORT = st.text(CHARS, max_size=30)
LONG = st.builds(lambda piece, times: piece * times, st.text(CHARS, min_size=1, max_size=4), st.integers(50, 2500))
TEXT = st.one_of(SHORT, SHORT, LONG, st.sampled_from(ODD))


def value(sensible: st.SearchStrategy[str] | None = None) -> st.SearchStrategy:
    """One value (sensible or any text), or a list of them (the field repeated, or sent empty)."""
    one = TEXT if sensible is None else st.one_of(sensible, TEXT)
    return st.one_of(one, st.lists(one, max_size=3))


def post_data(fields: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[dict]:
    """Form data: each known field present or missing, plus a few unknown fields."""
    known = st.fixed_dictionaries({}, optional={name: value(sensible) for name, sensible in fields.items()})
    unknown = st.dictionaries(SHORT, value(), max_size=3)
    return st.builds(lambda extra, data: {**extra, **data}, unknown, known)


def readable(max_size: int) -> st.SearchStrategy[str]:
    """Arbitrary text that keeps at least one letter once cleaned, at most ``max_size`` characters."""
    return st.builds(lambda before, letter, after: (before[:max_size - 1] + letter + after)[:max_size],
                     st.one_of(SHORT, LONG), st.characters(categories=("L",)), st.one_of(SHORT, LONG))


def optional_text(max_size: int) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), st.text(CHARS, max_size=max_size), readable(max_size))


def cleaned(text: str) -> str:
    """What the forms keep of a text: no control characters, no surrounding white space."""
    return drop_control_characters(text).strip()


def unique_email() -> str:
    return f"fuzz{next(_seq)}@example.org"


# --- The forms ------------------------------------------------------------------------------------------------

@dataclass
class PublicForms:
    """The seeded data and the URL and sensible field values of each form."""

    urls: dict[str, str] = field(default_factory=dict)
    fields: dict[str, dict[str, st.SearchStrategy[str]]] = field(default_factory=dict)
    survey_questions: dict[str, dict[str, int]] = field(default_factory=dict)
    session_ids: list[int] = field(default_factory=list)
    personal_survey: object = None
    council: tuple = ()


def survey_fields(survey, session_ids: list[int]) -> tuple[dict[str, st.SearchStrategy[str]], dict[str, int]]:
    """Field names of a survey's answer form with their offered values, and the question id per question key."""
    fields, by_key = {}, {}
    for sq in survey.questions:
        question, name = sq.question, f"q{sq.id}"
        by_key[question.key] = sq.id
        if question.type == QuestionType.LIKERT_5:
            fields[name] = st.sampled_from([str(n) for n in range(0, 7)])
        elif question.type == QuestionType.SCALE_0_10:
            fields[name] = st.sampled_from([str(n) for n in range(-1, 12)])
        elif question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
            fields[name] = st.sampled_from([o["value"] for o in question.options])
        elif question.type == QuestionType.YES_NO_MAYBE:
            fields[name] = st.sampled_from(["yes", "no", "maybe"])
        elif question.type == QuestionType.FREE_TEXT:
            fields[name] = TEXT
        else:
            for session_id in [*session_ids, 2**31]:
                fields[f"{name}_s{session_id}"] = st.sampled_from(["", "1", "5", "6"])
    return fields, by_key


@pytest.fixture
def public_forms(app, db) -> PublicForms:
    forms = PublicForms()
    edition = make_edition(status=EditionStatus.REGISTRATION_OPEN, day=date(2099, 5, 8))  # far ahead: stays open
    venue = make_venue(edition, rooms=[("Raum A", 5000, True)])
    slots = [make_slot(edition), make_slot(edition, start=time(13), label="Runde 2")]
    sessions = [make_session(edition, capacity=5000, slot=slots[i % 2], room=venue.rooms[0]) for i in range(3)]
    forms.session_ids = session_ids = [s.id for s in sessions]
    forms.urls["registration"] = f"/editions/{edition.id}/register"
    forms.fields["registration"] = {
        "name": readable(200), "email": st.just("gast@example.org"), "organisation": TEXT,
        "role": st.sampled_from(["", *PARTICIPANT_ROLES]), "accessibility_needs": TEXT,
        "accessibility_consent": st.sampled_from(["y", "", "false"]), "consent": st.sampled_from(["y", "", "on"]),
        "session_ids": st.sampled_from([str(i) for i in [*session_ids, 0, -1, 2**31, 2**63]]),
    }

    questions = every_type()
    open_survey = make_survey(edition, Audience.VISITORS, questions, is_open_link=True)
    forms.personal_survey = make_survey(edition, Audience.REGISTRANTS, questions)
    forms.urls["survey"] = f"/s/{open_survey.open_key}"
    forms.fields["survey"], forms.survey_questions["survey"] = survey_fields(open_survey, session_ids)
    forms.fields["personal_survey"], forms.survey_questions["personal_survey"] = survey_fields(
        forms.personal_survey, session_ids)

    forms.urls["feedback"] = "/barrierefreiheit"
    forms.fields["feedback"] = {"message": readable(5000), "page_url": TEXT, "name": TEXT,
                                "email": st.sampled_from(["", "a@example.org", "not an address"])}

    forms.urls["partner"] = "/signup/partner"
    forms.fields["partner"] = {
        "organisation_name": readable(200), "organisation_kind": st.sampled_from(["", *ORGANISATION_KINDS]),
        "website": st.sampled_from(["", "https://example.org", "javascript:alert(1)", "http://[::1"]),
        "name": readable(200), "email": st.builds(unique_email), "password": st.just("geheim-genug"),
        "confirm": st.just("geheim-genug"), "consent": st.sampled_from(["y", ""]),
    }

    council, seats = council_with_seats(1, day=date(2099, 3, 10))
    invitations.generate_invitations(council)
    invitation = invitation_of(council, seats[0])
    forms.council = (council, invitation)
    forms.urls["rsvp"] = f"/rsvp/{invitation.token}"
    forms.fields["rsvp"] = {"status": st.sampled_from([s.value for s in RsvpStatus]), "note": TEXT}
    db.session.commit()
    return forms


def new_personal_link(db, forms: PublicForms) -> str:
    """A fresh personal survey link (each one answers once)."""
    invitation = SurveyInvitation(survey=forms.personal_survey, email=unique_email())
    db.session.add(invitation)
    db.session.commit()
    return f"/survey/{invitation.token}"


FORMS = ["registration", "survey", "personal_survey", "feedback", "partner", "rsvp"]


def url_and_fields(db, forms: PublicForms, name: str) -> tuple[str, dict]:
    if name == "personal_survey":
        return new_personal_link(db, forms), forms.fields[name]
    return forms.urls[name], forms.fields[name]


# --- Properties -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FORMS)
def test_any_post_is_answered_without_a_server_error(app, db, public_forms, name):
    @FUZZ
    @given(data=st.data())
    def post(data):
        url, fields = url_and_fields(db, public_forms, name)
        sent = data.draw(post_data(fields), label="form")
        response = app.test_client().post(url, data=sent)  # a new client: no "answered" cookie, no session
        assert response.status_code < 500, (response.status_code, sent)

    post()


# Percent-encoded bytes that are no UTF-8 (a lone surrogate, 0xFF), broken escapes and multipart parts.
BAD_BODIES = [b"message=%ED%A0%80&name=%FF%FE", b"note=%00%C0%80", b"a=%", b"=&&=&%%=%zz", b"status=%E2%82",
              b"--x\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n\xff\xfe\r\n--x--\r\n",
              b"--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../a\"\r\n\r\n\x00\r\n--x--\r\n"]
CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
                 "multipart/form-data; boundary=x", "multipart/form-data", "text/plain", "application/json", None]


@pytest.mark.parametrize("name", FORMS)
def test_any_raw_body_is_answered_without_a_server_error(app, db, public_forms, name):
    @FUZZ
    @given(body=st.one_of(st.binary(max_size=300), TEXT.map(str.encode), st.sampled_from(BAD_BODIES)),
           content_type=st.sampled_from(CONTENT_TYPES))
    def post(body, content_type):
        url, _ = url_and_fields(db, public_forms, name)
        headers = {"Content-Type": content_type} if content_type else {}
        response = app.test_client().post(url, data=body, headers=headers)
        assert response.status_code < 500, (response.status_code, body, content_type)

    post()


QUERY_PAGES = ["/editions/{edition}/register?session", "/editions/{edition}/program?venue&slot&view&target_group",
               "/recommendations/?page&edition&status&addressee&q", "/oparl/v1/bodies?page&limit",
               "/oparl/v1/body/1/papers?page&limit&created_since&modified_until&omit_internal",
               "/s/{open_key}?lang", "/language/en?next"]


@pytest.mark.parametrize("page", QUERY_PAGES)
def test_any_query_argument_is_answered_without_a_server_error(app, db, public_forms, page):
    edition = public_forms.urls["registration"].split("/")[2]
    open_key = public_forms.urls["survey"].split("/")[2]

    @FUZZ
    @given(arg=TEXT)
    def get(arg):
        path, args = page.split("?")
        query = dict.fromkeys(args.split("&"), arg)
        response = app.test_client().get(path.format(edition=edition, open_key=open_key), query_string=query)
        assert response.status_code < 500, (response.status_code, arg)

    get()


# --- Valid submissions are kept verbatim (after the documented cleaning) --------------------------------------

def test_a_registration_keeps_what_was_typed(app, db, public_forms):
    url = public_forms.urls["registration"]
    first, second, _third = public_forms.session_ids  # the first two are in different slots

    @FUZZ
    @given(name=readable(200), organisation=optional_text(200), needs=optional_text(2000))
    def register(name, organisation, needs):
        email = unique_email()
        sent = {"name": name, "email": email, "organisation": organisation, "accessibility_needs": needs,
                "accessibility_consent": "y", "consent": "y", "session_ids": [str(first), str(second)]}
        response = app.test_client().post(url, data=sent)
        assert response.status_code == 302, response.get_data(as_text=True)
        saved = db.session.scalar(select(Registration).where(Registration.email == email))
        assert (saved.name, saved.organisation, saved.accessibility_needs) == \
            (cleaned(name), cleaned(organisation), cleaned(needs))

    register()


def test_a_survey_answer_keeps_the_free_text(app, db, public_forms):
    @FUZZ
    @given(text=readable(5000), personal=st.booleans())
    def answer(text, personal):
        url = new_personal_link(db, public_forms) if personal else public_forms.urls["survey"]
        questions = public_forms.survey_questions["personal_survey" if personal else "survey"]
        likert, comments = questions["overall_satisfaction"], questions["comments"]
        before = set(db.session.scalars(select(SurveyAnswer.id)))
        response = app.test_client().post(url, data={f"q{likert}": "4", f"q{comments}": text})
        assert response.status_code == 303, response.get_data(as_text=True)
        db.session.expire_all()
        new = db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.id.not_in(before))).all()
        assert sorted((a.value or 0, a.text or "") for a in new) == [(0, cleaned(text)), (4, "")]

    answer()


def test_accessibility_feedback_keeps_what_was_typed(app, db, public_forms):
    @FUZZ
    @given(message=readable(5000), page_url=optional_text(500), name=optional_text(200))
    def send(message, page_url, name):
        response = app.test_client().post("/barrierefreiheit", data={"message": message, "page_url": page_url,
                                                                    "name": name, "email": "leser@example.org"})
        assert response.status_code == 302, response.get_data(as_text=True)
        saved = db.session.scalar(select(AccessibilityFeedback).order_by(AccessibilityFeedback.id.desc()))
        assert (saved.message, saved.page_url, saved.name) == (cleaned(message), cleaned(page_url), cleaned(name))

    send()


def test_a_partner_sign_up_keeps_what_was_typed(app, db, public_forms):
    @FUZZ
    @given(name=readable(200), organisation=readable(180))
    def sign_up(name, organisation):
        email = unique_email()
        organisation = f"Einrichtung {next(_seq)}: {organisation}"[:200]  # a new one every time
        response = app.test_client().post("/signup/partner", data={
            "organisation_name": organisation, "name": name, "email": email, "password": "geheim-genug",
            "confirm": "geheim-genug", "consent": "y"})
        assert response.status_code == 302, response.get_data(as_text=True)
        user = db.session.scalar(select(User).where(User.email == email))
        assert (user.name, user.organisation.name) == (cleaned(name), cleaned(organisation))

    sign_up()


def test_an_rsvp_keeps_the_note(app, db, public_forms):
    _council, invitation = public_forms.council
    url = public_forms.urls["rsvp"]

    @FUZZ
    @given(status=st.sampled_from(["attending", "deputy_attends", "declined"]), note=optional_text(1000))
    def answer(status, note):
        response = app.test_client().post(url, data={"status": status, "note": note})
        assert response.status_code == 303, response.get_data(as_text=True)
        db.session.refresh(invitation)
        assert (invitation.status.value, invitation.note) == (status, cleaned(note))

    answer()
