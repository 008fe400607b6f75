"""`drop FLOW N`: a record taken back out of the corpus, its draft kept and marked dropped."""

from __future__ import annotations

import json
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
