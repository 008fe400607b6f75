"""The text on an arrow, the same for every renderer: a call with the data it takes, a return
with the call it answers, a queue hop with its task; types shortened for a picture's label and
kept whole for the tooltip and the text table."""

from __future__ import annotations

import re

from ...rust.words import SEA_ORM_ENTITY_ITEMS
from .kinds import ArrowKind
from .model import Arrow


def split_result(text: str | None) -> tuple[str | None, str | None, bool]:
    """`Result<T, E>` as (T, E, True); anything else as (text, None, False)."""
    if not text:
        return text, None, False
    head, _, inner = text.partition("<")
    if head.split("::")[-1].endswith("Result") and inner.endswith(">"):
        args = split_args(inner[:-1])
        return (args[0] if args else "()"), (args[1] if len(args) > 1 else None), True
    return text, None, False


def split_args(text: str) -> list[str]:
    """Top-level comma-separated generic arguments."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "<([":
            depth += 1
        elif char in ">)]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


# sea-orm gives every table a `Model`, `ActiveModel` and `Entity`: those keep their module
# (`message::Model`), which the builder writes where a bare name would be ambiguous
AMBIGUOUS_NAMES = SEA_ORM_ENTITY_ITEMS
_KEEP = "|".join(AMBIGUOUS_NAMES)
_PATH = re.compile(rf"\b(?:crate|super|self|[a-z_][a-z0-9_]*)::(?=[A-Za-z_])(?!(?:{_KEEP})\b)")
_LIFETIME = re.compile(r"'\w+\s*,?\s*")
_INNERMOST = re.compile(r"<(?!…>)(?:[^<>]|<…>)*>")


def short_type(text: str, limit: int = 32) -> str:
    """A type for a label: module paths and lifetimes dropped, inner generics elided past `limit`."""
    short = _LIFETIME.sub("", text)
    while True:
        shorter = _PATH.sub("", short)
        if shorter == short:
            break
        short = shorter
    short = short.replace("<>", "")
    # elide the innermost generic arguments until it fits: `Json<ListResponse<…>>`
    while len(short) > limit:
        shorter = _INNERMOST.sub("<…>", short, count=1)
        if shorter == short:
            break
        short = shorter
    if len(short) > limit:
        short = short[: limit - 1] + "…"
    return short


# Arguments a web framework fills from the request or the app (state, path, query, the caller's
# permissions): they say how a handler is reached, not what data it takes, so the label elides
# them and the tooltip and `--format text` keep them.
_FRAMEWORK = re.compile(
    r"^&?(?:mut\s+)?(?:(?:axum::)?(?:extract::)?(?:State|Path|Query|ValidatedQuery|Extension|"
    r"ConnectInfo|HeaderMap|TypedHeader|OriginalUri|MatchedPath)\b|permissions::\w+$)"
)


def is_framework(ty: str) -> bool:
    """Whether a parameter type is a framework extractor (state, path, query, permissions)."""
    return bool(_FRAMEWORK.match(ty.strip()))


def call_text(arrow: Arrow, short: bool = False, limit: int = 30, budget: int = 64) -> str:
    """`name(T1, T2)` for a call or entry; when `short`, framework extractors are one `…`, each
    type is shortened and the list cut at `budget` characters with a count of what was left
    out (`…+3`)."""
    if not short:
        return f"{arrow.function}({', '.join(arrow.data)})"
    kept: list[str] = []
    for ty in arrow.data:
        if is_framework(ty):
            if not kept or kept[-1] != "…":
                kept.append("…")
        else:
            kept.append(ty)
    shown: list[str] = []
    used = 0
    for index, ty in enumerate(kept):
        text = ty if ty == "…" else short_type(ty, limit)
        if shown and used + len(text) > budget:
            shown.append(f"…+{len(kept) - index}")
            break
        shown.append(text)
        used += len(text) + 2
    return f"{arrow.function}({', '.join(shown)})"


def short_name(function: str) -> str:
    """`CreateMessageApp::layered_fetch` → `layered_fetch`: the name a return answers to."""
    return function.rsplit("::", 1)[-1]


def return_text(arrow: Arrow, short: bool = False, limit: int = 34) -> str:
    """`← name: T`, or `← name: T | Err(E)` for a Result (`?` when the caller propagates): the
    call it answers first, so stacked returns can be matched to their calls."""
    ok, err, is_result = split_result(arrow.data[0] if arrow.data else None)
    fit = (lambda t: short_type(t, limit)) if short else (lambda t: t)
    head = f"← {short_name(arrow.function)}: "
    if not is_result:
        return head + fit(ok or "()")
    err_text = f"Err({fit(err)})" if err else "Err"
    return head + f"{fit(ok or '()')} | {err_text}{' ?' if arrow.propagated else ''}"


def queue_text(arrow: Arrow, short: bool = False, limit: int = 40) -> str:
    data = arrow.data[0] if arrow.data else "task"
    return f"{arrow.function}: {short_type(data, limit) if short else data}"


def label(arrow: Arrow, short: bool = False) -> str:
    """The text on an arrow, the same for every renderer."""
    if arrow.kind == ArrowKind.RETURN:
        text = return_text(arrow, short)
    elif arrow.kind == ArrowKind.QUEUE:
        text = queue_text(arrow, short)
    elif arrow.kind == ArrowKind.ORIGIN:
        text = f"{arrow.data[0] if arrow.data else 'a field'} from {arrow.function}"
    elif arrow.kind == ArrowKind.STORE:
        text = " ".join(part for part in (arrow.function, *arrow.data[:1]) if part)
    else:
        text = call_text(arrow, short)
    return f"{text}  [{arrow.note}]" if arrow.note else text
