"""Every test runs isolated: its own working directory, cache and environment.

No test sees the developer's SVIX_FLOWS_* variables, cache or editor, and none finds the
repository's own flows.toml by walking up.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("SVIX_FLOWS_SOURCE", "SVIX_FLOWS_CATALOG", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A corpus workspace (flows.toml whose [source] path points at a synthetic checkout)."""
    shutil.copytree(FIXTURES / "checkout", tmp_path / "checkout")
    shutil.copytree(FIXTURES / "workspace", tmp_path / "ws")
    return tmp_path / "ws"


@pytest.fixture
def checkout(workspace: Path) -> Path:
    """The synthetic svix-webhooks checkout beside the workspace."""
    return workspace.parent / "checkout"


@pytest.fixture
def authoring_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The synthetic authoring workspace (two flows over a made-up crate), as the current directory."""
    base = tmp_path / "authoring"
    shutil.copytree(FIXTURES / "authoring" / "checkout", base / "checkout")
    shutil.copytree(FIXTURES / "authoring" / "workspace", base / "ws")
    monkeypatch.chdir(base / "ws")
    return base / "ws"


@pytest.fixture
def use_editor(monkeypatch: pytest.MonkeyPatch):
    """Set $EDITOR to one of the scripted editors of tests/fixtures/authoring/editors (a real process)."""
    import shlex
    import sys

    def use(name: str) -> None:
        script = FIXTURES / "authoring" / "editors" / f"{name}.py"
        monkeypatch.setenv("EDITOR", shlex.join([sys.executable, str(script)]))

    return use


@pytest.fixture
def cli():
    """Invoke the svix-flows CLI in-process; returns the click Result (stdout and stderr apart)."""
    from svix_flows.cli import app

    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke
