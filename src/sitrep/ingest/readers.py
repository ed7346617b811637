"""Read reports from files, folders, JSON lines, HTML pages, feeds and URLs.

Each reader yields `Document` or `InputError`: one bad input never stops the others, and every
rejection names the file (and line) and the reason.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .. import errors
from ..config import MAX_INPUT_BYTES
from ..errors import InputError
from ..records import Document, normalize_text

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
META_FIELDS = ("outlet", "url", "title", "published", "language")
SIDECAR_SUFFIX = ".meta.json"

Result = Document | InputError


def read_paths(
    paths: Iterable[str | os.PathLike[str]],
    meta: dict[str, Any] | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Iterator[Result]:
    """Every report under `paths` (files, folders walked in sorted order, or http(s) URLs).

    `meta` (outlet, url, title, published, language) fills fields the input itself lacks.
    """
    for raw in paths:
        target = str(raw)
        if target.startswith(("http://", "https://")):
            yield from read_url(target, meta)
            continue
        path = Path(target)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _is_report_file(child):
                    yield from read_file(child, meta, max_bytes)
        elif path.is_file():
            yield from read_file(path, meta, max_bytes)
        else:
            yield InputError(target, errors.NOT_FOUND)


def _is_report_file(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.endswith(SIDECAR_SUFFIX) or name.lower() == "readme.md":
        return False
    return path.suffix.lower() in SUPPORTED


def read_file(path: Path, meta: dict[str, Any] | None = None,
              max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Result]:
    """The documents in one file, by its suffix."""
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield InputError(where, errors.UNSUPPORTED.format(suffix=suffix or path.name))
        return
    size = path.stat().st_size
    if size > max_bytes:
        yield InputError(where, errors.TOO_LARGE.format(size=size, limit=max_bytes))
        return
    data = path.read_bytes()
    try:
        text = decode(data)
    except ValueError as exc:
        yield InputError(where, str(exc))
        return
    try:
        file_meta = {**(meta or {}), **_read_sidecar(path)}
    except InputError as exc:
        yield exc
        return
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(text, where, file_meta)
    elif suffix in FEED_SUFFIXES:
        yield from parse_feed(text, where, file_meta)
    elif suffix in HTML_SUFFIXES:
        yield _document_or_error(*parse_html(text, where), where=where, meta=file_meta)
    else:
        yield _document_or_error(text, {}, where=where, meta=file_meta)


def decode(data: bytes) -> str:
    """Bytes to text, refusing binary data and invalid UTF-8 with a reason."""
    if b"\x00" in data[:8192]:
        raise ValueError(errors.BINARY)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        detail = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        raise ValueError(errors.BAD_UTF8.format(detail=detail)) from None


def _read_sidecar(path: Path) -> dict[str, Any]:
    sidecar = path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(str(path), errors.BAD_META.format(path=sidecar.name, detail=exc)) from None
    if not isinstance(data, dict):
        raise InputError(str(path), errors.BAD_META.format(path=sidecar.name, detail="not an object"))
    return {k: data[k] for k in META_FIELDS if data.get(k) is not None}


def parse_jsonl(text: str, where: str, meta: dict[str, Any]) -> Iterator[Result]:
    """One report per line: an object with "text" and optional metadata fields.

    A file holding a single JSON object or a JSON list of objects is read too.
    """
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except ValueError as exc:
            yield InputError(where, errors.BAD_JSON_LINE.format(detail=exc))
            return
        lines = [(i + 1, item) for i, item in enumerate(items)]
        label = "item"
    else:
        lines = []
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                lines.append((number, json.loads(line)))
            except ValueError as exc:
                yield InputError(f"{where}:{number}", errors.BAD_JSON_LINE.format(detail=exc))
        label = "line"
    for number, item in lines:
        at = f"{where}:{number}" if label == "line" else f"{where}[{number - 1}]"
        if not isinstance(item, dict):
            yield InputError(at, errors.JSON_NOT_OBJECT)
            continue
        body = item.get("text") or item.get("body") or item.get("content")
        if not isinstance(body, str) or not body.strip():
            yield InputError(at, errors.JSON_NO_TEXT)
            continue
        fields = {k: item[k] for k in META_FIELDS if item.get(k) is not None}
        if "outlet" not in fields and item.get("source"):
            fields["outlet"] = item["source"]
        yield _document_or_error(body, fields, where=at, meta=meta, record_wins=True)


def parse_html(html: str, where: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page (boilerplate, scripts and menus removed)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True) or ""
    found: dict[str, Any] = {}
    try:
        info = trafilatura.extract_metadata(html)
    except Exception:  # malformed pages: metadata is a bonus, the text is what matters
        info = None
    if info is not None:
        for key, attr in (("title", "title"), ("published", "date"), ("outlet", "sitename"),
                          ("url", "url")):
            value = getattr(info, attr, None)
            if value:
                found[key] = value
    if not text.strip():
        text = _fallback_html_text(html)
    return text, found


def _fallback_html_text(html: str) -> str:
    """Paragraph text of a page too short or broken for trafilatura."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception:
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//nav|//footer|//header"):
        bad.drop_tree()
    blocks = [" ".join(el.text_content().split()) for el in tree.xpath("//p|//h1|//h2|//h3|//li")]
    return "\n\n".join(b for b in blocks if b)


def parse_feed(text: str, where: str, meta: dict[str, Any]) -> Iterator[Result]:
    """Each entry of an RSS or Atom feed, its HTML content reduced to text."""
    import feedparser

    feed = feedparser.parse(text)
    if not feed.entries:
        detail = str(feed.get("bozo_exception") or "no entries")
        yield InputError(where, errors.BAD_FEED.format(detail=detail))
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        at = f"{where}#{number}"
        html = ""
        if entry.get("content"):
            html = entry.content[0].get("value", "")
        html = html or entry.get("summary", "")
        body = _fallback_html_text(f"<div>{html}</div>") if "<" in html else html
        fields: dict[str, Any] = {"title": entry.get("title"), "url": entry.get("link"),
                                  "outlet": outlet}
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            fields["published"] = date(*stamp[:3]).isoformat()
        fields = {k: v for k, v in fields.items() if v}
        yield _document_or_error(body, fields, where=at, meta=meta, record_wins=True)


def read_url(url: str, meta: dict[str, Any] | None = None) -> Iterator[Result]:
    """Fetch a page (or feed) and read it like a file."""
    import httpx

    try:
        response = httpx.get(url, follow_redirects=True, timeout=30.0)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        yield InputError(url, f"could not fetch: {exc}")
        return
    kind = response.headers.get("content-type", "")
    try:
        text = decode(response.content)
    except ValueError as exc:
        yield InputError(url, str(exc))
        return
    fields = {"url": url, **(meta or {})}
    if "xml" in kind or "rss" in kind or "atom" in kind:
        yield from parse_feed(text, url, fields)
    elif "html" in kind:
        yield _document_or_error(*parse_html(text, url), where=url, meta=fields)
    else:
        yield _document_or_error(text, {}, where=url, meta=fields)


def _document_or_error(text: str, fields: dict[str, Any], *, where: str,
                       meta: dict[str, Any] | None, record_wins: bool = False) -> Result:
    """A Document from text and metadata.

    `meta` (command-line flags and sidecar) wins over what was extracted from a page; the fields
    of a JSON record or feed entry are per-report, so with `record_wins` they win over `meta`.
    """
    body = normalize_text(text)
    if not body:
        return InputError(where, errors.EMPTY)
    own = {k: v for k, v in fields.items() if v}
    given = {k: v for k, v in (meta or {}).items() if v}
    merged = {**given, **own} if record_wins else {**own, **given}
    published = merged.get("published")
    if published is not None:
        try:
            merged["published"] = normalize_date(published)
        except ValueError:
            return InputError(where, errors.BAD_DATE.format(value=published))
    return Document(text=body, source=where, **{k: merged.get(k) for k in META_FIELDS})


def normalize_date(value: Any) -> str:
    """An ISO date (YYYY-MM-DD) from a date, a datetime, or a date-like string."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, settings={"STRICT_PARSING": True})
    if parsed is None:
        raise ValueError(text)
    return parsed.date().isoformat()
