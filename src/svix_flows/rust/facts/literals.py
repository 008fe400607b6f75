"""Where a string literal is built into a value: the calls around each `"…"` of a body, the
nearest first (`HttpError::unauthorized(None, Some("Invalid token".to_string()))` gives
`to_string`, `Some`, `HttpError::unauthorized`); and the literals of a shape a body writes
(`"23505"`, a database error code)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..syntax import node_text
from ..words import PANIC_MACROS, PANIC_MESSAGE_CALLS
from .nodes import Located, macro_name, walk

if TYPE_CHECKING:
    from ..crate import FnDef

_STOP = frozenset({"expression_statement", "let_declaration", "block", "function_item", "closure_expression"})


@dataclass(frozen=True)
class Built(Located):
    """A literal of a body and the callees of the calls it is an argument of, nearest first,
    and the macro it is written in, if any (`error` of `tracing::error!("…")`)."""

    callees: tuple[str, ...]
    file: str
    line: int
    macro: str = ""

    @property
    def panics(self) -> bool:
        """Whether the literal is a panic's message: a panicking macro's (`panic!`) or the
        argument of a call that panics with it."""
        return self.macro in PANIC_MACROS or self.panics_by_call

    @property
    def panics_by_call(self) -> bool:
        """Whether the literal is handed to a call that panics with it (`expect`)."""
        return any(
            callee.replace("::", ".").rsplit(".", 1)[-1] in PANIC_MESSAGE_CALLS for callee in self.callees
        )


@dataclass(frozen=True)
class Written(Located):
    """A string literal of a body, its content without the quotes."""

    text: str
    file: str
    line: int


def strings_like(shape: re.Pattern[str], within: Iterable[FnDef]) -> list[Written]:
    """The string literals of the functions' bodies whose content has the shape (whole)."""
    out = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            if node.type == "string_literal":
                content = node_text(node)[1:-1]
                if shape.fullmatch(content):
                    out.append(Written(content, fn.file, node.start_point.row + 1))
    return out


def built_from(literal: str, within: Iterable[FnDef]) -> list[Built]:
    """Each place the functions write the string `literal`, with the calls around it up to its
    statement (a closure or a block ends the search)."""
    out = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            if node.type != "string_literal" or not _writes(node_text(node), literal):
                continue
            callees, macro = [], ""
            parent = node.parent
            while parent is not None and parent.type not in _STOP:
                if parent.type == "call_expression":
                    function = parent.child_by_field_name("function")
                    callees.append("".join(node_text(function).split()))
                elif parent.type == "macro_invocation" and not macro:
                    macro = macro_name(parent)
                parent = parent.parent
            out.append(Built(tuple(callees), fn.file, node.start_point.row + 1, macro))
    return out


_FORMATTED_REST = re.compile(r"\s*[:(\-]?\s*\{")  # ": {e:?}", " {id}": what a format string adds


def _writes(text: str, literal: str) -> bool:
    """Whether a string literal (with its quotes) is the text said, or the text said with what a
    format string adds after it ("Failed to decode queue task: {e:?}")."""
    content = text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text
    if content == literal:
        return True
    return content.startswith(literal) and _FORMATTED_REST.match(content, len(literal)) is not None


_CONSTRUCTOR = re.compile(r"(?:[a-z_][a-z0-9_]*::)*(?P<ctor>[A-Z][A-Za-z0-9]*::[a-z_][a-z0-9_]*)\s*\(")


def validation_errors(fn: FnDef) -> list[Written]:
    """The error constructors a body turns a failed `.validate()` into
    (`value.validate().map_err(|e| HttpError::unprocessable_entity(…))`), as written."""
    out = []
    for node in walk(fn.node.child_by_field_name("body")):
        if node.type != "call_expression":
            continue
        function = node.child_by_field_name("function")
        if function is None or function.type != "field_expression":
            continue
        field, value = function.child_by_field_name("field"), function.child_by_field_name("value")
        if field is None or node_text(field) != "map_err" or value is None or value.type != "call_expression":
            continue
        called = value.child_by_field_name("function")
        if called is None or called.type != "field_expression":
            continue
        name = called.child_by_field_name("field")
        if name is None or node_text(name) != "validate":
            continue
        arguments = node.child_by_field_name("arguments")
        for found in _CONSTRUCTOR.finditer(node_text(arguments) if arguments is not None else ""):
            out.append(Written(found.group("ctor"), fn.file, node.start_point.row + 1))
    return out
