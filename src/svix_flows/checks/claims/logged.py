"""A level said to be logged at: "the error is only logged with `tracing::error!`", "`can_fail`
logs it through `tracing::warn!`", "a failed send is logged with `error!`".

Held to the log macros of the record's own functions and of what they call directly (the code a
reader of the record sees, and the helper one call away that logs for it): supported where one
of them logs at that level; contradicted when they log at other levels only, or log nothing at
all. Deeper code is not asked (a flow reaches so much that every level is logged somewhere),
unless the sentence quotes the message: a level logged with that message there supports it (a
retry helper's helper that warns on each retry, "logged with `warn!` as "Retrying after error""),
and one the crate logs at that level only beyond it leaves the sentence unjudged (it speaks of
that place). A
macro in a negated, contrasted or supposed clause ("rather than `tracing::error!`") is left
alone, and so is a sentence about code beyond the record ("the worker's branch, which …")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ...rust.words import LOG_LEVELS
from .model import REACH_DEPTH, Claim, Kind, State, Verdict, at, bodies, contradicted
from .text import FUNCTION_NAMED, GIVEN_ASIDE, Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts
    from ...rust.facts.literals import Built

LOGS_AT = "logs at"  # an error claim's saying: the record's code logs at the level (subject)
_DEPTH = 1  # the record's functions and what they call directly
_DEEPER = 3  # how deep a message quoted is looked for
# the message quoted with the macro: "logged with `warn!` as "Retrying after error""
_QUOTED = re.compile(r'"(?P<message>[A-Za-z][^"{}]{7,80})"|“(?P<curly>[A-Za-z][^”{}]{7,80})”')

# `tracing::error!`, `warn!`, `tracing::warn!(…)`: a log macro of a level, in backticks
_MACRO = re.compile(r"`(?:tracing::|log::)?(?P<level>" + "|".join(LOG_LEVELS) + r")!(?:\([^`]{0,200}\))?`")
# another part of the server, or a later time: what logs there may lie beyond the record's code
_BEYOND = re.compile(
    r"\b(?:the\s+worker(?:'|’)s|later|elsewhere|another\s+flow|outside\s+(?:this|the)\s+flow)\b",
    re.IGNORECASE,
)


def logged_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each level a sentence says the record's code logs at, once."""
    if _BEYOND.search(sentence):
        return
    levels: dict[str, None] = {}
    for match in _MACRO.finditer(sentence):
        if not negated(parts, match.start(), match.end()):
            levels.setdefault(match.group("level"))
    quoted = _QUOTED.search(sentence)
    message = (quoted.group("message") or quoted.group("curly")) if quoted is not None else ""
    for level in levels:
        yield Claim(Kind.ERROR, sentence, level, message, LOGS_AT)


def judge_logged(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where the record's functions, or what they call directly, log at the level;
    contradicted when they log at others only, or nothing at all."""
    if not own:
        return Verdict(claim, State.UNCHECKABLE)
    level = claim.subject
    panic = _panics_with(facts, claim.object, own) if claim.object else None
    if panic is not None:
        return contradicted(
            claim,
            f'"{claim.object}" is the message of `{panic.callees[0] if panic.callees else panic.macro + "!"}` at '
            f"{panic.where}, a panic, and nothing logs it; the text says it is logged with `tracing::{level}!`",
            panic.where,
        )
    own_logger = _said_logger(facts, claim)
    if own_logger is not None:
        return own_logger
    logged = _levels(facts, facts.reach_all(own, _DEPTH))
    if level in logged:
        return Verdict(claim, State.SUPPORTED, where=logged[level])
    if claim.object:
        for fn in facts.reach_all(own, _DEEPER):
            quoted = facts.logs_message(fn, level, claim.object)
            if quoted is not None:
                return Verdict(claim, State.SUPPORTED, where=quoted)
        if facts.logged_anywhere(level, claim.object) is not None:
            # "A retry still queued in the worker logs "…" with `warn!`": the message quoted is
            # logged at that level beyond the record, so the sentence speaks of that place
            return Verdict(claim, State.UNCHECKABLE)
    if _named_elsewhere(facts, claim.sentence, level, own):
        # "the admin `redrive_dlq` handler only logs … with `tracing::warn!`": a function of
        # the name the record has not, which does log so, may be the one meant
        return Verdict(claim, State.UNCHECKABLE)
    if not logged:
        return contradicted(
            claim,
            f"the record's code logs nothing, nor what it calls directly; the text says it logs with "
            f"`tracing::{level}!`",
            at(own[0]),
        )
    other = min(logged)
    return contradicted(
        claim,
        f"the record's code logs with `tracing::{other}!` ({logged[other]}) and never with "
        f"`tracing::{level}!`, nor does what it calls directly",
        logged[other],
    )


def _levels(facts: Facts, fns: Iterable[FnDef]) -> dict[str, str]:
    """Each level these functions log at, with the first place that logs at it."""
    levels: dict[str, str] = {}
    for fn in fns:
        for level, where in facts.log_levels(fn).items():
            levels.setdefault(level, where)
    return levels


def _panics_with(facts: Facts, message: str, own: list[FnDef]) -> Built | None:
    """The place the record's code (or what it reaches) panics with the message quoted, when
    every place it writes it is a panic's (`expect("…")`, `panic!("…")`); None otherwise."""
    places = facts.built_from(message, facts.reach_all(own, REACH_DEPTH))
    return places[0] if places and all(place.panics for place in places) else None


def _named_elsewhere(facts: Facts, sentence: str, level: str, own: list[FnDef]) -> bool:
    """Whether a function the sentence names (without arguments), beyond the record's, logs at
    the level."""
    for name in {
        m.group("name") for m in FUNCTION_NAMED.finditer(sentence) if m.group("args") in (None, "()")
    }:
        for fn in facts.functions(name):
            if not any(fn is other for other in own) and level in facts.log_levels(fn):
                return True
    return False


# a function said to log, as the sentence's subject ("`CanFail::can_fail` logs the error with
# `tracing::warn!`", "Since `f` on a `Result` logs …") or in a relative clause ("… to
# `can_fail("…")`, which logs it through `tracing::warn!`"), the macro in the same clause
_LOGGER = re.compile(
    r"(?:\A(?:(?:Then|Next|Finally|Since|Because|Here|Instead),?\s+)?|,\s+and\s+)"
    r"`(?P<name>(?:\w+::)*[a-z_]\w*)(?:\([^`]*\))?`(?:\s+on\s+an?\s+`[^`]{1,40}`)?\s+"
    r"(?:then\s+|also\s+|only\s+|first\s+|simply\s+)?logs\b[^.;`]{0,80}`(?:tracing::|log::)?(?P<level>\w+)!"
    r"|`(?P<relative>(?:\w+::)*[a-z_]\w*)(?:\([^`]*\))?`" + GIVEN_ASIDE + r",\s+which\s+"
    r"(?:then\s+|also\s+|only\s+|first\s+|simply\s+)?logs\b[^.;`]{0,80}`(?:tracing::|log::)?(?P<level2>\w+)!"
)


def _said_logger(facts: Facts, claim: Claim) -> Verdict | None:
    """ "`f` logs the error with `tracing::warn!`": judged in `f`'s own bodies, when they log at
    some level (a function that logs through a helper is left to the record-wide reading)."""
    level = claim.subject
    for match in _LOGGER.finditer(claim.sentence):
        name = match.group("name") or match.group("relative")
        if (match.group("level") or match.group("level2")) != level:
            continue
        levels = _levels(facts, bodies(facts, name))
        if not levels:
            return None
        if level in levels:
            return Verdict(claim, State.SUPPORTED, where=levels[level])
        other = min(levels)
        return contradicted(
            claim,
            f"`{name}` logs with `tracing::{other}!` at {levels[other]}, never with `tracing::{level}!`",
            levels[other],
        )
    return None
