"""Building surveys: one per edition and audience, copied from the previous edition's survey of the same
audience and format (so the same question versions are asked again and stay comparable), or built from
the format's template. Once a survey has responses its questions are fixed; its window, title and intro
can still change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from conference.editions.models import Edition
from conference.editions.services import from_local, local
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.surveys import questions as bank
from conference.surveys.models import (
    FORMAT_AUDIENCES,
    Audience,
    Question,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from conference.surveys.survey_templates import TEMPLATES

DEFAULT_WINDOW = timedelta(weeks=4)
MAX_TITLE, MAX_INTRO = 200, 10000


def audiences_of(edition: Edition) -> tuple[Audience, ...]:
    return FORMAT_AUDIENCES.get(edition.format, ())


def _with_questions():
    return selectinload(Survey.questions).selectinload(SurveyQuestion.question)


def get_survey(edition: Edition, survey_id: int) -> Survey:
    """Load-or-404 a survey of ``edition`` with its questions."""
    survey = db.session.scalar(select(Survey).where(Survey.id == survey_id, Survey.edition_id == edition.id)
                               .options(_with_questions()))
    if survey is None:
        raise NotFoundError(gettext("This survey does not exist."))
    return survey


def get_item(survey: Survey, item_id: int) -> SurveyQuestion:
    item = next((i for i in survey.questions if i.id == item_id), None)
    if item is None:
        raise NotFoundError(gettext("This question is not part of the survey."))
    return item


def has_responses(survey: Survey) -> bool:
    return bool(db.session.scalar(select(exists().where(SurveyResponse.survey_id == survey.id))))


def _require_editable(survey: Survey) -> None:
    if has_responses(survey):
        raise ConflictError(gettext("This survey already has responses, so its questions can no longer change. "
                                    "You can still change its window, title and intro."))


def previous_surveys(edition: Edition) -> dict[Audience, Survey]:
    """Per audience, the survey to copy: that of the nearest earlier edition of the same format (walking
    ``previous_edition`` back, skipping editions of the other format and those without that audience's
    survey). Two queries, however long the series."""
    links = {row.id: row for row in db.session.execute(
        select(Edition.id, Edition.previous_edition_id, Edition.format))}
    chain, seen = [], {edition.id}
    current = edition.previous_edition_id
    while current is not None and current not in seen and current in links:  # a cycle cannot loop forever
        seen.add(current)
        if links[current].format == edition.format:
            chain.append(current)
        current = links[current].previous_edition_id
    if not chain:
        return {}
    found = db.session.scalars(select(Survey).where(Survey.edition_id.in_(chain),
                                                    Survey.audience.in_(audiences_of(edition)))
                               .options(selectinload(Survey.edition)))
    rank = {edition_id: i for i, edition_id in enumerate(chain)}
    best: dict[Audience, Survey] = {}
    for survey in sorted(found, key=lambda s: rank[s.edition_id]):
        best.setdefault(survey.audience, survey)
    return best


def previous_survey(edition: Edition, audience: Audience | str) -> Survey | None:
    return previous_surveys(edition).get(Audience(audience))


def _check_window(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if (opens_at is None) != (closes_at is None):
        raise DomainError(gettext("Please give both the opening and the closing time, or neither."),
                          field="opens_at" if opens_at is None else "closes_at")
    if opens_at is not None and closes_at <= opens_at:
        raise DomainError(gettext("The survey must close after it opens."), field="closes_at")


def _check_open_link(audience: Audience, is_open_link: bool) -> None:
    if is_open_link and audience != Audience.VISITORS:
        raise DomainError(gettext("Only the visitors' survey can have an open link; the other audiences are "
                                  "invited with personal links."), field="is_open_link")


def _clean_title(title: str, field: str = "title", *, required: bool = True) -> str:
    title = (title or "").strip()
    if required and not title:
        raise DomainError(gettext("Please enter a title."), field=field)
    if len(title) > MAX_TITLE:
        raise DomainError(gettext("Please keep this under %(n)d characters.", n=MAX_TITLE), field=field)
    return title


def _clean_intro(intro: str, field: str = "intro") -> str:
    intro = (intro or "").strip()
    if len(intro) > MAX_INTRO:
        raise DomainError(gettext("Please keep this under %(n)d characters.", n=MAX_INTRO), field=field)
    return intro


def create_survey(edition: Edition, audience: Audience | str, *, from_previous: bool = True,
                  opens_at: datetime | None = None, closes_at: datetime | None = None,
                  is_open_link: bool | None = None) -> Survey:
    """The survey of ``audience`` at ``edition``.

    With ``from_previous`` (the default) it copies the nearest earlier same-format edition's survey of that
    audience: the same question versions in the same order with their required flags, title and intro
    (``copied_from`` is set). Otherwise, or when there is none, it is built from the format's template with
    the latest non-retired version of each key (missing template questions are added to the bank first).
    The window defaults to the four weeks after the edition ends; the open link to on for visitors only.
    Refuses an audience the format does not have, and a second survey for the same audience."""
    try:
        audience = Audience(audience)
    except ValueError:
        raise NotFoundError(gettext("There is no such audience.")) from None
    if audience not in audiences_of(edition):
        raise DomainError(gettext("Editions of the format “%(format)s” have no survey for “%(audience)s”.",
                                  format=edition.format.label, audience=audience.label))
    if db.session.scalar(select(exists().where(Survey.edition_id == edition.id, Survey.audience == audience))):
        raise ConflictError(gettext("This edition already has a survey for “%(audience)s”.",
                                    audience=audience.label))
    source = previous_survey(edition, audience) if from_previous else None
    if opens_at is None and closes_at is None:
        opens_at, closes_at = edition.ends_at, edition.ends_at + DEFAULT_WINDOW
    _check_window(opens_at, closes_at)
    if is_open_link is None:
        is_open_link = source.is_open_link if source is not None else audience == Audience.VISITORS
    _check_open_link(audience, is_open_link)
    if source is not None:
        survey = Survey(edition=edition, audience=audience, title=source.title, intro=source.intro,
                        title_en=source.title_en, intro_en=source.intro_en, copied_from=source,
                        opens_at=opens_at, closes_at=closes_at, is_open_link=is_open_link)
        for item in source.questions:
            survey.questions.append(SurveyQuestion(question_id=item.question_id, position=item.position,
                                                   is_required=item.is_required))
    else:
        template = TEMPLATES[(edition.format, audience)]
        bank.ensure_bank()
        usable = bank.latest_usable([key for key, _ in template["questions"]])
        survey = Survey(edition=edition, audience=audience, title=template["title"], intro=template["intro"],
                        title_en=template["title_en"], intro_en=template["intro_en"],
                        opens_at=opens_at, closes_at=closes_at, is_open_link=is_open_link)
        for position, (key, required) in enumerate((k, r) for k, r in template["questions"] if k in usable):
            survey.questions.append(SurveyQuestion(question=usable[key], position=position, is_required=required))
    db.session.add(survey)
    db.session.flush()
    return survey


def update_survey(survey: Survey, *, title: str, intro: str, opens_at: datetime | None,
                  closes_at: datetime | None, is_open_link: bool, title_en: str = "", intro_en: str = "") -> Survey:
    """Title, intro (German, and optionally English) and window may always change; switching the open link
    on or off only while the survey has no responses (they came in one way or the other)."""
    title, intro = _clean_title(title), _clean_intro(intro)
    title_en = _clean_title(title_en, "title_en", required=False)
    intro_en = _clean_intro(intro_en, "intro_en")
    _check_window(opens_at, closes_at)
    _check_open_link(survey.audience, is_open_link)
    if is_open_link != survey.is_open_link and has_responses(survey):
        raise ConflictError(gettext("This survey already has responses, so the open link can no longer be switched "
                                    "on or off."), field="is_open_link")
    survey.title, survey.intro, survey.title_en, survey.intro_en = title, intro, title_en, intro_en
    survey.opens_at, survey.closes_at, survey.is_open_link = opens_at, closes_at, is_open_link
    db.session.flush()
    return survey


def delete_survey(survey: Survey) -> None:
    """Only a survey nobody has been invited to or answered yet (e.g. one started from the wrong source)."""
    if has_responses(survey) or db.session.scalar(
            select(exists().where(SurveyInvitation.survey_id == survey.id))):
        raise ConflictError(gettext("This survey already has invitations or responses and cannot be deleted."))
    db.session.delete(survey)
    db.session.flush()


# --- The questions of a survey ------------------------------------------------------------------------

def _renumber(survey: Survey) -> None:
    for position, item in enumerate(sorted(survey.questions, key=lambda i: (i.position, i.id or 0))):
        item.position = position


def add_question(survey: Survey, question: Question, *, required: bool = False) -> SurveyQuestion:
    """Append ``question`` (a non-retired version) at the end. A survey asks each key once."""
    _require_editable(survey)
    if question.is_retired:
        raise DomainError(gettext("Version %(n)d of “%(key)s” is retired and cannot be added to a survey.",
                                  n=question.version, key=question.key), field="question_id")
    clash = next((i for i in survey.questions if i.question.key == question.key), None)
    if clash is not None:
        raise ConflictError(gettext("This survey already asks “%(key)s” (version %(n)d).", key=question.key,
                                    n=clash.question.version), field="question_id")
    position = max((i.position for i in survey.questions), default=-1) + 1
    item = SurveyQuestion(question=question, position=position, is_required=required)
    survey.questions.append(item)
    db.session.flush()
    return item


def remove_question(survey: Survey, item: SurveyQuestion) -> None:
    _require_editable(survey)
    survey.questions.remove(item)
    _renumber(survey)
    db.session.flush()


def move_question(survey: Survey, item: SurveyQuestion, offset: int) -> None:
    """Move ``item`` ``offset`` places (−1 up, +1 down); at either end it stays."""
    _require_editable(survey)
    items = sorted(survey.questions, key=lambda i: (i.position, i.id))
    index = items.index(item)
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    for position, each in enumerate(items):
        each.position = position
    db.session.flush()


def set_required(survey: Survey, item: SurveyQuestion, required: bool) -> None:
    _require_editable(survey)
    item.is_required = bool(required)
    db.session.flush()


def swap_to_latest(survey: Survey, item: SurveyQuestion) -> SurveyQuestion:
    """Ask the newest non-retired version of the item's key instead (same position and required flag)."""
    _require_editable(survey)
    latest = bank.latest_usable([item.question.key]).get(item.question.key)
    if latest is None or latest.id == item.question_id:
        raise DomainError(gettext("“%(key)s” is already asked in its latest version.", key=item.question.key))
    item.question = latest
    db.session.flush()
    return item


# --- Overviews and the next edition -------------------------------------------------------------------

@dataclass
class AudienceRow:
    audience: Audience
    survey: Survey | None
    questions: int
    responses: int
    source: Survey | None     # what "create" would copy (None: the template)


def edition_overview(edition: Edition) -> list[AudienceRow]:
    """Each audience of the edition's format with its survey (or the survey a new one would copy), its
    question and response counts; a fixed number of queries."""
    surveys = {s.audience: s for s in db.session.scalars(select(Survey).where(Survey.edition_id == edition.id))}
    ids = [s.id for s in surveys.values()]
    question_counts = dict(db.session.execute(
        select(SurveyQuestion.survey_id, func.count(SurveyQuestion.id)).where(SurveyQuestion.survey_id.in_(ids))
        .group_by(SurveyQuestion.survey_id)).all()) if ids else {}
    response_counts = dict(db.session.execute(
        select(SurveyResponse.survey_id, func.count(SurveyResponse.id)).where(SurveyResponse.survey_id.in_(ids))
        .group_by(SurveyResponse.survey_id)).all()) if ids else {}
    missing = [a for a in audiences_of(edition) if a not in surveys]
    sources = previous_surveys(edition) if missing else {}
    rows = []
    for audience in audiences_of(edition):
        survey = surveys.get(audience)
        rows.append(AudienceRow(audience=audience, survey=survey,
                                questions=question_counts.get(survey.id, 0) if survey else 0,
                                responses=response_counts.get(survey.id, 0) if survey else 0,
                                source=None if survey else sources.get(audience)))
    return rows


def response_count(survey: Survey) -> int:
    return db.session.scalar(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id))


def _shift(dt: datetime | None, days: int) -> datetime | None:
    """Whole days later, keeping the wall-clock time in Europe/Berlin."""
    if dt is None:
        return None
    wall = local(dt)
    return from_local(wall.date() + timedelta(days=days), wall.time().replace(tzinfo=None))


def copy_surveys(source: Edition, target: Edition, *, days: int) -> list[Survey]:
    """For "create the next edition" (``target.previous_edition`` is ``source``): a copy of each of
    ``source``'s surveys whose audience ``target``'s format has, with the window moved ``days`` later (the
    default window if the source had none)."""
    copies = []
    originals = db.session.scalars(select(Survey).where(Survey.edition_id == source.id).order_by(Survey.id))
    for original in originals:
        if original.audience not in audiences_of(target):
            continue
        copies.append(create_survey(target, original.audience, from_previous=True,
                                    opens_at=_shift(original.opens_at, days),
                                    closes_at=_shift(original.closes_at, days)))
    return copies
