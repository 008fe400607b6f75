"""Building a `Crate` index from the crate's files: modules found the way rustc finds them, then
their items, traits and impls.

`build_crate` reads every file once. A first pass (`add_file_module`, `scan`) records each
module's items, `use`s, structs, enums and free functions and sets aside traits and impls; then
`finish` runs three passes that need the whole module tree to resolve names: the traits (their
methods and default bodies), the types macros make (named only by their impls), and the impls
(methods, conversions, services and the default bodies each impl inherits).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ..errors import SourceError
from .crate import (
    Crate,
    Def,
    External,
    FnDef,
    Module,
    Segments,
    Ty,
    TypeKey,
    Variant,
    crate_files,
    file_module_path,
    foreign_key,
    parse_type,
    type_segments,
)
from .syntax import DEFINING_KINDS, Node, above, node_text, parse
from .words import PRIMITIVE_TYPES, STD_TYPES


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


def _generic_names(node: Node | None) -> set[str]:
    names: set[str] = set()
    if node is None:
        return names
    for child in node.named_children:
        if child.type in ("type_parameter", "constrained_type_parameter", "optional_type_parameter"):
            name = child.child_by_field_name("name") or (
                child.named_children[0] if child.named_children else None
            )
            if name is not None and name.type == "type_identifier":
                names.add(node_text(name))
        elif child.type == "type_identifier":
            names.add(node_text(child))
    return names


class _CrateBuilder:
    """The crate index under construction, and the traits and impls set aside for `finish`."""

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
                self.function(module, node, None, None, False, None, set())
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

    def function(
        self,
        module: Module,
        node: Node,
        owner: TypeKey | None,
        trait: str | None,
        in_trait: bool,
        impl_node: Node | None,
        generics: set[str],
    ) -> FnDef:
        """Record a function or method, and return it."""
        name = node_text(node.child_by_field_name("name"))
        generics = generics | _generic_names(node.child_by_field_name("type_parameters"))
        fn = FnDef(module.file, name, node, module, owner, trait, in_trait, impl_node, frozenset(generics))
        self.crate.functions.setdefault(module.file, []).append(fn)
        if owner is None:
            self.crate.free_fns.setdefault((module.path, name), fn)
            return fn
        self.crate.methods.setdefault(owner, {}).setdefault(name, []).append(fn)
        self.crate.methods_by_name.setdefault(name, []).append(fn)
        return fn

    def finish(self) -> Crate:
        """The complete crate: traits, then macro-made types, then impls (which resolve both)."""
        for module, node in self.traits:
            self.trait_item(module, node)
        for module, node in self.impls:
            self.macro_made_type(module, node)
        for module, node in self.impls:
            self.impl_item(module, node)
        crate = self.crate
        crate.fn_names = frozenset({name for (_, name) in crate.free_fns} | set(crate.methods_by_name))
        crate.memo = {}
        return crate

    def trait_item(self, module: Module, node: Node) -> None:
        """A trait: the enums `#[enum_dispatch]` makes implement it, its methods, default bodies."""
        crate = self.crate
        name = node_text(node.child_by_field_name("name"))
        key = TypeKey(module.path, name)
        for enum in _enum_dispatch_targets(node):
            target = crate.resolve(module, (enum,))
            if isinstance(target, Def):
                enum_key = TypeKey(target.module, target.name)
                crate.trait_impls.setdefault(enum_key, set()).add(name)
                crate.enum_dispatch.setdefault(enum_key, []).append(key)
        generics = _generic_names(node.child_by_field_name("type_parameters"))
        for child in _body_items(node):
            if child.type not in ("function_item", "function_signature_item"):
                continue
            method = node_text(child.child_by_field_name("name"))
            crate.trait_methods.setdefault(method, []).append(key)
            if child.type == "function_item":
                default = self.function(module, child, key, name, True, node, generics | {"Self"})
                crate.trait_defaults.setdefault((name, method), default)
                crate.trait_bodies.setdefault(key, {})[method] = default

    def macro_made_type(self, module: Module, node: Node) -> None:
        """Impls name the crate's types, macro-made ones too: a name neither defined, imported
        nor std's is made by a macro in this module (sea-orm's `ActiveModel`), and its trait
        impls key it too."""
        ty = parse_type(node.child_by_field_name("type"), module)
        if ty is None or len(ty.path) != 1 or self.crate.resolve(module, ty.path) != External(ty.path):
            return
        if node.child_by_field_name("trait") is None or ty.path[0] not in _STD_NAMES:
            self.crate.local_types.add(TypeKey(module.path, ty.path[0]))

    def impl_item(self, module: Module, node: Node) -> None:
        """An impl: its methods and associated types, the conversions and services it makes, and
        the trait's default bodies it does not override."""
        ty = parse_type(node.child_by_field_name("type"), module)
        if ty is None:
            return
        crate = self.crate
        generics = _generic_names(node.child_by_field_name("type_parameters"))
        target = crate.resolve(module, ty.path)
        if isinstance(target, Def):
            owner = crate.canonical(TypeKey(target.module, target.name))
        else:
            owner = self.foreign_key(ty)  # an impl for a foreign type
        trait_node = node.child_by_field_name("trait")
        trait = self.impl_trait(trait_node, owner)
        written = set()
        for child in _body_items(node):
            if child.type == "function_item":
                written.add(node_text(child.child_by_field_name("name")))
                fn = self.function(module, child, owner, trait, False, node, generics)
                self.impl_method(module, trait_node, owner, fn)
            elif child.type == "type_item" and trait_node is not None:
                assoc = parse_type(child.child_by_field_name("type"), module)
                if assoc is not None:
                    crate.assoc_types[(owner, node_text(child.child_by_field_name("name")))] = assoc
        if trait_node is not None:
            self.inherited_defaults(module, trait_node, owner, written)

    def impl_trait(self, trait_node: Node | None, owner: TypeKey) -> str | None:
        """The name of the trait an impl implements, recorded for `owner`; None when inherent."""
        if trait_node is None:
            return None
        trait_path = type_segments(trait_node)
        trait = trait_path[-1] if trait_path else node_text(trait_node)
        self.crate.trait_impls.setdefault(owner, set()).add(trait)
        return trait

    def impl_method(self, module: Module, trait_node: Node | None, owner: TypeKey, fn: FnDef) -> None:
        """What a method of a trait impl makes: a `From` conversion, a `Service`'s `call`."""
        if trait_node is None:
            return
        crate = self.crate
        if fn.trait == "From":
            source = parse_type(trait_node, module)
            if source is not None and source.args:
                source_key = crate.resolve(module, source.args[0].path)
                if isinstance(source_key, Def):
                    key = crate.canonical(TypeKey(source_key.module, source_key.name))
                    crate.conversions.setdefault(key, []).append(fn)
                if fn.name == "from":
                    crate.from_impls.append((self.receiver_key(source.args[0]), owner, fn))
        if fn.trait == "Service" and fn.name == "call":
            crate.services.setdefault(owner, []).append(fn)

    def inherited_defaults(self, module: Module, trait_node: Node, owner: TypeKey, written: set[str]) -> None:
        """The trait's default bodies an impl does not override become `owner`'s methods."""
        crate = self.crate
        trait_target = crate.resolve(module, type_segments(trait_node) or ())
        if not (isinstance(trait_target, Def) and trait_target.kind == "trait"):
            return
        defaults = crate.trait_bodies.get(TypeKey(trait_target.module, trait_target.name), {})
        for method, default in defaults.items():
            if method not in written:
                crate.methods.setdefault(owner, {}).setdefault(method, []).append(default)

    def receiver_key(self, ty: Ty) -> TypeKey:
        """A conversion source as `Crate.from_impls` keys it: the crate type, or the foreign key."""
        target = self.crate.resolve(ty.module, ty.path)
        if isinstance(target, Def):
            return self.crate.canonical(TypeKey(target.module, target.name))
        return self.foreign_key(ty)

    def foreign_key(self, ty: Ty) -> TypeKey:
        """The key of a type the crate does not define, told apart by its first generic argument
        (`Select<message::Entity>` is not `Select<endpoint::Entity>`)."""
        return foreign_key(self.crate, ty)


_STD_NAMES = STD_TYPES | PRIMITIVE_TYPES


def _struct_fields(crate: Crate, module: Module, node: Node) -> None:
    body = node.child_by_field_name("body")
    if body is None or body.type != "field_declaration_list":
        return
    key = TypeKey(module.path, node_text(node.child_by_field_name("name")))
    table = crate.fields.setdefault(key, {})
    attrs: list[str] = []
    for child in body.named_children:
        if child.type == "attribute_item":
            attrs.append(node_text(child))
        elif child.type == "field_declaration":
            name = child.child_by_field_name("name")
            ty = parse_type(child.child_by_field_name("type"), module)
            if name is not None and ty is not None:
                table[node_text(name)] = ty
            if name is not None and attrs:
                crate.field_attrs.setdefault(key, []).append((node_text(name), tuple(attrs)))
            attrs = []


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


def _body_items(node: Node) -> list[Node]:
    """The items of a trait's or impl's body; none when it has no body."""
    body = node.child_by_field_name("body")
    return list(body.named_children) if body is not None else []


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


def _enum_dispatch_targets(node: Node) -> list[str]:
    """The enums a `#[enum_dispatch(Enum)]` attribute above a trait makes implement it."""
    found: list[str] = []
    for prev in above(node):
        match = re.match(r"#\[\s*enum_dispatch\s*\(([^)]*)\)\s*\]", node_text(prev))
        if match:
            found.extend(name.strip() for name in match.group(1).split(",") if name.strip())
    return found


def build_crate(crate_dir: Path, read: Callable[[str], bytes]) -> Crate:
    """Index the crate under `crate_dir`; `read(file)` returns a crate file's bytes."""
    files = crate_files(crate_dir)
    builder = _CrateBuilder(read, files, crate_ident(crate_dir))
    root_file = next((f for f in ("lib.rs", "main.rs") if f in files), None)
    if root_file is not None:
        builder.crate.root = builder.add_file_module(root_file, (), None, False)
    for file in files:  # binaries beside the library, and files no module declares
        if file in builder.crate.by_file:
            continue
        # a top-level lib.rs is the root module above, so only main.rs can be left at the root
        builder.add_file_module(file, file_module_path(file), builder.crate.root, True)
    return builder.finish()
