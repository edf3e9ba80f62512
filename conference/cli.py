"""Flask commands. Data goes to stdout, logs to stderr. Each command is one transaction boundary."""

from __future__ import annotations

import getpass
import sys

import click
from flask import Flask, current_app

from conference.extensions import db


def register_commands(app: Flask) -> None:
    from conference.privacy.cli import purge_personal_data
    from conference.surveys.results_cli import export_results

    for command in (create_user, send_mail, show_outbox, seed_demo, release_unconfirmed, allocate,
                    council_reminders, export_results, purge_personal_data):
        app.cli.add_command(command)


@click.command("create-user")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["admin", "organiser", "analyst", "reviewer", "provider"]))
@click.option("--name", default="", help="Display name.")
@click.option("--password", default=None, help="Password; asked for interactively when omitted.")
@click.option("--organisation", default=None, help="Organisation name (for partner accounts); created if new.")
def create_user(email, role, name, password, organisation):
    """Create a staff or partner account."""
    from conference.accounts import services
    from conference.errors import DomainError
    from conference.organisations.services import get_or_create_organisation

    if password is None:
        if not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Repeat: ") != password:
                raise click.ClickException("The passwords do not match.")
    from email_validator import EmailNotValidError, validate_email

    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from None
    if role == "provider" and not organisation:
        raise click.UsageError("Partner accounts (--role provider) need --organisation.")
    try:
        org = get_or_create_organisation(organisation) if organisation else None
        user = services.create_user(email, password, role, name=name, organisation_id=org.id if org else None)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"created user {user.id} {user.email} ({user.role.value})")


@click.command("send-mail")
@click.option("--limit", type=int, default=None, help="Send at most this many messages.")
def send_mail(limit):
    """Deliver pending outbox messages over SMTP (safe to run in several workers)."""
    from conference.mail.sender import SmtpSettings, deliver_pending

    counts = deliver_pending(SmtpSettings.from_config(current_app.config), limit=limit)
    click.echo(f"sent {counts['sent']}, retry later {counts['retry']}, failed {counts['failed']}")


@click.command("outbox")
@click.option("--all", "show_all", is_flag=True, help="Include messages already sent.")
def show_outbox(show_all):
    """Print the outbox (for development: read mails without an SMTP server)."""
    from sqlalchemy import select

    from conference.mail.models import OutboxMessage, OutboxStatus

    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if not show_all:
        query = query.where(OutboxMessage.status == OutboxStatus.PENDING)
    from conference.mail.services import body_of

    for message in db.session.scalars(query):
        body = body_of(message)  # a deferred body as it would be sent now
        click.echo(f"--- #{message.id} [{message.status.value}] to {message.recipient}")
        click.echo(f"Subject: {message.subject}\n")
        click.echo(body[0] if body else "(not sent: its subject no longer exists)")


@click.command("seed-demo")
@click.option("--allow-production", is_flag=True, help="Seed even when CONFERENCE_ENV=production.")
def seed_demo(allow_production):
    """Build the demo series (idempotent: running it again changes nothing).

    It creates demo accounts whose password is "demo", so production refuses it unless asked."""
    from conference.demo.seed import seed

    if current_app.config["ENV_NAME"] == "production" and not allow_production:
        raise click.ClickException("seed-demo creates accounts with the password 'demo'; "
                                   "refusing in production (use --allow-production for a demo server)")

    summary = seed()
    db.session.commit()
    click.echo(" ".join(f"{key}={value}" for key, value in summary.items()))


@click.command("release-unconfirmed")
def release_unconfirmed():
    """Release the seats of registrations whose e-mail was not confirmed in time (run from cron).

    Booking a session also releases its expired seats first, so this only tidies up the rest."""
    from conference.registration.services import release_expired

    released = release_expired()
    db.session.commit()
    click.echo(f"released {released} bookings")


@click.command("allocate")
@click.argument("edition_id", type=int)
@click.option("--publish", is_flag=True, help="Publish the result at once: make the bookings and mail everyone.")
def allocate(edition_id, publish):
    """Allocate an edition's workshops by the participants' rankings (preference mode) and print the report."""
    from flask_babel import gettext

    from conference.editions.models import Edition
    from conference.errors import DomainError
    from conference.registration import preferences

    edition = db.session.get(Edition, edition_id)
    if edition is None:
        raise click.ClickException(gettext("This edition does not exist."))
    steps = ["load", "allocate", "compare", "save"]
    try:
        with click.progressbar(length=len(steps), label=gettext("Allocating…"), file=sys.stderr) as bar:
            record = preferences.run(edition, progress=lambda step: bar.update(1))
        made = preferences.publish(record) if publish else None
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    report, baseline = record.report, record.first_come_report
    click.echo(f"allocation {record.id}: {report['participants']} participants, {report['assigned_pairs']} places "
               f"in {record.seconds:.2f} s (first come would give {baseline['assigned_pairs']})")
    for rank, n in report["rank_counts"].items():
        click.echo(f"  choice {rank}: {n} (first come: {baseline['rank_counts'].get(rank, 0)})")
    click.echo(f"  without any place: {report['unassigned']} (first come: {baseline['unassigned']})")
    if made is not None:
        click.echo(f"published: {made} bookings")


@click.command("council-reminders")
@click.argument("edition_id", type=int)
def council_reminders(edition_id):
    """Remind the seats of a council meeting that have not answered their invitation (at most once a day
    per seat; run it from cron, e.g. daily until the deadline)."""
    from flask_babel import gettext

    from conference.council.invitations import send_reminders
    from conference.database import utcnow
    from conference.editions.models import Edition
    from conference.errors import DomainError

    edition = db.session.get(Edition, edition_id)
    if edition is None:
        raise click.ClickException(gettext("This edition does not exist."))
    try:
        report = send_reminders(edition, utcnow())
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(gettext("Reminders for %(n)d seats queued in %(mails)d mails; %(skipped)d seats were reminded "
                       "less than 24 hours ago.", n=report.invitations, mails=report.mails, skipped=report.skipped))
    for person in report.unreachable:
        click.echo(gettext("Not mailed: %(seat)s (%(role)s: %(reason)s)", seat=person.seat.label,
                           role=person.role.label, reason=person.reason), err=True)
