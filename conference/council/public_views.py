"""Public council pages: adopted recommendations (searchable), public agenda and public documents."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from conference.council import follow_up, publication
from conference.council.agenda_views import send_document
from conference.council.models import ADDRESSEES, FOLLOW_UP_LABELS

bp = Blueprint("council_public", __name__)


@bp.route("/recommendations/")
def recommendations():
    filters = publication.Filters.parse(request.args)
    page_arg = request.args.get("page", "")
    page = publication.paginate(publication.search(filters),
                                int(page_arg) if page_arg.isdecimal() and len(page_arg) < 6 else 1)
    return render_template("council/public/recommendations.html", page=page, filters=filters,
                           editions=publication.editions_with_recommendations(), addressees=ADDRESSEES,
                           statuses=FOLLOW_UP_LABELS,
                           age_label=follow_up.age_label)


@bp.route("/recommendations/<int:recommendation_id>")
def recommendation(recommendation_id: int):
    return render_template("council/public/recommendation.html",
                           recommendation=publication.public_recommendation(recommendation_id),
                           addressees=ADDRESSEES, age_label=follow_up.age_label)


@bp.route("/editions/<int:edition_id>/documents/<int:document_id>")
def document(edition_id: int, document_id: int):
    return send_document(publication.public_document(edition_id, document_id), private=False)
