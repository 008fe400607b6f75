"""The span engine, specified by golden cases: one folder per hard case under fixtures/spans/.

Each folder holds `input.rs` and `cases.toml`; a case names a symbol path and either the
line range its span must cover (and optionally its kind and exact text) or the error it
must raise. Adding a regression case means adding a folder or a `[[case]]`, not code.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from svix_flows.errors import AmbiguousSpan, MacroGenerated, SpanNotFound
from svix_flows.rust.checkout import split_lines
from svix_flows.rust.items import context_of, index_source, resolve

CASES_DIR = Path(__file__).parent / "fixtures" / "spans"
ERRORS = {"ambiguous": AmbiguousSpan, "not-found": SpanNotFound, "macro-generated": MacroGenerated}


def _cases():
    for folder in sorted(p for p in CASES_DIR.iterdir() if p.is_dir()):
        spec = tomllib.loads((folder / "cases.toml").read_text())
        for case in spec["case"]:
            yield pytest.param(folder, case, id=f"{folder.name}:{case['symbol']}")


@pytest.mark.parametrize(("folder", "case"), list(_cases()))
def test_symbol_path_resolves_to_its_golden_span(folder: Path, case: dict) -> None:
    """Every golden symbol path gives exactly its line range, kind, text and context (the header
    of the impl, trait or inline module around it, "" at the top level), or its error."""
    source = (folder / "input.rs").read_bytes()
    index = index_source(source)
    if "error" in case:
        with pytest.raises(ERRORS[case["error"]]) as caught:
            resolve(index, case["symbol"], "input.rs")
        for needle in case.get("mentions", []):
            assert needle in str(caught.value)
        return
    item = resolve(index, case["symbol"], "input.rs")
    assert [item.start_line, item.end_line] == case["lines"]
    if "kind" in case:
        assert item.kind == case["kind"]
    if "context" in case:
        assert item.context == case["context"]
        assert context_of(index.items, item.start_line, item.end_line) == case["context"]
    if "text" in case:
        lines = split_lines(source.decode())
        assert "\n".join(lines[item.start_line - 1 : item.end_line]) == case["text"]


def test_every_listed_symbol_resolves_back_to_itself() -> None:
    """Each item that indexing lists is addressable by its own symbol unless it has a twin."""
    for folder in sorted(p for p in CASES_DIR.iterdir() if p.is_dir()):
        index = index_source((folder / "input.rs").read_bytes())
        for item in index.items:
            twins = [i for i in index.items if i.symbol == item.symbol]
            if len(twins) == 1:
                assert resolve(index, item.symbol, "input.rs") == item


def test_items_inside_function_bodies_are_not_listed() -> None:
    """A struct declared in a fn body is part of the fn, never a second top-level item."""
    index = index_source((CASES_DIR / "modules" / "input.rs").read_bytes())
    assert [i.symbol for i in index.items].count("Envelope") == 1


def test_inner_doc_comments_never_start_a_span() -> None:
    """`//!` lines at the top of a file belong to the module, not to the first item."""
    index = index_source((CASES_DIR / "modules" / "input.rs").read_bytes())
    assert index.items[0].start_line == 3


def test_ambiguity_lists_every_candidate_with_lines() -> None:
    """An ambiguous path names each candidate and its line range, so the author can pick."""
    index = index_source((CASES_DIR / "impls" / "input.rs").read_bytes())
    with pytest.raises(AmbiguousSpan) as caught:
        resolve(index, "impl Parcel", "input.rs")
    assert "lines 7-11" in str(caught.value) and "lines 13-18" in str(caught.value)


def test_not_found_suggests_the_nearest_symbols() -> None:
    """A typo in a symbol path is answered with the closest real symbols."""
    index = index_source((CASES_DIR / "impls" / "input.rs").read_bytes())
    with pytest.raises(SpanNotFound) as caught:
        resolve(index, "Parcel::weigth", "input.rs")
    assert "Parcel::weight" in str(caught.value)


def test_span_errors_name_the_file_first_and_say_what_to_do() -> None:
    """Ambiguous and unknown paths are one line each: `FILE: …`, ending in the fix."""
    index = index_source((CASES_DIR / "impls" / "input.rs").read_bytes())
    with pytest.raises(AmbiguousSpan) as ambiguous:
        resolve(index, "impl Parcel", "api/input.rs")
    with pytest.raises(SpanNotFound) as unknown:
        resolve(index, "Parcel::weigth", "api/input.rs")
    assert str(ambiguous.value).startswith("api/input.rs: `impl Parcel` is ambiguous, 2 items: ")
    assert "(lines 7-11), impl" in str(ambiguous.value)
    assert str(ambiguous.value).endswith("; name a whole `impl …` block or another item")
    assert str(unknown.value).startswith("api/input.rs: no item `Parcel::weigth`; nearest: ")
