"""Where the catalog and the checkout come from, in the documented order, and what a bad one says."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def _retarget(workspace: Path, body: str) -> None:
    toml = (workspace / "flows.toml").read_text()
    (workspace / "flows.toml").write_text(toml.replace('path = "../checkout"\n', body))


def test_catalog_is_found_by_walking_up_from_a_subfolder(cli, workspace, monkeypatch):
    """Inside any folder of the workspace, flows.toml above it is the catalog."""
    (workspace / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(workspace / "deep" / "er")
    assert cli("list").exit_code == 0


def test_catalog_flag_beats_the_environment(cli, workspace, tmp_path, monkeypatch):
    """--catalog wins over SVIX_FLOWS_CATALOG."""
    monkeypatch.setenv("SVIX_FLOWS_CATALOG", str(tmp_path / "missing.toml"))
    result = cli("--catalog", workspace / "flows.toml", "list")
    assert result.exit_code == 0, result.stderr


def test_catalog_environment_variable_is_read_when_the_command_runs(cli, workspace, monkeypatch):
    """SVIX_FLOWS_CATALOG set after import is still honoured."""
    monkeypatch.setenv("SVIX_FLOWS_CATALOG", str(workspace / "flows.toml"))
    assert "parcel_creation" in cli("list").stdout


def test_no_catalog_anywhere_is_one_line_and_exit_2(cli):
    """Outside a workspace: one line saying where it looked and how to point at one."""
    result = cli("list")
    assert result.exit_code == 2
    assert "no flows.toml" in result.stderr and "--catalog" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_source_flag_beats_environment_and_catalog(cli, workspace, tmp_path, monkeypatch):
    """--source wins over SVIX_FLOWS_SOURCE and [source] path."""
    other = tmp_path / "other"
    shutil.copytree(workspace.parent / "checkout", other)
    (other / "server/svix-server/src/queue/mod.rs").write_text("pub struct TaskQueue; // other\n")
    monkeypatch.setenv("SVIX_FLOWS_SOURCE", str(workspace.parent / "checkout"))
    monkeypatch.chdir(workspace)
    result = cli("--source", other, "span", "queue/mod.rs", "TaskQueue")
    assert "// other" in result.stdout


def test_source_environment_beats_the_catalog_path(cli, workspace, tmp_path, monkeypatch):
    """SVIX_FLOWS_SOURCE wins over [source] path."""
    other = tmp_path / "other"
    shutil.copytree(workspace.parent / "checkout", other)
    (other / "server/svix-server/src/queue/mod.rs").write_text("pub struct TaskQueue; // env\n")
    monkeypatch.setenv("SVIX_FLOWS_SOURCE", str(other))
    monkeypatch.chdir(workspace)
    assert "// env" in cli("span", "queue/mod.rs", "TaskQueue").stdout


def test_the_fetch_cache_is_used_when_nothing_else_is_set(cli, workspace, tmp_path, monkeypatch):
    """With no flag, variable or [source] path, the checkout in the fetch cache is used."""
    _retarget(workspace, "")
    cached = tmp_path / "cache" / "svix-flows" / "svix-webhooks-0123456789ab"
    shutil.copytree(workspace.parent / "checkout", cached)
    monkeypatch.chdir(workspace)
    result = cli("-v", "span", "queue/mod.rs", "TaskQueue")
    assert result.exit_code == 0, result.stderr
    assert "fetch cache" in result.stderr


def test_missing_checkout_says_where_it_looked_and_how_to_get_one(cli, workspace, monkeypatch):
    """No checkout anywhere: exit 2, one line naming the places and `svix-flows fetch`."""
    _retarget(workspace, 'path = "../nowhere"\n')
    monkeypatch.chdir(workspace)
    result = cli("show", "parcel_queue")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr and "svix-flows fetch" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_folder_that_is_not_a_checkout_is_refused(cli, workspace, tmp_path, monkeypatch):
    """--source pointing at a folder without the crate root is named as not a checkout."""
    monkeypatch.chdir(workspace)
    result = cli("--source", tmp_path, "show", "parcel_queue")
    assert result.exit_code == 2
    assert "not a svix-webhooks checkout" in result.stderr


def test_a_symlink_out_of_the_checkout_is_never_read(cli, workspace, checkout, tmp_path, monkeypatch):
    """A span file that is a symlink leading outside the checkout is refused, not read."""
    secret = tmp_path / "secret.rs"
    secret.write_text("pub fn stolen() {}\n")
    os.symlink(secret, checkout / "server/svix-server/src/leak.rs")
    monkeypatch.chdir(workspace)
    result = cli("span", "leak.rs", "stolen")
    assert result.exit_code == 2
    assert "out of the checkout" in result.stderr and "stolen" not in result.stdout


def test_a_symlinked_folder_out_of_the_checkout_is_never_read(
    cli, workspace, checkout, tmp_path, monkeypatch
):
    """The same holds when the escape goes through a symlinked folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.rs").write_text("pub fn stolen() {}\n")
    os.symlink(outside, checkout / "server/svix-server/src/linked")
    monkeypatch.chdir(workspace)
    result = cli("span", "linked/x.rs", "stolen")
    assert result.exit_code == 2 and "out of the checkout" in result.stderr


@pytest.mark.parametrize(
    ("path", "problem"),
    [("../outside.rs", "leaves the crate root"), ("/etc/passwd", "absolute")],
)
def test_span_paths_outside_the_crate_root_are_refused(cli, workspace, monkeypatch, path, problem):
    """`..` and absolute span paths are refused before anything is opened."""
    monkeypatch.chdir(workspace)
    result = cli("span", path, "x")
    assert result.exit_code == 2 and problem in result.stderr


def test_non_utf8_source_is_one_line_with_its_line_number(cli, workspace, checkout, monkeypatch):
    """A source file that is not UTF-8 is refused with the line of the first bad byte."""
    (checkout / "server/svix-server/src/bad.rs").write_bytes(b"fn a() {}\n// \xff\n")
    monkeypatch.chdir(workspace)
    result = cli("symbols", "bad.rs")
    assert result.exit_code == 2 and "bad.rs:2: not UTF-8" in result.stderr


def test_a_directory_as_source_file_is_refused(cli, workspace, monkeypatch):
    """A span file that is a directory is one clear line, not a crash."""
    monkeypatch.chdir(workspace)
    result = cli("symbols", "core")
    assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_a_fifo_as_source_file_is_refused_without_blocking(cli, workspace, checkout, monkeypatch):
    """A FIFO is never opened for a blocking read."""
    os.mkfifo(checkout / "server/svix-server/src/pipe.rs")
    monkeypatch.chdir(workspace)
    result = cli("symbols", "pipe.rs")
    assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_a_relative_xdg_cache_home_is_ignored(cli, workspace, tmp_path, monkeypatch):
    """XDG_CACHE_HOME=relative/path is ignored, as the XDG spec says: the cache is
    ~/.cache/svix-flows, not a folder below wherever the command runs."""
    _retarget(workspace, "")
    cached = Path.home() / ".cache" / "svix-flows" / "svix-webhooks-0123456789ab"
    shutil.copytree(workspace.parent / "checkout", cached)
    decoy = workspace / "cache" / "svix-flows" / "svix-webhooks-0123456789ab"
    shutil.copytree(workspace.parent / "checkout", decoy)
    (decoy / "server/svix-server/src/queue/mod.rs").write_text("pub struct TaskQueue; // decoy\n")
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    monkeypatch.chdir(workspace)
    result = cli("-v", "span", "queue/mod.rs", "TaskQueue")
    assert result.exit_code == 0, result.stderr
    assert "decoy" not in result.stdout
    assert str(cached.parent) in result.stderr


def test_where_a_checkout_was_found_is_a_kind_not_words(workspace, tmp_path):
    """`find_source` says where the checkout came from as an `Origin` (the fetch cache, the
    catalog's `[source] path`, a flag), so `fetch` decides on it and the words stay free."""
    from svix_flows.catalog import load_catalog
    from svix_flows.workspace import Origin, find_source

    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    catalog = load_catalog(workspace / "flows.toml")
    assert find_source(None, "", catalog, env).origin is Origin.CATALOG
    assert find_source(workspace.parent / "checkout", "--source", catalog, env).origin is Origin.GIVEN
    _retarget(workspace, "")
    cached = tmp_path / "cache" / "svix-flows" / "svix-webhooks-0123456789ab"
    shutil.copytree(workspace.parent / "checkout", cached)
    assert find_source(None, "", load_catalog(workspace / "flows.toml"), env).origin is Origin.CACHE
