"""Seats, groups, people and their terms: the rules of the services and the organisers' pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from conference.council import seats as services
from conference.council.models import Membership, MembershipRole, Person, Seat, SeatGroup
from conference.errors import DomainError
from tests.factories import make_organisation, make_person, make_seat

MEMBER, DEPUTY = MembershipRole.MEMBER, MembershipRole.DEPUTY


pytestmark = pytest.mark.usefixtures("english")


def terms(db, seat, role=MEMBER):
    return list(db.session.scalars(select(Membership).where(Membership.seat_id == seat.id, Membership.role == role)
                                   .order_by(Membership.starts_on)))


# --- Services: terms ------------------------------------------------------------------------------------

def test_a_change_of_member_ends_the_old_term_the_day_before_and_keeps_it(db):
    seat = make_seat(starts_on=date(2024, 1, 1))
    old = seat.holder(MEMBER, date(2024, 6, 1)).person
    new = make_person("Neu")
    services.assign(seat, MEMBER, new, date(2025, 3, 1))
    history = terms(db, seat)
    assert [(m.person, m.starts_on, m.ends_on) for m in history] == [
        (old, date(2024, 1, 1), date(2025, 2, 28)), (new, date(2025, 3, 1), None)]
    assert seat.holder(MEMBER, date(2025, 2, 28)).person == old
    assert seat.holder(MEMBER, date(2025, 3, 1)).person == new
    # the deputy is untouched
    assert len(terms(db, seat, DEPUTY)) == 1 and terms(db, seat, DEPUTY)[0].ends_on is None


def test_overlapping_terms_and_early_starts_are_refused(db):
    seat = make_seat(starts_on=date(2024, 1, 1))
    services.assign(seat, MEMBER, make_person("Zwei"), date(2025, 1, 1))
    count = len(terms(db, seat))
    for day in (date(2024, 6, 1), date(2025, 1, 1), date(2023, 1, 1)):  # before or on the current start
        with pytest.raises(DomainError):
            services.assign(seat, MEMBER, make_person(), day)
    assert len(terms(db, seat)) == count
    # a term already on record for later blocks an earlier insertion as well
    services.assign(seat, MEMBER, make_person("Drei"), date(2026, 1, 1))
    with pytest.raises(DomainError):
        services.assign(seat, MEMBER, make_person(), date(2025, 6, 1))


def test_the_same_person_cannot_start_again_nor_hold_both_roles(db):
    seat = make_seat(starts_on=date(2024, 1, 1))
    member = seat.holder(MEMBER, date(2024, 1, 1)).person
    deputy = seat.holder(DEPUTY, date(2024, 1, 1)).person
    with pytest.raises(DomainError):
        services.assign(seat, MEMBER, member, date(2025, 1, 1))
    with pytest.raises(DomainError):
        services.assign(seat, MEMBER, deputy, date(2025, 1, 1))
    # once the deputy term has ended, the deputy can move up
    services.end_membership(seat.holder(DEPUTY, date(2024, 1, 1)), date(2024, 12, 31))
    services.assign(seat, MEMBER, deputy, date(2025, 1, 1))
    assert seat.holder(MEMBER, date(2025, 1, 1)).person == deputy
    assert seat.holder(DEPUTY, date(2025, 1, 1)) is None


def test_ending_a_term_leaves_the_seat_vacant_and_checks_its_dates(db):
    seat = make_seat(starts_on=date(2024, 1, 1))
    term = seat.holder(MEMBER, date(2024, 1, 1))
    with pytest.raises(DomainError):
        services.end_membership(term, date(2023, 12, 31))
    services.end_membership(term, date(2024, 8, 31))
    assert seat.holder(MEMBER, date(2024, 9, 1)) is None
    nxt = services.assign(seat, MEMBER, make_person(), date(2024, 10, 1))
    with pytest.raises(DomainError):  # would overlap the next term
        services.end_membership(term, date(2024, 10, 1))
    assert term.ends_on == date(2024, 8, 31) and nxt.ends_on is None
    assert db.session.scalar(select(func.count(Membership.id)).where(Membership.seat_id == seat.id)) == 3


def test_inactive_seats_keep_their_history_and_take_no_new_holders(db):
    seat = make_seat(starts_on=date(2024, 1, 1))
    services.deactivate_seat(seat, ends_terms_on=date(2025, 6, 30))
    assert not seat.is_active
    assert {m.ends_on for m in seat.memberships} == {date(2025, 6, 30)}
    with pytest.raises(DomainError):
        services.assign(seat, MEMBER, make_person(), date(2025, 8, 1))
    with pytest.raises(DomainError):
        services.deactivate_seat(seat)
    services.reactivate_seat(seat)
    services.assign(seat, MEMBER, make_person(), date(2025, 8, 1))
    assert len(seat.memberships) == 3


def test_seat_labels_are_unique_per_group_and_groups_by_name(db):
    group = services.create_group("Schulen")
    with pytest.raises(DomainError):
        services.create_group(" schulen ")
    seat = services.create_seat(group, "Gymnasium am Park", "Gymnasien")
    assert seat.organisation.name == "Gymnasium am Park" and seat.position == 1
    with pytest.raises(DomainError):
        services.create_seat(group, make_organisation(), "GYMNASIEN")
    other = services.create_group("Wirtschaft")
    services.create_seat(other, make_organisation(), "Gymnasien")  # another group: fine
    with pytest.raises(DomainError):
        services.create_seat(group, make_organisation(), "")
    services.edit_seat(seat, group=other, organisation=seat.organisation, label="Gymnasien (2)", position=5)
    assert (seat.group, seat.label, seat.position) == (other, "Gymnasien (2)", 5)


def test_groups_can_be_renamed_and_reordered(db):
    a, b, c = (services.create_group(n) for n in ("A", "B", "C"))
    services.move_group(c, -1)
    assert [g.name for g in services.groups()] == ["A", "C", "B"]
    services.move_group(a, -1)  # already first: nothing happens
    assert [g.name for g in services.groups()] == ["A", "C", "B"]
    services.reorder_groups([b.id, a.id, c.id])
    assert [g.name for g in services.groups()] == ["B", "A", "C"]
    with pytest.raises(DomainError):
        services.reorder_groups([a.id])
    services.rename_group(a, "Kitas")
    with pytest.raises(DomainError):
        services.rename_group(b, "kitas")


def test_people_need_a_family_name_and_an_address_of_their_own(db):
    person = services.create_person(family_name="Meier", given_name="Eva", title="Dr.", email="eva@example.org")
    assert person.name == "Dr. Eva Meier" and person.locale == "de" and not person.is_name_public
    for bad in (dict(family_name=""), dict(family_name="X", email="EVA@example.org"),
                dict(family_name="X", email="kein-at"), dict(family_name="X", locale="fr"),
                dict(family_name="X" * 101)):
        with pytest.raises(DomainError):
            services.create_person(**bad)
    services.edit_person(person, family_name="Meier-Schulz", given_name="Eva", title="", email="EVA@example.org",
                         locale="en")
    assert (person.name, person.locale) == ("Eva Meier-Schulz", "en")
    assert [p.id for p in services.search_people("schulz")] == [person.id]
    assert [p.id for p in services.search_people("eva@EX")] == [person.id]
    assert services.search_people("100%") == []


def test_consent_is_recorded_with_its_text_version_and_withdrawn(db):
    person = make_person()
    at = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    services.record_consent(person, True, "2026-01", at)
    assert (person.publication_consent_at, person.publication_consent_text, person.is_name_public) == (
        at, "2026-01", True)
    with pytest.raises(DomainError):
        services.record_consent(person, True, "", at)  # which text they agreed to must be known
    with pytest.raises(DomainError):
        services.record_consent(person, True, "2026-01", datetime.now(UTC) + timedelta(days=2))
    services.record_consent(person, False)
    assert (person.publication_consent_at, person.publication_consent_text, person.is_name_public) == (
        None, "", False)


# --- Pages ----------------------------------------------------------------------------------------------

def test_the_index_shows_holders_vacancies_consent_and_inactive_seats(client, db, login_as):
    login_as("organiser")
    public = make_person("Öffentlich", consent=True)
    internal = make_person("Intern")
    make_seat(group="Schulen", label="Grundschulen", member=public, deputy=internal)
    make_seat(group="Schulen", label="Förderschulen", member=False, deputy=False)
    make_seat(group="Wirtschaft", label="Kammer", is_active=False)
    db.session.commit()
    html = client.get("/manage/council/").get_data(as_text=True)
    assert "Grundschulen" in html and "Förderschulen" in html and "Kammer" in html
    assert public.name in html and internal.name in html
    assert html.count("name internal") >= 1 and "vacant" in html and "inactive" in html
    assert 'id="count-active">2<' in html and 'id="count-vacant-member">1<' in html
    assert 'href="/manage/council/follow-up/"' in html
    assert html.index("Schulen") < html.index("Wirtschaft")


def test_a_seat_is_added_and_a_new_person_assigned_inline(client, db, login_as):
    login_as("organiser")
    group = services.create_group("Jugendhilfe")
    db.session.commit()
    response = client.post("/manage/council/seats/new", data={"group_id": group.id, "label": "Freie Träger (1)",
                                                              "organisation": "Caritasverband"})
    assert response.status_code == 302
    seat = db.session.scalar(select(Seat).where(Seat.label == "Freie Träger (1)"))
    assert seat.organisation.name == "Caritasverband"
    assert client.post("/manage/council/seats/new", data={"group_id": group.id, "label": "freie träger (1)",
                                                          "organisation": "X"}).status_code == 422
    response = client.post(f"/manage/council/seats/{seat.id}/assign", data={
        "role": "member", "person_id": "", "title": "Dr.", "given_name": "Jana", "family_name": "Roth",
        "email": "roth@example.org", "locale": "de", "starts_on": "2026-02-01"})
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.email == "roth@example.org"))
    assert person.name == "Dr. Jana Roth"
    page = client.get(f"/manage/council/seats/{seat.id}").get_data(as_text=True)
    assert "Dr. Jana Roth" in page and "name internal" in page
    # without a person chosen and without a name, nothing is created
    response = client.post(f"/manage/council/seats/{seat.id}/assign", data={
        "role": "deputy", "person_id": "", "starts_on": "2026-02-01", "locale": "de"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Person.id))) == 1


def test_an_existing_person_takes_over_and_the_history_is_shown(client, db, login_as):
    login_as("organiser")
    seat = make_seat(label="Realschulen", starts_on=date(2024, 1, 1))
    old = seat.holder(MEMBER, date(2024, 1, 1)).person
    new = make_person("Nachfolgerin")
    db.session.commit()
    response = client.post(f"/manage/council/seats/{seat.id}/assign", data={
        "role": "member", "person_id": str(new.id), "starts_on": "2025-09-01", "locale": "de"})
    assert response.status_code == 302
    db.session.expire_all()
    history = terms(db, seat)
    assert [(m.person_id, m.ends_on) for m in history] == [(old.id, date(2025, 8, 31)), (new.id, None)]
    page = client.get(f"/manage/council/seats/{seat.id}").get_data(as_text=True)
    assert old.name in page and new.name in page and "31 Aug 2025" in page
    # an overlapping start is refused with a message, and nothing changes
    third = make_person("Dritte")
    db.session.commit()
    response = client.post(f"/manage/council/seats/{seat.id}/assign", data={
        "role": "member", "person_id": str(third.id), "starts_on": "2025-01-01", "locale": "de"})
    assert response.status_code == 422
    assert "must start after" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(terms(db, seat)) == 2


def test_a_term_is_ended_from_the_seat_page(client, db, login_as):
    login_as("organiser")
    seat = make_seat(starts_on=date(2024, 1, 1))
    deputy = seat.holder(DEPUTY, date(2024, 1, 1))
    db.session.commit()
    url = f"/manage/council/seats/{seat.id}/memberships/{deputy.id}/end"
    response = client.post(url, data={"ends_on": "2023-01-01"})
    assert response.status_code == 422 and "cannot end before it starts" in response.get_data(as_text=True)
    assert client.post(url, data={"ends_on": "2025-12-31"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Membership, deputy.id).ends_on == date(2025, 12, 31)
    assert client.post(f"/manage/council/seats/{seat.id}/memberships/999999/end",
                       data={"ends_on": "2025-12-31"}).status_code == 404


def test_a_seat_is_deactivated_and_reactivated_from_its_page(client, db, login_as):
    login_as("organiser")
    seat = make_seat(starts_on=date(2024, 1, 1))
    db.session.commit()
    assert client.post(f"/manage/council/seats/{seat.id}/deactivate",
                       data={"ends_terms_on": "2025-07-31"}).status_code == 302
    db.session.expire_all()
    seat = db.session.get(Seat, seat.id)
    assert not seat.is_active and {m.ends_on for m in seat.memberships} == {date(2025, 7, 31)}
    assert client.post(f"/manage/council/seats/{seat.id}/reactivate").status_code == 302
    db.session.expire_all()
    assert db.session.get(Seat, seat.id).is_active


def test_groups_page_adds_renames_and_moves(client, db, login_as):
    login_as("organiser")
    assert client.post("/manage/council/groups/", data={"name": "Schulen"}).status_code == 302
    assert client.post("/manage/council/groups/", data={"name": "Kitas"}).status_code == 302
    assert client.post("/manage/council/groups/", data={"name": "kitas"}).status_code == 422
    kitas = db.session.scalar(select(SeatGroup).where(SeatGroup.name == "Kitas"))
    assert client.post(f"/manage/council/groups/{kitas.id}/move", data={"direction": "up"}).status_code == 302
    assert client.post(f"/manage/council/groups/{kitas.id}/rename",
                       data={f"group-{kitas.id}-name": "Kita-Träger"}).status_code == 302
    db.session.expire_all()
    assert [g.name for g in services.groups()] == ["Kita-Träger", "Schulen"]
    assert "Kita-Träger" in client.get("/manage/council/groups/").get_data(as_text=True)


def test_people_are_searched_edited_and_their_consent_recorded(client, db, login_as):
    login_as("organiser")
    eva = make_person("Meier", given_name="Eva", email="eva@example.org")
    make_person("Schulz", given_name="Tom", email="tom@example.org")
    db.session.commit()
    page = client.get("/manage/council/people/?q=meier").get_data(as_text=True)
    assert "Meier, Eva" in page and "Schulz" not in page
    assert "Schulz, Tom" in client.get("/manage/council/people/?q=TOM@").get_data(as_text=True)
    response = client.post(f"/manage/council/people/{eva.id}", data={
        "title": "Prof.", "given_name": "Eva", "family_name": "Meier", "email": "eva.meier@example.org",
        "locale": "en"})
    assert response.status_code == 302
    assert client.post(f"/manage/council/people/{eva.id}", data={
        "given_name": "Eva", "family_name": "Meier", "email": "tom@example.org", "locale": "en"}).status_code == 422
    page = client.get(f"/manage/council/people/{eva.id}").get_data(as_text=True)
    assert "No consent on record" in page and "not in the OParl API" in page
    consent = f"/manage/council/people/{eva.id}/consent"
    assert client.post(consent, data={"given": "yes", "text_version": ""}).status_code == 422
    assert client.post(consent, data={"given": "yes", "text_version": "2026-11",
                                      "given_on": "2026-01-10"}).status_code == 302
    db.session.expire_all()
    eva = db.session.get(Person, eva.id)
    assert eva.name == "Prof. Eva Meier" and eva.email == "eva.meier@example.org" and eva.locale == "en"
    assert eva.is_name_public and eva.publication_consent_text == "2026-11"
    assert eva.publication_consent_at.date() in (date(2026, 1, 9), date(2026, 1, 10))  # local midnight in UTC
    assert "Consent recorded on" in client.get(f"/manage/council/people/{eva.id}").get_data(as_text=True)
    assert client.post(consent, data={"given": "no"}).status_code == 302
    db.session.expire_all()
    assert not db.session.get(Person, eva.id).is_name_public


def test_a_person_is_added_from_the_people_page(client, db, login_as):
    login_as("organiser")
    assert client.post("/manage/council/people/new", data={"family_name": "", "locale": "de"}).status_code == 422
    response = client.post("/manage/council/people/new", data={"given_name": "Ali", "family_name": "Kaya",
                                                               "email": "kaya@example.org", "locale": "de"})
    assert response.status_code == 302
    assert db.session.scalar(select(Person).where(Person.family_name == "Kaya")).given_name == "Ali"


@pytest.mark.parametrize("role", ["analyst", "reviewer"])
def test_analysts_and_reviewers_see_no_personal_data(client, db, login_as, role):
    seat = make_seat()
    person = make_person()
    login_as(role)
    for url in ("/manage/council/", "/manage/council/people/", f"/manage/council/seats/{seat.id}",
                f"/manage/council/people/{person.id}", "/manage/council/seats.xlsx", "/manage/council/seats/import",
                "/manage/council/groups/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/manage/council/seats/{seat.id}/assign", data={}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    seat = make_seat()
    db.session.commit()
    for url in ("/manage/council/", f"/manage/council/seats/{seat.id}", "/manage/council/seats.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url


def test_admins_may_manage_seats(client, db, login_as):
    login_as("admin")
    assert client.get("/manage/council/").status_code == 200


def _seats(n):
    for i in range(n):
        make_seat(group=f"Gruppe {i % 3}", member=make_person(consent=i % 2 == 0), deputy=i % 4 != 0)


@pytest.mark.parametrize("url", ["/manage/council/", "/manage/council/people/", "/manage/council/seats.xlsx"])
def test_list_pages_need_as_many_queries_for_30_seats_as_for_1(client, db, login_as, count_queries, url):
    login_as("organiser")
    _seats(1)
    db.session.commit()
    client.get(url)  # warm up (first request loads the user etc.)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    _seats(29)
    db.session.commit()
    with count_queries() as thirty:
        assert client.get(url).status_code == 200
    assert thirty.count == one.count, thirty.statements


def test_a_seat_page_of_an_unknown_seat_is_a_404(client, db, login_as):
    login_as("organiser")
    assert client.get("/manage/council/seats/424242").status_code == 404
    assert client.get("/manage/council/people/424242").status_code == 404
