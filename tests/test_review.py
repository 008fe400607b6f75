"""`review`: records read again and accepted or sent back with a note, the decision in provenance."""

from __future__ import annotations

import json
from pathlib import Path

from test_write import CORPUS, PROVENANCE, texts  # noqa: F401 (a fixture)

SECOND = "Second angle: how does a posted ticket reach the bus, and what fails where?"
THIRD = "Third angle: where does the store convert the intake, and what does it copy?"


def _records(cli, use_editor, texts, *requests: str) -> None:
    use_editor("fill")
    for request in requests:
        texts(request=request) if request else texts()
        result = cli("write", "ticket_intake", "--no-input")
        assert result.exit_code == 0, result.stderr


def _revise(cli, request: str):
    from test_write import THINK

    Path("request.md").write_text(request)
    Path("think.md").write_text(THINK)
    return cli(
        "write", "ticket_intake", "--revise", "--prompt", "request.md", "--think", "think.md", "--no-input"
    )


def _reviews() -> dict[int, dict | None]:
    entries = [json.loads(line) for line in PROVENANCE.read_text().splitlines()]
    return {e["variant"]: e["review"] for e in entries}


def _listed(cli, *args: str) -> list[dict[str, str]]:
    result = cli("review", *args, "--no-input")
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_no_input_lists_the_unreviewed_records_oldest_first(authoring_workspace, use_editor, texts, cli):
    """`review --no-input` alone decides nothing and lists every unreviewed record."""
    _records(cli, use_editor, texts, "", SECOND)
    assert [(r["line"], r["variant"], r["state"]) for r in _listed(cli)] == [
        ("1", "1", "unreviewed"),
        ("2", "2", "unreviewed"),
    ]
    assert _reviews() == {1: None, 2: None}


def test_accept_keeps_the_verdict_in_provenance(authoring_workspace, use_editor, texts, cli):
    """`--accept --variant 2` writes an accepted review on that record's entry alone."""
    _records(cli, use_editor, texts, "", SECOND)
    corpus = CORPUS.read_bytes()
    result = cli("review", "ticket_intake", "--variant", "2", "--accept", "--no-input")
    assert result.exit_code == 0, result.stderr
    reviews = _reviews()
    assert reviews[1] is None
    assert reviews[2]["verdict"] == "accepted"
    assert CORPUS.read_bytes() == corpus
    assert [r["variant"] for r in _listed(cli)] == ["1"]


def test_a_scripted_decision_takes_the_oldest_unreviewed_record_only(
    authoring_workspace, use_editor, texts, cli
):
    """`--accept` without a variant decides one record: the oldest not yet reviewed."""
    _records(cli, use_editor, texts, "", SECOND)
    assert cli("review", "--accept", "--no-input").exit_code == 0
    assert cli("review", "--accept", "--no-input").exit_code == 0
    reviews = _reviews()
    assert reviews[1]["verdict"] == reviews[2]["verdict"] == "accepted"
    result = cli("review", "--accept", "--no-input")
    assert result.exit_code == 0 and "nothing to review" in result.stderr


def test_needs_work_keeps_its_note_and_revise_shows_it(authoring_workspace, use_editor, texts, cli):
    """A needs-work note is kept in provenance and shown at the top of the draft `--revise` opens."""
    _records(cli, use_editor, texts, "")
    note = "say what the bus carries"
    assert cli("review", "ticket_intake", "--variant", "1", "--needs-work", note, "--no-input").exit_code == 0
    assert _reviews()[1]["verdict"] == "needs-work" and _reviews()[1]["note"] == note
    use_editor("fail")  # the editor gives up: the draft stays as it was opened
    cli("write", "ticket_intake", "--revise")
    text = Path("prompts/drafts/ticket_intake.md").read_text()
    assert "asks for work on this record" in text and note in text.split("=== REQUEST")[0]


def test_a_revised_record_is_unreviewed_again_with_its_note(authoring_workspace, use_editor, texts, cli):
    """After `write --revise` the record awaits review again; its earlier note is still listed."""
    _records(cli, use_editor, texts, "")
    cli("review", "ticket_intake", "--variant", "1", "--needs-work", "name the bus", "--no-input")
    assert _listed(cli) == []
    result = _revise(cli, THIRD)
    assert result.exit_code == 0, result.stderr
    (row,) = _listed(cli)
    assert (row["variant"], row["state"], row["last review"]) == (
        "1",
        "unreviewed",
        "needs-work: name the bus",
    )
    assert "svix-flows review" not in Path("prompts/drafts/ticket_intake.md").read_text().split("\n")[1]


def test_a_record_whose_code_drifted_is_unreviewed_again(authoring_workspace, use_editor, texts, cli):
    """An accepted record whose span changed on the checkout (a re-pin) counts as unreviewed."""
    _records(cli, use_editor, texts, "")
    cli("review", "--accept", "--no-input")
    source = authoring_workspace.parent / "checkout" / "server/svix-server/src/core/intake.rs"
    source.write_text(source.read_text().replace("trim()", "trim_end()", 1))
    (row,) = _listed(cli)
    assert row["state"] == "unreviewed"


def test_an_empty_note_is_refused(authoring_workspace, use_editor, texts, cli):
    """`--needs-work ""` is a usage error; nothing is written."""
    _records(cli, use_editor, texts, "")
    before = PROVENANCE.read_bytes()
    result = cli("review", "--needs-work", "  ", "--no-input")
    assert result.exit_code == 2 and "note is empty" in result.stderr
    assert PROVENANCE.read_bytes() == before


def test_a_decision_rewrites_only_its_own_entry(authoring_workspace, use_editor, texts, cli):
    """Every other provenance line, a damaged one included, stays byte for byte."""
    _records(cli, use_editor, texts, "", SECOND)
    with PROVENANCE.open("ab") as handle:
        handle.write(b"{not json\n")
    lines = PROVENANCE.read_bytes().splitlines(keepends=True)
    cli("review", "ticket_intake", "--variant", "2", "--accept", "--no-input")
    after = PROVENANCE.read_bytes().splitlines(keepends=True)
    assert after[0] == lines[0] and after[2] == lines[2] and after[1] != lines[1]


def test_an_unknown_variant_is_a_data_error(authoring_workspace, use_editor, texts, cli):
    """Naming a variant that has no record in the corpus exits 1 and says so."""
    _records(cli, use_editor, texts, "")
    result = cli("review", "ticket_intake", "--variant", "7", "--accept", "--no-input")
    assert result.exit_code == 1 and "no record of `ticket_intake` variant 7" in result.stderr


def test_review_states_survive_rebuild_and_drop(authoring_workspace, use_editor, texts, cli):
    """`rebuild` of an unchanged corpus and `drop` of another record keep every review."""
    _records(cli, use_editor, texts, "", SECOND, THIRD)
    cli("review", "ticket_intake", "--variant", "2", "--accept", "--no-input")
    cli("review", "ticket_intake", "--variant", "3", "--needs-work", "shorter", "--no-input")
    assert cli("rebuild").exit_code == 0
    assert cli("drop", "ticket_intake", "1", "--yes").exit_code == 0
    reviews = _reviews()
    assert (reviews[2]["verdict"], reviews[3]["verdict"], reviews[3]["note"]) == (
        "accepted",
        "needs-work",
        "shorter",
    )
    assert [r["state"] for r in _listed(cli, "ticket_intake", "--variant", "3")] == ["needs-work"]


def test_a_decision_on_a_record_revised_meanwhile_is_refused(authoring_workspace, use_editor, texts):
    """A decision on a record that changed since it was shown writes nothing and says why."""
    import pytest

    from svix_flows.errors import DataError
    from svix_flows.ops import authoring, review
    from svix_flows.project import Project

    use_editor("fill")
    authoring.write(Project(), "ticket_intake")
    (item,) = review.items(Project(), review.Pick(), with_findings=False)
    authoring.write(
        Project(), "ticket_intake", revise=authoring.LATEST, texts=authoring.Texts(THIRD, "a think")
    )
    before = PROVENANCE.read_bytes()
    with pytest.raises(DataError, match="changed since it was shown"):
        review.record_decision(Project(), item, review.Decision(review.Action.ACCEPT))
    assert PROVENANCE.read_bytes() == before


def _read_until(fd: int, wanted: bytes, seen: bytearray, timeout: float = 60) -> None:
    import os
    import select
    import time

    deadline = time.monotonic() + timeout
    while wanted not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"no {wanted!r} in {bytes(seen)[-400:]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            assert chunk, f"the review ended before {wanted!r}: {bytes(seen)[-400:]!r}"
            seen.extend(chunk)


def test_a_review_killed_at_its_second_question_keeps_the_first_decision(
    authoring_workspace, use_editor, texts, cli
):
    """On a real terminal (a pty): accept the first record, then SIGKILL at the second question;
    the first decision is in provenance, every entry is whole, nothing else changed."""
    import os
    import signal
    import subprocess
    import sys

    _records(cli, use_editor, texts, "", SECOND)
    corpus = CORPUS.read_bytes()
    parent, child = os.openpty()
    env = {**os.environ, "PAGER": "cat", "COLUMNS": "120", "LINES": "50"}
    process = subprocess.Popen(
        [sys.executable, "-m", "svix_flows", "review"], stdin=child, stdout=child, stderr=child, env=env
    )
    os.close(child)
    seen = bytearray()
    try:
        _read_until(parent, b"quit [q]?", seen)
        assert b"request" in seen and b"think" in seen and b"// File: " in seen
        os.write(parent, b"a\n")
        _read_until(parent, b"variant 2: accept", seen)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(parent)
    reviews = _reviews()
    assert reviews[1]["verdict"] == "accepted" and reviews[2] is None
    assert CORPUS.read_bytes() == corpus
    assert all(line.endswith("}") for line in PROVENANCE.read_text().splitlines())


def test_repair_of_a_torn_provenance_keeps_every_review(authoring_workspace, use_editor, texts, cli):
    """A crash that tore the provenance's last line: `repair` cuts it, the reviews before stay."""
    _records(cli, use_editor, texts, "", SECOND)
    cli("review", "ticket_intake", "--variant", "1", "--needs-work", "shorter", "--no-input")
    with PROVENANCE.open("ab") as handle:
        handle.write(b'{"flow":"ticket_in')
    assert cli("repair").exit_code == 0
    assert _reviews()[1]["note"] == "shorter"


def test_a_rebuild_over_drifted_code_keeps_the_note_and_unreviews_the_record(
    authoring_workspace, use_editor, texts, cli
):
    """After a re-pin changes a span, `rebuild` rewrites the record: its review no longer counts,
    and the earlier verdict and note are still listed."""
    _records(cli, use_editor, texts, "")
    cli("review", "--needs-work", "name the trim", "--no-input")
    source = authoring_workspace.parent / "checkout" / "server/svix-server/src/core/intake.rs"
    source.write_text(source.read_text().replace("trim()", "trim_end()", 1))
    assert cli("rebuild").exit_code == 0
    (row,) = _listed(cli)
    assert (row["state"], row["last review"]) == ("unreviewed", "needs-work: name the trim")


def test_the_variant_may_be_given_as_drop_takes_it(authoring_workspace, use_editor, texts, cli):
    """`review FLOW N --accept` decides for variant N, like `--variant N`."""
    _records(cli, use_editor, texts, "", SECOND)
    assert cli("review", "ticket_intake", "2", "--accept", "--no-input").exit_code == 0
    assert _reviews()[2]["verdict"] == "accepted" and _reviews()[1] is None


def test_needs_work_on_a_terminal_asks_for_the_note(authoring_workspace, use_editor, texts, cli):
    """On a real terminal (a pty), [n] asks for a one-line note; it lands in provenance."""
    import os
    import subprocess
    import sys

    _records(cli, use_editor, texts, "")
    parent, child = os.openpty()
    env = {**os.environ, "PAGER": "cat", "COLUMNS": "120"}
    process = subprocess.Popen(
        [sys.executable, "-m", "svix_flows", "review"], stdin=child, stdout=child, stderr=child, env=env
    )
    os.close(child)
    seen = bytearray()
    try:
        _read_until(parent, b"quit [q]?", seen)
        os.write(parent, b"n\n")
        _read_until(parent, b"one line", seen)
        os.write(parent, b"name the   bus\n")
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(parent)
    assert (_reviews()[1]["verdict"], _reviews()[1]["note"]) == ("needs-work", "name the bus")


def test_the_reviewer_sees_the_findings_and_an_earlier_note():
    """The page of a record holds its findings in the verdict table and a review that no longer
    counts, with its note."""
    import io

    from rich.console import Console

    from svix_flows.corpus.provenance import Entry, Review, Verdict
    from svix_flows.ops.review import Item, ReviewState
    from svix_flows.output import Output, show_review_item
    from svix_flows.records.findings import finding

    earlier = Review(Verdict.NEEDS_WORK, "name the bus", "2026-01-01T00:00:00Z", "old")
    entry = Entry("f", 1, "d.md", 1, "new", (), "c", "t", "t", "v", earlier)
    found = (finding(1, "W304", "the think block never speaks of performance"),)
    item = Item(entry, 1, ReviewState.UNREVIEWED, "Ask.", "Reason.", ("// File: a.rs (lines 1-2)",), found)
    out = io.StringIO()
    show_review_item(Output(out=Console(file=out, width=160, color_system=None)), item, 1, 1)
    page = out.getvalue()
    assert "W304" in page and "never speaks of performance" in page
    assert "earlier review" in page and "name the bus" in page and "// File: a.rs (lines 1-2)" in page
