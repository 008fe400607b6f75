"""What one function body binds: its parameters (through their patterns), its `let`s, the names
its match arms bind and which closure parameter an identifier names.

Part of `trace` (see `rust/trace/__init__.py`). `types.TypeEnv` types expressions from these
bindings; this module only records them, and never infers a type itself.
"""

from __future__ import annotations

from ..crate import Crate, FnDef, Ty, TypeKey, parse_type
from ..syntax import Node, node_bytes, node_text
from .rules import arm_variant


class Bindings:
    """The names one function body binds, each with its type or the `let` that gives it."""

    def __init__(self, crate: Crate, fn: FnDef, self_type: TypeKey | None, fn_node: Node) -> None:
        self.crate = crate
        self.fn = fn
        self.self_type = self_type
        self.fn_node = fn_node  # the function as parsed for its calls (see `calls.Body`)
        self.params: dict[str, Ty] = {}
        self.lets: dict[str, list[tuple[int, Node | None, Node | None]]] = {}
        self.bound: dict[str, list[tuple[int, Ty]]] = {}  # names match arms bind, with their types
        self.param_types: list[tuple[Ty, Node]] = []
        parameters = fn.node.child_by_field_name("parameters")
        for child in parameters.named_children if parameters is not None else []:
            if child.type == "parameter":
                ty = parse_type(child.child_by_field_name("type"), fn.module)
                self.bind(child.child_by_field_name("pattern"), ty)
                if ty is not None:
                    self.param_types.append((ty, child))
            elif child.type == "self_parameter" and self.self_type is not None:
                self.params["self"] = Ty(("Self",), (), fn.module, "Self")

    def scan(self, lets: list[Node], arms: list[Node]) -> None:
        """Record the body's `let` bindings and the names its match arms bind."""
        for node in lets:
            pattern = node.child_by_field_name("pattern")
            while pattern is not None and pattern.type in ("mut_pattern",):
                pattern = pattern.named_children[0] if pattern.named_children else None
            if pattern is not None and pattern.type == "identifier":
                self.lets.setdefault(node_text(pattern), []).append(
                    (node.end_byte, node.child_by_field_name("type"), node.child_by_field_name("value"))
                )
        for entries in self.lets.values():
            entries.sort(key=lambda entry: entry[0])
        for arm in arms:
            self.bind_arm(arm)
        for bindings in self.bound.values():
            bindings.sort(key=lambda entry: entry[0])

    def bind(self, pattern: Node | None, ty: Ty | None) -> None:
        """Names a parameter pattern binds, with the types the pattern makes evident."""
        if pattern is None or ty is None:
            return
        kind = pattern.type
        if kind == "identifier":
            self.params[node_text(pattern)] = ty
        elif kind in ("mut_pattern", "ref_pattern", "reference_pattern"):
            for child in pattern.named_children:
                self.bind(child, ty)
        elif kind == "tuple_struct_pattern":  # `State(inner): State<T>` binds inner: T
            inner = [c for c in pattern.named_children if c != pattern.child_by_field_name("type")]
            if len(inner) == 1 and ty.args:
                self.bind(inner[0], ty.args[0])
        elif kind == "struct_pattern":  # `Foo { a, b: c }: Foo` binds field types
            key = self.crate.type_key(ty, self.self_type)
            fields = self.crate.fields.get(key, {}) if isinstance(key, TypeKey) else {}
            for child in pattern.named_children:
                if child.type != "field_pattern":
                    continue
                name = child.child_by_field_name("name")
                bound = child.child_by_field_name("pattern")
                if name is not None and node_text(name) in fields:
                    field_ty = fields[node_text(name)]
                    if bound is None:
                        self.params[node_text(name)] = field_ty
                    else:
                        self.bind(bound, field_ty)

    def is_local(self, name: str, before: int) -> bool:
        return name in self.params or any(end < before for end, _, _ in self.lets.get(name, []))

    def bind_arm(self, arm: Node) -> None:
        """Names a match arm's enum-variant pattern binds, typed by the variant's fields."""
        pattern = arm.child_by_field_name("pattern")
        named = arm_variant(self.crate, self.fn, pattern, self.self_type)
        if named is None:
            return
        variant = self.crate.variants[named[0]][named[1]]
        inner = pattern.named_children[0] if pattern is not None and pattern.named_children else None
        if inner is None:
            return
        start = arm.start_byte
        if inner.type == "tuple_struct_pattern":
            parts = [c for c in inner.named_children if c != inner.child_by_field_name("type")]
            for part, ty in zip(parts, variant.tuple_fields):
                if part.type == "identifier":
                    self.bound.setdefault(node_text(part), []).append((start, ty))
        elif inner.type == "struct_pattern":
            fields = dict(variant.named_fields)
            for part in inner.named_children:
                name = part.child_by_field_name("name") if part.type == "field_pattern" else None
                if (
                    name is not None
                    and part.child_by_field_name("pattern") is None
                    and node_text(name) in fields
                ):
                    self.bound.setdefault(node_text(name), []).append((start, fields[node_text(name)]))

    def closure_binding(self, node: Node) -> tuple[Node, Node] | None:
        """The innermost closure whose parameters bind this identifier, and the parameter;
        None when a `let` inside that closure rebinds it first, or no closure binds it."""
        name = node.text
        parent = node.parent
        while parent is not None and parent.id != self.fn_node.id:
            if parent.type == "closure_expression":
                params = parent.child_by_field_name("parameters")
                for param in params.named_children if params is not None else []:
                    pattern = param.child_by_field_name("pattern") if param.type == "parameter" else param
                    while (
                        pattern is not None
                        and pattern.type in ("reference_pattern", "mut_pattern", "ref_pattern")
                        and pattern.named_children
                    ):
                        pattern = pattern.named_children[-1]
                    if pattern is not None and pattern.type == "identifier" and node_bytes(pattern) == name:
                        inner_let = any(
                            parent.start_byte < end < node.start_byte
                            for end, _, _ in self.lets.get(name.decode(), [])
                        )
                        return None if inner_let else (parent, param)
            parent = parent.parent
        return None
