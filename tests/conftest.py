"""Every test runs isolated: its own working directory, cache and environment.

No test or process a test starts sees the operator's SVIX_FLOWS_* variables, editor, pager,
terminal, colour settings or cache, and none finds the repository's own flows.toml by walking
up. tests/test_isolation.py checks that every variable the tool reads is among those cleared.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checkouts import make_workspace

FIXTURES = Path(__file__).parent / "fixtures"

# Every variable svix-flows, or a library it renders or runs through (rich, typer, git), reads:
# by prefix where a family is read (git alone reads dozens of GIT_*), by name otherwise. PAGER
# and MANPAGER are what rich's Console.pager would run, should a command ever page.
CLEARED_PREFIXES = ("SVIX_FLOWS_", "_SVIX_FLOWS_", "XDG_", "GIT_", "TYPER_", "_TYPER_", "JUPYTER_", "TTY_")
CLEARED_NAMES = frozenset(
    {
        "VISUAL",
        "EDITOR",
        "PAGER",
        "MANPAGER",
        "LESS",
        "NO_COLOR",
        "FORCE_COLOR",
        "PY_COLORS",
        "COLORTERM",
        "TERM",
        "COLUMNS",
        "LINES",
        "TERMINAL_WIDTH",
        "GITHUB_ACTIONS",
        "DATABRICKS_RUNTIME_VERSION",
    }
)
# The suite's own knob (tests/faultlib.py), which the tool never reads: a soak run keeps it.
KEPT = frozenset({"SVIX_FLOWS_SOAK"})
# Read by the tool but decided here: HOME is the test's own; PATH is inherited so that python,
# git and the scripted editors are found.
SET = frozenset({"HOME", "XDG_CACHE_HOME"})
INHERITED = frozenset({"PATH"})


def cleared(name: str) -> bool:
    """Whether the isolation removes `name` from every test's environment."""
    return name not in KEPT and (name in CLEARED_NAMES or name.startswith(CLEARED_PREFIXES))


def decided(name: str) -> bool:
    """Whether the isolation decides what a test sees of `name`: cleared, set or inherited."""
    return cleared(name) or name in SET or name in INHERITED


def isolate(patch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Clear every variable the tool reads; set only a home and a cache of the test's own."""
    for name in [name for name in os.environ if cleared(name)]:
        patch.delenv(name)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    patch.setenv("HOME", str(home))
    patch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    patch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path):
    """The isolation, on a monkeypatch of its own: a test's `monkeypatch.undo()` keeps it.

    os.environ itself is isolated, so every subprocess a test starts inherits the isolation.
    """
    with pytest.MonkeyPatch.context() as patch:
        isolate(patch, tmp_path)
        yield tmp_path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A corpus workspace (flows.toml whose [source] path points at a synthetic checkout)."""
    return make_workspace(tmp_path)


@pytest.fixture
def checkout(workspace: Path) -> Path:
    """The synthetic svix-webhooks checkout beside the workspace."""
    return workspace.parent / "checkout"


@pytest.fixture
def authoring_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The synthetic authoring workspace (two flows over a made-up crate), as the current directory."""
    workspace = make_workspace(tmp_path / "authoring", "authoring")
    monkeypatch.chdir(workspace)
    return workspace


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
