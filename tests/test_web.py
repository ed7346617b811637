"""The web pages: safe highlighting, no inline script or style, the content of each page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from sample_store import HOSTILE, build_sample_store
from sitrep.api import create_app
from sitrep.api.highlight import Span, highlight
from sitrep.api.pages import snippet_parts


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[str, str]:
    return build_sample_store(tmp_path_factory.mktemp("web") / "sample.db")


@pytest.fixture(scope="module")
def client(sample) -> TestClient:
    return TestClient(create_app(sample["db"]))


def all_pages(sample: dict[str, str]) -> list[str]:
    return ["/", "/?actor=Haftar&type=ASSAULT", "/documents", "/entities", "/entities?type=GPE",
            "/search?q=Watiya", "/docs", f"/documents/{sample['hostile']}",
            f"/documents/{sample['doc_a']}", f"/events/{sample['strike']}",
            f"/events/{sample['storm']}", "/entities/kb:watiya", "/entities/geo:sirte",
            "/events/ev:missing"]


# -- highlighting ------------------------------------------------------------------------------


def test_highlight_escapes_every_piece():
    text = "a <b>bold</b> & <script>x()</script> end"
    html = highlight(text, [Span(2, 13, "mark", {"class": "evidence", "title": '"><script>'})])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&amp;" in html
    assert 'title="&#34;&gt;&lt;script&gt;"' in html


def test_highlight_nests_overlaps_and_keeps_links_flat():
    text = "Khalifa Haftar struck Sirte."
    spans = [Span(0, 28, "mark", {"id": "evidence"}, priority=0),
             Span(0, 14, "a", {"href": "/entities/kb:haftar"}, priority=2),
             Span(8, 20, "a", {"href": "/entities/x"}, priority=2),  # overlaps a link: dropped
             Span(22, 27, "span", {"class": "m"}, priority=2)]
    html = str(highlight(text, spans))
    assert html.count('id="evidence"') == 1
    assert "/entities/x" not in html
    assert html.startswith('<mark id="evidence"><a href="/entities/kb:haftar">Khalifa Haftar</a>')
    assert re.sub(r"<[^>]+>", "", html) == text
    assert html.count("<mark") == html.count("</mark>")


def test_highlight_ignores_spans_outside_the_text():
    assert str(highlight("abc", [Span(2, 9, "mark"), Span(-1, 2, "mark"),
                                 Span(0, 1, "script")])) == "abc"


def test_snippet_markers_become_safe_parts():
    assert snippet_parts("a [Watiya] <b> [x") == [("a ", False), ("Watiya", True),
                                                  (" <b> [x", False)]


# -- pages -------------------------------------------------------------------------------------


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def test_pages_have_no_inline_script_style_or_handlers(client, sample):
    for url in all_pages(sample):
        r = client.get(url)
        assert r.status_code in (200, 404), url
        assert r.headers["content-type"].startswith("text/html"), url
        html = r.text
        assert not INLINE_SCRIPT.search(html), url
        assert not EVENT_HANDLER.search(html), url
        assert not STYLE_ATTR.search(html), url
        assert all(src.startswith("/") for src in re.findall(r'<script src="([^"]+)"', html))


def test_hostile_document_is_shown_as_text(client, sample):
    html = client.get(f"/documents/{sample['hostile']}").text
    assert "&lt;script&gt;window.pwned = 1;" in html
    assert "&lt;img src=x onerror=" in html
    assert "<img" not in html and "<b>Observer" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html  # the title
    body = html.split('<div class="doctext">', 1)[1].split("</div>", 1)[0]
    assert re.sub(r"<[^>]+>", "", body).replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&") == HOSTILE
    event_html = client.get(f"/events/{sample['storm']}").text
    assert "&lt;img src=x onerror=alert(3)&gt;" in event_html and "<img" not in event_html


def test_event_page_highlights_evidence_and_shows_arguments(client, sample):
    html = client.get(f"/events/{sample['strike']}").text
    mark = re.search(r'<mark class="evidence current"[^>]*id="evidence"[^>]*>(.*?)</mark>', html)
    assert mark and mark.group(1).startswith("Unknown warplanes struck")
    for text in ("claimed", "military sources close to Khalifa Haftar", "precision 1 (exact)",
                 "named air base", "2020-07-05", "(to the day)", "MIM-23 Hawk", "Turkey",
                 "Air/drone strike", "not stated"):
        assert text in html, text
    assert 'href="/entities/kb:watiya"' in html
    assert f'href="/events/{sample["deploy"]}"' in html  # another event of the same entities
    assert "Anatolia Wire" in html  # the denial reports the same story


def test_document_page_links_mentions_and_marks_evidence(client, sample):
    html = client.get(f"/documents/{sample['doc_a']}").text
    assert '<a href="/entities/kb:haftar" class="m m-PERSON"' in html
    assert html.count('<mark class="evidence"') >= 2
    assert f'href="/events/{sample["strike"]}"' in html


def test_entity_page_shows_aliases_cooccurrence_and_events(client, sample):
    html = client.get("/entities/kb:watiya").text
    assert "Al-Watiya Air Base" in html and "Al-Watiya" in html
    assert '<td class="num">4</td>' in html
    assert 'href="/entities/kb:haftar"' in html
    assert f'href="/events/{sample["strike"]}"' in html
    assert 'data-entity="kb:watiya"' in html


def test_map_page_keeps_filters_and_offers_facets(client):
    html = client.get("/", params={"actor": '"><script>', "type": "ASSAULT"}).text
    assert 'value="&#34;&gt;&lt;script&gt;"' in html
    assert '<option value="ASSAULT" selected>' in html
    assert '<option value="Levant Wire">' in html
    assert 'id="map"' in html and 'id="timeline"' in html and 'id="event-list"' in html


def test_lists_search_and_errors(client, sample):
    docs = client.get("/documents", params={"limit": 2}).text
    assert "1–2 of 4" in docs and "next →" in docs
    assert "Russia" in client.get("/entities", params={"q": "Russ"}).text
    search = client.get("/search", params={"q": "Watiya"}).text
    assert "<mark>" in search and 'href="/entities/kb:watiya"' in search
    missing = client.get("/documents/ffffffffffffffff")
    assert missing.status_code == 404 and "no document with id" in missing.text
    bad = client.get("/documents", params={"limit": "many"})
    assert bad.status_code == 422 and "limit" in bad.text


def test_assets_are_served_when_installed(client):
    app = client.app
    if "leaflet" not in app.state.asset_dirs:
        pytest.skip("node_modules is not installed (run npm ci)")
    assert client.get("/assets/leaflet/leaflet.js").status_code == 200
    assert client.get("/assets/world-atlas/countries-110m.json").json()["type"] == "Topology"
    assert client.get("/assets/../package.json").status_code == 404
    assert "assets-missing" not in client.get("/").text


def test_pages_behind_the_read_token_offer_a_login(sample):
    locked = TestClient(create_app(sample["db"], token="s3cret", read_token=True))
    page = locked.get("/entities")
    assert page.status_code == 401 and 'action="/login"' in page.text
    assert 'name="next" value="/entities"' in page.text
    wrong = locked.post("/login", data={"token": "nope", "next": "/entities"})
    assert wrong.status_code == 401 and "not the configured API token" in wrong.text
    away = locked.post("/login", data={"token": "s3cret", "next": "//evil.example/"},
                       follow_redirects=False)
    assert away.status_code == 303 and away.headers["location"] == "/"
    assert "httponly" in away.headers["set-cookie"].lower()
    assert locked.get("/entities").status_code == 200  # the cookie now opens reads
    assert locked.get("/api/events").status_code == 200
    post = locked.post("/api/documents", json={"text": "x"})  # but never writes
    assert post.status_code == 401
