"""Stage 1: read reports and their metadata into `Document` records."""

from .dedup import is_near_duplicate, simhash
from .language import detect_language
from .readers import read_file, read_paths

__all__ = ["detect_language", "is_near_duplicate", "read_file", "read_paths", "simhash"]
