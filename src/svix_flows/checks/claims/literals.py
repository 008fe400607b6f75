"""A message said with the constructor that builds it: "maps the rejection to
`HttpError::unauthorized` with the detail "Invalid token"". The string is found where the
record's code writes it, and the calls around it say which constructor builds it: another
constructor of the same type there contradicts the claim. A message said to be a panic's
("`key` panics with the message "…"") is contradicted where a constructor builds it instead."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...rust.words import PANIC_MESSAGE_CALLS
from .model import REACH_DEPTH, Claim, Kind, State, Verdict, contradicted
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

BUILDS = "builds"  # an error claim's relation: the constructor builds the quoted message
PANICS_WITH = "panics with"  # an error claim's relation: the code panics with the quoted message
PANIC = "<panic>"  # the subject of a panic's message claim

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


# "panics with the message "…"", "panics with the text `…`": a message (a backticked one has a space)
_PANICS_WITH = re.compile(
    r"\bpanic(?:s|king)?\s+with\s+(?:the\s+|a\s+)?(?:message\s+|text\s+)?"
    r"(?:[\"“](?P<text>[^\"”\n]{3,200})[\"”]|`(?P<tick>[^`(\n]{1,200}\s[^`(\n]{1,200})`)"
)


def panic_message_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """ "`key` panics with the message "…"": the code panics with that message."""
    for match in _PANICS_WITH.finditer(sentence):
        if not negated(parts, match.start(), match.end()):
            text = _ELIDED.sub("", match.group("text") or match.group("tick"))
            yield Claim(Kind.ERROR, sentence, PANIC, text, PANICS_WITH)


def judge_panic_message(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where the message is handed to a call that panics with it (`expect`);
    contradicted when every place the record's code (or what it reaches) writes it is a
    constructor's argument (`Error::generic("…")`); a macro's (`panic!`) is not checkable."""
    places = facts.built_from(claim.object, facts.reach_all(own, REACH_DEPTH))
    for place in places:
        if any(
            callee.replace("::", ".").rsplit(".", 1)[-1] in PANIC_MESSAGE_CALLS for callee in place.callees
        ):
            return Verdict(claim, State.SUPPORTED, where=place.where)
    if not places or not all(place.callees and "::" in place.callees[0] for place in places):
        return Verdict(claim, State.UNCHECKABLE)
    place = places[0]
    return contradicted(
        claim,
        f'"{claim.object}" is built with `{place.callees[0]}` at {place.where}, an error returned; '
        "the text says a panic",
        place.where,
    )
