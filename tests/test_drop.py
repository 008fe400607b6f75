"""`drop FLOW N`: a record taken back out of the corpus, its draft kept and marked dropped."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from test_write import CORPUS, PROVENANCE, texts  # noqa: F401 (a fixture)

SECOND = "Second angle: how does a posted ticket reach the bus, and what fails where?"


def _two_records(cli, use_editor, texts) -> list[bytes]:
    use_editor("fill")
    assert cli("write", "ticket_intake").exit_code == 0
    texts(request=SECOND)
    assert cli("write", "ticket_intake", "--no-input").exit_code == 0
    return CORPUS.read_bytes().splitlines(keepends=True)


def test_drop_removes_the_line_and_its_provenance(authoring_workspace, use_editor, texts, cli):
    """`drop FLOW 1 --yes` takes line 1 out; the other line stays byte for byte, provenance follows."""
    before = _two_records(cli, use_editor, texts)
    result = cli("drop", "ticket_intake", "1", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "dropped `ticket_intake` variant 1 (line 1" in result.stderr
    assert CORPUS.read_bytes() == before[1]
    entries = [json.loads(line) for line in PROVENANCE.read_text().splitlines()]
    assert [(e["variant"], e["line"]) for e in entries] == [(2, 1)]


def test_dropped_draft_is_kept_and_marked(authoring_workspace, use_editor, texts, cli):
    """The draft stays on disk with its texts; its header says dropped."""
    _two_records(cli, use_editor, texts)
    draft = Path("prompts/drafts/ticket_intake.md")
    text_before = draft.read_text()
    cli("drop", "ticket_intake", "1", "--yes")
    first, _, rest = draft.read_text().partition("\n")
    assert " · dropped " in first
    assert rest == text_before.partition("\n")[2]


def test_rebuild_does_not_bring_a_dropped_record_back(authoring_workspace, use_editor, texts, cli):
    """After `drop`, `rebuild` makes the corpus without the dropped record, and counts no pending draft."""
    before = _two_records(cli, use_editor, texts)
    cli("drop", "ticket_intake", "1", "--yes")
    result = cli("rebuild")
    assert result.exit_code == 0, result.stderr
    assert CORPUS.read_bytes() == before[1]
    assert "0 drafts pending" in result.stderr


def test_a_new_variant_never_reuses_a_dropped_number(authoring_workspace, use_editor, texts, cli):
    """`write` after dropping variant 2 writes variant 3; the dropped draft is untouched."""
    _two_records(cli, use_editor, texts)
    cli("drop", "ticket_intake", "2", "--yes")
    dropped = Path("prompts/drafts/ticket_intake.2.md").read_bytes()
    texts(request="Third angle: where does the store convert the intake, and what does it copy?")
    result = cli("write", "ticket_intake", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert "variant 3" in result.stderr
    assert Path("prompts/drafts/ticket_intake.2.md").read_bytes() == dropped


def test_drop_without_a_terminal_needs_yes(authoring_workspace, use_editor, texts, cli):
    """Not on a terminal and without --yes, `drop` changes nothing and exits 2 naming --yes."""
    before = _two_records(cli, use_editor, texts)
    result = cli("drop", "ticket_intake", "1")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert CORPUS.read_bytes() == b"".join(before)


def test_drop_of_an_unrecorded_variant_is_a_data_error(authoring_workspace, use_editor, texts, cli):
    """A variant that has no record is refused (exit 1: the data, not the usage) with the recorded ones listed."""
    _two_records(cli, use_editor, texts)
    result = cli("drop", "ticket_intake", "5", "--yes")
    assert result.exit_code == 1
    assert "no recorded variant 5 (recorded: 1, 2)" in result.stderr


def test_dropping_twice_says_it_was_dropped_already(authoring_workspace, use_editor, texts, cli):
    """The second `drop` of one variant is refused (exit 1, a data problem) and names the draft."""
    _two_records(cli, use_editor, texts)
    cli("drop", "ticket_intake", "1", "--yes")
    result = cli("drop", "ticket_intake", "1", "--yes")
    assert result.exit_code == 1
    assert "dropped already" in result.stderr


@pytest.mark.parametrize(("typed", "expected"), [("\n", False), ("n\n", False), ("y\n", True)])
def test_the_drop_question_defaults_to_no(typed, expected, monkeypatch):
    """On a terminal `drop` asks first; Enter alone keeps the record."""
    import io

    from rich.console import Console

    from svix_flows.output import Output, confirm

    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert confirm(Output(err=Console(file=io.StringIO())), "Drop it?") is expected


def _state() -> tuple[bytes, bytes]:
    return CORPUS.read_bytes(), PROVENANCE.read_bytes()


@contextmanager
def _held_in_another_terminal(draft: str) -> Iterator[None]:
    """The draft claimed by another process, as a `write --revise` in another terminal holds it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from svix_flows.corpus import drafts\n"
            "with drafts.claimed(Path(sys.argv[1]), True):\n"
            "    print('held', flush=True); sys.stdin.read()",
            draft,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.communicate("")


def test_drop_is_refused_while_another_terminal_holds_the_draft(authoring_workspace, use_editor, texts, cli):
    """A `write --revise` of the variant running in another terminal (its draft claimed):
    `drop` refuses in one line, exit 2, and changes nothing (the revision's save would
    otherwise bring the record back, or be lost)."""
    _two_records(cli, use_editor, texts)
    before = _state()
    with _held_in_another_terminal("prompts/drafts/ticket_intake.2.md"):
        result = cli("drop", "ticket_intake", "2", "--yes")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "another terminal is writing this draft" in result.stderr
    assert _state() == before
    assert " · dropped " not in Path("prompts/drafts/ticket_intake.2.md").read_text().partition("\n")[0]


def test_drop_refuses_a_torn_provenance_line_and_changes_nothing(authoring_workspace, use_editor, texts, cli):
    """A torn last provenance line (a kill mid-write): `drop` refuses as `write` does, in one
    line naming `repair`, and neither file changes (it used to discard the torn bytes)."""
    _two_records(cli, use_editor, texts)
    with open(PROVENANCE, "ab") as handle:
        handle.write(b'{"flow": "ticket_close", "vari')
    before = _state()
    result = cli("drop", "ticket_intake", "1", "--yes")
    assert result.exit_code == 1
    assert "svix-flows repair" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _state() == before


def test_drop_keeps_a_provenance_line_it_cannot_read(authoring_workspace, use_editor, texts, cli):
    """A provenance line that is no entry (damaged by hand) is kept byte for byte, not
    silently discarded; only the dropped record's entry goes."""
    _two_records(cli, use_editor, texts)
    lines = PROVENANCE.read_bytes().splitlines(keepends=True)
    PROVENANCE.write_bytes(lines[0] + b"not an entry\n" + lines[1])
    assert cli("drop", "ticket_intake", "1", "--yes").exit_code == 0
    kept = PROVENANCE.read_bytes().splitlines()
    assert kept[0] == b"not an entry" and json.loads(kept[1])["variant"] == 2


def test_a_drop_run_again_after_a_kill_between_the_two_files_leaves_provenance_right(
    authoring_workspace, use_editor, texts, cli
):
    """A `drop` killed after the corpus rewrite, before the provenance one (line 1 gone, its
    entry and the shifted line numbers still there), then run again: provenance names each
    remaining record at its line (it was left off by one)."""
    _two_records(cli, use_editor, texts)
    texts(request="Third angle: where does the store convert the intake, and what does it copy?")
    assert cli("write", "ticket_intake", "--no-input").exit_code == 0
    lines = CORPUS.read_bytes().splitlines(keepends=True)
    CORPUS.write_bytes(b"".join(lines[1:]))  # the first file rewritten, then the kill
    result = cli("drop", "ticket_intake", "1", "--yes")
    assert result.exit_code == 0, result.stderr
    entries = [json.loads(line) for line in PROVENANCE.read_text().splitlines()]
    assert [(e["variant"], e["line"]) for e in entries] == [(2, 1), (3, 2)]
    assert CORPUS.read_bytes() == b"".join(lines[1:])


@pytest.mark.parametrize("digits", [4000, 5000])
def test_a_variant_number_of_thousands_of_digits_is_shortened_in_the_message(
    authoring_workspace, cli, digits
):
    """`drop FLOW <4,000 or 5,000 digits>`: one short line, the number shortened (it was
    echoed whole, past int()'s limit or not)."""
    result = subprocess.run(
        [sys.executable, "-m", "svix_flows", "drop", "ticket_intake", "9" * digits, "--yes"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and len(result.stderr) < 400, result.stderr


def test_rebuild_is_refused_while_another_terminal_revises_a_draft(
    authoring_workspace, use_editor, texts, cli
):
    """A recorded draft held by a `write --revise` in another terminal: `rebuild` stops in one
    line, exit 2, and writes nothing (it would assemble the half-edited draft, or undo the
    revision's line when it lands)."""
    _two_records(cli, use_editor, texts)
    before = _state()
    with _held_in_another_terminal("prompts/drafts/ticket_intake.2.md"):
        result = cli("rebuild")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "another terminal is writing this draft" in result.stderr
    assert _state() == before
    assert cli("rebuild").exit_code == 0  # once that terminal is done
