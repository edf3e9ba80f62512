"""A council edition's agenda: items in order (regular ones first, carried-over follow-up items after
them), their minutes, and the rules for changing them."""

from __future__ import annotations

import re

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.council import documents
from conference.council.models import AgendaItem, AgendaItemKind, Recommendation
from conference.editions.models import Edition
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db


def agenda_items(edition: Edition) -> list[AgendaItem]:
    """The edition's agenda items in agenda order, with documents, recommendations and (for follow-up
    items) the recommendation followed up, all loaded: a fixed number of queries however long."""
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.edition_id == edition.id)
        .options(selectinload(AgendaItem.documents),
                 selectinload(AgendaItem.recommendations).selectinload(Recommendation.follow_ups),
                 selectinload(AgendaItem.follow_up_of).selectinload(Recommendation.follow_ups),
                 selectinload(AgendaItem.follow_up_of).selectinload(Recommendation.edition))
        .order_by(AgendaItem.position, AgendaItem.id)))


def get_item(edition: Edition, item_id: int) -> AgendaItem:
    """The agenda item ``item_id`` of ``edition``, or NotFoundError."""
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.edition_id != edition.id:
        raise NotFoundError(gettext("This agenda item does not exist."))
    return item


def suggested_number(edition: Edition) -> str:
    """"TOP n" for the next regular item: one more than the highest "TOP n" so far."""
    numbers = db.session.scalars(select(AgendaItem.number).where(
        AgendaItem.edition_id == edition.id, AgendaItem.kind == AgendaItemKind.REGULAR))
    highest = max((int(m.group(1)) for n in numbers if (m := re.fullmatch(r"TOP\s*(\d+)", n or ""))), default=0)
    return f"TOP {highest + 1}"


def _clean(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise DomainError(gettext("Please enter a title."), field="title")
    return title


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items):
        item.position = position


def add_item(edition: Edition, *, title: str, number: str = "", description: str = "", is_public: bool = True,
             minutes: str = "") -> AgendaItem:
    """A new regular item, placed after the last regular item (so before the carried-over follow-up
    items that close the agenda)."""
    items = list(db.session.scalars(select(AgendaItem).where(AgendaItem.edition_id == edition.id)
                                    .order_by(AgendaItem.position, AgendaItem.id)))
    item = AgendaItem(edition=edition, kind=AgendaItemKind.REGULAR, title=_clean(title),
                      number=(number or "").strip(), description=(description or "").strip(),
                      is_public=is_public, minutes=(minutes or "").strip())
    last_regular = max((i for i, it in enumerate(items) if it.kind == AgendaItemKind.REGULAR), default=-1)
    items.insert(last_regular + 1, item)
    db.session.add(item)
    _renumber(items)
    db.session.flush()
    return item


def update_item(item: AgendaItem, *, title: str, number: str = "", description: str = "", is_public: bool = True,
                minutes: str = "") -> AgendaItem:
    item.title = _clean(title)
    item.number = (number or "").strip()
    item.description = (description or "").strip()
    item.is_public = is_public
    item.minutes = (minutes or "").strip()
    db.session.flush()
    return item


def delete_item(item: AgendaItem) -> None:
    """Delete an item with its documents (and their files). An item with recommendations stays:
    they are the council's record."""
    if item.recommendations:
        raise ConflictError(gettext("This agenda item has recommendations, so it cannot be deleted. "
                                    "Delete the draft recommendations first; decided ones are kept."))
    keys = [d.file_key for d in item.documents]
    edition_id = item.edition_id
    db.session.delete(item)
    db.session.flush()
    for key in keys:
        documents.delete_file(key)
    _renumber(list(db.session.scalars(select(AgendaItem).where(AgendaItem.edition_id == edition_id)
                                      .order_by(AgendaItem.position, AgendaItem.id))))
    db.session.flush()


def move_item(item: AgendaItem, step: int) -> bool:
    """Move the item one place up (``step`` -1) or down (+1); False when it is already at that end."""
    if step not in (-1, 1):
        raise DomainError(gettext("Please choose up or down."))
    items = list(db.session.scalars(select(AgendaItem).where(AgendaItem.edition_id == item.edition_id)
                                    .order_by(AgendaItem.position, AgendaItem.id)))
    index = items.index(item)
    target = index + step
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _renumber(items)
    db.session.flush()
    return True
