"""The crate under `trace`, `symbols` and `span`: deep nesting without recursion, huge files
left out with a note.
"""

from __future__ import annotations

from pathlib import Path

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
