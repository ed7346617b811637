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
    words = [w.lower() for w in _WORD.findall(text)]
    shingles = [" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))]
    weights = [0] * 64
    for shingle in shingles:
        value = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    result = 0
    for bit, weight in enumerate(weights):
        if weight > 0:
            result |= 1 << bit
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
