"""Highlighted document text built safely: the text is sliced at span boundaries in Python and
every piece is escaped, so nothing in an article can become markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset({"a", "mark", "span"})


@dataclass
class Span:
    """A range of the text to wrap in `tag` with `attrs` (values escaped on output)."""

    start: int
    end: int
    tag: str = "span"
    attrs: dict[str, str] = field(default_factory=dict)
    priority: int = 0  # lower opens first (outermost) when two spans start together


def highlight(text: str, spans: list[Span]) -> Markup:
    """HTML of `text` with each span wrapped in its tag.

    Spans nest: one that contains another stays one element; where two spans cross, the one
    opened later is closed and reopened around the other's end (so it becomes two pieces).
    """
    size = len(text)
    spans = [s for s in spans if s.tag in ALLOWED_TAGS and 0 <= s.start < s.end <= size]
    spans = _without_nested_links(spans)
    starts: dict[int, list[Span]] = {}
    for span in spans:
        starts.setdefault(span.start, []).append(span)
    bounds = sorted({0, size, *(s.start for s in spans), *(s.end for s in spans)})
    emitted_ids: set[str] = set()
    stack: list[Span] = []
    out: list[str] = []
    for pos, following in zip(bounds, [*bounds[1:], size], strict=True):
        reopen: list[Span] = []
        while any(s.end == pos for s in stack):
            span = stack.pop()
            out.append(f"</{span.tag}>")
            if span.end != pos:
                reopen.append(span)
        for span in [*reversed(reopen),
                     *sorted(starts.get(pos, []), key=lambda s: (-s.end, s.priority))]:
            out.append(_open_tag(span, emitted_ids))
            stack.append(span)
        out.append(str(escape(text[pos:following])))
    out.extend(f"</{span.tag}>" for span in reversed(stack))
    return Markup("".join(out))


def _open_tag(span: Span, emitted_ids: set[str]) -> str:
    parts = [span.tag]
    for name, value in span.attrs.items():
        if name == "id":  # an id names one element: only the first piece of a split span
            if value in emitted_ids:
                continue
            emitted_ids.add(value)
        parts.append(f'{name}="{escape(value)}"')
    return "<" + " ".join(parts) + ">"


def _without_nested_links(spans: list[Span]) -> list[Span]:
    """Links may not nest: of overlapping link spans keep the earliest, then longest."""
    kept: list[Span] = []
    last_end = -1
    links = sorted((s for s in spans if s.tag == "a"), key=lambda s: (s.start, -s.end))
    for span in links:
        if span.start >= last_end:
            kept.append(span)
            last_end = span.end
    return [s for s in spans if s.tag != "a"] + kept


def entity_url(entity_id: str) -> str:
    return "/entities/" + quote(entity_id, safe=":")


def event_url(event_id: str) -> str:
    return "/events/" + quote(event_id, safe=":")


def mention_spans(mentions: list[dict]) -> list[Span]:
    """Entity mentions coloured by label; linked to the entity page when resolved."""
    spans = []
    for m in mentions:
        label = str(m.get("label") or "")
        attrs = {"class": f"m m-{label}", "title": label + (
            f" · {m['entity_name']}" if m.get("entity_name") else "")}
        if m.get("entity_id"):
            spans.append(Span(m["start"], m["end"], "a",
                              {"href": entity_url(m["entity_id"]), **attrs}, priority=2))
        else:
            spans.append(Span(m["start"], m["end"], "span", attrs, priority=2))
    return spans


def evidence_spans(events: list[dict], current: str | None = None) -> list[Span]:
    """Event evidence sentences; the `current` event's one is marked out and given an anchor."""
    spans = []
    for event in events:
        ev = event.get("evidence") or {}
        if ev.get("start") is None or ev.get("end") is None:
            continue
        is_current = event.get("id") == current
        attrs = {"class": "evidence current" if is_current else "evidence",
                 "data-event": str(event.get("id") or ""),
                 "title": f"{event.get('plover_type')} event"}
        if is_current:
            attrs["id"] = "evidence"
        spans.append(Span(ev["start"], ev["end"], "mark", attrs, priority=0 if is_current else 1))
    return spans
