"""Ingest stage: readers, metadata, ids, bad input."""

from __future__ import annotations

import json

from sitrep import errors
from sitrep.errors import InputError
from sitrep.ingest import is_near_duplicate, read_paths, simhash
from sitrep.ingest.readers import normalize_date
from sitrep.records import Document, content_id, normalize_text

REPORT = (
    "Local sources said that fighters of the Rapid Support Forces shelled El Fasher yesterday,"
    " killing at least 12 civilians.\n\nThe army denied losing positions near the airport."
)


def _docs(results):
    return [r for r in results if isinstance(r, Document)]


def _errors(results):
    return [r for r in results if isinstance(r, InputError)]


def test_content_id_ignores_line_endings_and_trailing_space():
    assert content_id("a line \r\nand another\r\n") == content_id("a line\nand another")
    assert content_id("one report") != content_id("another report")
    assert len(content_id("x y z")) == 16


def test_normalize_text_collapses_blank_runs_and_bom():
    assert normalize_text("\ufeffTitle\n\n\n\nBody  \n") == "Title\n\nBody"


def test_text_file_with_sidecar_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "a.meta.json").write_text(json.dumps(
        {"outlet": "Nile Valley News", "published": "2025-01-09", "title": "Shelling",
         "url": "https://example.org/a", "ignored": 1}))
    [doc] = _docs(read_paths([tmp_path]))
    assert (doc.outlet, doc.published, doc.title, doc.url) == (
        "Nile Valley News", "2025-01-09", "Shelling", "https://example.org/a")
    assert doc.id == content_id(REPORT)
    assert doc.source == str(tmp_path / "a.txt")


def test_command_line_metadata_fills_gaps_but_sidecar_wins(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "a.meta.json").write_text(json.dumps({"outlet": "Sidecar Outlet"}))
    (tmp_path / "b.md").write_text(REPORT + " Second.")
    meta = {"outlet": "Flag Outlet", "published": "2024-02-01"}
    docs = {d.source.rsplit("/", 1)[1]: d for d in _docs(read_paths([tmp_path], meta))}
    assert docs["a.txt"].outlet == "Sidecar Outlet"
    assert docs["a.txt"].published == "2024-02-01"
    assert docs["b.md"].outlet == "Flag Outlet"


def test_jsonl_reports_and_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": REPORT, "outlet": "Wire", "published": "2025-01-09T08:00:00Z"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "Second report about Kidal.", "url": "https://example.org/k"}),
    ]))
    results = list(read_paths([path]))
    docs, errs = _docs(results), _errors(results)
    assert [d.outlet for d in docs] == ["Wire", None]
    assert docs[0].published == "2025-01-09"
    assert [e.where for e in errs] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert errs[0].reason.startswith("malformed JSON")
    assert errs[1].reason == errors.JSON_NOT_OBJECT
    assert errs[2].reason == errors.JSON_NO_TEXT


def test_html_main_text_without_scripts_or_menus(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Clashes in Kidal</title><script>alert(1)</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Clashes in Kidal</h1><p>Malian army units and Wagner fighters entered"
        " Kidal on Tuesday after two days of clashes with rebels of the CSP, a military source"
        " said.</p><p>The rebels said they withdrew to avoid civilian casualties.</p></article>"
        "<footer>Copyright</footer></body></html>")
    [doc] = _docs(read_paths([page]))
    assert "Wagner fighters entered Kidal" in doc.text
    assert "alert(1)" not in doc.text
    assert "Copyright" not in doc.text


def test_malformed_html_still_yields_text(tmp_path):
    page = tmp_path / "broken.htm"
    page.write_text("<p>Drone strike near <b>Hodeidah port<p>Second paragraph </div></i>")
    [doc] = _docs(read_paths([page]))
    assert "Hodeidah port" in doc.text


def test_rss_feed_entries(tmp_path):
    feed = tmp_path / "feed.rss"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Sahel Monitor</title>"
        "<item><title>Attack in Djibo</title><link>https://example.org/1</link>"
        "<pubDate>Tue, 27 Aug 2024 10:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Gunmen attacked an army post in Djibo.&lt;/p&gt;</description></item>"
        "<item><title>Empty</title><description></description></item>"
        "</channel></rss>")
    results = list(read_paths([feed]))
    [doc] = _docs(results)
    assert doc.text == "Gunmen attacked an army post in Djibo."
    assert (doc.outlet, doc.published, doc.url) == ("Sahel Monitor", "2024-08-27",
                                                    "https://example.org/1")
    [err] = _errors(results)
    assert err.where == f"{feed}#2" and err.reason == errors.EMPTY


def test_bad_inputs_each_get_one_clear_reason(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_text("  \n\n ")
    (tmp_path / "latin1.txt").write_bytes("Tripoli caf\xe9 attack".encode("latin-1"))
    (tmp_path / "good.txt").write_text(REPORT)
    (tmp_path / "bad.meta.json").write_text("{oops")
    (tmp_path / "bad.txt").write_text(REPORT + " Other.")
    results = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    reasons = {e.where.rsplit("/", 1)[-1]: e.reason for e in _errors(results)}
    assert reasons["binary.txt"] == errors.BINARY
    assert reasons["empty.txt"] == errors.EMPTY
    assert reasons["latin1.txt"].startswith("not valid UTF-8 text (byte 0xe9 at offset 11")
    assert reasons["bad.txt"].startswith("sidecar metadata bad.meta.json is not a JSON object")
    assert reasons["missing.txt"] == errors.NOT_FOUND
    assert [d.source.rsplit("/", 1)[-1] for d in _docs(results)] == ["good.txt"]


def test_huge_file_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000)
    [err] = list(read_paths([path], max_bytes=100))
    assert err.reason == errors.TOO_LARGE.format(size=5000, limit=100)


def test_unsupported_file_named_explicitly(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    [err] = list(read_paths([path]))
    assert "unsupported file type '.pdf'" in err.reason


def test_bad_published_date_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT)
    [err] = list(read_paths([tmp_path / "a.txt"], {"published": "not a date at all"}))
    assert err.reason == errors.BAD_DATE.format(value="not a date at all")


def test_normalize_date_forms():
    assert normalize_date("2020-07-20") == "2020-07-20"
    assert normalize_date("2020-07-20T23:10:00+02:00") == "2020-07-20"
    assert normalize_date("July 20, 2020") == "2020-07-20"


def test_simhash_near_duplicates():
    base = " ".join(f"word{i} on the front line near town{i % 7}" for i in range(60))
    edited = base.replace("word30 on", "word30 at")
    other = " ".join(f"talk{i} in the capital about oil{i % 5}" for i in range(60))
    assert is_near_duplicate(simhash(base), simhash(edited))
    assert not is_near_duplicate(simhash(base), simhash(other))


def test_examples_corpus_reads_cleanly(examples_dir):
    results = list(read_paths([examples_dir]))
    assert not _errors(results)
    docs = _docs(results)
    assert 15 <= len(docs) <= 20
    assert all(d.published and d.outlet and d.title for d in docs)
    assert len({d.id for d in docs}) == len(docs)


def test_near_duplicate_index_finds_every_fingerprint_within_the_limit():
    import random

    from sitrep.ingest.dedup import NEAR_DUPLICATE_BITS, NearDuplicateIndex

    rng = random.Random(7)
    index = NearDuplicateIndex()
    stored = {f"d{i}": rng.getrandbits(64) for i in range(200)}
    for doc_id, fingerprint in stored.items():
        index.add(doc_id, fingerprint)
    for doc_id, fingerprint in list(stored.items())[:50]:
        flipped = fingerprint
        for bit in rng.sample(range(64), NEAR_DUPLICATE_BITS):
            flipped ^= 1 << bit
        assert index.find(flipped) == doc_id
    far = stored["d0"] ^ ((1 << 40) - 1)
    assert index.find(far) is None


class _BatchingPipeline:
    """Stands in for the pipeline where only ingest's bookkeeping matters; a report whose
    text holds `broken` fails analysis."""

    def __init__(self, broken: str = "") -> None:
        from sitrep.config import Settings

        self.settings = Settings()
        self.broken = broken

    def pipe(self, documents):  # reads a batch before yielding, as spaCy does
        from itertools import islice

        from sitrep.records import Analysis

        documents = iter(documents)
        while batch := list(islice(documents, self.settings.batch_size)):
            for doc in batch:
                if self.broken and self.broken in doc.text:
                    raise RuntimeError("analysis broke")
                yield Analysis(document=doc)

    def analyze(self, document):
        return next(self.pipe([document]))


def _wire_story_and_copy(folder):
    base = " ".join(f"Shelling hit district {i} of Kharkiv on Monday, officials said."
                    for i in range(40))
    (folder / "a_original.txt").write_text(base)
    (folder / "b_copy.txt").write_text(base.replace("district 20 of", "district 20 in")
                                       + " Reuters contributed reporting.")


def test_a_copy_and_its_original_in_one_run_are_near_duplicates(tmp_path):
    from sitrep.pipeline import ingest
    from sitrep.store import Store

    _wire_story_and_copy(tmp_path)
    store = Store(tmp_path / "run.db")
    report = ingest([str(tmp_path)], store, _BatchingPipeline())
    original, copy = report.added
    assert report.near_duplicates == [(copy, original)]
    rows = dict(store.conn.execute("SELECT id, duplicate_of FROM documents").fetchall())
    assert rows == {original: None, copy: original}


def test_a_copy_of_a_report_that_failed_is_stored_as_an_original(tmp_path):
    from sitrep.pipeline import ingest
    from sitrep.store import Store

    _wire_story_and_copy(tmp_path)
    store = Store(tmp_path / "run.db")
    report = ingest([str(tmp_path)], store, _BatchingPipeline(broken="district 20 of"))
    assert [e.where for e in report.errors] == [str(tmp_path / "a_original.txt")]
    assert len(report.added) == 1 and report.near_duplicates == []
    assert [tuple(r) for r in store.conn.execute("SELECT duplicate_of FROM documents")] == [
        (None,)]
