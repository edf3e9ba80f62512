"""Staff pages for the learning loop: an edition's frozen results (and freezing them again), the
findings before the next edition, and the comparison across editions with its XLSX export. The
action item pages are in ``action_views`` (same blueprint)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.editions.models import FORMAT_LABELS, EditionFormat
from conference.editions.services import get_edition
from conference.errors import NotFoundError
from conference.i18n import in_language
from conference.surveys import actions, comparison, results
from conference.surveys.analysis_display import format_number
from conference.surveys.comparison_xlsx import comparison_xlsx
from conference.surveys.metrics import METRIC_LABELS
from conference.surveys.models import AUDIENCE_LABELS, QUESTION_TYPE_LABELS, ActionStatus
from conference.surveys.trend_chart import trend_chart

bp = Blueprint("surveys_results", __name__, url_prefix="/manage")
guard_area(bp, *STAFF)
ANALYSIS = (Role.ANALYST, Role.ORGANISER)


def _locale() -> str:
    return str(get_locale() or "de")


def _pct(value) -> str:
    return format_number(value, "#,##0.0 %") if value is not None else "–"


def _num(value, places: int = 2) -> str:
    return format_number(value, "#,##0." + "0" * places) if value is not None else "–"


def _points(delta) -> str:
    """A change of a share in percentage points, with its sign."""
    return format_number(delta * 100, "+#,##0.0;−#,##0.0") if delta is not None else "–"


def _interval(interval, percent: bool = False) -> str:
    if not interval or None in interval:
        return ""
    show = _pct if percent else _num
    return f"[{show(interval[0])}; {show(interval[1])}]"


def _choice_labels(question: dict | None, codes) -> str:
    """The texts of choice ``codes`` as ``question``'s labels give them (the codes where unknown)."""
    labels = (question or {}).get("labels") or {}
    return ", ".join((labels.get(c) or {}).get(_locale()) or (labels.get(c) or {}).get("de") or c for c in codes)


def _ordered_metrics(metrics: dict) -> list[tuple[str, object]]:
    """A result's figures in the order of ``METRIC_LABELS`` (a frozen result stores them sorted by name)."""
    known = [(name, metrics[name]) for name in METRIC_LABELS if name in metrics]
    return known + sorted((name, value) for name, value in metrics.items() if name not in METRIC_LABELS)


@bp.context_processor
def helpers() -> dict:
    """What the result templates use to show frozen values; also given to the "create next edition" page."""
    verdicts = {
        "better": gettext("better, beyond the noise"), "worse": gettext("worse, beyond the noise"),
        "changed": gettext("changed beyond the noise"), "steady": gettext("no change beyond the noise"),
        "break": gettext("not comparable: the question changed"), "first": gettext("first measurement"),
        "suppressed": gettext("too few answers (fewer than 5)"),
    }
    return {"pct": _pct, "num": _num, "points": _points, "interval": _interval, "ordered_metrics": _ordered_metrics,
            "choice_labels": _choice_labels, "verdicts": verdicts,
            "audience_label": lambda a: str(AUDIENCE_LABELS.get(a, a)),
            "format_label": lambda f: str(FORMAT_LABELS.get(f, f)),
            "type_label": lambda t: str(QUESTION_TYPE_LABELS.get(t, t)),
            "metric_label": lambda m: str(METRIC_LABELS.get(m, m)),
            "question_text": lambda q: in_language(q.get("text_de"), q.get("text_en"), _locale()) or q.get("key", ""),
            "is_scale": lambda q: q.get("type") in comparison.SCALE_TYPES,
            "locale": _locale()}


# --- One edition's frozen results -------------------------------------------------------------------------

@bp.route("/editions/<int:edition_id>/frozen-results/")
@roles_required(*ANALYSIS)
def frozen_results(edition_id: int):
    edition = get_edition(edition_id, include_drafts=True)
    versions = results.result_versions(edition)
    chosen = request.args.get("version", "")
    result = next((r for r in versions if str(r.version) == chosen), None) if chosen else None
    if chosen and result is None:
        raise NotFoundError(gettext("This version of the results does not exist."))
    result = result or (versions[0] if versions else None)
    rows, previous = [], None
    if result is not None:
        previous = results.previous_latest_result(result)
        rows = comparison.question_changes(result, previous)
    return render_template(
        "surveys/results/frozen.html", edition=edition, result=result, versions=versions, rows=rows,
        previous=previous, before_after=actions.before_after(edition), button=EmptyForm(),
        can_refreeze=edition.status in results.REFREEZE_STATUSES and current_user.has_role(Role.ORGANISER))


@bp.route("/editions/<int:edition_id>/frozen-results/refreeze", methods=["POST"])
@roles_required(Role.ORGANISER)
def refreeze(edition_id: int):
    edition = get_edition(edition_id, include_drafts=True)
    if EmptyForm().validate_on_submit():
        result = results.refreeze(edition, user_id=current_user.id)  # a refusal raises → 409 page
        flash(gettext("The results have been frozen again as version %(n)d.", n=result.version), "success")
    return redirect(url_for(".frozen_results", edition_id=edition.id))


# --- Findings before the next edition -------------------------------------------------------------------

@bp.route("/editions/<int:edition_id>/findings/")
@roles_required(Role.ORGANISER)
def findings(edition_id: int):
    edition = get_edition(edition_id, include_drafts=True)
    return render_template("surveys/results/findings.html", **findings_context(edition))


def findings_context(edition) -> dict:
    """What ``edition`` leaves for the next one: its notable findings (against the edition before),
    the open action items of its format and the council's open recommendations."""
    from conference.council.follow_up import overview

    latest = results.latest_results()
    result = next((r for r in latest if r.edition_id == edition.id), None)
    previous = comparison.previous_result(result, latest) if result is not None else None
    notable = comparison.notable_findings(result, previous) if result is not None else []
    recommendations = [r for r in overview() if not r.status.is_final and r.edition.starts_at <= edition.starts_at]
    return {"edition": edition, "result": result, "previous": previous, "findings": notable,
            "open_actions": actions.open_actions_until(edition), "recommendations": recommendations,
            "low_top2": comparison.LOW_TOP2}


# --- Comparison across editions ---------------------------------------------------------------------------

@bp.route("/comparison/")
@roles_required(*ANALYSIS)
def comparison_overview():
    return render_template("surveys/results/comparison.html", comparison=comparison.load_comparison())


def _measure(series, wanted: str) -> str:
    if not series.is_scale:
        return "shares"
    return wanted if wanted in ("top2", "mean") else "top2"


@bp.route("/comparison/<format>/<key>")
@roles_required(*ANALYSIS)
def comparison_key(format: str, key: str):
    if format not in EditionFormat._value2member_map_:
        raise NotFoundError(gettext("This format does not exist."))
    data = comparison.load_comparison(format=format, key=key)
    found = data.of_key(format, key)
    if not found:
        raise NotFoundError(gettext("No frozen results contain this question key."))
    wanted = request.args.get("measure", "")
    charts = []
    for series in found:
        measure = _measure(series, wanted)
        labels = {code: series.option_label(code, _locale()) for code in series.options}
        charts.append((series, measure, trend_chart(series, measure, labels)))
    latest_source = found[0].latest.edition_id
    return render_template("surveys/results/comparison_key.html", format=format, key=key, charts=charts,
                           measure=wanted if wanted in ("top2", "mean") else "top2", latest_source=latest_source,
                           statuses=ActionStatus)


@bp.route("/comparison/comparison.xlsx")
@roles_required(*ANALYSIS)
def comparison_export():
    content = comparison_xlsx(comparison.load_comparison(), _locale())
    return Response(content, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="vergleich.xlsx"'})


from conference.surveys import action_views  # noqa: E402,F401  (registers the action item routes on bp)
