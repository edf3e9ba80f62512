import itertools
from collections import Counter
from datetime import date, time, timedelta
from pathlib import Path

from sqlalchemy import func, select

from conference.accounts.models import User
from conference.council.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    CouncilMeeting,
    FollowUp,
    Invitation,
    Membership,
    Person,
    Recommendation,
    Seat,
    SeatGroup,
)
from conference.demo.seed import seed, year_shift
from conference.editions.models import BookingMode, Edition, EditionFormat, EditionStatus, Venue
from conference.editions.services import from_local
from conference.mail.models import OutboxMessage
from conference.program.models import Session
from conference.registration import preferences
from conference.registration.models import (
    AllocationRun,
    AllocationStatus,
    Booking,
    BookingStatus,
    Ranking,
    Registration,
)
from conference.registration.services import seat_counts
from conference.submissions.models import (
    OFFER_KINDS,
    CallForOffers,
    Review,
    ReviewScore,
    Submission,
    SubmissionStatus,
)

TODAY = date(2026, 11, 22)


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_builds_the_demo_series(db):
    seed(TODAY)
    db.session.commit()
    editions = db.session.scalars(select(Edition).order_by(Edition.number)).all()
    past_council = [e for e in editions if e.format == EditionFormat.COUNCIL and e.ends_at.date() < TODAY]
    past_open = [e for e in editions if e.format == EditionFormat.OPEN_DAY and e.ends_at.date() < TODAY]
    upcoming_open = [e for e in editions if e.format == EditionFormat.OPEN_DAY and e.starts_at.date() > TODAY]
    assert len(past_council) >= 6
    assert len(past_open) == 4 and len(upcoming_open) == 1
    assert upcoming_open[0].status == EditionStatus.REGISTRATION_OPEN
    assert [e.number for e in editions] == list(range(15, 32))
    assert all(e.previous_edition_id == p.id for p, e in itertools.pairwise(editions))
    venues = {v.name for v in upcoming_open[0].venues}
    assert venues == {"Rathaus", "Marktplatz", "Alte Kämmerei"}
    program = db.session.scalars(select(Session).where(Session.edition_id == upcoming_open[0].id)).all()
    assert len(program) >= 80 and len(upcoming_open[0].time_slots) >= 5
    counts = seat_counts([s.id for s in program])
    assert any(counts[s.id]["waitlisted"] for s in program)  # some are full with waiting lists
    assert all(counts[s.id]["booked"] <= s.capacity for s in program if s.capacity is not None)
    assert all(s.walk_in_count > 0 for e in past_open for s in db.session.scalars(
        select(Session).where(Session.edition_id == e.id, Session.workshop_key.is_(None))))
    assert all(e.starts_at.astimezone().weekday() == 5 for e in past_open + upcoming_open)


def test_seed_is_idempotent(app, db):
    first = seed(TODAY)
    db.session.commit()
    documents = sorted(p.name for p in (Path(app.config["UPLOAD_FOLDER"]) / "council").iterdir())
    models = (Edition, Venue, Session, User, CallForOffers, Submission, Review, ReviewScore, Registration, Ranking,
              Booking, AllocationRun, SeatGroup, Seat, Person, Membership, CouncilMeeting, Invitation, Attendance,
              AgendaItem, AgendaDocument, Recommendation, FollowUp)
    counts = {m: count(db, m) for m in models}
    second = seed(TODAY)
    db.session.commit()
    assert first == second
    assert counts == {m: count(db, m) for m in models}
    assert documents and documents == sorted(p.name for p in (Path(app.config["UPLOAD_FOLDER"]) / "council").iterdir())


def test_a_past_open_day_booked_its_workshops_by_preference(db):
    seed(TODAY)
    db.session.commit()
    edition = db.session.scalar(select(Edition).where(Edition.number == 27))
    assert edition.status == EditionStatus.EVALUATED and edition.booking_mode == BookingMode.PREFERENCE
    assert edition.choice_opens_at < edition.choice_closes_at  # closed about three weeks before the day
    assert timedelta(days=14) <= edition.starts_at - edition.choice_closes_at <= timedelta(days=28)
    # ... and the council's upcoming meeting for its forums; every other edition books first come
    assert all(e.booking_mode == BookingMode.FIRST_COME for e in db.session.scalars(
        select(Edition).where(Edition.number.not_in((27, 30)))))
    # Workshops repeated in two or three rounds, one session per round, each run by one partner
    found = preferences.workshops(edition)
    rounds = preferences.rounds(found)
    assert 8 <= len(found) <= 12 and 2 <= len(rounds) <= 3
    for workshop in found:
        slots = [s.slot_id for s in workshop.sessions]
        assert 2 <= len(slots) <= 3 and len(set(slots)) == len(slots)
        assert len({(s.title, s.organisation_id) for s in workshop.sessions}) == 1
        assert all(s.capacity == s.room.capacity and s.is_pinned for s in workshop.sessions)
    sessions = {s.id: s for w in found for s in w.sessions}
    # Registrations with rankings from the choice window, confirmed for the most part
    registrations = db.session.scalars(select(Registration).where(Registration.edition_id == edition.id)).all()
    confirmed = [r for r in registrations if r.confirmed_at is not None and r.cancelled_at is None]
    assert 250 <= len(confirmed) <= 400
    window = (edition.choice_opens_at, edition.choice_closes_at)
    assert all(window[0] <= r.created_at < window[1] and r.consent_at == r.created_at for r in registrations)
    assert all(r.email.endswith("@example.org") and r.privacy_notice_version and r.name for r in registrations)
    assert len({r.email for r in registrations}) == len(registrations)
    keys = {w.key for w in found}
    for registration in registrations:
        ranked = [x.workshop_key for x in registration.rankings]
        assert [x.rank for x in registration.rankings] == list(range(1, len(ranked) + 1))
        assert len(ranked) >= len(rounds) + 2 and set(ranked) <= keys and len(set(ranked)) == len(ranked)
    ranked_by = Counter(x.workshop_key for r in confirmed for x in r.rankings)
    seats = {w.key: sum(s.capacity for s in w.sessions) for w in found}
    assert sum(ranked_by[key] > 2 * seats[key] for key in keys) >= 2  # some were much oversubscribed
    # The real allocation ran after the window and was published
    runs = db.session.scalars(select(AllocationRun).where(AllocationRun.edition_id == edition.id)).all()
    assert [r.status for r in runs] == [AllocationStatus.PUBLISHED]
    record = runs[0]
    assert window[1] < record.created_at <= record.published_at < edition.starts_at
    report = record.report
    assert report["participants"] == len(confirmed) > 200
    assert report["assigned_pairs"] > report["participants"]
    ranks = {int(k): v for k, v in report["rank_counts"].items()}
    assert sum(ranks.values()) == report["assigned_pairs"] and ranks[1] == max(ranks.values())
    assert report["assigned_pairs"] >= record.first_come_report["assigned_pairs"]
    assert all(assigned <= capacity for assigned, capacity in report["fill"].values())
    # Its bookings are the allocation; nobody over capacity; most came on the day
    bookings = db.session.scalars(select(Booking).join(Registration).where(Registration.edition_id == edition.id)).all()
    assert len(bookings) == report["assigned_pairs"]
    assert sorted((b.registration_id, b.session_id) for b in bookings) == sorted(
        (int(r), int(s)) for r, ids in record.assignments.items() for s in ids)
    assert {b.session_id for b in bookings} <= set(sessions)
    status = Counter(b.status for b in bookings)
    assert status[BookingStatus.ATTENDED] > 0.8 * len(bookings) and BookingStatus.WAITLISTED not in status
    counts = seat_counts(list(sessions))
    attended = Counter(b.session_id for b in bookings if b.status == BookingStatus.ATTENDED)
    for session in sessions.values():
        assert counts[session.id]["booked"] <= session.capacity
        assert attended[session.id] + session.walk_in_count <= session.capacity
    assert not db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.template == "allocation_result"))  # published without mail


def test_every_open_day_has_a_call_with_offers_in_every_status_and_reviews(db):
    seed(TODAY)
    db.session.commit()
    open_days = db.session.scalars(select(Edition).where(Edition.format == EditionFormat.OPEN_DAY)
                                  .order_by(Edition.number)).all()
    assert [e.number for e in open_days] == [15, 19, 23, 27, 31]
    linked = {s.submission_id: s for s in db.session.scalars(select(Session).where(Session.submission_id.is_not(None)))}
    for edition in open_days:
        call = db.session.scalar(select(CallForOffers).where(CallForOffers.edition_id == edition.id))
        assert [(c.label, c.weight) for c in call.criteria] == [
            ("Relevanz für die Zielgruppe", 2), ("Qualität des Konzepts", 1), ("Beitrag zum Leitthema", 1)]
        assert call.score_max == 5 and call.reviews_per_offer == 2 and edition.theme in call.intro
        assert sorted(call.kinds) == sorted(k.value for k in OFFER_KINDS)
        offers = db.session.scalars(select(Submission).where(Submission.edition_id == edition.id)).all()
        assert len(offers) >= 100, edition.number
        assert len({o.organisation_id for o in offers}) >= 40, edition.number
        assert {o.status for o in offers} == set(SubmissionStatus), edition.number
        for offer in offers:
            done = [r for r in offer.reviews if r.is_done]
            assert all(len(r.scores) == len(call.criteria) for r in done)
            assert all(1 <= s.score <= call.score_max for r in done for s in r.scores)
            assert all(r.reviewer.organisation_id != offer.organisation_id for r in offer.reviews)  # no conflicts
            if offer.status in (SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED, SubmissionStatus.WAITLISTED):
                assert len(done) == 2 and offer.decided_at is not None
                assert all(r.submitted_at <= offer.decided_at for r in done)
            elif offer.status == SubmissionStatus.UNDER_REVIEW:
                assert 1 <= len(offer.reviews) <= 2
            elif offer.status in (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED):
                assert not offer.reviews
            if offer.status == SubmissionStatus.DRAFT:
                assert offer.submitted_at is None
            else:
                assert call.opens_at <= offer.submitted_at <= call.closes_at
            if offer.status == SubmissionStatus.ACCEPTED:  # the programme is made of the accepted offers
                session = linked[offer.id]
                assert (session.edition_id, session.title, session.kind) == (edition.id, offer.title, offer.kind)
                assert session.organisation_id == offer.organisation_id
        assert any(r.is_done for o in offers if o.status == SubmissionStatus.UNDER_REVIEW for r in o.reviews)
        published = db.session.scalars(select(Session).where(
            Session.edition_id == edition.id, Session.organisation_id.is_not(None))).all()
        assert all(s.submission_id is not None for s in published)
        if edition.number == 31:  # upcoming: the call is still open, closing about four weeks before the day
            assert call.is_open(from_local(TODAY, time(12)))
            assert call.opens_at.date() < TODAY - timedelta(days=60)
            assert timedelta(days=21) <= edition.starts_at - call.closes_at <= timedelta(days=35)
        else:  # closed months before the event
            assert edition.starts_at - call.closes_at >= timedelta(days=60)
    assert not db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.template.like("submission%")))  # no mail from the seed


def test_the_demo_partner_has_offers_in_the_open_call_and_a_reviewer_has_a_conflict(db):
    seed(TODAY)
    db.session.commit()
    partner = db.session.scalar(select(User).where(User.email == "provider@example.org"))
    upcoming = db.session.scalar(select(Edition).where(Edition.number == 31))
    own = db.session.scalars(select(Submission).where(Submission.organisation_id == partner.organisation_id,
                                                      Submission.edition_id == upcoming.id)).all()
    assert len(own) >= 3 and SubmissionStatus.DRAFT in {o.status for o in own}
    assert all(o.submitted_by_id == partner.id for o in own)
    reviewers = db.session.scalars(select(User).where(User.role == "reviewer")).all()
    assert len(reviewers) >= 3
    insider = next(r for r in reviewers if r.organisation_id is not None)
    assert db.session.scalar(select(func.count(Submission.id)).where(
        Submission.organisation_id == insider.organisation_id))  # her organisation has offers ...
    assert not db.session.scalar(select(func.count(Review.id)).join(Submission).where(
        Review.reviewer_id == insider.id, Submission.organisation_id == insider.organisation_id))  # ... never hers


def test_an_older_demo_database_gets_its_calls_on_the_next_seed(db):
    seed(TODAY)
    db.session.commit()
    before = count(db, Submission)
    upcoming = db.session.scalar(select(Edition).where(Edition.number == 31))
    for session in db.session.scalars(select(Session).where(Session.edition_id == upcoming.id)):
        session.submission_id = None
    db.session.execute(Submission.__table__.delete().where(Submission.edition_id == upcoming.id))
    db.session.execute(CallForOffers.__table__.delete().where(CallForOffers.edition_id == upcoming.id))
    db.session.commit()
    seed(TODAY)
    db.session.commit()
    assert count(db, Submission) == before


def test_demo_accounts_sign_in_with_demo(client, db):
    from conference.demo.data import DEMO_USERS

    seed(TODAY)
    db.session.commit()
    for email, role, _, _ in DEMO_USERS:
        response = client.post("/login", data={"email": email, "password": "demo"})
        assert response.status_code == 302, role
        client.post("/logout")


def test_the_demo_has_a_locked_account_that_an_administrator_can_unlock(client, db):
    from conference.demo.data import LOCKED_DEMO_USER

    seed(TODAY)
    db.session.commit()
    email = LOCKED_DEMO_USER[0]
    refused = client.post("/login", data={"email": email, "password": "demo"})
    assert refused.status_code == 200 and "Zu viele fehlgeschlagene Anmeldeversuche" in refused.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302
    assert client.post("/login", data={"email": "admin@example.org", "password": "demo"}).status_code == 302
    locked = client.get("/manage/accounts/?status=locked").get_data(as_text=True)
    assert email in locked
    user = db.session.scalar(select(User).where(User.email == email))
    assert client.post(f"/manage/accounts/{user.id}/unlock").status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"email": email, "password": "demo"}).status_code == 302


def test_the_series_moves_forward_when_seeded_in_a_later_year():
    assert year_shift(date(2026, 11, 22)) == 0
    assert year_shift(date(2027, 3, 10)) == 1
    assert year_shift(date(2029, 1, 1)) == 2


def test_seed_demo_command(runner, db):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("editions=17 organisations=")


def test_seed_demo_refuses_production_unless_asked(app, runner, db):
    from conference.cli import seed_demo

    app.config["ENV_NAME"] = "production"
    refused = runner.invoke(seed_demo)
    assert refused.exit_code == 1 and "refusing in production" in refused.output
    assert runner.invoke(seed_demo, ["--allow-production"]).exit_code == 0


# --- The demo council -------------------------------------------------------------------------------------

def council_editions(db):
    return db.session.scalars(select(Edition).where(Edition.format == EditionFormat.COUNCIL)
                              .order_by(Edition.number)).all()


def of(db, model, edition):
    return db.session.scalars(select(model).where(model.edition_id == edition.id)).all()


def test_the_demo_council_has_55_seats_with_members_deputies_and_their_history(db):
    from conference.council.core import meeting_day, seats_with_holders

    seed(TODAY)
    db.session.commit()
    upcoming = council_editions(db)[-1]
    assert upcoming.number == 30
    holders = seats_with_holders(meeting_day(upcoming))
    assert len(holders) == 55 and len({h.seat.group.name for h in holders}) == 8
    assert all(h.member for h in holders)
    vacant = [h.seat.label for h in holders if h.deputy is None]
    assert 1 <= len(vacant) <= 2
    assert {h.seat.organisation.kind for h in holders} >= {"school", "kita", "council_group", "university"}
    seats = db.session.scalars(select(Seat)).all()
    abolished = [s for s in seats if not s.is_active]
    assert len(seats) == 56 and len(abolished) == 1
    assert all(m.ends_on is not None and m.ends_on.year == 2024 for m in abolished[0].memberships)
    added = [s for s in seats if min(m.starts_on for m in s.memberships).year == 2025]
    assert len(added) == 1 and added[0].is_active
    # History: people changed on some seats; a successor starts the day after the predecessor's term ends
    changed = [s for s in seats if len(s.memberships) > 2]
    assert 12 <= len(changed) <= 20
    for seat in seats:
        for role in ("member", "deputy"):
            terms = [m for m in seat.memberships if m.role == role]
            assert terms[0].starts_on.year in (2020, 2025)
            for before, after in itertools.pairwise(terms):
                assert before.ends_on == after.starts_on - timedelta(days=1)
    people = db.session.scalars(select(Person)).all()
    assert all(p.email.endswith("@example.org") and p.family_name and p.given_name for p in people)
    assert len({p.email for p in people}) == len(people)
    assert Counter(p.locale for p in people)["en"] == 2 and any(p.title for p in people)
    consenting = [p for p in people if p.is_name_public]
    assert 0.65 <= len(consenting) / len(people) <= 0.75
    assert all(p.publication_consent_text == "2020-01" for p in consenting)
    assert all(not p.publication_consent_text for p in people if not p.is_name_public)


def test_past_council_editions_have_rsvps_attendance_agenda_recommendations_and_follow_up(db):
    from conference.council.core import meeting_day
    from conference.council.models import AgendaItemKind, Decision, FollowUpStatus, MembershipRole, RsvpStatus

    seed(TODAY)
    db.session.commit()
    seats = db.session.scalars(select(Seat)).all()
    past = [e for e in council_editions(db) if e.status != EditionStatus.REGISTRATION_OPEN]
    assert len(past) >= 6 and past[-1].number == 29 and past[-1].status == EditionStatus.HELD
    statuses = Counter()
    for edition in past:
        day = meeting_day(edition)
        meeting = db.session.scalar(select(CouncilMeeting).where(CouncilMeeting.edition_id == edition.id))
        assert meeting.quorum_share == 0.5 and meeting.rsvp_deadline.date() == day - timedelta(days=7)
        invitations = of(db, Invitation, edition)
        held = {s.id for s in seats if s.holder(MembershipRole.MEMBER, day) or s.holder(MembershipRole.DEPUTY, day)}
        assert {i.seat_id for i in invitations} == held, edition.number
        assert all(i.sent_at == meeting.invitations_sent_at and i.sent_at.date() == day - timedelta(weeks=3)
                   for i in invitations)
        answers = Counter(i.status for i in invitations)
        assert 28 <= answers[RsvpStatus.ATTENDING] + answers[RsvpStatus.DEPUTY_ATTENDS] <= 46, edition.number
        assert answers[RsvpStatus.DECLINED] and 0 < answers[RsvpStatus.PENDING] <= 10
        assert all((i.responded_at is None) == (i.status == RsvpStatus.PENDING) for i in invitations)
        assert all(i.responded_at <= meeting.rsvp_deadline for i in invitations if i.responded_at)
        attendance = of(db, Attendance, edition)
        assert 28 <= len({a.seat_id for a in attendance}) <= 46 and {a.seat_id for a in attendance} <= held
        assert all(a.person_id or a.substitute_name for a in attendance)
        assert all(a.checked_in_at.date() == day for a in attendance)
        items = sorted(of(db, AgendaItem, edition), key=lambda i: i.position)
        regular = [i for i in items if i.kind == AgendaItemKind.REGULAR]
        assert 5 <= len(regular) <= 7 and all(i.minutes for i in items)
        assert [i.number for i in items if i.kind == AgendaItemKind.FOLLOW_UP] == [
            f"F{n}" for n in range(1, len(items) - len(regular) + 1)]
        assert [i.title for i in regular][:2] == ["Begrüßung und Feststellung der Beschlussfähigkeit",
                                                  "Bericht aus dem Regionalen Bildungsbüro"]
        assert regular[-1].title == "Verschiedenes"
        recommendations = of(db, Recommendation, edition)
        assert 2 <= len(recommendations) <= 4
        assert all(r.reference.startswith(f"BK {edition.number}/") and r.decided_on == day and r.addressees
                   for r in recommendations)
        statuses.update(r.status for r in recommendations)
        # Follow-up items: exactly the adopted recommendations of earlier editions not final before the day
        expected = {r.id for r in db.session.scalars(select(Recommendation).where(
            Recommendation.decision == Decision.ADOPTED, Recommendation.decided_on < day))
            if not any(f.status.is_final for f in r.follow_ups if f.reported_on < day)}
        assert {i.follow_up_of_id for i in items if i.kind == AgendaItemKind.FOLLOW_UP} == expected, edition.number
        for report in of(db, FollowUp, edition):
            assert report.reported_on == day and report.recommendation.decided_on < day
    assert any(not i.is_public for e in past for i in of(db, AgendaItem, e))
    assert statuses[None] >= 2  # one deferred or not adopted here and there
    assert {FollowUpStatus.IMPLEMENTED, FollowUpStatus.DROPPED, FollowUpStatus.IN_PROGRESS,
            FollowUpStatus.OPEN} <= set(statuses)
    latest = past[-1]
    assert all(r.is_adopted and not r.follow_ups for r in of(db, Recommendation, latest))
    assert of(db, Attendance, latest)
    # Older recommendations are mostly final, recent ones mostly not
    old = [r for e in past[:5] for r in of(db, Recommendation, e) if r.is_adopted]
    recent = [r for e in past[-4:] for r in of(db, Recommendation, e) if r.is_adopted]
    assert sum(r.status.is_final for r in old) > 0.7 * len(old)
    assert sum(not r.status.is_final for r in recent) > 0.5 * len(recent)
    attendance = [a for e in past for a in of(db, Attendance, e)]
    roles = Counter(a.role.value for a in attendance)
    assert 0.05 <= roles["deputy"] / len(attendance) <= 0.18 and roles["substitute"] >= 3


def test_the_upcoming_council_edition_has_its_invitations_out_and_the_open_recommendations_on_its_agenda(app, db):
    from conference.council.documents import document_path
    from conference.council.models import AgendaItemKind, RsvpStatus

    seed(TODAY)
    db.session.commit()
    upcoming = council_editions(db)[-1]
    assert upcoming.status == EditionStatus.REGISTRATION_OPEN and upcoming.starts_at.date() > TODAY
    meeting = db.session.scalar(select(CouncilMeeting).where(CouncilMeeting.edition_id == upcoming.id))
    assert meeting.invitations_sent_at.date() < TODAY < meeting.rsvp_deadline.date()
    assert upcoming.starts_at - meeting.rsvp_deadline < timedelta(days=8)
    invitations = of(db, Invitation, upcoming)
    assert len(invitations) == 55 and all(i.sent_at == meeting.invitations_sent_at for i in invitations)
    pending = [i for i in invitations if i.status == RsvpStatus.PENDING]
    assert 0.3 * 55 <= len(pending) <= 0.7 * 55
    assert all(i.responded_at.date() < TODAY for i in invitations if i not in pending)
    assert not of(db, Attendance, upcoming)
    assert not db.session.scalar(select(func.count(OutboxMessage.id)))  # nothing mailed to the demo addresses
    items = of(db, AgendaItem, upcoming)
    carried = {i.follow_up_of_id for i in items if i.kind == AgendaItemKind.FOLLOW_UP}
    adopted = [r for r in db.session.scalars(select(Recommendation)) if r.is_adopted]
    assert carried == {r.id for r in adopted if not r.status.is_final}
    assert any(r.status.is_final for r in adopted)  # ... and those are not on it
    assert len([i for i in items if i.kind == AgendaItemKind.REGULAR]) >= 5
    drafts = of(db, Recommendation, upcoming)
    assert drafts and all(r.decided_on is None and not r.follow_ups for r in drafts)
    documents = db.session.scalars(select(AgendaDocument)).all()
    assert documents and all(d.is_public and d.content_type == "application/pdf" for d in documents)
    assert all(document_path(d).read_bytes().startswith(b"%PDF") for d in documents)


def test_the_upcoming_council_meeting_has_parallel_forums_ranked_through_the_rsvp_links(db):
    from conference.council import forums

    seed(TODAY)
    db.session.commit()
    upcoming = council_editions(db)[-1]
    assert upcoming.booking_mode == BookingMode.PREFERENCE
    assert preferences.choice_open(upcoming, from_local(TODAY, time(12)))
    found = preferences.workshops(upcoming)
    assert len(found) == 3 and all(len(w.sessions) == 2 for w in found)
    assert all(s.kind.value == "forum" for w in found for s in w.sessions)
    ranked = [i for i in of(db, Invitation, upcoming) if i.registration_id]
    assert 5 <= len(ranked) <= 20
    for invitation in ranked:
        registration = invitation.registration
        assert registration.name == forums.expected_person(invitation).name
        assert sorted(r.workshop_key for r in registration.rankings) == sorted(w.key for w in found)


def test_the_demo_council_moves_with_the_series():
    from conference.demo.council import plan_terms

    now, later = plan_terms(0), plan_terms(2)
    assert now.keys() == later.keys()
    for label, terms in now.items():
        for term, moved in zip(terms, later[label], strict=True):
            assert moved.person == term.person and moved.starts_on.replace(year=term.starts_on.year) == term.starts_on
