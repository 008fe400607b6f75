"""The crate's module tree and name resolution, read from the source with tree-sitter.

Modules come from files the way rustc finds them: `lib.rs` (or `main.rs`) is the
crate root, `mod foo;` in a file of folder `d/` is `d/foo.rs` or `d/foo/mod.rs`
(`#[path = "…"]` honoured), inline `mod foo { … }` nest. A file that no module
declares (svix-server has a stray `src/mod.rs`) is an orphan: it can be traced
from, but no path leads into it.

Names resolve through each module's items, child modules, `use` declarations
(`crate::`, `super::`, `self::`, groups, aliases, globs, re-exports) and the
crate's own name (what `main.rs` calls the library). A path that leaves the
crate resolves to `External`, never to a guess.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import SourceError
from .syntax import DEFINING_KINDS, Node, above, node_text, parse
from .words import PRIMITIVE_TYPES, STD_TYPES

Segments = tuple[str, ...]


@dataclass(frozen=True)
class TypeKey:
    """A type of the crate, by the module that defines it and its name."""

    module: Segments
    name: str

    def __str__(self) -> str:
        return "::".join(self.module + (self.name,))


@dataclass(frozen=True)
class Ty:
    """A type as written in the source: its path, generic arguments and where it was written."""

    path: Segments
    args: tuple[Ty, ...]
    module: Module = field(compare=False, repr=False)
    text: str = ""

    def arg(self, index: int = 0) -> Ty | None:
        return self.args[index] if len(self.args) > index else None


@dataclass(eq=False)
class FnDef:
    """A function or method of the crate, with what tracing needs from its signature."""

    file: str
    name: str
    node: Node = field(repr=False)
    module: Module = field(repr=False)
    owner: TypeKey | None = None  # the impl's self type, or the trait
    trait: str | None = None  # the trait an impl implements, or the trait that declares it
    in_trait: bool = False  # declared inside a `trait` block
    impl_node: Node | None = field(default=None, repr=False)
    generics: frozenset[str] = frozenset()

    def visible_from(self, module: Module) -> bool:
        """Whether code in `module` may call it by name (`pub(crate)` and wider: anywhere)."""
        if self.trait is not None or self.in_trait:
            return True
        visibility = next((c for c in self.node.children if c.type == "visibility_modifier"), None)
        text = node_text(visibility).replace(" ", "") if visibility is not None else ""
        if text == "pub(self)":
            text = ""
        if text == "pub(super)":
            home = self.module.path[:-1]
        elif text:
            return True
        else:
            home = self.module.path
        return module.path[: len(home)] == home

    @property
    def line(self) -> int:
        return self.node.start_point.row + 1

    @property
    def end_line(self) -> int:
        return self.node.end_point.row + 1

    @property
    def qualname(self) -> str:
        return f"{self.owner.name}::{self.name}" if self.owner else self.name


@dataclass(frozen=True)
class Variant:
    """An enum variant: its tuple field types, or its named field types."""

    name: str
    tuple_fields: tuple[Ty, ...] = ()
    named_fields: tuple[tuple[str, Ty], ...] = ()


@dataclass(frozen=True)
class Def:
    """A named item of a module: a function, type, trait, constant or macro."""

    kind: str
    module: Segments
    name: str


@dataclass(frozen=True)
class ModuleRef:
    """A path that names a module."""

    module: Module


@dataclass(frozen=True)
class External:
    """A path that leaves the crate (or names something the crate never defines)."""

    path: Segments


@dataclass(frozen=True)
class Assoc:
    """An associated item: `Type::name`, possibly with segments after it."""

    owner: TypeKey
    kind: str
    name: str


Target = ModuleRef | Def | External | Assoc


@dataclass(eq=False)
class Module:
    """One module: a file or an inline `mod` inside one."""

    path: Segments
    file: str
    folder: PurePosixPath  # where its `mod foo;` children live
    parent: Module | None = field(default=None, repr=False)
    orphan: bool = False
    children: dict[str, Module] = field(default_factory=dict, repr=False)
    defs: dict[str, str] = field(default_factory=dict, repr=False)  # name -> kind
    uses: dict[str, Segments] = field(default_factory=dict, repr=False)
    globs: list[Segments] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return "::".join(self.path) or "crate"

    @property
    def root(self) -> Module:
        module = self
        while module.parent is not None:
            module = module.parent
        return module


def type_segments(node: Node | None) -> Segments | None:
    """The path of a type or expression path node, generic arguments dropped."""
    if node is None:
        return None
    kind = node.type
    if kind in ("identifier", "type_identifier", "field_identifier", "self", "super", "crate"):
        return (node_text(node),)
    if kind == "primitive_type":
        return (node_text(node),)
    if kind in ("scoped_identifier", "scoped_type_identifier"):
        path = node.child_by_field_name("path")
        name = node.child_by_field_name("name")
        head = type_segments(path) if path is not None else ()
        if head is None or name is None:
            return None
        return head + (node_text(name),)
    if kind == "generic_type":
        return type_segments(node.child_by_field_name("type"))
    if kind == "generic_function":
        return type_segments(node.child_by_field_name("function"))
    return None


def _use_entries(node: Node, prefix: Segments, out: list[tuple[str | None, Segments]]) -> None:
    """Expand a use tree into (alias, path) pairs; alias None marks a glob."""
    kind = node.type
    if kind in ("identifier", "scoped_identifier", "self", "crate", "super"):
        path = prefix + (type_segments(node) or ())
        if path and path[-1] == "self":
            path = path[:-1]
        if path:
            out.append((path[-1], path))
    elif kind == "use_as_clause":
        path = prefix + (type_segments(node.child_by_field_name("path")) or ())
        if path and path[-1] == "self":
            path = path[:-1]
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


def parse_type(node: Node | None, module: Module) -> Ty | None:
    """A type node as a `Ty`: references and `dyn`/`impl` peeled, generic arguments kept."""
    while node is not None and node.type in ("reference_type", "pointer_type", "mutable_specifier"):
        node = node.child_by_field_name("type")
    if node is None:
        return None
    if node.type in ("dynamic_type", "abstract_type"):
        inner = node.child_by_field_name("trait")
        ty = parse_type(inner, module)
        return Ty(ty.path, ty.args, module, "dyn " + ty.text) if ty else None
    if node.type == "bounded_type":
        return parse_type(node.named_children[0] if node.named_children else None, module)
    path = type_segments(node)
    if path is None:
        return None
    args: list[Ty] = []
    if node.type == "generic_type":
        arguments = node.child_by_field_name("type_arguments")
        for child in arguments.named_children if arguments is not None else []:
            if child.type in ("lifetime", "type_binding"):
                continue
            # a tuple or array argument keeps its place (`Result<(), E>`'s error is the second)
            parsed = parse_type(child, module) or Ty(("_",), (), module, node_text(child))
            args.append(parsed)
    return Ty(path, tuple(args), module, re.sub(r"\s+", " ", node_text(node)))


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


@dataclass
class Crate:
    """Every module, type and function of a crate, and name resolution among them."""

    modules: list[Module] = field(default_factory=list)
    by_file: dict[str, Module] = field(default_factory=dict)
    functions: dict[str, list[FnDef]] = field(default_factory=dict)  # file -> fns
    free_fns: dict[tuple[Segments, str], FnDef] = field(default_factory=dict)
    methods: dict[TypeKey, dict[str, list[FnDef]]] = field(default_factory=dict)
    methods_by_name: dict[str, list[FnDef]] = field(default_factory=dict)
    trait_methods: dict[str, list[TypeKey]] = field(default_factory=dict)  # method -> traits
    fields: dict[TypeKey, dict[str, Ty]] = field(default_factory=dict)
    aliases: dict[TypeKey, Ty] = field(default_factory=dict)
    local_types: set[TypeKey] = field(default_factory=set)  # self types of inherent impls
    trait_impls: dict[TypeKey, set[str]] = field(default_factory=dict)  # type -> trait names
    trait_defaults: dict[tuple[str, str], FnDef] = field(default_factory=dict)
    trait_bodies: dict[TypeKey, dict[str, FnDef]] = field(default_factory=dict)  # default methods
    conversions: dict[TypeKey, list[FnDef]] = field(default_factory=dict)  # From<source> impls
    # `impl From<S> for T` with S keyed like a receiver (crate type, or `?::DbErr` when foreign)
    from_impls: list[tuple[TypeKey, TypeKey, FnDef]] = field(default_factory=list)
    variants: dict[TypeKey, dict[str, Variant]] = field(default_factory=dict)  # enum -> variants
    enum_dispatch: dict[TypeKey, list[TypeKey]] = field(default_factory=dict)  # enum -> traits
    alias_params: dict[TypeKey, tuple[tuple[str, Ty | None], ...]] = field(default_factory=dict)
    derives: dict[TypeKey, tuple[str, ...]] = field(default_factory=dict)  # struct -> derive names
    # struct -> (field, its attribute texts) for fields with attributes (`#[serde(with = …)]`)
    field_attrs: dict[TypeKey, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    services: dict[TypeKey, list[FnDef]] = field(default_factory=dict)  # `impl Service<_>` -> call
    assoc_types: dict[tuple[TypeKey, str], Ty] = field(default_factory=dict)  # (type, `type X`)
    fn_names: frozenset[str] = frozenset()  # every function and method name
    # answers of `resolve`, kept once the crate is complete (a trace asks the same paths often)
    memo: dict[tuple[int, Segments, TypeKey | None], Target] | None = field(default=None, repr=False)
    skipped: list[str] = field(default_factory=list)  # files left out, each with why
    self_name: str | None = None
    root: Module | None = None

    # ---- resolution ------------------------------------------------------------------

    def resolve(self, module: Module, path: Segments, self_type: TypeKey | None = None) -> Target:
        """What `path`, written in `module`, names."""
        if self.memo is None:
            return self._resolve(module, path, self_type, set())
        key = (id(module), path, self_type)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._resolve(module, path, self_type, set())
        return found

    def _resolve(self, module: Module, path: Segments, self_type: TypeKey | None, seen: set[Any]) -> Target:
        if not path:
            return ModuleRef(module)
        head, rest = path[0], path[1:]
        if head == "crate" or (head == self.self_name and head not in module.defs):
            base: Target = ModuleRef(self.root or module.root)
        elif head == "self":
            base = ModuleRef(module)
        elif head == "super":
            base = ModuleRef(module.parent or module)
        elif head == "Self":
            if self_type is None:
                return External(path)
            base = Def("struct", self_type.module, self_type.name)
        else:
            found = self._lookup(module, head, seen)
            if found is None and TypeKey(module.path, head) in self.local_types:
                found = Def("type", module.path, head)  # macro-made, but has inherent impls here
            if found is None:
                return External(path)
            base = found
        for index, segment in enumerate(rest):
            if isinstance(base, External):
                return External(base.path + rest[index:])
            if isinstance(base, ModuleRef):
                if segment == "super":
                    base = ModuleRef(base.module.parent or base.module)
                    continue
                if segment == "self":
                    continue
                found = self._lookup(base.module, segment, seen)
                # a name no source item spells (derive- or macro-made, like sea-orm's
                # `Entity`) still keys the impls written for it in that module
                base = found or Def("type", base.module.path, segment)
                continue
            if isinstance(base, Def):
                key = self.canonical(TypeKey(base.module, base.name))
                base = Assoc(key, base.kind, segment)
                continue
            return External(path)  # `Type::item::more`: not a path tracing follows
        return base

    def _lookup(self, module: Module, name: str, seen: set[Any]) -> Target | None:
        marker = (id(module), name)
        if marker in seen:
            return None
        seen = seen | {marker}
        if name in module.children:
            return ModuleRef(module.children[name])
        if name in module.defs:
            return Def(module.defs[name], module.path, name)
        if name in module.uses:
            return self._resolve(module, module.uses[name], None, seen)
        for glob in module.globs:
            target = self._resolve(module, glob, None, seen)
            if isinstance(target, ModuleRef):
                found = self._lookup(target.module, name, seen)
                if found is not None:
                    return found
        return None

    def canonical(self, key: TypeKey) -> TypeKey:
        """Follow crate type aliases (`type Foo = Bar;`) to the type they name."""
        for _ in range(8):
            alias = self.aliases.get(key)
            if alias is None:
                return key
            target = self.resolve(alias.module, alias.path)
            if not isinstance(target, Def):
                return key
            key = TypeKey(target.module, target.name)
        return key

    def type_key(self, ty: Ty, self_type: TypeKey | None = None) -> TypeKey | External | None:
        """The crate type a written type names, External when it is not the crate's."""
        target = self.resolve(ty.module, ty.path, self_type)
        if isinstance(target, Def):
            return self.canonical(TypeKey(target.module, target.name))
        if isinstance(target, External):
            return target
        return None

    def module_of_path(self, path: Segments) -> Module | None:
        module = self.root
        for segment in path:
            if module is None:
                return None
            module = module.children.get(segment)
        return module


# ---- building -------------------------------------------------------------------------


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


class _Builder:
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
                self.struct_fields(module, node)
                self.derive_names(module, node)
            elif kind == "enum_item":
                self.enum_variants(module, node)
                self.derive_names(module, node)
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

    def struct_fields(self, module: Module, node: Node) -> None:
        body = node.child_by_field_name("body")
        if body is None or body.type != "field_declaration_list":
            return
        key = TypeKey(module.path, node_text(node.child_by_field_name("name")))
        table = self.crate.fields.setdefault(key, {})
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
                    self.crate.field_attrs.setdefault(key, []).append((node_text(name), tuple(attrs)))
                attrs = []

    def enum_variants(self, module: Module, node: Node) -> None:
        body = node.child_by_field_name("body")
        key = TypeKey(module.path, node_text(node.child_by_field_name("name")))
        table = self.crate.variants.setdefault(key, {})
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

    def derive_names(self, module: Module, node: Node) -> None:
        names: list[str] = []
        for prev in above(node):
            found = re.match(r"#\[\s*derive\s*\(([^)]*)\)\s*\]", node_text(prev), re.DOTALL)
            if found:
                names.extend(n.strip().split("::")[-1] for n in found.group(1).split(",") if n.strip())
        if names:
            key = TypeKey(module.path, node_text(node.child_by_field_name("name")))
            self.crate.derives[key] = tuple(names)

    def function(
        self,
        module: Module,
        node: Node,
        owner: TypeKey | None,
        trait: str | None,
        in_trait: bool,
        impl_node: Node | None,
        generics: set[str],
    ) -> None:
        name = node_text(node.child_by_field_name("name"))
        generics = generics | _generic_names(node.child_by_field_name("type_parameters"))
        fn = FnDef(module.file, name, node, module, owner, trait, in_trait, impl_node, frozenset(generics))
        self.crate.functions.setdefault(module.file, []).append(fn)
        if owner is None:
            self.crate.free_fns.setdefault((module.path, name), fn)
            return
        self.crate.methods.setdefault(owner, {}).setdefault(name, []).append(fn)
        self.crate.methods_by_name.setdefault(name, []).append(fn)

    def finish(self) -> Crate:
        crate = self.crate
        for module, node in self.traits:
            name = node_text(node.child_by_field_name("name"))
            key = TypeKey(module.path, name)
            for enum in _enum_dispatch_targets(node):
                target = crate.resolve(module, (enum,))
                if isinstance(target, Def):
                    enum_key = TypeKey(target.module, target.name)
                    crate.trait_impls.setdefault(enum_key, set()).add(name)
                    crate.enum_dispatch.setdefault(enum_key, []).append(key)
            generics = _generic_names(node.child_by_field_name("type_parameters"))
            body = node.child_by_field_name("body")
            for child in body.named_children if body is not None else []:
                if child.type in ("function_item", "function_signature_item"):
                    method = node_text(child.child_by_field_name("name"))
                    crate.trait_methods.setdefault(method, []).append(key)
                    if child.type == "function_item":
                        self.function(module, child, key, name, True, node, generics | {"Self"})
                        default = crate.functions[module.file][-1]
                        crate.trait_defaults.setdefault((name, method), default)
                        crate.trait_bodies.setdefault(key, {})[method] = default
        for module, node in self.impls:  # impls name the crate's types, macro-made ones too
            ty = parse_type(node.child_by_field_name("type"), module)
            if ty is None or len(ty.path) != 1 or crate.resolve(module, ty.path) != External(ty.path):
                continue
            # a name neither defined, imported nor std's is made by a macro in this module
            # (sea-orm's `ActiveModel`): its trait impls key it too
            if node.child_by_field_name("trait") is None or ty.path[0] not in _STD_NAMES:
                crate.local_types.add(TypeKey(module.path, ty.path[0]))
        for module, node in self.impls:
            ty = parse_type(node.child_by_field_name("type"), module)
            if ty is None:
                continue
            generics = _generic_names(node.child_by_field_name("type_parameters"))
            target = crate.resolve(module, ty.path)
            if isinstance(target, Def):
                owner = crate.canonical(TypeKey(target.module, target.name))
            else:
                owner = self.foreign_key(ty)  # an impl for a foreign type
            trait_node = node.child_by_field_name("trait")
            trait = None
            if trait_node is not None:
                trait_path = type_segments(trait_node)
                trait = trait_path[-1] if trait_path else node_text(trait_node)
                crate.trait_impls.setdefault(owner, set()).add(trait)
                source = parse_type(trait_node, module) if trait == "From" else None
                source_key = crate.resolve(module, source.args[0].path) if source and source.args else None
                from_key = self.receiver_key(source.args[0]) if source and source.args else None
            else:
                source_key = from_key = None
            body = node.child_by_field_name("body")
            written = set()
            for child in body.named_children if body is not None else []:
                if child.type == "function_item":
                    written.add(node_text(child.child_by_field_name("name")))
                    self.function(module, child, owner, trait, False, node, generics)
                    fn = crate.functions[module.file][-1]
                    if isinstance(source_key, Def):
                        key = crate.canonical(TypeKey(source_key.module, source_key.name))
                        crate.conversions.setdefault(key, []).append(fn)
                    if from_key is not None and fn.name == "from":
                        crate.from_impls.append((from_key, owner, fn))
                    if trait == "Service" and fn.name == "call":
                        crate.services.setdefault(owner, []).append(fn)
                elif child.type == "type_item" and trait_node is not None:
                    assoc = parse_type(child.child_by_field_name("type"), module)
                    if assoc is not None:
                        crate.assoc_types[(owner, node_text(child.child_by_field_name("name")))] = assoc
            if trait_node is not None:  # the trait's default bodies the impl does not override
                trait_target = crate.resolve(module, type_segments(trait_node) or ())
                if isinstance(trait_target, Def) and trait_target.kind == "trait":
                    defaults = crate.trait_bodies.get(TypeKey(trait_target.module, trait_target.name), {})
                    for method, default in defaults.items():
                        if method not in written:
                            crate.methods.setdefault(owner, {}).setdefault(method, []).append(default)
        crate.fn_names = frozenset({name for (_, name) in crate.free_fns} | set(crate.methods_by_name))
        crate.memo = {}
        return crate

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


def foreign_key(crate: Crate, ty: Ty) -> TypeKey:
    """The key of a type the crate does not define (`?::Select<db::models::message::Entity>`)."""
    name = ty.path[-1]
    arg = ty.arg(0)
    if arg is not None:
        target = crate.resolve(arg.module, arg.path)
        if isinstance(target, Def):
            name += f"<{crate.canonical(TypeKey(target.module, target.name))}>"
    return TypeKey(("?",), name)


_STD_NAMES = STD_TYPES | PRIMITIVE_TYPES


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


def crate_files(crate_dir: Path) -> list[str]:
    """Every `.rs` file under the crate root, relative to it and sorted; symlinks left out."""
    return sorted(
        p.relative_to(crate_dir).as_posix()
        for p in crate_dir.rglob("*.rs")
        if p.is_file() and not p.is_symlink()
    )


def file_module_path(file: str) -> Segments:
    """The module a file's place makes it: `a/b.rs` and `a/b/mod.rs` are `a::b`, a top-level
    `main.rs` or `lib.rs` is the crate root."""
    pure = PurePosixPath(file)
    if pure.name == "mod.rs":
        return tuple(pure.parent.parts)
    if pure.name in ("main.rs", "lib.rs") and len(pure.parts) == 1:
        return ()
    return tuple(pure.with_suffix("").parts)


def build_crate(crate_dir: Path, read: Callable[[str], bytes]) -> Crate:
    """Index the crate under `crate_dir`; `read(file)` returns a crate file's bytes."""
    files = crate_files(crate_dir)
    builder = _Builder(read, files, crate_ident(crate_dir))
    root_file = next((f for f in ("lib.rs", "main.rs") if f in files), None)
    if root_file is not None:
        builder.crate.root = builder.add_file_module(root_file, (), None, False)
    for file in files:  # binaries beside the library, and files no module declares
        if file in builder.crate.by_file:
            continue
        # a top-level lib.rs is the root module above, so only main.rs can be left at the root
        builder.add_file_module(file, file_module_path(file), builder.crate.root, True)
    return builder.finish()
