"""The web UI in headless Chromium against `sitrep serve` over a prepared store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sample_store import build_sample_store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SERVER_START_SECONDS = 30
LOAD_TIMEOUT_MS = 10_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason=f"{CHROMIUM} is missing (apt-get install chromium; `make test` "
                              "does it)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[str, str]:
    return build_sample_store(tmp_path_factory.mktemp("browser") / "sample.db")


@pytest.fixture(scope="module")
def server(sample):
    """The real CLI serving the sample store on a free loopback port."""
    from sitrep.api.assets import node_modules_dir

    if node_modules_dir() is None:
        pytest.skip("browser assets are not installed (run npm ci)")
    port = free_port()
    sitrep = Path(sys.executable).with_name("sitrep")
    command = ([str(sitrep)] if sitrep.exists() else [sys.executable, "-m", "sitrep.cli"])
    env = {k: v for k, v in os.environ.items() if k not in ("SITREP_API_READ_TOKEN",)}
    proc = subprocess.Popen([*command, "serve", "--db", sample["db"], "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail("sitrep serve exited: " + proc.stderr.read().decode()[-2000:])
            try:
                if httpx.get(base + "/api/counts", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("sitrep serve did not answer in time")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    # Console errors include Content-Security-Policy violations by the page's own code.
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    yield page
    context.close()


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-loaded=true]")
    page.wait_for_selector(".leaflet-marker-icon")


MARKER_COUNT_JS = """n => {
  const singles = document.querySelectorAll('.leaflet-marker-icon.ev-dot').length;
  const clustered = [...document.querySelectorAll('.marker-cluster span')]
    .reduce((sum, s) => sum + Number(s.textContent), 0);
  return singles + clustered === n;
}"""


def wait_for_markers(page, expected: int) -> None:
    """Events on the map (single markers plus cluster counts) settle at `expected`; polled,
    because clusters animate and old icons linger for a moment while they do."""
    page.wait_for_function(MARKER_COUNT_JS, arg=expected)


def test_map_shows_markers_list_and_timeline(page, server):
    open_map(page, server + "/")
    assert page.locator("#event-list .event-item").count() == 5
    wait_for_markers(page, 5)
    assert page.locator(".leaflet-overlay-pane path.country").count() > 100  # outlines
    assert page.locator("path.prec-area").count() == 2  # the two rough places
    assert page.locator("#timeline rect.bar").count() >= 3
    assert page.errors == []


def test_api_docs_run_under_the_policy(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    assert "/api/events" in page.inner_text("#swagger-ui")
    assert page.errors == []


def test_filtering_by_actor_narrows_list_and_map(page, server):
    open_map(page, server + "/")
    page.fill("input[name=actor]", "Turkey")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?*actor=Turkey*")
    page.wait_for_selector("body[data-loaded=true]")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator("#event-list .event-item").count() == 3
    wait_for_markers(page, 3)
    assert "Idlib" not in page.inner_text("#event-list")


def test_brushing_the_timeline_narrows_to_dates(page, server):
    open_map(page, server + "/")
    svg = page.locator("#timeline svg").bounding_box()
    # The last quarter of the timeline holds only the March 2021 Idlib event.
    y = svg["y"] + svg["height"] / 2
    page.mouse.move(svg["x"] + svg["width"] * 0.85, y)
    page.mouse.down()
    page.mouse.move(svg["x"] + svg["width"] * 0.99, y, steps=4)
    page.mouse.up()
    page.wait_for_function("document.querySelectorAll('#event-list .event-item').length === 1")
    assert "Idlib" in page.inner_text("#event-list")
    assert "since=" in page.url and "until=" in page.url
    page.click("#timeline-clear")
    assert page.locator("#event-list .event-item").count() == 5


def test_event_page_highlights_the_evidence(page, server, sample):
    page.goto(f"{server}/events/{sample['strike']}")
    mark = page.locator("mark#evidence")
    assert mark.is_visible()
    assert mark.inner_text().startswith("Unknown warplanes struck Al-Watiya air base")
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_hostile_document_runs_no_script(page, server, sample):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/documents/{sample['hostile']}")
    page.wait_for_load_state("load")
    text = page.inner_text(".doctext")
    assert '<script>window.pwned = 1; alert("xss")</script>' in text
    assert "<img src=x onerror=" in text
    assert page.locator(".doctext img, .doctext script").count() == 0
    assert page.inner_text("h1") == "<script>alert('title')</script>"
    # The hostile actor name also reaches the map list and popups, built by script as text.
    open_map(page, server + "/?type=COERCE")
    assert "<img src=x onerror=alert(3)>" in page.inner_text("#event-list")
    page.locator(".leaflet-marker-icon.ev-dot").first.click()
    page.wait_for_selector(".leaflet-popup-content .popup")
    assert page.locator(".leaflet-popup-content img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    assert page.errors == []
