"""``flask export-results``: frozen results as JSON on stdout (messages go to stderr)."""

from __future__ import annotations

import click

from conference.extensions import db


@click.command("export-results")
@click.argument("edition_id", type=int, required=False)
@click.option("--all", "export_all", is_flag=True,
              help="A list of every evaluated edition that has frozen results, by edition number.")
def export_results(edition_id, export_all):
    """Print the latest frozen results of edition EDITION_ID (or, with --all, of every evaluated edition)
    as JSON. The same frozen results always give the same bytes: keys sorted, no export time."""
    from flask_babel import gettext

    from conference.editions.models import Edition
    from conference.surveys.results import dumps, export_document, latest_result, latest_results

    if export_all == (edition_id is not None):
        raise click.UsageError(gettext("Give either an EDITION_ID or --all."))
    if export_all:
        documents = [export_document(result) for result in latest_results(evaluated_only=True)]
        click.echo(dumps(documents))
        click.echo(gettext("%(n)d editions exported.", n=len(documents)), err=True)
        return
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        raise click.ClickException(gettext("This edition does not exist."))
    result = latest_result(edition)
    if result is None:
        raise click.ClickException(gettext("Edition %(n)d has no frozen results yet.", n=edition.number))
    click.echo(dumps(export_document(result)))
