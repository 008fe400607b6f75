"""Crate-wide facts the trace rules need beyond plain calls, all read from the syntax.

- the queue: the message enum its producer and consumer type aliases fix
  (`type TaskQueueProducer = SvixOmniProducer<QueueTask>`), and the consumers: functions
  that take that enum by value in a file that calls `receive_all` and `match` its variants;
- the crate's own derive macros (a path dependency's `#[proc_macro_derive]`): which
  `From` impl each generates and which hand-written methods that impl calls;
- what external crates are known to do with the crate's types (sea-orm's `Default` for an
  `ActiveModel` runs `ActiveModelBehavior::new`, its `update`/`insert`/`save` run the
  `before_save` hooks; a call handed a sea-orm connection fails with `DbErr`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..crate import Assoc, Crate, Def, FnDef, Module, Ty, TypeKey, parse_type, type_segments
from ..syntax import Node, above, node_text, parse

# what an external crate's `Default` of a type runs, by a trait the crate implements for it
DEFAULT_RUNS = {"ActiveModelBehavior": "new"}
# methods an external crate provides on types implementing its trait, and the crate's own
# methods of that trait they run: sea-orm's `ActiveModel::update(db)` runs `before_save`
_SAVE_HOOKS = ("before_save", "after_save")
HOOKS = {
    "ActiveModelBehavior": {
        "insert": _SAVE_HOOKS,
        "update": _SAVE_HOOKS,
        "save": _SAVE_HOOKS,
        "delete": ("before_delete", "after_delete"),
    }
}
# external traits whose methods an external crate calls on a value of the crate's type that
# one of its methods is handed: trait -> (the external methods that take such a value, the
# trait methods they call). tower-http's `TraceLayer::…make_span_with(x)` calls
# `x.make_span`; redis's `pipe.query_async(conn)` sends through `conn.req_packed_commands`
HANDED_TRAITS = {
    "MakeSpan": (("make_span_with",), ("make_span",)),
    "OnRequest": (("on_request",), ("on_request",)),
    "OnResponse": (("on_response",), ("on_response",)),
    "OnFailure": (("on_failure",), ("on_failure",)),
    "OnBodyChunk": (("on_body_chunk",), ("on_body_chunk",)),
    "OnEos": (("on_eos",), ("on_eos",)),
    "ConnectionLike": (
        ("query_async", "exec_async", "invoke_async"),
        ("req_packed_command", "req_packed_commands"),
    ),
}
# sea-orm: a `Select<Entity>`'s executors decode rows into the `Model` whose
# `#[derive(DeriveEntityModel)]` makes that `Entity`, through each field type's `TryGetable`
ROW_READS = frozenset({"one", "all", "stream"})
ENTITY_DERIVE, ROW_DECODE = "DeriveEntityModel", ("TryGetable", ("try_get", "try_get_by"))
# a call that is handed one of these (sea-orm connections) returns this error type
CONNECTION_ERRORS = {"DatabaseConnection": "DbErr", "DatabaseTransaction": "DbErr"}


@dataclass
class QueueModel:
    """The queue's message enum, its producer types and the consumer arm of each variant."""

    message: TypeKey
    producers: set[TypeKey] = field(default_factory=set)
    consumers: dict[str, list[tuple[FnDef, int]]] = field(default_factory=dict)  # variant -> arms


@dataclass(frozen=True)
class DeriveConversion:
    """`#[derive(Name)]` of the crate's own macro: `impl From<T> for <T as trait>::assoc`."""

    name: str
    trait: str
    assoc: str
    calls: tuple[str, ...]  # methods the impl calls on its argument (`update_model`)
    default: bool  # the impl builds its result with `Default::default()`


def queue_model(crate: Crate, read: Callable[[str], bytes]) -> QueueModel | None:
    """The queue as the crate's type aliases fix it, or None when the crate has none."""
    model: QueueModel | None = None
    has_consumer = False
    for ty in crate.aliases.values():
        if len(ty.args) != 1:
            continue
        generic, message = crate.type_key(ty), crate.type_key(ty.args[0])
        if not isinstance(generic, TypeKey) or not isinstance(message, TypeKey):
            continue
        if message not in crate.variants:
            continue
        methods = crate.methods.get(generic, {})
        if "send" in methods:
            model = model or QueueModel(message)
            if model.message == message:
                model.producers.add(generic)
        if "receive_all" in methods:
            has_consumer = True
    if model is None or not has_consumer:
        return model
    for file, fns in crate.functions.items():
        if b"receive_all(" not in read(file):
            continue
        for fn in fns:
            for name in _params_of_type(crate, fn, model.message):
                for variant, line in _matched_variants(crate, fn, name, model.message):
                    model.consumers.setdefault(variant, []).append((fn, line))
    return model


def _params_of_type(crate: Crate, fn: FnDef, key: TypeKey) -> list[str]:
    """Names of the parameters that take `key` by value."""
    names = []
    parameters = fn.node.child_by_field_name("parameters")
    for child in parameters.named_children if parameters is not None else []:
        if child.type != "parameter":
            continue
        type_node, pattern = child.child_by_field_name("type"), child.child_by_field_name("pattern")
        if type_node is None or type_node.type == "reference_type" or pattern is None:
            continue
        ty = parse_type(type_node, fn.module)
        if ty is not None and crate.type_key(ty) == key and pattern.type == "identifier":
            names.append(node_text(pattern))
    return names


def _matched_variants(crate: Crate, fn: FnDef, name: str, key: TypeKey) -> list[tuple[str, int]]:
    found = []
    for match in _descendants(fn.node.child_by_field_name("body"), "match_expression"):
        value = match.child_by_field_name("value")
        if value is None or node_text(value) != name:
            continue
        for arm in _descendants(match.child_by_field_name("body"), "match_arm"):
            variant = arm_variant(crate, fn, arm.child_by_field_name("pattern"))
            if variant is not None and variant[0] == key:
                found.append((variant[1], arm.start_point.row + 1))
    return found


def arm_variant(
    crate: Crate, fn: FnDef, pattern: Node | None, self_type: TypeKey | None = None
) -> tuple[TypeKey, str] | None:
    """The enum and variant a match-arm pattern names (`QueueTask::MessageV1(task)`)."""
    if pattern is not None and pattern.type == "match_pattern":
        pattern = pattern.named_children[0] if pattern.named_children else None
    if pattern is None:
        return None
    path_node = (
        pattern.child_by_field_name("type")
        if pattern.type in ("tuple_struct_pattern", "struct_pattern")
        else pattern
    )
    segments = type_segments(path_node)
    if not segments or len(segments) < 2:
        return None
    found = crate.resolve(fn.module, segments, self_type or (fn.owner if not fn.in_trait else None))
    if isinstance(found, Assoc) and found.name in crate.variants.get(found.owner, {}):
        return found.owner, found.name
    return None


def _descendants(node: Node | None, kind: str) -> list[Node]:
    found, stack = [], [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.type == kind:
            found.append(current)
        stack.extend(reversed(current.named_children))
    return found


def returned_variants(crate: Crate, fn: FnDef, key: TypeKey) -> list[str]:
    """Variants of `key` a function body builds (`QueueTask::MessageV1(Self { … })`)."""
    found = []
    body = fn.node.child_by_field_name("body")
    self_type = fn.owner if not fn.in_trait else None
    for kind in ("call_expression", "scoped_identifier"):
        for node in _descendants(body, kind):
            target = node.child_by_field_name("function") if kind == "call_expression" else node
            segments = type_segments(target)
            if not segments or len(segments) < 2:
                continue
            resolved = crate.resolve(fn.module, segments, self_type)
            if (
                isinstance(resolved, Assoc)
                and resolved.owner == key
                and resolved.name in crate.variants.get(key, {})
            ):
                found.append(resolved.name)
    return list(dict.fromkeys(found))


def derive_conversions(crate_dir: Path) -> dict[str, DeriveConversion]:
    """The `From` impls the crate's own derive macros (path dependencies) generate."""
    try:
        manifest = tomllib.loads((crate_dir.parent / "Cargo.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    found: dict[str, DeriveConversion] = {}
    for spec in manifest.get("dependencies", {}).values():
        if not isinstance(spec, dict) or not isinstance(spec.get("path"), str):
            continue
        lib = crate_dir.parent / spec["path"] / "src" / "lib.rs"
        try:
            source = lib.read_bytes()
        except OSError:
            continue
        for conversion in _derives_in(parse(source).root_node):
            found[conversion.name] = conversion
    return found


_FROM_IMPL = re.compile(
    r"impl\s*From\s*<\s*#\s*(\w+)\s*>\s*for\s*<\s*#\s*\w+\s+as\s+([\w:\s]+?)\s*>\s*::\s*(\w+)"
)


def _derives_in(root: Node) -> list[DeriveConversion]:
    found = []
    for fn in _descendants(root, "function_item"):
        name = None
        for prev in above(fn):
            match = re.match(r"#\[\s*proc_macro_derive\s*\(\s*(\w+)", node_text(prev))
            if match:
                name = match.group(1)
        if name is None:
            continue
        text = node_text(fn)
        impl = _FROM_IMPL.search(text)
        if impl is None:
            continue
        argument = re.search(r"fn\s+from\s*\(\s*(\w+)\s*:", text[impl.end() :])
        calls: tuple[str, ...] = ()
        if argument is not None:
            calls = tuple(
                dict.fromkeys(re.findall(rf"\b{argument.group(1)}\s*\.\s*(\w+)\s*\(", text[impl.end() :]))
            )
        trait = impl.group(2).replace(" ", "").split("::")[-1]
        found.append(
            DeriveConversion(name, trait, impl.group(3), calls, "Default::default()" in text.replace(" ", ""))
        )
    return found


def handed_callbacks(crate: Crate, key: TypeKey, taker: str) -> list[FnDef]:
    """The methods of `key`'s impls of HANDED_TRAITS (external traits: a crate trait of the same
    name does not count) that the external method `taker`, handed a `key` value, calls."""
    own = {trait.name for traits in crate.trait_methods.values() for trait in traits}
    return [
        fn
        for methods in crate.methods.get(key, {}).values()
        for fn in methods
        if fn.trait in HANDED_TRAITS
        and fn.trait not in own
        and not fn.in_trait
        and taker in HANDED_TRAITS[fn.trait][0]
        and fn.name in HANDED_TRAITS[fn.trait][1]
    ]


def service_types(crate: Crate, ty: Ty | None, depth: int = 0) -> list[TypeKey]:
    """The crate's `impl Service` types a written type names, through generic arguments and
    the crate's type aliases (`Client<SvixHttpsConnector, _>`, `HttpConnector<NonLocalDnsResolver>`)."""
    if ty is None or depth > 6:
        return []
    found: list[TypeKey] = []
    key = crate.type_key(ty)
    if isinstance(key, TypeKey):
        if key in crate.services:
            return [key]
        alias = crate.aliases.get(key)
        if alias is not None:
            found.extend(service_types(crate, alias, depth + 1))
    for arg in ty.args:
        found.extend(service_types(crate, arg, depth + 1))
    return list(dict.fromkeys(found))


# ---- serde and validator: code that runs when a type is (de)serialised or validated ----

DESERIALIZE, SERIALIZE, VALIDATE = "deserialize", "serialize", "validate"
_HOOK_TRAITS = {DESERIALIZE: "Deserialize", SERIALIZE: "Serialize", VALIDATE: "Validate"}
_SERDE_VALUE = re.compile(r'\b(deserialize_with|serialize_with|with)\s*=\s*"([^"]+)"')
_VALIDATE_CUSTOM = re.compile(r'\bcustom\s*(?:=\s*"([^"]+)"|\(\s*function\s*=\s*"([^"]+)")')
_SERDE_SKIP = {
    DESERIALIZE: re.compile(r"\bskip(_deserializing)?\b"),
    SERIALIZE: re.compile(r"\bskip(_serializing)?\b"),
}


def type_keys(crate: Crate, ty: Ty | None, limit: int = 12) -> list[TypeKey]:
    """The crate types a written type names, itself and its generic arguments
    (`Pagination<ReversibleIterator<MessageId>>` names all three)."""
    found: list[TypeKey] = []
    pending = [ty] if ty is not None else []
    while pending and len(found) < limit:
        current = pending.pop(0)
        pending.extend(current.args)
        key = crate.type_key(current)
        if isinstance(key, TypeKey):
            key = crate.canonical(key)
            if key not in found:
                found.append(key)
    return found


def serde_hooks(crate: Crate, roots: list[TypeKey], mode: str) -> list[tuple[FnDef, str]]:
    """The crate functions serde (`mode` deserialize/serialize) or validator (`validate`) runs
    for values of `roots`: hand-written `impl Deserialize/Serialize/Validate`, field attributes
    `#[serde(deserialize_with|serialize_with|with = "…")]` and `#[validate(custom(function =
    "…"))]`; serde goes on into every field's type, validator only into `#[validate(nested)]`."""
    found: list[tuple[FnDef, str]] = []
    seen: set[TypeKey] = set()
    pending = list(roots)
    trait = _HOOK_TRAITS[mode]
    while pending and len(seen) < 64:
        key = pending.pop(0)
        if key in seen:
            continue
        seen.add(key)
        for fn in crate.methods.get(key, {}).get(mode, []):
            if fn.trait == trait and not fn.in_trait:
                found.append((fn, f"impl {trait} for {key.name}"))
        module = crate.module_of_path(key.module)
        attrs = dict(crate.field_attrs.get(key, []))
        for name, ty in crate.fields.get(key, {}).items():
            where = f"{key.name}.{name}"
            if _field_hooks(crate, module, attrs.get(name, ()), mode, where, found):
                pending.extend(type_keys(crate, ty))
        if mode != VALIDATE:
            for variant in crate.variants.get(key, {}).values():
                for ty in variant.tuple_fields + tuple(t for _, t in variant.named_fields):
                    pending.extend(type_keys(crate, ty))
    unique: dict[int, tuple[FnDef, str]] = {}
    for fn, via in found:
        unique.setdefault(id(fn), (fn, via))
    return list(unique.values())


def _field_hooks(
    crate: Crate,
    module: Module | None,
    texts: tuple[str, ...],
    mode: str,
    where: str,
    found: list[tuple[FnDef, str]],
) -> bool:
    """Add the hooks a field's attributes name for `mode` to `found`; whether serde or
    validator goes on into the field's type."""
    follow = mode != VALIDATE
    for text in texts:
        if text.startswith("#[serde") and mode != VALIDATE:
            if _SERDE_SKIP[mode].search(text):
                follow = False
            for attr, written in _SERDE_VALUE.findall(text):
                if attr != "with" and attr != f"{mode}_with":
                    continue
                hooked = _function_at(crate, module, f"{written}::{mode}" if attr == "with" else written)
                if hooked is not None:
                    found.append((hooked, f'#[serde({attr} = "{written}")] on {where}'))
        elif text.startswith("#[validate") and mode == VALIDATE:
            follow = follow or "nested" in text
            for plain, function in _VALIDATE_CUSTOM.findall(text):
                path = plain or function
                hooked = _function_at(crate, module, path)
                if hooked is not None:
                    found.append((hooked, f'#[validate(custom = "{path}")] on {where}'))
    return follow


def field_origins(crate: Crate, key: TypeKey, name: str) -> list[tuple[FnDef, str]]:
    """The crate functions a struct field's value comes from: its
    `#[serde(deserialize_with = "f")]` (also among other keys: `rename`, `default`) and its
    `#[validate(custom(function = "f"))]`; none for a field without either attribute."""
    module = crate.module_of_path(key.module)
    found: list[tuple[FnDef, str]] = []
    for field_name, texts in crate.field_attrs.get(key, []):
        if field_name != name:
            continue
        for text in texts:
            if text.startswith("#[serde"):
                paths = [
                    written for attr, written in _SERDE_VALUE.findall(text) if attr == "deserialize_with"
                ]
                shown = '#[serde(deserialize_with = "{}")]'
            elif text.startswith("#[validate"):
                paths = [plain or function for plain, function in _VALIDATE_CUSTOM.findall(text)]
                shown = '#[validate(custom(function = "{}"))]'
            else:
                continue
            for path in paths:
                hooked = _function_at(crate, module, path)
                if hooked is not None:
                    found.append((hooked, f"{shown.format(path)} on {key.name}.{name}"))
    return found


def _function_at(crate: Crate, module: Module | None, path: str) -> FnDef | None:
    """The crate function an attribute's path string names, from the struct's module."""
    if module is None:
        return None
    segments = tuple(part for part in path.split("::") if part)
    found = crate.resolve(module, segments)
    if isinstance(found, Assoc):
        methods = crate.methods.get(found.owner, {}).get(found.name, [])
        return methods[0] if len(methods) == 1 else None
    if isinstance(found, Def) and found.kind == "fn":
        return crate.free_fns.get((found.module, found.name))
    return None
