"""`sitrep kb ...`: inspect and validate knowledge-base files."""

from __future__ import annotations

import click


@click.group()
def kb() -> None:
    """Inspect and validate knowledge-base files."""
