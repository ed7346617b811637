"""The JSON API under /api: documents, entities, events, stories, search, facets, ingest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, field_validator

from ..records import STANCES
from ..store import Store
from . import queries
from .ingest import ingest_report
from .security import require_read_token, require_write_token

MAX_PAGE = 1000  # documents and entities per page
MAX_EVENTS_PAGE = 5000  # the map loads every matching event at once; a country desk fits

Stance = Literal["asserted", "claimed", "confirmed", "denied", "unconfirmed"]
assert set(Stance.__args__) == set(STANCES)  # type: ignore[attr-defined]


def open_store(request: Request) -> Iterator[Store]:
    """One store connection per request (SQLite connections are cheap; WAL lets readers run)."""
    store = Store(request.app.state.db)
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(open_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]

router = APIRouter(prefix="/api", dependencies=[Depends(require_read_token)])


class EventFilters(BaseModel):
    """Filters shared by the event list, its count and the timeline."""

    type: str | None = Field(None, description="PLOVER type(s), comma-separated: ASSAULT,MOBILIZE")
    mode: str | None = Field(None, description="PLOVER mode, e.g. aerial")
    actor: str | None = Field(None, description="Actor or recipient: entity id or name")
    place: str | None = Field(None, description="Place: entity id or name")
    entity: str | None = Field(None, description="Any role: entity id or name")
    since: str | None = Field(None, description="On or after this date (YYYY-MM-DD)",
                              pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    until: str | None = Field(None, description="On or before this date (YYYY-MM-DD)",
                              pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    stance: Stance | None = None
    outlet: str | None = None
    doc_id: str | None = None
    story_id: str | None = None
    q: str | None = Field(None, description="Words in the evidence sentence")
    include_flagged: bool = Field(True, description="Include negated, hypothetical, historical")

    def as_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v not in (None, "")}


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def not_found(kind: str, ident: str) -> HTTPException:
    return HTTPException(404, f"no {kind} with id {ident!r}")


# -- documents -----------------------------------------------------------------------------


@router.get("/documents", summary="List documents, newest first")
def list_documents(store: StoreDep, limit: Limit = 50, offset: Offset = 0,
                   outlet: str | None = None,
                   q: Annotated[str | None, Query(description="Full-text words")] = None
                   ) -> dict[str, Any]:
    items = store.documents(limit=limit, offset=offset, outlet=outlet, q=q)
    return page(items, store.count_documents(outlet, q), limit, offset)


@router.get("/documents/{doc_id}", summary="One document with its text, mentions and events")
def get_document(doc_id: str, store: StoreDep) -> dict[str, Any]:
    doc = store.document(doc_id)
    if doc is None:
        raise not_found("document", doc_id)
    return doc


class ReportIn(BaseModel):
    """A report to ingest."""

    text: str = Field(..., description="The report's text")
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="Publication date, e.g. 2020-07-06")
    language: str | None = Field(None, description="Language code; detected when absent")

    @field_validator("text")
    @classmethod
    def text_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value

    @field_validator("published")
    @classmethod
    def published_is_a_date(cls, value: str | None) -> str | None:
        from ..ingest.readers import normalize_date

        if value is None or not value.strip():
            return None
        try:
            return normalize_date(value)
        except ValueError:
            raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


@router.post("/documents", summary="Ingest a report (needs the API token)",
             dependencies=[Depends(require_write_token)], status_code=201,
             responses={200: {"description": "Already stored: skipped"},
                        401: {"description": "Missing or wrong token"},
                        403: {"description": "No API token configured"}})
def post_document(report: ReportIn, request: Request, store: StoreDep) -> JSONResponse:
    status, body = ingest_report(request.app, store, report.model_dump())
    return JSONResponse(body, status_code=status)


# -- entities ------------------------------------------------------------------------------


@router.get("/entities", summary="Canonical entities with their surface forms")
def list_entities(store: StoreDep, limit: Limit = 50, offset: Offset = 0,
                  type: Annotated[str | None, Query(description="PERSON, ORG, GPE, ...")] = None,
                  q: Annotated[str | None, Query(description="Name or alias contains")] = None
                  ) -> dict[str, Any]:
    items = store.entities(type=type, q=q, limit=limit, offset=offset)
    return page(items, store.count_entities(type, q), limit, offset)


@router.get("/entities/{entity_id:path}", summary="One entity: aliases, documents, events")
def get_entity(entity_id: str, store: StoreDep,
               events_limit: Annotated[int, Query(ge=0, le=MAX_EVENTS_PAGE)] = 500
               ) -> dict[str, Any]:
    entity = store.entity(entity_id)
    if entity is None:
        raise not_found("entity", entity_id)
    entity["events"] = queries.entity_events(store, entity["id"], limit=events_limit)
    return entity


# -- events and stories --------------------------------------------------------------------


@router.get("/events", summary="Event mentions, filtered; newest first")
def list_events(store: StoreDep, filters: Annotated[EventFilters, Query()],
                limit: Annotated[int, Query(ge=1, le=MAX_EVENTS_PAGE)] = 100,
                offset: Offset = 0) -> dict[str, Any]:
    kwargs = filters.as_kwargs()
    items = store.events(**kwargs, limit=limit, offset=offset)
    return page(items, store.count_events(**kwargs), limit, offset)


@router.get("/events/{event_id}", summary="One event mention")
def get_event(event_id: str, store: StoreDep) -> dict[str, Any]:
    event = store.event(event_id)
    if event is None:
        raise not_found("event", event_id)
    return event


@router.get("/timeline", summary="Events per day under the event filters")
def timeline(store: StoreDep, filters: Annotated[EventFilters, Query()]) -> dict[str, Any]:
    return {"days": queries.event_dates(store, **filters.as_kwargs())}


@router.get("/stories", summary="Stories: the mentions across documents of one event")
def list_stories(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page(queries.stories_page(store, limit, offset), queries.count_stories(store),
                limit, offset)


@router.get("/stories/{story_id}", summary="One story with its event mentions")
def get_story(story_id: str, store: StoreDep) -> dict[str, Any]:
    found = queries.story(store, story_id)
    if found is None:
        raise not_found("story", story_id)
    found["events"] = store.events(story_id=story_id)
    return found


# -- search and facets ---------------------------------------------------------------------


@router.get("/search", summary="Full-text search over documents and evidence sentences")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, description="Words")],
           limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    hits = store.search(q, limit=limit)
    entities = store.entities(q=q, limit=limit)
    return {"query": q, "hits": hits, "entities": entities}


@router.get("/facets", summary="Values to filter on: types, stances, outlets, dates")
def facets(store: StoreDep) -> dict[str, Any]:
    return store.facets() | {"entity_types": queries.entity_types(store)}


@router.get("/counts", summary="How many documents, entities, mentions, events, stories")
def counts(store: StoreDep) -> dict[str, int]:
    return store.counts()
