"""Comparison across editions: trends from frozen results only, changes beyond the noise, breaks between
incomparable question versions, action items marked, the chart and its table, the XLSX export, access
and a fixed number of queries."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete

from conference.editions.models import EditionFormat, EditionStatus
from conference.extensions import db as database
from conference.surveys import noise
from conference.surveys.comparison import build_series, compare, load_comparison
from conference.surveys.models import ActionItem, SurveyAnswer, SurveyResponse
from conference.surveys.results import freeze_results
from conference.surveys.trend_chart import trend_chart
from tests.factories import make_user
from tests.surveys.results_setup import evaluated, frozen, scale_entry, surveyed_edition

KEY = "overall_satisfaction"


pytestmark = pytest.mark.usefixtures("english")


def series_of(comparison, key=KEY, audience="visitors", format="open_day"):
    return next(s for s in comparison.of_key(format, key) if s.audience == audience)


# --- The statistics ------------------------------------------------------------------------------------------

def test_the_noise_tests():
    assert noise.share_moved(0.40, 200, 0.60, 200)
    assert not noise.share_moved(0.40, 200, 0.45, 200)
    assert not noise.share_moved(0.40, 10, 0.60, 10)  # the same shares, but too few answers
    assert noise.two_proportion_z(1.0, 20, 1.0, 20) is None  # no variance: nothing to say
    assert noise.intervals_apart([3.1, 3.5], [3.6, 3.9])
    assert not noise.intervals_apart([3.1, 3.7], [3.6, 3.9])
    assert not noise.intervals_apart([None, None], [3.6, 3.9])
    low, high = noise.wilson_interval(0.5, 100)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)


def test_versions_are_compared_only_when_marked_comparable():
    v1 = scale_entry(KEY, n=100, top2=0.5)
    assert compare(v1, scale_entry(KEY, n=100, top2=0.5, version=2, comparable=True)).comparable
    assert not compare(v1, scale_entry(KEY, n=100, top2=0.5, version=2, comparable=False)).comparable
    assert not compare(v1, scale_entry(KEY, n=100, top2=0.5, version=3, comparable=True)).comparable  # v2 unseen
    assert not compare(v1, scale_entry(KEY, n=100, top2=0.5, type="scale_0_10")).comparable
    # Frozen by freeze_results: the chain of comparable versions decides.
    assert compare({**v1, "comparable_since": 1},
                   scale_entry(KEY, n=100, top2=0.5, version=3, comparable_since=1)).comparable
    assert not compare({**v1, "comparable_since": 1},
                       scale_entry(KEY, n=100, top2=0.5, version=2, comparable_since=2)).comparable


# --- Trends from crafted frozen results ----------------------------------------------------------------------

def test_the_trend_marks_changes_beyond_the_noise_and_version_breaks(db):
    e21, e22, e23, e24, e25 = (evaluated(n, year=2000 + n) for n in (21, 22, 23, 24, 25))
    frozen(e21, [scale_entry(KEY, n=200, top2=0.40, mean=3.2, mean_ci=[3.1, 3.3])])
    frozen(e22, [scale_entry(KEY, n=200, top2=0.43, mean=3.25, mean_ci=[3.15, 3.35])])
    frozen(e23, [scale_entry(KEY, n=200, top2=0.62, mean=3.9, mean_ci=[3.8, 4.0])])
    frozen(e24, [scale_entry(KEY, n=200, top2=0.60, mean=3.8, version=2, comparable=False)])
    frozen(e25, [scale_entry(KEY, n=200, top2=0.45, mean=3.3, version=2, comparable=False)])

    series = series_of(load_comparison())

    assert [p.number for p in series.points] == [21, 22, 23, 24, 25]
    first, steady, better, broken, worse = series.points
    assert first.change is None
    assert steady.change.verdict == "steady"
    assert better.change.verdict == "better"
    assert better.change.top2_moved and better.change.mean_moved
    assert broken.is_break and broken.change.verdict == "break"
    assert worse.change.verdict == "worse" and worse.change.top2_delta == pytest.approx(-0.15)
    assert series.verdict == "worse"

    chart = trend_chart(series, "top2")
    assert len(chart.breaks) == 1
    assert len(chart.lines[0].segments) == 2  # no line across the break
    assert [m.moved for m in chart.lines[0].markers] == [False, False, True, False, True]


def test_lower_is_better_scales_and_means_read_the_right_way(db):
    e1, e2 = evaluated(1, year=2001), evaluated(2, year=2002)
    grade = {"direction": "lower_is_better"}
    frozen(e1, [scale_entry("grade", n=50, top2=0.5, mean=2.5, mean_ci=[2.3, 2.7], top2_ci=[0.4, 0.6], **grade)])
    frozen(e2, [scale_entry("grade", n=50, top2=0.55, mean=1.9, mean_ci=[1.7, 2.1], top2_ci=[0.4, 0.7], **grade)])
    change = series_of(load_comparison(), "grade").latest.change
    assert change.mean_moved and not change.top2_moved
    assert change.verdict == "better"  # the mean grade fell: better


def test_choice_questions_trend_per_option(db):
    e1, e2 = evaluated(1, year=2001), evaluated(2, year=2002)
    entry = {"key": "heard_from", "version": 1, "type": "single_choice", "direction": "higher_is_better",
             "comparable_with_previous": True, "audience": "visitors", "suppressed": False,
             "labels": {"press": {"de": "Presse", "en": "Press"}, "web": {"de": "Internet", "en": "Web"}}}
    frozen(e1, [{**entry, "n": 300, "shares": {"press": 0.6, "web": 0.4}}])
    frozen(e2, [{**entry, "n": 300, "shares": {"press": 0.4, "web": 0.6}}])
    series = series_of(load_comparison(), "heard_from")
    assert series.options == ["press", "web"]
    assert series.latest.change.moved_shares == ("press", "web")
    assert series.verdict == "changed"
    assert series.option_label("web", "de") == "Internet"
    chart = trend_chart(series, "shares")
    assert len(chart.lines) == 2 and chart.lines[0].dash != chart.lines[1].dash


def test_suppressed_measurements_have_no_statistics_and_free_text_no_trend(db):
    e1, e2 = evaluated(1, year=2001), evaluated(2, year=2002)
    frozen(e1, [scale_entry(KEY, n=100, top2=0.5), {"key": "comments", "type": "free_text", "n": 40,
                                                    "audience": "visitors", "version": 1}])
    frozen(e2, [{**scale_entry(KEY, n=3, top2=0.5), "mean": None, "top2_share": None}])
    comparison = load_comparison()
    assert comparison.of_key("open_day", "comments") == []
    series = series_of(comparison)
    assert not series.latest.has_statistics
    assert series.verdict == "suppressed"
    assert trend_chart(series, "top2").lines[0].markers[-1].x < 640


def test_the_same_key_of_two_audiences_gives_two_series(db):
    e1 = evaluated(1, year=2001)
    frozen(e1, [scale_entry(KEY, n=100, top2=0.5), scale_entry(KEY, n=20, top2=0.8, audience="providers")])
    assert [s.audience for s in load_comparison().of_key("open_day", KEY)] == ["visitors", "providers"]


def test_action_items_are_marked_in_the_edition_they_target(db):
    e1, e2, e3 = evaluated(1, year=2001), evaluated(2, year=2002), evaluated(3, year=2003)
    for edition in (e1, e2):
        frozen(edition, [scale_entry(KEY, n=100, top2=0.5)])
    aimed = ActionItem(source_edition=e1, target_edition=e2, question_key=KEY, title="Bessere Beschilderung")
    pending = ActionItem(source_edition=e2, target_edition=e3, question_key=KEY, title="Mehr Sitzplätze")
    other = ActionItem(source_edition=e1, target_edition=e2, question_key="venue", title="Anderes")
    db.session.add_all([aimed, pending, other])
    db.session.flush()

    series = series_of(load_comparison())
    assert [a.title for a in series.points[1].actions] == ["Bessere Beschilderung"]
    assert series.points[0].actions == []
    assert [a.title for a in series.pending_actions] == ["Mehr Sitzplätze"]
    chart = trend_chart(series)
    assert chart.actions == [(chart.x_ticks[1][0], 1)]


# --- Only frozen results ---------------------------------------------------------------------------------------

def _numbers(comparison):
    return [(s.key, s.audience, [(p.number, p.question.get("n"), p.question.get("top2_share"),
                                  p.question.get("mean_ci")) for p in s.points]) for s in comparison.series]


def test_the_comparison_reads_only_frozen_results_and_survives_deleting_every_response(client, db, login_as):
    first, q = surveyed_edition([5, 5, 4, 2, 1, 3], number=21, status=EditionStatus.EVALUATED)
    second, _ = surveyed_edition([5, 5, 5, 4, 4, 4, 2], number=22, status=EditionStatus.EVALUATED,
                                 day=date(2028, 5, 8), q=q)
    freeze_results(first)
    freeze_results(second)
    db.session.commit()
    login_as("analyst")
    before = _numbers(load_comparison())
    page_before = client.get(f"/manage/comparison/open_day/{KEY}").get_data(as_text=True)

    db.session.execute(delete(SurveyAnswer))
    db.session.execute(delete(SurveyResponse))
    db.session.commit()

    assert _numbers(load_comparison()) == before
    assert before[0][2][1][1] == 7
    page_after = client.get(f"/manage/comparison/open_day/{KEY}").get_data(as_text=True)
    table = re.compile(r"<table.*?</table>", re.S)
    assert table.findall(page_after) == table.findall(page_before)


def _editions_with_results(count: int, start: int = 100):
    """``count`` open days with results (numbers from ``start``), action items between them, and a council."""
    for i in range(count):
        edition = evaluated(start + i, year=1800 + start + i)
        frozen(edition, [scale_entry(KEY, n=100 + i, top2=0.4 + i / 50), scale_entry("venue", n=90, top2=0.7)])
        if i:
            database.session.add(ActionItem(source_edition_id=edition.id - 1, target_edition=edition, question_key=KEY,
                                      title=f"Maßnahme {i}"))
    council = evaluated(start + 99, format=EditionFormat.COUNCIL, year=1800 + start + 99)
    frozen(council, [scale_entry("usefulness", n=30, top2=0.7, audience="council_members")])


@pytest.mark.parametrize("path", ["/manage/comparison/", f"/manage/comparison/open_day/{KEY}",
                                  "/manage/comparison/comparison.xlsx"])
def test_the_number_of_queries_does_not_grow_with_the_editions(client, db, login_as, count_queries, path):
    login_as("analyst")
    _editions_with_results(3)
    db.session.commit()
    with count_queries() as few:
        assert client.get(path).status_code == 200
    _editions_with_results(12, start=200)
    db.session.commit()
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert many.count == few.count


# --- Pages ------------------------------------------------------------------------------------------------------

def test_the_key_page_has_an_accessible_chart_and_always_a_data_table(client, db, login_as):
    e1, e2 = evaluated(21, year=2001), evaluated(22, year=2002)
    frozen(e1, [scale_entry(KEY, n=200, top2=0.40)])
    frozen(e2, [scale_entry(KEY, n=200, top2=0.62, version=2, comparable=False)])
    db.session.commit()
    login_as("organiser")

    response = client.get(f"/manage/comparison/open_day/{KEY}")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert '<svg viewBox="0 0 640 300"' in page and 'role="img"' in page
    assert re.search(r'aria-labelledby="trend-1-title trend-1-desc"', page)
    assert "<figcaption" in page and "<caption" in page and "<table" in page
    assert "style=" not in page and "<script>" not in page and "onclick" not in page
    assert "not comparable: the question changed" in page
    assert f"/manage/actions/new?source={e2.id}&amp;key={KEY}" in page
    mean_page = client.get(f"/manage/comparison/open_day/{KEY}?measure=mean").get_data(as_text=True)
    assert 'aria-current="page">Mean' in mean_page or 'aria-current="page">Mittelwert' in mean_page


def test_the_overview_lists_every_key_per_format_with_its_latest_value_and_trend(client, db, login_as):
    _editions_with_results(3)
    db.session.commit()
    login_as("analyst")
    page = client.get("/manage/comparison/").get_data(as_text=True)
    assert f"/manage/comparison/open_day/{KEY}" in page and "/manage/comparison/open_day/venue" in page
    assert "/manage/comparison/council/usefulness" in page
    assert "44,0 %" in page or "44.0 %" in page  # the latest top-2 share of the key


def test_unknown_formats_and_keys_are_404(client, db, login_as):
    login_as("analyst")
    assert client.get(f"/manage/comparison/fair/{KEY}").status_code == 404
    assert client.get("/manage/comparison/open_day/nothing_like_it").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("analyst", 200), ("organiser", 200), ("reviewer", 403),
                                              ("provider", 403)])
def test_who_sees_the_comparison(client, db, login_as, role, status):
    login_as(role)
    assert client.get("/manage/comparison/").status_code == status
    assert client.get("/manage/comparison/comparison.xlsx").status_code == status


def test_the_xlsx_export_has_a_sheet_per_format_keys_as_rows_and_editions_as_columns(client, db, login_as):
    e1, e2 = evaluated(21, year=2001), evaluated(22, year=2002)
    council = evaluated(23, format=EditionFormat.COUNCIL, year=2003)
    frozen(e1, [scale_entry(KEY, n=200, top2=0.40, mean=3.2)])
    frozen(e2, [scale_entry(KEY, n=180, top2=0.62, mean=3.9), scale_entry("=venue", n=3, top2=0.5)])
    frozen(council, [scale_entry("usefulness", n=30, top2=0.7, mean=4.1, audience="council_members")])
    db.session.commit()
    login_as("analyst")

    response = client.get("/manage/comparison/comparison.xlsx")

    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Regionale Bildungskonferenz", "Tag der Bildung"]
    open_day = workbook["Tag der Bildung"]
    rows = list(open_day.iter_rows(values_only=True))
    assert rows[0][3:] == ("21: mean", "21: top-2 share", "21: n", "22: mean", "22: top-2 share", "22: n")
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key[KEY][3:] == (3.2, 0.4, 200, 3.9, 0.62, 180)
    assert by_key["'=venue"][3:] == (None, None, None, None, None, 3)  # not asked; then suppressed
    council_rows = list(workbook["Regionale Bildungskonferenz"].iter_rows(values_only=True))
    assert council_rows[1][0] == "usefulness" and council_rows[1][3:] == (4.1, 0.7, 30)


def test_build_series_is_pure(db, count_queries):
    e1 = evaluated(1, year=2001)
    result = frozen(e1, [scale_entry(KEY, n=100, top2=0.5)])
    make_user("analyst")
    with count_queries() as counter:
        comparison = build_series([result])
    assert counter.count == 0
    assert comparison.editions["open_day"][0].number == 1
