"""Action items: from a finding (a question key or a metric) of one edition to an action for the next
edition of the same format, and the before / after of that key once the target edition is evaluated."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.editions.models import Edition
from conference.errors import DomainError, NotFoundError
from conference.extensions import db
from conference.surveys.comparison import ACTIVE_ACTIONS, Change, audience_rank, compare
from conference.surveys.metrics import METRIC_LABELS
from conference.surveys.models import ActionItem, ActionStatus, Question
from conference.surveys.results import latest_results

TITLE_MAX, OWNER_MAX = 300, 200  # the columns' lengths
AUTO = object()  # "the next edition of the same format, if there is one (else filled in later)"


def get_action(action_id: int) -> ActionItem:
    action = db.session.scalar(select(ActionItem).where(ActionItem.id == action_id).options(
        selectinload(ActionItem.source_edition), selectinload(ActionItem.target_edition)))
    if action is None:
        raise NotFoundError(gettext("This action item does not exist."))
    return action


def list_actions(*, status: ActionStatus | None = None, format=None) -> list[ActionItem]:
    """Every action item (with ``status``; from editions of ``format``), newest source edition first,
    with both editions loaded: three queries however many there are."""
    query = (select(ActionItem).join(ActionItem.source_edition)
             .options(selectinload(ActionItem.source_edition), selectinload(ActionItem.target_edition))
             .order_by(Edition.starts_at.desc(), ActionItem.id))
    if status is not None:
        query = query.where(ActionItem.status == status)
    if format is not None:
        query = query.where(Edition.format == format)
    return list(db.session.scalars(query))


def question_keys() -> list[str]:
    """Every key in the question bank, sorted."""
    return list(db.session.scalars(select(Question.key).distinct().order_by(Question.key)))


def next_same_format(edition: Edition) -> Edition | None:
    """The first edition of ``edition``'s format that starts after it, if one exists."""
    return db.session.scalar(select(Edition).where(Edition.format == edition.format,
                                                   Edition.starts_at > edition.starts_at)
                             .order_by(Edition.starts_at, Edition.number).limit(1))


def _check(source: Edition, target, *, title: str, question_key: str, metric: str, owner: str,
           status) -> tuple[Edition | None, ActionStatus]:
    if not title:
        raise DomainError(gettext("Please give the action a title."), field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(gettext("The title may have at most %(n)d characters.", n=TITLE_MAX), field="title")
    if len(owner) > OWNER_MAX:
        raise DomainError(gettext("The owner may have at most %(n)d characters.", n=OWNER_MAX), field="owner")
    if bool(question_key) == bool(metric):
        raise DomainError(gettext("Aim the action at either a question key or a metric."), field="question_key")
    if question_key and db.session.scalar(select(Question.id).where(Question.key == question_key).limit(1)) is None:
        raise DomainError(gettext("There is no question with the key “%(key)s”.", key=question_key[:64]),
                          field="question_key")
    if metric and metric not in METRIC_LABELS:
        raise DomainError(gettext("Unknown metric: %(metric)s", metric=metric[:64]), field="metric")
    try:
        status = ActionStatus(status)
    except ValueError:
        raise DomainError(gettext("Unknown status: %(status)s", status=str(status)[:40]), field="status") from None
    if target is AUTO:
        target = next_same_format(source)
    elif target is not None and (target.format != source.format or target.starts_at <= source.starts_at):
        raise DomainError(gettext("The target must be a later edition of the same format as the source."),
                          field="target_edition_id")
    return target, status


def create_action(source: Edition, *, title: str, question_key: str = "", metric: str = "",
                  description: str = "", owner: str = "", status: ActionStatus | str = ActionStatus.OPEN,
                  target=AUTO, user_id: int | None = None) -> ActionItem:
    """A new action item from a finding of ``source``, aimed at ``question_key`` or ``metric`` (exactly
    one). ``target`` defaults to the next edition of the same format, or none yet (then
    ``attach_pending_actions`` fills it in when that edition is created). Raises DomainError for bad
    input. Flushed."""
    title, question_key, metric, owner = (title or "").strip(), (question_key or "").strip(), \
        (metric or "").strip(), (owner or "").strip()
    target, status = _check(source, target, title=title, question_key=question_key, metric=metric, owner=owner,
                            status=status)
    action = ActionItem(source_edition=source, target_edition=target, title=title, question_key=question_key,
                        metric=metric, description=(description or "").strip(), owner=owner, status=status,
                        created_by_id=user_id)
    db.session.add(action)
    db.session.flush()
    return action


def update_action(action: ActionItem, *, source: Edition, title: str, question_key: str = "", metric: str = "",
                  description: str = "", owner: str = "", status: ActionStatus | str, target=AUTO) -> ActionItem:
    """Change an action item under the same rules as ``create_action``. Flushed."""
    title, question_key, metric, owner = (title or "").strip(), (question_key or "").strip(), \
        (metric or "").strip(), (owner or "").strip()
    target, status = _check(source, target, title=title, question_key=question_key, metric=metric, owner=owner,
                            status=status)
    action.source_edition, action.target_edition = source, target
    action.title, action.question_key, action.metric = title, question_key, metric
    action.description, action.owner, action.status = (description or "").strip(), owner, status
    db.session.flush()
    return action


def delete_action(action: ActionItem) -> None:
    db.session.delete(action)
    db.session.flush()


def attach_pending_actions(edition: Edition) -> int:
    """Give the action items without a target that came from earlier editions of ``edition``'s format
    (and were not dropped) ``edition`` as their target; returns how many. Called when the next edition
    is created."""
    pending = db.session.scalars(
        select(ActionItem).join(ActionItem.source_edition)
        .where(ActionItem.target_edition_id.is_(None), ActionItem.status != ActionStatus.DROPPED,
               Edition.format == edition.format, Edition.starts_at < edition.starts_at)).all()
    for action in pending:
        action.target_edition = edition
    db.session.flush()
    return len(pending)


def open_actions_until(edition: Edition) -> list[ActionItem]:
    """The action items still open or in progress that came from ``edition`` or an earlier edition of
    its format, oldest source first, with both editions loaded."""
    return list(db.session.scalars(
        select(ActionItem).join(ActionItem.source_edition)
        .where(ActionItem.status.in_(ACTIVE_ACTIONS), Edition.format == edition.format,
               Edition.starts_at <= edition.starts_at)
        .options(selectinload(ActionItem.source_edition), selectinload(ActionItem.target_edition))
        .order_by(Edition.starts_at, ActionItem.id)))


# --- Before and after ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KeyRow:
    """One audience's measurement of the key before (source edition) and after (target edition)."""

    audience: str
    before: dict | None
    after: dict | None
    change: Change | None


@dataclass(frozen=True)
class BeforeAfter:
    action: ActionItem
    source_number: int | None  # None: the source edition has no frozen results
    has_after: bool  # whether the target edition has frozen results
    rows: tuple[KeyRow, ...] = ()  # question key actions
    metric_before: int | None = None  # metric actions
    metric_after: int | None = None


def _key_rows(key: str, before_data: dict | None, after_data: dict | None) -> tuple[KeyRow, ...]:
    def by_audience(data):
        found = {}
        for question in (data or {}).get("questions", []):
            if question.get("key") == key:
                found.setdefault(question.get("audience", ""), question)
        return found

    before, after = by_audience(before_data), by_audience(after_data)
    rows = []
    for audience in sorted(set(before) | set(after), key=audience_rank):
        old, new = before.get(audience), after.get(audience)
        change = compare(old, new) if old is not None and new is not None and new.get("type") != "free_text" \
            else None
        rows.append(KeyRow(audience, old, new, change))
    return tuple(rows)


def before_after(edition: Edition) -> list[BeforeAfter]:
    """For every action item targeting ``edition``: the value of its key (per audience) or metric in
    the source edition's frozen results and in ``edition``'s, with the change and whether it exceeds
    the noise. Reads frozen results only; three queries."""
    actions = list(db.session.scalars(
        select(ActionItem).where(ActionItem.target_edition_id == edition.id)
        .options(selectinload(ActionItem.source_edition)).order_by(ActionItem.id)))
    if not actions:
        return []
    results = {r.edition_id: r for r in latest_results(
        edition_ids={edition.id, *(a.source_edition_id for a in actions)})}
    after = results.get(edition.id)
    rows = []
    for action in actions:
        before = results.get(action.source_edition_id)
        before_data, after_data = (before.data if before else None), (after.data if after else None)
        rows.append(BeforeAfter(
            action=action, source_number=before_data.get("edition") if before_data else None,
            has_after=after is not None,
            rows=_key_rows(action.question_key, before_data, after_data) if action.question_key else (),
            metric_before=(before_data or {}).get("metrics", {}).get(action.metric) if action.metric else None,
            metric_after=(after_data or {}).get("metrics", {}).get(action.metric) if action.metric else None,
        ))
    return rows
