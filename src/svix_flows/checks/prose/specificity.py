"""Specificity (W311): the think block names the functions and types of the record's own code."""

from __future__ import annotations

from collections.abc import Iterable

from ...records.findings import Finding, finding
from ...rust.names import defined_item_names, first_defined_name
from ...rust.words import GENERIC_NAMES, RUST_WORDS
from .tokens import MentionKind, Scanner, is_name_word


def defined_names(code: str) -> list[str]:
    """The items a record's code defines (fn, struct, impl targets, …), in order, each once."""
    names: dict[str, None] = {}
    for name in defined_item_names(code):
        if name not in GENERIC_NAMES:
            names.setdefault(name, None)
    return list(names)


def specific_names(
    think: str, code: str, modules: Iterable[str], scanner: Scanner, enough: int = 0
) -> list[str]:
    """The functions and types of the record's own code that the think block names (the
    first `enough` of them, when `enough` is given)."""
    skip = set(modules) | GENERIC_NAMES
    named: dict[str, None] = {}
    for mention in scanner.mentions(think):
        parts = mention.parts if mention.kind is MentionKind.PATH else (mention.text,)
        for part in parts:
            if part in skip or part in RUST_WORDS or len(part) < 3:
                continue
            if mention.kind is MentionKind.FILE or (mention.loose and not scanner.has_word(code, part)):
                continue
            if part not in named and scanner.has_word(code, part):
                named[part] = None
                if len(named) == enough:
                    return list(named)
    return list(named)


def _names_own_items(think: str, codes: list[str], wanted: int, scanner: Scanner) -> bool:
    """The cheap first look: does the think block name `wanted` of the items the record's
    blocks define (the first item of each, when its name is code-like: `create_message`,
    `MessageOut`)? Most careful ones do, and then the full scan of the text is not needed."""
    named = 0
    for code in codes:
        name = first_defined_name(code)
        if name and is_name_word(name) and scanner.has_word(think, name):
            named += 1
            if named >= wanted:
                return True
    return False


def specificity(
    think: str, codes: list[str], modules: list[str], line: int, path: str, scanner: Scanner
) -> list[Finding]:
    """W311: the think block names at least min(3, spans) functions or types of its code
    (`codes`, one text per span)."""
    wanted = max(1, min(3, len(codes)))
    if _names_own_items(think, codes, wanted, scanner):
        return []
    code = "\n".join(codes)
    named = specific_names(think, code, modules, scanner, wanted)
    if len(named) >= wanted:
        return []
    candidates = [name for name in defined_names(code) if name not in named][:6]
    told = f" ({', '.join(named)})" if named else ""
    offer = f"; for example {', '.join(f'`{name}`' for name in candidates)}" if candidates else ""
    return [
        finding(
            line,
            "W311",
            f"the think block names {len(named)} function(s) or type(s) of "
            f"its code{told}, fewer than {wanted}{offer}",
            path,
        )
    ]
