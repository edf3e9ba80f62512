"""One demo survey with its invitations, participation markers and anonymous responses, written the way
the answering flow writes them (see ``conference.surveys.answering``) but in bulk: one insert per table.

The answers follow the trends in ``survey_answer_data``: every respondent has a mood that moves all their
answers a little, a group (the role they give), and each scale answer scatters around the edition's
mean for that key. The answers are drawn from what the question row says (its type, option codes and
direction), so a question the bank created first with other options still gets valid answers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, insert, select

from conference.database import new_token
from conference.demo import survey_answer_data as trends
from conference.demo import survey_question_data as asked
from conference.editions.models import Edition
from conference.editions.services import from_local, local
from conference.extensions import db
from conference.program.models import Session
from conference.registration.models import Booking, BookingStatus
from conference.surveys.models import (
    Audience,
    Question,
    QuestionType,
    ScaleDirection,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)

SCALES = {QuestionType.LIKERT_5: (1, 5), QuestionType.SCALE_0_10: (0, 10), QuestionType.SESSION_RATING: (1, 5)}
YES_NO_MAYBE = ("yes", "no", "maybe")


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str
    locale: str = "de"
    registration_id: int | None = None


def version_at(key: str, number: int) -> int:
    """The version of ``key`` that edition ``number`` asks."""
    versions = [version for first, version in asked.REWORDED.get(key, ()) if first <= number]
    return max(versions, default=1)


def codes(question: Question) -> list[str]:
    if question.type == QuestionType.YES_NO_MAYBE:
        return list(YES_NO_MAYBE)
    return [str(option["value"]) for option in question.options or () if "value" in option]


class DemoSurvey:
    """Builds the survey of ``audience`` at ``edition``; ``invitees`` None means an open link."""

    def __init__(self, edition: Edition, audience: Audience, questions: dict[tuple[str, int], Question],
                 copied_from: Survey | None, today: date):
        self.edition, self.audience, self.copied_from = edition, audience, copied_from
        self.name, self.number = audience.value, edition.number
        self.questions = questions
        self.rng = random.Random(f"survey-{edition.number}-{audience.value}")
        self.opens_at = edition.ends_at
        self.closes_at = edition.ends_at + timedelta(weeks=trends.SURVEY_WEEKS[edition.format.value])
        self.first_day = local(self.opens_at).date()
        self.last_day = local(self.closes_at - timedelta(seconds=1)).date()
        self.today = today
        self.reminder_at = from_local(self.first_day + timedelta(days=trends.REMINDER_AFTER_DAYS), time(10))

    # --- the survey and who was asked ------------------------------------------------------------------

    def build(self, invitees: list[Invitee] | None) -> Survey:
        survey = self._survey(invitees is None)
        if self.first_day > self.today:  # not open yet: nobody asked, nobody answered
            return survey
        if invitees is None:
            days = [self._open_day() for _ in range(trends.VISITOR_RESPONSES.get(self.number, 300))]
        else:
            days = self._invite(survey, invitees)
        days = sorted(day for day in days if day <= self.today)
        self._respond(survey, days, channel="open" if invitees is None else "invited")
        return survey

    def _survey(self, open_link: bool) -> Survey:
        created = self.opens_at - timedelta(days=10)
        survey = Survey(edition_id=self.edition.id, audience=self.audience, title=asked.TITLES[self.name],
                        intro=asked.INTROS[self.name], title_en=asked.TITLES_EN[self.name],
                        intro_en=asked.INTROS_EN[self.name], opens_at=self.opens_at, closes_at=self.closes_at,
                        is_open_link=open_link, copied_from=self.copied_from, created_at=created,
                        updated_at=created)
        skipped = asked.NOT_ASKED.get((self.name, self.number), set())
        position = 0
        for key, required in asked.KEYS[self.name]:
            question = self.questions.get((key, version_at(key, self.number)))
            if key in skipped or question is None:
                continue
            survey.questions.append(SurveyQuestion(question=question, position=position, is_required=required))
            position += 1
        db.session.add(survey)
        db.session.flush()
        return survey

    def _invite(self, survey: Survey, invitees: list[Invitee]) -> list[date]:
        """Personal invitations (sent when the window opened), the participation markers of those who
        answered, and the days they answered on."""
        rng = self.rng
        low, high = trends.RATES[self.name]
        answering = round(len(invitees) * rng.uniform(low, high))
        if self.audience == Audience.COUNCIL_MEMBERS:
            answering = max(answering, min(len(invitees), trends.COUNCIL_MIN_RESPONSES))
        chosen = set(rng.sample(range(len(invitees)), answering))
        days = {index: self._invited_day() for index in sorted(chosen)}
        reminded = self.reminder_at.date() <= self.today
        rows = []
        for index, invitee in enumerate(invitees):
            # Reminded: who had not answered a week after the window opened.
            late = index not in days or days[index] >= self.reminder_at.date()
            remind = reminded and late
            rows.append({"survey_id": survey.id, "email": invitee.email, "name": invitee.name,
                         "locale": invitee.locale, "token": new_token(), "registration_id": invitee.registration_id,
                         "sent_at": self.opens_at, "last_reminded_at": self.reminder_at if remind else None,
                         "reminder_count": int(remind), "created_at": self.opens_at,
                         "updated_at": self.reminder_at if remind else self.opens_at})
        invitations = SurveyInvitation.__table__
        ids = db.session.scalars(insert(invitations).returning(invitations.c.id, sort_by_parameter_order=True),
                                 rows).all()
        answered = [{"invitation_id": ids[index]} for index, day in days.items() if day <= self.today]
        if answered:
            db.session.execute(insert(SurveyParticipation.__table__), answered)
        return list(days.values())

    def _open_day(self) -> date:
        """Open link: many answer at the exits (QR posters), the others over the following weeks."""
        if self.rng.random() < trends.ON_THE_DAY:
            return self.first_day
        return min(self.last_day, self.first_day + timedelta(days=1 + int(self.rng.expovariate(1 / 4))))

    def _invited_day(self) -> date:
        rng = self.rng
        if rng.random() < trends.AFTER_REMINDER:
            day = self.reminder_at.date() + timedelta(days=int(rng.expovariate(1 / 2)))
        else:
            day = self.first_day + timedelta(days=int(rng.expovariate(1 / trends.ANSWER_DELAY_DAYS)))
        return min(self.last_day, day)

    # --- the anonymous responses ------------------------------------------------------------------------

    def _respond(self, survey: Survey, days: list[date], *, channel: str) -> None:
        if not days:
            return
        items = [(item.question, item.is_required) for item in survey.questions]
        sessions = self._sessions() if any(q.type == QuestionType.SESSION_RATING for q, _ in items) else []
        respondents = [self._answers(items, sessions) for _ in days]
        self._comment(items, respondents)
        # Core inserts on the tables: the ORM's bulk path costs more than the rows themselves here.
        responses = SurveyResponse.__table__
        ids = db.session.scalars(
            insert(responses).returning(responses.c.id, sort_by_parameter_order=True),
            [{"survey_id": survey.id, "submitted_on": day, "respondent_group": group, "channel": channel}
             for day, (group, _) in zip(days, respondents, strict=True)]).all()
        rows = [{"response_id": response_id, "survey_id": survey.id, "question_id": question_id,
                 "session_id": session_id, "value": value, "choice": choice, "text": text, "is_hidden": hidden}
                for response_id, (_, answers) in zip(ids, respondents, strict=True)
                for question_id, session_id, value, choice, text, hidden in answers]
        if rows:
            db.session.execute(insert(SurveyAnswer.__table__), rows)

    def _answers(self, items, sessions) -> tuple[str, list[tuple]]:
        """One respondent: their group and their answers as (question, session, value, choice, text, hidden)."""
        rng = self.rng
        mood = rng.gauss(0, 1)
        group, answers, chosen = "", [], {}
        for question, required in items:
            key = question.key
            if question.type == QuestionType.FREE_TEXT:
                continue  # comments are handed out afterwards
            condition = asked.CONDITIONAL.get(key)
            if condition and chosen.get(condition[0]) not in condition[1]:
                continue
            if not required and rng.random() < (trends.NO_ROLE if key == "respondent_role" else trends.SKIP):
                continue
            if question.type == QuestionType.SESSION_RATING:
                answers += self._session_ratings(question, sessions, mood)
            elif question.type in SCALES:
                answers.append((question.id, None, self._scale(question, mood, group), None, None, False))
            else:
                picked = self._choices(question)
                chosen[key] = picked[0] if picked else None
                answers += [(question.id, None, None, code, None, False) for code in picked]
                if key == "respondent_role" and picked:
                    group = picked[0]
        return group, answers

    def _mean(self, question: Question) -> float:
        low, high = SCALES[question.type]
        mean = trends.MEANS.get((self.name, question.key), {}).get(self.number, low + 0.7 * (high - low))
        spec = asked.QUESTIONS.get(question.key, [{}])[0]
        if ScaleDirection(spec.get("direction", "higher_is_better")) != question.direction:
            mean = low + high - mean  # the bank's version of the key runs the other way
        return mean

    def _scale(self, question: Question, mood: float, group: str, offset: float = 0.0) -> int:
        low, high = SCALES[question.type]
        stretch = (high - low) / 4
        sign = -1 if question.direction == ScaleDirection.LOWER_IS_BETTER else 1
        shift = sign * (trends.MOOD * mood + trends.GROUP_EFFECT.get(group, 0) + offset)
        value = self._mean(question) + stretch * (shift + self.rng.gauss(0, trends.SPREAD))
        return max(low, min(high, round(value)))

    def _choices(self, question: Question) -> list[str]:
        rng, known = self.rng, codes(question)
        if not known:
            return []
        shares = trends.SHARES.get((self.name, question.key), {}).get(self.number, {})
        weights = [shares.get(code, 0.05) for code in known]
        if question.type != QuestionType.MULTIPLE_CHOICE:
            return rng.choices(known, weights)
        ticked = [code for code, weight in zip(known, weights, strict=True) if rng.random() < weight]
        return ticked or rng.choices(known, weights)

    def _sessions(self) -> list[tuple[int, float, float]]:
        """The edition's published sessions as (id, weight when picking, quality). A session weighs what it
        had visitors: walk-ins and attended bookings."""
        attended = dict(db.session.execute(
            select(Booking.session_id, func.count(Booking.id)).join(Session, Booking.session_id == Session.id)
            .where(Session.edition_id == self.edition.id, Booking.status == BookingStatus.ATTENDED)
            .group_by(Booking.session_id)).all())
        found = db.session.execute(select(Session.id, Session.slot_id, Session.walk_in_count).where(
            Session.edition_id == self.edition.id, Session.is_published.is_(True)).order_by(Session.id)).all()
        quality = random.Random(f"session-quality-{self.number}")
        return [(session_id, max((walk_ins or 0) + attended.get(session_id, 0), 1)
                 * (1 if slot_id else trends.STAND_WEIGHT), quality.gauss(0, trends.SESSION_QUALITY))
                for session_id, slot_id, walk_ins in found]

    def _session_ratings(self, question: Question, sessions, mood: float) -> list[tuple]:
        rng = self.rng
        if not sessions or rng.random() > trends.SESSION_RATERS:
            return []
        picks = rng.choices(sessions, [weight for _, weight, _ in sessions], k=rng.randint(*trends.SESSIONS_PICKED))
        rated = {session_id: quality for session_id, _, quality in picks}
        return [(question.id, session_id, self._scale(question, mood, "", quality), None, None, False)
                for session_id, quality in sorted(rated.items())]

    def _comment(self, items, respondents) -> None:
        """Hand the edition's comments to some respondents; a few of them an analyst has hidden."""
        question = next((q for q, _ in items if q.type == QuestionType.FREE_TEXT), None)
        if question is None:
            return
        rng = self.rng
        general = list(trends.COMMENTS[self.name])
        rng.shuffle(general)
        pool = trends.EDITION_COMMENTS.get((self.name, self.number), []) + general
        count = min(len(pool), round(len(respondents) * trends.COMMENT_SHARE[self.name]))
        hidden = trends.HIDDEN_COMMENTS[self.name]
        hidden = rng.sample(hidden, min(len(hidden), rng.randint(*trends.HIDDEN[self.name])))
        texts = [(text, False) for text in pool[:count]] + [(text, True) for text in hidden]
        for index, (text, is_hidden) in zip(rng.sample(range(len(respondents)), min(len(texts), len(respondents))),
                                            texts, strict=False):
            respondents[index][1].append((question.id, None, None, None, text, is_hidden))
