"""`sitrep gazetteer ...`: build and extend the gazetteer index."""

from __future__ import annotations

import click


@click.group()
def gazetteer() -> None:
    """Build the gazetteer index, import GeoNames dumps, look places up."""
