"""Loading flows.toml: the format is checked, and each problem names the key and the flow."""

from __future__ import annotations

import re
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


NEW_FORM = """
[[flow]]
id = "a"
title = "t"
summary = \"\"\"A parcel is weighed
and stored.\"\"\"
facts = ["`weigh` reads the scale (a.rs:1).", "`store` writes the row (b.rs:2-3)."]
notes = ["A failed write is only logged (b.rs:4)."]
spans = [{ file = "a.rs", symbol = "x" }]
"""


def test_the_new_form_gives_a_summary_facts_and_notes(tmp_path):
    """`summary` (whitespace folded), `facts` and `notes` load in their order; `description` is
    then empty."""
    flow = _load(tmp_path, HEADER + NEW_FORM).flows[0]
    assert flow.summary == "A parcel is weighed and stored."
    assert flow.facts == ("`weigh` reads the scale (a.rs:1).", "`store` writes the row (b.rs:2-3).")
    assert flow.notes == ("A failed write is only logged (b.rs:4).",)
    assert flow.description == ""
    assert [name for name, _ in flow.cited] == ["facts[1]", "facts[2]", "notes[1]"]


def test_notes_may_be_left_out(tmp_path):
    """A flow with nothing hidden to say has no `notes` key, and no notes."""
    text = NEW_FORM.replace('notes = ["A failed write is only logged (b.rs:4)."]\n', "")
    assert _load(tmp_path, HEADER + text).flows[0].notes == ()


def test_a_description_is_still_accepted(tmp_path):
    """The older form: the summary is the description's first sentence or two without their
    cites, the facts are the description as one entry, and there are no notes."""
    text = FLOW.format(id="a", file="a.rs").replace(
        'description = "d"',
        'description = "A parcel is weighed (a.rs:1). It is stored (b.rs:2-3, c.rs:4). '
        + "Then a very long third sentence follows. " * 3
        + '"',
    )
    flow = _load(tmp_path, HEADER + text).flows[0]
    assert flow.summary == "A parcel is weighed. It is stored."
    assert flow.facts == (flow.description,) and flow.description.startswith("A parcel is weighed (a.rs:1).")
    assert flow.notes == ()
    assert [name for name, _ in flow.cited] == ["description"]


def test_a_long_first_sentence_is_the_whole_summary(tmp_path):
    """A second sentence joins the summary only while the two stay short."""
    long = "A parcel " + "really " * 60 + "is weighed."
    text = FLOW.format(id="a", file="a.rs").replace(
        'description = "d"', f'description = "{long} Then stored."'
    )
    assert _load(tmp_path, HEADER + text).flows[0].summary == long


def test_a_flow_is_immutable_and_always_has_a_summary(tmp_path):
    """`Flow` is a frozen record: its fields cannot be reassigned, and `summary` has no default."""
    from svix_flows.catalog import Flow

    flow = _load(tmp_path, HEADER + NEW_FORM).flows[0]
    with pytest.raises(AttributeError):
        flow.summary = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Flow("a", "t")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            NEW_FORM.replace('title = "t"', 'title = "t"\ndescription = "d"'),
            "flow `a`: has both `description` and `summary`",
        ),
        (
            NEW_FORM.replace('summary = """A parcel is weighed\nand stored."""', ""),
            "flow `a`: missing key `summary`",
        ),
        (
            NEW_FORM.replace('summary = """A parcel is weighed\nand stored."""', 'summary = " "'),
            "summary: must be a non-empty",
        ),
        (
            NEW_FORM.replace(
                'facts = ["`weigh` reads the scale (a.rs:1).", "`store` writes the row (b.rs:2-3)."]',
                "facts = []",
            ),
            "flow `a`.facts: must be a non-empty array",
        ),
        (
            NEW_FORM.replace('"`store` writes the row (b.rs:2-3)."', "3"),
            "flow `a`.facts[2]: must be a non-empty string",
        ),
        (
            NEW_FORM.replace('notes = ["A failed write is only logged (b.rs:4)."]', 'notes = "n"'),
            "flow `a`.notes: must be an array",
        ),
    ],
)
def test_a_malformed_new_form_names_the_key(tmp_path, text, message):
    """Both forms at once, a missing or empty summary, no facts, an entry that is not a string:
    one error naming the flow and the key."""
    with pytest.raises(CatalogError, match=re.escape(message)):
        _load(tmp_path, HEADER + text)
