"""The call sites of a body in source order: each call's last name, where it is, whether it is
spawned, joined, in a loop or retried, and what happens to its error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..syntax import Node, node_text
from ..words import JOINERS, SPAWNERS
from .handling import Handling, handling, mapper
from .nodes import Located, callee_name, macro_name, walk

if TYPE_CHECKING:
    from ..crate import FnDef

_LOOPS = frozenset({"loop_expression", "while_expression", "for_expression"})


@dataclass(frozen=True)
class SiteFact(Located):
    """One call of a body: the callee's last name, where it is, and how it runs."""

    name: str
    file: str
    line: int
    start: int  # byte offset in the file
    handling: Handling
    spawned: bool = False
    joined: bool = False
    in_loop: bool = False
    retried: bool = False
    conditional: bool = False  # inside an `if` or `else` block or a `match` arm of the body
    argument: str = ""  # the first argument as written, cut short (`&txn`, `db`)
    task: int = 0  # the byte offset of the spawn call whose task runs it, 0 when none
    path: str = ""  # the called expression as written, cut short (`db.execute`, `endpoint::Entity::find`)
    given: tuple[str, ...] = ()  # the type and variant names its arguments spell (`MessageAttemptFailing`)
    mapper: str = ""  # what its error is mapped with (`http_error_on_conflict`), "" when not mapped
    arguments: str = ""  # its arguments as written, squashed (`app.id.clone(),msg_id`), cut short
    end: int = 0  # the byte offset where the call ends, its arguments included (its start in a macro)


def call_sites(fn: FnDef, names: frozenset[str] | None = None) -> tuple[SiteFact, ...]:
    """Every call of the function's body in source order, macro arguments included; only the
    calls of `names` when given (each site costs a walk up its parents)."""
    body = fn.node.child_by_field_name("body")
    found = list(_call_sites(body, fn, names)) if body is not None else []
    found.sort(key=lambda site: site.start)
    return tuple(found)


def _call_sites(body: Node, fn: FnDef, names: frozenset[str] | None) -> Iterator[SiteFact]:
    for node in walk(body):
        if node.type == "call_expression":
            name = callee_name(node)
            if name is not None and (names is None or name in names):
                yield _site(name, node, node.start_byte, fn, body)
        elif node.type == "macro_invocation" and macro_name(node) in JOINERS:
            for tree in node.children:
                if tree.type == "token_tree":
                    yield from (s for s in _macro_calls(tree, fn, body) if names is None or s.name in names)


def assignment_sites(fn: FnDef) -> tuple[SiteFact, ...]:
    """Each assignment of a field in the function's body (`evtype.deleted = Set(false)`), as a
    site named for the field, in source order: a step an order claim may name."""
    body = fn.node.child_by_field_name("body")
    found = []
    for node in walk(body):
        if node.type not in ("assignment_expression", "compound_assignment_expr"):
            continue
        left = node.child_by_field_name("left")
        field = (
            left.child_by_field_name("field")
            if left is not None and left.type == "field_expression"
            else None
        )
        if field is not None and body is not None:
            found.append(
                replace(_site(node_text(field), node, node.start_byte, fn, body), handling=Handling.OTHER)
            )
    found.sort(key=lambda site: site.start)
    return tuple(found)


def binding_sites(fn: FnDef) -> tuple[SiteFact, ...]:
    """Each local the function's body binds to a value (`let done = data.len() <= limit;`), as a
    site named for the local, in source order: the step "computes `done`" names."""
    body = fn.node.child_by_field_name("body")
    found = []
    for node in walk(body):
        if node.type != "let_declaration" or node.child_by_field_name("value") is None:
            continue
        local = node.child_by_field_name("pattern")
        if local is not None and local.type == "identifier" and body is not None:
            found.append(
                replace(_site(node_text(local), node, node.start_byte, fn, body), handling=Handling.OTHER)
            )
    found.sort(key=lambda site: site.start)
    return tuple(found)


def _macro_calls(tree: Node, fn: FnDef, body: Node) -> Iterator[SiteFact]:
    """The `name(` calls written as a macro's tokens (`join!(a(), b())`), all joined."""
    children = tree.children
    for index, child in enumerate(children):
        if (
            child.type == "identifier"
            and index + 1 < len(children)
            and children[index + 1].type == "token_tree"
        ):
            site = _site(node_text(child), tree, child.start_byte, fn, body)
            yield replace(
                site,
                line=child.start_point.row + 1,
                start=child.start_byte,
                handling=Handling.OTHER,
                joined=True,
            )
        elif child.type == "token_tree":
            yield from _macro_calls(child, fn, body)


def _site(name: str, node: Node, start: int, fn: FnDef, body: Node) -> SiteFact:
    spawned = joined = in_loop = retried = conditional = False
    task = 0
    current = node
    while current.parent is not None and current != body:
        parent = current.parent
        conditional = conditional or _branch(parent, current)
        if parent.type in _LOOPS:
            in_loop = True
            retried = retried or _loop_retries(parent)
        elif parent.type == "macro_invocation" and macro_name(parent) in JOINERS:
            joined = True
        elif parent.type == "arguments" and parent.parent is not None:
            spawns, joins, retries = _given_to_call(parent.parent, current)
            if spawns and not spawned:
                task = parent.parent.start_byte
            spawned, joined, retried = spawned or spawns, joined or joins, retried or retries
        current = parent
    line = node.start_point.row + 1 if node.type != "token_tree" else 0
    return SiteFact(
        name,
        fn.file,
        line,
        start,
        handling(node),
        spawned,
        joined,
        in_loop,
        retried,
        conditional,
        _first_argument(node),
        task,
        _path(node),
        _given(node),
        mapper(node) if node.type == "call_expression" else "",
        _arguments(node),
        node.end_byte if node.type != "token_tree" else start,
    )


def _given_to_call(call: Node, argument: Node) -> tuple[bool, bool, bool]:
    """What an argument of `call` runs in: a spawned task, a join, a retry helper's closure."""
    outer = callee_name(call) or ""
    spawns = outer in SPAWNERS
    joins = not spawns and outer in JOINERS
    retries = (
        not spawns
        and outer not in JOINERS
        and "retr" in outer.lower()
        and argument.type == "closure_expression"
    )
    return spawns, joins, retries


def _branch(parent: Node, current: Node) -> bool:
    """Whether `current` is a branch of `parent`: an `if`'s block or `else`, a `match` arm (not
    the condition or the value matched, which always run)."""
    if parent.type == "if_expression":
        return current != parent.child_by_field_name("condition")
    return parent.type in ("match_arm", "else_clause")


def _path(node: Node) -> str:
    function = node.child_by_field_name("function") if node.type == "call_expression" else None
    # (a method chained on the next line, `op_webhooks\n    .send(…)`, reads `op_webhooks.send`)
    return " ".join(node_text(function).split()).replace(" .", ".")[:80] if function is not None else ""


_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z0-9_]*")


def _given(node: Node) -> tuple[str, ...]:
    """The capitalised names of a call's arguments (its first 300 characters)."""
    arguments = node.child_by_field_name("arguments") if node.type == "call_expression" else None
    if arguments is None:
        return ()
    return tuple(dict.fromkeys(_CAPITALISED.findall(node_text(arguments)[:300])))


_SPACE = re.compile(r"\s+")
_TRAILING_COMMA = re.compile(r",(?=[)\]}])")


def squashed(code: str) -> str:
    """Code with its whitespace and trailing commas taken out: `f(a, b)` as a formatter may
    write it over several lines, `f(\n    a,\n    b,\n)`, reads `f(a,b)` either way."""
    return _TRAILING_COMMA.sub("", _SPACE.sub("", code))


def _arguments(node: Node) -> str:
    """A call's arguments as written, squashed, without the parentheses (its first 600 characters)."""
    arguments = node.child_by_field_name("arguments") if node.type == "call_expression" else None
    return squashed(node_text(arguments))[1:-1][:600] if arguments is not None else ""


def _first_argument(node: Node) -> str:
    arguments = node.child_by_field_name("arguments") if node.type == "call_expression" else None
    if arguments is None or not arguments.named_children:
        return ""
    return node_text(arguments.named_children[0])[:40]


def _loop_retries(loop: Node) -> bool:
    text = node_text(loop)
    return "sleep" in text or "retr" in text.lower() or "backoff" in text.lower()
