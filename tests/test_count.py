"""`count`: records per flow (through provenance), drafts pending, against the catalog's target."""

from __future__ import annotations

import json
from pathlib import Path

from svix_flows.catalog import load_catalog
from svix_flows.ops.status import count

CORPUS = Path("out/cross_module_data_flows.jsonl")


def counted(cli) -> dict:
    result = cli("count", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def per_flow(report: dict) -> dict:
    return {row["flow"]: (row["records"], row["drafts_pending"]) for row in report["flows"]}


def test_count_before_and_after_writes(authoring_workspace, use_editor, monkeypatch, cli):
    """An empty workspace counts 0 of the target; two appends of one flow count 2 there."""
    before = counted(cli)
    assert (before["records"], before["target"], before["drafts_pending"]) == (0, 4, 0)
    assert per_flow(before) == {"ticket_intake": (0, 0), "ticket_close": (0, 0)}

    use_editor("fill")
    assert cli("write", "ticket_intake").exit_code == 0
    monkeypatch.setenv("FILL_REQUEST", "A second, different request for the same ticket intake flow.")
    assert cli("write", "ticket_intake").exit_code == 0

    after = counted(cli)
    assert (after["records"], after["unknown_flow"], after["drafts_pending"]) == (2, 0, 0)
    assert per_flow(after) == {"ticket_intake": (2, 0), "ticket_close": (0, 0)}


def test_a_record_without_provenance_counts_as_unknown_flow(authoring_workspace, cli):
    """A line nobody recorded through svix-flows is counted, under "unknown flow"."""
    CORPUS.parent.mkdir()
    CORPUS.write_bytes(b'{"type":"chatml","messages":[]}\n\n')
    report = counted(cli)
    assert (report["records"], report["unknown_flow"]) == (1, 1)


def test_drafts_not_yet_recorded_are_pending(authoring_workspace, use_editor, cli):
    """A draft left by a refused or abandoned write counts as pending for its flow."""
    use_editor("quit")
    assert cli("write", "ticket_close").exit_code == 1
    report = counted(cli)
    assert report["drafts_pending"] == 1
    assert per_flow(report)["ticket_close"] == (0, 1)


def test_count_for_people_states_progress_to_target(authoring_workspace, cli):
    """Without --json, a row per flow on stdout and the line `N of TARGET records` for people."""
    result = cli("count")
    assert result.exit_code == 0
    assert "ticket_intake" in result.stdout and "0 of 4 records, 0 drafts pending" in result.stderr


def test_count_keeps_no_hash_of_a_line_provenance_does_not_describe(authoring_workspace):
    """A corpus of lines nobody recorded is counted without holding their hashes: `status` only
    compares records provenance describes, so memory stays flat however long the corpus."""
    CORPUS.parent.mkdir()
    CORPUS.write_bytes(b"".join(b'{"type":"chatml","messages":[],"n":%d}\n' % n for n in range(500)))
    report = count(load_catalog(Path("flows.toml")))
    assert (report.total, report.unknown, report.hashes) == (500, 500, frozenset())


def test_count_on_a_terminal_shows_flows_with_records_and_one_line_for_the_rest():
    """On a terminal, only flows with records or drafts get a row; the others are one line."""
    import io

    from rich.console import Console

    from svix_flows.ops.status import CountReport, FlowCount
    from svix_flows.output import Output, render_count

    flows = tuple(FlowCount(f"flow_{n}", 2 if n == 3 else 0, 0) for n in range(45))
    out, err = io.StringIO(), io.StringIO()
    output = Output(
        out=Console(file=out, force_terminal=True, width=120, color_system=None),
        err=Console(file=err, width=120),
    )
    render_count(output, CountReport(Path("c.jsonl"), 2, 25, flows, 0, 0))
    assert [line.split()[0] for line in out.getvalue().splitlines()] == ["flow", "flow_3"]
    assert "44 other flows: no record, no draft" in err.getvalue()
