"""Shared fixtures: repository paths and the render mode used by tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("KETCOURSE_MODE", "static")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
