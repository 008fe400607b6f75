"""`fetch`: the pinned commit cloned into the cache, found there by every other command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checkouts import as_repository, commit_all, git


@pytest.fixture
def upstream(workspace: Path, tmp_path: Path) -> str:
    """A local git repository holding the synthetic checkout at two commits; the catalog pins
    the first (so fetch must check out a commit that is not the tip)."""
    repo = tmp_path / "upstream"
    shutil.copytree(workspace.parent / "checkout", repo)
    pinned = as_repository(repo)
    (repo / "later.txt").write_text("later\n")
    commit_all(repo, "two")
    toml = workspace / "flows.toml"
    text = toml.read_text().replace("0123456789abcdef0123456789abcdef01234567", pinned)
    toml.write_text(text.replace('path = "../checkout"\n', ""))
    return str(repo)


def test_fetch_then_show_works_from_an_empty_cache(cli, workspace, upstream, monkeypatch, tmp_path):
    """`fetch --url <local clone>` fills the cache; `show` then needs no flags."""
    monkeypatch.chdir(workspace)
    result = cli("fetch", "--url", upstream)
    assert result.exit_code == 0, result.stderr
    assert "cloned" in result.stderr
    cached = next((tmp_path / "cache" / "svix-flows").glob("svix-webhooks-*"))
    assert not (cached / "later.txt").exists()  # the pinned commit, not the tip
    shown = cli("show", "parcel_creation")
    assert shown.exit_code == 0 and shown.stdout.startswith("````rust")


def test_fetch_does_nothing_when_the_checkout_is_there(cli, workspace, upstream, monkeypatch):
    """A second fetch finds the right checkout and leaves it alone."""
    monkeypatch.chdir(workspace)
    cli("fetch", "--url", upstream)
    result = cli("fetch", "--url", upstream)
    assert result.exit_code == 0 and "already there" in result.stderr


def test_fetch_to_dest_clones_there(cli, workspace, upstream, monkeypatch, tmp_path):
    """--dest puts the checkout where the operator says."""
    monkeypatch.chdir(workspace)
    result = cli("fetch", "--url", upstream, "--dest", tmp_path / "here")
    assert result.exit_code == 0 and (tmp_path / "here/server/svix-server/src/queue/mod.rs").is_file()


def test_an_unreachable_url_is_one_line_and_leaves_no_half_checkout(
    cli, workspace, upstream, monkeypatch, tmp_path
):
    """A failed clone says so in one line (exit 2) and leaves nothing in the cache."""
    monkeypatch.chdir(workspace)
    result = cli("fetch", "--url", str(tmp_path / "no-such-repo"))
    assert result.exit_code == 2
    assert "git clone" in result.stderr and "--url" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list((tmp_path / "cache" / "svix-flows").glob("svix-webhooks-*")) == []


def test_a_clone_without_the_pinned_commit_is_refused(cli, workspace, upstream, monkeypatch, tmp_path):
    """A mirror that lacks the commit is named, with the fix."""
    toml = workspace / "flows.toml"
    toml.write_text(toml.read_text().replace(git(Path(upstream), "rev-parse", "HEAD~1"), "f" * 40))
    monkeypatch.chdir(workspace)
    result = cli("fetch", "--url", upstream)
    assert result.exit_code == 2 and "has no commit" in result.stderr


def test_missing_git_is_one_clear_line(cli, workspace, upstream, monkeypatch):
    """Without git on PATH, fetch says to install it."""
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("PATH", "/nonexistent")
    result = cli("fetch", "--url", upstream)
    assert result.exit_code == 2 and "git is not installed" in result.stderr
