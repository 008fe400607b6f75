"""Rule: serde and validator, the crate code they run for a value: axum's `Json`/`Query`/…
extractors and a crate extractor that deserialises or validates, a returned `Json<T>`, and
serde's own functions (`serde_json::from_str`, `to_string`, figment's `extract`).

Part of `trace` (see `rust/trace/__init__.py`): rule functions over a `calls.Body`; the hooks of a type
(`deserialize_with`, `#[validate(custom)]`, hand-written impls) are found by `rules.serde_hooks`.
"""

from __future__ import annotations

import re

from ..crate import External, Ty, TypeKey, parse_type
from ..syntax import Node, node_text
from ..words import SERDE_CRATES
from .base import EXTRACTORS, BodyBase, std_path
from .model import SERDE, VALIDATOR, Call, CallSite, Edge
from .rules import DESERIALIZE, SERIALIZE, VALIDATE, serde_hooks, type_keys

# axum's extractors and response that run serde on their type argument
_SERDE_EXTRACTORS = frozenset({"Json", "Query", "Path", "Form"})
_SERDE_RESPONSES = frozenset({"Json"})
# external functions that deserialise into their target type / serialise their argument
_DESERIALISERS = frozenset({"from_str", "from_slice", "from_value", "from_reader", "deserialize", "extract"})
_SERIALISERS = frozenset(
    {"to_string", "to_string_pretty", "to_vec", "to_vec_pretty", "to_value", "to_writer"}
)
_VERBS = {DESERIALIZE: "deserialises", SERIALIZE: "serialises", VALIDATE: "validates"}
# a crate extractor's body that deserialises its argument (a serde call or an axum extractor)
_DESERIALISES = re.compile(
    r"\b(?:deserialize|from_slice|from_str|from_value)\s*\(|\b(?:Json|Query|Form|Path)\s*::"
)


def serde_call(
    body: BodyBase, site: CallSite, roots: list[TypeKey], modes: tuple[str, ...], what: str
) -> Call | None:
    """The code serde and validator run for values of `roots` (see `rules.serde_hooks`)."""
    targets = [
        Edge(fn, None, VALIDATOR if mode == VALIDATE else SERDE, f"{what}: {via}")
        for mode in modes
        for fn, via in serde_hooks(body.crate, roots, mode)
    ]
    return site.expanded(targets, targets[0].how or SERDE) if targets else None


def extractor_modes(body: BodyBase, ty: Ty) -> tuple[str, ...]:
    """What a parameter's extractor does to its type argument: axum's `Json`/`Query`/…
    deserialise it; a crate extractor deserialises and validates it when its
    `from_request(_parts)` says so (a serde call or axum extractor, a `.validate()` call)."""
    key = body.env.receiver_key(ty)
    if isinstance(key, External):
        return (DESERIALIZE,) if ty.path[-1] in _SERDE_EXTRACTORS and not std_path(key.path) else ()
    if not isinstance(key, TypeKey):
        return ()
    modes: list[str] = []
    for name in EXTRACTORS:
        for fn in body.crate.methods.get(key, {}).get(name, []):
            text = node_text(fn.node)
            if _DESERIALISES.search(text) and DESERIALIZE not in modes:
                modes.append(DESERIALIZE)
            if ".validate()" in text and VALIDATE not in modes:
                modes.append(VALIDATE)
    return tuple(modes)


def serde_extractors(body: BodyBase) -> list[Call]:
    """A handler's `Json<T>`, `ValidatedJson<T>`, … parameters: what serde and validator run for T."""
    found: list[Call] = []
    for ty, param in body.param_types:
        modes = extractor_modes(body, ty)
        roots = [key for arg in ty.args for key in type_keys(body.crate, arg)]
        call = (
            serde_call(
                body,
                CallSite.of(param, f"serde {ty.text}"),
                roots,
                modes,
                f"{ty.text} {' and '.join(_VERBS[m] for m in modes)}",
            )
            if modes
            else None
        )
        if call is not None:
            found.append(call)
    return found


def serde_response(body: BodyBase) -> Call | None:
    """A function that returns `Json<T>` (or a crate response whose `into_response` builds
    one, `JsonStatus<201, T>`): what serde runs to serialise T."""
    returns = body.fn.node.child_by_field_name("return_type")
    pending = [parse_type(returns, body.fn.module)] if returns is not None else []
    roots: list[TypeKey] = []
    shown = ""
    while pending and len(pending) < 16:
        ty = pending.pop(0)
        if ty is None:
            continue
        key = body.env.receiver_key(ty)
        responds = (isinstance(key, External) and ty.path[-1] in _SERDE_RESPONSES) or (
            isinstance(key, TypeKey)
            and any(
                "Json(" in node_text(fn.node)
                for fn in body.crate.methods.get(key, {}).get("into_response", [])
            )
        )
        if responds:
            roots.extend(k for arg in ty.args for k in type_keys(body.crate, arg))
            shown = shown or ty.text
        else:
            pending.extend(ty.args)
    if not roots or returns is None:
        return None
    return serde_call(
        body,
        CallSite.of(returns, f"serde {shown}"),
        roots,
        (SERIALIZE,),
        f"returned {shown} serialises",
    )


def serde_of_call(body: BodyBase, node: Node, call: Call) -> Call | None:
    """`serde_json::from_str::<T>(…)`, `let t: T = …from_slice(…)?`, `Ok(figment.extract()?)`
    in a function returning `Result<T>`: T's deserialise hooks; `serde_json::to_string(&t)`:
    t's serialise hooks."""
    if call.targets or not call.detail:
        return None
    path = call.detail.split(" ")[0].split("::")
    if path[0] not in SERDE_CRATES:
        return None
    name = path[-1]
    if name in _SERIALISERS:
        arguments = node.child_by_field_name("arguments")
        first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
        roots = type_keys(body.crate, body.env.infer(first, node.start_byte))
        return serde_call(body, call.site, roots, (SERIALIZE,), f"{call.text} serialises its argument")
    if name not in _DESERIALISERS:
        return None
    target = deserialise_target(body, node)
    roots = type_keys(body.crate, target)
    return serde_call(
        body,
        call.site,
        roots,
        (DESERIALIZE,),
        f"{call.text} deserialises {target.text if target else '?'}",
    )


def deserialise_target(body: BodyBase, node: Node) -> Ty | None:
    """The type a deserialising call produces: its turbofish, the `let` it is bound by,
    or the function's `Result<T>` when it is the function's `Ok(…?)` value."""
    callee = node.child_by_field_name("function")
    if callee is not None and callee.type == "generic_function":
        args = callee.child_by_field_name("type_arguments")
        if args is not None and args.named_children:
            return parse_type(args.named_children[0], body.fn.module)
    current = node
    parent = node.parent
    while parent is not None and parent.type in (
        "try_expression",
        "await_expression",
        "parenthesized_expression",
    ):
        current, parent = parent, parent.parent
    if parent is None:
        return None
    if parent.type == "let_declaration" and parent.child_by_field_name("value") == current:
        ty = parse_type(parent.child_by_field_name("type"), body.fn.module)
        return ty
    if parent.type == "arguments" and _returned_ok(body, parent.parent):
        returns = parse_type(body.fn.node.child_by_field_name("return_type"), body.fn.module)
        return returns.arg(0) if returns is not None else None
    return None


def _returned_ok(body: BodyBase, call: Node | None) -> bool:
    """Whether a call is `Ok(…)` as the function's value: its tail, or a `return`'s."""
    if call is None or call.type != "call_expression":
        return False
    wrapper = call.child_by_field_name("function")
    if wrapper is None or wrapper.text != b"Ok":
        return False
    block = body.fn_node.child_by_field_name("body")
    tail = block.named_children[-1] if block is not None and block.named_children else None
    return call == tail or (call.parent is not None and call.parent.type == "return_expression")
