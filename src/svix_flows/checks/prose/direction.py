"""Claims of direction (W312): "from A to B" and "A → B" held against the order of the spans."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...records.findings import Finding, finding, printable
from .specificity import defined_names

# "from A to B" starts with a literal, which the regular expression engine finds by a fast
# search; "A → B" is found from its arrow, so neither is tried at every character.
_FROM_TO = re.compile(r"from\s+`?([A-Za-z_][\w:]*)(?:\(\))?`?\s+(?:to|into|through)\s+`?([A-Za-z_][\w:]*)")
# An arrow's operands: the name just before it (looked for in the last _REACH characters, so
# a text of endless arrows stays linear) and the name just after it.
_LEFT = re.compile(r"`?([A-Za-z_][\w:]*)(?:\(\))?`?\s*\Z")
_RIGHT = re.compile(r"\s*`?([A-Za-z_][\w:]*)")
_REACH = 200
# A value going back to its caller, a callback, an answer: these run against the span order.
_BACKWARDS = re.compile(r"\b(?:back|return\w*|callback\w*|called back|repl\w*|answer\w*|respon\w*)\b[^.;]*\Z")
MAX_CLAIMS = 1_000  # a text with more places than this that may claim is judged on its first ones


def claims_of_direction(think: str) -> Iterable[tuple[str, str, str]]:
    """(A, B, the claim as written) for each "from A to B" and "A → B" of a text."""
    looked = 0
    for match in _FROM_TO.finditer(think):
        looked += 1
        if looked > MAX_CLAIMS:
            return
        start = match.start()
        if start == 0 or not (think[start - 1].isalnum() or think[start - 1] == "_"):
            if not _BACKWARDS.search(think, max(0, start - 40), start):
                yield match.group(1), match.group(2), match.group()
    for arrow in ("→", "->", "=>"):
        at = think.find(arrow)
        while at >= 0:
            looked += 1
            if looked > MAX_CLAIMS:
                return
            left = _LEFT.search(think, max(0, at - _REACH), at)
            right = _RIGHT.match(think, at + len(arrow)) if left is not None else None
            if left is not None and right is not None and not _BACKWARDS.search(think, max(0, at - 40), at):
                yield left.group(1), right.group(1), think[left.start() : right.end()]
            at = think.find(arrow, at + len(arrow))


def direction(think: str, blocks: list[tuple[str, str]], line: int, path: str) -> list[Finding]:
    """W312: "from A to B" or "A → B" where A and B are each one span of the record (a module
    of one block, or a function one block defines) and B comes before A in the flow.

    Only unambiguous claims are judged: a name of several blocks (a module with two spans), or
    a flow that visits a module twice, says nothing; a wrong claim is a warning, never an error.
    """
    claims = list(claims_of_direction(think))
    if not claims:  # most think blocks claim no direction: the spans are not read at all
        return []
    places: dict[str, set[int]] = {}
    for index, (module, code) in enumerate(blocks):
        if module:
            places.setdefault(module, set()).add(index)
        for name in defined_names(code):
            places.setdefault(name, set()).add(index)
    found = []
    for first, second, claim in claims:
        a = places.get(first.rsplit("::", 1)[-1])
        b = places.get(second.rsplit("::", 1)[-1])
        if not a or not b or len(a) != 1 or len(b) != 1 or a == b:
            continue
        if next(iter(a)) > next(iter(b)):
            found.append(
                finding(
                    line,
                    "W312",
                    f"«{printable(claim.strip().replace('`', ''), 80)}»: in this flow `{printable(second, 40)}` "
                    f"(span {next(iter(b)) + 1}) comes before "
                    f"`{printable(first, 40)}` (span {next(iter(a)) + 1})",
                    path,
                )
            )
    return found
