"""Matrix products through numpy's BLAS when it multiplies faster than thinc's BLIS.

thinc's `NumpyOps` multiplies matrices with the BLIS library of the `blis` package; its generic
`Ops` multiplies them with numpy, that is with whatever BLAS numpy was built against (OpenBLAS
in the PyPI wheels, Accelerate on Apple machines). Which of the two is faster depends on the
CPU: on the development machine (AMD EPYC, AVX-512) BLIS reached 24 GFLOP/s on the shape that
spaCy's token-to-vector layers multiply and numpy's OpenBLAS 91 GFLOP/s, and the English
pipeline ran 1.4-1.7 times faster with every token's tags, parse, lemma and entity unchanged
(docs/performance.md). So each process times both on that shape once, and the spaCy models
use the faster.

`SITREP_GEMM=blis` or `SITREP_GEMM=numpy` skips the timing and chooses.

numpy's BLAS may run a product on several cores; parallel workers already keep every core
busy, so each of them gets its share of the cores (`share_cores`).
"""

from __future__ import annotations

import os
import time
from functools import lru_cache

from spacy.language import Language
from thinc.api import NumpyOps, Ops
from threadpoolctl import threadpool_limits

GEMM_ENV = "SITREP_GEMM"
# The shape of one token-to-vector layer over a batch of reports: tokens x (3 x width) by
# (3 x width) x (3 x width), width 96 in the small English pipeline.
_PROBE_SHAPE = (4096, 288)
_PROBE_ROUNDS = 5


class NumpyGemmOps(NumpyOps):
    """thinc's CPU operations, with matrix products by numpy instead of BLIS."""

    name = "numpy"  # the same device and array module as NumpyOps: models treat it as such
    gemm = Ops.gemm


@lru_cache(maxsize=1)
def faster_ops() -> NumpyOps:
    """NumpyGemmOps when numpy's matrix product beats BLIS here (or SITREP_GEMM says so)."""
    chosen = os.environ.get(GEMM_ENV, "").strip().lower()
    if chosen == "blis":
        return NumpyOps()
    if chosen == "numpy":
        return NumpyGemmOps()
    blis_ops, numpy_ops = NumpyOps(), NumpyGemmOps()
    return numpy_ops if _seconds(numpy_ops) < _seconds(blis_ops) else blis_ops


def _seconds(ops: NumpyOps) -> float:
    """Best time of a few products of the probe shape."""
    rows, width = _PROBE_SHAPE
    x = ops.xp.ones((rows, width), dtype="float32")
    w = ops.xp.ones((width, width), dtype="float32")
    ops.gemm(x, w, trans2=True)  # the first call may load or start the library
    best = float("inf")
    for _ in range(_PROBE_ROUNDS):
        start = time.perf_counter()
        ops.gemm(x, w, trans2=True)
        best = min(best, time.perf_counter() - start)
    return best


def use_faster_gemm(nlp: Language) -> Language:
    """Give every model in `nlp` the faster matrix product; returns `nlp`."""
    ops = faster_ops()
    if type(ops) is NumpyOps:
        return nlp
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
    return nlp


def share_cores(processes: int) -> None:
    """Let numpy's BLAS use this process's share of the cores when `processes` run at once."""
    threadpool_limits(limits=max(1, (os.cpu_count() or 1) // max(1, processes)),
                      user_api="blas")
