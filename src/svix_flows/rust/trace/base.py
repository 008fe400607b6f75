"""What every part of a body's call resolution shares: `BodyBase`, the state of one body and the
general methods (type evidence, receivers, calls) that the rule mixins call and `calls.Body`
implements, and the few helpers and names both sides use.

Part of `trace` (see `rust/trace/__init__.py`). The rule modules import this module, never
`calls`, so `calls` can import them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from ..crate import Crate, External, FnDef, Ty, TypeKey
from ..syntax import Node
from ..words import STD_TYPES
from .model import Call, RuleFacts

EXTRACTORS = ("from_request_parts", "from_request")
STD_ROOTS = frozenset({"std", "core", "alloc"})
PRELUDE = STD_TYPES | frozenset(
    [
        "Ok",
        "Err",
        "Some",
        "None",
        "drop",
        "Default",
        "From",
        "Into",
        "ToString",
        "ToOwned",
        "Clone",
        "Iterator",
        "Duration",
        "Mutex",
        "RwLock",
    ]
)
SMART = frozenset({"Arc", "Box", "Rc", "Cow", "RefCell", "Mutex", "RwLock", "MutexGuard"})


def compact(text: str) -> str:
    return " ".join(text.split())


def subst_self(ty: Ty, owner: TypeKey | None) -> Ty:
    if owner is None:
        return ty
    args = tuple(subst_self(arg, owner) for arg in ty.args)
    if ty.path == ("Self",):
        return Ty(("crate",) + owner.module + (owner.name,), args, ty.module, owner.name)
    return Ty(ty.path, args, ty.module, ty.text)


def std_path(path: tuple[str, ...]) -> bool:
    return path[0] in STD_ROOTS or path[0] in PRELUDE


class BodyBase(ABC):
    """One function body under resolution: what `calls.Body` holds and the general methods the
    rules ask (the type of an expression, the crate type of a receiver, a call's resolution)."""

    crate: Crate
    fn: FnDef
    rules: RuleFacts
    self_type: TypeKey | None
    params: dict[str, Ty]
    lets: dict[str, list[tuple[int, Node | None, Node | None]]]
    bound: dict[str, list[tuple[int, Ty]]]
    _bounds: dict[str, list[TypeKey]] | None
    inferring: set[int]
    inferred: dict[tuple[int, int], Ty | None]
    resolved: dict[int, Call]
    param_types: list[tuple[Ty, Node]]
    fn_node: Node
    macro_spans: list[tuple[int, int, str]]

    @abstractmethod
    def infer(self, node: Node | None, before: int) -> Ty | None:
        """The type of an expression when the source makes it evident, else None."""

    @abstractmethod
    def receiver_key(self, ty: Ty | None) -> TypeKey | External | str | None:
        """The crate type of a receiver, External, "generic" for a type parameter, or None."""

    @abstractmethod
    def resolve_call(self, node: Node, before: int) -> Call:
        """A call expression resolved to the crate's functions, or listed with why not."""

    @abstractmethod
    def is_local(self, name: str, before: int) -> bool:
        """Whether a name is a parameter or a `let` binding before this byte."""

    @staticmethod
    def peeled(ty: Ty | None) -> Ty | None:
        while ty is not None and ty.path[-1] in SMART and ty.args:
            ty = ty.args[0]
        return ty
