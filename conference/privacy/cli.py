"""``flask purge-personal-data``: the retention purge (see conference.privacy.retention)."""

from datetime import time

import click

from conference.extensions import db


def _before(value):
    if value is None:
        return None
    from conference.editions.services import from_local

    return from_local(value.date(), time(0))  # the start of that day, local time


def _detail(counts) -> str:
    """``key=count`` for each kind of data that changed (or would), or "nothing left"."""
    return ", ".join(f"{k}={v}" for k, v in counts.as_dict().items() if v) or "nothing left"


@click.command("purge-personal-data")
@click.option("--before", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Also purge all personal data of every edition that ended before this date (YYYY-MM-DD), "
                   "whatever its retention, and of the accessibility feedback received and the former council "
                   "members whose last term ended before it.")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; change nothing.")
def purge_personal_data(before, dry_run):
    """Remove personal data whose retention has run out: special-category data (accessibility needs)
    SPECIAL_RETENTION_MONTHS after an edition's event, all personal data RETENTION_MONTHS after it (both set
    per edition), the names and addresses of accessibility feedback ACCESSIBILITY_FEEDBACK_RETENTION_MONTHS
    after it came in, and the address and language of former council members COUNCIL_MEMBER_RETENTION_MONTHS
    after their last term ended. Idempotent, so it can run every night; the frozen results are never touched.
    Prints one line per edition (counts only) and logs the same to stderr."""
    from conference.database import utcnow
    from conference.privacy import council_members, feedback
    from conference.privacy.retention import ALL, purge

    now = utcnow()
    try:
        results = purge(now=now, before=_before(before), dry_run=dry_run)
        feedback_result = feedback.purge(now=now, before=_before(before), dry_run=dry_run)
        members_result = council_members.purge(now=now, before=_before(before), dry_run=dry_run)
    except Exception:
        db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "would remove" if dry_run else "removed"
    for result in results:
        what = "all personal data" if result.scope == ALL else "special-category data"
        click.echo(f"edition {result.edition.number} ({what}): {verb} {_detail(result.counts)}")
    click.echo(f"accessibility feedback received before {feedback_result.received_before_day.isoformat()}: "
               f"{verb} {_detail(feedback_result.counts)}")
    click.echo(f"council members whose last term ended before {members_result.ended_before_day.isoformat()}: "
               f"{verb} {_detail(members_result.counts)}")
    changed = sum(1 for r in results if r.counts.total)
    total = sum(r.counts.total for r in results) + feedback_result.counts.total + members_result.counts.total
    click.echo(f"{'dry run: ' if dry_run else ''}{len(results)} editions due, {changed} with personal data, "
               f"{total} records {'would be removed' if dry_run else 'removed'}")
