"""Rule: the queue, from a producer's `send(QueueTask::V(..))` to the consumer's `match` arm for V.

Part of `trace` (see `rust/trace/__init__.py`): mixed into `calls.Body`; the queue's model
(message enum, producers, consumers) is read once per crate by `rules.queue_model`.
"""

from __future__ import annotations

from ..crate import Assoc, parse_type, type_segments
from ..syntax import Node, node_text
from .base import BodyBase
from .model import QUEUE_HOP, Call, Target, expanded_call
from .rules import QueueModel, returned_variants


class QueueRules(BodyBase):
    """A send on the crate's queue producer, followed to the consumer arm of each variant sent."""

    def queue_hop(self, node: Node) -> Call | None:
        """`producer.send(QueueTask::V(..), delay)`: the consumer's arm for V, as a queue hop."""
        model = self.rules.queue
        callee = node.child_by_field_name("function")
        if model is None or callee is None or callee.type != "field_expression":
            return None
        if node_text(callee.child_by_field_name("field")) != "send":
            return None
        if (
            self.receiver_key(self.infer(callee.child_by_field_name("value"), node.start_byte))
            not in model.producers
        ):
            return None
        arguments = node.child_by_field_name("arguments")
        first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
        targets: list[Target] = []
        for variant in self.queue_variants(first, node.start_byte, model, 0):
            for fn, arm_line in model.consumers.get(variant, []):
                targets.append(
                    Target(
                        fn, None, QUEUE_HOP, f"{model.message.name}::{variant}, arm at {fn.file}:{arm_line}"
                    )
                )
        if not targets:
            return None
        return expanded_call(
            f"send({'/'.join(dict.fromkeys(t.via.split(',')[0] for t in targets))})",
            node.start_point.row + 1,
            node.start_byte,
            targets,
            QUEUE_HOP,
        )

    def queue_variants(self, node: Node | None, before: int, model: QueueModel, depth: int) -> list[str]:
        while node is not None and node.type in (
            "reference_expression",
            "parenthesized_expression",
            "await_expression",
        ):
            node = node.named_children[-1] if node.named_children else None
        if node is None or depth > 3:
            return []
        if node.type == "identifier":
            for start, _, value in reversed(self.lets.get(node_text(node), [])):
                if start < before:
                    return self.queue_variants(value, start, model, depth + 1)
            return []
        path_node = node.child_by_field_name("function") if node.type == "call_expression" else node
        segments = type_segments(path_node)
        if segments:
            found = self.crate.resolve(self.fn.module, segments, self.self_type)
            if (
                isinstance(found, Assoc)
                and found.owner == model.message
                and found.name in self.crate.variants.get(model.message, {})
            ):
                return [found.name]
        if node.type != "call_expression":
            return []
        variants: list[str] = []
        for fn in self.resolve_call(node, before).targets:
            returns = parse_type(fn.node.child_by_field_name("return_type"), fn.module)
            if returns is not None and self.crate.type_key(returns, fn.owner) == model.message:
                variants.extend(returned_variants(self.crate, fn, model.message))
        return variants
