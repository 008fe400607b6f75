"""The crate's names for the prose checks: every identifier, module, file, type and member.

The prose checks resolve the names a record's request and think block use against the crate at
the checkout (`CrateNames`). Everything here comes from the one Rust reader of this package:
items, inline modules and derives from each file's tree-sitter index (`items.FileIndex`), enum
variants, aliases and the members each type really has from the crate index (`crate.Crate`).
Only the words of the text (identifiers, `.name(` calls, `head::` paths) are read lexically:
they are what a name in prose may borrow, comments included.

The index is read once per process, and kept on disk beside the file indexes (`rust/cache.py`):
an entry is keyed by every crate file's path and bytes, the crate folder and a stamp of the code
that read it (this package's modules and the installed version), so a changed checkout or a new
svix-flows reads it afresh. A damaged entry is read afresh too, never an error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SourceError
from .words import ALIAS_WRAPPERS

if TYPE_CHECKING:  # members.py and crate.py load tree-sitter: not on the path of the prose checks
    from .checkout import Checkout, SourceFile
    from .crate import Crate, Ty, TypeKey
    from .members import Members

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A name the crate calls as a method or an associated item: `.name(`, `::name`.
_CALLED = re.compile(r"(?:\.|::)[ \t]*([A-Za-z_]\w*)")
# The first segment of a path the crate writes (`serde_json::to_vec`, `tokio::spawn`).
_DOTTED = re.compile(r"\.[ \t]*([A-Za-z_]\w*)[ \t]*(?:::<[^>]*>)?\(")
_HEAD = re.compile(r"\b([a-z_][a-z0-9_]*)::")
# `crud::create_endpoint_operation`: a module's item as the crate writes it (an item a macro
# defines is written so, though no file of the module spells it); found from its `::`, which
# the search jumps to, and the module read back from there
_ITEM_AFTER = re.compile(r"::([a-z_][a-z0-9_]*)\b(?!::)")
_MODULE_BEFORE = re.compile(r"[a-z_][a-z0-9_]*")


# a call through a type written bare, a turbofish between: `Query::<T>::from_request_parts(`
# (not `message::Entity::find(`, whose type the module path says)
_TYPE_CALL = re.compile(
    r"(?<![\w:])([A-Z][A-Za-z0-9]{0,60})(?:::<[^;{}()]{0,120}?>)?::([a-z_][a-z0-9_]{0,60})\s*\("
)


def _item_paths(text: str) -> set[str]:
    """The `module::item` paths of a text, both parts lower case, the item last in its path."""
    out = set()
    for match in _ITEM_AFTER.finditer(text):
        start = end = match.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        if _MODULE_BEFORE.fullmatch(text, start, end):
            out.add(f"{text[start:end]}::{match.group(1)}")
    return out


# the prefix of the environment variables a configuration reads: `Env::prefixed("SVIX_")`
_ENV_PREFIX = re.compile(r"\bprefixed\(\s*\"([A-Z][A-Z0-9_]{0,30}_)\"\s*\)")
# a struct's field: `pub app_id: AppId,` (attributes and comments are other lines)
_FIELD = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?([a-z_][a-z0-9_]*)\s*:(?!:)", re.MULTILINE)
# An item's first line in a record's code (never a doc comment's "the event type and …"): the
# name it defines. A record's code is a few spans, not a file: it is read by its item headers.
_DEFINED = re.compile(
    r"^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:(?:async|unsafe|const|extern(?:[ \t]+\"C\")?)[ \t]+)*"
    r"(?:fn|struct|enum|trait|type|union|const|static|mod|macro_rules!)[ \t]+([A-Za-z_]\w*)"
    r"|^[ \t]*(?:unsafe[ \t]+)?impl\b[^{;\n]*?\bfor[ \t]+([A-Za-z_]\w*)"
    r"|^[ \t]*(?:unsafe[ \t]+)?impl(?:<[^{\n]*?>)?[ \t]+([A-Za-z_]\w*)[ \t]*(?:<[^{\n]*>)?[ \t]*\{",
    re.MULTILINE,
)
_TYPE_KINDS = frozenset({"struct", "enum", "trait", "type", "union"})
# a struct whose one field is its own type parameter: `struct ValidatedJson<T>(pub T);`
_NEWTYPE = re.compile(
    r"struct\s+\w+\s*<\s*(?P<param>[A-Z]\w*)[^>]*>\s*\(\s*(?:pub(?:\([^)]*\))?\s+)?(?P=param)\s*\)"
)
MAX_SUGGESTED = 100  # a longer name gets no "nearest" names


def identifiers(text: str) -> list[str]:
    """The identifiers of a text of Rust, in order (keywords too)."""
    return IDENT.findall(text)


def defined_item_names(code: str) -> Iterable[str]:
    """The names the item headers of a record's code define (fn, struct, impl targets, …), in
    order, repeats kept."""
    for match in _DEFINED.finditer(code):
        name = match.group(1) or match.group(2) or match.group(3)
        if name:
            yield name


def first_defined_name(code: str) -> str | None:
    """The name the first item header of a record's code defines, if any."""
    return next(iter(defined_item_names(code)), None)


@dataclass(frozen=True)
class CrateNames:
    """What the crate at the checkout names: identifiers, modules, files, types and members."""

    words: frozenset[str]
    lowered: frozenset[str]
    files: frozenset[str]  # relative to the crate root
    modules: dict[tuple[str, ...], list[str]]  # module path → its files
    file_words: dict[str, frozenset[str]]
    types: dict[str, set[str]]  # crate-defined type or trait → names of its members
    methods: dict[str, set[str]]  # the same, the items of its impls and variants (to list them)
    open_types: frozenset[str]  # types with derives or trait impls: members may come from there
    aliases: dict[str, str]  # `type A = Arc<B>;` → B
    called: frozenset[str]  # names the crate calls as `.name(` or `::name`
    items: dict[str, list[str]]  # file → the names its items define
    owned: dict[str, dict[str, list[str]]]  # file → type or trait → its impl's or body's items there
    trait_items: frozenset[str]  # the items trait definitions declare (a default may give any type them)
    trait_owners: dict[str, list[str]]  # an item a trait declares → the traits that declare it
    entity_files: frozenset[str]  # files whose `Column` sea-orm derives from `Model` (see `owned`)
    implemented: frozenset[str]  # "Type:Trait" for each `impl Trait for Type`; "*:Trait" for a blanket impl
    dotted: frozenset[str]  # names the crate calls as methods, `.name(`
    crate_root: str
    skipped: tuple[str, ...] = ()
    # generic newtypes (`struct ValidatedJson<T>(pub T)`): a member said of one may be its value's
    wrappers: frozenset[str] = frozenset()
    # the prefixes of the environment variables its configuration reads (`SVIX_`)
    env_prefixes: frozenset[str] = frozenset()
    item_paths: frozenset[str] = frozenset()  # `module::item` as the crate writes it
    # `Type::function` as the crate calls it through a bare type (`Query::<T>::from_request_parts`
    # → `Query::from_request_parts`): a member the crate calls on a type of that name is real,
    # whichever type of the name it is
    type_calls: frozenset[str] = frozenset()
    members: dict[str, Members] = field(default_factory=dict)  # what each type really has
    heads: frozenset[str] = frozenset()  # first segments of the paths the crate writes

    @classmethod
    def of(cls, checkout: Checkout) -> CrateNames:
        """The checkout's names, read once per process (from the disk cache when it holds
        them): every record of a `rebuild` or a `validate` run, and every round of a `write`,
        share them."""
        key = str(checkout.crate_dir.resolve())
        if key not in _NAMES:
            _NAMES[key] = load_names(checkout)
        return _NAMES[key]

    @classmethod
    def read(cls, checkout: Checkout) -> CrateNames:
        """Every .rs file of the crate read once (an unreadable file is skipped and listed)."""
        from .checkout import crate_files
        from .trace.calls import crate_of

        builder = _NamesBuilder()
        for file in crate_files(checkout.crate_dir):
            builder.add_file(checkout, file)
        return builder.finish(checkout, crate_of(checkout))

    def to_data(self) -> tuple[Any, ...]:
        """Plain data for the disk cache (`marshal`)."""
        values = [getattr(self, f.name) for f in fields(self)]
        members = {name: (known.names, known.open) for name, known in self.members.items()}
        return (*values[:-2], members, values[-1])

    @classmethod
    def from_data(cls, data: Any) -> CrateNames:
        """The index back from `to_data`; a value of another shape is a ValueError."""
        from .members import Members

        try:
            *values, members, heads = data
            kinds = [f.type for f in fields(cls)][:-2]
            if len(values) != len(kinds) or not all(
                isinstance(value, _SHAPES[str(kind).split("[")[0]]) for value, kind in zip(values, kinds)
            ):
                raise ValueError("another shape")
            known = {name: Members(frozenset(own), bool(opened)) for name, (own, opened) in members.items()}
            names = [f.name for f in fields(cls)]
            return cls(**dict(zip(names, values)), members=known, heads=frozenset(heads))
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ValueError(f"not a crate name index: {exc}") from None

    def module(self, parts: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The crate modules a path prefix names: absolute, and as the tail of a module path
        (`redis::new_pair` written in queue/mod.rs is `queue::redis::new_pair`, beside a
        top-level `redis`), the absolute one first."""
        width = len(parts)
        tails = [path for path in self.modules if path[-width:] == parts and len(path) > width]
        return [parts, *tails] if parts in self.modules else tails

    def nearest(self, name: str, pool: Iterable[str] | None = None, count: int = 3) -> list[str]:
        """The real names closest to `name`, for "did you mean": same style (snake_case,
        CamelCase) first, and among close ones those that share its first word."""
        if len(name) > MAX_SUGGESTED:  # no real name is near it, and comparing costs its length
            return []
        candidates = list(pool) if pool is not None else list(self.words)
        same = [word for word in candidates if _style(word) == _style(name)]
        close = difflib.get_close_matches(name, same, n=count * 3, cutoff=0.55)
        if not close:
            close = difflib.get_close_matches(name, candidates, n=count * 3, cutoff=0.55)
        head = _first_word(name)
        close.sort(key=lambda word: _first_word(word) != head)  # stable: difflib's order kept
        return close[:count]


# what each field of a cache entry must be (`to_data` keeps the containers of the fields)
_SHAPES: dict[str, type] = {"frozenset": frozenset, "dict": dict, "str": str, "tuple": tuple}
_NAMES: dict[str, CrateNames] = {}  # crate folder → its names, one read per process


def _first_word(word: str) -> str:
    match = re.match(r"_*[A-Z]?[a-z0-9]*", word)
    return match.group().lower() if match else word.lower()


def _style(word: str) -> str:
    if word.isupper():
        return "screaming"
    if word[:1].isupper():
        return "camel"
    return "snake"


@dataclass
class _NamesBuilder:
    """The names of the crate's files gathered one file at a time, then finished with the
    crate index's variants, aliases and members."""

    words: set[str] = field(default_factory=set)
    file_words: dict[str, frozenset[str]] = field(default_factory=dict)
    env_prefixes: set[str] = field(default_factory=set)
    modules: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    methods: dict[str, set[str]] = field(default_factory=dict)
    open_types: set[str] = field(default_factory=set)
    called: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    item_paths: set[str] = field(default_factory=set)
    type_calls: set[str] = field(default_factory=set)
    items: dict[str, list[str]] = field(default_factory=dict)
    owned: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    trait_items: set[str] = field(default_factory=set)
    trait_owners: dict[str, list[str]] = field(default_factory=dict)
    implemented: set[str] = field(default_factory=set)
    dotted: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    wrappers: set[str] = field(default_factory=set)
    aliased: set[tuple[str, str]] = field(default_factory=set)  # (file, alias name)
    enums: set[tuple[str, str]] = field(default_factory=set)  # (file, enum name)
    entity_files: set[str] = field(default_factory=set)  # files whose `Column` a derive makes

    def add_file(self, checkout: Checkout, file: str) -> None:
        from .crate import file_module_path

        self.files.append(file)
        try:
            loaded = checkout.source_file(file)
        except SourceError:
            self.skipped.append(file)
            return
        text = "\n".join(loaded.lines)
        own = frozenset(IDENT.findall(text))
        self.words |= own
        self.file_words[file] = own
        self.called.update(_CALLED.findall(text))
        self.dotted.update(_DOTTED.findall(text))
        self.heads.update(_HEAD.findall(text))
        self.item_paths.update(_item_paths(text))
        self.type_calls.update(f"{owner}::{name}" for owner, name in _TYPE_CALL.findall(text))
        self.env_prefixes.update(_ENV_PREFIX.findall(text))
        self.items[file] = [
            item.symbol
            for item in loaded.index.items
            if "::" not in item.symbol and " " not in item.symbol and item.symbol != "tests"
        ]
        path = file_module_path(file)
        self.modules.setdefault(path, []).append(file)
        for item in loaded.index.items:
            if item.kind == "mod" and not item.header.endswith(";"):  # an inline `mod x { … }`
                self.modules.setdefault(path + (item.symbol.rsplit("::", 1)[-1],), []).append(file)
        self._types(loaded)

    def _types(self, loaded: SourceFile) -> None:
        """Types and traits of one file, with their members: the items of their impls, the
        words of their own body (fields, variants, trait items); the types that derives or
        trait impls open. An alias is kept for `finish`, which reads its target."""
        traits = {item.symbol for item in loaded.index.items if item.kind == "trait"}
        for item in loaded.index.items:
            symbol = item.symbol.rsplit("::", 1)
            if item.kind in _TYPE_KINDS and "::" not in item.symbol.removeprefix("impl "):
                body = "\n".join(loaded.lines[item.item_line - 1 : item.end_line])
                if item.kind == "type" and "=" in body:
                    self.aliased.add((loaded.file, item.symbol))
                    continue
                self.types.setdefault(item.symbol, set()).update(IDENT.findall(body))
                if item.kind == "struct":
                    self._struct(loaded.file, item.symbol, body)
                if item.kind == "enum":
                    self.methods.setdefault(item.symbol, set())
                    self.enums.add((loaded.file, item.symbol))
            elif item.kind == "impl":
                header = item.symbol
                if " for " in header:
                    target = IDENT.findall(header.rsplit(" for ", 1)[1])
                    if target:
                        self.open_types.add(target[0])
                    self._implements(header)
            elif len(symbol) == 2 and not item.symbol.startswith("impl "):
                owner, member = symbol
                owner = owner.rsplit("::", 1)[-1]
                self.types.setdefault(owner, set()).add(member)
                self.methods.setdefault(owner, set()).add(member)
                self.owned.setdefault(loaded.file, {}).setdefault(owner, []).append(member)
                if owner in traits:
                    self.trait_items.add(member)
                    self.trait_owners.setdefault(member, []).append(owner)
        for derive in loaded.index.derives:
            self.open_types.add(derive.type_name)
            if "DeriveEntityModel" in derive.traits:
                self._columns(loaded, derive.type_name)

    def _struct(self, file: str, symbol: str, body: str) -> None:
        """A struct's named fields, members of this module's type (a flattened one's are not all
        written here); a generic newtype is kept as a wrapper."""
        if _NEWTYPE.search(body):
            self.wrappers.add(symbol)
        if "{" in body and "flatten" not in body:
            fields = _FIELD.findall(body.split("{", 1)[1])
            self.owned.setdefault(file, {}).setdefault(symbol, []).extend(fields)

    def _columns(self, loaded: SourceFile, model: str) -> None:
        """sea-orm's `DeriveEntityModel` on a `Model` makes the file's `Column` enum: one
        variant per field, in CamelCase (`app_id` → `AppId`); kept as the file's `Column`."""
        item = next((i for i in loaded.index.items if i.symbol == model and i.kind == "struct"), None)
        if item is None:
            return
        body = "\n".join(loaded.lines[item.item_line - 1 : item.end_line])
        if "enum_name" in body:  # a variant renamed by an attribute: not read
            return
        names = _FIELD.findall(body.split("{", 1)[-1])
        variants = ["".join(part.capitalize() for part in name.split("_")) for name in names]
        self.owned.setdefault(loaded.file, {})["Column"] = variants
        self.owned[loaded.file].setdefault("ActiveModel", []).extend(names)  # derived with the same fields
        self.entity_files.add(loaded.file)

    def _implements(self, header: str) -> None:
        """`impl<T> Trait<X> for Select<Entity>` → "Select:Trait"; a target that is a generic
        parameter → "*:Trait" (any type may have the trait's items)."""
        head, target = header.rsplit(" for ", 1)
        generics = set(IDENT.findall(head.split(">", 1)[0])) if head.startswith("impl<") else set()
        trait_part = head[head.index(">") + 1 :] if head.startswith("impl<") else head.removeprefix("impl")
        trait = IDENT.findall(trait_part.split("<", 1)[0])
        if not trait:
            return
        names = IDENT.findall(target)
        if not names or names[0] in generics:
            self.implemented.add(f"*:{trait[-1]}")
            return
        self.implemented.add(f"{names[0]}:{trait[-1]}")  # `Select<Entity>`: Select implements it

    def finish(self, checkout: Checkout, crate: Crate) -> CrateNames:
        from .members import type_members

        aliases: dict[str, str] = {}
        for file, name in sorted(self.aliased):
            ty = crate.aliases.get(_key(crate, file, name))
            target = first_named(ty) if ty is not None else None
            if target is not None:
                aliases[name] = target
        for file, name in self.enums:
            self.methods[name].update(crate.variants.get(_key(crate, file, name), {}))
        for path in list(self.modules):  # a folder of module files is a module without a file of its own
            for width in range(1, len(path)):
                self.modules.setdefault(path[:width], [])
            self.words.update(path)  # a module is named by its path even where no file spells it
        return CrateNames(
            words=frozenset(self.words),
            lowered=frozenset(word.lower() for word in self.words),
            files=frozenset(self.files),
            modules=self.modules,
            file_words=self.file_words,
            types=self.types,
            methods=self.methods,
            open_types=frozenset(self.open_types),
            aliases=aliases,
            called=frozenset(self.called),
            items=self.items,
            owned=self.owned,
            trait_items=frozenset(self.trait_items),
            trait_owners=self.trait_owners,
            entity_files=frozenset(self.entity_files),
            implemented=frozenset(self.implemented),
            dotted=frozenset(self.dotted),
            crate_root=checkout.crate_root.strip("/"),
            skipped=tuple(self.skipped),
            wrappers=frozenset(self.wrappers),
            members=type_members(crate),
            heads=frozenset(self.heads),
            item_paths=frozenset(self.item_paths),
            env_prefixes=frozenset(self.env_prefixes),
            type_calls=frozenset(self.type_calls),
        )


def _key(crate: Crate, file: str, name: str) -> TypeKey:
    """The crate index's key of a type defined at the top level of a file."""
    from .crate import TypeKey

    module = crate.by_file.get(file)
    return TypeKey(module.path if module is not None else ("?",), name)


def first_named(ty: Ty) -> str | None:
    """The first capitalised segment of a type, its arguments in order, wrappers seen through."""
    for segment in ty.path:
        if segment[:1].isupper() and segment not in ALIAS_WRAPPERS:
            return str(segment)
    for arg in ty.args:
        found = first_named(arg)
        if found is not None:
            return found
    return None


# the disk cache ---------------------------------------------------------------------------------


def load_names(checkout: Checkout) -> CrateNames:
    """The checkout's names from the disk cache when an entry for these files is there, else
    read and stored. Any problem with the cache costs a read, never an error."""
    cache_dir = checkout.index_cache
    if cache_dir is None:
        return CrateNames.read(checkout)
    from ..cache import cached

    name = _entry_name(checkout)
    if name is None:
        return CrateNames.read(checkout)
    return cached(
        b"", cache_dir, name, lambda: CrateNames.read(checkout), CrateNames.to_data, CrateNames.from_data
    )


def _entry_name(checkout: Checkout) -> str | None:
    """The cache file name of the checkout's names: a digest of the crate (see
    `Checkout.digest`), the version and a stamp of the code that reads them."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    from ..cache import code_stamp
    from ..cache import entry_name as content_entry_name

    digest = checkout.digest()
    if digest is None:
        return None
    try:
        release = version("svix-flows")
    except PackageNotFoundError:
        release = "unknown"
    here = Path(__file__).parent
    stamp = code_stamp(*sorted(here.rglob("*.py")))
    stamp = hashlib.blake2b(f"{release}\0{stamp}".encode(), digest_size=8).hexdigest()
    return content_entry_name(digest, "names", stamp)
