"""Values the code states: a literal, a product or sum of literals, a `Duration::from_*`, a list
of those, or another constant; per `const` and `static` item, per one-value function (a serde
default), per struct-literal field and per call argument."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..syntax import Node, captures, node_text, parse, query
from .nodes import IDENT, Located, body_items, callee_name, walk

if TYPE_CHECKING:
    from ..checkout import Checkout
    from ..crate import Crate, FnDef


@dataclass(frozen=True)
class Value(Located):
    """A constant's or a field's value: the text as written and the numbers it stands for
    (durations in milliseconds), in order; `duration` when they are `Duration`s."""

    text: str
    numbers: tuple[float, ...]
    duration: bool
    file: str
    line: int


_UNITS_MS = {
    "from_millis": 1.0,
    "from_secs": 1000.0,
    "from_mins": 60_000.0,
    "from_hours": 3_600_000.0,
    "from_micros": 0.001,
    "from_nanos": 0.000001,
    # chrono's constructors (`chrono::Duration::days(90)`)
    "weeks": 7 * 86_400_000.0,
    "days": 86_400_000.0,
    "hours": 3_600_000.0,
    "minutes": 60_000.0,
    "seconds": 1000.0,
    "milliseconds": 1.0,
}
_NUMBER = re.compile(r"\d{1,30}(?:\.\d{1,30})?")
_HEX = re.compile(r"0x([0-9a-fA-F]+)")

Known = dict[str, Value]
_Numbers = tuple[list[float], bool]  # the numbers, and whether they are durations (ms)


def value_of(node: Node | None, file: str, known: Known) -> Value | None:
    """The value an expression states, or None when it is not a plain value."""
    if node is None:
        return None
    numbers = _numbers(node, known)
    if numbers is None:
        return None
    values, duration = numbers
    text = " ".join(node_text(node).split())
    return Value(text[:80], tuple(values), duration, file, node.start_point.row + 1)


def _numbers(node: Node, known: Known) -> _Numbers | None:
    rule = _RULES.get(node.type)
    return rule(node, known) if rule is not None else None


def _wrapped(node: Node, known: Known) -> _Numbers | None:
    """`&X`, `(X)`, `X as u64`: the value of X."""
    inner = node.child_by_field_name("value") or (node.named_children[0] if node.named_children else None)
    return _numbers(inner, known) if inner is not None else None


def _literal_numbers(node: Node, known: Known) -> _Numbers | None:
    number = literal(node_text(node))
    return ([number], False) if number is not None else None


def _single(node: Node | None, known: Known) -> _Numbers | None:
    found = _numbers(node, known) if node is not None else None
    return found if found is not None and len(found[0]) == 1 else None


def _binary(node: Node, known: Known) -> _Numbers | None:
    left = _single(node.child_by_field_name("left"), known)
    right = _single(node.child_by_field_name("right"), known)
    operator = node.child_by_field_name("operator")
    if left is None or right is None or operator is None:
        return None
    a, b = left[0][0], right[0][0]
    op = node_text(operator)
    result = {"*": a * b, "+": a + b, "-": a - b, "<<": float(int(a) << int(b)) if b < 64 else None}.get(op)
    return ([result], left[1] or right[1]) if result is not None else None


def _duration(node: Node, known: Known) -> _Numbers | None:
    """`Duration::from_secs(30)`: 30 000 ms; `LazyLock::new(|| X)`: the value of X; a newtype
    `PaginationLimit(50)`: 50."""
    function = IDENT.findall(node_text(node.child_by_field_name("function")))
    arguments = node.child_by_field_name("arguments")
    if function[-2:] in (["LazyLock", "new"], ["Lazy", "new"]) and arguments is not None:
        closure = arguments.named_children[0] if len(arguments.named_children) == 1 else None
        if closure is not None and closure.type == "closure_expression":
            body = closure.child_by_field_name("body")
            return _numbers(body, known) if body is not None else None
    if len(function) == 1 and function[0][:1].isupper() and arguments is not None:
        # `PaginationLimit(50)`: a newtype around one number stands for it
        only = arguments.named_children
        return _single(only[0], known) if len(only) == 1 else None
    if (
        not function
        or function[-1] not in _UNITS_MS
        or arguments is None
        or len(arguments.named_children) != 1
    ):
        return None
    argument = _single(arguments.named_children[0], known)
    return ([argument[0][0] * _UNITS_MS[function[-1]]], True) if argument is not None else None


def _array(node: Node, known: Known) -> _Numbers | None:
    out: list[float] = []
    duration = False
    for child in node.named_children:
        element = _numbers(child, known)
        if element is None:
            return None
        out.extend(element[0])
        duration = duration or element[1]
    return (out, duration) if out else None


def _known(node: Node, known: Known) -> _Numbers | None:
    value = known.get(node_text(node))
    return (list(value.numbers), value.duration) if value is not None else None


_RULES: dict[str, Callable[[Node, Known], _Numbers | None]] = {
    "reference_expression": _wrapped,
    "parenthesized_expression": _wrapped,
    "type_cast_expression": _wrapped,
    "integer_literal": _literal_numbers,
    "float_literal": _literal_numbers,
    "binary_expression": _binary,
    "call_expression": _duration,
    "array_expression": _array,
    "identifier": _known,
    "boolean_literal": lambda node, known: ([1.0 if node_text(node) == "true" else 0.0], False),
}


def literal(text: str) -> float | None:
    """A Rust number literal's value (`20_000`, `4u64`, `0x10`, `1.5`), or None."""
    text = text.replace("_", "")
    hexa = _HEX.match(text)
    if hexa:
        return float(int(hexa.group(1), 16))
    match = _NUMBER.match(text)
    return float(match.group()) if match else None


_ITEMS = "[(const_item) (static_item)] @item"  # read by the query engine, not a walk of every node


def read_constants(crate: Crate, checkout: Checkout) -> dict[str, list[Value]]:
    """The values of the crate's `const` and `static` items, and of its one-value functions."""
    from ..checkout import crate_files

    raw_items: list[tuple[str, Node, str]] = []
    for file in crate_files(checkout.crate_dir):
        try:
            root = _root(crate, file) or parse(checkout.read_bytes(file)).root_node
        except (OSError, ValueError):
            continue
        for node in captures(query(_ITEMS), root).get("item", ()):
            raw_items.append((node_text(node.child_by_field_name("name")), node, file))
    known: Known = {}
    for _ in range(2):  # a constant defined by another constant
        for name, node, file in raw_items:
            value = value_of(node.child_by_field_name("value"), file, known)
            if value is not None:
                known.setdefault(name, value)
    consts: dict[str, list[Value]] = {}
    for name, node, file in raw_items:
        value = value_of(node.child_by_field_name("value"), file, known)
        if value is not None:
            consts.setdefault(name, []).append(value)
    for fn, value in _one_value_functions(crate, known):
        consts.setdefault(fn.name, []).append(value)
    return consts


def _one_value_functions(crate: Crate, known: Known) -> Iterable[tuple[FnDef, Value]]:
    """A function whose body is one value (`fn default_grace_period() -> u64 { 3600 }`, the serde
    defaults of the configuration) states that value as a constant does."""
    for fns in crate.functions.values():
        for fn in fns:
            inner = body_items(fn.node.child_by_field_name("body"))
            parameters = fn.node.child_by_field_name("parameters")
            if len(inner) == 1 and parameters is not None and not parameters.named_children:
                value = value_of(inner[0], fn.file, known)
                if value is not None:
                    yield fn, value


def _root(crate: Crate, file: str) -> Node | None:
    fns = crate.functions.get(file)
    if not fns:
        return None
    node = fns[0].node
    while node.parent is not None:
        node = node.parent
    return node


def field_values(name: str, within: Iterable[FnDef]) -> list[Value]:
    """The values given to a field `name` in the struct literals of the given functions, or to
    a local of that name (`let batch_size = 1000;`)."""
    out = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            if (
                node.type == "field_initializer" and node_text(node.child_by_field_name("field")) == name
            ) or (node.type == "let_declaration" and node_text(node.child_by_field_name("pattern")) == name):
                given = node.child_by_field_name("value")
            else:
                continue
            value = value_of(given, fn.file, {}) if given is not None else None
            if value is not None:
                out.append(value)
    return out


@dataclass(frozen=True)
class Given(Located):
    """A value given to a field or local, as written, and the struct literal's type (its last
    path segment) when it is a field of one ("" for an assignment or a `let`)."""

    text: str
    owner: str
    file: str
    line: int


def given_values(name: str, within: Iterable[FnDef]) -> list[Given]:
    """Every value the functions give a field or local `name`, as written (`Set(…)` and
    `Some(…)` seen through): a struct-literal field, an assignment of a field, a `let` of that
    name, and a shorthand field (`name,`) as the local it copies."""
    out = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            if node.type == "shorthand_field_initializer" and node_text(node) == name:
                given: Node | None = node
            elif node.type == "let_declaration" and node_text(node.child_by_field_name("pattern")) == name:
                given = node.child_by_field_name("value")
            else:
                given = _given_to(node, name)
            if given is not None:
                text = _literal_given(node_text(given))
                out.append(Given(text, _literal_type(node), fn.file, node.start_point.row + 1))
    return out


def _literal_type(node: Node) -> str:
    """The last path segment of the struct literal a field initializer belongs to, else ""."""
    literal = node.parent.parent if node.parent is not None else None
    if literal is None or literal.type != "struct_expression":
        return ""
    written = literal.child_by_field_name("name")
    names = IDENT.findall(node_text(written)) if written is not None else []
    return names[-1] if names else ""


_SETTERS = frozenset({"Set", "ActiveValue::Set", "sea_orm::Set", "Some"})


def flag_values(name: str, within: Iterable[FnDef]) -> list[Value | None]:
    """The `true` or `false` a field `name` is given in the functions, by an assignment
    (`model.deleted = Set(true)`) or a struct literal (`deleted: false`), as 1 or 0, and a
    string literal by its text; None for a value given otherwise (`Set(deleted)`)."""
    out: list[Value | None] = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            given = _given_to(node, name)
            if given is None:
                continue
            text = _literal_given(node_text(given))
            flag = {"true": 1.0, "false": 0.0}.get(text)
            line = node.start_point.row + 1
            if flag is not None:
                out.append(Value(text, (flag,), False, fn.file, line))
            elif _STRING.fullmatch(text) or text == "None":
                out.append(Value(text, (), False, fn.file, line))  # a string: its text alone
            else:
                out.append(None)
    return out


def assigned_flags(within: Iterable[FnDef]) -> list[tuple[str, Value]]:
    """Every field the functions give `true`, `false` or `None`, by assignment or struct
    literal, with the flag (1 or 0; `None` by its text alone)."""
    out: list[tuple[str, Value]] = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            named = _field_given(node)
            if named is None:
                continue
            field, given = named
            literal = _literal_given(node_text(given))
            flag = {"true": 1.0, "false": 0.0}.get(literal)
            if flag is not None:
                out.append(
                    (field, Value(node_text(given), (flag,), False, fn.file, node.start_point.row + 1))
                )
            elif literal == "None":
                out.append((field, Value(literal, (), False, fn.file, node.start_point.row + 1)))
    return out


@dataclass(frozen=True)
class FieldSource(Located):
    """What a struct-literal field or an assigned field is given: the names its value is made
    of (`endpoint_id: model.endp_id` → `model`, `endp_id`; the shorthand `endpoint_id` →
    itself)."""

    text: str
    names: frozenset[str]
    file: str
    line: int


def field_sources(name: str, within: Iterable[FnDef]) -> list[FieldSource]:
    """Each value the functions give the field `name`, by a struct literal or an assignment; a
    value that is a local (`Self { feature_flags }`) also names what its `let` binds it to."""
    out = []
    for fn in within:
        body = fn.node.child_by_field_name("body")
        locals_: dict[str, frozenset[str]] = {}
        for node in walk(body):
            if node.type == "let_declaration":
                pattern, value = node.child_by_field_name("pattern"), node.child_by_field_name("value")
                if pattern is not None and value is not None and pattern.type == "identifier":
                    locals_[node_text(pattern)] = frozenset(IDENT.findall(node_text(value)))
        for node in walk(body):
            if node.type == "shorthand_field_initializer" and node_text(node) == name:
                text = name
            elif (given := _given_to(node, name)) is not None:
                text = " ".join(node_text(given).split())
            else:
                continue
            names = frozenset(IDENT.findall(text))
            if len(names) == 1 and text in locals_:
                names |= locals_[text]
            out.append(FieldSource(text[:80], names, fn.file, node.start_point.row + 1))
    return out


def _field_given(node: Node) -> tuple[str, Node] | None:
    """The field a node gives a value and that value: an assignment of a field or a field of a
    struct literal."""
    if node.type == "assignment_expression":
        left = node.child_by_field_name("left")
        field = (
            left.child_by_field_name("field")
            if left is not None and left.type == "field_expression"
            else None
        )
        right = node.child_by_field_name("right")
        return (node_text(field), right) if field is not None and right is not None else None
    if node.type == "field_initializer":
        field, value = node.child_by_field_name("field"), node.child_by_field_name("value")
        return (node_text(field), value) if field is not None and value is not None else None
    return None


_STRING = re.compile(r'"[^"\\]{0,200}"')
_SET_CALL = re.compile(r"([\w:]+)\(\s*(.*?)\s*\)", re.DOTALL)
_STRING_MADE = re.compile(
    r'(?:String::from\(\s*)?("[^"\\]{0,200}")\s*\)?(?:\.(?:to_string|to_owned|into)\(\))?'
)


def _literal_given(text: str) -> str:
    """A field's value without `Set(…)` or `Some(…)` around it, and a string literal without the
    conversion that makes it a `String` (`Set("EXPUNGED".to_string())` → `"EXPUNGED"`)."""
    wrapped = _SET_CALL.fullmatch(text.strip())
    if wrapped is not None and wrapped.group(1) in _SETTERS:
        text = wrapped.group(2)
    made = _STRING_MADE.fullmatch(text.strip())
    return made.group(1) if made is not None else text.strip()


def _given_to(node: Node, name: str) -> Node | None:
    """The value a node gives the field `name`, when it is an assignment of it or a field of a
    struct literal."""
    named = _field_given(node)
    return named[1] if named is not None and named[0] == name else None


_FALLBACKS = frozenset({"unwrap_or", "unwrap_or_else"})


def fallback_values(name: str, within: Iterable[FnDef]) -> list[Value]:
    """The values an absent `name` falls back to in the given functions: `version.unwrap_or(1)`,
    `self.since.unwrap_or(until - Duration::days(28))` (the duration beside the other operand)."""
    out = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            if node.type != "call_expression" or callee_name(node) not in _FALLBACKS:
                continue
            function = node.child_by_field_name("function")
            receiver = function.child_by_field_name("value") if function is not None else None
            arguments = node.child_by_field_name("arguments")
            if receiver is None or arguments is None or len(arguments.named_children) != 1:
                continue
            names = IDENT.findall(node_text(receiver))
            if not names or names[-1] != name:
                continue
            value = _fallback(arguments.named_children[0], fn.file)
            if value is not None:
                out.append(value)
    return out


def _fallback(node: Node, file: str) -> Value | None:
    """A fallback's value: a closure's body, and of `x - D` or `x + D` the duration `D`."""
    if node.type == "closure_expression":
        body = node.child_by_field_name("body")
        return _fallback(body, file) if body is not None else None
    value = value_of(node, file, {})
    if value is None and node.type == "binary_expression":
        operator = node.child_by_field_name("operator")
        if operator is not None and node_text(operator) in ("-", "+"):
            sides = [value_of(node.child_by_field_name(side), file, {}) for side in ("left", "right")]
            durations = [side for side in sides if side is not None and side.duration]
            value = durations[0] if len(durations) == 1 else None
    return value


def argument_values(name: str, within: Iterable[FnDef]) -> list[Value]:
    """The values given as arguments to the calls of `name` in the given functions."""
    out = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            if node.type == "call_expression" and callee_name(node) == name:
                arguments = node.child_by_field_name("arguments")
                for argument in arguments.named_children if arguments is not None else []:
                    value = value_of(argument, fn.file, {})
                    if value is not None:
                        out.append(value)
    return out


_STATUS = re.compile(r"\bStatusCode::([A-Z_]+)\b")


def status_codes(fn: FnDef) -> list[Value]:
    """The `StatusCode::X` constants a function's body names, as their numbers."""
    from ..words import STATUS_CODES

    body = fn.node.child_by_field_name("body")
    out = []
    for name in dict.fromkeys(_STATUS.findall(node_text(body))) if body is not None else ():
        if name in STATUS_CODES:
            out.append(Value(f"StatusCode::{name}", (float(STATUS_CODES[name]),), False, fn.file, fn.line))
    return out


def response_status(fns: Iterable[FnDef], owner: str, variant: str) -> Value | None:
    """The status an `into_response` of `owner` answers for one of its variants (the arm that
    names `owner::variant` or `Self::variant` beside one `StatusCode::X`), or for a type with
    no variants, the one `StatusCode::X` its body names."""
    from ..words import STATUS_CODES

    for fn in fns:
        body = fn.node.child_by_field_name("body")
        if body is None:
            continue
        text = node_text(body)
        if not variant:
            names = set(_STATUS.findall(text))
            if len(names) == 1 and (name := names.pop()) in STATUS_CODES:
                return Value(f"StatusCode::{name}", (float(STATUS_CODES[name]),), False, fn.file, fn.line)
            continue
        arm = re.compile(
            rf"\b(?:{re.escape(owner)}|Self)::{re.escape(variant)}\b[^\n]*?\bStatusCode::([A-Z_]+)\b"
        )
        for index, line in enumerate(text.splitlines()):
            found = arm.search(line)
            if found is not None and found.group(1) in STATUS_CODES:
                code = float(STATUS_CODES[found.group(1)])
                return Value(f"StatusCode::{found.group(1)}", (code,), False, fn.file, fn.line + index)
    return None


@dataclass(frozen=True)
class Literal(Located):
    """A struct literal of a type: the fields it sets, whether it spreads the rest (`..x`), where."""

    fields: tuple[str, ...]
    spread: bool
    file: str
    line: int


def struct_literals(name: str, within: Iterable[FnDef]) -> list[Literal]:
    """The struct literals of the type `name` (its last path segment) in the functions."""
    out = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            if node.type != "struct_expression":
                continue
            written = node.child_by_field_name("name")
            body = node.child_by_field_name("body")
            if written is None or body is None or IDENT.findall(node_text(written))[-1:] != [name]:
                continue
            fields = [
                node_text(child.child_by_field_name("field") or child.named_children[0])
                for child in body.named_children
                if child.type in ("field_initializer", "shorthand_field_initializer") and child.named_children
            ]
            spread = any(child.type == "base_field_initializer" for child in body.named_children)
            out.append(Literal(tuple(fields), spread, fn.file, node.start_point.row + 1))
    return out


def argument_texts(name: str, within: Iterable[FnDef]) -> list[Value]:
    """The first argument of every call of `name` in the given functions, as written (spaces
    left out): `.limit(limit + 1)` → `limit+1`."""
    out = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            if node.type != "call_expression" or callee_name(node) != name:
                continue
            arguments = node.child_by_field_name("arguments")
            if arguments is not None and len(arguments.named_children) == 1:
                text = "".join(node_text(arguments.named_children[0]).split())
                out.append(Value(text, (), False, fn.file, node.start_point.row + 1))
    return out


def call_arguments(names: tuple[str, ...], within: Iterable[FnDef], known: Known) -> list[Value] | None:
    """The first argument of every call of `names` in the given functions (a constant's name read
    as its value), or None when one of them is not a plain value: then what a text says of
    those calls cannot be weighed."""
    out = []
    for fn in within:
        for node in walk(fn.node.child_by_field_name("body")):
            if node.type != "call_expression" or callee_name(node) not in names:
                continue
            arguments = node.child_by_field_name("arguments")
            first = (
                arguments.named_children[0] if arguments is not None and arguments.named_children else None
            )
            value = value_of(first, fn.file, known)
            if value is None:
                return None
            out.append(value)
    return out


def durations(fn: FnDef) -> list[Value] | None:
    """The `Duration::from_*` values written in a function's body; None when one of them is not
    a plain value (`from_secs(cfg.timeout)`)."""
    out = []
    for node in walk(fn.node.child_by_field_name("body")):
        if node.type == "call_expression" and callee_name(node) in _UNITS_MS:
            value = value_of(node, fn.file, {})
            if value is None:
                return None
            out.append(value)
    return out


@dataclass(frozen=True)
class Bounds(Located):
    """What a `#[validate(range(…))]` or `length(…)` attribute allows a field: its least and its
    greatest value (None when the attribute gives none), at the field's line."""

    least: float | None
    most: float | None
    file: str
    line: int


_VALIDATE_RANGE = re.compile(r"#\[\s*validate\s*\((?:[^\]]*?)\b(?:range|length)\s*\((?P<args>[^)]*)\)")
_BOUND = re.compile(r"\b(?P<which>min|max)\s*=\s*(?P<number>[\d_]+(?:\.\d+)?)")


def validate_bounds(attribute: str) -> tuple[float | None, float | None] | None:
    """(min, max) of a field attribute `#[validate(range(min = 5, max = 90))]`, or None."""
    match = _VALIDATE_RANGE.search(attribute)
    if match is None:
        return None
    found = {b.group("which"): literal(b.group("number")) for b in _BOUND.finditer(match.group("args"))}
    if not found:
        return None
    return found.get("min"), found.get("max")


def elapsed_limits(fn: FnDef) -> list[Value]:
    """The durations a body compares an elapsed time with (`start.elapsed() < Duration::from_millis(1000)`)."""
    out = []
    for node in walk(fn.node.child_by_field_name("body")):
        if node.type != "binary_expression":
            continue
        operator = node.child_by_field_name("operator")
        if operator is None or node_text(operator) not in ("<", "<=", ">", ">="):
            continue
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        for this, other in ((left, right), (right, left)):
            if this is not None and ".elapsed()" in node_text(this):
                value = value_of(other, fn.file, {})
                if value is not None and value.duration:
                    out.append(value)
    return out
