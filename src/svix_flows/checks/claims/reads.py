"""A field or value a function is said to read: "`ConfigurationInner::cache_dsn`, which
prefers `cache_dsn` and falls back to `redis_dsn`", "`queue_dsn` reads the `queue_dsn` field".

Borne out when the function, or what it calls within two calls, names it; contradicted when
nothing it reaches does (the text gave the function another's field)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, at, contradicted, record_first
from .text import Clauses, Token, function_like, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

READS = "reads"  # a call claim's saying: the function's body reads the field or value

# "`f`, which prefers `x`", "`f` reads the `x` field", "… and falls back to `y`"
_READS = re.compile(r"(?:\(\))?(?:\s*,\s*which)?\s+(?:prefers|reads)\s+(?:the\s+|its\s+)?\Z", re.IGNORECASE)
_FALLS_BACK = re.compile(
    r"(?:\s+(?:field|column|value|setting))?,?\s+and\s+falls\s+back\s+to\s+(?:the\s+)?\Z", re.IGNORECASE
)
_FIELD = re.compile(r"[a-z_][a-z0-9_]{1,60}")
# a noun after the name that is not the field itself: "the `messagecontent` bytes", "its `x` row"
_OF_A_NOUN = re.compile(
    r"\s+(?!(?:field|column|value|setting|flag|option|and|or|first|over|before|after|if|when|unless|from|"
    r"with|then|but|instead|only|at|in|on|for|to|as|is|while|so)\b)[a-z]{3,}\b"
)


def read_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """The fields a sentence says a function reads (see the module)."""
    for index, token in enumerate(found[:-1]):
        if not (token.ticked and function_like(token) and ("::" in token.name or "_" in token.name)):
            continue
        read = found[index + 1]
        if not read.ticked or not _FIELD.fullmatch(read.text):
            continue
        if not _READS.fullmatch(sentence, token.end, read.start) or negated(parts, token.start, read.end):
            continue
        if _OF_A_NOUN.match(sentence, read.end):
            continue  # "prefers the `messagecontent` bytes": a name before another noun, no field
        yield Claim(Kind.CALL, sentence, token.name, read.text, READS)
        if index + 2 < len(found):
            fallback = found[index + 2]
            if (
                fallback.ticked
                and _FIELD.fullmatch(fallback.text)
                and _FALLS_BACK.fullmatch(sentence, read.end, fallback.start)
            ):
                yield Claim(Kind.CALL, sentence, token.name, fallback.text, READS)


def judge_read(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when what the function reaches within two calls names the field; contradicted
    when nothing does."""
    fns = record_first(facts.functions(claim.subject), own)
    if not fns or len(fns) > 3:
        return Verdict(claim, State.UNCHECKABLE)
    naming = facts.reaching(fns, claim.object, 2)
    if naming is not None:
        return Verdict(claim, State.SUPPORTED, where=at(naming))
    return contradicted(
        claim,
        f"`{claim.subject}` ({at(fns[0])}) reaches nothing that names `{claim.object}` within two calls; "
        "the text says it reads it",
        at(fns[0]),
    )
