"""``flask purge-personal-data``: the retention purge (see conference.privacy.retention)."""

import click


@click.command("purge-personal-data")
@click.option("--before", default=None, help="Purge every edition that ended before this date (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; change nothing.")
def purge_personal_data(before, dry_run):
    """Remove personal data whose retention has run out (not implemented yet)."""
    raise click.ClickException("not implemented yet")
