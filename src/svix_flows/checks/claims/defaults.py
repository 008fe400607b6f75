"""The default a type is said to have: "a `PaginationLimit` that defaults to 50",
"`PaginationLimit(limit)`, which defaults to 50". The crate's default for a type is what a
`default…` function returning it gives (`const fn default_limit() -> PaginationLimit {
PaginationLimit(50) }`, a serde default); a type with no such function says nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, contradicted
from .text import ONE, Clauses, Token, negated
from .values import said_numbers

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

TYPE_DEFAULT = "default of the type"  # a value claim's object: what a type defaults to

# "`T` that defaults to 50", "`T(limit)`, which defaults to 50", "`T`, whose default is 50"
_DEFAULTS_TO = re.compile(
    r"(?:\s*,)?\s+(?:that|which)\s+defaults\s+to\s+(?P<n>" + ONE + r")\b(?!\s*(?:%|ms|s\b|seconds|minutes))"
    r"|(?:\s*,)?\s+whose\s+default\s+is\s+(?P<m>" + ONE + r")\b(?!\s*(?:%|ms|s\b|seconds|minutes))",
    re.IGNORECASE,
)
_TYPE = re.compile(r"[A-Z][A-Za-z0-9]{0,60}(?:\([a-z_]{1,30}\))?")


def type_default_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """The default a sentence says a type has (see the module)."""
    for token in found:
        if not token.ticked or "::" in token.text or not _TYPE.fullmatch(token.text):
            continue
        said = _DEFAULTS_TO.match(sentence, token.end)
        if said is not None and not negated(parts, token.start, said.end()):
            yield Claim(Kind.VALUE, sentence, token.name, TYPE_DEFAULT, said.group("n") or said.group("m"))


def judge_type_default(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when a `default…` function returning the type gives the number said;
    contradicted when every such function gives another."""
    named = [fn for fn in facts.functions_returning(claim.subject) if fn.name.startswith("default")]
    makers = [(fn, found) for fn in named if (found := facts.constant(fn.name))]
    said = said_numbers(claim.says)
    if not makers or said is None:
        return Verdict(claim, State.UNCHECKABLE)
    values = [value for _, found in makers for value in found]
    for value in values:
        if all(number in value.numbers for number in said[0]):
            return Verdict(claim, State.SUPPORTED, where=value.where)
    value = values[0]
    return contradicted(
        claim,
        f"`{claim.subject}` defaults to {', '.join(f'{n:g}' for n in value.numbers)} (`{value.text}`) "
        f"through `{makers[0][0].name}` at {value.where}; "
        f"the text says {claim.says}",
        value.where,
    )
