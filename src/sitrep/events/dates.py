"""Resolve date expressions ("yesterday", "two weeks ago", "early February") against the
publication date, with a time precision (1 day, 2 week, 3 month, 4 year).

Relative expressions are resolved by our own rules, because dateparser resolves "last month"
to a day one month back, "Tuesday" sometimes to the coming Tuesday, and ignores "early" and
"earlier this year". Absolute dates ("March 3", "20 July 2020") go to dateparser, anchored
on the publication date and preferring the past (news reports what happened).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

DAY, WEEK, MONTH, YEAR = 1, 2, 3, 4

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_ABBREVIATIONS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
# Northern-hemisphere seasons as TimeML codes and their first month.
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9),
           "winter": ("WI", 12)}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fifteen": 15, "twenty": 20, "thirty": 30, "several": 3, "a few": 3, "few": 3,
                "a couple of": 2, "couple of": 2}
UNIT_PRECISION = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR}
# "A few" and "several" are vague: one step coarser than the unit they count.
VAGUE_COUNTS = {"several", "a few", "few"}
# A month or month-day without a year is read as the nearest one to publication, with the past
# weighted: a future reading wins only when it is this many times closer than the past one
# ("Dec. 15" in a November report is coming; "September" in a March report has been).
# Set on the TimeBank/AQUAINT train split.
FUTURE_BIAS = 2.0
QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "last": 4}


@dataclass(frozen=True)
class ResolvedDate:
    """`value` in TimeML style (2020-07-19, 2020-W29, 2020-06, 2020, 2020-SU, PAST_REF);
    `date` a representative ISO day (the first day of the period); `precision` 1-4."""

    value: str
    date: str | None
    precision: int | None


def as_date(published: str | date | datetime | None) -> date | None:
    """The publication date as a `date`, from ISO text or a date/datetime; None if unknown."""
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    try:
        return datetime.fromisoformat(str(published).replace("Z", "+00:00")).date()
    except ValueError:
        return None


def resolve_date(expression: str, published: str | date | datetime | None) -> ResolvedDate | None:
    """Resolve one date expression; None when it is not a date we can place.

    With no publication date, relative expressions cannot be placed: the result keeps the
    precision unknown (None) and the date None, unless the expression is absolute.
    """
    text = _clean(expression)
    if not text:
        return None
    dct = as_date(published)
    if dct is None:
        return _resolve(text, None)  # may read against the clock (dateparser): not cached
    return _resolve_anchored(text, dct)


def _resolve(text: str, dct: date | None) -> ResolvedDate | None:
    for rule in _RULES:
        found = rule(text, dct)
        if found is not None:
            return found
    return _absolute(text, dct)


# Reports repeat their date expressions and share publication dates; anchored on one, the
# answer never changes (dateparser alone takes about a millisecond per expression).
@lru_cache(maxsize=4096)
def _resolve_anchored(text: str, dct: date) -> ResolvedDate | None:
    return _resolve(text, dct)


def _clean(expression: str) -> str:
    text = expression.lower().strip(" .,;:\"'“”()")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^(on|in|at|during|since|from|until|till|by|of|for|about|around|"
                  r"approximately|nearly|almost|some|the|over|within)\s+", "", text)
    text = re.sub(r"^(on|in|at|the)\s+", "", text)
    return text


def _week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _resolved(day: date, precision: int) -> ResolvedDate:
    if precision == DAY:
        return ResolvedDate(day.isoformat(), day.isoformat(), DAY)
    if precision == WEEK:
        monday = day - timedelta(days=day.weekday())
        return ResolvedDate(_week_value(day), monday.isoformat(), WEEK)
    if precision == MONTH:
        first = day.replace(day=1)
        return ResolvedDate(f"{day.year:04d}-{day.month:02d}", first.isoformat(), MONTH)
    first = date(day.year, 1, 1)
    return ResolvedDate(f"{day.year:04d}", first.isoformat(), YEAR)


def _unplaced(value: str = "PAST_REF") -> ResolvedDate:
    return ResolvedDate(value, None, None)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _deictic(text: str, dct: date | None) -> ResolvedDate | None:
    offsets = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
               "this evening": 0, "yesterday": -1, "last night": -1, "yesterday morning": -1,
               "yesterday afternoon": -1, "yesterday evening": -1, "tomorrow": 1,
               "the day before yesterday": -2, "day before yesterday": -2}
    if text in offsets:
        return _resolved(dct + timedelta(days=offsets[text]), DAY) if dct else _unplaced()
    if text in ("now", "currently", "at present", "present", "nowadays"):
        return ResolvedDate("PRESENT_REF", dct.isoformat() if dct else None,
                            DAY if dct else None)
    return None


def _vague(text: str, dct: date | None) -> ResolvedDate | None:
    """Vague references to the recent past: the publication date at a coarse precision."""
    recent = {"recently": MONTH, "lately": MONTH, "past days": WEEK, "past few days": WEEK,
              "last few days": WEEK, "recent days": WEEK, "past week": WEEK,
              "past few weeks": MONTH, "last few weeks": MONTH, "recent weeks": MONTH,
              "past weeks": MONTH, "recent months": YEAR, "past months": YEAR,
              "past few months": YEAR, "last few months": YEAR}
    if text in recent:
        if dct is None:
            return _unplaced()
        # The period ends at publication: the publication date stands for it.
        return ResolvedDate("PAST_REF", dct.isoformat(), recent[text])
    return None


def _weekday(text: str, dct: date | None) -> ResolvedDate | None:
    days = "|".join(WEEKDAYS)
    match = re.fullmatch(rf"(last |this |next |past )?({days})( morning| afternoon| evening| night)?",
                         text)
    if not match:
        return None
    if dct is None:
        return _unplaced()
    target = WEEKDAYS.index(match.group(2))
    modifier = (match.group(1) or "").strip()
    if modifier == "next":
        ahead = (target - dct.weekday()) % 7 or 7
        return _resolved(dct + timedelta(days=ahead), DAY)
    back = (dct.weekday() - target) % 7
    if modifier == "last" and back == 0:
        back = 7
    return _resolved(dct - timedelta(days=back), DAY)


def _count(words: str) -> tuple[float, bool] | None:
    words = words.strip()
    if words.isdigit():
        return float(words), False
    if words in NUMBER_WORDS:
        return float(NUMBER_WORDS[words]), words in VAGUE_COUNTS
    return None


def _ago(text: str, dct: date | None) -> ResolvedDate | None:
    match = re.fullmatch(r"(?:about |around |some |nearly |almost |more than |over )?"
                         r"(.+?) (day|week|month|year)s? (ago|earlier|before|later|from now)",
                         text)
    if not match:
        return None
    counted = _count(match.group(1))
    if counted is None:
        return None
    if dct is None:
        return _unplaced()
    amount, vague = counted
    unit = match.group(2)
    sign = 1 if match.group(3) in ("later", "from now") else -1
    precision = UNIT_PRECISION[unit]
    if vague or (unit == "day" and amount >= 3 and "about" in text):
        precision = min(precision + 1, YEAR)
    if unit == "day":
        day = dct + timedelta(days=sign * amount)
    elif unit == "week":
        day = dct + timedelta(days=sign * 7 * amount)
    elif unit == "month":
        day = _add_months(dct, int(sign * amount))
    else:
        day = date(dct.year + int(sign * amount), 1, 1)
    return _resolved(day, precision)


def _calendar_unit(text: str, dct: date | None) -> ResolvedDate | None:
    """last/this/next week, month, year; earlier this year; the past year."""
    match = re.fullmatch(r"(early |earlier |late |later |the )?(last|this|next|past|previous|"
                         r"coming|current|same)( \w+)? (week|month|year)", text)
    if not match:
        return None
    if match.group(3) and match.group(3).strip() not in ("calendar",):
        return None
    if dct is None:
        return _unplaced()
    which, unit = match.group(2), match.group(4)
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
    if unit == "week":
        return _resolved(dct + timedelta(days=7 * step), WEEK)
    if unit == "month":
        return _resolved(_add_months(dct, step), MONTH)
    return _resolved(date(dct.year + step, 1, 1), YEAR)


def _named_month(text: str, dct: date | None) -> ResolvedDate | None:
    """early February, last January, since last March, late May 2019, September."""
    match = re.fullmatch(r"(?:(?:the )?(?:early|earlier|mid|late|beginning of|end of|start of|"
                         r"middle of)[- ]|the end of |the beginning of |the start of )?"
                         r"(last |this |next )?(" + "|".join(MONTHS) + r")(?: of)?(?:,? (\d{4}))?",
                         text)
    if not match:
        return None
    month = MONTHS.index(match.group(2)) + 1
    if match.group(3):
        return _resolved(date(int(match.group(3)), month, 1), MONTH)
    if dct is None:
        return _unplaced()
    modifier = (match.group(1) or "").strip()
    year = dct.year
    if modifier == "next":
        year = dct.year + (1 if month <= dct.month else 0)
    elif modifier == "last":
        year = dct.year if month < dct.month else dct.year - 1
    elif modifier == "this":
        year = dct.year
    elif month != dct.month:
        year = _nearest_year(dct, lambda y: date(y, month, 1))
    return _resolved(date(year, month, 1), MONTH)


def _nearest_year(dct: date, day_in: object) -> int:
    """The year putting `day_in(year)` nearest the publication date, the past favoured by
    FUTURE_BIAS."""
    past = day_in(dct.year) if day_in(dct.year) <= dct else day_in(dct.year - 1)
    future = day_in(dct.year) if day_in(dct.year) > dct else day_in(dct.year + 1)
    if (future - dct).days * FUTURE_BIAS < (dct - past).days:
        return future.year
    return past.year


def _references(text: str, dct: date | None) -> ResolvedDate | None:
    """TimeML's vague references: the present, the past, the future."""
    day = dct.isoformat() if dct else None
    if text in ("current", "currently", "present", "the present", "now", "nowadays",
                "at present", "these days", "today's"):
        return ResolvedDate("PRESENT_REF", day, DAY if dct else None)
    if text in ("recent", "previously", "formerly", "once", "in the past", "past",
                "recent years", "earlier", "before", "the past"):
        return ResolvedDate("PAST_REF", day, YEAR if dct else None)
    if text in ("future", "the future", "soon", "later", "eventually", "coming years",
                "in the future", "the coming years"):
        return ResolvedDate("FUTURE_REF", day, YEAR if dct else None)
    return None


def _quarter(text: str, dct: date | None) -> ResolvedDate | None:
    """the third quarter, fourth-quarter, the latest quarter (business reporting)."""
    match = re.fullmatch(r"(?:this year's |the |the fiscal |fiscal )?(first|second|third|fourth|"
                         r"1st|2nd|3rd|4th|latest|last|year-ago|year-earlier|current)[- ]"
                         r"(?:fiscal )?quarter(?: of (\d{4}))?", text)
    if not match and text in ("the quarter", "quarter"):
        match = re.fullmatch(r"(latest)()", "latest")
    if not match:
        return None
    if dct is None and not match.group(2):
        return _unplaced()
    word = match.group(1)
    current = (dct.month - 1) // 3 + 1 if dct else 1
    year = int(match.group(2)) if match.group(2) else dct.year
    if word in ("latest", "last"):
        number = current - 1 or 4
        year = year if current > 1 else year - 1
    elif word == "current":
        number = current
    elif word in ("year-ago", "year-earlier"):
        number, year = current - 1 or 4, year - 1 if current > 1 else year - 2
    else:
        number = QUARTERS[word]
        if not match.group(2) and number > current:
            year -= 1
    return ResolvedDate(f"{year:04d}-Q{number}", date(year, 3 * number - 2, 1).isoformat(),
                        MONTH)


def _season(text: str, dct: date | None) -> ResolvedDate | None:
    match = re.fullmatch(r"(?:early |late |mid-?)?(last |this |next |past )?("
                         + "|".join(SEASONS) + r")(?: of)?(?:,? (\d{4}))?", text)
    if not match:
        return None
    code, first_month = SEASONS[match.group(2)]
    if match.group(3):
        year = int(match.group(3))
    elif dct is None:
        return _unplaced()
    else:
        modifier = (match.group(1) or "").strip()
        # "last summer": the most recent summer that has begun before the publication month.
        year = dct.year if first_month < dct.month else dct.year - 1
        if modifier == "next":
            year = dct.year if first_month > dct.month else dct.year + 1
        elif modifier == "this":
            year = dct.year
    return ResolvedDate(f"{year:04d}-{code}", date(year, first_month, 1).isoformat(), MONTH)


def _year(text: str, dct: date | None) -> ResolvedDate | None:
    match = re.fullmatch(r"(?:early |late |mid-?|the end of |the beginning of |fiscal |"
                         r"the year )?(\d{4})", text)
    if match and 1800 <= int(match.group(1)) <= 2200:
        return _resolved(date(int(match.group(1)), 1, 1), YEAR)
    match = re.fullmatch(r"(?:the )?(\d{4})s", text)
    if match:
        return ResolvedDate(match.group(1)[:3], f"{match.group(1)}-01-01", YEAR)
    if text in ("the year", "the full year", "the current year", "this year") and dct:
        return _resolved(date(dct.year, 1, 1), YEAR)
    return None


def _month_day(text: str, dct: date | None) -> ResolvedDate | None:
    """March 3, 3 March, Aug. 7, March 3rd, 2017: explicit day and month."""
    months = "|".join(MONTH_ABBREVIATIONS)
    pattern = (r"(?:(" + months + r")\w*\.? (\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)? "
               r"(?:of )?(" + months + r")\w*\.?)(?:,? (\d{4}))?")
    match = re.fullmatch(pattern, text)
    if not match:
        return None
    month = MONTH_ABBREVIATIONS[(match.group(1) or match.group(4))[:3]]
    day_number = int(match.group(2) or match.group(3))
    if match.group(5):
        year = int(match.group(5))
    elif dct is None:
        return _unplaced()
    else:
        try:
            year = _nearest_year(dct, lambda y: date(y, month, day_number))
        except ValueError:
            return None
    try:
        return _resolved(date(year, month, day_number), DAY)
    except ValueError:
        return None


def _absolute(text: str, dct: date | None) -> ResolvedDate | None:
    """Anything else dateparser can read (ISO dates, 07/20/2020, 20 July 2020)."""
    if not re.search(r"\d", text):
        return None
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if dct is not None:
        settings["RELATIVE_BASE"] = datetime(dct.year, dct.month, dct.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    period = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR}.get(data.period or "day", DAY)
    if period == DAY and re.fullmatch(r"\d{4}", text):
        period = YEAR
    return _resolved(data.date_obj.date(), period)


_RULES = (_references, _quarter, _deictic, _vague, _weekday, _ago, _calendar_unit, _named_month, _season, _year,
          _month_day)
