"""Corner cases, each one clear answer: the schema fix's document, relative corpus paths, odd
span files and symbol paths, size limits, lone CR line ends, symlinked catalogs, a kill
before a write of other texts, repair marking a draft, linear-time reading of drafts and headers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

import faultlib
from console import one_line as _one_line
from console import run_cli
from faultlib import CORPUS, PROVENANCE, Op

# these commands answer at once: a hang shows within 20 s
_run = partial(run_cli, timeout=20)


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
