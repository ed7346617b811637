"""Security headers on every response, and bearer-token checks for writes (and, if asked, reads).

Article text is hostile input: the pages escape it, and the Content-Security-Policy makes sure
that even a slip would not run a script (no inline scripts or styles are allowed at all).
"""

from __future__ import annotations

import hmac
import os

from fastapi import HTTPException, Request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
TOKEN_ENV = "SITREP_API_TOKEN"
READ_TOKEN_ENV = "SITREP_API_READ_TOKEN"
TOKEN_COOKIE = "sitrep_token"
NO_TOKEN_MESSAGE = (
    "writing through the API is disabled because no API token is configured: set the "
    f"environment variable {TOKEN_ENV} (or pass token= to create_app) and send it as "
    "'Authorization: Bearer <token>'"
)


def configured_token(token: str | None) -> str | None:
    return token or os.environ.get(TOKEN_ENV) or None


def reads_need_token(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    return os.environ.get(READ_TOKEN_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def presented_token(request: Request, allow_cookie: bool) -> str | None:
    """The bearer token of the request; for reads in a browser also the login cookie (writes
    need the header, so a page of another site cannot make a browser post with the cookie)."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(TOKEN_COOKIE) if allow_cookie else None


def token_matches(request: Request, given: str) -> bool:
    expected = request.app.state.token
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def check_token(request: Request, allow_cookie: bool = False) -> None:
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, NO_TOKEN_MESSAGE)
    given = presented_token(request, allow_cookie)
    if not given:
        raise HTTPException(401, "missing API token: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not token_matches(request, given):
        raise HTTPException(401, "wrong API token", headers={"WWW-Authenticate": "Bearer"})


def require_write_token(request: Request) -> None:
    """Dependency: writes always need the configured token."""
    check_token(request)


def require_read_token(request: Request) -> None:
    """Dependency: reads need the token only when the app was configured so."""
    if request.app.state.read_token_required:
        check_token(request, allow_cookie=True)
