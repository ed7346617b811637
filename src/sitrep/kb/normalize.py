"""Name normalisation robust to transliteration and machine-translation noise.

Three levels, from strict to loose:

- `name_key`: the spelling-insensitive form used for exact alias lookup (case, accents,
  punctuation, the Arabic article, "the", doubled letters).
- `phonetic_key`: collapses letters that transliteration systems swap (q/k/g, ou/u, j/dj/zh,
  kh/h, ph/f, e/i, y/i, w/v, ...) and keeps a consonant skeleton, so "Hemeti" and "Hemedti"
  or "Jufrah" and "Al-Jafra" can meet.
- `mt_variants`: keys a machine translation may have produced from a name: an article glued to a
  surname ("the Haftarot"), inflection-like suffixes ("Haftarah", "Haftarot", "Haftarov"),
  names translated as words ("Caliph" for Khalifa).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophe-like characters (ASCII, typographic, Arabic ayn/hamza transliterations).
_APOSTROPHES = "'`\u2018\u2019\u02bc\u02bf\u02be\u00b4\u2032"
# Arabic definite article as transliterated, when written attached with a hyphen or apostrophe
# ("al-Jufra", "ash-Sham", "ad-Dawla") or as a standalone word "al"/"el" ("Al Jufra").
_ATTACHED_ARTICLE = re.compile(
    r"(?<![a-z0-9])(?:al|el|il|ul|as|ash|es|ad|ar|at|az|an|ath|adh|ed|er|et|ez|en|ech)"
    r"[-" + _APOSTROPHES + r"](?=[a-z])"
)
_STANDALONE_ARTICLE = {"al", "el"}
_LEADING_ENGLISH_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_DOUBLED = re.compile(r"([a-z])\1+")
# Compiled once: `re.sub` with a pattern string looks the compiled pattern up on every call,
# and a new name goes through some twenty of them (about a tenth of entity resolution).
_POSSESSIVE = re.compile(r"[" + _APOSTROPHES + r"]s\b")
_WAL = re.compile(r"\bwal[-" + _APOSTROPHES + r"]")
_APOSTROPHE = re.compile(r"[" + _APOSTROPHES + r"]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_LETTER = re.compile(r"[^A-Za-z]")


def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Case-, accent-, punctuation- and article-insensitive form of a name.

    "Al-Jufra", "al Jufra" and "Jufra" share a key; so do "Gaddafi" and "Gadafi",
    "the Wagner Group" and "Wagner group". Possessive "'s" is dropped.
    """
    text = strip_accents(text).lower().strip()
    text = _POSSESSIVE.sub("", text)
    text = _WAL.sub("wa ", text)  # "wal-Muslimin" = "wa al-Muslimin"
    text = _ATTACHED_ARTICLE.sub("", text)
    text = _APOSTROPHE.sub("", text)
    text = _NOT_ALNUM.sub(" ", text).strip()
    text = _LEADING_ENGLISH_ARTICLE.sub("", text)
    tokens = [t for t in text.split() if t not in _STANDALONE_ARTICLE] or text.split()
    return " ".join(_DOUBLED.sub(r"\1", t) for t in tokens)


# Transliteration-equivalent letter groups, applied in order on each token (longest first).
_PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    (r"dzh|dj|zh|dz", "j"),
    (r"tch|tsch|ch|sch|sh", "s"),
    (r"kh|gh|ch", "h"),
    (r"ph", "f"),
    (r"th|dh", "t"),
    (r"ck|q|c(?=[aou])|c$|g|k", "k"),
    (r"c", "s"),
    (r"z", "s"),
    (r"w", "v"),
    (r"y", "i"),
    (r"d", "t"),
    (r"b", "p"),
    (r"x", "ks"),
)
_PHONETIC_PATTERNS = tuple((re.compile(pattern), repl) for pattern, repl in _PHONETIC_RULES)
_VOWELS = re.compile(r"[aeiou]+")
# A final -h after a vowel is a transliteration of ta marbuta ("Jufrah" = "Jufra").
_FINAL_H = re.compile(r"(?<=[aeiou])h$")


def _phonetic_letters(token: str) -> str:
    """One word with its transliteration-equivalent letters merged."""
    for pattern, repl in _PHONETIC_PATTERNS:
        token = pattern.sub(repl, token)
    return _FINAL_H.sub("", token)


@lru_cache(maxsize=65536)
def phonetic_key(text: str) -> str:
    """A loose key: transliteration-equivalent letters merged, vowels dropped after the first.

    "Hemeti" ~ "Hemiti"; "Jufrah" ~ "Jafra"; "Ansarullah" ~ "Ansar Allah" (spaces ignored).
    """
    # Letters are merged word by word: joined first, "Mohammed al-Haddad" would read "dh" across
    # the break as one sound and lose most of "Haddad".
    # Word breaks vary ("Ansarullah" / "Ansar Allah"), so the words are then keyed as one string.
    joined = "".join(_phonetic_letters(t) for t in name_key(text).split())
    head, rest = joined[:1], joined[1:]
    # Vowels vary freely across transliterations; only the first letter keeps its vowel-ness.
    head = "a" if head in "aeiou" else head
    rest = _VOWELS.sub("", rest)
    return _DOUBLED.sub(r"\1", head + rest)


# Endings a machine translation (often via Russian or Hebrew) glues onto a transliterated name.
MT_SUFFIXES = ("ot", "ah", "ov", "ova", "om", "ym", "u", "a", "e", "y", "s")
# Names that a translation rendered as the common word they also mean.
TRANSLATED_NAMES = {
    "caliph": "khalifa",
    "khalif": "khalifa",
    "calif": "khalifa",
}
_MIN_STEM = 4


def strip_mt_suffix(token: str) -> list[str]:
    """Stems of `token` with one machine-translation ending removed (may be empty)."""
    stems = []
    for suffix in MT_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= _MIN_STEM:
            stems.append(token[: -len(suffix)])
    return stems


def mt_variants(text: str) -> list[str]:
    """Name keys a machine-translated `text` may stand for, beyond its own `name_key`.

    "Khalifa the Haftarot" -> "khalifa haftar", "haftar", ...; "Caliph Haftarot" ->
    "khalifa haftar"; "the Haftarah" -> "haftar". Ordered from most to least specific.
    """
    tokens = name_key(text).split()
    # A "the" inside a name is an article the translation inserted ("Khalifa the Haftarot").
    tokens = [TRANSLATED_NAMES.get(t, t) for t in tokens if t not in {"the", "of"}]
    if not tokens:
        return []
    variants: list[str] = [" ".join(tokens)]
    last = tokens[-1]
    for stem in strip_mt_suffix(last):
        variants.append(" ".join([*tokens[:-1], stem]))
    out: list[str] = []
    for v in variants:
        if v and v not in out and v != name_key(text):
            out.append(v)
    return out


# Shortest one-word name matched or indexed as a word (shorter ones only as exact acronyms).
MIN_SINGLE_WORD = 4


def plural_name(name: str) -> str | None:
    """"Su-24" -> "Su-24s", "Wing Loong" -> "Wing Loongs": how reports count aircraft and
    tanks. None where adding "s" would not make the plural (a name ending in s, x, z, ch, sh
    or y, or in a mark) or would make a word of a name too short to match ("Tor" -> "Tors")."""
    words = name.split()
    last = words[-1] if words else ""
    if not last or not last[-1].isalnum() or last[-1].lower() in "sxzy" \
            or last.lower().endswith(("ch", "sh")):
        return None
    if len(words) == 1 and len(last) < MIN_SINGLE_WORD and not any(c.isdigit() for c in last):
        return None
    return name.strip() + "s"


def is_acronym(text: str) -> bool:
    """Short all-caps names ("HTS", "LNA", "IS") that must be matched case-sensitively."""
    letters = _NOT_LETTER.sub("", text)
    return 0 < len(letters) <= 5 and letters.isupper() and " " not in text.strip()


# Words that precede a name without being part of it ("retired Major General Khalifa Haftar",
# "the Russian Wagner company"). Demonyms are stripped by the resolver, which knows them.
TITLE_WORDS = frozenset("""
retired former late acting deputy vice general major lieutenant lt gen maj col colonel brigadier
marshal field commander president prime minister foreign defence defense interior secretary
spokesman spokesperson chief leader head mr mrs ms dr sheikh shaykh emir amir sultan king prince
crown senator ambassador envoy admiral captain sergeant warlord strongman militia the of
""".split())
# Generic trailing words of organisation names in translated text ("the Wagner company").
TRAILING_GENERIC = frozenset({"company", "group", "organisation", "organization", "movement",
                              "pmc", "outfit"})


def core_name(key: str, extra_prefixes: frozenset[str] | set[str] = frozenset()) -> str:
    """`key` (a name_key) without leading titles/demonyms and trailing generic words."""
    tokens = key.split()
    while len(tokens) > 1 and (tokens[0] in TITLE_WORDS or tokens[0] in extra_prefixes):
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in TRAILING_GENERIC:
        tokens.pop()
    return " ".join(tokens)


_ARTICLE_WORDS = frozenset({"the", "a", "an"})


def written_as_phrase(alias: str, surface: str, capitalised_words: frozenset[str] | set[str]
                      ) -> bool:
    """`surface` writes the capitalised name `alias` as an ordinary phrase, not as the name:
    a word the alias capitalises is in lower case right before a word that English capitalises
    in any phrase (a demonym, in `capitalised_words`, lower case) written capitalised: an
    adjective of the demonym's phrase. "a new Syrian army" is not the New Syrian Army.

    Case alone cannot tell: machine translation lowers the later words of names ("RAS lanuf",
    "the Libyan national army"), and a description may be the name ("the government of Saudi
    Arabia"); only a lower-case adjective before a correctly capitalised demonym shows that
    the writer used case and chose an ordinary word. Aliases the knowledge base writes with
    that word in lower case ("occupied Palestinian territories") match as written.
    """
    alias_words = [w for w in alias.split() if w.lower() not in _ARTICLE_WORDS]
    words = [w for w in surface.split() if w.lower() not in _ARTICLE_WORDS]
    if len(alias_words) != len(words):
        return False
    for alias_word, word, after in zip(alias_words, words, words[1:]):
        if alias_word[:1].isupper() and word.islower() and after[:1].isupper() and \
                name_key(after) in capitalised_words:
            return True
    return False


_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


def without_qualifier(name: str) -> str:
    """A knowledge-base name less the qualifier in brackets at its end: "The Tiger (Syria)" ->
    "The Tiger", "Syrian army (Assad era)" -> "Syrian army"."""
    return _QUALIFIER.sub("", name).strip()
