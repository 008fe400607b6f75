"""A lookup that finds nothing, made an error: `….one(db).await?.ok_or_else(|| HttpError::not_found(None, None))?`
(or `.ok_or(…)`), with the table the lookup reads and the error it becomes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..syntax import Node, node_text
from .nodes import Located, callee_name, walk

if TYPE_CHECKING:
    from ..crate import FnDef

_TO_ERROR = frozenset({"ok_or_else", "ok_or"})
_TABLE = re.compile(
    r"\b([a-z_][a-z0-9_]*)::(?:Entity|ActiveModel|Model)::"
)  # `endpoint::Entity::secure_find…`
_ERROR = re.compile(r"\b([A-Z]\w*Error)\s*::\s*([a-z_]\w*)")  # `HttpError::not_found`


@dataclass(frozen=True)
class MissingFact(Located):
    """An absence made an error: the module of the entity looked up (`endpoint`, "" when the
    lookup names none), the constructor of the error (`HttpError::not_found`, "" when none is
    written), and where."""

    table: str
    error: str
    file: str
    line: int


def _error_named(text: str) -> str:
    """The first error constructor the text names (`HttpError::not_found`), "" when none."""
    error = _ERROR.search(text)
    return f"{error.group(1)}::{error.group(2)}" if error else ""


def _if_let_else(node: Node, fn: FnDef) -> MissingFact | None:
    """ "if let Some(endp) = endpoint::Entity::…one(db).await? { … } else { return Err(…) }"."""
    condition = node.child_by_field_name("condition")
    alternative = node.child_by_field_name("alternative")
    if condition is None or alternative is None or condition.type != "let_condition":
        return None
    if not node_text(condition.child_by_field_name("pattern")).startswith("Some("):
        return None
    otherwise = node_text(alternative)
    table = _TABLE.search(node_text(condition.child_by_field_name("value")))
    if table is None or "Err(" not in otherwise:
        return None
    return MissingFact(
        table.group(1),
        _error_named(otherwise),
        fn.file,
        alternative.start_point[0] + 1,
    )


def table_lookups(fn: FnDef) -> dict[str, int]:
    """How many times the function's body names each module's entity (`endpoint::Entity::…`)."""
    body = fn.node.child_by_field_name("body")
    counts: dict[str, int] = {}
    for table in _TABLE.findall(node_text(body)) if body is not None else ():
        counts[table] = counts.get(table, 0) + 1
    return counts


def missing_facts(fn: FnDef) -> tuple[MissingFact, ...]:
    """Each `ok_or_else`/`ok_or` of the function's body, and each `if let Some(x) = lookup { … }
    else { return Err(…) }`, in source order."""
    body = fn.node.child_by_field_name("body")
    out = []
    for node in walk(body):
        if node.type == "if_expression":
            found = _if_let_else(node, fn)
            if found is not None:
                out.append(found)
            continue
        if node.type != "call_expression" or callee_name(node) not in _TO_ERROR:
            continue
        function = node.child_by_field_name("function")
        receiver = function.child_by_field_name("value") if function is not None else None
        if function is None or function.type != "field_expression" or receiver is None:
            continue
        table = _TABLE.search(node_text(receiver))
        out.append(
            MissingFact(
                table.group(1) if table else "",
                _error_named(node_text(node.child_by_field_name("arguments"))),
                fn.file,
                function.end_point[0] + 1,  # the line of `.ok_or_else`, not the chain's first
            )
        )
    out.sort(key=lambda fact: fact.line)
    return tuple(out)
