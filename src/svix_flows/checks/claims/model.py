"""The claims check's values: a claim's kind, a claim, a verdict, and the subjects that stand
for more than one name (the record's entry point, its whole code, an action such as an insert)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from .text import FUNCTION_NAMED

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

REACH_DEPTH = 4  # calls followed from a claim's subject before "never reaches" is said

HANDLER = "<handler>"  # a claim's subject: the record's first function, its entry point
FLOW = "<flow>"  # a claim's subject: any function of the record's code
CHOICE = "|"  # between a pronoun's candidates ("f|g"): the judge keeps the one that is a function
ACTION = "<action>"  # a claim's side: an action ("<action>insert") that stands for its calls


class Kind(str, Enum):
    """What a claim is about; each kind has its own finding code."""

    CALL = "call"
    SIGNATURE = "signature"
    VALUE = "value"
    ORDER = "order"
    ERROR = "error handling"


class State(str, Enum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNCHECKABLE = "not checkable"


CODES = {
    Kind.CALL: "W330",
    Kind.SIGNATURE: "W331",
    Kind.VALUE: "W332",
    Kind.ORDER: "W333",
    Kind.ERROR: "W334",
}


@dataclass(frozen=True)
class Claim:
    """One claim of a sentence: its kind, the names it joins and what it says of them."""

    kind: Kind
    sentence: str
    subject: str
    object: str = ""
    says: str = ""  # the relation or value as written ("calls", "returns", "64 KB", "retried")
    negated: bool = False
    scope: str = ""  # the function the sentence speaks of, when it names one ("`f` sleeps 10 ms")


@dataclass(frozen=True)
class Verdict:
    """A claim judged: supported (where), contradicted (what the code says, where), or not."""

    claim: Claim
    state: State
    message: str = ""
    where: str = ""


def at(fn: FnDef) -> str:
    """Where a function is defined, as a message says it: `file:line`."""
    return f"{fn.file}:{fn.line}"


def contradicted(claim: Claim, message: str, where: str) -> Verdict:
    """A claim the code contradicts: what the code says, and where (`file:line`)."""
    return Verdict(claim, State.CONTRADICTED, message, where)


def named_by_scope(claim: Claim, own: list[FnDef]) -> list[FnDef]:
    """The record's functions the sentence speaks of by name (its scope), none when it names
    none of them or speaks of the entry point."""
    if not claim.scope or claim.scope == HANDLER:
        return []
    # ("Next it queries …" after a sentence that turned to another function: either may be meant)
    names = {choice.rsplit("::", 1)[-1] for choice in claim.scope.split(CHOICE)}
    return [fn for fn in own if fn.name in names]


def functions_named(facts: Facts, sentence: str) -> list[FnDef]:
    """The crate functions a sentence names in backticks (`f`, `Type::f(…)`, `m::Type::f`)."""
    out: list[FnDef] = []
    for match in FUNCTION_NAMED.finditer(sentence):
        out.extend(facts.functions(match.group("name")))
    return out


def record_first(found: list[FnDef], own: list[FnDef]) -> list[FnDef]:
    """Of the crate's functions of a name, the record's own when it has any (a name several
    functions share: the text speaks of the record's), else all."""
    return [fn for fn in found if any(fn is other for other in own)] or found


def bodies(facts: Facts, said: str) -> list[FnDef]:
    """The functions with a body that `said` names, a trait's method (`CanFail::can_fail`) by
    its impls (a trait's declaration has no body: its impls say what the method does)."""
    fns = facts.functions(said)
    if not fns and "::" in said:
        trait, name = said.rsplit("::", 1)
        fns = [fn for fn in facts.functions(name) if fn.trait == trait.rsplit("::", 1)[-1]]
    return [fn for fn in fns if fn.node.child_by_field_name("body") is not None]
