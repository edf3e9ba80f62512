"""``flask purge-personal-data``: the retention purge (see conference.privacy.retention)."""

from datetime import time

import click

from conference.extensions import db


def _before(value):
    if value is None:
        return None
    from conference.editions.services import from_local

    return from_local(value.date(), time(0))  # the start of that day, local time


@click.command("purge-personal-data")
@click.option("--before", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Also purge all personal data of every edition that ended before this date (YYYY-MM-DD), "
                   "whatever its retention.")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; change nothing.")
def purge_personal_data(before, dry_run):
    """Remove personal data whose retention has run out: special-category data (accessibility needs)
    SPECIAL_RETENTION_MONTHS after an edition's event, all personal data RETENTION_MONTHS after it (both set
    per edition), and the names and addresses of accessibility feedback ACCESSIBILITY_FEEDBACK_RETENTION_MONTHS
    after it came in. Idempotent, so it can run every night; the frozen results are never touched. Prints one
    line per edition (counts only) and logs the same to stderr."""
    from conference.database import utcnow
    from conference.privacy import feedback
    from conference.privacy.retention import ALL, purge

    now = utcnow()
    try:
        results = purge(now=now, before=_before(before), dry_run=dry_run)
        feedback_result = feedback.purge(now=now, before=_before(before), dry_run=dry_run)
    except Exception:
        db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "would remove" if dry_run else "removed"
    for result in results:
        counts = {k: v for k, v in result.counts.as_dict().items() if v}
        what = "all personal data" if result.scope == ALL else "special-category data"
        detail = ", ".join(f"{k}={v}" for k, v in counts.items()) or "nothing left"
        click.echo(f"edition {result.edition.number} ({what}): {verb} {detail}")
    counts = {k: v for k, v in feedback_result.counts.as_dict().items() if v}
    detail = ", ".join(f"{k}={v}" for k, v in counts.items()) or "nothing left"
    click.echo(f"accessibility feedback received before {feedback_result.received_before_day.isoformat()}: "
               f"{verb} {detail}")
    changed = sum(1 for r in results if r.counts.total)
    total = sum(r.counts.total for r in results) + feedback_result.counts.total
    click.echo(f"{'dry run: ' if dry_run else ''}{len(results)} editions due, {changed} with personal data, "
               f"{total} records {verb}")
