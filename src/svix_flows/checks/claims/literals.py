"""A message said with the constructor that builds it: "maps the rejection to
`HttpError::unauthorized` with the detail "Invalid token"". The string is found where the
record's code writes it, and the calls around it say which constructor builds it: another
constructor of the same type there contradicts the claim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, contradicted
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

BUILDS = "builds"  # an error claim's relation: the constructor builds the quoted message

_NOUN = r"detail|message|text|reason|error message|error text|body|string|code"
_WITH_MESSAGE = re.compile(
    r"`(?P<ctor>(?:[A-Za-z_]\w{0,40}::)+[a-z_]\w{0,60})(?:\([^`]{0,80}\))?`"
    r"(?P<gap>[^`\".;]{0,40}?)"
    r"(?:\s+(?:with|carrying)\s+(?:the|a|an|its)?\s*(?:" + _NOUN + r")?"
    # "fails with `E::c` and the detail "…"": the message named as such
    r"|\s+and\s+(?:the|a|an|its)\s+(?:" + _NOUN + r"))"
    r"\s*(?:[\"“](?P<text>[^\"”\n]{3,200})[\"”]"
    # "with the code `event_type_exists`": a code in backticks, after "code" only
    r"|(?<=code )`(?P<code>[a-z][a-z0-9_]{2,60})`)"
)


# "`Error::generic("Failed to decode queue task: ...")`": the constructor written with its text
_INLINE_MESSAGE = re.compile(
    r"`(?P<ctor>(?:[A-Za-z_]\w{0,40}::)+[a-z_]\w{0,60})\(\s*\"(?P<text>[^\"`\n]{3,200})\"\s*\)`"
)
_ELIDED = re.compile(r"\s*(?::\s*)?(?:\.\.\.|…|\{[^{}]*\})\s*\Z")  # ": ...", " {e}": what the text leaves out


def message_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """ "`HttpError::bad_request` with the detail "Invalid token"", "`Error::generic("…")`": the
    constructor builds it."""
    for inline in _INLINE_MESSAGE.finditer(sentence):
        text = _ELIDED.sub("", inline.group("text"))
        if len(text) >= 3 and not negated(parts, inline.start(), inline.end()):
            yield Claim(Kind.ERROR, sentence, inline.group("ctor"), text, BUILDS)
    for match in _WITH_MESSAGE.finditer(sentence):
        text = match.group("text") or match.group("code")
        said = match.start("text") if match.group("text") else match.start("code")
        if "`" in match.group("gap") or negated(parts, match.start(), said - 1):
            continue
        yield Claim(Kind.ERROR, sentence, match.group("ctor"), text, BUILDS)


def judge_message(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where a call of the constructor holds the message; contradicted when every place
    the record writes it is built by another constructor of the same type, not checkable when
    the record's code does not write it."""
    said = claim.subject.split("::")
    owner = "::".join(said[-2:-1])
    built = facts.built_from(claim.object, own)
    others = []
    for place in built:
        for callee in place.callees:
            # (`SvixHttpsConnector::new(…).expect`: the message of the call the method is on)
            path = callee.split("(", 1)[0].split("::")
            if path[-1] == said[-1] and (not owner or path[-2:-1] == [owner]):
                return Verdict(claim, State.SUPPORTED, where=place.where)
            if owner and path[-2:-1] == [owner]:
                others.append((callee, place))
                break
        else:
            return Verdict(claim, State.UNCHECKABLE)  # a place no constructor of that type builds
    if not others:
        return Verdict(claim, State.UNCHECKABLE)
    callee, place = others[0]
    return contradicted(
        claim,
        f'"{claim.object}" is built with `{callee}` at {place.where}; the text says `{claim.subject}`',
        place.where,
    )
