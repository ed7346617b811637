"""Run the entity recogniser beside the tagger and parser, and the next batch beside this one.

`en_core_web_sm`'s NER has a token-to-vector network of its own: it reads only the words (and
the rulers' preset entities), never the tags or the parse, so it can run while the shared
tok2vec, tagger and parser work on the same batch. Both networks spend much of their time in
BLIS matrix products and in the transition loop, which release the GIL, so the threads
overlap on two cores. `TwoBranchPipe.pipe` also analyses the next batch while its caller
resolves, extracts and stores the current one (docs/performance.md has the measurements).

One thing the recogniser does read from the parser: an entity may not cross a sentence start.
Running beside the parser, it may see none, some or all of the parser's sentence starts. A
greedy recogniser whose answer crosses no sentence start took no step the constraint would
forbid, so its answer is the one it gives after the parser; a document whose entities cross
a sentence start is recognised again, after the parser. The result is the same as `nlp.pipe`
(`tests/test_speed.py` compares them).
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..kb.rulers import KB_RULER
from .paragraphs import PARAGRAPHS

NER = "ner"
# Components that read only the words and may therefore run before everything else.
LEXICAL_FIRST = (PARAGRAPHS,)
# Entity rulers that feed the recogniser its preset entities and run in its thread.
PRESET_RULERS = (KB_RULER,)
# Set to 0 to run every component in one thread (`nlp.pipe`).
THREADS_ENV = "SITREP_NER_THREAD"
# glibc's mallopt parameters. With more threads, glibc keeps more heaps, whose freed network
# activations it seldom returns: on 200 benchmark reports peak memory rose from 525 MB (one
# thread) to 645 MB with two; mapping arrays of 1 MB or more on their own pages and sharing
# two heaps among the threads keeps it near 550 MB at the same speed.
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
MMAP_THRESHOLD_BYTES = 1 << 20
MAX_HEAPS = 2


class TwoBranchPipe:
    """`nlp.pipe` with the recogniser (and its preset rulers) in a thread of its own."""

    def __init__(self, nlp: Language) -> None:
        names = nlp.pipe_names
        at = names.index(NER)
        rulers = [n for n in names[:at] if n in PRESET_RULERS]
        self.nlp = nlp
        self.first = [n for n in names[:at] if n in LEXICAL_FIRST]
        self.main = [n for n in names[:at] if n not in LEXICAL_FIRST and n not in rulers]
        self.entity = [*rulers, NER]
        self.after = names[at + 1:]
        self._threads: dict[str, tuple[int, ThreadPoolExecutor]] = {}

    def _thread(self, name: str) -> ThreadPoolExecutor:
        """A one-thread executor; a forked worker inherits it without its thread, so each
        process makes its own."""
        pid, executor = self._threads.get(name, (0, None))
        if executor is None or pid != os.getpid():
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"sitrep-{name}")
            self._threads[name] = (os.getpid(), executor)
        return executor

    def pipe(self, items: Iterable[tuple[str, Any]], batch_size: int = 32
             ) -> Iterator[tuple[Doc, Any]]:
        """(Doc, context) for each (text, context), in order, like `nlp.pipe(as_tuples=True)`.

        The next batch is analysed while the caller works on the current one."""
        items = iter(items)
        batch = list(islice(items, batch_size))
        if not batch:
            return
        pending = self._thread("ahead").submit(self.batch, [text for text, _ in batch])
        while batch:
            docs = pending.result()
            following = list(islice(items, batch_size))
            if following:
                pending = self._thread("ahead").submit(self.batch,
                                                       [text for text, _ in following])
            yield from zip(docs, (context for _, context in batch))
            batch = following

    def batch(self, texts: list[str]) -> list[Doc]:
        """One batch through every component, the recogniser beside the parser."""
        docs = self._run(self.first, [self.nlp.make_doc(t) for t in texts])
        parsed = self._thread("parse").submit(self._run, self.main, docs)
        try:
            self._run(self.entity, docs)
        finally:
            parsed.result()
        for doc in docs:
            if _entity_crosses_sentence(doc):
                doc.set_ents([], default="missing")
                for token in doc:
                    token.ent_id = 0
                self._run(self.entity, [doc])
        return self._run(self.after, docs)

    def _run(self, names: list[str], docs: list[Doc]) -> list[Doc]:
        for name in names:
            component = self.nlp.get_pipe(name)
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=max(len(docs), 1)))
            else:
                docs = [component(doc) for doc in docs]
        return docs


def _entity_crosses_sentence(doc: Doc) -> bool:
    return any(token.is_sent_start for ent in doc.ents for token in ent[1:])


def two_branch_pipe(nlp: Language) -> TwoBranchPipe | None:
    """A TwoBranchPipe when the recogniser has its own tok2vec and it pays off, else None.

    It pays off with a second core to run on, and not when SITREP_NER_THREAD=0 (set by
    parallel workers, which already keep every core busy).
    """
    if os.environ.get(THREADS_ENV, "1") == "0" or (os.cpu_count() or 1) < 2:
        return None
    if NER not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        return None
    if any(node.name == "tok2vec-listener" for node in nlp.get_pipe(NER).model.walk()):
        return None  # NER shares the tok2vec: nothing to run beside it
    _map_large_arrays()
    return TwoBranchPipe(nlp)


def _map_large_arrays() -> None:
    """Map arrays of MMAP_THRESHOLD_BYTES or more on pages of their own, so their memory goes
    back to the system when they are freed, and let the threads share MAX_HEAPS heaps (glibc
    only; other allocators decide for themselves)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        libc.mallopt(_M_ARENA_MAX, MAX_HEAPS)
    except (OSError, AttributeError):
        pass
