"""The audit log's vocabulary: action codes with their labels, and how an entry's details read.

Every code that any service passes to :func:`conference.audit.services.record` has a label here; the
staff page offers them as a filter. Details hold ids, codes and counts, shown as "label: value"."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "capacity.change": _l("Capacity changed"),
    "capacity.override": _l("Capacity override (overbooking)"),
    "submission.decision": _l("Decision on an offer"),
    "recommendation.decision": _l("Council decision on a recommendation"),
    "partner.approve": _l("Partner account approved"),
    "partner.reject": _l("Partner sign-up refused"),
    "account.unlock": _l("Account unlocked"),
    "account.deactivate": _l("Account deactivated"),
    "account.reactivate": _l("Account reactivated"),
    "export.submissions": _l("Export of the offers (with contacts)"),
    "export.seats": _l("Export of the council seats and members"),
    "export.signature_list": _l("Signature list of a council meeting (PDF)"),
    "export.certificates": _l("Certificates of attendance (ZIP)"),
    "export.subject_access": _l("Subject access export"),
    "import.seats": _l("Import of the council seats and members"),
    "privacy.erasure": _l("Erasure on request"),
    "privacy.purge": _l("Personal data purged (retention)"),
}

SUBJECT_LABELS = {
    "session": _l("Session"),
    "submission": _l("Offer"),
    "recommendation": _l("Recommendation"),
    "user_account": _l("Account"),
    "address": _l("E-mail address (not shown)"),
    "registration": _l("Registration"),
    "booking": _l("Booking"),
    "edition": _l("Edition"),
    "seat": _l("Seat"),
    "person": _l("Person"),
    "invitation": _l("Invitation"),
    "accessibility_feedback": _l("Accessibility feedback"),
    "council_members": _l("Council members"),
}

DETAIL_LABELS = {
    "old_capacity": _l("previous capacity"),
    "new_capacity": _l("new capacity"),
    "seats_taken": _l("seats taken"),
    "promoted": _l("moved up from the waiting list"),
    "booking_id": _l("booking"),
    "capacity_change_id": _l("capacity change"),
    "status": _l("decision"),
    "previous_status": _l("previous status"),
    "decision": _l("decision"),
    "previous_decision": _l("previous decision"),
    "decided_on": _l("decided on"),
    "reference": _l("reference"),
    "mails": _l("mails queued"),
    "bulk": _l("bulk decision"),
    "organisation_id": _l("institution"),
    "organisation_removed": _l("institution removed"),
    "format": _l("file format"),
    "rows": _l("rows"),
    "seats": _l("seats"),
    "valid_from": _l("valid from"),
    "new_groups": _l("new groups"),
    "new_organisations": _l("new institutions"),
    "new_seats": _l("new seats"),
    "changed_seats": _l("changed seats"),
    "new_people": _l("new people"),
    "changed_people": _l("changed people"),
    "new_holders": _l("new holders"),
    "ended": _l("terms ended"),
    "unchanged": _l("unchanged"),
    # Purges, erasures, certificates and subject access exports (conference/privacy, conference/certificates).
    "scope": _l("scope"),
    "via": _l("requested via"),
    "count": _l("count"),
    "registration_ids": _l("registrations (ids)"),
    "registrations": _l("registrations"),
    "bookings": _l("bookings"),
    "bookings_cancelled": _l("bookings cancelled"),
    "special_data": _l("special-category data removed"),
    "consent_records": _l("consent records"),
    "survey_invitations": _l("survey invitations"),
    "council_notes": _l("RSVP notes"),
    "council_persons": _l("council members"),
    "substitute_names": _l("names of substitutes"),
    "co_presenters": _l("co-presenters"),
    "outbox": _l("mails"),
    "outbox_messages": _l("mails"),
    "audit_entries": _l("audit entries cleaned"),
    "capacity_changes": _l("capacity change reasons cleaned"),
    "capacity_reasons": _l("capacity change reasons removed"),
    "accessibility_feedback": _l("accessibility feedback"),
    "received_before": _l("received before"),
    "ended_before": _l("terms ended before"),
    "contact_data": _l("contact data removed"),
    "people_deleted": _l("people deleted"),
    "council_mentions": _l("mentions in council records"),
    "dry_run": _l("dry run"),
    # Accounts (conference/accounts/administration.py).
    "was_locked": _l("was locked"),
    "failed_logins": _l("failed sign-ins"),
    "role": _l("role"),
}

# Keys that steer the display rather than describe the act.
HIDDEN_DETAILS = frozenset({"actor_deleted"})


def _value_labels() -> dict[tuple[str, str], dict]:
    """Codes that have a label of their own, per (action, detail key)."""
    from conference.accounts.models import ROLE_LABELS
    from conference.council.models import DECISION_LABELS
    from conference.submissions.models import STATUS_LABELS

    statuses = {s.value: label for s, label in STATUS_LABELS.items()}
    decisions = {d.value: label for d, label in DECISION_LABELS.items()}
    roles = {r.value: label for r, label in ROLE_LABELS.items()}
    return {("submission.decision", "status"): statuses, ("submission.decision", "previous_status"): statuses,
            ("recommendation.decision", "decision"): decisions,
            ("recommendation.decision", "previous_decision"): decisions,
            ("privacy.purge", "scope"): {"special": _l("special-category data only"), "all": _l("all personal data"),
                                          "accessibility_feedback": _l("accessibility feedback"),
                                          "council_members": _l("council members")},
            ("privacy.erasure", "via"): {"manage_link": _l("the visitor's manage link"), "staff": _l("staff")},
            ("account.deactivate", "role"): roles, ("account.reactivate", "role"): roles}


def action_label(code: str) -> str:
    """The translated label of ``code``; an unknown code as it is."""
    return str(ACTION_LABELS.get(code, code))


def subject_label(subject_type: str) -> str:
    return str(SUBJECT_LABELS.get(subject_type, subject_type.replace("_", " ")))


def _readable(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return ", ".join(_readable(v) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{_key_label(k)}: {_readable(v)}" for k, v in value.items()) or "–"
    return str(value)


def _key_label(key: str) -> str:
    return str(DETAIL_LABELS.get(key, key.replace("_", " ")))


def describe(action: str, details: dict | None) -> list[tuple[str, str]]:
    """``(label, value)`` for each detail of an entry, in the order it was recorded."""
    if not isinstance(details, dict):
        return []
    labels = _value_labels()
    result = []
    for key, value in details.items():
        if key in HIDDEN_DETAILS:
            continue
        codes = labels.get((action, key))
        shown = str(codes[value]) if codes and isinstance(value, str) and value in codes else _readable(value)
        result.append((_key_label(key), shown))
    return result
