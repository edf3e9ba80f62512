"""Answering a survey, without login: the open link ``/s/<open_key>`` (visitors, e.g. from the QR
poster) and the personal link ``/survey/<token>`` (invited audiences).

Protection of the open link against ballot stuffing, and its limits (see
docs/surveys/distribution-and-anonymity.md):
- after answering, the browser gets a signed, HttpOnly, SameSite=Lax cookie for this survey only (its
  path is the survey's link); with it, the page says "answered already" and refuses a second answer.
  The cookie's value is the same for everyone (the survey's number, signed), so it identifies nobody;
  clearing cookies or another browser gets round it;
- answers are rate-limited per client (``SURVEY_RATE_LIMIT``, generous because schools and venues share
  one address). The limiter counts under a keyed hash of the address, never the address itself, and
  nothing about the client is stored with the response.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer

from conference.database import utcnow
from conference.editions.services import local
from conference.errorpages import kept_form
from conference.errors import ConflictError, DomainError
from conference.extensions import limiter
from conference.surveys import answering
from conference.surveys.answer_forms import AnswerForm, answered_count, build_form, collect_answers
from conference.surveys.models import QuestionType, Survey, SurveyInvitation

bp = Blueprint("survey", __name__)

# Per client address: bursts of a busy venue Wi-Fi pass, a script filling in hundreds does not.
DEFAULT_RATE_LIMIT = "10 per minute; 100 per hour"
ANSWERED_SALT = "survey-answered"


def _rate_limit() -> str:
    return current_app.config.get("SURVEY_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def client_key() -> str:
    """The limiter's key: a keyed hash of the client address, so that not even the limiter's counters
    (in memory or Redis, for the length of the window) hold an IP address."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, get_remote_address().encode(), hashlib.sha256).hexdigest()[:32]


def _private(response):
    """Survey pages are never cached, indexed or sent as a referrer (a personal link is a key)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- The "answered" cookie of the open link ---------------------------------------------------------------

def cookie_name(survey: Survey) -> str:
    return f"survey_{survey.id}_answered"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ANSWERED_SALT)


def _has_answered_cookie(survey: Survey) -> bool:
    raw = request.cookies.get(cookie_name(survey))
    if not raw:
        return False
    try:
        return _serializer().loads(raw) == survey.id
    except BadSignature:
        return False


def _set_answered_cookie(response, survey: Survey) -> None:
    # Kept until a day after the survey closes; sent only to this survey's link.
    response.set_cookie(cookie_name(survey), _serializer().dumps(survey.id),
                        expires=survey.closes_at + timedelta(days=1),
                        path=url_for(".open_link", open_key=survey.open_key),
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")


def _chosen_language() -> str | None:
    """The language asked for in the link (``?lang=en`` from an English mail), kept across the form's post."""
    lang = request.args.get("lang")
    return lang if lang in current_app.config["LANGUAGES"] else None


# --- Pages ------------------------------------------------------------------------------------------------

def _state_page(survey: Survey | None, state: str, status: int = 200, *, channel: str = "open", kept=None):
    html = render_template("surveys/answer/state.html", survey=survey, state=state, channel=channel, kept=kept)
    return _private(make_response(html, status))


def _form_page(survey: Survey, form: AnswerForm, action: str, *, invitation: SurveyInvitation | None,
               status: int = 200):
    html = render_template("surveys/answer/form.html", survey=survey, edition=survey.edition, form=form,
                           action=action, invitation=invitation, answered=answered_count(form),
                           total=len(form.items))
    return _private(make_response(html, status))


def _answer(survey: Survey, invitation: SurveyInvitation | None, action: str):
    """Show the form (GET) or save the answers (POST). Returns a response, or None once saved."""
    posted = request.method == "POST"
    now = utcnow()
    state = answering.window_state(survey, now)
    channel = "invited" if invitation is not None else "open"
    if state != "open":
        return _state_page(survey, state, 409 if posted else 200, channel=channel)
    questions = answering.survey_questions(survey)
    rates_sessions = any(sq.question.type == QuestionType.SESSION_RATING for sq in questions)
    sessions = answering.sessions_to_rate(survey, invitation) if rates_sessions else []
    form = build_form(questions, sessions, str(get_locale()), collapse_sessions=invitation is None)
    if not form.items:
        return _state_page(survey, "not_yet", 409 if posted else 200, channel=channel)
    if not posted:
        return _form_page(survey, form, action, invitation=invitation)
    if form.validate():
        try:
            answering.submit_response(survey, collect_answers(form), invitation=invitation, channel=channel,
                                      today=local(now).date())
        except ConflictError:
            return _state_page(survey, "answered", 409, channel=channel)
        except DomainError as error:
            if error.field and error.field[1:].isdecimal():
                form.attach(int(error.field[1:]), error.message)
            else:
                flash(error.message, "danger")
        else:
            flash(gettext("Thank you! Your answers have been saved."), "success")
            return None
    return _form_page(survey, form, action, invitation=invitation, status=422)


@bp.route("/s/<token:open_key>", methods=["GET", "POST"])
@limiter.limit(_rate_limit, key_func=client_key, methods=["POST"])
def open_link(open_key: str):
    """The open link: anyone may answer, once per browser."""
    survey = answering.get_open_survey(open_key)
    if _has_answered_cookie(survey):
        return _state_page(survey, "answered", 409 if request.method == "POST" else 200)
    action = url_for(".open_link", open_key=open_key, lang=_chosen_language())
    response = _answer(survey, None, action)
    if response is not None:
        return response
    response = _private(redirect(action, 303))
    _set_answered_cookie(response, survey)
    return response


@bp.route("/survey/<token:token>", methods=["GET", "POST"])
@limiter.limit(_rate_limit, key_func=client_key, methods=["POST"])
def personal(token: str):
    """A personal link from an invitation mail: answers once; the answers are not linked to it."""
    invitation = answering.get_invitation(token)
    survey = invitation.survey
    if answering.has_answered(invitation):
        return _state_page(survey, "answered", 409 if request.method == "POST" else 200, channel="invited")
    action = url_for(".personal", token=token, lang=_chosen_language())
    response = _answer(survey, invitation, action)
    return response if response is not None else _private(redirect(action, 303))


@bp.errorhandler(429)
def too_many_answers(error):
    """Too many answers from one network in a short time: say so plainly, and when to try again."""
    return _state_page(None, "rate_limited", 429, kept=kept_form())
