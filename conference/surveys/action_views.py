"""Staff pages for action items (analysts and organisers): the list, creating one from a finding,
editing and deleting. Routes of the ``surveys_results`` blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from conference.accounts.access import roles_required
from conference.accounts.forms import EmptyForm
from conference.editions.models import FORMAT_LABELS, EditionFormat
from conference.editions.services import all_editions, get_edition
from conference.errors import DomainError
from conference.form_errors import attach_error
from conference.surveys import actions
from conference.surveys.models import ActionStatus
from conference.surveys.results_forms import AUTOMATIC, ActionForm
from conference.surveys.results_views import ANALYSIS, bp


def _choice(name: str, allowed) -> str | None:
    value = request.args.get(name, "")
    return value if value in allowed else None


@bp.route("/actions/")
@roles_required(*ANALYSIS)
def actions_index():
    status = _choice("status", ActionStatus._value2member_map_)
    fmt = _choice("format", EditionFormat._value2member_map_)
    rows = actions.list_actions(status=ActionStatus(status) if status else None, format=fmt)
    return render_template("surveys/results/actions.html", rows=rows, status=status, format=fmt,
                           statuses=ActionStatus, formats=FORMAT_LABELS, button=EmptyForm())


def _form(obj=None) -> ActionForm:
    return ActionForm(obj=obj, editions=all_editions(), keys=actions.question_keys())


def _save(form: ActionForm, action=None):
    source = get_edition(form.source_edition_id.data, include_drafts=True)
    target = actions.AUTO if form.target_edition_id.data == AUTOMATIC else get_edition(
        form.target_edition_id.data, include_drafts=True)
    fields = {"title": form.title.data, "question_key": form.question_key.data or "", "metric": form.metric.data or "",
              "description": form.description.data or "", "owner": form.owner.data or "",
              "status": form.status.data, "target": target}
    if action is None:
        return actions.create_action(source, user_id=current_user.id, **fields)
    return actions.update_action(action, source=source, **fields)


def _render(form, action):
    return render_template("surveys/results/action_form.html", form=form, action=action), \
        422 if form.errors else 200


@bp.route("/actions/new", methods=["GET", "POST"])
@roles_required(*ANALYSIS)
def action_new():
    form = _form()
    if not form.is_submitted():
        # From a finding: the comparison or results page passes the edition and the key or metric.
        source = request.args.get("source", "")
        if source.isdecimal() and len(source) < 10:
            form.source_edition_id.data = int(source)
        form.question_key.data = request.args.get("key", "")[:64]
        form.metric.data = request.args.get("metric", "")[:64]
        form.target_edition_id.data = AUTOMATIC
    elif form.validate():
        try:
            action = _save(form)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The action “%(title)s” has been saved.", title=action.title), "success")
            return redirect(url_for(".actions_index"))
    return _render(form, None)


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@roles_required(*ANALYSIS)
def action_edit(action_id: int):
    action = actions.get_action(action_id)
    form = _form(action)
    if not form.is_submitted():
        form.status.data = action.status.value
        form.target_edition_id.data = action.target_edition_id or AUTOMATIC
    elif form.validate():
        try:
            _save(form, action)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The action “%(title)s” has been saved.", title=action.title), "success")
            return redirect(url_for(".actions_index"))
    return _render(form, action)


@bp.route("/actions/<int:action_id>/delete", methods=["POST"])
@roles_required(*ANALYSIS)
def action_delete(action_id: int):
    action = actions.get_action(action_id)
    if EmptyForm().validate_on_submit():
        actions.delete_action(action)
        flash(gettext("The action “%(title)s” has been deleted.", title=action.title), "success")
    return redirect(url_for(".actions_index"))
