"""The crate's name index on disk (rust/names.py): read once, kept beside the file indexes, read
afresh when the checkout changes, and never an error when the entry is damaged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from svix_flows.rust import names
from svix_flows.rust.checkout import Checkout
from svix_flows.rust.names import CrateNames, load_names
from svix_flows.rust.trace import calls

FIXTURE = Path(__file__).parent / "fixtures" / "validate" / "checkout"
CRATE = "server/svix-server/src"


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    """A copy of the synthetic checkout, with a cache folder of its own."""
    shutil.copytree(FIXTURE, tmp_path / "checkout")
    return Checkout(tmp_path / "checkout", CRATE, index_cache=tmp_path / "cache")


def _entries(checkout: Checkout) -> list[Path]:
    assert checkout.index_cache is not None
    return sorted(checkout.index_cache.glob("*.names"))


def _no_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(cls: type, checkout: Checkout) -> CrateNames:
        raise AssertionError("the crate was read again")

    monkeypatch.setattr(CrateNames, "read", classmethod(refuse))


def test_a_second_process_reads_the_names_from_the_cache(
    checkout: Checkout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load stores one entry; the next load returns the same names without reading
    the crate again."""
    first = load_names(checkout)
    assert len(_entries(checkout)) == 1
    _no_read(monkeypatch)
    assert load_names(checkout) == first


def test_a_changed_file_of_the_checkout_is_read_afresh(
    checkout: Checkout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crate file that changes gives a new entry, and its new names are known."""
    load_names(checkout)
    lib = checkout.crate_dir / "lib.rs"
    lib.write_text(lib.read_text() + "\npub fn freshly_added_name() {}\n")
    monkeypatch.setattr(calls, "_CRATES", {})  # as in a new process: no crate index in memory
    again = Checkout(checkout.root, CRATE, index_cache=checkout.index_cache)
    assert "freshly_added_name" in load_names(again).words
    assert len(_entries(checkout)) == 2


def test_a_damaged_entry_is_read_afresh_not_an_error(checkout: Checkout) -> None:
    """An entry whose bytes are garbage, or plain data of another shape, is ignored: the crate
    is read again and the entry replaced."""
    expected = load_names(checkout)
    (entry,) = _entries(checkout)
    entry.write_bytes(b"\x00garbage")
    assert load_names(checkout) == expected
    import marshal

    entry.write_bytes(marshal.dumps((1, 2, 3)))
    assert load_names(checkout) == expected
    assert CrateNames.from_data(marshal.loads(entry.read_bytes())) == expected


def test_a_new_version_of_the_reader_is_a_new_entry(
    checkout: Checkout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry's name carries the version and the reader's code: another version never reads
    an entry of this one."""
    import importlib.metadata

    before = names._entry_name(checkout)

    monkeypatch.setattr(importlib.metadata, "version", lambda _: "999.0")
    assert names._entry_name(checkout) != before
