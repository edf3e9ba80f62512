"""Public edition pages."""

from flask import Blueprint, render_template
from flask_login import current_user

from conference.editions import services
from conference.editions.models import EditionFormat

bp = Blueprint("editions", __name__, url_prefix="/editions")


@bp.route("/<int:edition_id>")
def show(edition_id: int):
    staff = current_user.is_authenticated and current_user.is_staff
    edition = services.get_edition(edition_id, include_drafts=staff, with_layout=True)
    from conference.database import utcnow
    from conference.submissions.services import get_call

    call = get_call(edition)
    council = None
    if edition.format == EditionFormat.COUNCIL:
        from conference.council import publication  # the council builds on editions

        council = publication.edition_record(edition)
    return render_template("editions/show.html", edition=edition,
                           call=call if call is not None and not call.has_closed(utcnow()) else None,
                           council=council)
