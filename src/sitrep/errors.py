"""All of Sitrep's errors in one place: one base class, one message per reason.

A rejected input always gets a reason the user can read, naming the file (and line).
"""

from __future__ import annotations


class SitrepError(Exception):
    """Base class of every error Sitrep raises on purpose."""


class InputError(SitrepError):
    """An input that cannot be ingested. `where` names the file (and line, if any)."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class ConfigError(SitrepError):
    """A setting, a model name or a knowledge-base file that cannot be used."""


class StoreError(SitrepError):
    """The store cannot be opened or written."""


# Reasons, worded once so the CLI, the API and the tests agree.
EMPTY = "empty text: nothing to analyse"
BINARY = "binary file, not text (found NUL bytes)"
BAD_UTF8 = "not valid UTF-8 text ({detail})"
TOO_LARGE = "file is {size} bytes, over the {limit}-byte limit (raise it with --max-bytes)"
BAD_JSON_LINE = "malformed JSON ({detail})"
JSON_NOT_OBJECT = "a JSON line must be an object with a \"text\" field"
JSON_NO_TEXT = "JSON object has no non-empty \"text\" field"
BAD_META = "sidecar metadata {path} is not a JSON object ({detail})"
UNSUPPORTED = "unsupported file type {suffix!r} (use .txt, .md, .html, .htm, .jsonl, .json, .xml, .rss, .atom)"
NOT_FOUND = "no such file or folder"
BAD_HTML = "no main text could be extracted from the HTML"
BAD_FEED = "not a readable RSS/Atom feed ({detail})"
BAD_DATE = "published date {value!r} is not a date (use YYYY-MM-DD)"
