"""Rule: the queue, from a producer's `send(QueueTask::V(..))` to the consumer's `match` arm for V.

Part of `trace` (see `rust/trace/__init__.py`): rule functions over a `calls.Body`; the queue's model
(message enum, producers, consumers) is read once per crate by `rules.queue_model`.
"""

from __future__ import annotations

from ..crate import Assoc, parse_type, type_segments
from ..syntax import Node, node_text
from .base import BodyBase
from .model import QUEUE_HOP, Call, CallSite, Edge
from .rules import QueueModel, returned_variants


def queue_hop(body: BodyBase, node: Node) -> Call | None:
    """`producer.send(QueueTask::V(..), delay)`: the consumer's arm for V, as a queue hop."""
    model = body.rules.queue
    callee = node.child_by_field_name("function")
    if model is None or callee is None or callee.type != "field_expression":
        return None
    if node_text(callee.child_by_field_name("field")) != "send":
        return None
    if (
        body.env.receiver_key(body.env.infer(callee.child_by_field_name("value"), node.start_byte))
        not in model.producers
    ):
        return None
    arguments = node.child_by_field_name("arguments")
    first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
    targets: list[Edge] = []
    for variant in queue_variants(body, first, node.start_byte, model, 0):
        for fn, arm_line in model.consumers.get(variant, []):
            targets.append(
                Edge(fn, None, QUEUE_HOP, f"{model.message.name}::{variant}, arm at {fn.file}:{arm_line}")
            )
    if not targets:
        return None
    shown = f"send({'/'.join(dict.fromkeys(t.via.split(',')[0] for t in targets))})"
    return CallSite.of(node, shown).expanded(targets, QUEUE_HOP)


def queue_variants(
    body: BodyBase, node: Node | None, before: int, model: QueueModel, depth: int
) -> list[str]:
    while node is not None and node.type in (
        "reference_expression",
        "parenthesized_expression",
        "await_expression",
    ):
        node = node.named_children[-1] if node.named_children else None
    if node is None or depth > 3:
        return []
    if node.type == "identifier":
        for start, _, value in reversed(body.env.bindings.lets.get(node_text(node), [])):
            if start < before:
                return queue_variants(body, value, start, model, depth + 1)
        return []
    path_node = node.child_by_field_name("function") if node.type == "call_expression" else node
    segments = type_segments(path_node)
    if segments:
        found = body.crate.resolve(body.fn.module, segments, body.self_type)
        if (
            isinstance(found, Assoc)
            and found.owner == model.message
            and found.name in body.crate.variants.get(model.message, {})
        ):
            return [found.name]
    if node.type != "call_expression":
        return []
    variants: list[str] = []
    for fn in body.resolve_call(node, before).targets:
        returns = parse_type(fn.node.child_by_field_name("return_type"), fn.module)
        if returns is not None and body.crate.type_key(returns, fn.owner) == model.message:
            variants.extend(returned_variants(body.crate, fn, model.message))
    return variants
