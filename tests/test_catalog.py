"""Loading flows.toml: the format is checked, and each problem names the key and the flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from svix_flows.catalog import load_catalog
from svix_flows.errors import CatalogError

HEADER = """
[source]
commit = "0123456789abcdef0123456789abcdef01234567"
"""
FLOW = """
[[flow]]
id = "{id}"
title = "t"
description = "d"
spans = [{{ file = "{file}", symbol = "x" }}]
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "flows.toml"
    path.write_text(text)
    return load_catalog(path)


def test_a_valid_catalog_loads_with_defaults(tmp_path):
    """Only the commit is required; root, repository and target have defaults."""
    catalog = _load(tmp_path, HEADER + FLOW.format(id="a_flow", file="core/a.rs"))
    assert catalog.source.root == "server/svix-server/src"
    assert catalog.target == 25
    assert catalog.flows[0].spans[0].file == "core/a.rs"


def test_entries_are_the_first_span_and_the_spans_marked_entry(tmp_path):
    """`entry = true` adds an entry point to a flow; its first span is always one."""
    text = HEADER + FLOW.format(id="a", file="a.rs").replace(
        'symbol = "x" }',
        'symbol = "x" }, { file = "b.rs", symbol = "y" }, { file = "c.rs", symbol = "z", entry = true }',
    )
    flow = _load(tmp_path, text).flows[0]
    assert [(ref.file, ref.symbol) for ref in flow.entries] == [("a.rs", "x"), ("c.rs", "z")]


def test_the_real_catalog_loads():
    """The repository's own flows.toml is a valid catalog pinned to the brief's commit."""
    catalog = load_catalog(Path(__file__).parent.parent / "flows.toml")
    assert catalog.source.commit == "4fc0cfb8b426c87ef7e2b937e7d896a71d456a47"
    assert {"message_creation", "worker_processing", "endpoint_recovery"} <= {f.id for f in catalog.flows}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1\n" + HEADER, "top level: unknown key `colour`"),
        (
            HEADER + FLOW.format(id="a", file="a.rs").replace('title = "t"', 'title = "t"\nowner = 1'),
            "flow #1: unknown key `owner`",
        ),
        (HEADER + FLOW.format(id="a", file="a.rs") * 2, "flow `a`: duplicate id"),
        (HEADER + FLOW.format(id="Bad-Id", file="a.rs"), "flow #1.id: `Bad-Id` is not snake_case"),
        (HEADER + FLOW.format(id="a\\u001b", file="a.rs"), "`a\\x1b` is not snake_case"),
        (
            HEADER + FLOW.format(id="a", file="../x.rs"),
            "flow `a`.spans[1].file: `../x.rs` leaves the crate root",
        ),
        (HEADER + FLOW.format(id="a", file="/etc/x.rs"), "is absolute"),
        (
            HEADER + '[[flow]]\nid = "a"\ntitle = "t"\ndescription = "d"\nspans = []\n',
            "flow `a`.spans: must be a non-empty",
        ),
        (
            HEADER + '[[flow]]\nid = "a"\ndescription = "d"\nspans = [{file="a.rs", symbol="x"}]\n',
            "flow `a`: missing key `title`",
        ),
        ('[source]\ncommit = "abc"\n', "[source].commit: must be a full 40-character"),
        ("[source\n", "not valid TOML"),
        (HEADER + "x = " + "[" * 5000 + "]" * 5000 + "\n", "flows.toml"),
        (
            HEADER
            + FLOW.format(id="a", file="a.rs").replace('symbol = "x" }', 'symbol = "x", entry = "yes" }'),
            "flow `a`.spans[1].entry: must be true or false",
        ),
    ],
    ids=[
        "unknown-top",
        "unknown-flow-key",
        "duplicate-id",
        "bad-id",
        "control-in-id",
        "dotdot",
        "absolute",
        "empty-spans",
        "missing-title",
        "short-commit",
        "not-toml",
        "deep",
        "entry-not-bool",
    ],
)
def test_bad_catalogs_are_one_line_errors_naming_key_and_flow(tmp_path, text, message):
    """Each way a catalog can be wrong is a CatalogError (exit 2) that says where."""
    with pytest.raises(CatalogError) as caught:
        _load(tmp_path, text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 2


def test_a_catalog_that_is_not_utf8_is_refused(tmp_path):
    """Bytes that are not UTF-8 are a clear error, not a decode traceback."""
    path = tmp_path / "flows.toml"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(CatalogError, match="not UTF-8"):
        load_catalog(path)


def test_a_huge_catalog_is_refused_before_parsing(tmp_path):
    """A catalog over the size limit is refused without reading it into the parser."""
    path = tmp_path / "flows.toml"
    path.write_bytes(b"# x\n" * (1_200_000))
    with pytest.raises(CatalogError, match="over"):
        load_catalog(path)
