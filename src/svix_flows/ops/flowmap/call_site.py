"""What the caller's tree says about one call `trace` found: its call expression, whether the
caller applies `?` to it, the task a `.send(…)` enqueues, whether it opens a transaction.

Queue hops are read from the source, syntactically: a `.send(...)` whose argument builds a task
(`X::new_task(…)`, `QueueTask::Variant(…)`) enqueues it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...rust.syntax import node_bytes

if TYPE_CHECKING:
    from ...rust.syntax import Node

_NEW_TASK = re.compile(r"\b(\w+)::new_task\s*\(")
_QUEUE_VARIANT = re.compile(r"\bQueueTask::(\w+)(?:\s*\(\s*(?:&\s*)?([A-Z]\w*))?")
# what may stand between a call and the `?` applied to its value
_TRANSPARENT = ("await_expression", "parenthesized_expression")


@dataclass(frozen=True)
class Task:
    """A task a call enqueues, and the type names a worker's parameters would mention."""

    name: str
    words: frozenset[str]


def call_node(tree: Node, start: int, text: str) -> Node | None:
    """The call expression of a `trace` call in the function's tree (for its extent and `?`)."""
    name = text.rstrip("()").replace("::", ".").split(".")[-1].split("<")[0].strip()
    node = tree.descendant_for_byte_range(start, start)
    best = None
    while node is not None and node.start_byte == start:
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            if callee is not None and node_bytes(callee).decode(errors="replace").rstrip().endswith(name):
                best = node
                break
            best = best or node
        node = node.parent
    return best


def _method_name(node: Node) -> bytes | None:
    """The method of a call `receiver.method(…)`, or None for any other call."""
    callee = node.child_by_field_name("function")
    if callee is None or callee.type != "field_expression":
        return None
    field = callee.child_by_field_name("field")
    return field.text if field is not None else None


def opens_transaction(node: Node) -> bool:
    """Whether the call is `….transaction(…)`."""
    callee = node.child_by_field_name("function")
    field_node = callee.child_by_field_name("field") if callee is not None else None
    return field_node is not None and field_node.text == b"transaction"


def propagated(node: Node | None) -> bool:
    """Whether the caller applies `?` to the call's value (awaited or parenthesised first)."""
    parent = node.parent if node is not None else None
    while parent is not None and parent.type in _TRANSPARENT:
        parent = parent.parent
    return parent is not None and parent.type == "try_expression"


def _task_in(arguments: str) -> Task | None:
    variant = _QUEUE_VARIANT.search(arguments)
    if variant:
        inner = variant.group(2)
        task = f"QueueTask::{variant.group(1)}" + (f"({inner})" if inner else "")
        return Task(task, frozenset(w for w in ("QueueTask", inner) if w))
    built = _NEW_TASK.search(arguments)
    if built:
        return Task(f"QueueTask ({built.group(1)})", frozenset({"QueueTask", built.group(1)}))
    return None


def task_of(node: Node | None) -> Task | None:
    """The task a `.send(...)` call enqueues, read from its arguments, or None."""
    if node is None or _method_name(node) != b"send":
        return None
    arguments = node.child_by_field_name("arguments")
    return _task_in(node_bytes(arguments).decode(errors="replace"))
