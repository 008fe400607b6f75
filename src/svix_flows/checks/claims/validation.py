"""The error a failed validation becomes: "a `limit` above 250 fails validation with a 400", "a
failed validation to `HttpError::bad_request`", "validation errors become a 422". Held to the
constructors the methods of the types the sentence names turn a failed `.validate()` into (else
those of the types the record's functions take, an extractor validating before the body runs,
and of the record's own code, with what its own validators, `validate…` functions, build): supported by one of them (or its status), contradicted when there are such
constructors, each of a status read, and none is the one said; not checkable otherwise. Only
the first status or constructor after the words of a failed validation, in their clause, is
read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import FLOW, Claim, Kind, State, Verdict, contradicted
from .text import TYPE_TICKED, Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

VALIDATION = "validation fails with"  # an error claim's saying: the status or constructor (object)

_SAID = re.compile(
    # "fails validation", "a failed validation", "validation fails", "a failed `validate`",
    # "validation errors"
    r"\b(?:(?:fails?|failing|failed)\s+(?:validation|`validate(?:\(\))?`)|validation\s+(?:fails|failures?|errors?))(?!\w)"
    # then, before the clause ends, the first status or error constructor
    r"(?:[^.;`]|`(?![A-Z][A-Za-z0-9]*::[a-z_])[^`]{1,60}`){0,80}?"
    r"(?:(?P<n>\b4\d\d)\b|`(?:[a-z_][a-z0-9_]*::)*(?P<ctor>[A-Z][A-Za-z0-9]*(?<=Error)::[a-z_][a-z0-9_]*)(?:\(\))?`)",
    re.IGNORECASE,
)
_TYPE_NAMED = re.compile(TYPE_TICKED + r"(?:<[^`]*>)?`")  # (`ValidatedJson<EndpointIn>` too)


def validation_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """The status or constructor a sentence says a failed validation becomes (see the module)."""
    for said in _SAID.finditer(sentence):
        if said.group("ctor") is None and said.group("n") is None:
            continue
        if ";" in said.group() or negated(parts, said.start(), said.end()):
            continue
        yield Claim(Kind.ERROR, sentence, FLOW, said.group("ctor") or said.group("n"), VALIDATION)


def _validating(facts: Facts, types: set[str]) -> list[FnDef]:
    """The methods of the types that turn a failed `.validate()` into an error."""
    return [
        method for name in sorted(types) for method in facts.methods(name) if facts.validation_errors(method)
    ]


def judge_validation(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """The status or constructor said against what a failed validation becomes (see the module)."""
    # the types the sentence names that validate (`ValidatedQuery`), else those the record's
    # functions take (an extractor validates before the body runs), and the record's own code
    named = {m.group("type") for m in _TYPE_NAMED.finditer(claim.sentence)}
    taken = {name for fn in own for name in facts.params(fn)[1]}
    fns = _validating(facts, named) or [*_validating(facts, taken), *own]
    built: dict[str, str] = {}
    for fn in fns:
        for written in facts.validation_errors(fn):
            built.setdefault(written.text, written.where)
        if fn.name.startswith("validate") and fn.owner is None:
            for owner in sorted(n for n in facts.names(fn) if n.endswith("Error")):
                for name, where in facts.constructors(fn, owner):
                    built.setdefault(f"{owner}::{name}", where)
    if not built:
        return Verdict(claim, State.UNCHECKABLE)
    said = claim.object
    if not said.isdigit():
        for ctor, where in built.items():
            if ctor.split("::")[-2:] == said.split("::")[-2:]:
                return Verdict(claim, State.SUPPORTED, where=where)
        if not any(ctor.split("::")[-2] == said.split("::")[-2] for ctor in built):
            return Verdict(claim, State.UNCHECKABLE)  # (an error of another type: not comparable)
    else:
        statuses: dict[float, str] = {}
        for ctor, where in built.items():
            codes = {value.numbers[0] for value in facts.statuses_of(ctor)}
            if len(codes) != 1:
                return Verdict(claim, State.UNCHECKABLE)  # a constructor whose status is not read
            statuses.setdefault(codes.pop(), where)
        if float(said) in statuses:
            return Verdict(claim, State.SUPPORTED, where=statuses[float(said)])
    shown = ", ".join(f"`{ctor}` ({where})" for ctor, where in sorted(built.items()))
    first = next(iter(built.values()))
    told = f"a {said}" if said.isdigit() else f"`{said}`"
    return contradicted(claim, f"a failed validation becomes {shown}; the text says {told}", first)
