"""A function's signature as a diagram shows it: `Self` spelled as the impl's type, a sea-orm
name several modules define qualified by its module (`message::Model`), a generic parameter
with a bound shown as that bound (`impl Deserializer`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ...rust.syntax import node_bytes
from .labels import AMBIGUOUS_NAMES

if TYPE_CHECKING:
    from ...rust.crate import Crate, FnDef

Signature = tuple[tuple[str, ...], str | None]  # parameter types (self excluded), return type

# a type written over several lines keeps its trailing comma: `Query<\n  T,\n>`
_TIDY = re.compile(r",\s*([>)\]])")
_AMBIGUOUS = re.compile(rf"(?<![\w:])({'|'.join(AMBIGUOUS_NAMES)})\b(?!::)")
_LIFETIME_ARGS = re.compile(r"<\s*'\w+\s*>|'\w+\s*,?\s*")
_BOUND_LIMIT = 40  # a longer bound says less than the parameter's own name
_SELF = re.compile(r"\bSelf\b(?!::)")


def _bound_after(text: str, at: int) -> str:
    """The first trait of the bound list starting at `at` (to a top-level `,`, `>`, `+`, `{`
    or `where`), lifetimes dropped."""
    depth = 0
    out = []
    index = at
    while index < len(text):
        char = text[index]
        if char in "<([":
            depth += 1
        elif char in ")]" or (char == ">" and text[index - 1] != "-"):
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (char in ",+{" or text.startswith("where", index)):
            break
        out.append(char)
        index += 1
    bound = _LIFETIME_ARGS.sub("", " ".join("".join(out).split()))
    return bound.strip()


def _headers(fn: FnDef) -> list[str]:
    """The text of `fn`'s impl header and its own signature, without their bodies: where the
    bounds of its generic parameters are written."""
    headers = []
    for node in (fn.impl_node, fn.node):
        if node is None:
            continue
        body = node.child_by_field_name("body")
        end = body.start_byte if body is not None else node.end_byte
        headers.append(node_bytes(node)[: end - node.start_byte].decode(errors="replace"))
    return headers


def bounds(fn: FnDef) -> dict[str, str]:
    """Each generic parameter of `fn` (or of its impl) with a trait bound: `D` → `Deserializer`."""
    headers = _headers(fn)
    found: dict[str, str] = {}
    for name in sorted(fn.generics):
        for header in headers:
            match = re.search(rf"(?<![\w:']){re.escape(name)}\s*:(?!:)", header)
            if match:
                bound = _bound_after(header, match.end())
                if bound and len(bound) <= _BOUND_LIMIT:
                    found[name] = bound
    return found


def _untidy(text: str) -> str:
    return _TIDY.sub(r"\1", text).replace("< ", "<")


def ambiguous_names(crate: Crate) -> frozenset[str]:
    """The sea-orm names (`Model`, `Entity`, …) that more than one module of the crate defines."""
    defined: dict[str, int] = {}
    for defining in crate.modules:
        for name in defining.defs:
            if name in AMBIGUOUS_NAMES:
                defined[name] = defined.get(name, 0) + 1
    return frozenset(name for name, count in defined.items() if count > 1)


class Signatures:
    """The signatures and names of the crate's functions, as a diagram writes them."""

    def __init__(self, crate: Crate, raw: Callable[[FnDef], Signature]) -> None:
        self.crate = crate
        self.raw = raw  # trace's reading of a signature, as written
        self.ambiguous = ambiguous_names(crate)

    def of(self, fn: FnDef) -> Signature:
        """Parameter and return types, as the diagram labels them (see the module's docstring)."""
        params, returns = self.raw(fn)
        params = tuple(_untidy(p) for p in params)
        returns = _untidy(returns) if returns else returns
        if fn.owner is not None and not fn.in_trait:
            owner = self.qualified(fn, fn.owner.name)
            params = tuple(_SELF.sub(owner, p) for p in params)
            returns = _SELF.sub(owner, returns) if returns else returns
        generic = bounds(fn)

        def tidy(text: str) -> str:
            text = _AMBIGUOUS.sub(lambda m: self.qualified(fn, m.group(1)), text)
            for name, bound in generic.items():
                text = re.sub(rf"(?<![\w:]){re.escape(name)}(?![\w:])", f"impl {bound}", text)
            return text

        return tuple(tidy(p) for p in params), tidy(returns) if returns else returns

    def qualified(self, fn: FnDef, name: str) -> str:
        """`name` as written in `fn`'s module, with its module when several modules define it."""
        if name not in self.ambiguous:
            return name
        target = self.crate.resolve(fn.module, (name,))
        module = getattr(target, "module", None)
        if isinstance(module, tuple) and module:
            return f"{module[-1]}::{name}"
        return f"{fn.module.path[-1]}::{name}" if fn.module.path else name

    def function_name(self, fn: FnDef) -> str:
        """A function's label: `Type::name`, the type qualified when it is ambiguous."""
        if fn.owner is not None and fn.owner.name in self.ambiguous and fn.module.path:
            return f"{fn.module.path[-1]}::{fn.qualname}"
        return fn.qualname
