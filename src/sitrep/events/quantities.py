"""Quantities with what they count ("about 40 cars", "one million barrels"), equipment with
its class and count, and stated fatalities ("killing at least 12" -> 12, "killing a number of
them" -> -1)."""

from __future__ import annotations

from ..records import EQUIPMENT_LABELS, Equipment, Quantity
from .mentions import MentionIndex

NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
                "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "a": 1, "an": 1, "dozen": 12}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "dozen": 12, "dozens": 12}
APPROXIMATORS = frozenset({"about", "approximately", "around", "nearly", "some", "roughly",
                           "almost", "over", "more", "least", "up", "estimated", "than", "~"})
# Time units: a number counting these is a duration or a date, not a quantity.
TIME_UNITS = frozenset({"day", "week", "month", "year", "hour", "minute", "second", "century",
                        "decade", "time"})
# Generic equipment nouns and their class, for kit the knowledge base has no name for
# ("5 cannons", "armored cars"). Named systems come from the knowledge base's mentions.
GENERIC_EQUIPMENT = {
    "cannon": "artillery", "artillery": "artillery", "howitzer": "artillery", "mortar": "artillery",
    "tank": "tank", "drone": "drone", "warplane": "combat_aircraft",
    "fighter jet": "combat_aircraft", "jet": "combat_aircraft", "helicopter": "helicopter",
    "air defense system": "air_defense", "air defence system": "air_defense",
    "air defense missile": "air_defense", "missile": "missile", "rocket": "rocket",
    "landmine": "landmine", "mine": "landmine", "armored car": "armored_vehicle",
    "armoured car": "armored_vehicle", "armored vehicle": "armored_vehicle",
    "armoured vehicle": "armored_vehicle", "armed vehicle": "armored_vehicle",
    "warship": "warship", "frigate": "warship", "rifle": "small_arms", "grenade": "grenade",
}
# The last words of GENERIC_EQUIPMENT's names: a noun outside them names no generic kit.
GENERIC_EQUIPMENT_HEADS = frozenset(name.rsplit(" ", 1)[-1] for name in GENERIC_EQUIPMENT)
KILL_WORDS = frozenset({"kill", "killing", "dead", "death", "die", "fatality", "slay", "perish",
                        "massacre", "execute", "behead", "murder"})
VAGUE_COUNTS = frozenset({"number", "several", "many", "some", "dozens", "scores", "hundreds",
                          "thousands", "few", "unknown", "undisclosed", "unspecified",
                          "unconfirmed", "others", "number of"})


def number_value(token) -> tuple[float | None, bool]:
    """The value of the number headed by `token` ("one million", "40", "5") and whether it is
    approximate ("about 40", "at least 12")."""
    parts = [t for t in token.subtree if t.like_num or t.lower_ in SCALES]
    value: float | None = None
    total = 0.0
    for part in sorted(parts, key=lambda t: t.i):
        text = part.lower_.replace(",", "")
        if text in SCALES:
            total = (total or 1) * SCALES[text]
            continue
        try:
            number = float(text)
        except ValueError:
            number = NUMBER_WORDS.get(text)
        if number is None:
            continue
        total += number
        value = total
    if total:
        value = total
    approximate = any(t.lower_ in APPROXIMATORS for t in token.subtree) or any(
        c.lower_ in APPROXIMATORS for c in token.head.children if c.dep_ in ("advmod", "quantmod")
        and c.i < token.i)
    return value, approximate


def _number_head(token):
    """Climb from a number word to the top of its number phrase ("one" -> "million")."""
    while token.dep_ in ("compound", "quantmod", "nummod") and (
            token.head.like_num or token.head.lower_ in SCALES) and token.head.i != token.i:
        token = token.head
    return token


def quantities(sentence, index: MentionIndex) -> list[Quantity]:
    """Counted things in the sentence, with the noun each number counts."""
    found: list[Quantity] = []
    seen: set[int] = set()
    like_num, doc = index.like_num, sentence.doc
    for i in range(sentence.start, sentence.end):
        if not like_num[i] or i in seen:
            continue  # by position: a Token is made only for the numbers
        token = doc[i]
        mention = index.mention(token)
        if mention is not None and mention.label in ("DATE", "MONEY"):
            continue
        if "-" in token.text and not token.text.replace("-", "").isdigit():
            continue  # model names such as S-300
        top = _number_head(token)
        seen.update(t.i for t in top.subtree if t.like_num)
        unit_token = top.head if top.dep_ in ("nummod", "quantmod") else None
        if top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.lemma_ == "number":
            continue
        unit = unit_token.lemma_.lower() if unit_token is not None else None
        if unit in TIME_UNITS:
            continue
        value, approximate = number_value(top)
        if value is None:
            continue
        words = sorted({*top.subtree, *([unit_token] if unit_token is not None else [])},
                       key=lambda t: t.i)
        text = " ".join(t.text for t in words if not t.is_punct)
        found.append(Quantity(text=text, value=value, unit=unit, approximate=approximate))
    return found


def _count_for(token) -> float | None:
    """The count of a noun phrase: a nummod on the noun or the noun it modifies."""
    candidates = [token]
    head = token
    while head.dep_ in ("compound", "amod", "nmod", "appos", "pobj") and head.head.i != head.i:
        head = head.head if head.dep_ != "pobj" else head.head.head
        candidates.append(head)
        if len(candidates) > 4:
            break
    for noun in candidates:
        for child in noun.children:
            if child.dep_ == "nummod":
                value, _ = number_value(_number_head(child))
                if value is not None:
                    return value
    return None


def equipment(sentence, index: MentionIndex) -> list[Equipment]:
    """Weapons, platforms and vehicles named in the sentence, with class and count."""
    found: list[Equipment] = []
    covered: set[int] = set()
    for mention in index.in_tokens(sentence, EQUIPMENT_LABELS):
        span = sentence.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        root = span.root
        entity = index.entity(mention)
        covered.update(t.i for t in span)
        climb = root
        while climb.dep_ in ("compound", "amod", "nmod", "appos") and climb.head.i != climb.i:
            climb = climb.head
            covered.add(climb.i)
        found.append(Equipment(name=entity.name if entity else mention.text,
                               cls=entity.kind if entity else None,
                               entity_id=mention.entity_id, count=_count_for(root)))
    lemmas, doc = index.lemmas, sentence.doc
    for i in range(sentence.start, sentence.end):
        lemma = lemmas[i]  # token.lemma_.lower(), read without making the Token
        if i in covered or lemma.rsplit(" ", 1)[-1] not in GENERIC_EQUIPMENT_HEADS:
            continue  # no generic equipment name ends in this word
        token = doc[i]
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        if covered and (any(t.i in covered for t in token.subtree) or any(
                i in covered for i in range(token.i - 4, token.i))):
            continue  # "an air defense system of the type S-300": the named system stands
        mods = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
        keys = [" ".join([*(m.lemma_.lower() for m in mods[-k:]), lemma])
                for k in range(len(mods), 0, -1)] + [lemma]
        for key in keys:
            if key in GENERIC_EQUIPMENT:
                modifiers = mods[len(mods) - key.count(" "):]
                name = " ".join(t.text for t in [*modifiers, token])
                found.append(Equipment(name=name, cls=GENERIC_EQUIPMENT[key],
                                       count=_count_for(token)))
                break
    return _dedupe(found)


def _dedupe(items: list[Equipment]) -> list[Equipment]:
    seen: dict[str, Equipment] = {}
    for item in items:
        key = item.entity_id or item.name.lower()
        if key not in seen:
            seen[key] = item
        elif seen[key].count is None:
            seen[key].count = item.count
    return list(seen.values())


def fatalities(sentence, index: MentionIndex) -> int | None:
    """Deaths the sentence states: a number, -1 when stated without one, None when not stated.

    Looks at the words around a killing word: its object or subject ("killing at least 12",
    "12 people were killed", "12 dead") or a vague count ("killing a number of them"). The
    killing words are found by position (`index`), without making a Token of every word.
    """
    lemmas, lowers, doc = index.lemmas, index.lowers, sentence.doc
    for i in range(sentence.start, sentence.end):
        lemma = lemmas[i]
        if lemma not in KILL_WORDS and lowers[i] not in KILL_WORDS:
            continue
        token = doc[i]
        if any(c.dep_ == "neg" for c in token.children):
            continue
        scope = []
        for child in token.children:
            if child.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "nummod", "npadvmod"):
                scope.extend(child.subtree)
        if token.dep_ in ("amod", "acl") or lemma in ("dead", "death", "fatality"):
            scope.extend(token.head.subtree if token.dep_ in ("amod", "acl") else token.subtree)
        if token.dep_ == "acomp":
            for sibling in token.head.children:
                if sibling.dep_ == "nsubj":
                    scope.extend(sibling.subtree)
        numbers = [t for t in scope if t.like_num and t.ent_type_ not in ("DATE", "TIME")]
        if numbers:
            value, _ = number_value(_number_head(numbers[0]))
            if value is not None:
                return int(value)
        return -1
    return None
