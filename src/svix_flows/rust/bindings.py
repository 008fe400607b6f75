"""The declared types of the parameters of a record's code: `msg: &message::Model`, so that the
prose's `msg.payload` is read as the member `message::Model::payload`. A name declared with two
types, or bound again in a body (`let cache: HealthStatus = cache.set(…)` shadows a `cache`),
is left out; a struct's fields are not bindings. A name a struct pattern binds
(`WorkerContext { cfg, .. }: &WorkerContext<'_>`) is given as the struct's field it comes from."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

# `name: Type`, `name: &'a mut module::Type`: a plain type, not a generic one (`Json<T>`) nor a
# value (`Some(x)`, `Foo { … }`, `Status::Fail`)
_BINDING = re.compile(
    r"\b([a-z_][a-z0-9_]{0,60})\s*:\s*&?(?:'[a-z_]+\s+)?(?:mut\s+)?"
    r"((?:[a-z_][a-z0-9_]{0,40}::){0,3}[A-Z][A-Za-z0-9_]{0,60})(?![A-Za-z0-9_:<]|\s*[({])"
)


# a function's parameter list (up to its first closing parenthesis)
_PARAMETERS = re.compile(r"\bfn\s+[a-z_][a-z0-9_]{0,60}\s*(?:<[^>(]{0,200}>)?\s*\(([^)]{0,2000})\)")
# a name bound again: `let x`, `let mut x`, `ref x`, `|x|`, `for x in`, `Some(x) =>`, and in a
# pattern of a parameter, an arm or a `let` (`Json(x): Json<T>`, `Task(x) =>`, `Foo { x, .. } =`)
_REBOUND = (
    r"(?:\blet\s+(?:mut\s+)?|\bref\s+(?:mut\s+)?|\|\s*|\bfor\s+|\bSome\(\s*|\bOk\(\s*){name}\b"
    r"|\(\s*(?:ref\s+|mut\s+)?{name}\s*\)\s*(?::|=>|=(?!=))"
    r"|\{{[^{{}}]{{0,200}}\b{name}\b[^{{}}]{{0,200}}\}}\s*(?::|=>|=(?!=))"
)


@lru_cache(maxsize=16)
def declared_types(code: str) -> Mapping[str, str]:
    """Each parameter name of the code with the one type it is declared with (kept for the last
    codes read: a record's two texts, and the records of one flow, share their code)."""
    seen: dict[str, set[str]] = {}
    for parameters in _PARAMETERS.finditer(code):
        for name, written in _BINDING.findall(parameters.group(1)):
            if name != "self":
                seen.setdefault(name, set()).add(written)
    return {
        name: next(iter(types))
        for name, types in seen.items()
        if len(types) == 1 and re.search(_REBOUND.format(name=name), code) is None
    }


# `WorkerContext { cfg, .. }: …`, `let DispatchContext { msg_task, endp: e, .. } = ctx;`: a struct
# pattern (its type, its fields), then what shows it is a pattern
_STRUCT_PATTERN = re.compile(
    r"\b((?:[a-z_][a-z0-9_]{0,40}::){0,3}[A-Z][A-Za-z0-9_]{0,60})\s*\{([^{}]{0,600})\}\s*\)?\s*(?::(?!:)|=(?![=>])|=>)"
)
_FIELD_PATTERN = re.compile(
    r"\A(?:ref\s+)?(?:mut\s+)?([a-z_][a-z0-9_]{0,60})(?:\s*:\s*(?:ref\s+)?(?:mut\s+)?([a-z_][a-z0-9_]{0,60}))?\Z"
)
# a name bound otherwise than by a struct pattern: `let x`, `ref x`, `|x|`, `for x in`, `Some(x)`
_BOUND_OTHERWISE = r"(?:\blet\s+(?:mut\s+)?|\bref\s+(?:mut\s+)?|\|\s*|\bfor\s+|\bSome\(\s*|\bOk\(\s*){name}\b"


@lru_cache(maxsize=16)
def destructured(code: str) -> Mapping[str, tuple[str, str]]:
    """Each name a struct pattern of the code binds, with the struct and the field it takes: a
    name bound by one field only, and not bound otherwise."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for pattern in _STRUCT_PATTERN.finditer(code):
        for entry in pattern.group(2).split(","):
            entry = " ".join(entry.split())
            field = _FIELD_PATTERN.match(entry) if entry and entry != ".." else None
            if field is not None:
                name = field.group(2) or field.group(1)
                seen.setdefault(name, set()).add((pattern.group(1).rsplit("::", 1)[-1], field.group(1)))
    return {
        name: next(iter(taken))
        for name, taken in seen.items()
        if len(taken) == 1 and re.search(_BOUND_OTHERWISE.format(name=name), code) is None
    }
