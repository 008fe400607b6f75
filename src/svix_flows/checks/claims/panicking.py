"""A function said to panic in its own body: "A `DbErr` from any batch makes `prune_rows`
panic", "`sweep` panics through `expect`". Held to the function's body: supported where it
unwraps a call's error (`expect`, `unwrap_or_else(|_| panic!(…))`) or runs a panicking macro;
contradicted when it has none, nothing it reaches within two calls has one, and it hands on or
logs its calls' errors instead; not checkable otherwise (a panic deeper down may be the one
meant, and a function that handles no error says nothing).

"An error of `f` panics" is the other reading, of a failing call and what its caller does
with the error (handling.py); this one reads only a function that is the one to panic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, at, contradicted
from .text import Clauses, Token, function_like, negated, opens_clause

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

PANICS_ITSELF = "panics in its body"  # an error claim's saying: the function's own body panics

# "… makes `f` panic": the name right before " panic"
_MAKES = re.compile(r"\bmakes?\s+\Z")
_PANIC_AFTER_MAKES = re.compile(r"\s+panic\b")
# "`f` panics through `expect`", "`f` then panics on …": the name opening its clause
_PANICS_AFTER = re.compile(r"(?:\(\))?\s+(?:then\s+|also\s+)?panics\b(?!\s+(?:with|saying)\b)")
_DEPTH = 2  # how deep a panic may be that the text may mean instead


def panic_claims(sentence: str, tokens: list[Token], parts: Clauses) -> Iterator[Claim]:
    """ "… makes `f` panic", "`f` panics through `expect`": `f`'s body panics."""
    for token in tokens:
        if not token.ticked or not function_like(token):
            continue
        made = _MAKES.search(sentence, max(0, token.start - 8), token.start) and _PANIC_AFTER_MAKES.match(
            sentence, token.end
        )
        verb = made or (opens_clause(sentence, token) and _PANICS_AFTER.match(sentence, token.end))
        if verb and not negated(parts, token.start, verb.end()):
            yield Claim(Kind.ERROR, sentence, token.name, "", PANICS_ITSELF)


def judge_panics_itself(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """See the module: the one function of that name, read in its body."""
    named = facts.functions(claim.subject)
    fns = [fn for fn in named if fn in own] or named
    if len(fns) != 1:
        return Verdict(claim, State.UNCHECKABLE)
    fn = fns[0]
    where = facts.panics_in(fn)
    if where is not None:
        return Verdict(claim, State.SUPPORTED, where=where)
    if any(facts.panics_in(reached) for reached in facts.reach(fn, _DEPTH)):
        return Verdict(claim, State.UNCHECKABLE)
    handled = [s for s in facts.sites(fn) if s.handling.propagated or s.handling.swallowed]
    if not handled:
        return Verdict(claim, State.UNCHECKABLE)
    site = handled[0]
    return contradicted(
        claim,
        f"`{fn.name}` ({at(fn)}) neither unwraps an error nor panics, nor does anything it calls within "
        f"{_DEPTH} calls: the error of `{site.name}` is {site.handling.value} at {site.where}; "
        "the text says it panics",
        site.where,
    )
