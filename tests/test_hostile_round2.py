"""Hostile input, second round: what an outside audit broke, each case now one clear answer.

Special files (FIFOs, endless devices) are refused in one line before anything is read; no
corpus line, however long, is read whole; escape sequences in source files never reach the
terminal; a record whose provenance a kill cut off is adopted, never overwritten.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import faultlib
from faultlib import CORPUS, PROVENANCE, Op

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _run(ws: Path, *args: str, timeout: float = 20, **env: str) -> subprocess.CompletedProcess:
    """The real console entry point in a subprocess, without a terminal."""
    environment = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "svix_flows", *args],
        cwd=ws,
        env=environment,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )


def _one_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---- special files: refused, never read --------------------------------------------------------

SPECIAL_COMMANDS = [
    ("count",),
    ("status",),
    ("rebuild",),
    ("rebuild", "--dry-run"),
    ("repair", "--dry-run"),
    ("write", "ticket_close", "--no-input", "--prompt", "p.txt", "--think", "t.txt"),
]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize("command", SPECIAL_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_corpus_that_is_not_a_regular_file_is_refused_in_under_a_second(authoring_workspace, kind, command):
    """A corpus that is a FIFO (no writer) or a symlink to /dev/zero: every command that reads
    the corpus refuses it in one line, exit 2, in under a second; nothing hangs or grows."""
    ws = authoring_workspace
    (ws / "out").mkdir()
    corpus = ws / CORPUS
    if kind == "fifo":
        os.mkfifo(corpus)
    else:
        corpus.symlink_to("/dev/zero")
    op = Op("ticket_close", 1)
    (ws / "p.txt").write_text(op.request)
    (ws / "t.txt").write_text(op.think)
    started = time.monotonic()
    result = _run(ws, *command, timeout=10)
    elapsed = time.monotonic() - started
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "not a regular file" in _one_line(result)
    assert elapsed < 1 + 1.5  # under a second of work, plus the interpreter's start-up


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_validate_refuses_a_fifo_or_an_endless_device(cli, tmp_path, kind):
    """`validate` on a FIFO or /dev/zero answers at once: one line, exit 2."""
    path = tmp_path / "corpus.jsonl"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    result = cli("validate", "--no-source", path)
    assert result.exit_code == 2
    assert "not a regular file" in _one_line(result)


# ---- one huge line: bounded memory, the line named -------------------------------------------


def _huge_line_corpus(ws: Path, megabytes: int) -> None:
    (ws / "out").mkdir(exist_ok=True)
    with open(ws / CORPUS, "wb") as handle:
        handle.write(b'{"type":"chatml","messages":"')
        chunk = b"x" * 2**20
        handle.writelines(chunk for _ in range(megabytes))
        handle.write(b'"}\n')


@pytest.mark.parametrize("command", [("count",), ("rebuild", "--dry-run"), ("status",)], ids=" ".join)
def test_a_huge_corpus_line_is_named_in_bounded_memory(authoring_workspace, command):
    """A 100 MB corpus line: `count`, `rebuild --dry-run` and `status` name the line and the
    limit in one line (exit 1) and never hold the line in memory (peak well under 100 MB)."""
    ws = authoring_workspace
    _huge_line_corpus(ws, 100)
    environment = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    # a small parent starts the command and reports its peak: a child forked from this test
    # process would count the test process's own memory as its peak
    measure = (
        "import os, subprocess, sys\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "_, status, usage = os.wait4(p.pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", measure, sys.executable, "-m", "svix_flows", *command],
        cwd=ws,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    code, peak = map(int, result.stdout.split())
    assert code == 1, result.stderr
    assert ":1: a line over 16 MiB" in _one_line(result)
    assert peak < 90 * 1024, f"peak {peak} KiB"


def test_count_counts_only_records_not_nul_runs_or_empty_objects(authoring_workspace, cli):
    """A line of NUL bytes, `{}` and `[]` are not records: `count` reports 1 record, not 4."""
    ws = authoring_workspace
    faultlib.run(ws, Op("ticket_close", 1))
    with open(ws / CORPUS, "ab") as handle:
        handle.write(b"\x00" * 40 + b"\n{}\n[]\n")
    result = cli("count", "--json")
    assert result.exit_code == 0, result.stderr
    import json

    assert json.loads(result.stdout)["records"] == 1


# ---- a kill between the corpus append and the provenance: the orphan is adopted ---------------


def _killed_before_provenance(ws: Path, op: Op, monkeypatch) -> None:
    """`write` whose process dies right after the append, before its provenance is written."""
    from svix_flows.corpus import provenance

    def killed(self):
        raise KeyboardInterrupt  # not an error `write` takes back: as good as SIGKILL here

    with monkeypatch.context() as patch:
        patch.setattr(provenance.Entry, "dumps", killed)
        with pytest.raises(KeyboardInterrupt):
            faultlib.run(ws, op)
    assert (ws / CORPUS).read_bytes().count(b"\n") == 1
    assert not (ws / PROVENANCE).exists() or op.request.encode() not in (ws / PROVENANCE).read_bytes()


def test_a_write_with_other_texts_adopts_the_orphan_and_never_overwrites_its_draft(
    authoring_workspace, monkeypatch
):
    """After a kill between the append and the provenance, the next `write` of that flow with
    other texts first adopts the orphan line (provenance written, its draft marked recorded),
    then records the new texts as the next variant: both records, both drafts, all agreeing."""
    ws = authoring_workspace
    _killed_before_provenance(ws, Op("ticket_close", 1), monkeypatch)
    outcome = faultlib.run(ws, Op("ticket_close", 2))
    assert outcome.ok and outcome.variant == 2
    assert faultlib.corpus_problems(ws, {("ticket_close", 1): 1, ("ticket_close", 2): 2}) == []
    assert Op("ticket_close", 1).request in (ws / "prompts/drafts/ticket_close.md").read_text()


def test_the_same_write_run_again_after_the_kill_finishes_the_record(authoring_workspace, monkeypatch):
    """The operator's re-run with the same texts adopts the line: one record, not two."""
    ws = authoring_workspace
    op = Op("ticket_close", 1)
    _killed_before_provenance(ws, op, monkeypatch)
    outcome = faultlib.run(ws, op)
    assert outcome.ok and outcome.adopted and outcome.line == 1
    assert faultlib.corpus_problems(ws, {("ticket_close", 1): 1}) == []


def test_repair_adopts_an_orphan_into_the_draft_holding_its_texts(authoring_workspace, monkeypatch, cli):
    """`repair` no longer says "nothing to repair" over an orphan: it names the line and adopts
    it (`--dry-run` only says so); afterwards corpus, provenance and draft agree."""
    ws = authoring_workspace
    _killed_before_provenance(ws, Op("ticket_intake", 1), monkeypatch)
    dry = cli("repair", "--dry-run")
    assert dry.exit_code == 0
    assert ":1: a record of `ticket_intake` without provenance" in dry.stderr
    assert "would be adopted" in dry.stderr
    assert faultlib.corpus_problems(ws, {("ticket_intake", 1): 1}) != []
    result = cli("repair")
    assert result.exit_code == 0
    assert "was adopted" in result.stderr
    assert faultlib.corpus_problems(ws, {("ticket_intake", 1): 1}) == []
    assert "nothing to repair" in cli("repair").stderr


def test_repair_writes_a_draft_from_an_orphan_whose_draft_is_gone(authoring_workspace, monkeypatch, cli):
    """An orphan whose texts no draft holds any more gets a new draft written from the line,
    marked recorded, so `rebuild` can re-assemble it: the operator's texts exist twice again."""
    ws = authoring_workspace
    op = Op("ticket_intake", 1)
    _killed_before_provenance(ws, op, monkeypatch)
    (ws / "prompts/drafts/ticket_intake.md").unlink()
    result = cli("repair")
    assert result.exit_code == 0, result.stderr
    assert "a new draft written from the line" in result.stderr
    assert faultlib.corpus_problems(ws, {("ticket_intake", 1): 1}) == []
    assert op.think in (ws / "prompts/drafts/ticket_intake.md").read_text()
    before = (ws / CORPUS).read_bytes()
    assert cli("rebuild").exit_code == 0
    assert (ws / CORPUS).read_bytes() == before


# ---- parallel writers of one flow; the draft's claim file ---------------------------------------


def test_four_parallel_writers_of_one_flow_with_texts_from_files_each_land_as_a_variant(authoring_workspace):
    """4 `write FLOW --no-input --prompt … --think …` at once on one flow: none is refused as
    busy; each takes the next free variant, and the corpus, provenance and drafts agree."""
    ws = authoring_workspace
    processes = []
    environment = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    for n in range(1, 5):
        op = Op("ticket_close", n)
        (ws / f"p{n}.txt").write_text(op.request)
        (ws / f"t{n}.txt").write_text(op.think)
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "svix_flows",
                    "write",
                    "ticket_close",
                    "--no-input",
                    "--prompt",
                    f"p{n}.txt",
                    "--think",
                    f"t{n}.txt",
                ],
                cwd=ws,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    results = [(process.wait(60), process.stderr.read()) for process in processes]
    assert [code for code, _ in results] == [0] * 4, results
    from svix_flows.corpus import drafts

    variants = {d.variant: d.path for d in drafts.list_drafts(ws, "ticket_close")}
    assert sorted(variants) == [1, 2, 3, 4]
    expected = {}
    for variant, path in variants.items():
        n = next(n for n in range(1, 5) if Op("ticket_close", n).request in path.read_text())
        expected[("ticket_close", variant)] = n
    assert sorted(expected.values()) == [1, 2, 3, 4]
    assert faultlib.corpus_problems(ws, expected) == []


def test_no_claim_file_is_left_beside_the_drafts(authoring_workspace):
    """The `.FLOW.N.md.lock` claim is removed when the write ends: the drafts folder holds drafts."""
    ws = authoring_workspace
    faultlib.run(ws, Op("ticket_close", 1))
    faultlib.run(ws, Op("ticket_close", 2))
    assert sorted(p.name for p in (ws / "prompts/drafts").iterdir()) == [
        "ticket_close.2.md",
        "ticket_close.md",
    ]


# ---- the editor ----------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", ["EDITOR", "VISUAL", "both"])
def test_an_empty_editor_variable_without_a_terminal_starts_no_editor(authoring_workspace, tmp_path, empty):
    """EDITOR="" (or VISUAL="") means unset; with no terminal no default editor (a `vi` on
    PATH here) is started: one line saying what to pass, exit 2, nothing on stdout."""
    ws = authoring_workspace
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    marker = tmp_path / "vi-ran"
    vi = bin_dir / "vi"
    vi.write_text(f"#!/bin/sh\ntouch {marker}\nprintf '\\033[?1049h'\n")
    vi.chmod(0o755)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}"}
    env.update({"EDITOR": "", "VISUAL": ""} if empty == "both" else {empty: ""})
    result = _run(ws, "write", "ticket_close", "--no-input", **env)
    assert result.returncode == 2
    assert "--prompt FILE --think FILE" in _one_line(result)
    assert not marker.exists()
    assert result.stdout == ""


def test_an_editor_path_with_a_space_is_run(authoring_workspace, tmp_path, monkeypatch, cli):
    """EDITOR="/path/my editor.py", an existing file whose name holds a space, is run as that
    file (not split into `/path/my` and `editor.py`)."""
    from conftest import FIXTURES

    script = tmp_path / "my editor.py"
    script.write_text(f"#!{sys.executable}\n" + (FIXTURES / "authoring/editors/fill.py").read_text())
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    result = cli("write", "ticket_intake", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert (authoring_workspace / CORPUS).read_bytes().count(b"\n") == 1


# ---- escape sequences in source files ------------------------------------------------------------

EVIL_RUST = (
    "/// Sets the title \x1b]0;owned\x07 and clears \x1b[2J the screen, \x9b31m \u202e too.\n"
    "pub fn evil_doc() -> u32 {\n    7\n}\n"
)


def _on_a_terminal(cwd: Path, *args: str) -> str:
    """What the command writes to stdout and stderr when both are a terminal (a pty)."""
    import pty

    leader, follower = pty.openpty()
    environment = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    process = subprocess.Popen(
        [sys.executable, "-m", "svix_flows", *args],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(30)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    "args",
    [("span", "core/evil.rs", "evil_doc"), ("span", "core/evil.rs", "evil_doc", "--plain")],
    ids=" ".join,
)
def test_escape_sequences_in_a_source_file_never_reach_the_terminal(workspace, checkout, args):
    """`span` of an item whose doc comment holds OSC (ESC ] 0 ; … BEL), ESC [ 2 J, a C1 CSI and
    a bidi override: on a terminal they are shown escaped, highlighted or `--plain`."""
    (checkout / "server/svix-server/src/core/evil.rs").write_text(EVIL_RUST)
    shown = _on_a_terminal(workspace, *args)
    assert "evil_doc" in shown, shown
    assert "\x1b]" not in shown and "\x1b[2J" not in shown and "\x07" not in shown
    assert "\x9b" not in shown and "\u202e" not in shown
    assert "\\x1b]0;owned\\x07" in shown


def test_piped_plain_output_keeps_the_source_bytes(workspace, checkout, cli):
    """Piped (data for a program, e.g. a record), `span --plain` keeps the bytes exactly."""
    (checkout / "server/svix-server/src/core/evil.rs").write_text(EVIL_RUST)
    os.chdir(workspace)
    result = cli("span", "core/evil.rs", "evil_doc", "--plain")
    assert result.exit_code == 0
    assert EVIL_RUST.rstrip("\n") in result.stdout


# ---- the crate under trace, symbols and span ---------------------------------------------------

TRACE_ROOT = Path(__file__).parent / "fixtures" / "trace"


def _crate_copy(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(TRACE_ROOT, tmp_path / "checkout")
    return tmp_path / "checkout"


def _nested_mods(levels: int) -> str:
    return "mod m {\n" * levels + "pub fn innermost() {}\n" + "}\n" * levels


def test_a_thousand_nested_inline_modules_are_indexed_without_recursion(tmp_path, cli):
    """1,000 nested `mod m { … }` (2,000 here): `symbols` lists the innermost item, `span`
    finds it, and `trace` over a crate holding that file still works; no RecursionError."""
    checkout = _crate_copy(tmp_path)
    crate = checkout / "server/svix-server/src"
    (crate / "deep.rs").write_text(_nested_mods(2000))
    symbol = "m::" * 2000 + "innermost"
    listed = cli("--source", checkout, "symbols", "deep.rs", "--json")
    assert listed.exit_code == 0, listed.stderr[-500:]
    assert f'"symbol":"{symbol}"' in listed.stdout
    assert cli("--source", checkout, "span", "deep.rs", symbol, "--plain").exit_code == 0
    traced = cli("--source", checkout, "trace", "api/orders.rs", "create_order")
    assert traced.exit_code == 0, traced.stderr[-500:]
    assert "create_order" in traced.stdout


def test_a_crate_file_over_8_mib_is_left_out_of_trace_with_a_note(tmp_path, cli):
    """One 9 MiB file anywhere in the crate: `trace` still traces the rest, and says in one
    note which file it left out and why."""
    checkout = _crate_copy(tmp_path)
    with open(checkout / "server/svix-server/src/generated.rs", "wb") as handle:
        handle.truncate(9 * 2**20)
    result = cli("--source", checkout, "trace", "api/orders.rs", "create_order")
    assert result.exit_code == 0, result.stderr
    assert "create_order" in result.stdout
    (note,) = [line for line in result.stderr.splitlines() if "generated.rs" in line]
    assert "over the 8 MiB" in note and "left out of the trace" in note


# ---- smaller ones --------------------------------------------------------------------------------


def test_the_schema_fix_points_to_a_document_the_repository_has(cli, tmp_path):
    """E201's fix names docs/validate.md (which exists), not a DESIGN.md the repository lacks."""
    import json

    path = tmp_path / "corpus.jsonl"
    path.write_text('{"type":"chatml","messages":5}\n')
    result = cli("validate", "--no-source", "--json", path)
    problems = [json.loads(line) for line in result.stdout.splitlines()]
    fixes = [p["fix"] for p in problems if p.get("code") == "E201"]
    assert fixes and all("docs/validate.md" in fix and "DESIGN.md" not in fix for fix in fixes)
    assert (Path(__file__).parent.parent / "docs" / "validate.md").is_file()


def test_an_absolute_corpus_output_is_said_to_be_relative_to_the_catalog(workspace, cli, monkeypatch):
    """`[corpus] output = "/tmp/x.jsonl"`: the fix says relative to the catalog's folder, where
    the output is looked up, not to the crate root."""
    catalog = workspace / "flows.toml"
    catalog.write_text(catalog.read_text().replace("[corpus]\n", '[corpus]\noutput = "/tmp/x.jsonl"\n'))
    monkeypatch.chdir(workspace)
    result = cli("count")
    assert result.exit_code == 2
    line = _one_line(result)
    assert "relative to the catalog folder" in line and "crate root" not in line


def test_a_span_file_ending_in_a_slash_is_refused(workspace, cli, monkeypatch):
    """`file = "queue/mod.rs/"` names no file: the catalog is refused in one line, exit 2."""
    catalog = workspace / "flows.toml"
    catalog.write_text(
        catalog.read_text().replace(
            '"queue/mod.rs", symbol = "TaskQueue::send"', '"queue/mod.rs/", symbol = "TaskQueue::send"'
        )
    )
    monkeypatch.chdir(workspace)
    result = cli("list")
    assert result.exit_code == 2
    assert "ends in /" in _one_line(result)


def test_the_file_size_limit_is_reported_as_such_not_as_a_full_disk(authoring_workspace):
    """`ulimit -f` below the corpus's next size: `write` says the file size limit is reached
    (not "the disk is full"), exit 2, and the corpus is as it was."""
    import resource

    ws = authoring_workspace
    faultlib.run(ws, Op("ticket_close", 1))
    before = (ws / CORPUS).read_bytes()
    op = Op("ticket_close", 2)
    (ws / "p.txt").write_text(op.request)
    (ws / "t.txt").write_text(op.think)
    limit = len(before) + 100

    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    environment = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "svix_flows",
            "write",
            "ticket_close",
            "--prompt",
            "p.txt",
            "--think",
            "t.txt",
        ],
        cwd=ws,
        env=environment,
        preexec_fn=limited,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2, result.stderr
    line = _one_line(result)
    assert "file size limit" in line and "disk is full" not in line
    assert (ws / CORPUS).read_bytes() == before


KV_RUST = (
    "kv_def!(ParcelKey, ParcelApp);\n\npub struct ParcelApp;\n\nimpl ParcelApp {\n    pub fn load() {}\n}\n"
)


def test_a_symbol_path_ending_in_colons_is_called_malformed_not_macro_made(
    workspace, checkout, cli, monkeypatch
):
    """`ParcelApp::` (trailing `::`) is a malformed path, not an item of the `kv_def!` beside it."""
    (checkout / "server/svix-server/src/core/kv.rs").write_text(KV_RUST)
    monkeypatch.chdir(workspace)
    for path in ("ParcelApp::", "::load", "ParcelApp::::load"):
        result = cli("span", "core/kv.rs", path)
        assert result.exit_code == 1
        line = _one_line(result)
        assert "not a well-formed symbol path" in line and "kv_def" not in line


def test_a_100000_character_symbol_is_shortened_in_the_error(workspace, checkout, cli, monkeypatch):
    """A 100,000-character symbol path: one short line, not the path echoed whole."""
    (checkout / "server/svix-server/src/core/kv.rs").write_text(KV_RUST)
    monkeypatch.chdir(workspace)
    result = cli("span", "core/kv.rs", "A" * 100_000)
    assert result.exit_code == 1
    line = _one_line(result)
    assert len(line) < 400 and "100000 characters" in line


def test_items_of_a_file_with_lone_cr_line_ends_are_found(workspace, checkout, cli, monkeypatch):
    """A file whose lines end in a lone CR (classic Mac): its items are found, with real lines."""
    (checkout / "server/svix-server/src/core/cr.rs").write_bytes(KV_RUST.replace("\n", "\r").encode())
    monkeypatch.chdir(workspace)
    result = cli("span", "core/cr.rs", "ParcelApp::load", "--plain")
    assert result.exit_code == 0, result.stderr
    assert "(lines 6-6)" in result.stdout and "pub fn load() {}" in result.stdout


def test_rebuild_dry_run_summarises_thousands_of_unknown_lines(authoring_workspace):
    """5,000 corpus lines that no draft describes: `rebuild --dry-run` says so in a few lines,
    not one line each."""
    ws = authoring_workspace
    (ws / "out").mkdir()
    (ws / CORPUS).write_bytes(b"".join(b'{"messages":[%d]}\n' % n for n in range(5000)))
    result = _run(ws, "rebuild", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert len(result.stderr.splitlines()) <= 15
    assert "4990 more old lines" in result.stderr


def test_a_symlinked_catalog_finds_the_corpus_beside_its_target(authoring_workspace, tmp_path):
    """flows.toml symlinked from another folder: the corpus, prompts and drafts are those beside
    the real catalog, not beside the link."""
    import json

    ws = authoring_workspace
    faultlib.run(ws, Op("ticket_close", 1))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "flows.toml").symlink_to(ws / "flows.toml")
    result = _run(elsewhere, "count", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["records"] == 1
    assert not (elsewhere / "out").exists()


def _records_without_a_home(ws: Path) -> list[str]:
    """Corpus records that lack provenance, or whose provenance names a draft that does not
    hold the record's request or is not marked recorded."""
    import hashlib

    import orjson

    from svix_flows.corpus import drafts
    from svix_flows.corpus.provenance import read_entries

    by_hash = {entry.record_sha256: entry for entry in read_entries(ws / PROVENANCE)}
    problems = []
    raw = (ws / CORPUS).read_bytes()
    if raw and not raw.endswith(b"\n"):
        problems.append("a torn last line")
    for number, line in enumerate(raw.split(b"\n")[:-1], 1):
        request = orjson.loads(line)["messages"][1]["content"]
        entry = by_hash.get(hashlib.sha256(line).hexdigest())
        draft = ws / entry.draft if entry else None
        if entry is None:
            problems.append(f"line {number} has no provenance")
        elif not draft.is_file() or request not in draft.read_text() or not drafts.is_recorded(draft):
            problems.append(f"line {number}: its draft {entry.draft} does not hold it as recorded")
    return problems


def test_a_kill_at_any_file_change_then_a_write_of_other_texts_leaves_no_orphan(tmp_path):
    """A writer SIGKILLed before or after each file change of an append, then the operator
    writes a record with *other* texts (not the same command again): every corpus line has
    provenance and a recorded draft holding its texts, and the new record lands."""
    from svix_flows.errors import DataError

    ws = faultlib.make_workspace(tmp_path)
    numbers = iter(range(1, 10_000))
    probe = Op("ticket_intake", next(numbers))
    pid, read = faultlib.fork_writer(ws, [probe])
    calls = len(faultlib.reap(pid, read, kill=False).calls)
    orphans = 0
    for index in range(calls + 1):
        for after in (False, True):
            pid, read = faultlib.fork_writer(
                ws, [Op("ticket_intake", next(numbers))], faultlib.Crash(index, after)
            )
            faultlib.reap(pid, read, kill=False)
            orphans += any("no provenance" in p for p in _records_without_a_home(ws))
            other = Op("ticket_intake", next(numbers))
            try:
                outcome = faultlib.run(ws, other)
            except DataError as exc:
                assert "svix-flows repair" in str(exc)
                faultlib.repair(ws)
                outcome = faultlib.run(ws, other)
            assert outcome.ok
            assert other.request.encode() in (ws / CORPUS).read_bytes()
            assert _records_without_a_home(ws) == [], (index, after)
    assert orphans >= 1  # the kills did leave orphans for the next write to adopt
    print(f"\nother texts after a kill: {2 * (calls + 1)} kills, {orphans} orphans adopted, 0 lost")


def test_repair_marks_a_draft_whose_record_and_provenance_were_written(authoring_workspace, cli):
    """Killed after the provenance but before the draft's mark: `repair` marks the draft
    recorded (so no later `write` reuses it and takes its provenance entry)."""
    from svix_flows.corpus import drafts

    ws = authoring_workspace
    faultlib.run(ws, Op("ticket_close", 1))
    path = ws / "prompts/drafts/ticket_close.md"
    path.write_text(drafts.set_header(path.read_text(), "ticket_close", 1, None))
    assert not drafts.is_recorded(path)
    result = cli("repair")
    assert result.exit_code == 0
    assert "was not marked recorded (a write cut short); it was marked" in result.stderr
    assert drafts.is_recorded(path)
    assert faultlib.corpus_problems(ws, {("ticket_close", 1): 1}) == []


@pytest.mark.parametrize(
    "think",
    ["<!--" * 100_000, "<!-- a -->" + "<!--" * 100_000, "-->" + "<!-- svix-flows problems " * 20_000],
    ids=["unclosed-openings", "closed-then-unclosed", "problem-openings"],
)
def test_a_draft_full_of_comment_openings_is_read_in_linear_time(think: str) -> None:
    """A draft whose think part holds 100,000 `<!--` with no `-->` is refused (an unclosed
    comment) at once, and its problems comment is rewritten at once; a lazy pattern took
    minutes (quadratic), so the guard is a generous time limit."""
    program = (
        "import sys; from pathlib import Path; from svix_flows.corpus import drafts\n"
        "from svix_flows.errors import DataError\n"
        "think = sys.stdin.read()\n"
        "text = ('<!-- svix-flows draft · flow f · variant 1 -->\\n' + drafts.set_problems("
        "'<!-- svix-flows problems ' + think + '\\n=== REQUEST\\nr\\n=== THINK\\n' + think + "
        "'\\n=== CODE\\n', ['E320 x']))\n"
        "try:\n    drafts.parse(text, Path('f.md'))\nexcept DataError as exc:\n"
        "    assert 'comment' in str(exc) or 'marker' in str(exc), exc\n"
    )
    subprocess.run([sys.executable, "-c", program], input=think, text=True, check=True, timeout=30)


def test_rebuild_reads_a_record_of_repeated_header_pieces_in_linear_time() -> None:
    """A think block repeating `// File: a (lines 1-2), in x` 100,000 times is compared with its
    older form at once; a backtracking pattern took minutes on 1,000 (cubic), so the guard is a
    generous time limit. The header itself still loses its context."""
    program = (
        "from svix_flows.ops.rebuild import _plain_headers\n"
        "data = b'{\"x\":\"' + b'// File: a (lines 1-2), in x' * 100_000 + b'\"}'\n"
        "_plain_headers(data)\n"
        "header = b'```rust\\\\n// File: a.rs (lines 1-2), in impl A\\\\nfn a() {}'\n"
        "assert _plain_headers(header) == b'```rust\\\\n// File: a.rs (lines 1-2)\\\\nfn a() {}'\n"
    )
    subprocess.run([sys.executable, "-c", program], check=True, timeout=30)
