"""Staff pages for the people who sit on the council: list, search, details and consent to publishing
their names (routes of the ``council_seats`` blueprint)."""

from __future__ import annotations

from datetime import time

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from conference.accounts.access import roles_required
from conference.accounts.models import Role
from conference.council import seats as services
from conference.council.seat_forms import ConsentForm, PersonForm
from conference.council.seat_views import bp
from conference.database import utcnow
from conference.editions.services import from_local
from conference.errors import DomainError
from conference.form_errors import attach_error

# --- People ---------------------------------------------------------------------------------------------

@bp.route("/people/")
@roles_required(Role.ORGANISER)
def people():
    query = (request.args.get("q") or "").strip()[:200]
    return render_template("council/seats/people.html", people=services.search_people(query), query=query,
                           day=services.today())


@bp.route("/people/new", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def person_new():
    form = PersonForm()
    if form.validate_on_submit():
        try:
            person = services.create_person(title=form.title.data, given_name=form.given_name.data,
                                            family_name=form.family_name.data, email=form.email.data,
                                            locale=form.locale.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Person added. Record their consent below if they agreed to the publication of their "
                          "name."), "success")
            return redirect(url_for(".person_detail", person_id=person.id))
    return render_template("council/seats/person_form.html", form=form), 422 if form.errors else 200


def _render_person(person, form=None, consent_form=None, status=200):
    if form is None:
        form = PersonForm(formdata=None, obj=person)
    if consent_form is None:
        consent_form = ConsentForm(formdata=None, data={
            "given": "yes" if person.is_name_public else "no", "given_on": services.today(),
            "text_version": person.publication_consent_text or current_app.config["PRIVACY_NOTICE_VERSION"]})
    return render_template("council/seats/person_detail.html", person=person, form=form, consent_form=consent_form,
                           day=services.today()), status


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def person_detail(person_id: int):
    person = services.get_person(person_id)
    if request.method == "GET":
        return _render_person(person)
    form = PersonForm()
    if form.validate_on_submit():
        try:
            services.edit_person(person, title=form.title.data, given_name=form.given_name.data,
                                 family_name=form.family_name.data, email=form.email.data, locale=form.locale.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for(".person_detail", person_id=person.id))
    return _render_person(person, form=form, status=422)


@bp.route("/people/<int:person_id>/consent", methods=["POST"])
@roles_required(Role.ORGANISER)
def person_consent(person_id: int):
    person = services.get_person(person_id)
    form = ConsentForm()
    if form.validate_on_submit():
        given = form.given.data == "yes"
        day = form.given_on.data
        at = utcnow() if day is None or day == services.today() else from_local(day, time(0))
        try:
            services.record_consent(person, given, form.text_version.data, at)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Consent recorded: the name may be published.") if given else
                  gettext("No consent on record: the name stays internal."), "success")
            return redirect(url_for(".person_detail", person_id=person.id, _anchor="consent"))
    return _render_person(person, consent_form=form, status=422)
