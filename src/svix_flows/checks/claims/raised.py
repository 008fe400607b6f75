"""An error the code is said to give: "a missing row becomes `HttpError::not_found`", "it
rejects the token with `HttpError::permission_denied(None, None)`". The constructor must be
written somewhere in the record's code, in what it reaches, or in a conversion into the error
type (`?` runs those): a constructor written nowhere there, where another constructor of the
same type is, contradicts the claim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import REACH_DEPTH, Claim, Kind, State, Verdict
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

GIVES = "gives"  # an error claim's relation: the record's code gives the error its subject builds

# a constructor of an error type, as a call or bare: `HttpError::conflict(None, None)`
_CONSTRUCTOR = re.compile(
    r"`(?P<path>(?:[A-Za-z_]\w{0,40}::){0,3}(?:[A-Z]\w{0,40})?Error::[a-z_]\w{0,60})(?:\([^`]{0,120}\))?`"
)
# what makes the constructor an example or a comparison, not what the code gives
_ASIDE = re.compile(
    r"\b(?:like|unlike|such\s+as|as\s+with|e\.g\.|for\s+example|would|could|might|may)\s+(?:\w+\s+){0,3}\Z",
    re.IGNORECASE,
)


def raised_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each error constructor a sentence says the code gives: not the sentence's subject (what
    is said of the constructor itself), not negated, not an example or a comparison."""
    for match in _CONSTRUCTOR.finditer(sentence):
        if match.start() == 0 or negated(parts, match.start(), match.end()):
            continue
        if _ASIDE.search(sentence, max(0, match.start() - 40), match.start()):
            continue
        yield Claim(Kind.ERROR, sentence, match.group("path"), "", GIVES)


def judge_raised(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where the record's code or what it reaches writes the constructor; contradicted
    when none of it does and it writes another constructor of the same type; otherwise not
    checkable (the text may speak of code beyond the record)."""
    owner, name = claim.subject.split("::")[-2:]
    if not facts.functions(f"{owner}::{name}"):
        return Verdict(claim, State.UNCHECKABLE)  # an unknown constructor is the name checks' finding
    within = _within(facts, own)
    others: list[tuple[str, str]] = []
    for fn in within:
        for written, where in facts.constructors(fn, owner):
            if written == name:
                return Verdict(claim, State.SUPPORTED, where=where)
            others.append((written, where))
    if not others:
        return Verdict(claim, State.UNCHECKABLE)
    written, where = others[0]
    return Verdict(
        claim,
        State.CONTRADICTED,
        f"the record's code (and what it calls within {REACH_DEPTH} calls) never builds "
        f"`{owner}::{name}`; it builds `{owner}::{written}` at {where}",
        where,
    )


def _within(facts: Facts, own: list[FnDef]) -> list[FnDef]:
    """The record's functions, what they reach, and the conversions into the crate's error
    types (`?` and `into()` run them unnamed)."""
    found = {id(reached): reached for fn in own for reached in facts.reach(fn, REACH_DEPTH)}
    for fn in facts.functions("from"):
        if fn.trait == "From" and fn.owner is not None and fn.owner.name.endswith("Error"):
            found.setdefault(id(fn), fn)
    return list(found.values())
