"""The calls a trace finds and how each edge was resolved: plain data, shared by `calls`, the
rule modules and the renderers.

Part of `trace` (see `rust/trace/__init__.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..crate import FnDef, TypeKey
from ..syntax import Node
from .rules import DeriveConversion, QueueModel


class Reason(StrEnum):
    """Why a call is listed unresolved; the value is what the trace prints."""

    EXTERNAL = "external"
    STD = "std"
    TRAIT = "trait"
    AMBIGUOUS = "ambiguous"
    MACRO = "macro"


class How(StrEnum):
    """How an edge was resolved, in the order `--format json` counts them; the value is what
    the trace prints."""

    PATH = "path"
    UNIQUE = "unique name"
    EXTRACTOR = "extractor"
    REFERENCE = "reference"
    QUEUE_HOP = "queue hop"
    ENUM_DISPATCH = "enum_dispatch"
    TRAIT_DEFAULT = "trait default"
    GENERIC_BOUND = "generic bound"
    CONVERSION = "conversion"
    TRY_CONVERSION = "? conversion"
    DERIVE = "derive"
    CALLBACK = "callback"
    SERDE = "serde"
    VALIDATOR = "validator"
    MACRO_ARGUMENT = "macro argument"
    FIELD_ORIGIN = "field origin"


# the kinds by their old names, as the renderers and flowmap import them
EXTERNAL, STD, TRAIT, AMBIGUOUS, MACRO = (
    Reason.EXTERNAL,
    Reason.STD,
    Reason.TRAIT,
    Reason.AMBIGUOUS,
    Reason.MACRO,
)
PATH, UNIQUE, EXTRACTOR, REFERENCE = How.PATH, How.UNIQUE, How.EXTRACTOR, How.REFERENCE
QUEUE_HOP, ENUM_DISPATCH, TRAIT_DEFAULT, GENERIC_BOUND = (
    How.QUEUE_HOP,
    How.ENUM_DISPATCH,
    How.TRAIT_DEFAULT,
    How.GENERIC_BOUND,
)
CONVERSION, TRY_CONVERSION, DERIVE, CALLBACK = How.CONVERSION, How.TRY_CONVERSION, How.DERIVE, How.CALLBACK
SERDE, VALIDATOR, MACRO_ARGUMENT, FIELD_ORIGIN = (
    How.SERDE,
    How.VALIDATOR,
    How.MACRO_ARGUMENT,
    How.FIELD_ORIGIN,
)
RESOLUTIONS = tuple(How)


@dataclass(frozen=True)
class Edge:
    """One callee of a call: the function, the implementor a trait default body runs for, and
    how the edge was resolved when a rule (not the call's own path) chose it."""

    fn: FnDef
    implementor: TypeKey | None = None
    how: How | None = None
    via: str = ""


@dataclass(frozen=True)
class CallSite:
    """Where a call is written, as a trace shows it: its text, line and start byte."""

    text: str
    line: int
    start: int

    @staticmethod
    def of(node: Node, text: str) -> CallSite:
        """The site of a node, shown as `text`."""
        return CallSite(text, node.start_point.row + 1, node.start_byte)

    def call(
        self,
        targets: tuple[FnDef, ...] = (),
        reason: Reason | None = None,
        detail: str = "",
        how: How = How.PATH,
        unknown_receiver: bool = False,
    ) -> Call:
        """A call made here: resolved to `targets`, or listed for `reason`."""
        return Call(self.text, self.line, self.start, targets, reason, detail, how, (), unknown_receiver)

    def expanded(self, targets: list[Edge], how: How) -> Call:
        """A call made here whose edges a rule chose, each with its own implementor and note."""
        return Call(
            self.text, self.line, self.start, tuple(t.fn for t in targets), how=how, expanded=tuple(targets)
        )


@dataclass(frozen=True)
class Call:
    """A call of a body: its site, and its callees or why it has none."""

    text: str
    line: int
    start: int
    targets: tuple[FnDef, ...] = ()
    reason: Reason | None = None
    detail: str = ""
    how: How = How.PATH
    expanded: tuple[Edge, ...] = ()  # per-target implementor and rule; empty: plain targets
    # a method on a receiver whose type is not evident (listed as std): a crate value handed to it
    # may still be called back
    unknown_receiver: bool = False

    @property
    def site(self) -> CallSite:
        return CallSite(self.text, self.line, self.start)

    def edges(self) -> tuple[Edge, ...]:
        return self.expanded or tuple(Edge(fn) for fn in self.targets)


@dataclass
class RuleFacts:
    """The crate-wide facts of `rules`, built once per checkout with the crate."""

    queue: QueueModel | None
    derives: dict[str, DeriveConversion]
    # per file: its tree re-parsed with expression macros as calls (`calls.Body._reparsed`)
    reparsed: dict[str, Node | None] = field(default_factory=dict)
