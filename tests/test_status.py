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


def _record(cli, workspace: Path, request: str = REQUEST) -> None:
    (workspace / "request.txt").write_text(request)
    (workspace / "think.txt").write_text(THINK)
    result = cli(
        "write",
        "parcel_creation",
        "--prompt",
        workspace / "request.txt",
        "--think",
        workspace / "think.txt",
        "--no-input",
    )
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


def test_a_record_with_a_warning_is_marked(cli, workspace, monkeypatch):
    """A record with findings, warnings included, is counted in its flow's findings column."""
    monkeypatch.chdir(workspace)
    _record(cli, workspace)
    _record(cli, workspace, REQUEST.replace("We need", "Please give us"))  # the same think block: W242
    assert _status(cli)["parcel_creation"]["findings"] == "1 of 2"
    assert "1 record has findings" in cli("status").stderr


def test_a_clean_record_is_not_marked(cli, workspace, monkeypatch):
    """A record without findings leaves the findings column empty."""
    monkeypatch.chdir(workspace)
    _record(cli, workspace)
    assert _status(cli)["parcel_creation"]["findings"] == ""


def test_status_says_which_flows_come_next(cli, workspace, monkeypatch):
    """`next:` lists the flows without a record, in catalog order, as many as the target still needs."""
    from svix_flows.catalog import load_catalog

    monkeypatch.chdir(workspace)
    catalog = load_catalog(workspace / "flows.toml")
    _record(cli, workspace)
    unrecorded = [flow.id for flow in catalog.flows if flow.id != "parcel_creation"]
    expected = unrecorded[: catalog.target - 1]
    assert f"next: {', '.join(expected)}\n" in cli("status").stderr


def test_status_gives_the_summary_of_each_next_flow(cli, workspace, monkeypatch):
    """Under `next:`, each next flow with its summary: what it is about, to choose one."""
    from svix_flows.catalog import load_catalog

    monkeypatch.chdir(workspace)
    catalog = load_catalog(workspace / "flows.toml")
    said = " ".join(cli("status").stderr.split())  # the terminal may wrap a long summary
    for flow in catalog.flows[: catalog.target]:
        assert f"{flow.id}: {flow.summary}" in said


def test_list_gives_each_flows_summary(cli, workspace, monkeypatch):
    """`list`, piped: id, title, summary and files, one flow a row."""
    from svix_flows.catalog import load_catalog

    monkeypatch.chdir(workspace)
    rows = [line.split("\t") for line in cli("list").stdout.splitlines()]
    assert rows[0] == ["id", "title", "summary", "files"]
    flows = load_catalog(workspace / "flows.toml").flows
    assert [row[:3] for row in rows[1:]] == [[f.id, f.title, f.summary] for f in flows]


def test_next_stops_at_the_target():
    """With the target reached, nothing is next; short of it, only as many flows as missing records."""
    from svix_flows.ops.status import FlowStatus, next_flows

    rows = [
        FlowStatus(f, f, 1, 1, 1, 1, records, 0, 0) for f, records in (("a", 0), ("b", 2), ("c", 0), ("d", 0))
    ]
    assert next_flows(rows, records=2, target=4) == ("a", "c")
    assert next_flows(rows, records=2, target=2) == ()


def _terminal():
    import io

    from rich.console import Console

    from svix_flows.output import Output

    out, err = io.StringIO(), io.StringIO()
    console = Console(file=out, force_terminal=True, width=200, color_system=None)
    return Output(out=console, err=Console(file=err, width=200, color_system=None)), out, err


def _report(rows: int = 45):
    from svix_flows.ops.status import FlowStatus, StatusReport, next_flows

    flows = [FlowStatus(f"flow_{n}", "t", 3, 4, 10, 100, 0, 0, 0) for n in range(rows)]
    flows[5] = flows[5]._replace(records=2, accepted=1, needs_work=1)
    flows[9] = flows[9]._replace(drafted=1)
    return StatusReport(flows, 2, 25, 0, next_flows(flows, 2, 25))


def test_status_on_a_terminal_fits_a_screen(tmp_path):
    """Totals and target first, then only the flows under way, then three next flows: no wrapping
    list of 22 names, and far under 50 lines for a 45-flow catalog."""
    from svix_flows.output import render_status

    output, out, err = _terminal()
    render_status(output, _report())
    table = out.getvalue().splitlines()
    assert [line.split()[0] for line in table[1:]] == ["flow_5", "flow_9"]
    said = err.getvalue().splitlines()
    assert said[0].startswith("2 of 25 records: 1 accepted, 1 need work, 0 unreviewed; 1 drafts pending")
    assert "next: flow_0, flow_1, flow_2 (and 20 more to reach the target)" in said
    assert len(table) + len(said) < 15


def test_status_all_prints_every_row(tmp_path):
    """`--all` (every_row) gives a row to every flow of the catalog on a terminal too."""
    from svix_flows.output import render_status

    output, out, _ = _terminal()
    render_status(output, _report(), every_row=True)
    assert len(out.getvalue().splitlines()) == 1 + 45


def test_status_counts_reviews_per_flow(cli, workspace, monkeypatch):
    """Accepted, needs-work and unreviewed records are counted in the flow's row."""
    monkeypatch.chdir(workspace)
    _record(cli, workspace)
    _record(cli, workspace, REQUEST.replace("We need", "Please give us"))
    _record(cli, workspace, REQUEST.replace("We need", "Could you write up"))
    assert cli("review", "--accept", "--no-input").exit_code == 0
    assert cli("review", "--needs-work", "too long", "--no-input").exit_code == 0
    row = _status(cli)["parcel_creation"]
    assert (row["accepted"], row["needs work"], row["unreviewed"]) == ("1", "1", "1")


def test_status_on_a_100_column_terminal_shows_every_count_uncut(tmp_path):
    """At 100 columns a 32-character flow id, its counts, findings, the three review counts and
    a stale count each show whole on one line, the merged cells explained once below."""
    import io

    from rich.console import Console

    from svix_flows.ops.status import FlowStatus, StatusReport
    from svix_flows.output import Output, render_status

    flow = "event_type_listing_feature_flags"
    row = FlowStatus(flow, "t", 4, 10, 187, 1967, 3, 1, 1, flagged=1, accepted=1, needs_work=1)
    quiet = FlowStatus("health_check", "t", 4, 9, 143, 1372, 0, 0, 0)
    out, err = io.StringIO(), io.StringIO()
    output = Output(
        out=Console(file=out, force_terminal=True, width=100, color_system=None),
        err=Console(file=err, width=100, color_system=None),
    )
    render_status(output, StatusReport([row, quiet], 3, 25, 0), every_row=True)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and all(len(line) <= 100 for line in lines)
    assert lines[1].split() == [
        flow,
        "4",
        "10",
        "187",
        "1967",
        "1",
        "3",
        "1",
        "of",
        "3",
        "1/1/1",
        "stale",
        "(1)",
    ]
    assert lines[2].split()[-2:] == ["not", "started"]
    assert "review: records accepted/needing work/unreviewed" in err.getvalue()
