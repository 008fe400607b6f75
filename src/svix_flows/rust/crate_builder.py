"""Building a `Crate` index from the crate's files: modules found the way rustc finds them, then
their items, traits and impls.

`build_crate` reads every file once. A first pass (`_ModuleScanner`: `add_file_module`, `scan`)
records each module's items, `use`s, structs, enums and free functions and sets aside traits and
impls; then `crate_impls.link_impls` runs the passes that need the whole module tree to resolve
names: the traits, the types macros make, and the impls.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ..errors import SourceError
from .checkout import crate_files
from .crate import (
    Crate,
    Module,
    Segments,
    Ty,
    TypeKey,
    Variant,
    file_module_path,
    parse_type,
    type_segments,
)
from .crate_impls import link_impls, record_function
from .syntax import DEFINING_KINDS, Node, above, node_text, parse


def _use_entries(node: Node, prefix: Segments, out: list[tuple[str | None, Segments]]) -> None:
    """Expand a use tree into (alias, path) pairs; alias None marks a glob."""
    kind = node.type
    if kind in ("identifier", "scoped_identifier", "self", "crate", "super"):
        path = _use_path(prefix, node)
        if path:
            out.append((path[-1], path))
    elif kind == "use_as_clause":
        path = _use_path(prefix, node.child_by_field_name("path"))
        alias = node_text(node.child_by_field_name("alias"))
        if path and alias != "_":
            out.append((alias, path))
    elif kind == "use_list":
        for child in node.named_children:
            _use_entries(child, prefix, out)
    elif kind == "scoped_use_list":
        path_node = node.child_by_field_name("path")
        head = type_segments(path_node) if path_node is not None else ()
        listed = node.child_by_field_name("list")
        if listed is not None:
            _use_entries(listed, prefix + (head or ()), out)
    elif kind == "use_wildcard":
        inner = node.named_children[0] if node.named_children else None
        out.append((None, prefix + (type_segments(inner) or ())))


def _use_path(prefix: Segments, node: Node | None) -> Segments:
    """The path a use entry names, `self` at its end meaning the module before it."""
    path = prefix + (type_segments(node) or ())
    return path[:-1] if path and path[-1] == "self" else path


def _path_attribute(node: Node) -> str | None:
    for prev in above(node):
        found = re.match(r'#\[\s*path\s*=\s*"([^"]+)"\s*\]', node_text(prev))
        if found:
            return found.group(1)
    return None


def crate_ident(crate_dir: Path) -> str | None:
    """The crate's own name as paths spell it (`svix_server`), from the Cargo.toml above src/."""
    manifest = crate_dir.parent / "Cargo.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    name = data.get("lib", {}).get("name") or data.get("package", {}).get("name")
    return name.replace("-", "_") if isinstance(name, str) else None


def _folder_of(file: str) -> PurePosixPath:
    pure = PurePosixPath(file)
    if pure.name in ("mod.rs", "lib.rs", "main.rs"):
        return pure.parent
    return pure.parent / pure.stem


class _ModuleScanner:
    """The first pass: the module tree and each module's items, with the traits and impls set
    aside for the second (`crate_impls.link_impls`)."""

    def __init__(self, read: Callable[[str], bytes], files: list[str], self_name: str | None) -> None:
        self.read = read
        self.files = set(files)
        self.crate = Crate(self_name=self_name)
        self.trees: dict[str, Node] = {}
        self.impls: list[tuple[Module, Node]] = []
        self.traits: list[tuple[Module, Node]] = []

    def tree(self, file: str) -> Node:
        if file not in self.trees:
            try:
                source = self.read(file)
            except SourceError as exc:
                # a file the checkout refuses to read (over 8 MiB, not a regular file) is left
                # out with a note; the rest of the crate is still traced
                self.crate.skipped.append(f"{exc}; left out of the trace")
                source = b""
            self.trees[file] = parse(source).root_node
        return self.trees[file]

    def module_file(self, folder: PurePosixPath, name: str, attr: str | None, parent: str) -> str | None:
        if attr:
            base = PurePosixPath(parent).parent
            named = str(base / attr)
            return named if named in self.files else None
        for candidate in (folder / f"{name}.rs", folder / name / "mod.rs"):
            if str(candidate) in self.files:
                return str(candidate)
        return None

    def add_file_module(self, file: str, path: Segments, parent: Module | None, orphan: bool) -> Module:
        module = Module(path, file, _folder_of(file), parent, orphan)
        self.crate.modules.append(module)
        self.crate.by_file.setdefault(file, module)
        self.scan(module, self.tree(file))
        return module

    def scan(self, module: Module, container: Node) -> None:
        # a stack, not recursion: a file may nest a thousand inline `mod`s
        stack = [(module, iter(container.named_children))]
        while stack:
            module, children = stack[-1]
            node = next(children, None)
            if node is None:
                stack.pop()
                continue
            if node.type == "ERROR":
                stack.append((module, iter(node.named_children)))
            elif node.type == "mod_item":
                inner = self.mod_item(module, node)
                if inner is not None:
                    stack.append((inner[0], iter(inner[1].named_children)))
            else:
                self.scan_item(module, node)

    def scan_item(self, module: Module, node: Node) -> None:
        kind = node.type
        if kind == "use_declaration":
            entries: list[tuple[str | None, Segments]] = []
            argument = node.child_by_field_name("argument")
            if argument is not None:
                _use_entries(argument, (), entries)
            for alias, path in entries:
                if alias is None:
                    module.globs.append(path)
                else:
                    module.uses.setdefault(alias, path)
        elif kind == "impl_item":
            self.impls.append((module, node))
        elif kind in DEFINING_KINDS:
            name = node.child_by_field_name("name")
            if name is None:
                return
            module.defs.setdefault(node_text(name), DEFINING_KINDS[kind])
            if kind == "function_item":
                record_function(self.crate, module, node, None, None, False, None, set())
            elif kind == "trait_item":
                self.traits.append((module, node))
            elif kind == "struct_item":
                _struct_fields(self.crate, module, node)
                _derive_names(self.crate, module, node)
            elif kind == "enum_item":
                _enum_variants(self.crate, module, node)
                _derive_names(self.crate, module, node)
            elif kind == "type_item":
                ty = parse_type(node.child_by_field_name("type"), module)
                if ty is not None:
                    key = TypeKey(module.path, node_text(name))
                    self.crate.aliases[key] = ty
                    self.crate.alias_params[key] = _alias_params(
                        node.child_by_field_name("type_parameters"), module
                    )

    def mod_item(self, module: Module, node: Node) -> tuple[Module, Node] | None:
        """A `mod` declaration: an inline module to scan next (returned), or its file scanned."""
        name = node_text(node.child_by_field_name("name"))
        body = node.child_by_field_name("body")
        if body is not None:
            child = Module(module.path + (name,), module.file, module.folder / name, module, module.orphan)
            self.crate.modules.append(child)
            module.children[name] = child
            return child, body
        file = self.module_file(module.folder, name, _path_attribute(node), module.file)
        if file is None or file in self.crate.by_file:
            return None
        module.children[name] = self.add_file_module(file, module.path + (name,), module, module.orphan)
        return None


def _struct_fields(crate: Crate, module: Module, node: Node) -> None:
    body = node.child_by_field_name("body")
    if body is None or body.type != "field_declaration_list":
        return
    key = TypeKey(module.path, node_text(node.child_by_field_name("name")))
    table = crate.fields.setdefault(key, {})
    names: list[str] = []
    attrs: list[str] = []
    for child in body.named_children:
        if child.type == "attribute_item":
            attrs.append(node_text(child))
        elif child.type == "field_declaration":
            name = child.child_by_field_name("name")
            ty = parse_type(child.child_by_field_name("type"), module)
            if name is not None:
                names.append(node_text(name))
                crate.field_lines[(key, node_text(name))] = (module.file, child.start_point.row + 1)
            if name is not None and ty is not None:
                table[node_text(name)] = ty
            if name is not None and attrs:
                crate.field_attrs.setdefault(key, []).append((node_text(name), tuple(attrs)))
            attrs = []
    crate.field_names[key] = crate.field_names.get(key, ()) + tuple(names)


def _enum_variants(crate: Crate, module: Module, node: Node) -> None:
    body = node.child_by_field_name("body")
    key = TypeKey(module.path, node_text(node.child_by_field_name("name")))
    table = crate.variants.setdefault(key, {})
    for child in body.named_children if body is not None else []:
        if child.type != "enum_variant":
            continue
        name = node_text(child.child_by_field_name("name"))
        fields = child.child_by_field_name("body")
        tuple_fields: list[Ty] = []
        named: list[tuple[str, Ty]] = []
        for part in fields.named_children if fields is not None else []:
            if part.type == "field_declaration":
                field_name = part.child_by_field_name("name")
                ty = parse_type(part.child_by_field_name("type"), module)
                if field_name is not None and ty is not None:
                    named.append((node_text(field_name), ty))
            elif part.type not in ("attribute_item", "line_comment", "block_comment"):
                ty = parse_type(part, module)
                if ty is not None:
                    tuple_fields.append(ty)
        table[name] = Variant(name, tuple(tuple_fields), tuple(named))


def _derive_names(crate: Crate, module: Module, node: Node) -> None:
    names: list[str] = []
    for prev in above(node):
        found = re.match(r"#\[\s*derive\s*\(([^)]*)\)\s*\]", node_text(prev), re.DOTALL)
        if found:
            names.extend(n.strip().split("::")[-1] for n in found.group(1).split(",") if n.strip())
    if names:
        key = TypeKey(module.path, node_text(node.child_by_field_name("name")))
        crate.derives[key] = tuple(names)


def _alias_params(node: Node | None, module: Module) -> tuple[tuple[str, Ty | None], ...]:
    """A type alias's generic parameters with their defaults (`type Result<T, E = Error>`)."""
    params: list[tuple[str, Ty | None]] = []
    for child in node.named_children if node is not None else []:
        if child.type == "type_identifier":
            params.append((node_text(child), None))
        elif child.type in ("type_parameter", "optional_type_parameter", "constrained_type_parameter"):
            name = child.child_by_field_name("name") or (
                child.named_children[0] if child.named_children else None
            )
            default = child.child_by_field_name("default_type")
            if name is not None:
                params.append((node_text(name), parse_type(default, module)))
    return tuple(params)


def build_crate(crate_dir: Path, read: Callable[[str], bytes]) -> Crate:
    """Index the crate under `crate_dir`; `read(file)` returns a crate file's bytes."""
    files = crate_files(crate_dir)
    builder = _ModuleScanner(read, files, crate_ident(crate_dir))
    root_file = next((f for f in ("lib.rs", "main.rs") if f in files), None)
    if root_file is not None:
        builder.crate.root = builder.add_file_module(root_file, (), None, False)
    for file in files:  # binaries beside the library, and files no module declares
        if file in builder.crate.by_file:
            continue
        # a top-level lib.rs is the root module above, so only main.rs can be left at the root
        builder.add_file_module(file, file_module_path(file), builder.crate.root, True)
    return link_impls(builder.crate, builder.traits, builder.impls)
