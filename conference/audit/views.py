"""Staff pages of the audit log under /manage/audit/."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from conference.accounts.access import guard_area, roles_required
from conference.accounts.models import Role
from conference.audit import listing
from conference.audit.actions import action_label, describe, subject_label
from conference.audit.forms import NO_ACCOUNT, AuditFilterForm
from conference.audit.models import AuditEntry
from conference.date_formats import format_date
from conference.form_filters import select_choices

bp = Blueprint("audit", __name__, url_prefix="/manage/audit")
guard_area(bp, Role.ORGANISER)

FILTER_ARGS = ("action", "edition", "actor", "since", "until")

# Subjects with a staff page of their own (all of them under an edition).
SUBJECT_PAGES = {
    "session": ("program_manage.session_detail", "session_id"),
    "submission": ("submissions_manage.detail", "submission_id"),
    "recommendation": ("council_agenda.recommendation", "recommendation_id"),
}


def _page_number() -> int:
    """The ``page`` argument; anything that is not a plain small number is page 1."""
    value = request.args.get("page", "")
    return int(value) if value.isdecimal() and len(value) <= 6 else 1


def _filters(form: AuditFilterForm) -> listing.AuditFilter:
    actor = form.actor.data
    return listing.AuditFilter(
        action=form.action.data or None,
        edition_id=int(form.edition.data) if form.edition.data else None,
        actor_id=0 if actor == NO_ACCOUNT else int(actor) if actor else None,
        since=form.since.data, until=form.until.data)


def subject_url(entry: AuditEntry) -> str | None:
    page = SUBJECT_PAGES.get(entry.subject_type)
    if page is None or entry.subject_id is None or entry.edition_id is None:
        return None
    endpoint, argument = page
    try:
        return url_for(endpoint, edition_id=entry.edition_id, **{argument: entry.subject_id})
    except BuildError:
        return None


def who(entry: AuditEntry) -> str:
    """The staff account that acted; without one, the system (a command) or an account deleted since."""
    if entry.actor is not None:
        return entry.actor.name or entry.actor.email
    if isinstance(entry.details, dict) and entry.details.get("actor_deleted"):
        return str(_l("deleted account"))
    return str(_l("system"))


@bp.route("/")
@roles_required(Role.ORGANISER)
def index():
    form = AuditFilterForm(request.args)
    editions = listing.editions()
    actors = listing.actors()
    form.action.choices = select_choices(
        [("", _l("All actions")), *((code, action_label(code)) for code in listing.action_codes())])
    form.edition.choices = select_choices(
        [("", _l("All editions")), *((e.id, f"{e.title} ({format_date(e.starts_at, 'medium')})") for e in editions)])
    form.actor.choices = select_choices(
        [("", _l("Everyone")), (NO_ACCOUNT, _l("System or deleted account")),
         *((u.id, f"{u.name} ({u.email})" if u.name else u.email) for u in actors)])
    context = {"form": form, "editions": {e.id: e for e in editions}, "action_label": action_label,
               "describe": describe, "subject_label": subject_label, "subject_url": subject_url, "who": who}
    if not form.validate():  # an unknown choice or a date that is none: say so, show nothing
        return render_template("audit/index.html", page=None, filters=None, args={}, **context), 422
    filters = _filters(form)
    page = listing.page_of_entries(filters, _page_number())
    args = {name: request.args[name] for name in FILTER_ARGS if request.args.get(name)}
    return render_template("audit/index.html", page=page, filters=filters, args=args, **context)
