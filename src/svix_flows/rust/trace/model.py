"""The calls a trace finds and how each edge was resolved: plain data, shared by `calls`, the
rule modules and the renderers.

Part of `trace` (see `rust/trace/__init__.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..crate import FnDef, TypeKey
from ..syntax import Node
from .rules import DeriveConversion, QueueModel

# reasons an unresolved call is listed under
EXTERNAL, STD, TRAIT, AMBIGUOUS, MACRO = "external", "std", "trait", "ambiguous", "macro"


# how an edge was resolved
PATH, UNIQUE, EXTRACTOR, REFERENCE = "path", "unique name", "extractor", "reference"
QUEUE_HOP, ENUM_DISPATCH, TRAIT_DEFAULT, GENERIC_BOUND = (
    "queue hop",
    "enum_dispatch",
    "trait default",
    "generic bound",
)
CONVERSION, TRY_CONVERSION, DERIVE, CALLBACK = "conversion", "? conversion", "derive", "callback"
SERDE, VALIDATOR, MACRO_ARGUMENT = "serde", "validator", "macro argument"
FIELD_ORIGIN = "field origin"
RESOLUTIONS = (
    PATH,
    UNIQUE,
    EXTRACTOR,
    REFERENCE,
    QUEUE_HOP,
    ENUM_DISPATCH,
    TRAIT_DEFAULT,
    GENERIC_BOUND,
    CONVERSION,
    TRY_CONVERSION,
    DERIVE,
    CALLBACK,
    SERDE,
    VALIDATOR,
    MACRO_ARGUMENT,
    FIELD_ORIGIN,
)


@dataclass(frozen=True)
class Target:
    """One callee of a call: the function, the implementor a trait default body runs for, and
    how the edge was resolved when a rule (not the call's own path) chose it."""

    fn: FnDef
    implementor: TypeKey | None = None
    how: str | None = None
    via: str = ""


@dataclass(frozen=True)
class Call:
    text: str
    line: int
    start: int
    targets: tuple[FnDef, ...] = ()
    reason: str | None = None
    detail: str = ""
    how: str = "path"
    expanded: tuple[Target, ...] = ()  # per-target implementor and rule; empty: plain targets

    def edges(self) -> tuple[Target, ...]:
        return self.expanded or tuple(Target(fn) for fn in self.targets)


def expanded_call(text: str, line: int, start: int, targets: list[Target], how: str) -> Call:
    return Call(text, line, start, tuple(t.fn for t in targets), how=how, expanded=tuple(targets))


@dataclass
class RuleFacts:
    """The crate-wide facts of `rules`, built once per checkout with the crate."""

    queue: QueueModel | None
    derives: dict[str, DeriveConversion]
    # per file: its tree re-parsed with expression macros as calls (`calls.Body._reparsed`)
    reparsed: dict[str, Node | None] = field(default_factory=dict)
