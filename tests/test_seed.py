import itertools
from datetime import date

from sqlalchemy import func, select

from conference.demo.seed import seed, year_shift
from conference.editions.models import Edition, EditionFormat, EditionStatus, Venue
from conference.program.models import Session
from conference.registration.services import seat_counts

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
        select(Session).where(Session.edition_id == e.id)))
    assert all(e.starts_at.astimezone().weekday() == 5 for e in past_open + upcoming_open)


def test_seed_is_idempotent(db):
    first = seed(TODAY)
    db.session.commit()
    counts = {m: count(db, m) for m in (Edition, Venue, Session)}
    second = seed(TODAY)
    db.session.commit()
    assert first == second
    assert counts == {m: count(db, m) for m in (Edition, Venue, Session)}


def test_demo_accounts_sign_in_with_demo(client, db):
    seed(TODAY)
    db.session.commit()
    for role in ("admin", "organiser", "analyst", "reviewer", "provider"):
        response = client.post("/login", data={"email": f"{role}@example.org", "password": "demo"})
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
