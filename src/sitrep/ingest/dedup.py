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
    if len(words) >= 3:
        shingles = {f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:])}
    else:
        shingles = {" ".join(words)}
    # Each shingle's first 8 bytes of BLAKE2b, a big-endian 64-bit number.
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(s.encode(), digest_size=8).digest() for s in shingles])
    # Each shingle votes +1/-1 on each of the 64 bits; a bit is set where the votes are positive.
    # Unpacked big-endian bytes list each number's bits from bit 63 down to bit 0.
    ones = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1).sum(
        axis=0)[::-1]
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


_BANDS = NEAR_DUPLICATE_BITS + 1
_BAND_EDGES = [round(i * 64 / _BANDS) for i in range(_BANDS + 1)]


class NearDuplicateIndex:
    """Fingerprints found by near-equality without comparing against every stored one.

    Each 64-bit SimHash is cut into NEAR_DUPLICATE_BITS + 1 bands: two fingerprints that differ
    in at most NEAR_DUPLICATE_BITS bits agree exactly on at least one band (pigeonhole), so only
    fingerprints sharing a band with the query are compared.
    """

    def __init__(self) -> None:
        self._bands: list[dict[int, list[tuple[str, int]]]] = [{} for _ in range(_BANDS)]

    def _keys(self, fingerprint: int) -> list[int]:
        return [fingerprint >> lo & ((1 << (hi - lo)) - 1)
                for lo, hi in zip(_BAND_EDGES, _BAND_EDGES[1:])]

    def add(self, doc_id: str, fingerprint: int) -> None:
        for band, key in zip(self._bands, self._keys(fingerprint)):
            band.setdefault(key, []).append((doc_id, fingerprint))

    def find(self, fingerprint: int) -> str | None:
        """Id of an indexed document within NEAR_DUPLICATE_BITS of `fingerprint`, if any."""
        for band, key in zip(self._bands, self._keys(fingerprint)):
            for doc_id, other in band.get(key, ()):
                if is_near_duplicate(fingerprint, other):
                    return doc_id
        return None
