"""The shape of a written type: `Result<Json<MessageOut>>` as a tree of names and arguments,
references, lifetimes and module paths aside, so that two writings of a type (the code's and
the prose's) can be compared. A type the reader does not follow (`impl Trait`, a function type)
has no shape."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .words import TYPE_MODIFIERS

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*|'[A-Za-z_]+|\d+|[<>(),\[\];&]|\S")
MAX_TOKENS = 200


@dataclass(frozen=True)
class Shape:
    """A type's name (its path's last part; "()" for a tuple, "[]" for a slice or an array) and
    its arguments."""

    name: str
    args: tuple[Shape, ...] = ()

    def names(self) -> set[str]:
        out = {self.name}
        for arg in self.args:
            out |= arg.names()
        return out


def shape(text: str) -> Shape | None:
    """The shape of a written type, or None when it is not one the reader follows."""
    tokens = [t for t in _TOKEN.findall(text.strip()) if not t.startswith("'") and t not in TYPE_MODIFIERS]
    if not tokens or len(tokens) > MAX_TOKENS or "impl" in tokens or "-" in tokens or "fn" in tokens:
        return None
    try:
        found, end = _parse(tokens, 0, 0)
    except (IndexError, ValueError):
        return None
    return found if end == len(tokens) else None


def _parse(tokens: list[str], at: int, depth: int) -> tuple[Shape, int]:
    if depth > 20:
        raise ValueError("too deep")
    token = tokens[at]
    if token == "(":
        args, at = _list(tokens, at + 1, ")", depth)
        return Shape("()", args), at
    if token == "[":
        inner, at = _parse(tokens, at + 1, depth + 1)
        if tokens[at] == ";":
            at += 2  # `[u8; 32]`: the length
        if tokens[at] != "]":
            raise ValueError("unclosed slice")
        return Shape("[]", (inner,)), at + 1
    if token[0].isdigit():
        return Shape(token), at + 1
    if not (token[0].isalpha() or token[0] == "_"):
        raise ValueError(f"not a type: {token}")
    name = token.rsplit("::", 1)[-1]
    if at + 1 < len(tokens) and tokens[at + 1] == "<":
        args, at = _list(tokens, at + 2, ">", depth)
        return Shape(name, args), at
    return Shape(name), at + 1


def _list(tokens: list[str], at: int, close: str, depth: int) -> tuple[tuple[Shape, ...], int]:
    """The comma-separated shapes up to `close`, and the index past it."""
    args: list[Shape] = []
    while tokens[at] != close:
        arg, at = _parse(tokens, at, depth + 1)
        args.append(arg)
        if tokens[at] == ",":
            at += 1
    return tuple(args), at + 1


def plain_type(written: str) -> str:
    """A type as compared whole: no spaces, references, lifetimes, `mut` or `dyn`, each path its
    last part (`&'a mut error::Result<T>` → `Result<T>`)."""
    text = re.sub(r"'\w+|\bmut\b|\bdyn\b|&|\s", "", written)
    return re.sub(r"(?:\w+::)+(\w)", r"\1", text)


_WRAPPED = re.compile(r"\A(?:\w+::)*(?:Result|Option)\s*<")


def wrapped(written: str) -> bool:
    """Whether a written type is a `Result` or an `Option` of something."""
    return _WRAPPED.match(written.strip()) is not None
