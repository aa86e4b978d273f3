"""Shared fixtures: project paths and the optional ../shared folder beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = PROJECT_ROOT.parent / "shared"
SAMPLE_DIR = PROJECT_ROOT / "sample_reports"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The contract folder beside the checkout; tests that need it skip where it is absent."""
    if not (SHARED_DIR / "SPEC.md").is_file():
        pytest.skip("../shared (SPEC and seed reports) is not beside this checkout")
    return SHARED_DIR


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not (seeds / "expected.json").is_file():
        pytest.skip("../shared/seeds/expected.json is not beside this checkout")
    return seeds
