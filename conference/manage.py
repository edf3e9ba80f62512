"""The staff area's entry page and staff-wide pages under /manage/."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.models import Role
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

    return render_template("manage/dashboard.html", editions=editions.all_editions()[:8], pending_mail=pending,
                           pending_partners=len(pending_accounts()))


@bp.route("/feedback")
@roles_required(Role.ORGANISER)
def feedback():
    return render_template("manage/feedback.html", items=pages.list_feedback())
