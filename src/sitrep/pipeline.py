"""One `Pipeline` composing the stages of DESIGN.md.

    ingest -> normalize -> annotate -> resolve -> extract -> store -> fuse

Each stage is a plain function over typed records. Annotation runs spaCy over batches
(`nlp.pipe`); the per-document stages are named in `STAGES` (a plain dict, spaCy's registry
without the machinery) and run in the order given by `Pipeline.stages`.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from .config import Settings
from .errors import ConfigError, InputError
from .ingest import detect_language, read_paths, simhash
from .ingest.dedup import NearDuplicateIndex
from .records import Analysis, Document
from .store import Store

log = logging.getLogger(__name__)

Stage = Callable[[Analysis, "Pipeline"], Analysis]


def _correct_place_labels(analysis: Analysis, pipeline: Pipeline) -> Analysis:
    from .geo.place_labels import correct_place_labels

    return correct_place_labels(analysis, pipeline.gazetteer, pipeline.kb)


def _resolve_entities(analysis: Analysis, pipeline: Pipeline) -> Analysis:
    from .kb import link_entities

    return link_entities(analysis, pipeline.kb)


def _resolve_places(analysis: Analysis, pipeline: Pipeline) -> Analysis:
    from .geo import link_places
    from .kb import actor_countries

    return link_places(analysis, pipeline.gazetteer, actor_countries(analysis, pipeline.kb))


def _extract_events(analysis: Analysis, pipeline: Pipeline) -> Analysis:
    from .events import extract_events

    return extract_events(analysis, pipeline.kb, pipeline.gazetteer)


def _nominal_mentions(analysis: Analysis, pipeline: Pipeline) -> Analysis:
    from .kb.nominals import add_nominal_mentions

    add_nominal_mentions(analysis)
    return analysis


STAGES: dict[str, Stage] = {
    "correct_place_labels": _correct_place_labels,
    "resolve_entities": _resolve_entities,
    "resolve_places": _resolve_places,
    "extract_events": _extract_events,
    "nominal_mentions": _nominal_mentions,
}
DEFAULT_STAGES = tuple(STAGES)  # all of them, in the order listed


class Pipeline:
    """Loads models and indexes once; analyses documents one at a time or in batches."""

    def __init__(self, settings: Settings | None = None,
                 stages: Iterable[str] = DEFAULT_STAGES) -> None:
        self.settings = settings or Settings()
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise ConfigError(f"unknown pipeline stage(s): {', '.join(unknown)}"
                              f" (known: {', '.join(STAGES)})")
        self.stages = tuple(stages)

    @cached_property
    def kb(self):
        from .kb import load_kb

        return load_kb(self.settings.kb_files)

    @cached_property
    def gazetteer(self):
        from .geo import open_gazetteer

        return open_gazetteer(self.kb)

    @cached_property
    def nlp(self):
        return _annotator(self.settings.spacy_model, tuple(self.settings.kb_files))

    def warm(self) -> Pipeline:
        """Load the models and indexes now rather than on the first document."""
        _ = self.nlp, self.kb, self.gazetteer
        if "extract_events" in self.stages:
            from .events import warm as warm_events

            warm_events()  # dateparser's start-up, before the first document
        # The models, knowledge base and indexes live as long as the process: moved out of the
        # cyclic collector's view, its full passes stop walking them (0.25 -> 0.04 s of
        # collection over 200 benchmark reports).
        gc.collect()
        gc.freeze()
        return self

    def pipe(self, documents: Iterable[Document]) -> Iterator[Analysis]:
        """Analyse documents in batches; yields one Analysis per document, in order."""
        from .nlp import annotate

        analyses = (Analysis(document=prepare(doc)) for doc in documents)
        for analysis in annotate(analyses, self.nlp, batch_size=self.settings.batch_size):
            for name in self.stages:
                analysis = STAGES[name](analysis, self)
            yield analysis

    def analyze(self, document: Document) -> Analysis:
        return next(self.pipe([document]))


@lru_cache(maxsize=4)
def _annotator(model: str | None, kb_files: tuple[str, ...]):
    """spaCy plus the rulers of one knowledge base, built once per (model, KB files).

    The rulers change the Language they are added to, so each knowledge base gets its own
    copy of the model rather than sharing one that another knowledge base already changed.
    """
    from .kb import add_kb_rulers, load_kb
    from .nlp.blas import use_faster_gemm
    from .nlp.fast import speed_up
    from .nlp.models import load_spacy
    from .nlp.paragraphs import add_paragraph_breaks
    from .nlp.tokenizer import split_glued_brackets

    nlp = load_spacy.__wrapped__(model)
    nlp = split_glued_brackets(add_paragraph_breaks(speed_up(use_faster_gemm(nlp))))
    return add_kb_rulers(nlp, load_kb(kb_files))


def prepare(document: Document) -> Document:
    """Fill what the pipeline derives from the text alone (language)."""
    if not document.language:
        document.language = detect_language(document.text)
    return document


# Analysed reports stored per commit, at most: a commit costs about as much as storing a short
# report, and a batch of this size holds the store's write lock for a fraction of a second.
STORE_BATCH = 32


@dataclass
class IngestReport:
    """What an ingest run did, for the CLI's summary and exit code."""

    added: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, doc id)
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)  # (doc id, of doc id)
    errors: list[InputError] = field(default_factory=list)
    events: int = 0
    mentions: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"added": len(self.added), "skipped": len(self.skipped),
                "near_duplicates": len(self.near_duplicates), "failed": len(self.errors),
                "events": self.events, "mentions": self.mentions}


def ingest(paths: Iterable[str], store: Store, pipeline: Pipeline,
           meta: dict[str, Any] | None = None,
           on_result: Callable[[str, Any], None] | None = None,
           max_bytes: int | None = None, workers: int = 1) -> IngestReport:
    """Read, analyse and store every report under `paths`; then re-fuse stories.

    Known reports (same content hash) are skipped; each new one is stored all or nothing,
    several to a commit; an input that cannot be read or analysed is reported and the rest go
    on. With `workers` > 1, analysis runs in that many processes that share nothing mutable;
    this process alone reads inputs and writes the store.
    `on_result(kind, value)` is called per input (kind: added, skipped, error).
    """
    report = IngestReport()
    notify = on_result or (lambda kind, value: None)
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    seen: set[str] = set()
    near: dict[str, str] = {}
    fingerprints: dict[str, int] = {}
    read = NearDuplicateIndex()  # every report of this run that went to analysis
    unsaved: list[tuple[Analysis, str | None, int | None]] = []

    def added(batch: list[tuple[Analysis, Any, Any]], saved: list[bool]) -> None:
        for (analysis, _, _), ok in zip(batch, saved):
            if not ok:
                continue
            doc = analysis.document
            report.added.append(doc.id)
            report.events += len(analysis.events)
            report.mentions += len(analysis.mentions)
            if doc.id in near:
                report.near_duplicates.append((doc.id, near[doc.id]))
            notify("added", analysis)

    def save_unsaved() -> None:
        batch = unsaved[:]
        unsaved.clear()
        if not batch:
            return
        # A copy of a report read earlier in this run names it only if that report was stored
        # (it comes first: analyses arrive in input order); one that failed leaves no original.
        storing: set[str] = set()
        for i, (analysis, duplicate_of, fingerprint) in enumerate(batch):
            doc_id = analysis.document.id
            if duplicate_of and duplicate_of not in storing \
                    and not store.has_document(duplicate_of):
                batch[i] = (analysis, None, fingerprint)
                near.pop(doc_id, None)
            storing.add(doc_id)
        try:
            saved = store.save_analyses(batch)
        except BaseException:
            # The documents before the one that failed are stored: report them as such.
            added(batch, [store.has_document(analysis.document.id) for analysis, _, _ in batch])
            raise
        added(batch, saved)

    def fresh_documents() -> Iterator[Document]:
        for item in read_paths(paths, meta, **kwargs):
            # Whatever was analysed before this input was read is stored before it is
            # checked, as when each report was saved as soon as it was analysed.
            save_unsaved()
            if isinstance(item, InputError):
                report.errors.append(item)
                notify("error", item)
                continue
            if item.id in seen or store.has_document(item.id):
                report.skipped.append((item.source or "", item.id))
                notify("skipped", item)
                continue
            seen.add(item.id)
            fingerprint = fingerprints[item.id] = simhash(item.text)
            # Reports of this run still in analysis are not in the store yet: a syndicated
            # copy and its original in one folder must find each other too.
            duplicate_of = store.find_near_duplicate(fingerprint) or read.find(fingerprint)
            read.add(item.id, fingerprint)
            if duplicate_of:
                near[item.id] = duplicate_of
            yield item

    if workers > 1:
        analyses = _analyses_parallel(fresh_documents(), pipeline, workers, report, notify)
    else:
        analyses = _analyses_guarded(fresh_documents(), pipeline, report, notify)
    try:
        for analysis in analyses:
            doc_id = analysis.document.id
            unsaved.append((analysis, near.get(doc_id), fingerprints.pop(doc_id, None)))
            if len(unsaved) >= STORE_BATCH:
                save_unsaved()
    finally:
        save_unsaved()
    if report.added:
        from .fuse import refuse_store

        refuse_store(store)
    return report


def _analyses_guarded(documents: Iterator[Document], pipeline: Pipeline, report: IngestReport,
                      notify: Callable[[str, Any], None]) -> Iterator[Analysis]:
    """Analyse the documents as one stream (spaCy batches them as it reads); if analysis fails,
    retry the documents in flight one by one to find the bad one, then go on with the rest."""
    documents = iter(documents)
    while True:
        in_flight: deque[Document] = deque()  # read by the pipeline, not yet yielded
        reading_failed: list[BaseException] = []
        try:
            for analysis in pipeline.pipe(_recorded(documents, in_flight, reading_failed)):
                in_flight.popleft()  # one Analysis per document, in order
                yield analysis
            return
        except Exception:
            if reading_failed:  # reading (or storing from the reader) failed, not analysis
                raise reading_failed[0] from None
            failed = list(in_flight)
        for doc in failed:
            try:
                analysis = pipeline.analyze(doc)
            except Exception:
                log.exception("analysis failed for %s", doc.source)
                error = InputError(doc.source or doc.id, "analysis failed (see the log)")
                report.errors.append(error)
                notify("error", error)
            else:
                yield analysis


def _recorded(documents: Iterator[Document], into: deque,
              failures: list[BaseException]) -> Iterator[Document]:
    """The documents, each appended to `into` as it is read; an error reading is kept in
    `failures` before it propagates."""
    while True:
        try:
            doc = next(documents)
        except StopIteration:
            return
        except BaseException as exc:
            failures.append(exc)
            raise
        into.append(doc)
        yield doc


# -- parallel analysis ------------------------------------------------------------------------

_WORKER_PIPELINE: Pipeline | None = None
# Small batches keep every worker busy on short runs; larger ones gain little once nlp.pipe
# has a few documents to vectorise together.
PARALLEL_BATCH = 8
# The smallest batch at the end of the input. Ending on batches of two instead of eight cut the
# 2-worker benchmark from 5.6 to 5.3 s (medians of 8 alternating rounds); ending on batches of
# one was no faster (5.33 s against 5.19 s, medians of 5 of those rounds).
MIN_TAIL_BATCH = 2


def _worker_init(settings: Settings, stages: tuple[str, ...], workers: int) -> None:
    """Load models and indexes once per worker, before its first batch."""
    global _WORKER_PIPELINE
    from .nlp.blas import share_cores

    share_cores(workers)
    _WORKER_PIPELINE = Pipeline(settings, stages)
    _WORKER_PIPELINE.warm()


def _worker_analyze(batch: list[Document]) -> list[Analysis | InputError]:
    """Analyse one batch in a worker; the spaCy Doc stays behind (it is not stored)."""
    assert _WORKER_PIPELINE is not None
    report = IngestReport()
    out: list[Analysis | InputError] = []
    for analysis in _analyses_guarded(iter(batch), _WORKER_PIPELINE, report, lambda k, v: None):
        analysis.doc = None
        out.append(analysis)
    return out + list(report.errors)


def _worker_ready() -> int:
    time.sleep(0.05)  # long enough for the other workers to take the next requests
    return os.getpid()


def worker_pool(pipeline: Pipeline, workers: int):
    """A process pool whose `workers` workers each hold a warm copy of `pipeline`.

    The pool starts processes as requests come; this waits until every worker has answered
    one, so all of them load their models now, side by side, rather than one of them in the
    middle of the first batches."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # no inherited locks or half-loaded models
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init,
                               initargs=(pipeline.settings, pipeline.stages, workers))
    ready: set[int] = set()
    while len(ready) < workers:
        ready.update(f.result() for f in [pool.submit(_worker_ready) for _ in range(workers)])
    return pool


def _batches(documents: Iterator[Document], size: int, workers: int
             ) -> Iterator[list[Document]]:
    """Batches of `size` documents, and smaller ones at the end.

    The last `size * workers` documents are held back until the input ends, then cut into
    batches that shrink towards the end, so the workers finish at about the same time instead of
    one running the last full batch while the others wait."""
    held: list[Document] = []
    for doc in documents:
        held.append(doc)
        if len(held) >= size * (workers + 1):
            yield held[:size]
            del held[:size]
    while held:
        take = min(size, max(MIN_TAIL_BATCH, -(-len(held) // (2 * workers))))
        yield held[:take]
        del held[:take]


def _analyses_parallel(documents: Iterator[Document], pipeline: Pipeline, workers: int,
                       report: IngestReport, notify: Callable[[str, Any], None],
                       pool=None) -> Iterator[Analysis]:
    """Analyse batches in `workers` processes, at most two batches in flight per worker.

    Analyses come back in input order, as in one process: the store then holds the same rows
    whatever the workers' timing, and a report is stored before any near-duplicate of it
    read later."""
    size = min(pipeline.settings.batch_size, PARALLEL_BATCH)
    own_pool = pool is None
    pool = pool or worker_pool(pipeline, workers)
    try:
        pending: deque = deque()

        def drain(block_until: int) -> Iterator[Analysis]:
            while len(pending) > block_until:
                for item in pending.popleft().result():
                    if isinstance(item, InputError):
                        report.errors.append(item)
                        notify("error", item)
                    else:
                        yield item

        for batch in _batches(documents, size, workers):
            pending.append(pool.submit(_worker_analyze, batch))
            yield from drain(2 * workers)
        yield from drain(0)
    finally:
        if own_pool:
            pool.shutdown()
