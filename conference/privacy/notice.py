"""An edition's privacy notice and retention settings: which text a visitor is shown (and agrees to), its
version, and how long the edition's personal data is kept."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext
from sqlalchemy import exists, select

from conference.editions.models import Edition
from conference.errors import DomainError
from conference.extensions import db

MONTHS_MIN, MONTHS_MAX = 1, 120
NOTICE_MAX = 50000
VERSION_MAX = 40


def site_notice_version() -> str:
    return current_app.config["PRIVACY_NOTICE_VERSION"]


def notice_version(edition: Edition) -> str:
    """The version of the notice a visitor of ``edition`` is shown: the edition's own, or the site's."""
    if edition.privacy_notice.strip():
        return edition.privacy_notice_version
    return site_notice_version()


def has_own_notice(edition: Edition) -> bool:
    return bool(edition.privacy_notice.strip())


@dataclass(frozen=True)
class RetentionSettings:
    notice: str
    version: str
    retention_months: int | None
    special_retention_months: int | None


def _check_months(value: int | None, field: str) -> int:
    if value is None or not MONTHS_MIN <= value <= MONTHS_MAX:
        raise DomainError(gettext("Please enter a number of months between %(min)d and %(max)d.",
                                  min=MONTHS_MIN, max=MONTHS_MAX), field=field)
    return value


def _version_in_use(edition: Edition, version: str) -> bool:
    from conference.registration.models import Registration

    return bool(db.session.scalar(select(exists().where(Registration.edition_id == edition.id,
                                                        Registration.privacy_notice_version == version))))


def save_settings(edition: Edition, settings: RetentionSettings) -> None:
    """Save the notice and the retention periods, or raise a :class:`DomainError` naming the field.

    The rules: both periods 1–120 months, special-category data kept no longer than the rest; a version
    goes with the edition's own text (without a text the site's notice and its version apply); and a text
    that visitors have already agreed to cannot change under the same version, because their consent
    records name the version."""
    retention = _check_months(settings.retention_months, "retention_months")
    special = _check_months(settings.special_retention_months, "special_retention_months")
    if special > retention:
        raise DomainError(gettext("Special-category data cannot be kept longer than the other personal data."),
                          field="special_retention_months")
    notice = settings.notice.strip().replace("\r\n", "\n")
    version = settings.version.strip()
    if len(notice) > NOTICE_MAX:
        raise DomainError(gettext("The notice can have at most %(n)d characters.", n=NOTICE_MAX),
                          field="privacy_notice")
    if len(version) > VERSION_MAX:
        raise DomainError(gettext("The version can have at most %(n)d characters.", n=VERSION_MAX),
                          field="privacy_notice_version")
    if notice and not version:
        raise DomainError(gettext("Please give the notice a version (for example the date of the text): consent "
                                  "records name it."), field="privacy_notice_version")
    if version and not notice:
        raise DomainError(gettext("A version needs the edition's own text. Without a text, the site's privacy "
                                  "notice and its version apply."), field="privacy_notice_version")
    if (notice and notice != edition.privacy_notice.strip() and version == edition.privacy_notice_version
            and _version_in_use(edition, version)):
        raise DomainError(gettext("Visitors have agreed to version %(version)s of this notice. A changed text needs "
                                  "a new version.", version=version), field="privacy_notice_version")
    edition.privacy_notice, edition.privacy_notice_version = notice, version
    edition.retention_months, edition.special_retention_months = retention, special
    db.session.flush()
