"""``flask export-results``: only JSON on stdout, the same bytes for the same frozen results, the
``--all`` list, and errors on stderr with a non-zero exit code."""

from __future__ import annotations

import json

from conference.editions.models import EditionFormat, EditionStatus
from conference.surveys.results import freeze_results
from tests.factories import make_council, make_edition
from tests.surveys.results_setup import surveyed_edition


def test_an_edition_exports_as_json_and_the_same_bytes_every_time(runner, db):
    edition, _ = surveyed_edition([5, 4, 4, 2, 1, 5], number=31, status=EditionStatus.EVALUATED)
    freeze_results(edition)
    db.session.commit()

    first = runner.invoke(args=["export-results", str(edition.id)])
    second = runner.invoke(args=["export-results", str(edition.id)])

    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    document = json.loads(first.stdout)
    assert (document["edition"], document["format"], document["result_version"]) == (31, "open_day", 1)
    assert document["questions"][0]["key"] == "overall_satisfaction"
    assert document["questions"][0]["n"] == 6
    assert "frozen_at" not in first.stdout
    assert first.stdout == json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def test_the_latest_version_is_exported(runner, db):
    edition, _ = surveyed_edition([5, 4, 4, 2, 1], status=EditionStatus.EVALUATED)
    freeze_results(edition)
    freeze_results(edition)
    db.session.commit()

    assert json.loads(runner.invoke(args=["export-results", str(edition.id)]).stdout)["result_version"] == 2


def test_all_lists_every_evaluated_edition_with_results_by_number(runner, db):
    later, _ = surveyed_edition([5, 5, 4, 4, 3], number=35, status=EditionStatus.EVALUATED)
    earlier, _ = surveyed_edition([1, 2, 3, 4, 5], number=27, status=EditionStatus.ARCHIVED, q=None,
                                  key="overall_satisfaction_2")
    council = make_council(number=30, status=EditionStatus.HELD)
    held_only = make_edition(number=33, status=EditionStatus.HELD)  # frozen, but not (yet) evaluated
    make_edition(number=34, status=EditionStatus.EVALUATED)  # evaluated, never frozen
    for edition in (later, earlier, held_only):
        freeze_results(edition)
    council.status = EditionStatus.EVALUATED
    freeze_results(council)
    db.session.commit()

    result = runner.invoke(args=["export-results", "--all"])
    again = runner.invoke(args=["export-results", "--all"])

    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == again.stdout_bytes
    documents = json.loads(result.stdout)
    assert [(d["edition"], d["format"]) for d in documents] == [
        (27, "open_day"), (30, EditionFormat.COUNCIL.value), (35, "open_day")]
    assert documents[0]["questions"][0]["key"] == "overall_satisfaction_2"
    assert {"key", "n", "mean", "top2_share", "top2_ci"} <= set(documents[2]["questions"][0])
    assert documents[1]["questions"] == []
    assert result.stderr.startswith("3 ")  # "3 editions exported." in the default language


def test_all_with_nothing_frozen_is_an_empty_list(runner, db):
    result = runner.invoke(args=["export-results", "--all"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_unknown_editions_and_editions_without_results_fail_on_stderr(runner, db):
    edition = make_edition(number=12, status=EditionStatus.HELD)
    db.session.commit()

    unknown = runner.invoke(args=["export-results", "999"])
    assert unknown.exit_code != 0
    assert unknown.stdout == ""
    assert unknown.stderr.startswith("Error: ")  # the message is in the default language (German)

    missing = runner.invoke(args=["export-results", str(edition.id)])
    assert missing.exit_code != 0
    assert missing.stdout == ""
    assert missing.stderr.startswith("Error: ") and "12" in missing.stderr


def test_either_an_edition_or_all_is_required(runner, db):
    assert runner.invoke(args=["export-results"]).exit_code == 2
    both = runner.invoke(args=["export-results", "1", "--all"])
    assert both.exit_code == 2
    assert both.stdout == ""
