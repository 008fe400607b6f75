"""git runs nothing the checkout's configuration names, and no value is read as an option."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from console import no_traceback as _no_traceback
from console import one_line as _one_line
from console import run_cli

_run = run_cli


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
