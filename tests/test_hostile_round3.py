"""Hostile input, third round: what an outside audit broke, each case now one clear answer.

Numbers too long for Python's int(), special files where texts are read, a checkout whose git
configuration names commands, values that git would read as options, odd terminals and
environments: no traceback, no hang, nothing lost, one line each.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

import faultlib
from faultlib import CORPUS, Op

LONG = "9" * 5000


def _run(ws: Path, *args: str, timeout: float = 30, **env: str) -> subprocess.CompletedProcess:
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


def _no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    assert "ValueError" not in result.stderr, result.stderr[-3000:]


def _one_line(result: subprocess.CompletedProcess) -> str:
    _no_traceback(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---- numbers of over 4,300 digits ----------------------------------------------------------------


def _record_with_a_long_line_number(ws: Path) -> None:
    """One record whose first span header says `(lines 1-<5,000 nines>)`."""
    assert faultlib.run(ws, Op("ticket_close", 1)).ok
    corpus = ws / CORPUS
    record = orjson.loads(corpus.read_bytes())
    answer = record["messages"][2]["content"]
    start = answer.index("(lines ") + len("(lines ")
    end = answer.index(")", start)
    record["messages"][2]["content"] = answer[:start] + "1-" + LONG + answer[end:]
    corpus.write_bytes(orjson.dumps(record) + b"\n")


@pytest.mark.parametrize(
    "command",
    [("validate", CORPUS), ("status",), ("repair", "--dry-run"), ("export", "dist"), ("count",)],
    ids=lambda c: c[0],
)
def test_a_header_line_number_of_5000_digits_is_e222_not_a_traceback(authoring_workspace, command):
    """A span header's range of 5,000 digits (past int()'s 4,300): `validate` says E222 with
    the number shortened; the other readers of the corpus go on or stop with one line."""
    _record_with_a_long_line_number(authoring_workspace)
    result = _run(authoring_workspace, *command)
    _no_traceback(result)
    assert LONG not in result.stderr + result.stdout
    if command[0] == "validate":
        assert "E222" in result.stdout and "5,000 digits" in result.stdout
        assert result.returncode == 1


def test_a_cite_of_5000_digits_is_a_check_problem_not_a_traceback(authoring_workspace):
    """A description citing `api/tickets.rs:<5,000 nines>`: `check` names the cite, shortened,
    as one problem, exit 1."""
    catalog = authoring_workspace / "flows.toml"
    text = catalog.read_text()
    catalog.write_text(
        text.replace(
            'description = "Closing a ticket marks its row and tells the bus."',
            f'description = "Closing a ticket (api/tickets.rs:1-2) marks its row (api/tickets.rs:{LONG})."',
        )
    )
    result = _run(authoring_workspace, "check")
    _no_traceback(result)
    assert result.returncode == 1
    assert "api/tickets.rs:…: a line number of over 18 digits" in result.stdout + result.stderr
    assert LONG not in result.stdout + result.stderr


def test_a_draft_header_with_a_5000_digit_variant_is_one_line(authoring_workspace):
    """A pending draft whose header says `variant <5,000 nines>` is not a draft header:
    `write` refuses it naming the draft, never a ValueError."""
    from svix_flows.corpus import drafts

    path = drafts.draft_path(authoring_workspace, "ticket_close", 1)
    path.parent.mkdir(parents=True)
    header = f"<!-- svix-flows draft · flow ticket_close · variant {LONG} -->\n"
    path.write_text(header + "=== REQUEST\n\n=== THINK\n\n=== CODE\n")
    (authoring_workspace / "p.txt").write_text(Op("ticket_close", 1).request)
    (authoring_workspace / "t.txt").write_text(Op("ticket_close", 1).think)
    args = ("write", "ticket_close", "--no-input", "--prompt", "p.txt", "--think", "t.txt")
    result = _run(authoring_workspace, *args)
    _no_traceback(result)
    assert result.returncode in (1, 2)
    assert "not the svix-flows draft header" in result.stderr


# ---- drafts and text files: regular files of a bounded size ------------------------------------

WRITE_FROM_FILES = ("write", "ticket_close", "--no-input", "--prompt", "p.txt", "--think", "t.txt")


def _texts(ws: Path) -> None:
    (ws / "p.txt").write_text(Op("ticket_close", 1).request)
    (ws / "t.txt").write_text(Op("ticket_close", 1).think)


def _special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:  # a regular file over the 8 MiB cap, sparse so it costs no disk
        with open(path, "wb") as handle:
            handle.truncate(100 << 20)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge"])
@pytest.mark.parametrize("which", ["draft", "--prompt", "--think"])
def test_a_draft_or_text_file_that_is_special_or_huge_is_refused_in_one_line(
    authoring_workspace, kind, which
):
    """A FIFO (which hung `write`), a link to /dev/zero (which grew to GBs) or a 100 MB file
    as the draft, `--prompt` or `--think`: refused before it is read, one line, exit 2, in
    seconds; the corpus is untouched."""
    from svix_flows.corpus import drafts

    ws = authoring_workspace
    _texts(ws)
    target = {
        "draft": drafts.draft_path(ws, "ticket_close", 1),
        "--prompt": ws / "p.txt",
        "--think": ws / "t.txt",
    }
    _special(target[which], kind)
    result = _run(ws, *WRITE_FROM_FILES, timeout=20)
    line = _one_line(result)
    assert result.returncode == 2, result.stderr
    assert str(target[which].name) in line
    assert ("not a regular file" in line) if kind != "huge" else ("over 8 MiB" in line)
    assert not (ws / CORPUS).exists()


# ---- git: nothing the checkout's configuration names is run; no value is read as an option ---


def _booby_trapped(repo: Path, marks: Path) -> str:
    """A git checkout whose config names commands: an fsmonitor hook, a clean filter (that
    `git status` runs on a file whose timestamp changed), a post-checkout hook."""
    from checkouts import as_repository, commit_all, git

    as_repository(repo)
    (repo / ".gitattributes").write_text("*.rs filter=trap\n")
    head = commit_all(repo, "attributes")
    git(repo, "config", "core.fsmonitor", f"touch {marks}/fsmonitor; echo")
    git(repo, "config", "filter.trap.clean", f"touch {marks}/filter; cat")
    git(repo, "config", "filter.trap.required", "true")
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {marks}/hook\n")
    hook.chmod(0o755)
    for path in repo.rglob("*.rs"):  # a new timestamp: status must read the file again
        os.utime(path, (1, 1))
    return head


@pytest.mark.parametrize("command", [("check",), ("fetch",)])
def test_git_runs_no_command_named_by_the_checkouts_configuration(workspace, checkout, tmp_path, command):
    """`check` and `fetch` (verifying the configured checkout) run `git status` there: its
    `core.fsmonitor` command, its clean filter and its hooks must not run."""
    marks = tmp_path / "marks"
    marks.mkdir()
    head = _booby_trapped(checkout, marks)
    catalog = workspace / "flows.toml"
    catalog.write_text(catalog.read_text().replace("0123456789abcdef0123456789abcdef01234567", head))
    result = _run(workspace, *command)
    _no_traceback(result)
    assert sorted(p.name for p in marks.iterdir()) == []


@pytest.mark.parametrize("where", ["--url", "[source] repository"])
def test_a_repository_value_starting_with_a_dash_is_refused_not_read_as_an_option(workspace, tmp_path, where):
    """`fetch --url --upload-pack=…` or `[source] repository = "--upload-pack=…"`: refused in
    one line, exit 2; git never reads the value as an option, so nothing runs."""
    mark = tmp_path / "pwned"
    value = f"--upload-pack=touch {mark};false"
    catalog = workspace / "flows.toml"
    text = catalog.read_text().replace('path = "../checkout"\n', "")
    if where == "--url":
        catalog.write_text(text)
        result = _run(workspace, "fetch", f"--url={value}", "--dest", str(tmp_path / "dest"))
    else:
        catalog.write_text(text.replace('repository = "', f'repository = "{value}" # "', 1))
        result = _run(workspace, "fetch", "--dest", str(tmp_path / "dest"))
    line = _one_line(result)
    assert result.returncode == 2
    assert "cannot start with `-`" in line
    assert not mark.exists()


# ---- output to a stream that is not UTF-8 --------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", [("list",), ("map", "ticket_intake", "--format", "text"), ("status",)])
def test_a_stdout_that_is_not_utf8_gets_ascii_arrows_not_a_traceback(authoring_workspace, encoding, command):
    """PYTHONIOENCODING=ascii or latin-1 (a latin-1 terminal): `list`, `map --format text` and
    `status` print, with `→` as `->` and `▶` as `>`, exit 0 (a UnicodeEncodeError before)."""
    result = subprocess.run(
        [sys.executable, "-m", "svix_flows", *command],
        cwd=authoring_workspace,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr.decode(encoding)[-2000:]
    assert b"Traceback" not in result.stderr
    assert b"->" in result.stdout or command[0] == "status"
    result.stdout.decode(encoding)  # it is that encoding through and through
