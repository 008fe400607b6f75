"""tree-sitter for Rust: the one module that imports tree-sitter and its Rust grammar.

Everything else reads Rust through these helpers: the parser and language, compiled queries and
their captures, a node's text (tree-sitter's optional values answered here, once), the node-kind
table of addressable items, and the one walker of the comments and attributes above an item.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache

import tree_sitter_rust
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

__all__ = [
    "COMMENTS",
    "DEFINING_KINDS",
    "ITEM_KINDS",
    "LEADING",
    "Node",
    "above",
    "captures",
    "first_row",
    "is_inner_doc",
    "language",
    "last_row",
    "node_bytes",
    "node_text",
    "parse",
    "parse_with_macros_as_calls",
    "parser",
    "query",
]

# tree-sitter node type -> the kind svix-flows reports
ITEM_KINDS = {
    "function_item": "fn",
    "function_signature_item": "fn",
    "struct_item": "struct",
    "enum_item": "enum",
    "union_item": "union",
    "trait_item": "trait",
    "type_item": "type",
    "associated_type": "type",
    "const_item": "const",
    "static_item": "static",
    "mod_item": "mod",
    "macro_definition": "macro",
    "impl_item": "impl",
}
# the items that define a name in their module (what the crate index resolves paths to)
DEFINING_KINDS = {
    node: kind
    for node, kind in ITEM_KINDS.items()
    if node not in ("function_signature_item", "associated_type", "mod_item", "impl_item")
}
# what may stand directly above an item and belongs to it
LEADING = frozenset({"line_comment", "block_comment", "attribute_item"})
COMMENTS = frozenset({"line_comment", "block_comment"})


@lru_cache(maxsize=1)
def language() -> Language:
    return Language(tree_sitter_rust.language())


@lru_cache(maxsize=1)
def parser() -> Parser:
    return Parser(language())


def parse(source: bytes) -> Tree:
    """The syntax tree of Rust source (UTF-8 bytes); a syntax error is an ERROR node, not a raise."""
    return parser().parse(source)


def parse_with_macros_as_calls(source: bytes, bangs: list[int]) -> Node:
    """`source` parsed with the `!` at each of `bangs` blanked: `join!(a(), b())` becomes the
    call `join (a(), b())`, whose arguments are expressions, at the same bytes and lines."""
    edited = bytearray(source)
    for offset in bangs:
        if edited[offset : offset + 1] == b"!":
            edited[offset] = ord(" ")
    return parser().parse(bytes(edited)).root_node


@cache
def query(pattern: str) -> Query:
    """A compiled query, once per pattern."""
    return Query(language(), pattern)


def captures(compiled: Query, node: Node) -> dict[str, list[Node]]:
    """The nodes each capture name of `compiled` matches under `node`, in source order (a node
    before the longer ones starting where it does).

    tree-sitter lists nodes that start at one byte (the calls of a chain `a().b().c()`) in an
    order that changes with memory layout, so without the sort a trace's output could change
    from one run or build of the program to the next."""
    found = QueryCursor(compiled).captures(node)
    return {name: sorted(nodes, key=lambda n: (n.start_byte, n.end_byte)) for name, nodes in found.items()}


def node_text(node: Node | None) -> str:
    """A node's source text ("" for a missing node: tree-sitter's optional values end here)."""
    if node is None:
        return ""
    data = node.text
    return data.decode() if data is not None else ""


def node_bytes(node: Node | None) -> bytes:
    """A node's source bytes (b"" for a missing node)."""
    if node is None:
        return b""
    data = node.text
    return data if data is not None else b""


def above(node: Node) -> Iterator[Node]:
    """The comments and attributes directly above an item, nearest first, up to the first
    sibling that is neither (the one walker of what stands above an item)."""
    prev = node.prev_sibling
    while prev is not None and prev.type in LEADING:
        yield prev
        prev = prev.prev_sibling


def last_row(node: Node) -> int:
    """The 0-based row of a node's last character (a line comment ends on the next row)."""
    end = node.end_point
    if end.column == 0 and end.row > node.start_point.row:
        return end.row - 1
    return end.row


def is_inner_doc(node: Node) -> bool:
    """Whether a comment is an inner doc comment (`//!`, `/*!`): it documents its container."""
    return node.type in COMMENTS and any(child.type == "inner_doc_comment_marker" for child in node.children)


def first_row(node: Node) -> int:
    """The 0-based row where the item's leading run of comments and attributes starts."""
    row = node.start_point.row
    for prev in above(node):
        if is_inner_doc(prev) or last_row(prev) < row - 1:
            break  # an inner doc belongs to the container; a blank line ends the run
        before = prev.prev_sibling
        if (
            prev.type in COMMENTS
            and before is not None
            and before.type not in LEADING
            and last_row(before) == prev.start_point.row
        ):
            break  # a trailing comment belongs to the line it ends
        row = prev.start_point.row
    return row
