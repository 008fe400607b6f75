"""What every part of a body's call resolution shares: `BodyBase`, what the rule functions see
of a body (`calls.Body` implements it), and the few helpers and names both sides use.

Part of `trace` (see `rust/trace/__init__.py`). The rule modules import this module, never
`calls`, so `calls` can import them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from ..crate import Crate, FnDef, Ty, TypeKey
from ..syntax import Node
from ..words import PRELUDE, STD_CRATES
from .model import Call, RuleFacts
from .types import TypeEnv, peeled, subst_self

__all__ = [
    "EXTRACTORS",
    "BodyBase",
    "compact",
    "peeled",
    "std_path",
    "subst_self",
]

EXTRACTORS = ("from_request_parts", "from_request")


def compact(text: str) -> str:
    return " ".join(text.split())


def std_path(path: tuple[str, ...]) -> bool:
    return path[0] in STD_CRATES or path[0] in PRELUDE


class BodyBase(ABC):
    """One function body under resolution, as the rule functions see it: the crate, the
    function, its types (`env`, a `types.TypeEnv`) and the resolution of its calls."""

    crate: Crate
    fn: FnDef
    rules: RuleFacts
    self_type: TypeKey | None
    env: TypeEnv
    bounds_memo: dict[str, list[TypeKey]] | None  # `dispatch.generic_bound`'s, read once
    param_types: list[tuple[Ty, Node]]
    fn_node: Node

    @abstractmethod
    def resolve_call(self, node: Node, before: int) -> Call:
        """A call expression resolved to the crate's functions, or listed with why not."""
