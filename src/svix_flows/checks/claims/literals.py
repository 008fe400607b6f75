"""A message said with the constructor that builds it: "maps the rejection to
`HttpError::unauthorized` with the detail "Invalid token"". The string is found where the
record's code writes it, and the calls around it say which constructor builds it: another
constructor of the same type there contradicts the claim, and so does a status said with the
message ("answers 401 with the detail "Invalid token"") that its constructor does not answer.
A message said to be a panic's ("`key` panics with the message "…"") is contradicted where a
constructor builds it instead."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...rust.facts.handling import Handling
from ...rust.words import LOG_LEVELS
from .model import REACH_DEPTH, Claim, Kind, State, Verdict, contradicted
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts
    from ...rust.facts.literals import Built

BUILDS = "builds"  # an error claim's relation: the constructor builds the quoted message
ANSWERS_WITH = "answers with"  # an error claim's relation: the status (its subject) carries the message
PANICS_WITH = "panics with"  # an error claim's relation: the code panics with the quoted message
PANIC = "<panic>"  # the subject of a panic's message claim

_NOUN = r"detail|message|text|reason|error message|error text|body|string|code"
_TICKED_WORDS = r"[^`(\n]{1,200}\s[^`(\n]{1,200}"  # words in backticks: a message, not a name
_AFTER_NOUN = r"(?:(?<=detail )|(?<=message )|(?<=text )|(?<=reason )|(?<=string ))"  # "the detail `…`"
# what a sentence needs for `message_claims` to read it: a quote, or a noun before backticks
MESSAGE_SAID = re.compile(r"[\"“]|\b(?:code|detail|message|text|reason|string) `")
_WITH_MESSAGE = re.compile(
    r"`(?P<ctor>(?:[A-Za-z_]\w{0,40}::)+[a-z_]\w{0,60})(?:\([^`]{0,80}\))?`"
    r"(?P<gap>[^`\".;]{0,40}?)"
    r"(?:\s+(?:with|carrying)\s+(?:the|a|an|its)?\s*(?:" + _NOUN + r")?"
    # "fails with `E::c` and the detail "…"": the message named as such
    r"|\s+and\s+(?:the|a|an|its)\s+(?:" + _NOUN + r"))"
    r"\s*(?:[\"“](?P<text>[^\"”\n]{3,200})[\"”]"
    # "with the code `event_type_exists`": a code in backticks, after "code" only
    r"|(?<=code )`(?P<code>[a-z][a-z0-9_]{2,60})`"
    # "with the detail `Invalid token`": words in backticks (a space among them), after the noun
    r"|" + _AFTER_NOUN + r"`(?P<tick>" + _TICKED_WORDS + r")`)"
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
        group = next(name for name in ("text", "code", "tick") if match.group(name))
        text, said = match.group(group), match.start(group)
        if "`" in match.group("gap") or negated(parts, match.start(), said - 1):
            continue
        yield Claim(Kind.ERROR, sentence, match.group("ctor"), _ELIDED.sub("", text), BUILDS)


# "answers 401 with the detail "…"", "refused with a 422 whose detail reads "…"", "`c` with the
# detail "…", which is a 403": a status, one of a sentence's only two, beside its one message
_STATUS = re.compile(
    r"(?<![\w.\-$])(?P<n>[45]\d\d)(?![\w\-%]|\.\d|\s*(?:ms|s|bytes|seconds|minutes|days|rows|times|items)\b)"
)
_QUOTED = re.compile(r"[\"“][^\"”\n]{3,200}[\"”]|" + _AFTER_NOUN + r"`" + _TICKED_WORDS + "`")
# what may stand between the two: no other error, no contrast, no clause of its own
_APART = re.compile(r"[;:]|`[^`]*Error::|\b(?:while|whereas|otherwise|but|or|else|unlike|other|instead)\b")
# a denial of the answer itself, just before it ("never answers 401 with …"); a condition's
# ("A hit without the flag is refused with a 409 …") leaves the message's status as it is
_DENIED_ANSWER = re.compile(
    r"\b(?:not|never|n't|no\s+longer|rather\s+than|instead\s+of|unlike)\b", re.IGNORECASE
)


def status_message_claims(sentence: str) -> Iterator[Claim]:
    """ "answers 401 with the detail "Invalid token"": the status answers the message's
    constructor (a sentence with one status and one message, close and in one clause). The
    constructor that builds a message answers one status whatever the condition, so only a
    denial of the answer itself leaves the claim unread."""
    quotes = list(_QUOTED.finditer(sentence))
    if len(quotes) != 1:
        return
    quote = quotes[0]
    statuses = [m for m in _STATUS.finditer(sentence) if not quote.start() <= m.start() < quote.end()]
    if len(statuses) != 1:
        return
    status = statuses[0]
    first = min(status.start(), quote.start())
    between = sentence[min(status.end(), quote.end()) : max(status.start(), quote.start())]
    if (
        len(between) > 80
        or _APART.search(between)
        or _DENIED_ANSWER.search(between)
        or _DENIED_ANSWER.search(sentence, max(0, first - 30), first)
    ):
        return
    text = _ELIDED.sub("", quote.group()[1:-1])
    if len(text) >= 3:
        yield Claim(Kind.ERROR, sentence, status.group("n"), text, ANSWERS_WITH)


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
    r"(?:[\"“](?P<text>[^\"”\n]{3,200})[\"”]|`(?P<tick>" + _TICKED_WORDS + r")`)"
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
    constructor's argument (`Error::generic("…")`) or a log's (`tracing::error!("…")`); another
    macro's (`panic!`) is not checkable."""
    places = facts.built_from(claim.object, facts.reach_all(own, REACH_DEPTH))
    for place in places:
        if place.panics_by_call:
            return Verdict(claim, State.SUPPORTED, where=place.where)
    if places and all(place.macro in LOG_LEVELS for place in places):
        place = places[0]
        return contradicted(
            claim,
            f'"{claim.object}" is logged with `tracing::{place.macro}!` at {place.where}; the text says a panic',
            place.where,
        )
    if not places or not all(place.callees and "::" in place.callees[0] for place in places):
        return Verdict(claim, State.UNCHECKABLE)
    if _unwrapped_above(facts, claim.sentence, places, own):
        # the error built is unwrapped on its way up: a panic, unless the sentence names where
        # it is built ("`key` panics with …" of the `key` that returns it)
        return Verdict(claim, State.UNCHECKABLE)
    place = places[0]
    return contradicted(
        claim,
        f'"{claim.object}" is built with `{place.callees[0]}` at {place.where}, an error returned; '
        "the text says a panic",
        place.where,
    )


def _unwrapped_above(facts: Facts, sentence: str, places: list[Built], own: list[FnDef]) -> bool:
    """Whether the record's code unwraps (`.unwrap()`, `.expect(…)`) the result of a call that
    reaches a function building the message, and the sentence names none of those functions:
    the error built then ends in a panic carrying it."""
    builders = {
        id(fn): fn
        for place in places
        for fn in facts.crate.functions.get(place.file, [])
        if fn.line <= place.line <= fn.end_line
    }
    if any(f"`{fn.name}`" in sentence or f"::{fn.name}`" in sentence for fn in builders.values()):
        return False
    for fn in facts.reach_all(own, REACH_DEPTH):
        for site in facts.sites(fn):
            if site.handling is Handling.PANICS and any(
                id(reached) in builders
                for callee in facts.functions(site.name)
                for reached in facts.reach(callee, REACH_DEPTH)
            ):
                return True
    return False


def judge_status_message(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when the constructor that builds the message answers the status said;
    contradicted when every place the record's code writes it is built by constructors that
    answer another; not checkable when some place is not an error's constructor, or the status
    said is a 500 (what passes errors on answers 500 for them)."""
    answered: dict[float, str] = {}
    places = facts.built_from(claim.object, own)
    for place in places:
        statuses = next(
            (found for callee in place.callees if (found := _constructor_statuses(facts, callee))), None
        )
        if statuses is None:
            return Verdict(claim, State.UNCHECKABLE)
        for code in statuses:
            answered.setdefault(code, place.where)
    said = float(claim.subject)
    if not answered or said == 500.0:
        return Verdict(claim, State.UNCHECKABLE)
    if said in answered:
        return Verdict(claim, State.SUPPORTED, where=answered[said])
    shown = ", ".join(f"{int(code)} at {where}" for code, where in sorted(answered.items()))
    return contradicted(
        claim,
        f'"{claim.object}" is built by an error that answers {shown}; the text says {claim.subject}',
        next(iter(answered.values())),
    )


def _constructor_statuses(facts: Facts, callee: str) -> list[float]:
    """The statuses an error's constructor names (`HttpError::unauthorized` → 401), none when
    the call is not one."""
    path = callee.split("(", 1)[0].split("::")
    if len(path) < 2 or not path[-2].endswith("Error"):
        return []
    return [value.numbers[0] for value in facts.statuses_of("::".join(path[-2:]))]
