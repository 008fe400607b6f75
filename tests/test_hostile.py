"""Hostile input: a corpus, a catalog or a checkout written to break the tool or the terminal.

Each is reported in one clear line (or, for a corpus, one finding per bad line) with exit 1 or
2, never a traceback, never a read outside the checkout, and never a control character, a NUL,
a bidi override or an escape sequence printed raw. Catalog and checkout cases already covered
by test_catalog.py and test_workspace.py (`..`, absolute paths, symlink escapes, FIFO and
directory sources, non-UTF-8, deep and huge TOML) are not repeated here.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

SYSTEM = (
    "You are the Svix Maintainer AI, an expert in the internal svix-server Rust architecture, "
    "specializing in cross-module data flows and data movement patterns."
)
ROOT = "server/svix-server/src"
# what a terminal would act on: C0 controls but newline and tab, DEL, C1 (CSI 0x9b), bidi overrides
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def record(system: str = SYSTEM, user: str = "We need the parcel flow.", answer: str | None = None) -> bytes:
    import json

    answer = answer or (
        "<think>\nThe endpoint hands the parcel to core.\n</think>\n\n"
        f"```rust\n// File: {ROOT}/core/a.rs (lines 1-1)\nfn a() {{}}\n```"
    )
    messages = [
        {"role": "system", "content": system},
        {"role": "user", "content": user},
        {"role": "assistant", "content": answer},
    ]
    return json.dumps({"type": "chatml", "messages": messages}).encode()


def nested(depth: int) -> bytes:
    return b'{"type":"chatml","messages":' + b"[" * depth + b"]" * depth + b"}"


# name -> (the corpus line, the code validate must give it)
HOSTILE_LINES = {
    "escape-sequence-in-json": (record(system="\x1b[2J\x1b]0;owned\x07" + SYSTEM), "E203"),
    "raw-escape-bytes": (b'{"type":"chat\x1b[31mml","messages":[]}', "E101"),
    "raw-nul-bytes": (b'{"type":"chatml",\x00"messages":[]}', "E101"),
    "nul-escape-in-json": (record(system=SYSTEM[:20] + "\x00" + SYSTEM[20:]), "E203"),
    "c1-csi-and-bidi": (record(system="\u009b31m\u202e" + SYSTEM), "E203"),
    "lone-surrogate-escape": (record().replace(b"We need", b"\\ud800We need"), None),
    "lone-low-surrogate-in-role": (record().replace(b'"role": "user"', b'"role": "\\udc00user"'), None),
    "nested-50-levels": (nested(50), "E201"),
    "nested-100000-levels": (nested(100_000), "E101"),
    "number-for-string": (
        record().replace(b'"content": "We need the parcel flow."', b'"content": 5'),
        "E201",
    ),
    "object-for-role": (record().replace(b'"role": "user"', b'"role": {"x": "\\u001b[31m"}'), "E201"),
    "not-utf8": (record().replace(b"We need", b"We \xff\xfe need"), "E102"),
}


def _assert_safe(result) -> None:
    """Nothing a terminal would act on reached stdout or stderr, and no traceback."""
    for stream in (result.stdout, result.stderr):
        assert not RAW.search(stream), repr(RAW.search(stream))
        assert "Traceback" not in stream


@pytest.mark.parametrize("name", sorted(HOSTILE_LINES))
def test_a_hostile_corpus_line_is_reported_never_printed_raw(cli, tmp_path, name):
    """Escape sequences, NUL bytes, C1 controls, bidi overrides, lone surrogates, deep nesting,
    wrong types, bytes that are not UTF-8: validate reports the line (exit 1), as text and as
    JSON, and prints none of it raw."""
    import json

    line, code = HOSTILE_LINES[name]
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(record() + b"\n" + line + b"\n")
    result = cli("validate", "--no-source", path)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    _assert_safe(result)
    found = re.findall(r"^.*:2: (E\d+)", result.stdout, re.MULTILINE)
    assert found and (code is None or code in found), result.stdout
    as_json = cli("validate", "--no-source", "--json", path)
    _assert_safe(as_json)
    problems = [json.loads(text) for text in as_json.stdout.splitlines()]
    assert any(p.get("line") == 2 and p.get("code") in found for p in problems)


def test_a_100_mb_line_is_reported_without_reading_it_whole(cli, tmp_path):
    """A 100 MB line between two records: E107 with its size, the records around it checked,
    in bounded memory (it is skipped in chunks)."""
    import resource

    path = tmp_path / "corpus.jsonl"
    with open(path, "wb") as handle:
        handle.write(record() + b"\n" + b'{"type":"')
        chunk = b"\x1b[31m" * (2**20 // 5)
        handle.writelines(chunk for _ in range(100))
        handle.write(b'"}\n' + record(user="A second request, distinct.") + b"\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = cli("validate", "--no-source", path)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.exit_code == 1
    assert re.search(r":2: E107 .*over the limit", result.stdout)
    assert ":1: E" not in result.stdout and ":3: E" not in result.stdout
    _assert_safe(result)
    assert grown < 80 * 1024, f"validate grew by {grown} KiB"


def test_a_file_name_with_an_escape_sequence_is_printed_escaped(cli, tmp_path):
    """The FILE of `FILE:LINE: CODE` comes from the command line; it is escaped too."""
    path = tmp_path / "evil\x1b[2J.jsonl"
    path.write_bytes(b"not json\n")
    result = cli("validate", "--no-source", path)
    assert result.exit_code == 1
    _assert_safe(result)
    assert "E101" in result.stdout


def test_count_and_write_go_on_past_hostile_lines(authoring_workspace, cli, tmp_path):
    """A corpus and provenance full of hostile lines (but ending in a newline): `count` counts
    without crashing, and `write` appends a whole record after them."""
    import faultlib

    ws = authoring_workspace
    (ws / "out").mkdir()
    hostile = b"\n".join(line for line, _ in HOSTILE_LINES.values()) + b"\n"
    (ws / faultlib.CORPUS).write_bytes(hostile)
    (ws / faultlib.PROVENANCE).write_bytes(hostile + b'{"spans": 5}\n[1]\n"s"\n')
    result = cli("count")
    assert result.exit_code == 0, result.stderr
    _assert_safe(result)
    op = faultlib.Op("ticket_close", 1)
    assert faultlib.run(ws, op).line == len(HOSTILE_LINES) + 1
    assert (ws / faultlib.CORPUS).read_bytes().startswith(hostile)


# ---- catalog and checkout ----------------------------------------------------------------------


def test_a_100_mb_source_file_is_refused_without_reading_it(cli, workspace, checkout, monkeypatch):
    """A span file of 100 MB (sparse: nothing to read) is one line naming the limit, exit 2."""
    big = checkout / ROOT / "core" / "big.rs"
    with open(big, "wb") as handle:
        handle.truncate(100 * 2**20)
    monkeypatch.chdir(workspace)
    result = cli("symbols", "core/big.rs")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "104857600 bytes, over the 8 MiB" in line


def test_control_characters_in_a_flow_id_are_shown_escaped(cli, workspace, monkeypatch):
    """A flow id typed with an escape sequence (`show $'\\e[2J'`): one line, exit 2, escaped."""
    monkeypatch.chdir(workspace)
    for command in ("show", "write"):
        result = cli(command, "parcel\x1b[2J\x9b31m\u202e")
        assert result.exit_code in (1, 2)
        assert len(result.stderr.strip().splitlines()) == 1
        _assert_safe(result)


def test_escape_sequences_in_catalog_texts_are_shown_escaped(cli, workspace, monkeypatch):
    """A title and description holding escape sequences (TOML `\\u001b`) are printed escaped by
    `list`, `status` and `show`."""
    toml = workspace / "flows.toml"
    toml.write_text(
        toml.read_text().replace(
            'title = "Parcel queueing"', 'title = "Parcel \\u001b]0;owned\\u0007queueing\\u009b2J\\u202e"'
        )
    )
    monkeypatch.chdir(workspace)
    for args in (["list"], ["status"], ["show", "parcel_queue"]):
        result = cli(*args)
        assert result.exit_code in (0, 1, 2), result.stderr
        _assert_safe(result)


def test_a_catalog_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    """`--catalog` naming a FIFO: one line, exit 2, and no read that waits forever."""
    fifo = tmp_path / "flows.toml"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "svix_flows", "--catalog", str(fifo), "list"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert str(fifo) in line


@pytest.mark.parametrize("how", ["symlink", "dotdot", "absolute"])
def test_a_record_naming_a_file_outside_the_checkout_is_never_read(
    cli, workspace, checkout, tmp_path, monkeypatch, how
):
    """A corpus record whose `// File:` header leads out of the checkout (a symlink, `..`, an
    absolute path): validate reports E231 and never shows, or reads, that file."""
    secret = tmp_path / "secret.rs"
    secret.write_text("SECRET-MARKER\n")
    if how == "symlink":
        os.symlink(secret, checkout / ROOT / "core" / "leak.rs")
        header = f"{ROOT}/core/leak.rs"
    elif how == "dotdot":
        header = f"{ROOT}/" + "../" * 6 + str(secret).lstrip("/")
    else:
        header = str(secret)
    answer = f"<think>\nReasoning.\n</think>\n\n```rust\n// File: {header} (lines 1-1)\nfn other() {{}}\n```"
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(record(answer=answer) + b"\n")
    monkeypatch.chdir(workspace)
    result = cli("validate", path)
    assert result.exit_code == 1
    assert re.search(r":1: E23[01]", result.stdout), result.stdout
    assert "E231" in result.stdout
    assert "SECRET-MARKER" not in result.stdout + result.stderr


# ---- no shell, ever ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    ["$(touch {marker})", "`touch {marker}`", "; touch {marker}", "| touch {marker}", "&& touch {marker}"],
)
def test_shell_syntax_in_the_editor_variable_is_never_run(
    authoring_workspace, use_editor, monkeypatch, cli, payload
):
    """$EDITOR holding `$(…)`, backticks, `;`, `|` or `&&` is split into arguments and run
    without a shell: the command inside never runs."""
    marker = authoring_workspace / "pwned"
    use_editor("fail")
    monkeypatch.setenv("EDITOR", os.environ["EDITOR"] + " " + payload.format(marker=shlex.quote(str(marker))))
    cli("write", "ticket_intake")
    monkeypatch.setenv("EDITOR", payload.format(marker=shlex.quote(str(marker))))
    result = cli("write", "ticket_intake")
    assert result.exit_code in (1, 2)
    assert not marker.exists()


def test_git_runs_without_a_shell_on_a_checkout_named_like_a_command(
    cli, workspace, checkout, tmp_path, monkeypatch
):
    """`check` runs git with an argument list: a checkout folder named `$(touch pwned)` is a
    path, never a command."""
    import shutil

    evil = tmp_path / "$(touch pwned);touch pwned2"
    shutil.copytree(checkout, evil)
    monkeypatch.chdir(tmp_path)
    result = cli("--catalog", workspace / "flows.toml", "--source", evil, "check")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()


def test_no_module_starts_a_shell_or_builds_a_command_line_from_text():
    """No `shell=True`, `os.system`, `os.popen` or `commands` anywhere in the package; every
    subprocess gets an argument list."""
    package = Path(__file__).parent.parent / "src" / "svix_flows"
    for source in package.glob("*.py"):
        text = source.read_text()
        for banned in ("shell=True", "os.system(", "os.popen(", "os.exec", "pty.spawn"):
            assert banned not in text, f"{source.name}: {banned}"
        for call in re.findall(r"subprocess\.(?:run|Popen|call|check_output|check_call)\(\s*([^,)]*)", text):
            assert not call.strip().startswith(('f"', "'", '"', "f'")), f"{source.name}: {call}"
