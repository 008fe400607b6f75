"""A variant said of the record: "The task carries `MessageAttemptTriggerType::Manual`", "it is
wrapped in the `QueueTask::MessageBatch` variant", "stores it as `RedisManager::SentinelUnpooled`".

Held to the variants of that enum the record's code names, in its functions and what they reach
on either side of the queue: contradicted when the code names others of the enum and never this
one, unless a function it calls within two calls returns the enum through a conversion that
names no variant (an `#[enum_dispatch]` enum or one with a `From` impl: `RedisCache { … }.into()`
is a `Cache::Redis`). A sentence that names two variants of one enum (a list, "`A` for x and
`B` for y") or sets one against another ("unlike", "instead of") is left alone: which variant
goes where is for the arm and given-variant rules."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import REACH_DEPTH, Claim, Kind, State, Verdict, at, contradicted
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

NAMES_VARIANT = "names the variant"  # a value claim's saying: the record's code names the variant

_VARIANT = re.compile(
    r"`(?:[a-z_]\w{0,40}::){0,3}(?P<enum>[A-Z]\w{0,40})::(?P<variant>[A-Z][A-Za-z0-9]{0,40})(?:\s*[({][^`]{0,80}[)}])?`"
)
_CONTRAST = re.compile(
    r"\b(?:unlike|instead\s+of|rather\s+than|other\s+than|except|whereas|either|neither)\b", re.IGNORECASE
)

# a plural noun after the variant: the kind of value it names ("`ErrorType::Http` errors")
_CLASS = re.compile(r"\s+(?:errors|failures|values|variants|cases|tasks|messages)\b")
# (not "… become `ErrorType::Database` errors": what the code makes)
_MADE = re.compile(r"\b(?:becomes?|turns?\s+into|into|as|are|is)\s+\Z", re.IGNORECASE)


def named_variant_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each variant a sentence names when it is the only one of its enum the sentence names."""
    if _CONTRAST.search(sentence):
        return
    found = list(_VARIANT.finditer(sentence))
    per_enum = Counter(m.group("enum") for m in found)
    for match in found:
        enum, variant = match.group("enum"), match.group("variant")
        if per_enum[enum] > 1 or negated(parts, match.start(), match.end()):
            continue
        if _CLASS.match(sentence, match.end()) and not _MADE.search(sentence, 0, match.start()):
            continue  # "only `ErrorType::Http` errors keep their status": a kind of value, said of any code
        yield Claim(Kind.VALUE, sentence, enum, variant, NAMES_VARIANT)


def judge_named_variant(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where the record's code names the variant; contradicted when it names other
    variants of the crate enum and never this one."""
    enum, variant = claim.subject, claim.object
    variants = facts.variants_of(enum)
    if not variants or variant not in variants:
        return Verdict(claim, State.UNCHECKABLE)  # not a crate enum's variant: the name checks' finding
    within = facts.reach_all(own, REACH_DEPTH, queue=True)
    named: dict[str, FnDef] = {}
    for fn in within:
        for name in facts.variants_named(fn, enum):
            named.setdefault(name, fn)
    if variant in named:
        return Verdict(claim, State.SUPPORTED, where=at(named[variant]))
    if not named or facts.converts_into(enum, variant, facts.reach_all(own, 2)) is not None:
        return Verdict(claim, State.UNCHECKABLE)  # (a conversion builds a variant it does not name)
    where = at(named[min(named)])
    listed = ", ".join(f"`{enum}::{name}`" for name in sorted(named)[:4])
    return contradicted(
        claim,
        f"the record's code names {listed} (first at {where}) and never `{enum}::{variant}`",
        where,
    )
