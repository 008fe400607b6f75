"""A refused draft reopens at its top, where the problem note is, in editors that take `+1`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from svix_flows.editor import takes_line_argument
from svix_flows.ops import authoring
from svix_flows.project import Project

EDITORS = Path(__file__).parent / "fixtures" / "authoring" / "editors"


@pytest.mark.parametrize(
    "argv", [("vim",), ("/usr/bin/nvim",), ("vi",), ("nano",), ("emacs", "-nw"), ("emacsclient", "-t")]
)
def test_vi_family_nano_and_emacs_take_a_line_argument(argv):
    """The vi family, nano and emacs are opened with `+1`."""
    assert takes_line_argument(argv, {"PATH": ""})


@pytest.mark.parametrize("argv", [("code", "--wait"), ("subl", "-w"), ("gedit",)])
def test_other_editors_are_run_as_they_are(argv):
    """Editors not known to take `+LINE` get no extra argument."""
    assert not takes_line_argument(argv, {"PATH": ""})


def test_debians_editor_link_is_followed(tmp_path):
    """`editor` that links to nano counts as nano."""
    (tmp_path / "nano").write_text("")
    (tmp_path / "editor").symlink_to(tmp_path / "nano")
    os.chmod(tmp_path / "nano", 0o755)
    assert takes_line_argument(("editor",), {"PATH": str(tmp_path)})


def test_a_refused_draft_reopens_at_line_1(authoring_workspace, monkeypatch, tmp_path):
    """The first run opens the draft as usual; the reopening after a refusal passes `+1` first."""
    log = tmp_path / "argv.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    vi = bin_dir / "vi"
    vi.write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys\n"
        f"open({str(log)!r}, 'a').write(' '.join(sys.argv[1:-1]) + '|\\n')\n"
        f"subprocess.run([{sys.executable!r}, {str(EDITORS / 'fix_second.py')!r}, sys.argv[-1]], check=True)\n"
    )
    vi.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("EDITOR", "vi")

    class Operator:
        def choose(self, flow, recorded):
            raise AssertionError("not a recorded flow")

        def reopen(self, outcome):
            return True

        def warned(self, outcome):
            return "append"

    outcome = authoring.write(Project(), "ticket_intake", ask=Operator())
    assert outcome.status is authoring.Status.APPENDED
    assert log.read_text() == "|\n+1|\n"


def test_the_variant_question_names_each_answer():
    """One record: "Add a variant [a], revise record 1 [1], or quit [q]?"; several are listed."""
    from svix_flows.output import variant_question

    assert variant_question("message_creation", [1]) == (
        "message_creation has 1 record. Add a variant [a], revise record 1 [1], or quit [q]?"
    )
    assert variant_question("message_creation", [1, 2, 4]) == (
        "message_creation has 3 records. Add a variant [a], revise record 1, 2 or 4 [1/2/4], or quit [q]?"
    )


@pytest.mark.parametrize(("typed", "expected"), [("\n", "quit"), ("q\n", "quit"), ("a\n", None), ("1\n", 1)])
def test_enter_on_the_variant_question_quits(typed, expected, monkeypatch):
    """Enter alone quits (writes nothing); `a` adds a variant; a number revises that record."""
    import io

    from rich.console import Console

    from svix_flows.ops.authoring import QUIT
    from svix_flows.output import Output, TerminalQuestions

    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    err = io.StringIO()
    answer = TerminalQuestions(Output(err=Console(file=err, width=200))).choose("message_creation", [1])
    assert answer == (QUIT if expected == "quit" else expected)
    assert "Add a variant [a], revise record 1 [1], or quit [q]?" in err.getvalue()


def test_quitting_the_variant_question_writes_nothing(authoring_workspace, use_editor, cli, monkeypatch):
    """Quit on a recorded flow: exit 0, no new draft, the corpus unchanged."""
    from test_write import CORPUS, REQUEST, THINK

    monkeypatch.setenv("FILL_REQUEST", REQUEST)
    monkeypatch.setenv("FILL_THINK", THINK)
    use_editor("fill")
    assert cli("write", "ticket_intake").exit_code == 0
    before = CORPUS.read_bytes()

    class Operator:
        def choose(self, flow, recorded):
            return authoring.QUIT

        def reopen(self, outcome):
            raise AssertionError("nothing to reopen")

    outcome = authoring.write(Project(), "ticket_intake", ask=Operator())
    assert outcome.status is authoring.Status.QUIT and outcome.ok
    assert CORPUS.read_bytes() == before
    assert not Path("prompts/drafts/ticket_intake.2.md").exists()
