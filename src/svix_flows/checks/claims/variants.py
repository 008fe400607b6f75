"""The variants a function is said to match: "`should_retry` matches both `ErrorType::Queue`
and `ErrorType::Timeout`", "retries only errors whose `typ` is `ErrorType::Database`",
"`RedisCache::should_retry` returns true only for `Error::Pool` and `Error::Database`". Each is
held to the variants of that enum the function's body names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, at, contradicted, record_first
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

MATCHES = "matches"  # an error claim's relation: the function's body matches the variant
_MATCHES = re.compile(
    r"`(?P<fn>(?:[A-Za-z_]\w{0,40}::){0,3}[a-z_]\w{0,60})(?:\(\))?`\s+"
    r"(?:matches|accepts|retries(?:\s+on)?|treats|checks\s+for|(?:returns|is)\s+(?:`?true`?)\s+(?:only\s+)?for|"
    r"allows\s+retries\s+(?:only\s+)?for)\s+(?:only\s+|both\s+|just\s+)?"
    r"(?:(?:errors?|failures?)\s+(?:whose\s+`\w+`\s+is|of\s+(?:type|kind))\s+)?"
    r"(?P<variants>`[A-Z]\w{0,40}::[A-Z]\w{0,40}`(?:\s*(?:,|,?\s+and|,?\s+or)\s+`[A-Z]\w{0,40}::[A-Z]\w{0,40}`){0,5})"
)
_VARIANT = re.compile(r"`([A-Z]\w{0,40})::([A-Z]\w{0,40})`")


def matches_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each variant a function is said to match, not negated."""
    for match in _MATCHES.finditer(sentence):
        if negated(parts, match.start(), match.end()):
            continue
        for enum, variant in _VARIANT.findall(match.group("variants")):
            yield Claim(Kind.ERROR, sentence, match.group("fn"), f"{enum}::{variant}", MATCHES)


def judge_matches(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when a function of the name names the variant in its body; contradicted when
    every one that names variants of that enum names others only."""
    enum, variant = claim.object.split("::")
    fns = record_first(facts.functions(claim.subject), own)
    named = [(fn, variants) for fn in fns if (variants := facts.variants_named(fn, enum))]
    if not named:
        return Verdict(claim, State.UNCHECKABLE)
    for fn, variants in named:
        if variant in variants:
            return Verdict(claim, State.SUPPORTED, where=at(fn))
    fn, variants = named[0]
    listed = ", ".join(f"`{enum}::{v}`" for v in sorted(variants))
    return contradicted(
        claim, f"`{claim.subject}` ({at(fn)}) names {listed} and never `{claim.object}`", at(fn)
    )
