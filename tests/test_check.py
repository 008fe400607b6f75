"""`check`: each problem class on the catalog, the pinned commit, and drift against flows.lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkouts import as_repository

FLOW = """
[[flow]]
id = "{id}"
title = "t"
description = "d (queue/mod.rs:5) (core/parcel_app.rs:7-12)"
spans = [{spans}]
"""


def _add_flow(workspace: Path, flow_id: str, *spans: tuple[str, str]) -> None:
    listed = ", ".join(f'{{ file = "{f}", symbol = "{s}" }}' for f, s in spans)
    with (workspace / "flows.toml").open("a") as out:
        out.write(FLOW.format(id=flow_id, spans=listed))


GOOD = [
    ("queue/mod.rs", "TaskQueue::send"),
    ("core/parcel_app.rs", "ParcelApp"),
    ("db/models/parcel.rs", "ActiveModel"),
]


def test_a_sound_catalog_passes(cli, workspace, monkeypatch):
    """Every span resolves and every flow crosses three files: exit 0."""
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "ok: 2 flows, 4 files, 7 spans resolved, 5 cites, 0 claims checked, 0 problems" in result.stderr


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


def test_an_entry_that_is_not_a_function_is_a_problem(cli, workspace, monkeypatch):
    """`entry = true` marks where a trace starts: on a struct it is a problem that says so."""
    _add_flow(workspace, "entries", *GOOD)
    toml = workspace / "flows.toml"
    text = toml.read_text()
    head, tail = text.rsplit('symbol = "ParcelApp" }', 1)
    toml.write_text(head + 'symbol = "ParcelApp", entry = true }' + tail)
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert result.exit_code == 1 and "entry-not-callable" in result.stdout


def test_a_checkout_that_is_not_git_is_said(cli, workspace, monkeypatch):
    """Without git metadata the commit cannot be confirmed, and check says so."""
    monkeypatch.chdir(workspace)
    assert "not a git checkout" in cli("check").stderr


def test_a_checkout_at_another_commit_is_said(cli, workspace, checkout, monkeypatch):
    """A git checkout whose HEAD is not the pinned commit is named as such."""
    head = as_repository(checkout)
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert f"checkout at {head[:12]}, the catalog pins 0123456789ab" in result.stderr


def test_the_pinned_commit_is_confirmed(cli, workspace, checkout, monkeypatch):
    """A checkout at the pinned commit is confirmed."""
    head = as_repository(checkout)
    toml = workspace / "flows.toml"
    toml.write_text(toml.read_text().replace("0123456789abcdef0123456789abcdef01234567", head))
    monkeypatch.chdir(workspace)
    assert "checkout at the pinned commit" in cli("check").stderr


def _drift(cli) -> dict[str, str]:
    """The spans that are not unchanged, as `flow:symbol` -> state (the core's report)."""
    from svix_flows.corpus.pins import lock_path, read_lock
    from svix_flows.ops.check import check_catalog
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
    assert _drift(cli) == {
        "parcel_creation:TaskQueue::send": "changed",
        "parcel_queue:impl TaskQueue": "changed",
    }
    src.write_text(
        "// a new first line\n"
        + (checkout / "server/svix-server/src/queue/mod.rs")
        .read_text()
        .replace("// a new first line\n", "")
        .replace("let _ = id + 1;", "let _ = id;")
    )
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
    head = as_repository(checkout)
    toml = workspace / "flows.toml"
    toml.write_text(toml.read_text().replace("0123456789abcdef0123456789abcdef01234567", head))
    src = checkout / "server/svix-server/src/queue/mod.rs"
    src.write_text(src.read_text() + "\n")
    monkeypatch.chdir(workspace)
    assert "pinned commit" in cli("check").stderr and "uncommitted changes" in cli("check").stderr


def _set_description(workspace: Path, flow_id: str, text: str) -> None:
    import re

    toml = workspace / "flows.toml"
    body = toml.read_text()
    start = body.index(f'id = "{flow_id}"')
    toml.write_text(
        body[:start] + re.sub(r'description = ".*"', f'description = "{text}"', body[start:], count=1)
    )


def _problems(cli) -> list[tuple[str, str, str]]:
    """check's problems as (flow, kind, message), read from the core's report."""
    from svix_flows.corpus.pins import lock_path, read_lock
    from svix_flows.ops.check import check_catalog
    from svix_flows.project import Project

    project = Project()
    report = check_catalog(project.catalog, project.checkout, read_lock(lock_path(project.catalog.path)))
    return [(p.flow, p.kind, p.message) for p in report.problems]


def test_cites_are_found_in_descriptions():
    """`file.rs:LINE` and `file.rs:A-B` are cites, relative to the crate root; a path without
    lines, or a `.rs` inside a longer word, is not."""
    from svix_flows.checks.cites import Cite, find_cites

    text = (
        "Send (queue/mod.rs:5-8) then `v1/endpoints/parcel.rs:12`; worker.rs is named, "
        "x.rs:y and foo.rsx:3 are not, and neither is https://h/a.rs:4."
    )
    assert find_cites(text) == [Cite("queue/mod.rs", 5, 8), Cite("v1/endpoints/parcel.rs", 12, 12)]
    assert str(Cite("queue/mod.rs", 5, 8)) == "queue/mod.rs:5-8" and str(Cite("a.rs", 3, 3)) == "a.rs:3"


@pytest.mark.parametrize(
    ("description", "kind", "detail"),
    [
        ("One cite only (queue/mod.rs:5).", "too-few-cites", "has 1 cite(s)"),
        ("No cite at all.", "too-few-cites", "has 0 cite(s)"),
        (
            "Gone (core/missing.rs:3) (queue/mod.rs:5).",
            "cite-unknown-file",
            "cite core/missing.rs:3: no such file",
        ),
        ("Past the end (queue/mod.rs:8-10) (queue/mod.rs:5).", "cite-bad-lines", "the file has 9 lines"),
        ("Backwards (queue/mod.rs:8-5) (queue/mod.rs:5).", "cite-bad-lines", "1 <= A <= B"),
        ("Line zero (queue/mod.rs:0) (queue/mod.rs:5).", "cite-bad-lines", "1 <= A <= B"),
    ],
)
def test_each_bad_cite_is_a_problem(cli, workspace, monkeypatch, description, kind, detail):
    """A description under two cites, a cite of a missing file or of lines the file does not
    have: each is a problem of its flow, and check exits 1."""
    _set_description(workspace, "parcel_queue", description)
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert result.exit_code == 1 and kind in result.stdout
    assert [(f, k) for f, k, m in _problems(cli) if detail in m] == [("parcel_queue", kind)]


def test_a_cite_inside_a_moved_span_moves_with_it(cli, workspace, checkout, monkeypatch):
    """With flows.lock, a cite inside a span whose lines moved is reported with where its
    lines are now; the span's text is intact, so check still passes."""
    from svix_flows.checks.cites import Cite
    from svix_flows.corpus.pins import lock_path, read_lock
    from svix_flows.ops.check import check_catalog
    from svix_flows.project import Project

    monkeypatch.chdir(workspace)
    assert cli("check", "--lock").exit_code == 0
    src = checkout / "server/svix-server/src/queue/mod.rs"
    src.write_text("// one\n// two\n" + src.read_text())
    project = Project()
    report = check_catalog(project.catalog, project.checkout, read_lock(lock_path(project.catalog.path)))
    moved = {(c.flow, str(c.cite)): (c.state, c.symbol, c.now) for c in report.cite_drift}
    assert moved == {
        ("parcel_creation", "queue/mod.rs:5-8"): ("moved", "TaskQueue::send", Cite("queue/mod.rs", 7, 10)),
        ("parcel_queue", "queue/mod.rs:3-9"): ("moved", "impl TaskQueue", Cite("queue/mod.rs", 5, 11)),
    }
    result = cli("check")
    assert result.exit_code == 0 and "queue/mod.rs:7-10" in result.stdout


def test_a_cite_inside_a_changed_span_is_to_be_reviewed(cli, workspace, checkout, monkeypatch):
    """A cite inside a locked span whose text changed is reported changed, and check fails."""
    monkeypatch.chdir(workspace)
    cli("check", "--lock")
    src = checkout / "server/svix-server/src/db/models/parcel.rs"
    src.write_text(src.read_text().replace("* 7", "* 8"))
    result = cli("check")
    assert result.exit_code == 1
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["parcel_creation", "db/models/parcel.rs:7-9", "changed", "ActiveModel::from_app", ""] in rows


def test_a_cite_outside_every_span_is_checked_on_the_checkout_only(cli, workspace, monkeypatch):
    """A cite of lines no span covers is only checked for its file and lines."""
    _set_description(
        workspace,
        "parcel_queue",
        "Imports (v1/endpoints/parcel.rs:2-4) and the docs (v1/endpoints/parcel.rs:6-10).",
    )
    monkeypatch.chdir(workspace)
    assert cli("check", "--lock").exit_code == 0
    assert cli("check").exit_code == 0


NEW_FORM = """
[[flow]]
id = "parcel_facts"
title = "t"
summary = "A parcel is checked, then queued."
facts = [{facts}]
notes = [{notes}]
spans = [{spans}]
"""


def _add_new_form(workspace: Path, facts: list[str], notes: list[str], summary: str = "") -> None:
    listed = ", ".join(f'{{ file = "{f}", symbol = "{s}" }}' for f, s in GOOD)
    text = NEW_FORM.format(
        facts=", ".join(f'"{fact}"' for fact in facts),
        notes=", ".join(f'"{note}"' for note in notes),
        spans=listed,
    )
    if summary:
        text = text.replace('"A parcel is checked, then queued."', f'"{summary}"')
    with (workspace / "flows.toml").open("a") as out:
        out.write(text)


def test_every_cite_of_every_fact_and_note_is_counted(cli, workspace, monkeypatch):
    """Sound facts and notes pass, and each of their cites is one of check's cites."""
    _add_new_form(
        workspace,
        ["Weighed (core/parcel_app.rs:7-12).", "Stored (db/models/parcel.rs:7-9) (queue/mod.rs:3)."],
        ["Dropped (queue/mod.rs:5-8)."],
    )
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "9 cites, " in result.stderr and "claims checked, 0 problems" in result.stderr  # 5 before, 4 more


def test_a_fact_or_a_note_without_a_cite_is_a_problem_naming_it(cli, workspace, monkeypatch):
    """One cite per fact and per note: an entry without one is a problem naming the flow and the
    entry (`facts[2]`, `notes[1]`), and check exits 1."""
    _add_new_form(workspace, ["Weighed (core/parcel_app.rs:7-12).", "Stored."], ["Dropped, somewhere."])
    monkeypatch.chdir(workspace)
    assert cli("check").exit_code == 1
    found = [(f, k, m.split(":")[0]) for f, k, m in _problems(cli)]
    assert found == [
        ("parcel_facts", "too-few-cites", "facts[2]"),
        ("parcel_facts", "too-few-cites", "notes[1]"),
    ]


def test_a_bad_cite_in_a_note_names_the_note(cli, workspace, monkeypatch):
    """A cite past the end of its file, in the second note: the problem's one line names the flow
    and `notes[2]` with the cite."""
    _add_new_form(
        workspace,
        ["Weighed (core/parcel_app.rs:7-12)."],
        ["Dropped (queue/mod.rs:5-8).", "Gone (queue/mod.rs:5) (queue/mod.rs:8-10)."],
    )
    monkeypatch.chdir(workspace)
    result = cli("check")
    assert result.exit_code == 1
    assert _problems(cli) == [
        ("parcel_facts", "cite-bad-lines", "notes[2]: cite queue/mod.rs:8-10: the file has 9 lines")
    ]
    row = next(line for line in result.stdout.splitlines() if "cite-bad-lines" in line)
    assert row.startswith("parcel_facts\t") and "notes[2]: cite queue/mod.rs:8-10" in row


def test_a_cite_in_the_summary_is_a_problem(cli, workspace, monkeypatch):
    """The summary says what the flow is for; a cite there belongs in a fact."""
    _add_new_form(workspace, ["Weighed (core/parcel_app.rs:7-12)."], [], summary="Queued (queue/mod.rs:5).")
    monkeypatch.chdir(workspace)
    assert cli("check").exit_code == 1
    assert [(f, k) for f, k, m in _problems(cli) if m.startswith("summary:")] == [
        ("parcel_facts", "cite-in-summary")
    ]
