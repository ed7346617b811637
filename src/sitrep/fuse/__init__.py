"""Stage: fuse. Cross-document event coreference into stories; corroboration; denials.

Two event mentions from different documents report one real-world event when they have the
same PLOVER type, compatible dates and places, and share at least one participant (actor,
recipient, equipment or place). Mentions are linked by union-find, so a story can gather a
chain of reports. Denials (REJECT mentions that deny a claim) become contradictions of the
story of the claim they deny.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ..geo.distance import distance_km
from ..records import EventMention, Story, short_hash

MAX_DAYS_APART = 7  # reports of one event rarely date it more than a week apart
MAX_KM_APART = 60.0  # beyond this, two located mentions are different events
MIN_SHARED = 1  # participants two mentions must share


def fuse_events(events: Iterable[EventMention],
                documents: dict[str, dict[str, Any]] | None = None) -> list[Story]:
    """Group event mentions into stories (every mention belongs to exactly one)."""
    events = list(events)
    documents = documents or {}
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Two mentions can only be one event if they share a participant, so candidate pairs come
    # from an index by (type, participant) rather than from every pair of a type (quadratic in
    # the archive).
    by_participant: dict[tuple[str, str], list[int]] = {}
    for i, event in enumerate(events):
        if not (event.negated or event.hypothetical):
            for pid in participants(event):
                by_participant.setdefault((event.plover_type, pid), []).append(i)
    tried: set[tuple[int, int]] = set()
    for indices in by_participant.values():
        for a_pos, a in enumerate(indices):
            for b in indices[a_pos + 1:]:
                if (a, b) in tried or events[a].doc_id == events[b].doc_id:
                    continue
                tried.add((a, b))
                if same_event(events[a], events[b]):
                    parent[find(a)] = find(b)

    groups: dict[int, list[int]] = {}
    for i in range(len(events)):
        groups.setdefault(find(i), []).append(i)
    story_of: dict[str, str] = {}
    stories: list[Story] = []
    for members in groups.values():
        group = [events[i] for i in members]
        story = _story(group, documents)
        stories.append(story)
        for event in group:
            story_of[event.id] = story.id
    by_id = {s.id: s for s in stories}
    for denial, claim in denial_links(events):
        if claim.id in story_of:
            by_id[story_of[claim.id]].contradictions.append(
                {"denial": denial.id, "claim": claim.id,
                 "source": denial.attribution.source or ""})
    return stories


def denial_links(events: list[EventMention]) -> list[tuple[EventMention, EventMention]]:
    """(denial, claim) pairs: what each denial contradicts.

    Within a report the extractor links a REJECT to the claim it denies (`denies`). Across
    reports, a REJECT is linked to the claim of another report, within the date window, that
    shares the most specific participants with it (not countries: "Libya" is in every report).
    A mention reported with a denied stance ("X denied attacking Y") contradicts the other
    mentions of its story, which `_story` records.
    """
    by_id = {e.id: e for e in events}
    claims_by_participant: dict[str, list[EventMention]] = {}
    for claim in events:
        for pid in specific_participants(claim):
            claims_by_participant.setdefault(pid, []).append(claim)
    links: list[tuple[EventMention, EventMention]] = []
    for event in events:
        if event.denies and event.denies in by_id:
            links.append((event, by_id[event.denies]))
            continue
        if event.plover_type != "REJECT":
            continue
        wanted = specific_participants(event)
        best, best_shared = None, 0
        candidates = {c.id: c for pid in wanted for c in claims_by_participant.get(pid, ())}
        for _, claim in sorted(candidates.items()):
            if (claim.doc_id == event.doc_id or claim.plover_type not in CLAIMABLE
                    or claim.negated or claim.attribution.stance == "denied"):
                continue
            days = _days_apart(event.date, claim.date)
            if days is not None and days > MAX_DAYS_APART:
                continue
            shared = len(wanted & specific_participants(claim))
            if shared > best_shared:
                best, best_shared = claim, shared
        if best is not None:
            links.append((event, best))
    return links


# Event types whose reports a denial can contradict (claims of something done).
CLAIMABLE = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID", "RETREAT", "SANCTION",
                       "COOPERATE", "PROTEST", "THREATEN", "ACCUSE"})


def specific_participants(event: EventMention) -> set[str]:
    """Participants below country level: named actors, equipment, exact or near places."""
    ids = {r.entity_id for r in event.actors + event.recipients
           if r.entity_id and r.type not in ("GPE", "NORP")}
    ids |= {e.entity_id for e in event.equipment if e.entity_id}
    loc = event.location
    if loc and loc.entity_id and loc.geo_precision in (1, 2):
        ids.add(loc.entity_id)
    return ids


def same_event(a: EventMention, b: EventMention) -> bool:
    if a.plover_mode and b.plover_mode and a.plover_mode != b.plover_mode:
        return False
    days = _days_apart(a.date, b.date)
    if days is not None and days > MAX_DAYS_APART:
        return False
    km = _km_apart(a, b)
    if km is not None and km > MAX_KM_APART:
        return False
    return len(participants(a) & participants(b)) >= MIN_SHARED


def participants(event: EventMention) -> set[str]:
    ids = {r.entity_id for r in event.actors + event.recipients if r.entity_id}
    ids |= {e.entity_id for e in event.equipment if e.entity_id}
    if event.location and event.location.entity_id:
        ids.add(event.location.entity_id)
    return ids


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _km_apart(a: EventMention, b: EventMention) -> float | None:
    la, lb = a.location, b.location
    if not la or not lb or la.lat is None or lb.lat is None:
        return None
    return distance_km(la.lat, la.lon, lb.lat, lb.lon)


def _story(group: list[EventMention], documents: dict[str, dict[str, Any]]) -> Story:
    ids = sorted(e.id for e in group)
    published = sorted(p for e in group if (p := documents.get(e.doc_id, {}).get("published")))
    outlets = set()
    for event in group:
        meta = documents.get(event.doc_id, {})
        if meta.get("duplicate_of"):  # a syndicated copy corroborates nothing new
            continue
        outlets.add(meta.get("outlet") or event.doc_id)
    sources = {e.attribution.source for e in group if e.attribution.source}
    denied = [e for e in group if e.attribution.stance == "denied"]
    claimed = sorted((e for e in group if e.attribution.stance != "denied"), key=lambda e: e.id)
    contradictions = [{"denial": d.id, "claim": claimed[0].id,
                       "source": d.attribution.source or ""} for d in denied if claimed]
    return Story(id="st:" + short_hash(*ids), event_ids=ids, plover_type=group[0].plover_type,
                 first_reported=published[0] if published else None,
                 last_reported=published[-1] if published else None,
                 outlets=sorted(outlets), sources=sorted(sources),
                 contradictions=contradictions)


def refuse_store(store) -> int:
    """Recompute every story in the store from its event mentions."""
    stories = fuse_events(store.all_events(), store.document_meta())
    return store.save_stories(stories)


__all__ = ["denial_links", "fuse_events", "refuse_store", "same_event"]
