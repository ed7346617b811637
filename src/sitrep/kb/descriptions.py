"""Descriptions that name their head: "Haftar's forces", "the army led by Khalifa Haftar",
"Wagner gunmen". They denote the organisation the named person leads, or the named group.

The patterns are plain regular expressions over the text; the name inside is resolved with the
same alias index as any mention, so machine-translated names ("Khalifa the Haftarot") work too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# Nouns for a body of armed people.
FORCE_NOUNS = (r"(?i:forces|troops|army|armies|militia|militias|militiamen|fighters|loyalists|"
               r"soldiers|units|brigades|battalions|gunmen|elements|mercenaries|militants|"
               r"operatives|contractors|men)")
# A capitalised name, possibly with particles and an inserted article ("Khalifa the Haftarot",
# "Abu Mohammed al-Jolani").
NAME = (r"(?:[A-Z][\w'\u2019-]+|al-\w+|el-\w+)(?:\s+(?:(?:the|al|el|bin|ibn|abu|de)\s+)?"
        r"(?:[A-Z][\w'\u2019-]+|al-\w+|el-\w+))*")
TITLES = (r"(?:(?:retired|former|self-styled)\s+)?(?:(?:Field\s+)?Marshal|(?:Major\s+|Lieutenant\s+"
          r"|Brigadier\s+)?General|Colonel|Commander|warlord|strongman|[Ll]eader|the)\s+")

# (pattern, what the named head is): "person" -> the organisation the person leads; "group" ->
# the group itself.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Haftar's forces", "Hemedti's militia"
    (re.compile(r"(?P<name>" + NAME + r")['\u2019]s\s+(?:" + FORCE_NOUNS + r")\b"), "person"),
    # "the forces of retired Major General Khalifa Haftar"
    (re.compile(r"\b(?:the\s+)?(?:" + FORCE_NOUNS + r")\s+of\s+(?:" + TITLES + r")*(?P<name>"
                + NAME + r")"), "person"),
    # "the Libyan army led by Khalifa the Haftarot", "militias commanded by Hemedti"
    (re.compile(r"\b(?:the\s+)?(?:[A-Z]\w+\s+)?(?:" + FORCE_NOUNS + r")\s+(?:led|commanded|"
                r"headed|loyal\s+to)\s+(?:by\s+)?(?:" + TITLES + r")*(?P<name>" + NAME + r")"),
     "person"),
    # "Wagner gunmen", "Wagner elements", "RSF fighters"
    (re.compile(r"(?P<name>" + NAME + r")\s+(?:" + FORCE_NOUNS + r")\b"), "group"),
)


@dataclass
class Description:
    start: int
    end: int
    name_start: int
    name_end: int
    head: str  # "person" or "group"


def find_descriptions(text: str) -> Iterator[Description]:
    """Every description span in `text` with the span of the name it contains."""
    for pattern, head in PATTERNS:
        for match in pattern.finditer(text):
            name_start, name_end = match.span("name")
            yield Description(match.start(), match.end(), name_start, name_end, head)


def trim_name(text: str, start: int, end: int,
              accept: Callable[[str], bool]) -> tuple[int, int] | None:
    """The longest suffix of text[start:end] that `accept` takes (word boundaries)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for i in range(len(words)):
        s = start + words[i].start()
        if accept(text[s:end]):
            return s, end
    return None
