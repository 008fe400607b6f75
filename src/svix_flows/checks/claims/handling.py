"""Error handling: "`send` is retried", "the error of `set` is only logged", "`insert`'s error
propagates", "a failed cache write is swallowed"; judged by what the call sites of the record's
code do with the call's error (`?`, mapped, logged, dropped) and whether anything retries it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import ACTION, Claim, Kind, State, Verdict
from .text import Clauses, Token, function_like, governed, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts, SiteFact

RETRIED, LOGGED, PROPAGATED = "retried", "only logged", "propagated"

_RETRIED = re.compile(r"\bretr(?:y|ies|ied)\b", re.IGNORECASE)
_LOGGED = re.compile(
    r"\b(?:only logged|is logged|are logged|gets logged|logged and (?:dropped|ignored|discarded)|"
    r"swallowed|is ignored|are ignored|silently dropped|is discarded)\b",
    re.IGNORECASE,
)
_PROPAGATED = re.compile(r"\b(?:propagat\w*|bubbles? up)\b", re.IGNORECASE)
_SAYINGS = ((_RETRIED, RETRIED), (_LOGGED, LOGGED), (_PROPAGATED, PROPAGATED))

# "a failed `send`", "the error of `insert`": the token after names what fails
_FAILING = re.compile(
    r"\b(?:a failed|failed|failing|error of|errors of|failure of|failures of|error from|errors from|error in)\s+\Z",
    re.IGNORECASE,
)
# "a failed cache write", "an error of that send": the calls an action noun stands for
_ACTIONS = {
    "cache write": ("set", "set_raw", "set_if_not_exists"),
    "redis write": ("set", "set_raw", "set_if_not_exists"),
    "cache read": ("get", "get_raw"),
    "queue send": ("send",),
    "database write": ("insert", "update"),
    "ack": ("ack",),
    "nack": ("nack",),
    "insert": ("insert",),
    "delete": ("delete",),
    "update": ("update",),
    "commit": ("commit",),
    "invalidation": ("invalidate",),
}
_ACTION = re.compile(
    r"\b(?:a failed|the failed|an? (?:error|failure) (?:of|in|from) (?:the|that|this|an?|each)|a failure to|"
    r"(?:errors?|failures?) (?:of|from|in) (?:the|that|this|each))\s+(?:(?P<store>cache|queue|database|redis)\s+)?"
    r"(?P<word>[a-z]+)\b",
    re.IGNORECASE,
)


def error_claims(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """The function named nearest before the words in their clause (else the one a "failed" or
    "error of" names, else an action noun such as "a failed cache write")."""
    for pattern, says in _SAYINGS:
        match = pattern.search(sentence)
        if match is None or negated(clauses, match.start(), match.end()):
            continue
        subject = _failing_subject(sentence, tokens, clauses, match.start())
        if subject is not None:
            yield Claim(Kind.ERROR, sentence, subject, "", says)


def _failing_subject(sentence: str, tokens: list[Token], clauses: Clauses, at: int) -> str | None:
    start = next((a for a, b, _ in clauses if a <= at < b), 0)
    callable_ = [t for t in tokens if function_like(t)]
    failing = [t for t in callable_ if _FAILING.search(sentence, max(0, t.start - 20), t.start)]
    if failing:
        return failing[0].name
    action = _ACTION.search(sentence, start, at)
    if action is None:
        near = [t for t in callable_ if start <= t.start < at and not governed(sentence, t)]
        return near[-1].name if near else None
    store = (action.group("store") or "").lower()
    word = action.group("word").lower()
    key = f"{store} {word}" if f"{store} {word}" in _ACTIONS else word
    return ACTION + key if key in _ACTIONS else None


def judge_error(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Judged on the record's call sites of the subject (one only, for an action noun)."""
    if claim.subject.startswith(ACTION):
        name = claim.subject.removeprefix(ACTION)
        names = _ACTIONS.get(name) or _ACTIONS.get(name.split(" ")[-1], ())
    else:
        name = claim.subject.rsplit("::", 1)[-1]
        names = (name,)
    sites = [s for fn in own for s in facts.sites(fn) if s.name in names]
    if not sites or (claim.subject.startswith(ACTION) and len(sites) > 1):
        return Verdict(claim, State.UNCHECKABLE)  # "that send" of several: which is meant?
    if claim.says == RETRIED:
        return _retried(facts, claim, name, names, sites)
    if claim.says == LOGGED:
        return _logged(claim, name, sites)
    return _propagated(claim, name, sites)


def _retried(facts: Facts, claim: Claim, name: str, names: tuple[str, ...], sites: list[SiteFact]) -> Verdict:
    if any(s.retried for s in sites) or any(_retries(facts, fn) for n in names for fn in facts.functions(n)):
        return Verdict(claim, State.SUPPORTED, where=sites[0].where)
    if all(s.handling.swallowed for s in sites):
        return Verdict(
            claim,
            State.CONTRADICTED,
            f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; nothing retries it",
            sites[0].where,
        )
    return Verdict(claim, State.UNCHECKABLE)


def _logged(claim: Claim, name: str, sites: list[SiteFact]) -> Verdict:
    swallowed = [s for s in sites if s.handling.swallowed]
    if swallowed:
        return Verdict(claim, State.SUPPORTED, where=swallowed[0].where)
    if all(s.handling.propagated for s in sites):
        return Verdict(
            claim,
            State.CONTRADICTED,
            f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; "
            "the text says it is only logged",
            sites[0].where,
        )
    return Verdict(claim, State.UNCHECKABLE)


def _propagated(claim: Claim, name: str, sites: list[SiteFact]) -> Verdict:
    propagated = [s for s in sites if s.handling.propagated]
    if propagated:
        return Verdict(claim, State.SUPPORTED, where=propagated[0].where)
    if all(s.handling.swallowed for s in sites):
        return Verdict(
            claim,
            State.CONTRADICTED,
            f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; "
            "the text says it propagates",
            sites[0].where,
        )
    return Verdict(claim, State.UNCHECKABLE)


def _retries(facts: Facts, fn: FnDef) -> bool:
    return any(site.retried or "retr" in site.name.lower() for site in facts.sites(fn))
