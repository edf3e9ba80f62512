from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import func, select

from conference.accounts.access import guard_area, roles_required
from conference.accounts.models import Role
from conference.extensions import db
from conference.mail.models import OutboxMessage
from conference.mail.services import body_of

bp = Blueprint("mail", __name__, url_prefix="/manage/outbox")
guard_area(bp, Role.ADMIN, Role.ORGANISER)
PAGE_SIZE = 50


@bp.route("/")
@roles_required(Role.ORGANISER)
def outbox():
    if not current_app.config["OUTBOX_UI"]:
        abort(404)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 10**6)
    total = db.session.scalar(select(func.count(OutboxMessage.id)))
    messages = db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return render_template("mail/outbox.html", messages=messages, page=page, total=total, page_size=PAGE_SIZE)


@bp.route("/<int:message_id>")
@roles_required(Role.ORGANISER)
def show(message_id: int):
    if not current_app.config["OUTBOX_UI"]:
        abort(404)
    message = db.get_or_404(OutboxMessage, message_id)
    body = body_of(message)  # a deferred body is shown as it would be sent now, and not stored
    return render_template("mail/message.html", message=message, body_text=body[0] if body else None)
