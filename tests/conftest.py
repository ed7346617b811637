"""Shared fixtures: the seed reports and benchmark data (skipped when ../shared is absent),
one Pipeline per test session (models load once), and throwaway stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))
EXAMPLES = REPO / "examples" / "reports"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not present")
    return path


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    path = Path(os.environ.get("SITREP_BENCH_DATA", SHARED / "bench"))
    if not path.is_dir():
        pytest.skip("../shared/bench is not present")
    return path


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def pipeline():
    from sitrep.pipeline import Pipeline

    return Pipeline()


@pytest.fixture()
def store(tmp_path):
    from sitrep.store import Store

    with Store(tmp_path / "test.db") as s:
        yield s
