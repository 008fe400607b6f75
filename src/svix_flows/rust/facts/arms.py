"""The arms of a body's `match` expressions: the names each arm's pattern spells and the calls
its value makes, with the match it belongs to (so that an arm's siblings are known)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..syntax import node_text
from .nodes import Located, callee_name, walk

if TYPE_CHECKING:
    from ..crate import FnDef

# a name of a pattern that no `::` follows: a variant, a binding, a constant
_NOT_A_PREFIX = re.compile(r"\b([A-Za-z_]\w*)\b(?!\s*::)")


@dataclass(frozen=True)
class ArmFact(Located):
    """One arm of a `match`: the names its pattern binds or matches, a path's prefixes aside
    (`QueueType::RedisCluster` → RedisCluster: `QueueType` is the enum, no variant), the calls
    of its value and guard by their last names, and its match."""

    file: str
    line: int
    match: int  # the byte offset of its `match` expression: the arms of one match share it
    match_end: int
    pattern: frozenset[str]
    calls: frozenset[str]
    text: str  # the arm as written, cut short (for a message)


def match_arms(fn: FnDef) -> tuple[ArmFact, ...]:
    """Every arm of every `match` of the function's body, in source order."""
    body = fn.node.child_by_field_name("body")
    out = []
    for node in walk(body):
        if node.type != "match_arm":
            continue
        match = node.parent.parent if node.parent is not None else None
        pattern = node.child_by_field_name("pattern")
        if match is None or pattern is None:
            continue
        calls = frozenset(
            name
            for inner in walk(node)
            if inner.type == "call_expression" and (name := callee_name(inner)) is not None
        )
        out.append(
            ArmFact(
                fn.file,
                node.start_point.row + 1,
                match.start_byte,
                match.end_byte,
                frozenset(_NOT_A_PREFIX.findall(node_text(pattern))),
                calls,
                " ".join(node_text(node).split())[:80],
            )
        )
    return tuple(out)
