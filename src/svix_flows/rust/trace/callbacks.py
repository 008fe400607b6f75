"""Rule: callbacks, the crate code an external crate calls back: an `impl Service` behind a
client, an external trait's provided method running the crate's hooks, a crate value handed to
an external method that calls its trait methods, sea-orm decoding a row into a `Model`.

Part of `trace` (see `rust/trace/__init__.py`): rule functions over a `calls.Body`.
"""

from __future__ import annotations

from ..crate import Def, Ty, TypeKey, type_segments
from ..syntax import Node, node_text
from .base import BodyBase, peeled
from .model import CALLBACK, EXTERNAL, Call, Edge
from .rules import ENTITY_DERIVE, HOOKS, ROW_DECODE, ROW_READS, handed_callbacks, service_types


def callback_of(body: BodyBase, ty: Ty | None, what: str) -> list[Edge]:
    """A call on an external value whose type holds a crate `impl Service` type: its `call`."""
    found = []
    for service in service_types(body.crate, ty):
        for fn in body.crate.services[service]:
            found.append(Edge(fn, None, CALLBACK, f"{what} on a client of {service.name}"))
    return found


def external_hooks(body: BodyBase, owner: TypeKey, name: str) -> list[Edge]:
    """An external trait's provided method on a crate type that runs the crate's hooks."""
    found = []
    for trait, provided in HOOKS.items():
        if name not in provided or trait not in body.crate.trait_impls.get(owner, set()):
            continue
        for hook in provided[name]:
            for fn in body.crate.methods.get(owner, {}).get(hook, []):
                if fn.trait == trait:
                    found.append(Edge(fn, None, CALLBACK, f"{trait}'s `{name}` runs {owner.name}::{hook}"))
    return found


def row_decode(body: BodyBase, node: Node, call: Call) -> Call | None:
    """`query.one(db)` on a `Select<Entity>` (a declared type): sea-orm decodes each row into
    the entity's `Model`, running the crate's `TryGetable` of each of its field types."""
    callee = node.child_by_field_name("function")
    if call.targets or callee is None or callee.type != "field_expression":
        return None
    if node_text(callee.child_by_field_name("field")) not in ROW_READS:
        return None
    select = peeled(body.env.infer(callee.child_by_field_name("value"), node.start_byte))
    if select is None or select.path[-1] != "Select" or len(select.args) != 1:
        return None
    entity = select.args[0]
    model = body.crate.type_key(Ty(entity.path[:-1] + ("Model",), (), entity.module, "Model"))
    if not isinstance(model, TypeKey) or ENTITY_DERIVE not in body.crate.derives.get(model, ()):
        return None
    trait, methods = ROW_DECODE
    targets = []
    for field_name, ty in body.crate.fields.get(model, {}).items():
        ty = (ty.arg(0) or ty) if ty.path[-1] == "Option" and ty.args else ty
        key = body.crate.type_key(ty)
        if not isinstance(key, TypeKey):
            continue
        for method in methods:
            for fn in body.crate.methods.get(key, {}).get(method, []):
                if fn.trait == trait:
                    owner = "::".join(model.module[-1:] + ("Model",))
                    targets.append(
                        Edge(
                            fn,
                            None,
                            CALLBACK,
                            f"sea-orm's {call.text} decodes {owner}.{field_name}: {trait} for {key.name}",
                        )
                    )
    return call.site.expanded(targets, CALLBACK) if targets else None


def handed_over(body: BodyBase, node: Node, call: Call) -> list[Call]:
    """A crate `impl Service` value handed to an external constructor: it will run its `call`."""
    if call.targets or (call.reason != EXTERNAL and not call.unknown_receiver):
        return []
    arguments = node.child_by_field_name("arguments")
    callee = node.child_by_field_name("function")
    taker = node_text(callee).split(".")[-1].split("::")[-1].strip() if callee is not None else ""
    found = []
    for arg in arguments.named_children if arguments is not None else []:
        ty = body.env.infer(arg, node.start_byte)
        key = body.env.receiver_key(ty) if ty is not None else unit_value(body, arg)
        if isinstance(key, TypeKey) and key in body.crate.services:
            targets = [
                Edge(fn, None, CALLBACK, f"{key.name} handed to {call.detail or call.text}")
                for fn in body.crate.services[key]
            ]
            found.append(call.site.expanded(targets, CALLBACK))
        elif isinstance(key, TypeKey):
            targets = [
                Edge(
                    fn,
                    None,
                    CALLBACK,
                    f"{key.name} handed to `{taker}`, which calls its {fn.trait}::{fn.name}",
                )
                for fn in handed_callbacks(body.crate, key, taker)
            ]
            if targets:
                found.append(call.site.expanded(targets, CALLBACK))
    return found


def unit_value(body: BodyBase, node: Node) -> TypeKey | None:
    """A crate struct named as a value (`on_response(OnDone)`): a unit struct of that type."""
    if node.type not in ("identifier", "scoped_identifier"):
        return None
    segments = type_segments(node)
    if not segments or (len(segments) == 1 and body.env.bindings.is_local(segments[0], node.start_byte)):
        return None
    found = body.crate.resolve(body.fn.module, segments, body.self_type)
    return TypeKey(found.module, found.name) if isinstance(found, Def) and found.kind == "struct" else None
