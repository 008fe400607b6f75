"""The CLI keeps its documentation honest: every command has help, an example and a README
section, and the README's test command is the one CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from svix_flows.cli import app

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()
COMMANDS = sorted(info.name or info.callback.__name__.replace("_", "-") for info in app.registered_commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command):
    """`svix-flows COMMAND --help` works and shows an example invocation."""
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_the_readme(command):
    """The README has a section for every command."""
    assert re.search(rf"^### `{command}\b", README, re.MULTILINE), f"no README section for {command}"


def test_ci_runs_the_readmes_test_command():
    """.ci/run takes its command from the README, so the two cannot drift apart."""
    script = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in script and "README.md" in script
    assert "<!-- test-command -->\n```sh\n" in README


def test_a_bad_flag_is_one_line_and_exit_2_from_the_real_entry_point(tmp_path):
    """Usage errors from the console script are one line on stderr, exit 2, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "svix_flows", "symbols", "x.rs", "--jsn"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: No such option: --jsn (Possible options: --json); see `svix-flows symbols --help`"
    ]


def test_every_document_the_code_cites_exists():
    """Each document a module names (`docs/validate.md`, `README.md`, …) is a file of the
    repository, so a docstring never sends a reader to a document that is not there."""
    missing = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "src").rglob("*.py")
        for name in re.findall(r"(?<![\w/.-])(docs/[\w-]+\.md|[A-Z][A-Z_-]+\.md)\b", path.read_text("utf-8"))
        if not (ROOT / name).is_file()
    )
    assert missing == []
