"""The staff page /manage/audit/: newest first, 50 a page, filters by action, edition, account and local
dates, bad input refused with a message, and only for organisers (and admins)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale

import conference
from conference.audit.actions import ACTION_LABELS, describe
from conference.audit.services import record
from tests.audit.helpers import entries
from tests.factories import make_edition, make_user

URL = "/manage/audit/"
# Every code the services of issue 8 record (some by other modules: purge, erasure, certificates, access).
RECORDED_ACTIONS = ("capacity.change", "capacity.override", "submission.decision", "recommendation.decision",
                    "export.submissions", "export.seats", "export.signature_list", "import.seats",
                    "partner.approve", "partner.reject", "privacy.purge", "privacy.erasure", "export.certificates",
                    "export.subject_access")


pytestmark = pytest.mark.usefixtures("english")


def entry_at(at: datetime, action="export.seats", **fields):
    entry = record(action, **fields)
    entry.at = at
    return entry


def rows(html: str) -> list[str]:
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [row for row in re.findall(r"<tr class=\"kern-table__row\">(.*?)</tr>", body, re.S)
            if "colspan" not in row]  # not the "no entries" row


def test_every_recorded_action_has_a_label_of_its_own():
    assert set(RECORDED_ACTIONS) <= set(ACTION_LABELS)
    assert len({str(label) for label in ACTION_LABELS.values()}) == len(ACTION_LABELS)
    # and every code a service passes to record(), found in the source
    found = set()
    for path in Path(conference.__file__).parent.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "record(" in line:
                found |= set(re.findall(r'"([a-z_]+\.[a-z_]+)"', line))
    assert {"capacity.change", "capacity.override", "export.seats"} <= found
    assert found <= set(ACTION_LABELS), found - set(ACTION_LABELS)


def test_the_log_lists_newest_first_with_who_what_edition_subject_and_details(client, db, login_as):
    organiser = login_as("organiser", name="Olga Organisatorin")
    edition = make_edition(title="42. Tag der Bildung")
    first = datetime(2027, 7, 1, 10, 0, tzinfo=UTC)  # 12:00 in Berlin (summer time)
    entry_at(first, "capacity.override", edition=edition, subject_type="session", subject_id=7,
             actor_id=organiser.id, details={"old_capacity": 20, "new_capacity": 25, "booking_id": 3})
    entry_at(first + timedelta(hours=1), "privacy.purge", details={"registrations": 12, "dry_run": False})
    entry_at(first + timedelta(hours=2), "submission.decision", edition=edition, subject_type="submission",
             subject_id=9, actor_id=organiser.id, details={"status": "accepted", "bulk": True})
    db.session.commit()
    response = client.get(URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<caption class="visually-hidden">Audit log, newest first</caption>' in html
    assert html.count('<th scope="col"') == 6
    decision, purge, override = rows(html)
    assert "Decision on an offer" in decision and "Olga Organisatorin" in decision and "42. Tag der Bildung" in decision
    assert f'href="/manage/editions/{edition.id}/submissions/9"' in decision and "Offer #9" in decision
    assert "decision: Accepted" in decision and "bulk decision: yes" in decision
    assert "Personal data purged (retention)" in purge and ">system<" in purge and "registrations: 12" in purge
    assert "dry run: no" in purge
    assert "Capacity override (overbooking)" in override and "12:00" in override
    assert "previous capacity: 20" in override and "new capacity: 25" in override and "booking: 3" in override
    assert 'datetime="2027-07-01T10:00:00+00:00"' in override


def test_an_entry_of_a_deleted_account_says_so(client, db, login_as):
    login_as("organiser")
    gone = make_user("organiser", name="Weg")
    record("export.seats", actor_id=gone.id, details={"seats": 2})
    db.session.commit()
    db.session.delete(gone)
    db.session.commit()
    html = client.get(URL).get_data(as_text=True)
    [row] = rows(html)
    assert "deleted account" in row and "Weg" not in row and "actor deleted" not in row


def test_filters_by_action_edition_account_and_local_dates(client, db, login_as):
    organiser = login_as("organiser", name="Olga")
    other = make_user("organiser", name="Otto")
    edition, elsewhere = make_edition(), make_edition()
    # 23:30 UTC on 1 March is 00:30 on 2 March in Berlin.
    late = datetime(2027, 3, 1, 23, 30, tzinfo=UTC)
    a = entry_at(late, "export.seats", actor_id=organiser.id, details={"seats": 1})
    b = entry_at(late - timedelta(days=3), "capacity.change", edition=edition, actor_id=other.id,
                 subject_type="session", subject_id=1)
    c = entry_at(late - timedelta(days=10), "privacy.erasure", edition=elsewhere, subject_type="registration",
                 subject_id=5)
    db.session.commit()

    def shown(**args) -> int:
        response = client.get(URL, query_string=args)
        assert response.status_code == 200, response.get_data(as_text=True)
        return len(rows(response.get_data(as_text=True)))

    assert shown() == 3
    assert shown(action="capacity.change") == 1
    assert shown(edition=str(edition.id)) == 1 and shown(edition=str(elsewhere.id), action="export.seats") == 0
    assert shown(actor=str(organiser.id)) == 1 and shown(actor=str(other.id)) == 1 and shown(actor="none") == 1
    assert shown(since="2027-03-02") == 1  # the late entry belongs to 2 March locally
    assert shown(until="2027-03-01") == 2
    assert shown(since="2027-02-27", until="2027-02-27") == 1 and shown(since="2027-02-26", until="2027-02-26") == 0
    html = client.get(URL, query_string={"action": "privacy.erasure"}).get_data(as_text=True)
    assert "Erasure on request" in html and "Registration #5" in html and "Show all" in html
    assert {a.id, b.id, c.id} == {e.id for e in entries()}


def test_the_filters_offer_labels_editions_and_the_accounts_in_the_log(client, db, login_as):
    login_as("organiser", name="Olga")
    make_user("organiser", name="Nie Aktiv")
    edition = make_edition(title="Sommerkonferenz")
    record("custom.thing", edition=edition)
    db.session.commit()
    html = client.get(URL).get_data(as_text=True)
    assert '<option value="privacy.purge">Personal data purged (retention)</option>' in html
    assert '<option value="custom.thing">custom.thing</option>' in html  # a code without a label still filters
    assert "Sommerkonferenz" in html and "System or deleted account" in html
    assert "Nie Aktiv" not in html  # only accounts that appear in the log


@pytest.mark.parametrize(("args", "message"), [
    ({"since": "2027-13-45"}, "Not a valid date value."),
    ({"until": "gestern"}, "Not a valid date value."),
    ({"since": "0001-01-01"}, "Please enter a date between 2000 and 2100."),
    ({"since": "2027-03-02", "until": "2027-03-01"}, "The end date must not be before the start date."),
    ({"action": "<script>"}, "Not a valid choice."),
    ({"edition": "abc"}, "Not a valid choice."),
    ({"actor": "99999999999999999999"}, "Not a valid choice."),
])
def test_bad_filters_are_refused_with_a_message(client, db, login_as, args, message):
    login_as("organiser")
    record("export.seats")
    db.session.commit()
    response = client.get(URL, query_string=args)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'role="alert"' in html
    assert "<tbody" not in html and "<script>" not in html


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999", "1.5", ""])
def test_odd_page_numbers_show_a_page(client, db, login_as, page):
    login_as("organiser")
    record("export.seats")
    db.session.commit()
    response = client.get(URL, query_string={"page": page})
    assert response.status_code == 200 and len(rows(response.get_data(as_text=True))) == 1


def test_fifty_entries_a_page_newest_first_and_the_filters_kept_in_the_links(client, db, login_as):
    login_as("organiser")
    start = datetime(2027, 1, 1, 9, tzinfo=UTC)
    for n in range(120):
        entry_at(start + timedelta(minutes=n), "export.seats", details={"seats": n})
    entry_at(start, "privacy.purge")
    db.session.commit()
    first = client.get(URL, query_string={"action": "export.seats"}).get_data(as_text=True)
    assert len(rows(first)) == 50 and "seats: 119" in rows(first)[0] and "seats: 70" in rows(first)[-1]
    assert "120 entries." in first and "Page 1 of 3" in first
    assert 'href="/manage/audit/?page=2&amp;action=export.seats"' in first
    last = client.get(URL, query_string={"action": "export.seats", "page": "3"}).get_data(as_text=True)
    assert len(rows(last)) == 20 and "seats: 0" in rows(last)[-1] and 'rel="next"' not in last
    beyond = client.get(URL, query_string={"action": "export.seats", "page": "9"})
    assert beyond.status_code == 200 and "Page 3 of 3" in beyond.get_data(as_text=True)


def test_an_empty_log_says_so(client, db, login_as):
    login_as("organiser")
    html = client.get(URL).get_data(as_text=True)
    assert "The audit log is empty." in html
    assert "No entries match these filters." in client.get(URL, query_string={"action": "privacy.purge"}).get_data(
        as_text=True)


def test_the_page_costs_the_same_queries_for_one_entry_and_fifty(client, db, login_as, count_queries):
    login_as("organiser")

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(URL).status_code == 200
        return counter.count

    edition = make_edition()
    record("export.seats", edition=edition, actor_id=make_user("organiser").id)
    db.session.commit()
    one = queries()
    for _ in range(49):
        record("capacity.change", edition=make_edition(), actor_id=make_user("organiser").id,
               subject_type="session", subject_id=1, details={"old_capacity": 1})
    db.session.commit()
    assert queries() == one


@pytest.mark.parametrize("role", ["analyst", "reviewer", "provider"])
def test_only_organisers_and_admins_see_the_log(client, db, login_as, role):
    login_as(role)
    assert client.get(URL).status_code == 403


def test_admins_see_the_log_and_anonymous_visitors_are_sent_to_sign_in(client, db, login_as):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_as("admin")
    assert client.get(URL).status_code == 200


def test_the_dashboard_links_to_the_log(client, db, login_as):
    login_as("organiser")
    assert f'href="{URL}"' in client.get("/manage/").get_data(as_text=True)


def test_details_read_as_labels_and_values(app):
    with force_locale("en"):
        assert describe("recommendation.decision", {"decision": "adopted", "previous_decision": None,
                                                    "reference": "BK 28/2", "actor_deleted": True}) == [
            ("decision", "Adopted by consensus"), ("previous decision", "–"), ("reference", "BK 28/2")]
        assert describe("privacy.purge", {"removed": {"bookings": 3}, "editions": [4, 5]}) == [
            ("removed", "bookings: 3"), ("editions", "4, 5")]
        assert describe("export.seats", None) == []
        assert describe("privacy.purge", {"scope": "special", "registrations": 3}) == [
            ("scope", "special-category data only"), ("registrations", "3")]
        assert describe("privacy.erasure", {"via": "manage_link"}) == [("requested via", "the visitor's manage link")]
