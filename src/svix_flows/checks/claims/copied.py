"""A field said to be filled from another: "copies `endp_id` into `endpoint_id`", "mapping
`endp_id` to `endpoint_id`", "derives `status_text` from `status`".

Judged by the values the record's code gives the field, in struct literals and assignments
(`Facts.sources`): supported when one of them names the source; contradicted when the record
gives the field values and none of them names it (the text took another field for the source)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, contradicted
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

COPIED = "copied from"  # a value claim's saying: the field (subject) is given the source (object)

_FIELD = r"`(?P<{}>[a-z_][a-z0-9_]{{0,60}})`"
# "copies `a` into `b`", "mapping `a` to `b`", "puts the row's `a` into its `b`"
_INTO = re.compile(
    r"\b(?:copies|copying|maps|mapping|moves|moving|puts|putting)\s+(?:the\s+\w+(?:'|’)s\s+|its\s+)?"
    + _FIELD.format("source")
    + r"\s+(?:into|to)\s+(?:the\s+|its\s+)?"
    + _FIELD.format("field")
    + r"(?!\s*(?:\(|::|`))"
)
# "derives `b` from `a`", "filling `b` from the row's `a`"
_FROM = re.compile(
    r"\b(?:derives|deriving|computes|computing|fills|filling)\s+(?:the\s+|its\s+)?"
    + _FIELD.format("field")
    + r"\s+from\s+(?:the\s+\w+(?:'|’)s\s+|its\s+|the\s+)?"
    + _FIELD.format("source")
    + r"(?!\s*(?:\(|::))"
)


# "whose `id` is the attempt's `endp_id`", "`endpoint_id` comes from the row's `endp_id`"
_IS = re.compile(
    _FIELD.format("field")
    + r"\s+(?:is|comes\s+from|is\s+(?:taken|copied)\s+from)\s+the\s+\w+(?:'|’)s\s+"
    + _FIELD.format("source")
    + r"(?!\s*(?:\(|::))"
)


# a field given a plain variable (`ack_deadline_ms: pending_duration`): a local or a parameter
_VARIABLE = re.compile(r"[a-z_][a-z0-9_]*")


def copied_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each field a sentence says is filled from another, not negated."""
    for pattern in (_INTO, _FROM, _IS):
        for match in pattern.finditer(sentence):
            field, source = match.group("field"), match.group("source")
            if field != source and not negated(parts, match.start(), match.end()):
                yield Claim(Kind.VALUE, sentence, field, source, COPIED)


def judge_copied(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported by a value of the field that names the source; contradicted when the record's
    code gives the field values, each made of names, and none names the source."""
    sources = facts.sources(claim.subject, own)
    if not sources:
        return Verdict(claim, State.UNCHECKABLE)  # the field is given nothing the record writes
    named = next((source for source in sources if claim.object in source.names), None)
    if named is not None:
        return Verdict(claim, State.SUPPORTED, where=named.where)
    if any(not source.names or _VARIABLE.fullmatch(source.text) for source in sources):
        # a literal value, or a variable (`ack_deadline_ms: pending_duration`, a parameter the
        # caller derived): what it was copied from is unsaid here
        return Verdict(claim, State.UNCHECKABLE)
    first = sources[0]
    return contradicted(
        claim,
        f"`{claim.subject}` is given `{first.text}` at {first.where}, which does not name "
        f"`{claim.object}`; the text says it comes from `{claim.object}`",
        first.where,
    )
