"""Date resolution against a publication date (sitrep.events.dates)."""

from __future__ import annotations

import pytest

from sitrep.events.dates import DAY, MONTH, WEEK, YEAR, resolve_date


@pytest.mark.parametrize("expression, published, date, precision", [
    ("yesterday", "2020-09-21", "2020-09-20", DAY),
    ("today", "2020-09-21", "2020-09-21", DAY),
    ("on Tuesday", "2017-03-10", "2017-03-07", DAY),
    ("Tuesday morning", "2017-03-10", "2017-03-07", DAY),
    ("last month", "2020-07-20", "2020-06-01", MONTH),
    ("two weeks ago", "2020-07-20", "2020-07-06", WEEK),
    ("3 days ago", "2020-07-20", "2020-07-17", DAY),
    ("a few days ago", "2017-03-10", "2017-03-06", WEEK),
    ("About a week ago", "2020-09-21", "2020-09-14", WEEK),
    ("earlier this year", "2020-09-21", "2020-01-01", YEAR),
    ("last year", "2017-03-10", "2016-01-01", YEAR),
    ("March 3", "2017-03-10", "2017-03-03", DAY),
    ("Aug. 7", "1998-08-20", "1998-08-07", DAY),
    ("December 24", "2017-03-10", "2016-12-24", DAY),
    ("early February", "2017-03-10", "2017-02-01", MONTH),
    ("since last January", "2020-09-21", "2020-01-01", MONTH),
    ("last September", "2020-07-20", "2019-09-01", MONTH),
    ("in 2011", "2017-03-10", "2011-01-01", YEAR),
    ("recently", "2020-09-21", "2020-09-21", MONTH),
    ("the past days", "2020-07-20", "2020-07-20", WEEK),
    ("20 July 2020", "2021-01-01", "2020-07-20", DAY),
])
def test_relative_expressions_resolve_against_publication(expression, published, date,
                                                          precision):
    resolved = resolve_date(expression, published)
    assert resolved is not None
    assert (resolved.date, resolved.precision) == (date, precision)


def test_timeml_style_values():
    assert resolve_date("last month", "2020-07-20").value == "2020-06"
    assert resolve_date("two weeks ago", "2020-07-20").value == "2020-W28"
    assert resolve_date("in 2011", "2017-03-10").value == "2011"
    assert resolve_date("early last summer", "2020-09-21").value == "2020-SU"


def test_without_publication_date_relative_expressions_stay_unplaced():
    resolved = resolve_date("yesterday", None)
    assert resolved is not None and resolved.date is None and resolved.precision is None
    absolute = resolve_date("20 July 2020", None)
    assert absolute.date == "2020-07-20" and absolute.precision == DAY


def test_not_a_date():
    assert resolve_date("the convoy", "2020-07-20") is None
