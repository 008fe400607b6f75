"""`fetch` with a checkout already named (--source, SVIX_FLOWS_SOURCE, [source] path): verified, not cloned."""

from __future__ import annotations

from pathlib import Path

from checkouts import git
from test_fetch import upstream  # noqa: F401 (a fixture)


def _pinned_clone(upstream: str, tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", upstream, str(clone))
    git(clone, "checkout", "-q", "--detach", "HEAD~1")
    return clone


def test_fetch_with_source_verifies_it_without_cloning(cli, workspace, upstream, monkeypatch, tmp_path):
    """--source at the pinned commit, clean: exit 0, `verified`, and nothing cloned into the cache."""
    monkeypatch.chdir(workspace)
    clone = _pinned_clone(upstream, tmp_path)
    result = cli("--source", clone, "fetch")
    assert result.exit_code == 0, result.stderr
    assert "verified" in result.stderr and "no uncommitted changes" in result.stderr
    assert not list((tmp_path / "cache").glob("svix-flows/svix-webhooks-*"))


def test_fetch_verifies_the_environment_variables_checkout(cli, workspace, upstream, monkeypatch, tmp_path):
    """SVIX_FLOWS_SOURCE is verified the same way."""
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("SVIX_FLOWS_SOURCE", str(_pinned_clone(upstream, tmp_path)))
    result = cli("fetch")
    assert result.exit_code == 0, result.stderr
    assert "(from SVIX_FLOWS_SOURCE)" in result.stderr


def test_fetch_verifies_the_catalogs_source_path(cli, workspace, upstream, monkeypatch, tmp_path):
    """`[source] path` in flows.toml is verified the same way."""
    monkeypatch.chdir(workspace)
    clone = _pinned_clone(upstream, tmp_path)
    toml = workspace / "flows.toml"
    toml.write_text(toml.read_text().replace("[corpus]", f'path = "{clone}"\n\n[corpus]', 1))
    result = cli("fetch")
    assert result.exit_code == 0, result.stderr
    assert "[source] path" in result.stderr


def test_a_checkout_at_another_commit_fails_verification(cli, workspace, upstream, monkeypatch, tmp_path):
    """A checkout at the tip, not the pinned commit: exit 2, both commits named, the fix given."""
    monkeypatch.chdir(workspace)
    clone = _pinned_clone(upstream, tmp_path)
    git(clone, "checkout", "-q", "--detach", "origin/HEAD")
    result = cli("--source", clone, "fetch")
    assert result.exit_code == 2
    assert "the catalog pins" in result.stderr and "checkout" in result.stderr


def test_a_checkout_with_uncommitted_changes_fails_verification(
    cli, workspace, upstream, monkeypatch, tmp_path
):
    """An edited tracked file: exit 2, the file named."""
    monkeypatch.chdir(workspace)
    clone = _pinned_clone(upstream, tmp_path)
    edited = clone / "server/svix-server/src/queue/mod.rs"
    edited.write_text(edited.read_text() + "// edited\n")
    result = cli("--source", clone, "fetch")
    assert result.exit_code == 2
    assert "uncommitted changes (server/svix-server/src/queue/mod.rs)" in result.stderr
