"""`status`: each flow's size and state, from not started to recorded to stale."""

from __future__ import annotations

from pathlib import Path

REQUEST = (
    "We need the parcel creation flow documented end to end: how a weight posted to the parcel "
    "endpoint becomes a ParcelApp in core, an ActiveModel row in db, and a queued id in the queue."
)
THINK = (
    "The data enters at the parcel endpoint in v1::endpoints::parcel, where create_parcel passes "
    "the raw weight to core::parcel_app. ParcelApp::load validates and transforms the weight into "
    "the core type before anything touches the database, so invalid input is rejected early and "
    "the error propagates back as a Result through every module boundary. The db::models::parcel "
    "layer transforms the core value into an ActiveModel by reference, avoiding an unnecessary copy "
    "of the parcel, which matters for performance on the hot path. Finally queue::TaskQueue::send "
    "enqueues only the id, keeping the queue payload small; errors from the queue propagate with "
    "the ? operator. Testing each module boundary in isolation keeps the flow maintainable."
)


def _status(cli) -> dict[str, list[str]]:
    result = cli("status")
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    header, body = rows[0], rows[1:]
    return {row[0]: dict(zip(header, row)) for row in body}


def _record(cli, workspace: Path) -> None:
    (workspace / "request.txt").write_text(REQUEST)
    (workspace / "think.txt").write_text(THINK)
    result = cli("write", "parcel_creation", "--prompt", workspace / "request.txt",
                 "--think", workspace / "think.txt", "--no-input")
    assert result.exit_code == 0, result.stderr


def test_status_sizes_every_flow(cli, workspace, monkeypatch):
    """Each flow's files, spans and lines of code come from the checkout."""
    monkeypatch.chdir(workspace)
    row = _status(cli)["parcel_creation"]
    assert (row["files"], row["spans"], row["lines"]) == ("4", "4", "27")
    assert int(row["~tokens"]) > 0 and row["state"] == "not started"


def test_a_recorded_flow_is_counted_against_the_target(cli, workspace, monkeypatch):
    """After a record is written, its flow is recorded and the total counts it."""
    monkeypatch.chdir(workspace)
    _record(cli, workspace)
    row = _status(cli)["parcel_creation"]
    assert (row["records"], row["state"]) == ("1", "recorded")
    assert "1 of 3 records" in cli("status").stderr


def test_a_record_whose_spans_changed_is_stale(cli, workspace, checkout, monkeypatch):
    """When a span's code changes at the checkout, the records built on it are stale."""
    monkeypatch.chdir(workspace)
    _record(cli, workspace)
    src = checkout / "server/svix-server/src/queue/mod.rs"
    src.write_text(src.read_text().replace("let _ = id;", "let _ = id * 2;"))
    row = _status(cli)["parcel_creation"]
    assert (row["stale"], row["state"]) == ("1", "stale")


def test_a_flow_whose_span_does_not_resolve_is_broken(cli, workspace, checkout, monkeypatch):
    """A flow that `check` would fail is shown broken, not hidden."""
    monkeypatch.chdir(workspace)
    (checkout / "server/svix-server/src/queue/mod.rs").write_text("pub struct TaskQueue;\n")
    assert _status(cli)["parcel_queue"]["state"] == "broken"
