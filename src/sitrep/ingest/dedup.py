"""Near-duplicate detection with 64-bit SimHash over word trigrams.

Two syndicated copies of one wire story differ by a byline or a sentence; their SimHashes differ
by a few bits while unrelated reports differ by about 32. NEAR_DUPLICATE_BITS was set on the
example corpus: copies with one sentence changed stay under it, distinct reports on the same
event stay well above.
"""

from __future__ import annotations

import hashlib
import re

NEAR_DUPLICATE_BITS = 6
_WORD = re.compile(r"\w+", re.UNICODE)


def simhash(text: str) -> int:
    import numpy as np

    words = [w.lower() for w in _WORD.findall(text)]
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
         for s in shingles), dtype=np.uint64, count=len(shingles))
    # Each shingle votes +1/-1 on each of the 64 bits; a bit is set where the votes are positive.
    ones = ((hashes[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)).sum(axis=0)
    result = 0
    for bit in np.flatnonzero(2 * ones > len(shingles)):
        result |= 1 << int(bit)
    return result


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def is_near_duplicate(a: int, b: int) -> bool:
    return hamming(a, b) <= NEAR_DUPLICATE_BITS


def to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value
