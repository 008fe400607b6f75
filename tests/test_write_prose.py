"""`write` holds the prose against the code before anything is appended, as `validate` does.

Texts come from files (`--prompt`, `--think`) so each case is exactly the text under test; the
fixture checkout is the authoring one (post_ticket, Intake::check, TicketRow::from_intake, …).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from svix_flows.ops import authoring
from svix_flows.output import Output, TerminalQuestions

CORPUS = Path("out/cross_module_data_flows.jsonl")
REQUEST = (
    "We need the ticket intake flow from the api through core into the store and onto the bus, "
    "with the failure cases spelled out."
)
THINK = (
    "post_ticket in api::tickets takes the TicketIn body and hands it to Intake::check in "
    "core::intake, where the title is trimmed and the priority clamped; the checked Intake "
    "becomes a TicketRow through TicketRow::from_intake in store::ticket, which borrows the "
    "intake and clones only the title. Bus::announce in the bus module then carries the id. "
    "Every step returns a Result and the handler propagates it with the ? operator, so a failed "
    "check returns before the store or the bus see anything."
)


@pytest.fixture
def write_texts(authoring_workspace, tmp_path, cli):
    """`write FLOW --no-input` with the given texts; returns the CLI result."""

    def run(request: str = REQUEST, think: str = THINK, *extra: str, flow: str = "ticket_intake"):
        prompt_file, think_file = tmp_path / "request.txt", tmp_path / "think.txt"
        prompt_file.write_text(request, encoding="utf-8")
        think_file.write_text(think, encoding="utf-8")
        return cli("write", flow, "--no-input", "--prompt", prompt_file, "--think", think_file, *extra)

    return run


def corpus_lines() -> int:
    return len(CORPUS.read_bytes().splitlines()) if CORPUS.exists() else 0


def test_a_true_specific_record_is_appended_without_a_word(write_texts):
    """Texts whose every name is real and that name the flow's own functions pass silently."""
    result = write_texts()
    assert result.exit_code == 0, result.stderr
    assert "W3" not in result.stderr and "E3" not in result.stderr
    assert corpus_lines() == 1


def test_an_invented_function_is_refused_with_the_nearest_real_names(write_texts):
    """A name the crate never mentions is an error at write time, offering the real ones."""
    result = write_texts(REQUEST, THINK.replace("post_ticket in", "post_ticket_handler in"))
    assert result.exit_code == 1
    assert "E320" in result.stderr and "`post_ticket_handler`" in result.stderr
    assert "nearest: `post_ticket`" in result.stderr
    assert corpus_lines() == 0


def test_an_invented_module_in_the_request_is_refused(write_texts):
    """The request is held against the crate too: a module that does not exist is an error."""
    result = write_texts(REQUEST + " Start from core::dispatcher.", THINK)
    assert result.exit_code == 1
    assert "E321" in result.stderr and "core::dispatcher" in result.stderr
    assert corpus_lines() == 0


def test_a_method_the_type_does_not_have_is_refused(write_texts):
    """`Type::member` must be a member of that type in the crate."""
    result = write_texts(REQUEST, THINK.replace("Bus::announce in", "Bus::broadcast in"))
    assert result.exit_code == 1
    assert "E323" in result.stderr and "`announce`" in result.stderr


def test_a_terminal_escape_in_the_think_block_is_refused(write_texts):
    """Control characters never reach the corpus: E205 at write, whatever the editor saved."""
    result = write_texts(REQUEST, THINK.replace("the id.", "the id.\x1b]0;owned\x07"))
    assert result.exit_code == 1
    assert "E205" in result.stderr
    assert "\x1b" not in result.stderr
    assert corpus_lines() == 0


def test_the_same_request_on_another_flow_is_said_at_write_time(write_texts):
    """The corpus-wide checks run before the append: a repeated request gets W241 right away."""
    assert write_texts().exit_code == 0
    think = (
        "close_ticket in api::tickets marks the row closed and calls Bus::announce in the bus "
        "module, which sends only the id; an error propagates as a Result to the handler."
    )
    result = write_texts(REQUEST, think, flow="ticket_close")
    assert result.exit_code == 0, result.stderr
    assert "W241" in result.stderr and "line 1" in result.stderr
    assert corpus_lines() == 2


def test_strict_write_refuses_a_record_with_warnings(write_texts):
    """`write --strict` refuses what `validate --strict` would fail: nothing is appended."""
    assert write_texts().exit_code == 0
    result = write_texts(REQUEST, THINK + " Nothing else crosses a module here.", "--strict")
    assert result.exit_code == 1
    assert "W241" in result.stderr
    assert corpus_lines() == 1


def test_a_buzzword_think_block_is_warned_with_candidates(write_texts):
    """Module names and topic words alone are not specific: W311 lists the code's own names."""
    buzz = (
        "We design the data flow from the api through core into the store and the bus, "
        "transforming API types into internal types. Errors propagate with Result types and "
        "retries, we avoid unnecessary copies, and the tickets, intake, ticket and bus modules "
        "are each tested on their own."
    )
    result = write_texts(REQUEST, buzz)
    assert result.exit_code == 0
    assert "W311" in result.stderr and "post_ticket" in result.stderr


def test_warnings_on_a_terminal_reopen_the_editor_by_default():
    """Asked whether to append a record with warnings, Enter means reopen, not append."""
    err = Console(file=io.StringIO(), force_terminal=False, width=200)
    questions = TerminalQuestions(Output(err=err))
    outcome = authoring.Outcome(authoring.Status.APPENDED, "ticket_intake", 1, Path("d.md"))
    import sys

    stdin = sys.stdin
    sys.stdin = io.StringIO("\n")
    try:
        assert questions.warned(outcome) == "reopen"
    finally:
        sys.stdin = stdin
    assert "Append anyway" in err.file.getvalue()
