"""The staff area's entry page and staff-wide pages under /manage/."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.listing import count_locked
from conference.accounts.models import Role
from conference.database import utcnow
from conference.editions import services as editions
from conference.extensions import db
from conference.mail.models import OutboxMessage, OutboxStatus
from conference.pages import services as pages

bp = Blueprint("manage", __name__, url_prefix="/manage")
guard_area(bp, *STAFF)


@bp.route("/")
def dashboard():
    pending = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.status == OutboxStatus.PENDING)
    )
    from conference.partners.services import pending_accounts

    locked = count_locked(utcnow()) if current_user.role == Role.ADMIN else 0
    return render_template("manage/dashboard.html", editions=editions.all_editions()[:8], pending_mail=pending,
                           pending_partners=len(pending_accounts()), locked_accounts=locked)


@bp.route("/feedback")
@roles_required(Role.ORGANISER)
def feedback():
    return render_template("manage/feedback.html", items=pages.list_feedback())
