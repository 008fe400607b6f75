"""What the code around a call does with the error of its result: propagated with `?` (or
mapped first, or returned), only logged, dropped, unwrapped, or otherwise handled."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from ..syntax import Node, node_text
from ..words import FALLBACK_METHODS, LOG_MACROS, PANIC_MACROS, UNWRAPPERS
from .nodes import body_items, macro_name, walk


class Handling(str, Enum):
    """What a call site does with the call's error."""

    PROPAGATED = "propagated with `?`"
    MAPPED = "mapped and propagated with `?`"
    LOGGED = "only logged"
    DROPPED = "dropped"
    PANICS = "unwrapped (panics)"
    RETURNED = "returned to the caller"
    CONVERTED = "turned into a value by a `match` (neither logged nor handed on)"
    OTHER = "handled otherwise"

    @property
    def swallowed(self) -> bool:
        return self in (Handling.LOGGED, Handling.DROPPED)

    @property
    def propagated(self) -> bool:
        return self in (Handling.PROPAGATED, Handling.MAPPED, Handling.RETURNED)


_PASS_THROUGH = frozenset({"await_expression", "parenthesized_expression"})
# methods that hand the same result on (`.trace()` logs an error and returns it unchanged)
_PASS_METHODS = frozenset({"await", "trace", "instrument", "in_current_span"})
_MAPPERS = frozenset({"map_err", "context", "with_context", "or_else", "map"})
_DROPPERS = frozenset({"ok", "unwrap_or_default", "unwrap_or"})
# the methods of a query chain (`Entity::delete_by_id(id).exec(db).await?`): a call's error is
# handled where the chain ends
QUERY_CHAIN = frozenset(
    {
        "exec",
        "one",
        "all",
        "count",
        "exec_with_returning",
        "into_model",
        "filter",
        "order_by",
        "order_by_asc",
        "order_by_desc",
        "limit",
        "offset",
        "group_by",
        "select_only",
        "column",
        "column_as",
    }
)
_INSPECTORS = frozenset({"unwrap_or_else", "inspect_err", "can_fail"})


def handling(node: Node) -> Handling:
    """What the code around a call does with its result's error."""
    current = node
    while True:
        parent = current.parent
        if parent is None:
            return Handling.OTHER
        if parent.type in _PASS_THROUGH:
            current = parent
            continue
        call = parent.parent
        if parent.type == "field_expression" and call is not None and call.type == "call_expression":
            method = node_text(parent.child_by_field_name("field"))
            if method in _PASS_METHODS:
                current = call
                continue
            return _method(method, call)
        rule = _PARENTS.get(parent.type)
        return rule(parent, current) if rule is not None else Handling.OTHER


_MAPPED_BY = re.compile(r"[A-Za-z_][\w]*(?:::[A-Za-z_]\w*)*")


def mapper(node: Node) -> str:
    """What a call's error is mapped with (`.map_err(http_error_on_conflict)?` →
    http_error_on_conflict, `.map_err(|e| Error::database(e))` → Error::database), "" when none."""
    current = node
    while True:
        parent = current.parent
        if parent is None:
            return ""
        if parent.type in _PASS_THROUGH:
            current = parent
            continue
        call = parent.parent
        if parent.type != "field_expression" or call is None or call.type != "call_expression":
            return ""
        method = node_text(parent.child_by_field_name("field"))
        if method in _PASS_METHODS or method in QUERY_CHAIN:
            current = call
            continue
        if method != "map_err":
            return ""
        arguments = call.child_by_field_name("arguments")
        argument = arguments.named_children[0] if arguments is not None and arguments.named_children else None
        if argument is not None and argument.type == "closure_expression":
            argument = argument.child_by_field_name("body")
        found = _MAPPED_BY.search(node_text(argument)) if argument is not None else None
        return found.group() if found is not None else ""


def _method(method: str, call: Node) -> Handling:
    """A method called on the result: `.map_err(…)?`, `.ok()`, `.unwrap()`, `.inspect_err(log)`."""
    if method in _MAPPERS:
        outer = handling(call)
        return Handling.MAPPED if outer is Handling.PROPAGATED and method != "map" else outer
    if method in _DROPPERS:
        return Handling.DROPPED
    if method == "unwrap_or_else" and _panics(call.child_by_field_name("arguments")):
        return Handling.PANICS  # `.unwrap_or_else(|_| panic!("…"))`
    if method in _INSPECTORS:
        return Handling.LOGGED if method != "unwrap_or_else" or _logs(call) else Handling.DROPPED
    if method in UNWRAPPERS:
        return Handling.PANICS
    if method in QUERY_CHAIN:
        return handling(call)  # a query builder's error surfaces where the chain is run
    return Handling.OTHER


def _let(parent: Node, current: Node) -> Handling:
    bound = node_text(parent.child_by_field_name("pattern"))
    return Handling.DROPPED if bound == "_" else Handling.OTHER


def _let_condition(parent: Node, current: Node) -> Handling:
    pattern = node_text(parent.child_by_field_name("pattern"))
    holder = parent.parent
    if pattern.startswith("Err") and holder is not None and not _fails(holder):
        return Handling.LOGGED if _logs(holder) else Handling.CONVERTED
    # `if let Ok(x) = f() { … } else { return Ok(500) }`: the `else` is the error's path
    otherwise = holder.child_by_field_name("alternative") if holder is not None else None
    if pattern.startswith("Ok(") and otherwise is not None and not _fails(otherwise):
        return Handling.LOGGED if _logs(otherwise) else Handling.CONVERTED
    return Handling.OTHER


def _match(parent: Node, current: Node) -> Handling:
    arm = _err_arm(parent)
    if arm is None or _fails(arm):
        return Handling.OTHER
    return Handling.LOGGED if _logs(arm) else Handling.CONVERTED


def _block(parent: Node, current: Node) -> Handling:
    """The tail of a function's body is returned to its caller."""
    if parent.parent is None or parent.parent.type != "function_item":
        return Handling.OTHER
    last = body_items(parent)
    return Handling.RETURNED if last and last[-1] == current else Handling.OTHER


_PARENTS: dict[str, Callable[[Node, Node], Handling]] = {
    "try_expression": lambda parent, current: Handling.PROPAGATED,
    "return_expression": lambda parent, current: Handling.RETURNED,
    "let_declaration": _let,
    "let_condition": _let_condition,
    "match_expression": _match,
    "block": _block,
}


def _logs(node: Node) -> bool:
    return _invokes(node, LOG_MACROS)


def _panics(node: Node | None) -> bool:
    return node is not None and _invokes(node, PANIC_MACROS)


def _invokes(node: Node, macros: frozenset[str]) -> bool:
    """Whether a node runs one of the macros, at any depth."""
    return any(child.type == "macro_invocation" and macro_name(child) in macros for child in walk(node))


_FAILING_MACROS = PANIC_MACROS | {"bail"}  # the macros that end a block with its failure


def _fails(node: Node) -> bool:
    """Whether a block hands a failure on: a `?`, a `return Err`, a panic or a bail (read from
    the syntax: the `?` of a format string such as "{:?}" is not one)."""
    for child in walk(node):
        if child.type == "try_expression":
            return True
        if child.type == "return_expression" and node_text(child).startswith("return Err"):
            return True
        if child.type == "macro_invocation" and macro_name(child) in _FAILING_MACROS:
            return True
    return False


def _err_arm(match: Node) -> Node | None:
    """The value of a `match`'s `Err(…)` arm, if it has one."""
    body = match.child_by_field_name("body")
    for arm in body.named_children if body is not None else []:
        if arm.type != "match_arm":
            continue
        pattern = node_text(arm.child_by_field_name("pattern"))
        if pattern.startswith("Err"):
            return arm.child_by_field_name("value")
    return None


def fallback_only(fn_node: Node) -> str | None:
    """The fallback method (`unwrap_or_else`) of a body that hands no error on: it calls one,
    and has no `?`, no `Err` and no `return`; None for any other body."""
    body = fn_node.child_by_field_name("body")
    found = None
    for node in walk(body):
        if node.type in ("try_expression", "return_expression"):
            return None
        if node.type == "identifier" and node.text == b"Err":
            return None
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None and function.type == "field_expression":
                field = function.child_by_field_name("field")
                if field is not None and node_text(field) in FALLBACK_METHODS:
                    found = found or node_text(field)
    return found
