"""Rule: field origin, a field read whose value comes from a function its declaration names
(`#[serde(deserialize_with = "f")]`, `#[validate(custom(function = "f"))]`).

Part of `trace` (see `rust/trace/__init__.py`): rule functions over a `calls.Body`; the origins of a field
are found by `rules.field_origins`.
"""

from __future__ import annotations

from ..crate import TypeKey
from ..syntax import Node, node_text
from .base import BodyBase, compact
from .model import FIELD_ORIGIN, Call, CallSite, Edge
from .rules import field_origins


def field_origin(body: BodyBase, node: Node) -> Call | None:
    """A field read (`&cfg.retry_schedule`, `cfg.encryption` as an argument) on a value of
    evident crate type whose field declares `#[serde(deserialize_with = "f")]` or
    `#[validate(custom(function = "f"))]`: the value comes from f. A method's name, the
    left of an assignment and a receiver of unknown type are no such read."""
    parent = node.parent
    if parent is not None and parent.type == "generic_function":
        return None  # `x.collect::<T>()`: a method
    if (
        parent is not None
        and parent.type == "call_expression"
        and parent.child_by_field_name("function") == node
    ):
        return None
    if (
        parent is not None
        and parent.type in ("assignment_expression", "compound_assignment_expr")
        and parent.child_by_field_name("left") == node
    ):
        return None
    name = node.child_by_field_name("field")
    if name is None or name.type != "field_identifier":
        return None
    key = body.env.receiver_key(body.env.infer(node.child_by_field_name("value"), node.start_byte))
    if not isinstance(key, TypeKey):
        return None
    origins = field_origins(body.crate, body.crate.canonical(key), node_text(name))
    if not origins:
        return None
    receiver = node.child_by_field_name("value")
    shown = compact(node_text(receiver)) if receiver is not None else ""
    shown = shown if len(shown) <= 32 and "(" not in shown else "…"
    targets = [Edge(fn, None, FIELD_ORIGIN, via) for fn, via in origins]
    return CallSite.of(node, f"{shown}.{node_text(name)}").expanded(targets, FIELD_ORIGIN)
