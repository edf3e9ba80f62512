"""Administrators see every account and lift locks, deactivate and reactivate: /manage/accounts/."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from conference.accounts import administration, listing
from conference.accounts.access import guard_area, roles_required
from conference.accounts.forms import AccountFilterForm, EmptyForm
from conference.accounts.models import Role
from conference.database import utcnow
from conference.form_filters import select_choices

bp = Blueprint("accounts_manage", __name__, url_prefix="/manage/accounts")
guard_area(bp, Role.ADMIN)

# The list's own arguments: an action's form posts to a URL carrying them, so that it returns to the same view.
LIST_ARGS = ("q", "role", "status", "page")

STATUS_CHOICES = {
    "active": _l("Active"),
    "locked": _l("Locked"),
    "pending": _l("Waiting for confirmation or approval"),
    "deactivated": _l("Deactivated"),
}


def _page_number() -> int:
    """The ``page`` argument; anything that is not a plain small number is page 1."""
    value = request.args.get("page", "")
    return int(value) if value.isdecimal() and len(value) <= 6 else 1


def _list_args() -> dict[str, str]:
    return {name: request.args[name] for name in LIST_ARGS if request.args.get(name)}


def _back_to_list():
    return redirect(url_for(".index", **_list_args()))


def _name(user) -> str:
    return user.name or user.email


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    form = AccountFilterForm(request.args)
    form.role.choices = select_choices([("", _l("All roles")), *((role.value, role.label) for role in Role)])
    form.status.choices = select_choices([("", _l("All statuses")), *STATUS_CHOICES.items()])
    now = utcnow()
    context = {"form": form, "checked_at": now, "marks": listing.marks, "action_form": EmptyForm()}
    if not form.validate():  # an unknown choice or an overlong search: say so, show nothing
        return render_template("accounts/manage/index.html", page=None, filters=None, args={}, **context), 422
    filters = listing.AccountFilter(role=Role(form.role.data) if form.role.data else None,
                                    status=form.status.data or None, q=form.q.data or "")
    page = listing.page_of_accounts(filters, _page_number(), now)
    args = {name: value for name, value in _list_args().items() if name != "page"}
    return render_template("accounts/manage/index.html", page=page, filters=filters, args=args, **context)


def _act(user_id: int, action, done, unchanged):
    """Run ``action(user)`` on a valid POST and say what it did (``done``) or that nothing needed doing."""
    user = administration.get_account(user_id)
    if EmptyForm().validate_on_submit():
        if action(user):
            flash(done % {"name": _name(user)}, "success")
        else:
            flash(unchanged % {"name": _name(user)}, "info")
    return _back_to_list()


@bp.route("/<int:user_id>/unlock", methods=["POST"])
@roles_required(Role.ADMIN)
def unlock(user_id: int):
    return _act(user_id, lambda user: administration.unlock(user, utcnow(), actor_id=current_user.id),
                _l("%(name)s is unlocked."), _l("%(name)s was not locked."))


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: int):
    return _act(user_id, lambda user: administration.deactivate(user, actor_id=current_user.id),
                _l("%(name)s is deactivated and can no longer sign in."), _l("%(name)s was already deactivated."))


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate(user_id: int):
    return _act(user_id, lambda user: administration.reactivate(user, actor_id=current_user.id),
                _l("%(name)s is reactivated."), _l("%(name)s was already active."))
