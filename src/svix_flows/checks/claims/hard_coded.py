"""A field or local said to be hard-coded: "the `canceled` field is hard-coded to 0", "with
`endpoint_uid` hard-coded to `None`". The record's code must give that name the literal said
(a struct-literal field, an assignment or a `let`); a name it only gives a computed value
(`sending: query_out.remove(…).unwrap_or(0)`) is not hard-coded at all. A name the record's
code never gives a value, or gives a value that may stand for the literal (a constant, a
constructor such as `Default::default()`), is not checkable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, contradicted, functions_named
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

HARD_CODED = "hard-coded"  # a value claim's object: the literal the record's code gives the name

_LITERAL = r"-?\d[\d_]*(?:\.\d+)?|true|false|None"
# "`x` is hard-coded to 0", "the `x` field is hard-coded to 0", "its fifth field, `x`, is
# hard-coded to 0", "with `x` hard-coded to `None`", "`x` has no source and is hard-coded to 0"
_SAID = re.compile(
    r"`(?P<name>[a-z_][a-z0-9_]{0,60})`"
    r"(?:\s+(?:field|column|flag|local|variable))?"
    r"(?:\s*,\s*|\s+)(?:(?:which|that)\s+|and\s+|[^`.;,]{1,60}?\band\s+)?"
    r"(?P<verb>(?:(?:is|are|stays|remains)\s+)?(?:always\s+)?hard[- ]?coded)\s+(?:to|as)\s+"
    r"(?P<tick>`?)(?P<value>" + _LITERAL + r")(?P=tick)"
    # the literal ends the clause: "hard-coded to 30 seconds" is a duration, not the literal 30
    r"(?=\s*(?:[,.;:)]|\Z|\s(?:and|so|since|because|behind|while|but|for|on|in|as|when)\b))",
)
# "with `x` hard-coded to …" after a name: a field given a value, not a call
HARD_CODED_AFTER = re.compile(r"\s+(?:is\s+)?hard[- ]?coded\s+(?:to|as)\b")
_NUMBER = re.compile(r"-?\d[\d_]*(?:\.\d+)?")
_LITERAL_GIVEN = re.compile(r"(?P<n>-?\d[\d_]*(?:\.\d+)?)(?:_?[iuf](?:8|16|32|64|128|size))?|true|false|None")
# a value read from a local or a field (`query_out`, `self.x`), not a path, a call or a macro
_READS = re.compile(r"(?<![\w:.])[a-z_][a-z0-9_]*\b(?!\s*(?:[(!]|::))")


def hard_coded_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each name said to be hard-coded to a literal (see the module)."""
    for match in _SAID.finditer(sentence):
        # (the clause of the verb: "`x` has no source and is hard-coded to 0" says it is)
        if not negated(parts, match.start("verb"), match.end()):
            yield Claim(Kind.VALUE, sentence, match.group("name"), HARD_CODED, match.group("value"))


def judge_hard_coded(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported by the literal said, given the name in the record's code or a function it
    reaches; contradicted when every value given there is another literal or read from
    elsewhere; not checkable otherwise (see the module). A sentence that names a struct with
    the field ("an `EventData` whose `uid` is hard-coded to `None`") is judged by that
    struct's literals alone."""
    reached = facts.reach_all(own, 2) or own
    given = facts.given(claim.subject, reached)
    found = next((v for v in given if _is_literal(v.text, claim.says)), None)
    if found is not None:
        return Verdict(claim, State.SUPPORTED, where=found.where)
    if _beyond(facts, claim.sentence, [*own, *reached]):
        return Verdict(claim, State.UNCHECKABLE)
    holders = {
        name for name in _TYPE.findall(claim.sentence) if claim.subject in (facts.fields_of(name) or ())
    }
    if holders:
        given = [v for v in given if v.owner in holders]
    if not given or not all(_LITERAL_GIVEN.fullmatch(v.text) or _READS.search(v.text) for v in given):
        return Verdict(claim, State.UNCHECKABLE)
    value = given[0]
    how = "given" if _LITERAL_GIVEN.fullmatch(value.text) else "computed as"
    return contradicted(
        claim,
        f"`{claim.subject}` is {how} `{value.text}` at {value.where}; the text says it is hard-coded to {claim.says}",
        value.where,
    )


def _beyond(facts: Facts, sentence: str, reached: list[FnDef]) -> bool:
    """Whether the sentence names a function the record does not reach: it may speak of the
    literal that function writes ("… before `process_endpoint_failure` runs, with `uid`
    hard-coded to `None`")."""
    places = {(fn.file, fn.node.start_byte) for fn in reached}
    return any((fn.file, fn.node.start_byte) not in places for fn in functions_named(facts, sentence))


# a type the sentence names, by its last path segment (`OperationalWebhook::EndpointDisabled`)
_TYPE = re.compile(r"`(?:\w+::)*([A-Z][A-Za-z0-9]{1,60})(?:<[^`]*>)?`")


def _is_literal(text: str, said: str) -> bool:
    """Whether the value as written is the literal said (`0_i64` is 0, `1.0` is 1)."""
    written = _LITERAL_GIVEN.fullmatch(text)
    if written is None:
        return False
    if written.group("n") is None or not _NUMBER.fullmatch(said):
        return text == said
    return float(written.group("n").replace("_", "")) == float(said.replace("_", ""))
