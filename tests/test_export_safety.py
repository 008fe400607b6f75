"""`export` against hostile folders, interruptions and records without provenance.

An export writes only into an empty folder or one of its own (never replacing a README it did
not write), an export killed midway never leaves one export's train beside another's
validation, and records without provenance are refused, never exported under a flow `unknown`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from test_export import corpus  # noqa: F401 (a fixture)
from test_write import texts  # noqa: F401 (a fixture)

PROVENANCE = Path("out/cross_module_data_flows.provenance.jsonl")


def split_files(folder: Path) -> dict[str, Path]:
    """The default config's split files, as the card's front matter names them."""
    card = (folder / "README.md").read_text()
    front = card[4 : card.index("\n---\n", 4)]
    config = front.split("- config_name: ", 2)[1]
    found = {}
    for part in config.split("  - split: ")[1:]:
        name, rest = part.split("\n", 1)
        found[name.strip()] = folder / rest.split("path: ", 1)[1].split("\n", 1)[0].strip()
    return found


def test_export_refuses_a_folder_that_holds_other_files(corpus, cli, tmp_path):
    """A folder with files of its own and no export marker is refused (exit 2, one line naming
    --force), and its files are left as they were."""
    target = tmp_path / "mine"
    (target / "data").mkdir(parents=True)
    (target / "README.md").write_text("my notes\n")
    (target / "data/eval.jsonl").write_text("{}\n")
    result = cli("export", target)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--force" in result.stderr
    assert (target / "README.md").read_text() == "my notes\n"
    assert (target / "data/eval.jsonl").read_text() == "{}\n"
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "data"]


def test_export_dot_refuses_the_workspace(corpus, cli):
    """`export .` in the workspace is refused: its flows.toml and prompts are not an export."""
    catalog = Path("flows.toml").read_text()
    result = cli("export", ".")
    assert result.exit_code == 2 and "not an earlier export" in result.stderr
    assert Path("flows.toml").read_text() == catalog and not Path("data").exists()


def test_export_replaces_an_earlier_export_and_keeps_other_entries(corpus, cli, tmp_path):
    """An earlier export (found by its marker) is replaced without --force; its old split files go
    with it, and entries an export does not own (a .git of a Hub clone) stay."""
    target = tmp_path / "ds"
    assert cli("export", target, "--eval-share", "0.3").exit_code == 0
    (target / ".git").mkdir()
    (target / ".git/HEAD").write_text("ref: refs/heads/main\n")
    result = cli("export", target)
    assert result.exit_code == 0, result.stderr
    assert not (target / "data/validation.jsonl").exists()
    assert (target / ".git/HEAD").read_text() == "ref: refs/heads/main\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ds.")] == []


def test_force_writes_into_a_foreign_folder_replacing_only_its_own_entries(corpus, cli, tmp_path):
    """With --force the export's README.md and data/ replace the folder's, other files stay."""
    target = tmp_path / "mine"
    target.mkdir()
    (target / "README.md").write_text("my notes\n")
    (target / "notes.txt").write_text("kept\n")
    result = cli("export", target, "--force")
    assert result.exit_code == 0, result.stderr
    assert (target / "README.md").read_text().startswith("---\n")
    assert (target / "notes.txt").read_text() == "kept\n"


def test_an_export_removes_what_a_dead_export_left_beside_the_folder(corpus, cli, tmp_path):
    """A staging folder and a set-aside folder of a process that no longer runs are removed by the
    next export into the same folder; those of other folders are not."""
    dead = 2**22 + 1  # above the largest pid Linux allows (PID_MAX_LIMIT, 2**22): no process has it
    left = [
        tmp_path / f".ds.export-{dead}.tmp",
        tmp_path / f".ds.old-{dead}.tmp",
        tmp_path / f".other.export-{dead}.tmp",
    ]
    for folder in left:
        (folder / "data").mkdir(parents=True)
    assert cli("export", tmp_path / "ds").exit_code == 0
    assert [folder.exists() for folder in left] == [False, False, True]


def test_export_refuses_a_file_as_its_folder(corpus, cli, tmp_path):
    """DIR naming a file is refused in one line (exit 2), with --force too, and the file is kept."""
    (tmp_path / "ds").write_text("mine\n")
    for extra in ((), ("--force",)):
        result = cli("export", tmp_path / "ds", *extra)
        assert result.exit_code == 2 and "is a file" in result.stderr
    assert (tmp_path / "ds").read_text() == "mine\n"


def test_export_into_an_empty_folder_needs_no_force(corpus, cli, tmp_path):
    """An empty folder is written into as if it were new."""
    (tmp_path / "empty").mkdir()
    result = cli("export", tmp_path / "empty")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "empty/data/train.jsonl").is_file()


KILL_POINTS = 19  # the 18 renames of a second export with a validation split, then none


class Killed(BaseException):
    """The process dying at a rename (a BaseException, as a signal's KeyboardInterrupt is)."""


def test_an_export_killed_midway_never_leaves_overlapping_splits(corpus, cli, tmp_path, monkeypatch):
    """A second export, with another draw, killed after each number of renames in turn: whatever
    the folder then loads as has no flow in both splits (each split file is one export's)."""
    for survived in range(KILL_POINTS):
        target = tmp_path / f"ds{survived}"
        assert cli("export", target, "--eval-share", "0.6", "--seed", "1").exit_code == 0
        killed = _export_killed_after(
            cli, monkeypatch, survived, target, "--eval-share", "0.3", "--seed", "0"
        )
        assert killed == (survived < KILL_POINTS - 1), survived  # the last point is past every rename
        if not (target / "README.md").is_file():
            continue
        files = split_files(target)
        if not all(path.is_file() for path in files.values()):
            continue  # not loadable
        flows = [
            {json.loads(line)["flow"] for line in path.read_text().splitlines()} for path in files.values()
        ]
        assert len(flows) < 2 or not flows[0] & flows[1], (survived, flows)


def _export_killed_after(cli, monkeypatch, survived: int, *args) -> bool:
    """Run `export ARGS` with the process dying at the rename after `survived` of them; whether it died."""
    calls = {"n": 0}

    def dying(real):
        def call(*a, **kw):
            calls["n"] += 1
            if calls["n"] > survived:
                raise Killed
            return real(*a, **kw)

        return call

    with monkeypatch.context() as patch:
        patch.setattr(os, "rename", dying(os.rename))
        patch.setattr(os, "replace", dying(os.replace))
        try:
            cli("export", *args)
        except Killed:
            return True
    return False


def test_records_without_provenance_are_refused_naming_them(corpus, cli, tmp_path):
    """A record no provenance entry describes: exit 1, one line naming its line and `repair`,
    nothing written (it used to be exported under a flow `unknown`)."""
    entries = PROVENANCE.read_text().splitlines(keepends=True)
    PROVENANCE.write_text("".join(entries[:1] + entries[2:]))
    result = cli("export", tmp_path / "ds")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert (
        "1 record has no provenance (line 2), so its flow is unknown" in result.stderr
        and "svix-flows repair" in result.stderr
    )
    assert not (tmp_path / "ds").exists()


def test_repair_is_the_fix_for_records_without_provenance(corpus, cli, tmp_path):
    """After `repair` rebuilds the missing entries, the same corpus exports."""
    PROVENANCE.unlink()
    assert cli("export", tmp_path / "ds").exit_code == 1
    assert cli("repair").exit_code == 0
    result = cli("export", tmp_path / "ds")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in (tmp_path / "ds/data/train.jsonl").read_text().splitlines()]
    assert {row["flow"] for row in rows} == {"ticket_intake", "ticket_close"}
