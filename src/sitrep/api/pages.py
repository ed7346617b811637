"""The analyst's web pages: server-rendered Jinja2 (autoescaped), data for scripts via /api."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from ..store import Store
from . import queries
from .assets import missing_map_assets
from .highlight import entity_url, event_url, evidence_spans, highlight, mention_spans
from .routes import StoreDep, not_found
from .security import TOKEN_COOKIE, require_read_token, token_matches

WEB = Path(__file__).resolve().parent.parent / "web"
PAGE_SIZE = 50
GEO_PRECISION = {1: "exact", 2: "near", 3: "region"}
TIME_PRECISION = {1: "day", 2: "week", 3: "month", 4: "year"}
EVENT_FILTERS = ("type", "actor", "place", "since", "until", "stance", "outlet", "q")
RELATED_PER_ENTITY = 8  # other events listed per participant on an event page


def make_templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(WEB / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(entity_url=entity_url, event_url=event_url)
    env.globals.update(GEO_PRECISION=GEO_PRECISION, TIME_PRECISION=TIME_PRECISION)
    return Jinja2Templates(env=env)


templates = make_templates()
router = APIRouter(dependencies=[Depends(require_read_token)], include_in_schema=False)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def page_links(request: Request, total: int, offset: int, limit: int) -> dict[str, Any]:
    """Previous/next URLs keeping the other query parameters."""
    params = dict(request.query_params)

    def url(new_offset: int) -> str:
        return "?" + urlencode({**params, "offset": new_offset, "limit": limit})

    return {"total": total, "first": offset + 1 if total else 0,
            "last": min(offset + limit, total),
            "prev": url(max(offset - limit, 0)) if offset > 0 else None,
            "next": url(offset + limit) if offset + limit < total else None}


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request, store: StoreDep) -> HTMLResponse:
    filters = {k: request.query_params.get(k, "") for k in EVENT_FILTERS}
    return render(request, "map.html", page="map", filters=filters, facets=store.facets(),
                  counts=store.counts(),
                  missing_assets=missing_map_assets(request.app.state.asset_dirs))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(event_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    event = store.event(event_id)
    if event is None:
        raise not_found("event", event_id)
    doc = store.document(event["doc_id"]) or {}
    text = highlight(doc.get("text", ""),
                     evidence_spans([event], current=event["id"])
                     + mention_spans(doc.get("mentions", [])))
    story = queries.story(store, event["story_id"]) if event.get("story_id") else None
    story_events = ([e for e in store.events(story_id=event["story_id"]) if e["id"] != event["id"]]
                    if story else [])
    return render(request, "event.html", page="event", event=event, doc=doc, text=text,
                  story=story, story_events=story_events,
                  related=related_events(store, event))


def related_events(store: Store, event: dict[str, Any]) -> list[dict[str, Any]]:
    """Per participant of the event, its other events."""
    seen: set[str] = set()
    out = []
    refs = [*event.get("actors", []), *event.get("recipients", [])]
    loc = event.get("location") or {}
    if loc.get("entity_id"):
        refs.append({"entity_id": loc["entity_id"], "name": loc.get("name"), "type": "place"})
    for ref in refs:
        eid = ref.get("entity_id")
        if not eid or eid in seen:
            continue
        seen.add(eid)
        others = queries.entity_events(store, eid, limit=RELATED_PER_ENTITY, exclude=event["id"])
        out.append({"entity": ref, "events": others})
    return out


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, store: StoreDep, type: str | None = None,
                  q: str | None = None, offset: Annotated[int, Query(ge=0)] = 0,
                  limit: Annotated[int, Query(ge=1, le=500)] = PAGE_SIZE) -> HTMLResponse:
    rows = store.entities(type=type or None, q=q or None, limit=limit, offset=offset)
    total = store.count_entities(type or None, q or None)
    return render(request, "entities.html", page="entities", rows=rows, type=type or "",
                  q=q or "", types=queries.entity_types(store),
                  paging=page_links(request, total, offset, limit))


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(entity_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    entity = store.entity(entity_id)
    if entity is None:
        raise not_found("entity", entity_id)
    events = queries.entity_events(store, entity["id"], limit=200)
    docs = [d for d in (store.document(i) for i in entity["documents"][:50]) if d]
    return render(request, "entity.html", page="entity", entity=entity, events=events,
                  docs=docs, missing_assets=missing_map_assets(request.app.state.asset_dirs))


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, store: StoreDep, outlet: str | None = None,
                   q: str | None = None, offset: Annotated[int, Query(ge=0)] = 0,
                   limit: Annotated[int, Query(ge=1, le=500)] = PAGE_SIZE) -> HTMLResponse:
    rows = store.documents(limit=limit, offset=offset, outlet=outlet or None, q=q or None)
    total = store.count_documents(outlet or None, q or None)
    return render(request, "documents.html", page="documents", rows=rows, outlet=outlet or "",
                  q=q or "", outlets=store.facets()["outlets"],
                  paging=page_links(request, total, offset, limit))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(doc_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    doc = store.document(doc_id)
    if doc is None:
        raise not_found("document", doc_id)
    text = highlight(doc["text"], evidence_spans(doc["events"]) + mention_spans(doc["mentions"]))
    labels = sorted({m["label"] for m in doc["mentions"]})
    return render(request, "document.html", page="document", doc=doc, text=text, labels=labels)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: str = "") -> HTMLResponse:
    hits = store.search(q, limit=50) if q.strip() else []
    entities = store.entities(q=q, limit=30) if q.strip() else []
    for hit in hits:
        hit["snippet_parts"] = snippet_parts(hit.get("snippet") or "")
    return render(request, "search.html", page="search", q=q, hits=hits, entities=entities)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """FTS snippets mark matches with [ ]; split into (text, is_match) to render safely."""
    parts: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find("[")
        end = rest.find("]", start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            parts.append((rest, False))
            break
        if start:
            parts.append((rest[:start], False))
        parts.append((rest[start + 1:end], True))
        rest = rest[end + 1:]
    return parts


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI from node_modules (the CDN page FastAPI ships would break the CSP)."""
    return render(request, "docs.html", page="docs",
                  have_swagger="swagger-ui" in request.app.state.asset_dirs)


login_router = APIRouter(include_in_schema=False)


def login_form(request: Request, next_url: str = "/", status_code: int = 200,
               message: str = "") -> HTMLResponse:
    return render(request, "login.html", status_code=status_code, page="login",
                  next_url=next_url, message=message)


def _local(url: str) -> str:
    """Only a path on this site (no scheme, no //host): login must not redirect elsewhere."""
    return url if url.startswith("/") and not url.startswith(("//", "/\\")) else "/"


@login_router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return login_form(request, _local(next))


@login_router.post("/login")
def login(request: Request, token: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/") -> Response:
    """For reads behind the token in a browser: keep the token in an HttpOnly cookie."""
    if not token_matches(request, token):
        return login_form(request, _local(next), 401, "That is not the configured API token.")
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response


def html_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, page="error", status=status,
                  message=message)


__all__ = ["html_error", "login_form", "login_router", "router"]
