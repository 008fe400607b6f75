"""The prose token grammar on its golden cases (tests/fixtures/prose/tokens.toml): each text
gives exactly its names, in order, each with its kind."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from svix_flows.checks.prose.tokens import MentionKind, Scanner

CASES = tomllib.loads((Path(__file__).parent / "fixtures" / "prose" / "tokens.toml").read_text())["case"]


@pytest.mark.parametrize("case", CASES, ids=[case["title"] for case in CASES])
def test_a_text_gives_exactly_its_golden_tokens(case: dict[str, Any]) -> None:
    """The names of the case's text, as KIND:TEXT (`loose` for a plain word in backticks), in
    order of appearance, are the case's tokens; every kind is one of MentionKind."""
    found = Scanner().mentions(case["text"])
    assert all(isinstance(mention.kind, MentionKind) for mention in found)
    assert [f"{'loose' if m.loose else m.kind.value}:{m.text}" for m in found] == case["tokens"]
