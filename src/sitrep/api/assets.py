"""Browser assets from the npm registry (pinned by package-lock.json), served offline.

`npm ci` puts them in node_modules/ at the repository root; the app serves a few folders of
them under /assets/<name>/. $SITREP_ASSETS_DIR points at another node_modules folder.
"""

from __future__ import annotations

import os
from pathlib import Path

# URL name -> folder inside node_modules. Only these folders are served, never all of node_modules.
ASSET_FOLDERS = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "topojson-client": "topojson-client/dist",
    "world-atlas": "world-atlas",
    "swagger-ui": "swagger-ui-dist",
}
# What the map cannot work without; its absence is shown on the page with the fix.
MAP_ASSETS = ("leaflet/leaflet.js", "markercluster/leaflet.markercluster.js",
              "topojson-client/topojson-client.min.js", "world-atlas/countries-110m.json")


def node_modules_dir() -> Path | None:
    """The node_modules folder holding the assets, or None when `npm ci` has not run."""
    candidates = []
    if os.environ.get("SITREP_ASSETS_DIR"):
        candidates.append(Path(os.environ["SITREP_ASSETS_DIR"]))
    candidates += [Path(__file__).resolve().parents[3] / "node_modules",
                   Path.cwd() / "node_modules"]
    for path in candidates:
        if (path / "leaflet").is_dir():
            return path
    return None


def asset_dirs(root: Path | None) -> dict[str, Path]:
    if root is None:
        return {}
    return {name: root / folder for name, folder in ASSET_FOLDERS.items()
            if (root / folder).is_dir()}


def missing_map_assets(dirs: dict[str, Path]) -> list[str]:
    missing = []
    for asset in MAP_ASSETS:
        name, _, rest = asset.partition("/")
        if name not in dirs or not (dirs[name] / rest).is_file():
            missing.append(asset)
    return missing
