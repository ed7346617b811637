"""Import a full GeoNames dump (allCountries.txt, a country file such as LY.txt, or their .zip)
into the user's gazetteer database, streaming line by line.

GeoNames dump columns (tab-separated): geonameid, name, asciiname, alternatenames (comma-
separated), latitude, longitude, feature class, feature code, country code, cc2, admin1,
admin2, admin3, admin4, population, elevation, dem, timezone, modification date.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .build import IndexWriter
from .gazetteer import ensure_user_db

# Feature classes worth resolving text to: administrative (A), populated (P), spots and
# buildings (S: bases, airports, ports), hydrographic (H), terrain (T), areas (L), roads (R),
# undersea (U), vegetation (V).
FEATURE_CLASSES = {"A", "P", "S", "H", "T", "L", "R", "U", "V"}
BATCH = 5_000


def feature_kind(fclass: str, fcode: str) -> str:
    if fclass == "A":
        if fcode.startswith("PCL"):
            return "country"
        if fcode == "ADM1":
            return "adm1"
        if fcode == "ADM2":
            return "adm2"
        return "other"
    if fclass == "P":
        return "city"
    if fclass == "S":
        return "facility"
    return "other"


@contextmanager
def _open_lines(path: Path) -> Iterator[Iterator[str]]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist()
                       if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not members:
                raise ValueError(f"{path}: no GeoNames .txt file inside")
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            yield handle


def import_geonames(path: Path | str, db_path: Path | None = None) -> dict[str, int]:
    """Stream a GeoNames dump into the user database; returns counts (imported, skipped).

    Places already imported (same GeoNames id) are replaced, so re-importing is safe.
    """
    path = Path(path)
    db_path = db_path or ensure_user_db()
    conn = sqlite3.connect(db_path)
    writer = IndexWriter(conn)
    imported = skipped = 0
    with _open_lines(path) as lines:
        for line in lines:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15 or cols[6] not in FEATURE_CLASSES:
                skipped += 1
                continue
            try:
                lat, lon = float(cols[4]), float(cols[5])
                population = int(cols[14] or 0)
            except ValueError:
                skipped += 1
                continue
            old = conn.execute("SELECT rid FROM places WHERE gid = ?", (cols[0],)).fetchall()
            for (rid,) in old:
                conn.execute("DELETE FROM names WHERE rid = ?", (rid,))
                conn.execute("DELETE FROM places WHERE rid = ?", (rid,))
            alternates = [cols[2], *[a for a in cols[3].split(",") if a]]
            writer.add(cols[0], cols[1], lat, lon, cols[8] or None, cols[10] or None,
                       feature_kind(cols[6], cols[7]), cols[7] or None, population, alternates)
            imported += 1
            if imported % BATCH == 0:
                writer.flush()
                conn.commit()
    writer.flush()
    conn.commit()
    conn.close()
    return {"imported": imported, "skipped": skipped}
