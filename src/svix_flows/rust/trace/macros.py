"""Calls inside macro invocations: the arguments of expression macros (`join!`, `try_join!`),
parsed as code and followed, and call-like tokens inside any other macro, listed.

Part of `trace` (see `rust/trace/__init__.py`), used by `calls.Body`.
"""

from __future__ import annotations

from ..crate import FnDef
from ..syntax import Node, captures, node_bytes, node_text, parse_with_macros_as_calls, query
from .base import compact
from .model import MACRO, MACRO_ARGUMENT, PATH, Call, Edge

# macros whose arguments are plain expressions (`tokio::join!(a(), async { b().await })`):
# their calls are found by re-parsing the invocation as a call (`select!`, `format!` are not)
_EXPRESSION_MACROS = frozenset({"join", "try_join"})
_MACROS = "(macro_invocation) @macro"
Span = tuple[int, int, str]  # an expression macro's invocation: start and end byte, name


def reparsed(fn: FnDef, cache: dict[str, Node | None]) -> tuple[Node, list[Span]]:
    """The function node with its `join!(…)`-like invocations parsed as calls (same bytes,
    another tree), and each such invocation's byte range and name; the crate's own node
    and no range when it has none or one does not parse as a call."""
    node = fn.node
    body = node.child_by_field_name("body")
    if body is None or not any(name.encode() + b"!" in node_bytes(body) for name in _EXPRESSION_MACROS):
        return node, []
    if fn.file not in cache:
        root = node
        while root.parent is not None:
            root = root.parent
        bangs = [
            bang.start_byte
            for macro in captures(query(_MACROS), root).get("macro", [])
            if (bang := _expression_bang(macro)) is not None
        ]
        cache[fn.file] = parse_with_macros_as_calls(node_bytes(root), bangs) if bangs else None
    new_root = cache[fn.file]
    found = (
        new_root.descendant_for_byte_range(node.start_byte, node.end_byte) if new_root is not None else None
    )
    if (
        found is None
        or found.type != node.type
        or (found.start_byte, found.end_byte) != (node.start_byte, node.end_byte)
    ):
        return node, []
    spans = []
    for macro in captures(query(_MACROS), body).get("macro", []):
        if _expression_bang(macro) is None:
            continue
        call = found.descendant_for_byte_range(macro.start_byte, macro.end_byte)
        if call is None or call.type != "call_expression" or call.has_error:
            return node, []
        spans.append(
            (macro.start_byte, macro.end_byte, compact(node_text(macro.child_by_field_name("macro"))))
        )
    return found, spans


def in_macro(spans: list[Span], call: Call) -> Call:
    """A call found inside an expression macro's arguments says so on each of its edges."""
    name = next((name for start, end, name in spans if start < call.start < end), None)
    if name is None or not call.targets:
        return call
    how = MACRO_ARGUMENT if call.how == PATH else call.how
    targets = [
        Edge(t.fn, t.implementor, t.how, f"{t.via}, inside {name}!" if t.via else f"inside {name}!")
        for t in call.edges()
    ]
    return Call(call.text, call.line, call.start, call.targets, call.reason, call.detail, how, tuple(targets))


def _expression_bang(macro: Node) -> Node | None:
    """The `!` of an invocation of one of `_EXPRESSION_MACROS` with `(…)` arguments."""
    name = macro.child_by_field_name("macro")
    if name is None or node_text(name).split("::")[-1] not in _EXPRESSION_MACROS:
        return None
    bang = next((c for c in macro.children if c.type == "!"), None)
    tree = next((c for c in macro.children if c.type == "token_tree"), None)
    return bang if tree is not None and node_bytes(tree).startswith(b"(") else None


def macro_calls(macro: Node) -> list[Call]:
    """Call-like token runs inside a macro invocation: listed, never followed."""
    name_node = macro.child_by_field_name("macro")
    name = compact(node_text(name_node)) if name_node is not None else "?"
    found: list[Call] = []
    stack = [child for child in macro.children if child.type == "token_tree"]
    while stack:
        tree = stack.pop()
        children = tree.children
        for index, child in enumerate(children):
            if child.type == "token_tree":
                stack.append(child)
                if index and children[index - 1].type == "identifier" and node_bytes(child).startswith(b"("):
                    parts = [node_text(children[index - 1])]
                    back = index - 2
                    while (
                        back >= 1 and children[back].type == "::" and children[back - 1].type == "identifier"
                    ):
                        parts.insert(0, node_text(children[back - 1]))
                        back -= 2
                    dot = "." if back >= 0 and children[back].type == "." else ""
                    found.append(
                        Call(
                            f"{dot}{'::'.join(parts)}()",
                            child.start_point.row + 1,
                            child.start_byte,
                            reason=MACRO,
                            detail=f"inside {name}!",
                        )
                    )
    return found
