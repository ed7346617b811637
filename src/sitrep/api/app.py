"""The FastAPI application: JSON API under /api, web pages, static files and browser assets."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from .assets import asset_dirs, node_modules_dir
from .security import SECURITY_HEADERS, configured_token, reads_need_token

API_PREFIXES = ("/api", "/openapi.json")


def create_app(db: str, token: str | None = None, *, read_token: bool | None = None,
               pipeline: Any = None) -> FastAPI:
    """The app over the store at `db`.

    `token` (else $SITREP_API_TOKEN) guards writes; with none configured, writes are refused.
    `read_token=True` (else $SITREP_API_READ_TOKEN=1) makes reads need the token too.
    `pipeline` is a ready Pipeline to ingest with (built on first POST otherwise).
    """
    from . import pages, routes
    from .pages import WEB

    app = FastAPI(title="Sitrep", version=__version__, docs_url=None, redoc_url=None,
                  description="Events, actors, places and the sentences that report them.")
    app.state.db = str(db)
    app.state.token = configured_token(token)
    app.state.read_token_required = reads_need_token(read_token)
    app.state.pipeline = pipeline
    app.state.asset_dirs = asset_dirs(node_modules_dir())

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        if request.url.path.startswith(API_PREFIXES):
            return JSONResponse({"error": message, "status": exc.status_code},
                                status_code=exc.status_code, headers=exc.headers)
        if exc.status_code == 401:
            return pages.login_form(request, next_url=request.url.path, status_code=401)
        return pages.html_error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid_input(request: Request, exc: RequestValidationError) -> Response:
        fields = [{"field": ".".join(str(p) for p in err["loc"][1:]) or str(err["loc"][0]),
                   "in": str(err["loc"][0]), "message": err["msg"]}
                  for err in exc.errors()]
        message = "invalid input: " + "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        if request.url.path.startswith(API_PREFIXES):
            return JSONResponse({"error": message, "status": 422, "fields": fields},
                                status_code=422)
        return pages.html_error(request, 422, message)

    app.include_router(routes.router)
    app.include_router(pages.login_router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    for name, folder in app.state.asset_dirs.items():
        app.mount(f"/assets/{name}", StaticFiles(directory=folder), name=f"assets-{name}")
    return app
