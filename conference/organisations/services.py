from sqlalchemy import select

from conference.extensions import db
from conference.organisations.models import Organisation


def get_or_create_organisation(name: str, **fields) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name.strip()))
    if organisation is None:
        organisation = Organisation(name=name.strip(), **fields)
        db.session.add(organisation)
        db.session.flush()
    return organisation
