"""A database error code said to be looked for: "`is_conflict_err` looks for the Postgres code
"23505"", "SQLSTATE 23505, the unique violation". The code is held to the code-shaped string
literals (`"23505"`) of the record's code, what it calls within two calls and the functions
the sentence names: supported by the one said, contradicted when there are such literals and
none is it, not checkable when there are none (the code may be in a library)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import FLOW, Claim, Kind, State, Verdict, contradicted, functions_named
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

DB_CODE = "database code"  # a value claim's object: the error code the code compares with

# a SQLSTATE: a class of two digits and a subclass of three characters ("23505", "42P01")
_SHAPE = re.compile(r"\d{2}[0-9A-Z]{3}")
# "the Postgres code `23505`", "SQLSTATE 23505", "a Postgres "23505" unique violation",
# "error code 23505", "(code 23505)"; not a status code
_SAID = re.compile(
    r"(?<!status )\b(?:(?:Postgres(?:QL)?|SQLSTATE|database|DB|SQL)\s+(?:error\s+)?(?:code\s+)?"
    r"|(?:error\s+)?code\s+)"
    r"(?P<quote>[`\"']?)(?P<code>\d{2}[0-9A-Z]{3})(?P=quote)(?![\w-])"
)
# "not 23503", "rather than 23503": a code set against the one looked for
_SET_AGAINST = re.compile(r"\b(?:not|nor|rather than|instead of|unlike|than)\s+(?:the\s+|a\s+|an\s+)?\Z")


def code_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each database error code the sentence says is looked for (see the module)."""
    for match in _SAID.finditer(sentence):
        if negated(parts, match.start(), match.end()):
            continue
        if _SET_AGAINST.search(sentence, max(0, match.start() - 16), match.start()):
            continue
        yield Claim(Kind.VALUE, sentence, FLOW, DB_CODE, match.group("code"))


def judge_code(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported by a literal of the code said; contradicted when the code's literals of that
    shape are all others (see the module)."""
    within = list(
        {id(fn): fn for fn in [*facts.reach_all(own, 2), *functions_named(facts, claim.sentence)]}.values()
    )
    written = facts.strings_like(_SHAPE, within)
    found = next((w for w in written if w.text == claim.says), None)
    if found is not None:
        return Verdict(claim, State.SUPPORTED, where=found.where)
    if not written:
        return Verdict(claim, State.UNCHECKABLE)
    shown = ", ".join(sorted({f'`"{w.text}"`' for w in written}))
    return contradicted(
        claim,
        f"the code compares the error code with {shown} at {written[0].where}; the text says {claim.says}",
        written[0].where,
    )
