"""Shared fixtures: every test runs with its own data folder, never the user's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the properties on the same examples every time (DATELINE_CI, set by .ci/run):
# a landing must not hang on a random draw. Runs by hand draw new examples each time,
# which is how the properties find bugs (three so far).
settings.register_profile("ci", derandomize=True)
if os.environ.get("DATELINE_CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "peshawar.json"
SHARED = ROOT.parent / "shared"
SEED_ARTICLE = SHARED / "seed" / "peshawar-article.txt"
SAMPLES = SHARED / "samples"


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point $HOME, the XDG folders and $DATELINE_DB at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("DATELINE_DB", str(home / "default.json"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TMUX", raising=False)
    return home


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A private copy of the Peshawar sample database."""
    target = tmp_path / "peshawar.json"
    shutil.copyfile(SAMPLE, target)
    return target
