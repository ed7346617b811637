"""Relative location phrases: "250 meters south of X", "around 100 km from X", "near X".

A place named inside such a phrase is the anchor, not where the thing happened; the event is
then located at the anchor with geo_precision 2 (near) and the phrase kept as the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BEARING = (r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
            r"(?:ern)?")
_UNIT = r"(?:km|kms|kilometers?|kilometres?|miles?|mi|meters?|metres?|m|yards?)"
_NUMBER = r"(?:\d+(?:[.,]\d+)?|a few|several|a couple of|tens of|dozens of|hundreds of|one|two|" \
          r"three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|a hundred)"
_APPROX = r"(?:(?:around|about|approximately|some|roughly|nearly|almost|over|more than|" \
          r"less than|up to|within)\s+)?"
_ARTICLE = r"(?:the\s+)?(?:(?:city|town|village|area|region|port|base|outskirts)\s+of\s+)?"

# Phrases that end right before the anchor place, most specific first. Each names its kind.
_BEFORE_ANCHOR: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern + r"\s*$", re.IGNORECASE)) for kind, pattern in (
        ("distance_bearing", _APPROX + _NUMBER + r"\s*-?\s*" + _UNIT + r"\s+(?:to\s+the\s+)?"
         + _BEARING + r"\s+(?:of|from)\s+" + _ARTICLE),
        ("distance", _APPROX + _NUMBER + r"\s*-?\s*" + _UNIT + r"\s+(?:away\s+)?(?:from|of|"
         r"outside|off)\s+" + _ARTICLE),
        ("bearing", r"(?:(?:just|directly|far|further|to the)\s+)?" + _BEARING
         + r"\s+(?:of|from)\s+" + _ARTICLE),
        ("outskirts", r"(?:on|in|at)\s+the\s+(?:outskirts|edge|periphery|suburbs?)\s+of\s+"
         + _ARTICLE),
        ("near", r"(?:near|nearby|close\s+to|not\s+far\s+from|outside(?:\s+of)?|around|"
         r"(?:in|within)\s+the\s+(?:vicinity|environs|area)\s+of|on\s+the\s+road\s+to|"
         r"on\s+the\s+(?:border|frontier)\s+(?:with|of)|next\s+to|off\s+the\s+coast\s+of|"
         r"off)\s+" + _ARTICLE),
        ("between", r"between\s+" + _ARTICLE),
    ))
_UNIT_KM = {"km": 1.0, "kms": 1.0, "kilometer": 1.0, "kilometers": 1.0, "kilometre": 1.0,
            "kilometres": 1.0, "mile": 1.609, "miles": 1.609, "mi": 1.609, "meter": 0.001,
            "meters": 0.001, "metre": 0.001, "metres": 0.001, "m": 0.001, "yard": 0.0009,
            "yards": 0.0009}
# The distance units above, as words ("km", "miles").
DISTANCE_UNITS = frozenset(_UNIT_KM)
# How far back from the anchor a relative phrase may start (characters).
LOOKBACK_CHARS = 80


@dataclass
class RelativeCue:
    """A relative location phrase anchored on a place."""

    kind: str  # distance_bearing, distance, bearing, outskirts, near, between
    phrase: str  # the phrase including the anchor's name
    start: int  # where the phrase starts in the text
    distance_km: float | None = None
    bearing: str | None = None


# Every phrase of _BEFORE_ANCHOR ends with one of these words (or with "the", or "city of"'s
# "of"), then whitespace, right before the anchor. Most names follow other words ("in
# Tripoli"); checking the last word first spares them the regular expressions.
_LAST_WORDS = ("of", "from", "outside", "off", "near", "nearby", "to", "around", "with",
               "between", "the")
_BEARING_WORDS = ("north", "south", "east", "west")


def _may_match(before: str) -> bool:
    """False only when no phrase of _BEFORE_ANCHOR can end `before`."""
    if not before or not before[-1].isspace():
        return False
    words = before.split()
    if not words:
        return False
    last = words[-1]
    if not last.isascii():
        return True  # case-insensitive matching also folds some non-ASCII letters: let re say
    return last.lower().endswith(_LAST_WORDS)


def _may_name_bearing(before: str) -> bool:
    """False only when `before` holds no compass word, which _BEARING needs."""
    if not before.isascii():
        return True
    lowered = before.lower()
    return any(word in lowered for word in _BEARING_WORDS)


def relative_cue(text: str, start: int, end: int) -> RelativeCue | None:
    """The relative phrase that places `text[start:end]` as an anchor, if any."""
    window_start = max(0, start - LOOKBACK_CHARS)
    before = text[window_start:start]
    if not _may_match(before):
        return None
    bearing = _may_name_bearing(before)
    for kind, pattern in _BEFORE_ANCHOR:
        if kind in ("distance_bearing", "bearing") and not bearing:
            continue
        match = pattern.search(before)
        if not match or not match.group(0).strip():
            continue
        phrase_start = window_start + match.start()
        phrase_end = end
        if kind == "between":  # "between X and Y": the phrase runs to the second place
            tail = re.match(r"\s+and\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*",
                            text[end:end + 60])
            if not tail:
                continue
            phrase_end = end + tail.end()
        phrase = text[phrase_start:phrase_end]
        return RelativeCue(kind, phrase.strip(), phrase_start, *_distance_and_bearing(phrase))
    return None


def _distance_and_bearing(phrase: str) -> tuple[float | None, str | None]:
    distance = None
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*-?\s*(" + _UNIT + r")\b", phrase, re.IGNORECASE)
    if m:
        value = float(m.group(1).replace(",", ""))
        distance = value * _UNIT_KM.get(m.group(2).lower(), 1.0)
    b = re.search(_BEARING, phrase, re.IGNORECASE)
    bearing = b.group(0).lower().replace("-", "").removesuffix("ern") if b else None
    return distance, bearing
