import itertools
from collections import Counter
from datetime import date, time, timedelta

from sqlalchemy import func, select

from conference.accounts.models import User
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


def test_seed_is_idempotent(db):
    first = seed(TODAY)
    db.session.commit()
    models = (Edition, Venue, Session, User, CallForOffers, Submission, Review, ReviewScore, Registration, Ranking,
              Booking, AllocationRun)
    counts = {m: count(db, m) for m in models}
    second = seed(TODAY)
    db.session.commit()
    assert first == second
    assert counts == {m: count(db, m) for m in models}


def test_a_past_open_day_booked_its_workshops_by_preference(db):
    seed(TODAY)
    db.session.commit()
    edition = db.session.scalar(select(Edition).where(Edition.number == 27))
    assert edition.status == EditionStatus.EVALUATED and edition.booking_mode == BookingMode.PREFERENCE
    assert edition.choice_opens_at < edition.choice_closes_at  # closed about three weeks before the day
    assert timedelta(days=14) <= edition.starts_at - edition.choice_closes_at <= timedelta(days=28)
    assert all(e.booking_mode == BookingMode.FIRST_COME for e in db.session.scalars(
        select(Edition).where(Edition.number != 27)))
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
    open_days = db.session.scalars(select(Edition).where(Edition.format == EditionFormat.OPEN_DAY)).all()
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
