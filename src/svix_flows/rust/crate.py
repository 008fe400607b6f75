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

This module holds the index and its resolution; `crate_builder.build_crate` builds it (with `crate_impls`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .syntax import Node, node_text

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


Named = ModuleRef | Def | External | Assoc


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
    fields: dict[TypeKey, dict[str, Ty]] = field(default_factory=dict)  # those whose type is read
    field_names: dict[TypeKey, tuple[str, ...]] = field(default_factory=dict)  # every named field
    field_lines: dict[tuple[TypeKey, str], tuple[str, int]] = field(default_factory=dict)  # file, line
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
    memo: dict[tuple[int, Segments, TypeKey | None], Named] | None = field(default=None, repr=False)
    skipped: list[str] = field(default_factory=list)  # files left out, each with why
    self_name: str | None = None
    root: Module | None = None

    # ---- resolution ------------------------------------------------------------------

    def resolve(self, module: Module, path: Segments, self_type: TypeKey | None = None) -> Named:
        """What `path`, written in `module`, names."""
        if self.memo is None:
            return self._resolve(module, path, self_type, set())
        key = (id(module), path, self_type)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._resolve(module, path, self_type, set())
        return found

    def _resolve(
        self, module: Module, path: Segments, self_type: TypeKey | None, seen: set[tuple[int, str]]
    ) -> Named:
        if not path:
            return ModuleRef(module)
        base = self._head(module, path, self_type, seen)
        if base is None:
            return External(path)
        rest = path[1:]
        for index, segment in enumerate(rest):
            if isinstance(base, External):
                return External(base.path + rest[index:])
            if isinstance(base, ModuleRef):
                base = self._in_module(base, segment, seen)
                continue
            if isinstance(base, Def):
                key = self.canonical(TypeKey(base.module, base.name))
                base = Assoc(key, base.kind, segment)
                continue
            return External(path)  # `Type::item::more`: not a path tracing follows
        return base

    def _head(
        self, module: Module, path: Segments, self_type: TypeKey | None, seen: set[tuple[int, str]]
    ) -> Named | None:
        """What a path's first segment names in `module`; None when nothing of the crate does."""
        head = path[0]
        if head == "crate" or (head == self.self_name and head not in module.defs):
            return ModuleRef(self.root or module.root)
        if head == "self":
            return ModuleRef(module)
        if head == "super":
            return ModuleRef(module.parent or module)
        if head == "Self":
            if self_type is None:
                return None
            return Def("struct", self_type.module, self_type.name)
        found = self._lookup(module, head, seen)
        if found is None and TypeKey(module.path, head) in self.local_types:
            found = Def("type", module.path, head)  # macro-made, but has inherent impls here
        return found

    def _in_module(self, base: ModuleRef, segment: str, seen: set[tuple[int, str]]) -> Named:
        if segment == "super":
            return ModuleRef(base.module.parent or base.module)
        if segment == "self":
            return base
        found = self._lookup(base.module, segment, seen)
        # a name no source item spells (derive- or macro-made, like sea-orm's
        # `Entity`) still keys the impls written for it in that module
        return found or Def("type", base.module.path, segment)

    def _lookup(self, module: Module, name: str, seen: set[tuple[int, str]]) -> Named | None:
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


def foreign_key(crate: Crate, ty: Ty) -> TypeKey:
    """The key of a type the crate does not define (`?::Select<db::models::message::Entity>`)."""
    name = ty.path[-1]
    arg = ty.arg(0)
    if arg is not None:
        target = crate.resolve(arg.module, arg.path)
        if isinstance(target, Def):
            name += f"<{crate.canonical(TypeKey(target.module, target.name))}>"
    return TypeKey(("?",), name)


def file_module_path(file: str) -> Segments:
    """The module a file's place makes it: `a/b.rs` and `a/b/mod.rs` are `a::b`, a top-level
    `main.rs` or `lib.rs` is the crate root."""
    pure = PurePosixPath(file)
    if pure.name == "mod.rs":
        return tuple(pure.parent.parts)
    if pure.name in ("main.rs", "lib.rs") and len(pure.parts) == 1:
        return ()
    return tuple(pure.with_suffix("").parts)
