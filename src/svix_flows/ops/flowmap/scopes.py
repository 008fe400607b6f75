"""What the syntax around a call says about when it runs, read from the caller's tree.

A call in a loop's body is in a `loop` frame; a call inside `join!(…)`, `try_join!(…)`, `select!(…)` or `join_all(…)` runs concurrently with
its siblings (`par`, one branch per argument); inside `tokio::spawn(…)` it runs in the
background and nothing returns to the caller; inside `db.transaction(…)` it runs in that
transaction; inside an `if`'s block a condition decides whether it runs. And a call of
sea-orm's or sqlx's statement methods on a connection (`.insert(txn)`, `.one(db)`) is an
access to the database. `trace` finds the calls; this module only reads the tree around them,
in the tree where `join!`-like macros are parsed as calls (trace's own re-parse, same bytes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...rust.syntax import node_text
from ...rust.words import JOINERS, SPAWNERS
from .kinds import FrameKind

if TYPE_CHECKING:
    from ...rust.syntax import Node


_TRANSACTION = frozenset({"transaction", "begin"})
# a statement method's argument is the connection, the pool or the transaction it runs on
_CONNECTION = re.compile(
    r"^\(\s*&?\s*(?:\*\s*)?(?:mut\s+)?(?:[\w.]*\.)?(?:db|txn|tx|conn|connection|pool|pg|database)\w*"
    r"(?:\.clone\(\))?\s*\)$"
)
_STATEMENTS = {
    "insert": "INSERT",
    "insert_many": "INSERT",
    "update": "UPDATE",
    "update_many": "UPDATE",
    "delete": "DELETE",
    "delete_many": "DELETE",
    "save": "SAVE",
    "one": "SELECT",
    "all": "SELECT",
    "count": "SELECT count",
    "fetch_page": "SELECT",
    "exec": "EXECUTE",
    "exec_with_returning": "EXECUTE",
    "execute": "EXECUTE",
    "execute_unprepared": "EXECUTE",
    "fetch_one": "SELECT",
    "fetch_all": "SELECT",
    "fetch_optional": "SELECT",
    "query_one": "SELECT",
    "query_all": "SELECT",
}


@dataclass(frozen=True)
class Scope:
    """A construct around a call that frames it: its kind, a label, the construct's first byte
    (one key per construct in its function) and which branch of it holds the call."""

    kind: FrameKind
    label: str
    key: int
    branch: int = 0


def _last_segment(node: Node | None) -> str:
    text = node_text(node).replace(" ", "")
    text = text.split("<")[0] if not text.startswith("<") else text
    return re.split(r"::|\.", text)[-1]


def _compact(text: str, limit: int = 44) -> str:
    text = re.sub(r"\s+(?=[.(?])", "", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _argument_index(arguments: Node, start: int) -> int:
    index = 0
    for child in arguments.named_children:
        if child.type in ("line_comment", "block_comment"):
            continue
        if child.start_byte <= start < child.end_byte:
            return index
        index += 1
    return index


def _within(node: Node | None, start: int) -> bool:
    return node is not None and node.start_byte <= start < node.end_byte


def _call_scope(node: Node, start: int) -> Scope | None:
    """`join!`'s branches, a spawned task or a transaction, around a call in its arguments."""
    arguments = node.child_by_field_name("arguments")
    if arguments is None or not _within(arguments, start):
        return None  # the call is the callee or its receiver: it runs before, unframed
    callee = node.child_by_field_name("function")
    name = _last_segment(callee)
    if name in JOINERS:
        callee_text = " ".join(node_text(callee).split())
        macro = "!" if name in ("join", "try_join", "select") else ""
        return Scope(
            FrameKind.PAR, f"{callee_text}{macro}", node.start_byte, _argument_index(arguments, start)
        )
    if name in SPAWNERS:
        return Scope(
            FrameKind.BACKGROUND, f"{' '.join(node_text(callee).split())}, not awaited", node.start_byte
        )
    if name in _TRANSACTION and callee is not None and callee.type == "field_expression":
        return Scope(FrameKind.TRANSACTION, f"{_compact(node_text(callee), 30)}(…)", node.start_byte)
    return None


def _loop_label(node: Node) -> str:
    if node.type == "loop_expression":
        return "until it breaks"
    if node.type == "while_expression":
        return f"while {_compact(node_text(node.child_by_field_name('condition')))}"
    pattern = _compact(node_text(node.child_by_field_name("pattern")), 20)
    return f"for {pattern} in {_compact(node_text(node.child_by_field_name('value')), 30)}"


def _loop_scope(node: Node, start: int) -> Scope | None:
    if not _within(node.child_by_field_name("body"), start):
        return None  # the loop's condition or iterator runs once before it, unframed
    return Scope(FrameKind.LOOP, _loop_label(node), node.start_byte)


def _if_scope(node: Node, start: int) -> Scope | None:
    """`opt` around a call in an `if`'s block, as branch 0, or in its `else`, as branch 1."""
    condition = f"if {_compact(node_text(node.child_by_field_name('condition')))}"
    if _within(node.child_by_field_name("consequence"), start):
        return Scope(FrameKind.OPT, condition, node.start_byte, 0)
    if _within(node.child_by_field_name("alternative"), start):
        return Scope(FrameKind.OPT, condition, node.start_byte, 1)
    return None


def _scope_of(node: Node, start: int) -> Scope | None:
    """The frame `node` puts around a call starting at `start` inside it, if any."""
    if node.type == "call_expression":
        return _call_scope(node, start)
    if node.type in ("loop_expression", "while_expression", "for_expression"):
        return _loop_scope(node, start)
    if node.type == "if_expression":
        return _if_scope(node, start)
    return None


def scopes(fn_node: Node, start: int) -> tuple[Scope, ...]:
    """The frames around the call at byte `start` of the function `fn_node`, outermost first."""
    node = fn_node.descendant_for_byte_range(start, start)
    found: list[Scope] = []
    while node is not None and (node.start_byte, node.end_byte) != (fn_node.start_byte, fn_node.end_byte):
        scope = _scope_of(node, start)
        if scope is not None:
            found.append(scope)
        node = node.parent
    return tuple(reversed(found))


def statement(node: Node | None) -> tuple[str, str] | None:
    """For a call of a statement method on a connection (`msg.insert(txn)`, `….one(db)`), the
    statement's verb and a short text of the call; None for anything else."""
    if node is None or node.type != "call_expression":
        return None
    callee = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if callee is None or callee.type != "field_expression" or arguments is None:
        return None
    method = node_text(callee.child_by_field_name("field"))
    verb = _STATEMENTS.get(method)
    if verb is None or not _CONNECTION.match(" ".join(node_text(arguments).split())):
        return None
    receiver = callee.child_by_field_name("value")
    while receiver is not None and receiver.type in ("await_expression", "try_expression"):
        receiver = receiver.named_children[0] if receiver.named_children else None
    if receiver is not None and receiver.type == "call_expression":
        # `Entity::secure_find_by_id(…).one(db)`: the query builder names what is read
        receiver = receiver.child_by_field_name("function")
        subject = _compact(node_text(receiver), 60) + "(…)"
    else:
        subject = _compact(node_text(receiver), 30)
    return verb, f"{subject}.{method}({_compact(node_text(arguments)[1:-1], 16)})"
