"""The Rust item index: every addressable item of a file, by symbol path, through tree-sitter.

A symbol path names an item the way docs/record-format.md describes: `name` for a top-level
item, `Type::method` for an item of any `impl` of `Type`, `Trait::method` for an
item of a trait, `impl Header` for a whole impl block, and `module::…` in front
of any of these for items of inline modules. Items inside function bodies are
part of their function, not addressable on their own.

A span covers whole lines: from the first line of the unbroken run of comments
and attributes directly above the item to the item's last line.

The records on the `show` path are `typing.NamedTuple`s: frozen like dataclasses, but a
dataclass costs about 1.3 ms to create at import, and `show` is measured against bare imports.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ..errors import AmbiguousSpan, MacroGenerated, SpanNotFound
from .syntax import ITEM_KINDS, Node, above, first_row, last_row, node_text, parse


class Item(NamedTuple):
    """One addressable item: its symbol path, kind and 1-based inclusive line range."""

    symbol: str
    kind: str
    start_line: int
    end_line: int
    item_line: int
    keys: tuple[str, ...]
    # the header of the impl, trait or inline module the item is in ("" at the top level),
    # and for an impl, trait or module itself its own header: record headers name the first
    context: str = ""
    header: str = ""


class MacroCall(NamedTuple):
    """An item-level macro invocation, which may create items the source never spells out."""

    name: str
    line: int
    identifiers: frozenset[str]

    def mentions(self, identifier: str) -> bool:
        """Whether `identifier` appears as a token of the invocation's arguments."""
        return identifier in self.identifiers


def _identifiers(node: Node) -> frozenset[str]:
    found = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "identifier":
            found.add(node_text(current))
        stack.extend(current.children)
    return frozenset(found)


class Derive(NamedTuple):
    """A `#[derive(...)]` on a type: trait impls that exist only through the derive."""

    type_name: str
    traits: tuple[str, ...]
    line: int


class FileIndex:
    """All addressable items of one Rust source file, with what resolution needs."""

    def __init__(
        self, items: list[Item], macros: list[MacroCall], derives: list[Derive], has_errors: bool
    ) -> None:
        self.items = items
        self.macros = macros
        self.derives = derives
        self.has_errors = has_errors
        self.by_key: dict[str, list[Item]] = {}
        for item in items:
            for key in item.keys:
                bucket = self.by_key.setdefault(key, [])
                if item not in bucket:
                    bucket.append(item)

    def to_data(self) -> tuple[Any, ...]:
        """Plain tuples, for the index cache (marshal takes no tuple subclasses)."""
        return (
            tuple(tuple(i) for i in self.items),
            tuple(tuple(m) for m in self.macros),
            tuple(tuple(d) for d in self.derives),
            self.has_errors,
        )

    @classmethod
    def from_data(cls, data: Any) -> FileIndex:
        items, macros, derives, has_errors = data
        return cls(
            [Item(*i) for i in items],
            [MacroCall(*m) for m in macros],
            [Derive(*d) for d in derives],
            has_errors,
        )


def normalize_key(path: str) -> str:
    """The lookup form of a symbol path: no whitespace, no trailing commas in brackets."""
    compact = "".join(path.split())
    return re.sub(r",(?=[>)\]])", "", compact) if "," in compact else compact


def _display(text: str) -> str:
    """A readable one-line form of a header: single spaces, none just inside brackets."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"([<(\[]) ", r"\1", text)
    text = re.sub(r" ([>)\],])", r"\1", text)
    return re.sub(r",(?=[>)\]])", "", text)


def _strip_generics(path: str) -> str:
    """`Foo<T>::bar` -> `Foo::bar`: generic arguments never take part in a symbol path."""
    out, depth = [], 0
    for ch in path:
        if ch == "<":
            depth += 1
        elif ch == ">" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _is_impl_path(path: str) -> bool:
    """Whether a symbol path names an impl block (`impl …` or `module::impl …`)."""
    depth = 0
    for i, ch in enumerate(path):
        depth += ch == "<"
        depth -= ch == ">" and depth > 0
        at_segment = i == 0 or (depth == 0 and path[max(0, i - 2) : i] == "::")
        if at_segment and re.match(r"impl\b", path[i:]):
            return True
    return False


def _name(node: Node) -> str | None:
    name = node.child_by_field_name("name")
    return node_text(name) if name is not None else None


def _type_name(node: Node | None) -> str:
    """The bare name of an impl's self type: `Foo` for `Foo<T>`, `&Foo`, `crate::x::Foo`."""
    while node is not None:
        if node.type in ("generic_type", "reference_type", "pointer_type"):
            node = node.child_by_field_name("type")
        elif node.type == "scoped_type_identifier":
            node = node.child_by_field_name("name")
        else:
            return normalize_key(node_text(node))
    return "?"


def _impl_header(node: Node, source: bytes) -> tuple[str, str]:
    """The impl's header as written, and without its own generics and where clause."""
    body = node.child_by_field_name("body")
    end = body.start_byte if body is not None else node.end_byte
    full = source[node.start_byte : end].decode()
    parts = [
        node_text(child)
        for child in node.children
        if child.type not in ("type_parameters", "where_clause", "declaration_list", ";")
        and child.start_byte < end
    ]
    return _display(full), _display(" ".join(parts))


def _header(node: Node, body: Node | None, source: bytes) -> str:
    """A trait's or module's header as written up to its body (`pub trait Foo: Send`)."""
    end = body.start_byte if body is not None else node.end_byte
    return _display(source[node.start_byte : end].decode())


def context_of(items: list[Item], start: int, end: int) -> str:
    """The header of the innermost impl, trait or module around lines start..end, else ""."""
    best: Item | None = None
    for item in items:
        if not item.header or item.item_line > start or item.end_line < end:
            continue
        if item.start_line == start and item.end_line == end:
            continue  # the block is that impl, trait or module itself
        if best is None or item.item_line >= best.item_line:
            best = item
    return best.header if best is not None else ""


def _derives(node: Node) -> tuple[tuple[str, ...], int] | None:
    traits: list[str] = []
    line = 0
    for prev in above(node):
        if prev.type == "attribute_item":
            attr = prev.named_children[0] if prev.named_children else None
            head = attr.named_children[0] if attr is not None and attr.named_children else None
            if attr is not None and head is not None and head.text == b"derive":
                args = attr.child_by_field_name("arguments")
                if args is not None:
                    traits.extend(node_text(c) for c in args.named_children if c.type == "identifier")
                    line = prev.start_point.row + 1
    return (tuple(traits), line) if traits else None


class _Walker:
    def __init__(self, source: bytes) -> None:
        self.source = source
        self.items: list[Item] = []
        self.macros: list[MacroCall] = []
        self.derives: list[Derive] = []

    def add(
        self, node: Node, kind: str, symbol: str, keys: list[str], context: str, header: str = ""
    ) -> None:
        self.items.append(
            Item(
                symbol=symbol,
                kind=kind,
                start_line=first_row(node) + 1,
                end_line=last_row(node) + 1,
                item_line=node.start_point.row + 1,
                keys=tuple(dict.fromkeys(normalize_key(k) for k in keys)),
                context=context,
                header=header,
            )
        )

    def macro(self, node: Node) -> None:
        if node.type == "expression_statement" and node.named_children:
            node = node.named_children[0]
        if node.type != "macro_invocation":
            return
        name = node.child_by_field_name("macro")
        if name is not None:
            args = node.named_children[-1]
            self.macros.append(MacroCall(node_text(name), node.start_point.row + 1, _identifiers(args)))

    def walk(self, container: Node, modpath: tuple[str, ...], owner: str | None, context: str = "") -> None:
        # a stack, not recursion: a file may nest a thousand inline `mod`s (items stay in order)
        stack = [(iter(container.named_children), modpath, owner, context)]
        while stack:
            children, modpath, owner, context = stack[-1]
            node = next(children, None)
            if node is None:
                stack.pop()
                continue
            inner = self.visit(node, modpath, owner, context)
            if inner is not None:
                stack.append((iter(inner[0].named_children), inner[1], inner[2], inner[3]))

    def visit(
        self, node: Node, modpath: tuple[str, ...], owner: str | None, context: str
    ) -> tuple[Node, tuple[str, ...], str | None, str] | None:
        """Index one node; the body to walk next (container, module path, owner, the header
        of what contains its items), if any."""
        prefix = "".join(f"{m}::" for m in modpath)
        kind = ITEM_KINDS.get(node.type)
        if node.type == "ERROR":
            return node, modpath, owner, context  # best effort past a syntax error
        if kind is None:
            self.macro(node)
            return None
        if kind == "impl":
            full, short = _impl_header(node, self.source)
            header = full.rstrip(",")  # a where clause's trailing comma ends no header
            self.add(node, "impl", prefix + full, [prefix + full, prefix + short], context, header)
            body = node.child_by_field_name("body")
            if body is not None:
                return body, modpath, _type_name(node.child_by_field_name("type")), header
            return None
        name = _name(node)
        if name is None:
            return None
        if owner is not None and kind == "fn":
            kind = "method"
        symbol = prefix + (f"{owner}::" if owner else "") + name
        body = node.child_by_field_name("body")
        header = _header(node, body, self.source) if kind in ("mod", "trait") else ""
        self.add(node, kind, symbol, [symbol], context, header)
        if kind in ("struct", "enum", "union"):
            derived = _derives(node)
            if derived:
                self.derives.append(Derive(prefix + name, *derived))
        if body is None:
            return None
        if kind == "mod":
            return body, modpath + (name,), None, header
        if kind == "trait":
            return body, modpath, name, header
        return None


def index_source(source: bytes) -> FileIndex:
    """Index every addressable item of a Rust source file (UTF-8 bytes, LF or CRLF)."""
    return index_tree(source, parse(source).root_node)


def index_tree(source: bytes, root: Node) -> FileIndex:
    """The index of `source` from its syntax tree, when a caller has parsed it already."""
    walker = _Walker(source)
    walker.walk(root, (), None)
    return FileIndex(walker.items, walker.macros, walker.derives, root.has_error)


def resolve(index: FileIndex, path: str, where: str) -> Item:
    """The one item that `path` names; `where` is the file, for messages."""
    query = path.strip()
    shown = _shorten(query)
    if len(query) > MAX_SYMBOL:
        raise SpanNotFound(
            f"{where}: no item `{shown}`: a symbol path of {len(query)} characters, longer than any "
            "item's; `svix-flows symbols FILE` lists them"
        )
    if not _is_impl_path(query) and any(not part.strip() for part in _strip_generics(query).split("::")):
        raise SpanNotFound(
            f"{where}: `{shown}` is not a well-formed symbol path (an empty part before, between or "
            "after `::`); write it like `Type::method` or `module::item`"
        )
    key = normalize_key(query if _is_impl_path(query) else _strip_generics(query))
    found = index.by_key.get(key, [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = ", ".join(f"{i.symbol} (lines {i.start_line}-{i.end_line})" for i in found)
        raise AmbiguousSpan(
            f"{where}: `{shown}` is ambiguous, {len(found)} items: {listed}; "
            "name a whole `impl …` block or another item"
        )
    _raise_not_found(index, query, key, where)
    raise AssertionError("unreachable")


MAX_SYMBOL = (
    10_000  # longer than any real symbol path (a whole `impl … where …` header, a 2,000-deep `mod` path)
)


def _shorten(text: str, limit: int = 120) -> str:
    """Text from the command line or the catalog, cut for a one-line message."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def _raise_not_found(index: FileIndex, query: str, key: str, where: str) -> None:
    query = _shorten(query)
    segments = key.split("::")
    for segment in reversed(segments[-2:]):
        for call in index.macros:
            if call.mentions(segment):
                raise MacroGenerated(
                    f"{where}: `{query}` has no source of its own: it comes from the macro "
                    f"invocation `{call.name}!` at line {call.line}; name that invocation's "
                    "surroundings or another item"
                )
    if len(segments) >= 2:
        owner = "::".join(segments[:-1])
        for derive in index.derives:
            if derive.type_name == owner:
                raise MacroGenerated(
                    f"{where}: `{query}` is not in the source: `{owner}` derives "
                    f"{', '.join(derive.traits)} at line {derive.line}, and derived items have "
                    "no lines of their own"
                )
    import difflib  # only on this error path: keeps start-up lean

    symbols = list(dict.fromkeys(i.symbol for i in index.items))
    near = difflib.get_close_matches(query, symbols, n=3, cutoff=0.5)
    if not near:
        last = segments[-1].lower()
        near = [s for s in symbols if s.lower().endswith(last)][:3]
    hint = f"; nearest: {', '.join(near)}" if near else "; `svix-flows symbols FILE` lists them"
    raise SpanNotFound(f"{where}: no item `{query}`{hint}")
