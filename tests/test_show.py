"""`show`, `span`, `symbols` and `list`: what a reader of the catalog sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _lines(path: Path, start: int, end: int) -> str:
    return "\n".join(path.read_text().split("\n")[start - 1 : end])


def test_show_plain_is_the_records_code_part_byte_for_byte(cli, workspace, checkout, monkeypatch):
    """`show --plain` prints one fenced block per span, in flow order, each exactly its lines;
    a method's header names its impl."""
    monkeypatch.chdir(workspace)
    result = cli("show", "parcel_creation", "--plain")
    assert result.exit_code == 0, result.stderr
    src = checkout / "server/svix-server/src"
    expected = "\n\n".join(
        [
            "````rust\n// File: server/svix-server/src/v1/endpoints/parcel.rs (lines 6-17)\n"
            + _lines(src / "v1/endpoints/parcel.rs", 6, 17)
            + "\n````",
            "```rust\n// File: server/svix-server/src/core/parcel_app.rs (lines 6-12), in impl ParcelApp\n"
            + _lines(src / "core/parcel_app.rs", 6, 12)
            + "\n```",
            "```rust\n// File: server/svix-server/src/db/models/parcel.rs (lines 7-9), in impl ActiveModel\n"
            + _lines(src / "db/models/parcel.rs", 7, 9)
            + "\n```",
            "```rust\n// File: server/svix-server/src/queue/mod.rs (lines 4-8), in impl TaskQueue\n"
            + _lines(src / "queue/mod.rs", 4, 8)
            + "\n```",
        ]
    )
    assert result.stdout == expected + "\n"
    assert result.stderr == ""


def test_show_without_a_terminal_prints_plain_code(cli, workspace, monkeypatch):
    """Piped stdout gets the same exact text as `--plain`."""
    monkeypatch.chdir(workspace)
    assert cli("show", "parcel_creation").stdout == cli("show", "parcel_creation", "--plain").stdout


def test_show_in_a_terminal_highlights_with_real_line_numbers(workspace, checkout, monkeypatch):
    """On a terminal every span gets a header (path, symbol, lines) and its real line numbers."""
    from rich.console import Console

    from svix_flows.output import Output, show_spans
    from svix_flows.project import Project

    monkeypatch.chdir(workspace)
    project = Project()
    spans = project.flow_spans(project.catalog.flow("parcel_creation"))
    console = Console(record=True, width=120, force_terminal=True)
    show_spans(Output(console, console), spans, "parcel_creation")
    text = console.export_text()
    assert "server/svix-server/src/core/parcel_app.rs ParcelApp::load lines 6-12" in text
    assert " 7 " in text and "pub fn load" in text


def test_show_unknown_flow_suggests_the_nearest_ids(cli, workspace, monkeypatch):
    """A mistyped flow id exits 2 with one line naming the closest ids."""
    monkeypatch.chdir(workspace)
    result = cli("show", "parcel_creaton")
    assert result.exit_code == 2
    assert "did you mean parcel_creation" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_span_shows_ad_hoc_items_in_the_given_order(cli, workspace, monkeypatch):
    """`span FILE SYMBOL…` gives the same blocks as a flow would, one per symbol."""
    monkeypatch.chdir(workspace)
    result = cli("span", "queue/mod.rs", "TaskQueue::send", "TaskQueue", "--plain")
    assert result.exit_code == 0
    assert result.stdout.index("(lines 4-8)") < result.stdout.index("(lines 1-1)")


def test_span_of_unknown_symbol_exits_1_with_one_line(cli, workspace, monkeypatch):
    """A symbol that is not in the file is a data error: exit 1, one line, nearest names."""
    monkeypatch.chdir(workspace)
    result = cli("span", "queue/mod.rs", "TaskQueue::sned")
    assert result.exit_code == 1
    assert "TaskQueue::send" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_symbols_json_lists_every_item_with_one_based_inclusive_lines(cli, workspace, monkeypatch):
    """`symbols --json` is one object per line: file, symbol, kind, start_line, end_line."""
    monkeypatch.chdir(workspace)
    result = cli("symbols", "core/parcel_app.rs", "queue/mod.rs", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {
        "file": "core/parcel_app.rs",
        "symbol": "ParcelApp::load",
        "kind": "method",
        "start_line": 6,
        "end_line": 12,
    } in rows
    assert [r["symbol"] for r in rows if r["file"] == "queue/mod.rs"] == [
        "TaskQueue",
        "impl TaskQueue",
        "TaskQueue::send",
    ]


def test_list_shows_each_flow_with_its_files(cli, workspace, monkeypatch):
    """`list` names every flow of the catalog with its title and files."""
    monkeypatch.chdir(workspace)
    result = cli("list")
    assert "parcel_creation" in result.stdout and "parcel_queue" in result.stdout
    assert "core/parcel_app.rs" in result.stdout


def test_python_dash_m_runs_the_real_entry_point(workspace):
    """`python -m svix_flows` is the same program as the console script."""
    result = subprocess.run(
        [sys.executable, "-m", "svix_flows", "show", "parcel_queue"],
        cwd=workspace,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("```rust\n// File: server/svix-server/src/queue/mod.rs")


def test_version_comes_from_the_package_metadata(cli):
    """`--version` prints the installed distribution's version."""
    from importlib.metadata import version

    assert cli("--version").stdout.strip() == f"svix-flows {version('svix-flows')}"
