"""The status a handler answers on success: "the handler answers 204", "on success the
handler returns `StatusCode::OK`", "the client sees a 202". Held to the record's handlers (its
free functions that answer a response) and what each answers on success, read from its return
type (`NoContent` 204, `JsonStatus<202, T>` 202, `Json<T>` 200): supported by a handler that
answers the status said, contradicted when every handler's status is read and none is it, not
checkable when the record has no handler or one whose status is not read. Only a 2xx is read:
the errors a handler answers are judged where their constructors are named."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...rust.words import STATUS_CODES
from .model import HANDLER, Claim, Kind, State, Verdict, contradicted
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts
    from ...rust.facts.values import Value

SUCCESS_STATUS = "status on success"  # a value claim's object: the 2xx a handler answers

# the status said (a 2xx, not a count: "returns 200 rows"), or the constant named
_STATUS = (
    r"(?:(?:an?|HTTP|status|bare|plain|empty)\s+)*(?:(?P<n>2\d\d)(?=\s*(?:[.,;:)]|\Z)|\s+(?:OK|Created|Accepted|"
    r"No\s+Content|status|response|with|and|on|even|when|if|rather|instead|for|after|once|so|because|"
    r"again|either|too|here|only|regardless|whether|like)\b)|`(?:StatusCode::)?(?P<name>[A-Z][A-Z_]{1,30})`)"
)
_STILL = r"(?:(?:then|finally|still|also|likewise|always|simply|just|only|now|instead)\s+)?"
_SAID = re.compile(
    # "the handler answers 204", "On success it returns `StatusCode::OK`"
    r"\b(?:(?:the\s+(?:route\s+|HTTP\s+|endpoint\s+)?handler|the\s+route|(?<=On success )it|(?<=On success, )it)\s+"
    rf"{_STILL}(?:returns|answers(?:\s+with)?|responds\s+with|replies\s+with)"
    # "the client sees a 202", "so the caller gets 200"
    r"|the\s+(?:API\s+|HTTP\s+)?(?:client|caller)\s+(?:then\s+|still\s+|always\s+)?(?:sees|gets|receives))\s+"
    + _STATUS,
    re.IGNORECASE,
)
# "The handler overwrites …, saves it with `update`, and returns 200": the last of the opening
# subject's verbs, no clause of another subject between
_LAST_VERB = re.compile(
    r"\A(?:On\s+success,?\s+)?the\s+handler\s+"
    r"(?:(?!\b(?:which|that|whose|where|while|when|if|once|after|before|then)\b)[^;:]){0,200}?"
    r",?\s+and\s+(?:then\s+|finally\s+)?(?:returns|answers(?:\s+with)?)\s+" + _STATUS,
    re.IGNORECASE,
)


def success_status_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """A 2xx said of what the handler answers (see the module)."""
    last = _LAST_VERB.match(sentence)
    for said in [*_SAID.finditer(sentence), *([last] if last is not None else [])]:
        name = said.group("name")
        code = said.group("n") or (str(STATUS_CODES[name]) if name in STATUS_CODES else None)
        if code is None or not code.startswith("2") or negated(parts, said.start(), said.end()):
            continue
        yield Claim(Kind.VALUE, sentence, HANDLER, SUCCESS_STATUS, code)


def judge_success_status(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported by a handler of the record that answers the status said on success,
    contradicted when each handler's status is read and none is it (see the module)."""
    handlers = [
        (fn, statuses)
        for fn in own
        if fn.owner is None and (statuses := facts.success_statuses(fn)) is not None
    ]
    if not handlers or any(not statuses for _, statuses in handlers):
        return Verdict(claim, State.UNCHECKABLE)
    return held_to_answers(claim, [(fn.name, statuses) for fn, statuses in handlers])


def held_to_answers(claim: Claim, answering: list[tuple[str, list[Value]]]) -> Verdict:
    """A 2xx said against what each named handler answers on success (each with at least one
    status read): supported by one that answers it, contradicted otherwise."""
    said = float(claim.says)
    for _, statuses in answering:
        for value in statuses:
            if value.numbers[0] == said:
                return Verdict(claim, State.SUPPORTED, where=value.where)
    shown = "; ".join(
        f"`{name}` answers " + " or ".join(f"{int(v.numbers[0])} (`{v.text}` at {v.where})" for v in statuses)
        for name, statuses in answering
    )
    return contradicted(claim, f"{shown} on success; the text says {claim.says}", answering[0][1][0].where)
