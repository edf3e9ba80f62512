"""XLSX export of the council's seats and terms, and the import with a preview (routes of the
``council_seats`` blueprint)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext

from conference.accounts.access import roles_required
from conference.accounts.models import Role
from conference.audit import services as audit
from conference.council import seat_import, seat_xlsx
from conference.council import seats as services
from conference.council.core import seats_with_holders
from conference.council.seat_forms import (
    ImportConfirmForm,
    ImportForm,
)
from conference.council.seat_views import bp
from conference.form_errors import flash_form_errors

# What the audit log counts of an applied import (lists of the report; names are never logged).
IMPORT_COUNTS = ("new_groups", "new_organisations", "new_seats", "changed_seats", "new_people", "changed_people",
                 "new_holders", "ended")

# --- XLSX export and import -----------------------------------------------------------------------------

@bp.route("/seats.xlsx")
@roles_required(Role.ORGANISER)
def export_xlsx():
    day = services.today()
    seats = seats_with_holders(day, active_only=False)
    data = seat_xlsx.to_xlsx(seats)
    # Names and addresses of members and deputies: an export of personal data.
    audit.record("export.seats", details={"format": "xlsx", "seats": len(seats)})
    return Response(data, mimetype=seat_xlsx.MIME_TYPE, headers={
        "Content-Disposition": f'attachment; filename="sitze-{day.isoformat()}.xlsx"',
        "Cache-Control": "private, no-store"})


@bp.route("/seats/import", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def import_seats():
    form = ImportForm()
    if not form.is_submitted():
        form.valid_from.data = services.today()
    problems, report, confirm = [], None, None
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = seat_xlsx.read_seat_sheet(upload.filename or "", upload.read(seat_xlsx.MAX_BYTES + 1))
        except seat_xlsx.SeatFileError as error:
            problems, status = error.problems, error.status_code
        else:
            report = seat_import.preview_import(rows, form.valid_from.data)
            if report.ok and report.has_changes:
                confirm = ImportConfirmForm(formdata=None,
                                            data={"payload": seat_import.sign(rows, form.valid_from.data)})
            status = 200 if report.ok else 422
    elif form.is_submitted():
        status = 422
    return render_template("council/seats/import.html", form=form, problems=problems, report=report,
                           confirm=confirm), status


@bp.route("/seats/import/confirm", methods=["POST"])
@roles_required(Role.ORGANISER)
def import_confirm():
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for(".import_seats"))
    rows, valid_from = seat_import.unsign(form.payload.data)
    report = seat_import.run_import(rows, valid_from)
    if not report.ok:  # the seats changed since the preview; the response rolls everything back
        return render_template("council/seats/import.html", form=ImportForm(formdata=None), problems=[],
                               report=report, confirm=None), 422
    audit.record("import.seats", details={"valid_from": valid_from.isoformat(), "rows": len(rows),
                                          **{name: len(getattr(report, name)) for name in IMPORT_COUNTS},
                                          "unchanged": report.unchanged})
    flash(gettext("Import applied: %(seats)d new seats, %(new)d new holders, %(ended)d terms ended, %(same)d seats "
                  "unchanged.", seats=len(report.new_seats), new=len(report.new_holders), ended=len(report.ended),
                  same=report.unchanged), "success")
    return redirect(url_for(".index"))
