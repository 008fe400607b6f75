"""The byte-exact promise as a property: any one-character edit of a span's code is refused.

A record's code must be lines A to B of the source byte for byte (docs/record-format.md, "The record").
Hypothesis edits one character anywhere in one block's code (insert, delete or replace, with
whitespace and invisible characters weighted in) and `validate` must answer E230; the unedited
record must pass. The examples are derandomized, so CI sees the same ones on every run.
"""

from __future__ import annotations

from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from svix_flows.checks.validate import Validator
from svix_flows.records.record import parse_assistant, system_message
from svix_flows.rust.checkout import Checkout

CASES = Path(__file__).parent / "fixtures" / "validate"
CHECKOUT = CASES / "checkout"
CRATE = "server/svix-server/src"
RECORD = orjson.loads((CASES / "good_with_checkout" / "input.jsonl").read_bytes().splitlines()[0])
CONTENT = RECORD["messages"][2]["content"]
# where each block's code lies in the assistant content: (start, end) offsets
CODE_SPANS = []
for _block in parse_assistant(CONTENT).blocks:
    _at = CONTENT.index(_block.code)
    CODE_SPANS.append((_at, _at + len(_block.code)))
# the offsets where a line of code begins or ends: where stray whitespace hides best
EDGES = sorted(
    {
        at
        for start, end in CODE_SPANS
        for at in range(start, end + 1)
        if at in (start, end) or CONTENT[at] == "\n" or CONTENT[at - 1] == "\n"
    }
)

# the characters an editor, a copy from a web page or a careless paste slips in unseen
SLY = [" ", "\t", "\r", "\n", "\u00a0", "\u200b", "\ufeff", "\u2028", "\u0430", "\u0435", "`", "\\"]
CHARACTERS = st.one_of(st.sampled_from(SLY), st.characters(codec="utf-8"))
# one validator for every example: the source files are read once
VALIDATOR = Validator(system_message(None), checkout=Checkout(CHECKOUT, CRATE))


def with_content(content: str) -> dict:
    return {
        "type": "chatml",
        "messages": [*RECORD["messages"][:2], {"role": "assistant", "content": content}],
    }


@st.composite
def edited_contents(draw: st.DrawFn) -> str:
    """The assistant content with one character of one block's code inserted, deleted or replaced.

    A third of the positions are the starts and ends of lines, a third the two ends of the
    block: where a comparison that trims or splits would first look away.
    """
    start, end = draw(st.sampled_from(CODE_SPANS))
    kind = draw(st.sampled_from(["insert", "delete", "replace"]))
    last = end if kind == "insert" else end - 1
    edges = [at for at in EDGES if start <= at <= last]
    at = draw(st.one_of(st.integers(start, last), st.sampled_from(edges), st.sampled_from([start, last])))
    if kind == "insert":
        return CONTENT[:at] + draw(CHARACTERS) + CONTENT[at:]
    if kind == "delete":
        return CONTENT[:at] + CONTENT[at + 1 :]
    new = draw(CHARACTERS.filter(lambda char: char != CONTENT[at]))
    return CONTENT[:at] + new + CONTENT[at + 1 :]


def test_the_unedited_record_is_accepted() -> None:
    """The record the edits start from has no finding at all against the checkout."""
    assert VALIDATOR.record(with_content(CONTENT), 1) == []


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(edited_contents())
def test_any_single_character_edit_of_a_span_is_refused(content: str) -> None:
    """Inserting, deleting or replacing one character anywhere in a span's code (a space, a tab,
    a CR, a newline, U+00A0, U+200B, U+FEFF, a look-alike letter, anything) is an E230 error."""
    found = VALIDATOR.record(with_content(content), 1)
    assert ("E230", "error") in [(problem.code, problem.severity) for problem in found]
