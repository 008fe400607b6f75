"""The arms of a body's `match` expressions: the names each arm's pattern spells and the calls
its value makes, with the match it belongs to (so that an arm's siblings are known); and the
two sides a body takes on an `Option` (`if let Some(…) = x … else …`, `Some`/`None` arms); and
the side an `if` that tests an error's text for a literal gives the errors without it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..syntax import Node, node_text
from .nodes import IDENT, Located, callee_name, macro_name, walk

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


@dataclass(frozen=True)
class OptionBranch(Located):
    """The two ways a body takes on an `Option`: `if let Some(x) = delay { … } else { … }` or
    `match delay { Some(x) => …, None => … }`, with the value's last name (`delay`) and the
    calls each side makes, by their last names."""

    file: str
    line: int
    value: str
    some: frozenset[str]
    none: frozenset[str]


def option_branches(fn: FnDef) -> tuple[OptionBranch, ...]:
    """Every `if let Some(…)` with an `else`, and every `match` on `Some`/`None`, of a body."""
    body = fn.node.child_by_field_name("body")
    out = []
    for node in walk(body):
        if node.type == "if_expression":
            condition = node.child_by_field_name("condition")
            alternative = node.child_by_field_name("alternative")
            if condition is None or condition.type != "let_condition" or alternative is None:
                continue
            pattern, value = condition.child_by_field_name("pattern"), condition.child_by_field_name("value")
            side = _side(pattern)
            if side is None or value is None:
                continue
            then, other = _calls(node.child_by_field_name("consequence")), _calls(alternative)
            some, none = (then, other) if side == "Some" else (other, then)
        elif node.type == "match_expression":
            value = node.child_by_field_name("value")
            sides: dict[str, frozenset[str]] = {}
            for arm in walk(node.child_by_field_name("body")):
                if arm.type == "match_arm" and arm.parent is not None and arm.parent.parent is node:
                    side = _side(arm.child_by_field_name("pattern"))
                    if side is not None:
                        sides[side] = _calls(arm.child_by_field_name("value"))
            if value is None or len(sides) != 2:
                continue
            some, none = sides["Some"], sides["None"]
        else:
            continue
        names = IDENT.findall(_HANDLES.sub("", node_text(value)))
        if names:
            out.append(OptionBranch(fn.file, node.start_point.row + 1, names[-1], some, none))
    return tuple(out)


# what a value is read through without changing which value it is (`delay.as_ref()`, `x.await`)
_HANDLES = re.compile(r"(?:\.(?:as_ref|as_deref|as_mut|clone|cloned|copied|take)\(\)|\.await|\?)+\s*\Z")


def _side(pattern: Node | None) -> str | None:
    """ "Some" for a `Some(…)` pattern, "None" for `None`, else None."""
    if pattern is None:
        return None
    text = node_text(pattern).strip()
    if text == "None":
        return "None"
    return "Some" if text.startswith("Some(") else None


def _calls(node: Node | None) -> frozenset[str]:
    return frozenset(
        name
        for inner in walk(node)
        if inner.type == "call_expression" and (name := callee_name(inner)) is not None
    )


@dataclass(frozen=True)
class TextBranch(Located):
    """What a body does with the errors whose text does not contain a literal, beside those
    that do: `if !e.to_string().contains("BUSYGROUP") { panic!(…) }`: the macros and calls of
    that side (none when the body has no such side: those errors are let go)."""

    file: str
    line: int
    text: str  # the literal tested
    macros: frozenset[str]  # the macros the other errors' side invokes (`panic`, `error`)
    calls: frozenset[str]
    returns: bool  # whether that side has a `return` or a `?`


def text_branches(fn: FnDef) -> tuple[TextBranch, ...]:
    """Every `if` of a body whose condition tests a string literal with `contains` (negated or
    not), with the side that the errors without the literal take."""
    body = fn.node.child_by_field_name("body")
    out = []
    for node in walk(body):
        if node.type != "if_expression":
            continue
        condition = node.child_by_field_name("condition")
        tested = _CONTAINS.search(node_text(condition)) if condition is not None else None
        if condition is None or tested is None:
            continue
        negated = node_text(condition).lstrip().startswith("!")
        side = node.child_by_field_name("consequence" if negated else "alternative")
        inside = list(walk(side)) if side is not None else []
        out.append(
            TextBranch(
                fn.file,
                node.start_point.row + 1,
                tested.group(1),
                frozenset(macro_name(n).rsplit("::", 1)[-1] for n in inside if n.type == "macro_invocation"),
                frozenset(
                    c for n in inside if n.type == "call_expression" and (c := callee_name(n)) is not None
                ),
                any(n.type in ("return_expression", "try_expression") for n in inside),
            )
        )
    return tuple(out)


_CONTAINS = re.compile(r'\.contains\(\s*"([^"\\]{1,60})"\s*\)')
