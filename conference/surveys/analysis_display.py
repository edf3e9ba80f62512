"""What the results pages and the PDF report show of a survey: the aggregates of
:mod:`conference.surveys.aggregates` turned into rows, labels and charts in the reader's language.

Nothing here queries beyond the aggregate functions (and the free-text list), so a page costs a fixed
number of queries per survey.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from flask_babel import format_percent, get_locale, gettext
from markupsafe import Markup
from sqlalchemy import select

from conference import stats
from conference.errors import NotFoundError
from conference.extensions import db
from conference.i18n import in_language
from conference.surveys import aggregates
from conference.surveys.charts import Bar, bar_chart
from conference.surveys.count_cache import SurveyCounts
from conference.surveys.free_texts import TextPage, free_texts
from conference.surveys.models import Audience, Question, QuestionType, Survey, SurveyQuestion


def locale_code() -> str:
    return str(get_locale() or "de")


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


@lru_cache(maxsize=16)
def _share_pattern(locale: str) -> str:
    """The locale's percent pattern with one decimal ("#,##0.0 %" in German)."""
    return Locale.parse(locale).percent_formats[None].pattern.replace("#,##0", "#,##0.0", 1)


def format_number(value: float, pattern: str) -> str:
    """``value`` in the reader's language by a babel ``pattern`` ("#,##0.00", "#,##0.0 %"), as flask_babel's
    ``format_decimal`` / ``format_percent`` give it, with the pattern parsed once rather than on every call:
    a results page formats some thousand numbers."""
    return _pattern(pattern).apply(value, get_locale() or Locale.parse("de"))


def number(value: float | None, digits: int = 2) -> str:
    """A decimal in the reader's language ("3,46" in German); a dash for None."""
    return "–" if value is None else format_number(value, "#,##0." + "0" * digits)


def share(value: float | None) -> str:
    """A share as a percentage with one decimal in the reader's language ("45,7 %" in German)."""
    if value is None:
        return "–"
    return format_number(value, _share_pattern(locale_code()))


def interval(bounds, formatter=number) -> str:
    lo, hi = bounds if bounds else (None, None)
    if lo is None or hi is None:
        return "–"
    return f"{formatter(lo)} – {formatter(hi)}"


def label_for(aggregate: dict, code: str, locale: str) -> str:
    """The reader's label of a point or option: "5 – trifft voll zu" on a labelled scale, the option's
    text for a choice, the bare code where nothing better is known."""
    labels = aggregate.get("labels", {}).get(code) or {}
    text = labels.get(locale) or labels.get("de") or ""
    if aggregate["type"] in (t.value for t in aggregates.SCALE_RANGES):
        return f"{code} – {text}" if text else code
    return text or code


def question_text(aggregate: dict, locale: str) -> str:
    return in_language(aggregate["text_de"], aggregate["text_en"], locale)


def top2_points(aggregate: dict) -> tuple[int, int] | None:
    kind = QuestionType(aggregate["type"])
    if kind not in aggregates.SCALE_RANGES:
        return None
    low, high = aggregates.SCALE_RANGES[kind]
    return tuple(sorted(stats.top_two(low, high, aggregate["direction"] == "higher_is_better")))


@dataclass
class Row:
    code: str
    label: str
    count: int
    share: float | None
    is_top2: bool = False  # one of the scale's two best points


@dataclass
class QuestionView:
    aggregate: dict
    text: str
    caption_id: str
    rows: list[Row] = field(default_factory=list)
    chart: Markup = field(default_factory=Markup)
    texts: TextPage | None = None  # the page of written answers shown (free text)
    top2: tuple[int, int] | None = None

    @property
    def is_scale(self) -> bool:
        return QuestionType(self.aggregate["type"]).is_scale

    @property
    def is_free_text(self) -> bool:
        return self.aggregate["type"] == QuestionType.FREE_TEXT.value


def distribution_rows(aggregate: dict, locale: str) -> list[Row]:
    """One row per point or option: its label, count and share (of the ratings for a rating per
    session, of the respondents otherwise; multiple choice shares add up to more than 100 %)."""
    if aggregate["suppressed"] or not aggregate["distribution"]:
        return []
    if aggregate["type"] in (t.value for t in aggregates.CHOICE_TYPES):
        return [Row(code, label_for(aggregate, code, locale), count, aggregate["shares"].get(code))
                for code, count in aggregate["distribution"].items()]
    total = aggregate.get("ratings") or aggregate["n"] or 0
    best = {str(point) for point in top2_points(aggregate) or ()}
    return [Row(code, label_for(aggregate, code, locale), count, round(count / total, 4) if total else None,
                code in best) for code, count in aggregate["distribution"].items()]


def question_view(aggregate: dict, index: str, locale: str, texts: TextPage | None) -> QuestionView:
    view = QuestionView(aggregate, question_text(aggregate, locale), f"chart-{index}",
                        rows=distribution_rows(aggregate, locale), top2=top2_points(aggregate))
    if view.rows:
        view.chart = bar_chart([Bar(row.label, row.share or 0, f"{share(row.share)} ({row.count})")
                                for row in view.rows], labelledby=view.caption_id, ticks=ticks())
    if view.is_free_text and not aggregate["suppressed"]:
        view.texts = texts or TextPage(0, [], 1, 1, 0)
    return view


def ticks() -> list[tuple[float, str]]:
    """0 %, 50 % and 100 % under a chart of shares, in the reader's language."""
    return [(value, format_percent(value)) for value in (0.0, 0.5, 1.0)]


@dataclass
class SurveyView:
    survey: Survey
    summary: dict
    questions: list[QuestionView]
    ranking: list[dict]
    ranking_rest: int
    ranking_chart: Markup
    groups: list[tuple[str, bool]]
    group: str | None
    group_suppressed: bool
    group_labels: dict[str, str]
    text_pages: dict[int, int] = field(default_factory=dict)  # free-text question id → its page shown (> 1)

    def group_label(self, code: str) -> str:
        return self.group_labels.get(code, code)

    def return_fields(self, texts: TextPage) -> dict[str, object] | None:
        """What a hide/show button sends so that the page comes back as it was: the group, the page of the
        button's question (``page``) and the pages of the other free-text questions (``page_<id>``)."""
        fields: dict[str, object] = {"group": self.group} if self.group else {}
        if texts.number > 1:
            fields["page"] = texts.number
        fields.update({f"page_{question_id}": number for question_id, number in self.text_pages.items()
                       if question_id != texts.question_id})
        return fields or None

    @property
    def audience_label(self):
        return Audience(self.survey.audience).label


def survey_view(survey: Survey, *, group: str | None = None, with_texts: bool = True,
                text_pages: dict[int, int] | None = None) -> SurveyView:
    """Everything the results page shows of one survey, optionally for one respondent group; of each
    free-text question one page of written answers (``text_pages[question id]``, the first by default).
    The counts are read at one version of the survey's responses, from this worker's cache where it has
    them (:mod:`conference.surveys.count_cache`); the free texts are always read fresh (hiding changes them)."""
    locale = locale_code()
    counts = SurveyCounts(survey)
    groups = aggregates.respondent_groups(survey, counts=counts)
    if group is not None and group not in dict(groups):
        # Before anything is counted: a made-up group would cost full counts and take a place in the cache.
        raise NotFoundError(gettext("There are no responses from this respondent group."))
    group_suppressed = group is not None and dict(groups).get(group, True)
    texts = free_texts(survey, group=group, pages=text_pages) if with_texts else {}
    questions = [question_view(aggregate, f"s{survey.id}-q{i}", locale,
                               texts.get((aggregate["key"], aggregate["version"])))
                 for i, aggregate in enumerate(aggregates.question_aggregates(survey, group=group, counts=counts))]
    ranking, rest = aggregates.session_ranking_with_rest(survey, counts=counts)
    summary = aggregates.survey_summary(survey, counts=counts)
    counts.keep()
    chart = bar_chart([Bar(row["title"], row["top2_share"], share(row["top2_share"]), tuple(row["top2_ci"]))
                       for row in ranking], labelledby=f"ranking-{survey.id}", ticks=ticks())
    return SurveyView(survey, summary, questions, ranking, rest, chart, groups, group, group_suppressed,
                      group_labels(survey, locale),
                      {page.question_id: page.number for page in texts.values() if page.number > 1})


def group_labels(survey: Survey, locale: str) -> dict[str, str]:
    """The respondent groups' names in the reader's language: the options of the survey's group question,
    then the registration's participant roles; an unknown code stays as it is."""
    from conference.registration.models import PARTICIPANT_ROLES
    from conference.surveys.survey_templates import GROUP_QUESTION_KEY

    labels = {code: str(label) for code, label in PARTICIPANT_ROLES.items()}
    # One query for the group question, not one per question of the survey.
    questions = db.session.scalars(
        select(Question).join(SurveyQuestion, SurveyQuestion.question_id == Question.id)
        .where(SurveyQuestion.survey_id == survey.id, Question.key == GROUP_QUESTION_KEY)
        .order_by(SurveyQuestion.position, SurveyQuestion.id))
    for question in questions:
        for option in question.options or []:
            text = option.get(locale) or option.get("de")
            if option.get("value") and text:
                labels[option["value"]] = text
    return labels


def edition_surveys(edition) -> list[Survey]:
    order = {audience: i for i, audience in enumerate(Audience)}
    surveys = list(db.session.scalars(select(Survey).where(Survey.edition_id == edition.id)))
    return sorted(surveys, key=lambda s: (order.get(Audience(s.audience), 99), s.id))
