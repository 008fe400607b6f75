"""`check`: each problem class on the catalog, the pinned commit, and drift against flows.lock."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

FLOW = """
[[flow]]
id = "{id}"
title = "t"
description = "d"
spans = [{spans}]
"""


def _add_flow(workspace: Path, flow_id: str, *spans: tuple[str, str]) -> None:
    listed = ", ".join(f'{{ file = "{f}", symbol = "{s}" }}' for f, s in spans)
    with (workspace / "flows.toml").open("a") as out:
        out.write(FLOW.format(id=flow_id, spans=listed))


GOOD = [("queue/mod.rs", "TaskQueue::send"), ("core/parcel_app.rs", "ParcelApp"),
        ("db/models/parcel.rs", "ActiveModel")]


def test_a_sound_catalog_passes(cli, workspace, monkeypatch):
    """Every span resolves and every flow crosses three files: exit 0."""
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "ok: 2 flows, 4 files, 7 spans resolved, 0 problems" in result.stderr


@pytest.mark.parametrize(
    ("span", "kind", "detail"),
    [
        (("core/missing.rs", "x"), "unknown-file", "no such file"),
        (("queue/mod.rs", "TaskQueue::sendd"), "unknown-symbol", "TaskQueue::send"),
        (("queue/mod.rs", "Parcel"), "unknown-symbol", "no item"),
    ],
)
def test_each_unresolvable_span_is_a_problem(cli, workspace, monkeypatch, span, kind, detail):
    """A span whose file or symbol is not there is listed with its kind, and check exits 1."""
    _add_flow(workspace, "broken", *GOOD, span)
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert result.exit_code == 1
    assert kind in result.stdout and detail in result.stdout.replace("\n", " ")


def test_an_ambiguous_span_lists_its_candidates(cli, workspace, checkout, monkeypatch):
    """`#[cfg]` twins make an ambiguous symbol: a problem naming both candidates' lines."""
    src = checkout / "server/svix-server/src/queue/mod.rs"
    src.write_text(src.read_text() + "\n#[cfg(test)]\nfn twin() {}\n\n#[cfg(not(test))]\nfn twin() {}\n")
    _add_flow(workspace, "twins", *GOOD, ("queue/mod.rs", "twin"))
    monkeypatch.chdir(workspace)
    result = cli("check")
    out = " ".join(result.stdout.split())
    assert result.exit_code == 1 and "ambiguous" in out and "lines 11-12" in out


def test_a_macro_generated_span_names_the_invocation(cli, workspace, checkout, monkeypatch):
    """A symbol only a macro creates is its own problem class, naming the macro."""
    src = checkout / "server/svix-server/src/queue/mod.rs"
    src.write_text(src.read_text() + "\nmake_id!(QueueId);\n")
    _add_flow(workspace, "macro", *GOOD, ("queue/mod.rs", "QueueId"))
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert result.exit_code == 1 and "macro-generated" in result.stdout


def test_a_flow_under_three_files_is_a_problem(cli, workspace, monkeypatch):
    """A flow must cross at least three files."""
    _add_flow(workspace, "narrow", ("queue/mod.rs", "TaskQueue"), ("queue/mod.rs", "TaskQueue::send"))
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert result.exit_code == 1 and "too-few-files" in result.stdout


def test_a_checkout_that_is_not_git_is_said(cli, workspace, monkeypatch):
    """Without git metadata the commit cannot be confirmed, and check says so."""
    monkeypatch.chdir(workspace)
    assert "not a git checkout" in cli("check").stderr


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def _commit_all(repo: Path) -> str:
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "c")
    return _git(repo, "rev-parse", "HEAD")


def test_a_checkout_at_another_commit_is_said(cli, workspace, checkout, monkeypatch):
    """A git checkout whose HEAD is not the pinned commit is named as such."""
    _git(checkout, "init", "-q")
    head = _commit_all(checkout)
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert f"checkout at {head[:12]}, the catalog pins 0123456789ab" in result.stderr


def test_the_pinned_commit_is_confirmed(cli, workspace, checkout, monkeypatch):
    """A checkout at the pinned commit is confirmed."""
    _git(checkout, "init", "-q")
    head = _commit_all(checkout)
    toml = workspace / "flows.toml"
    toml.write_text(toml.read_text().replace("0123456789abcdef0123456789abcdef01234567", head))
    monkeypatch.chdir(workspace)
    assert "checkout at the pinned commit" in cli("check").stderr


def _drift(cli) -> dict[str, str]:
    """The spans that are not unchanged, as `flow:symbol` -> state (the core's report)."""
    from svix_flows.check import check_catalog
    from svix_flows.lock import lock_path, read_lock
    from svix_flows.project import Project

    project = Project()
    report = check_catalog(project.catalog, project.checkout, read_lock(lock_path(project.catalog.path)))
    return {f"{d.flow}:{d.symbol}": d.state for d in report.drift if d.state != "unchanged"}


def test_lock_records_every_span_with_lines_and_hash(cli, workspace, monkeypatch):
    """`check --lock` writes flows.lock with each span's lines and content hash."""
    monkeypatch.chdir(workspace)
    assert cli("check", "--lock").exit_code == 0
    lock = json.loads((workspace / "flows.lock").read_text())
    entry = next(s for s in lock["spans"] if s["symbol"] == "ParcelApp::load")
    assert (entry["start_line"], entry["end_line"]) == (6, 12) and len(entry["sha256"]) == 64


def test_an_untouched_checkout_has_no_drift(cli, workspace, monkeypatch):
    """Right after locking, every span is unchanged."""
    monkeypatch.chdir(workspace)
    cli("check", "--lock")
    result = cli("check")
    assert result.exit_code == 0 and "drift: 7 unchanged" in result.stderr


def test_one_edited_file_reports_exactly_its_changed_and_moved_spans(cli, workspace, checkout, monkeypatch):
    """A line added above one item moves the items below it and changes the one it is in."""
    monkeypatch.chdir(workspace)
    cli("check", "--lock")
    src = checkout / "server/svix-server/src/queue/mod.rs"
    src.write_text("// a new first line\n" + src.read_text().replace("let _ = id;", "let _ = id + 1;"))
    result = cli("check")
    assert result.exit_code == 1 and "changed" in result.stdout
    assert _drift(cli) == {"parcel_creation:TaskQueue::send": "changed",
                           "parcel_queue:impl TaskQueue": "changed"}
    src.write_text("// a new first line\n" + (checkout / "server/svix-server/src/queue/mod.rs").read_text()
                   .replace("// a new first line\n", "").replace("let _ = id + 1;", "let _ = id;"))
    assert _drift(cli) == {"parcel_creation:TaskQueue::send": "moved", "parcel_queue:impl TaskQueue": "moved"}
    assert cli("check").exit_code == 0


def test_a_removed_item_is_gone(cli, workspace, checkout, monkeypatch):
    """A locked span whose item disappeared is reported gone (and as a problem)."""
    monkeypatch.chdir(workspace)
    cli("check", "--lock")
    src = checkout / "server/svix-server/src/core/parcel_app.rs"
    src.write_text(src.read_text().replace("pub fn load", "pub fn fetch"))
    assert _drift(cli)["parcel_creation:ParcelApp::load"] == "gone"


def test_a_span_added_after_the_lock_is_new(cli, workspace, monkeypatch):
    """A catalog span the lock does not know is reported new, to be locked."""
    monkeypatch.chdir(workspace)
    cli("check", "--lock")
    _add_flow(workspace, "later", *GOOD)
    assert _drift(cli)["later:TaskQueue::send"] == "new"


def test_uncommitted_changes_in_the_checkout_are_said(cli, workspace, checkout, monkeypatch):
    """A checkout at the pinned commit but with edited files says so."""
    _git(checkout, "init", "-q")
    head = _commit_all(checkout)
    toml = workspace / "flows.toml"
    toml.write_text(toml.read_text().replace("0123456789abcdef0123456789abcdef01234567", head))
    src = checkout / "server/svix-server/src/queue/mod.rs"
    src.write_text(src.read_text() + "\n")
    monkeypatch.chdir(workspace)
    assert "pinned commit" in cli("check").stderr and "uncommitted changes" in cli("check").stderr
