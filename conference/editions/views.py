"""Public edition pages."""

from flask import Blueprint, render_template

from conference.editions.models import EditionFormat
from conference.editions.preview import public_edition

bp = Blueprint("editions", __name__, url_prefix="/editions")


@bp.route("/<int:edition_id>")
def show(edition_id: int):
    edition = public_edition(edition_id, with_layout=True)
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
