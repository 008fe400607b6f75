"""Small readings of syntax nodes the facts share: a walk without recursion, a call's callee,
and where a fact stands."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..syntax import Node, node_text

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Located:
    """A fact found at a line of a file; `where` says it as `file:line`."""

    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def walk(node: Node | None) -> Iterator[Node]:
    """Every node under `node`, depth first, without recursion."""
    if node is None:
        return
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def callee_name(node: Node) -> str | None:
    """The last name of a call expression's function (`a.b::<T>(…)` → b), or None."""
    function = node.child_by_field_name("function")
    if function is None:
        return None
    if function.type == "field_expression":
        function = function.child_by_field_name("field")
    elif function.type == "generic_function":
        function = function.child_by_field_name("function")
        if function is not None and function.type == "field_expression":
            function = function.child_by_field_name("field")
    names = IDENT.findall(node_text(function))
    return names[-1] if names else None


def macro_name(node: Node) -> str:
    """A macro invocation's last name (`tracing::warn!` → warn)."""
    name = node.child_by_field_name("macro")
    return node_text(name).rsplit("::", 1)[-1]


def body_items(body: Node | None) -> list[Node]:
    """The statements and tail of a block, comments left out."""
    if body is None:
        return []
    return [c for c in body.named_children if c.type not in ("line_comment", "block_comment")]


# the nodes whose `pattern` (or parameters) bind names
_BINDERS = frozenset({"let_declaration", "for_expression", "closure_parameters", "parameter", "match_arm"})


def bound_names(node: Node) -> frozenset[str]:
    """The identifiers a function binds: in its parameters, `let` and `for` patterns, closure
    parameters and match arms (a struct's fields taken apart by their names too)."""
    found: set[str] = set()
    for child in walk(node):
        if child.type not in _BINDERS:
            continue
        pattern = child.child_by_field_name("pattern")
        if child.type == "closure_parameters":
            pattern = child
        if pattern is not None:
            found.update(
                part.text.decode()
                for part in walk(pattern)
                # (`let Desk { name, .. } = desk`: a field taken apart binds its name)
                if part.type in ("identifier", "shorthand_field_identifier") and part.text
            )
    return frozenset(found)
