"""Numbers too long for Python's int() (over 4,300 digits) in headers, cites and draft
variants: a finding or one line, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

import faultlib
from console import no_traceback as _no_traceback
from console import run_cli
from faultlib import CORPUS, Op

_run = run_cli

LONG = "9" * 5000


def _record_with_a_long_line_number(ws: Path) -> None:
    """One record whose first span header says `(lines 1-<5,000 nines>)`."""
    assert faultlib.run(ws, Op("ticket_close", 1)).ok
    corpus = ws / CORPUS
    record = orjson.loads(corpus.read_bytes())
    answer = record["messages"][2]["content"]
    start = answer.index("(lines ") + len("(lines ")
    end = answer.index(")", start)
    record["messages"][2]["content"] = answer[:start] + "1-" + LONG + answer[end:]
    corpus.write_bytes(orjson.dumps(record) + b"\n")


@pytest.mark.parametrize(
    "command",
    [("validate", CORPUS), ("status",), ("repair", "--dry-run"), ("export", "dist"), ("count",)],
    ids=lambda c: c[0],
)
def test_a_header_line_number_of_5000_digits_is_e222_not_a_traceback(authoring_workspace, command):
    """A span header's range of 5,000 digits (past int()'s 4,300): `validate` says E222 with
    the number shortened; the other readers of the corpus go on or stop with one line."""
    _record_with_a_long_line_number(authoring_workspace)
    result = _run(authoring_workspace, *command)
    _no_traceback(result)
    assert LONG not in result.stderr + result.stdout
    if command[0] == "validate":
        assert "E222" in result.stdout and "5,000 digits" in result.stdout
        assert result.returncode == 1


def test_a_cite_of_5000_digits_is_a_check_problem_not_a_traceback(authoring_workspace):
    """A description citing `api/tickets.rs:<5,000 nines>`: `check` names the cite, shortened,
    as one problem, exit 1."""
    catalog = authoring_workspace / "flows.toml"
    text = catalog.read_text()
    catalog.write_text(
        text.replace(
            'description = "Closing a ticket marks its row and tells the bus."',
            f'description = "Closing a ticket (api/tickets.rs:1-2) marks its row (api/tickets.rs:{LONG})."',
        )
    )
    result = _run(authoring_workspace, "check")
    _no_traceback(result)
    assert result.returncode == 1
    assert "api/tickets.rs:…: a line number of over 18 digits" in result.stdout + result.stderr
    assert LONG not in result.stdout + result.stderr


def test_a_draft_header_with_a_5000_digit_variant_is_one_line(authoring_workspace):
    """A pending draft whose header says `variant <5,000 nines>` is not a draft header:
    `write` refuses it naming the draft, never a ValueError."""
    from svix_flows.corpus import drafts

    path = drafts.draft_path(authoring_workspace, "ticket_close", 1)
    path.parent.mkdir(parents=True)
    header = f"<!-- svix-flows draft · flow ticket_close · variant {LONG} -->\n"
    path.write_text(header + "=== REQUEST\n\n=== THINK\n\n=== CODE\n")
    (authoring_workspace / "p.txt").write_text(Op("ticket_close", 1).request)
    (authoring_workspace / "t.txt").write_text(Op("ticket_close", 1).think)
    args = ("write", "ticket_close", "--no-input", "--prompt", "p.txt", "--think", "t.txt")
    result = _run(authoring_workspace, *args)
    _no_traceback(result)
    assert result.returncode in (1, 2)
    assert "not the svix-flows draft header" in result.stderr
