"""`sitrep gazetteer import`: a GeoNames dump (plain or zipped) streams into the gazetteer."""

from __future__ import annotations

import sqlite3
import zipfile

from click.testing import CliRunner

from sitrep.geo.build import SCHEMA
from sitrep.geo.gazetteer import Gazetteer, ensure_index
from sitrep.geo.importer import import_geonames

# Invented places in the GeoNames dump format (19 tab-separated columns).
SAMPLE = [
    ["9990001", "Qasr Testiyah", "Qasr Testiyah", "Qasr at-Testiyah,Kasr Testia", "29.5",
     "17.25", "P", "PPL", "LY", "", "64", "", "", "", "1200", "", "300", "Africa/Tripoli",
     "2020-01-01"],
    ["9990002", "Wadi Exemplar Airfield", "Wadi Exemplar Airfield", "Exemplar airstrip",
     "28.75", "15.5", "S", "AIRF", "LY", "", "64", "", "", "", "0", "", "400", "Africa/Tripoli",
     "2020-01-01"],
    ["9990003", "Mount Ignored", "Mount Ignored", "", "28.0", "15.0", "X", "XXX", "LY", "",
     "", "", "", "", "0", "", "", "", "2020-01-01"],
]


def write_sample(path) -> None:
    path.write_text("\n".join("\t".join(row) for row in SAMPLE) + "\n", encoding="utf-8")


def test_import_plain_dump(tmp_path):
    dump = tmp_path / "LY.txt"
    write_sample(dump)
    db = tmp_path / "user.sqlite"
    sqlite3.connect(db).executescript(SCHEMA)
    counts = import_geonames(dump, db)
    assert counts == {"imported": 2, "skipped": 1}
    gaz = Gazetteer(ensure_index(), user_path=db)
    found = gaz.candidates("Kasr Testia")
    assert [c.place.gazetteer_id for c in found] == ["9990001"]
    assert found[0].place.lat == 29.5 and found[0].feature == "city"
    airfield = gaz.candidates("Exemplar airstrip")
    assert airfield and airfield[0].feature == "facility"
    # Re-importing replaces rather than duplicates.
    import_geonames(dump, db)
    assert len(Gazetteer(ensure_index(), user_path=db).candidates("Qasr Testiyah")) == 1


def test_import_command_with_zip(tmp_path, monkeypatch):
    dump = tmp_path / "LY.txt"
    write_sample(dump)
    archive = tmp_path / "LY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(dump, "LY.txt")
        zf.writestr("readme.txt", "not data")
    monkeypatch.setenv("SITREP_CACHE", str(tmp_path / "cache"))
    from sitrep.cli import cli

    result = CliRunner().invoke(cli, ["gazetteer", "import", str(archive)])
    assert result.exit_code == 0, result.output
    assert "imported 2 places" in result.output
    assert (tmp_path / "cache" / "gazetteer-user.sqlite").exists()
