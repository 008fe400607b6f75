"""A value said in plain words for a local or a field: "`migrate_list` uses a batch size of 1000"
is the `let batch_size = 1000;` of the record's code, "the retry delay is 5 seconds" its
`retry_delay`, and "it works in batches of 1000" its `batch_size`. The words, joined with
underscores, must be the name of a local binding or a struct-literal field of the record's
functions; a phrase that names none is not checkable (a single word, "a limit of 50", is too
common a name to be read as one)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, contradicted
from .text import ONE, Clauses, negated

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...rust.crate import FnDef
    from ...rust.facts import Facts, Value

WORDED = "said in words"  # a value claim's object: a local or field named by plain words

# "a batch size of 1000", "the retry delay is 5 seconds", "its page size of 50"
_PHRASE = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir)\s+(?P<words>[a-z]{2,20}(?:\s+[a-z]{2,20}){1,2})\s+(?:of|is|was)\s+"
    r"(?P<n>"
    + ONE
    + r")(?![\w%]|\.\d)(?P<unit>\s+(?:ms|milliseconds?|seconds?|minutes?|hours?|days?|bytes?))?",
)
# words that make a phrase no name ("a total of", "the number of", "a list of")
_NOT_A_NAME = frozenset(
    {
        "total",
        "number",
        "list",
        "set",
        "maximum",
        "minimum",
        "max",
        "min",
        "up",
        "to",
        "and",
        "or",
        "with",
        "of",
    }
)


# "works in batches of 100": the batch size said as a count per batch
_BATCHES = re.compile(r"\bin\s+batches\s+of\s+(?:up\s+to\s+|at\s+most\s+)?(?P<n>" + ONE + r")(?![\w%]|\.\d)")


def worded_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each plain-word phrase given a number (see the module)."""
    for match in _BATCHES.finditer(sentence):
        if not negated(parts, match.start(), match.end()):
            yield Claim(Kind.VALUE, sentence, "batch_size", WORDED, match.group("n"))
    for match in _PHRASE.finditer(sentence):
        words = match.group("words").split()
        if any(word in _NOT_A_NAME for word in words) or negated(parts, match.start(), match.end()):
            continue
        says = match.group("n") + (match.group("unit") or "")
        yield Claim(Kind.VALUE, sentence, "_".join(words), WORDED, says)


def judge_worded(
    facts: Facts, claim: Claim, own: list[FnDef], values_match: Callable[[str, Value], bool]
) -> Verdict:
    """Supported when a local or field of that name in the record's code is the number said;
    contradicted when there are such values and none is; not checkable when the words name none."""
    values = facts.field(claim.subject, own)
    if not values:
        return Verdict(claim, State.UNCHECKABLE)
    for value in values:
        if values_match(claim.says, value):
            return Verdict(claim, State.SUPPORTED, where=value.where)
    value = values[0]
    return contradicted(
        claim, f"`{claim.subject}` is {value.text} at {value.where}; the text says {claim.says}", value.where
    )
