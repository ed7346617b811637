"""Event extraction."""

from __future__ import annotations

from ..records import Analysis


def extract_events(analysis: Analysis, kb=None, gazetteer=None) -> Analysis:
    return analysis
