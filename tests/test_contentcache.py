"""The content cache speeds up repeated runs and is never a source of wrong spans."""

from __future__ import annotations

from pathlib import Path

from svix_flows.rust.cache import entry_name, load_index

SOURCE = b"pub fn one() -> u8 {\n    1\n}\n"


def test_a_second_load_reads_the_stored_entry(tmp_path: Path):
    """The first load stores an entry; the second returns the same items from it."""
    first = load_index(SOURCE, tmp_path)
    assert (tmp_path / entry_name(SOURCE)).is_file()
    assert load_index(SOURCE, tmp_path).items == first.items


def test_changed_source_never_hits_the_old_entry(tmp_path: Path):
    """A changed file is keyed by its new content, so it is indexed afresh."""
    load_index(SOURCE, tmp_path)
    changed = b"\n" + SOURCE
    assert load_index(changed, tmp_path).items[0].start_line == 2


def test_a_corrupt_entry_falls_back_to_parsing(tmp_path: Path):
    """Garbage in the cache is ignored and the file is parsed instead."""
    (tmp_path / entry_name(SOURCE)).write_bytes(b"\x00garbage")
    assert load_index(SOURCE, tmp_path).items[0].symbol == "one"


def test_an_unwritable_cache_still_gives_the_index(tmp_path: Path):
    """A cache folder that cannot be created costs a parse, never an error."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert load_index(SOURCE, blocker / "index").items[0].symbol == "one"
