"""The status said of what builds errors: an error mapper ("the insert maps its `DbErr`
through `http_error_on_conflict`, so a duplicate uid becomes a 409", "wrapped in
`map_err(http_error_on_conflict)`, so a unique violation becomes a 409") or an extractor
("`ValidatedJson` answers 422", "rejected by `ValidatedQuery` with a 422") or a function
("`health` answers a 500", a `StatusCode` its own body names counted in).

The body names the error constructors it builds (`HttpError::conflict`), each of which names
one `StatusCode`; a status said of it is one of those (an extractor's helpers two calls deep
counted in). A 500 is left alone: what passes other errors on (`Error::database`) answers 500
for them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...rust.facts.handling import Handling
from .model import Claim, Kind, State, Verdict, contradicted, record_first
from .success import held_to_answers
from .text import Clauses, Token, function_like, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

MAPPED_STATUS = "status mapped to"  # a value claim's object: the status an error mapper gives
EXTRACTOR_STATUS = "status rejected with"  # a value claim's object: the status an extractor answers
FUNCTION_STATUS = "status answered"  # a value claim's object: the status a function answers

# "maps its `DbErr` through `f`", "mapping a unique violation with `f`", "`map_err(f)`"
_MAPPED_BY = re.compile(
    r"(?:\bmap_err\(|\b(?:maps?|mapped|mapping|converts?|converted|converting|turns?|turned|turning|wrapped\s+in)\b"
    r"(?:[^.;`]|`[^`]{1,40}`){0,50}?\b(?:through|via|with|using|by)\s+(?:the\s+)?)\Z",
    re.IGNORECASE,
)
# "…, so a duplicate uid becomes a 409": the status said after the mapper
_BECOMES = re.compile(
    r"[^.;`]{0,80}?\b(?:becomes|turns\s+into|is\s+answered\s+with|answers|surfaces\s+as|means)\s+"
    r"(?:an?\s+|HTTP\s+|status\s+)?(?P<n>[1-5]\d\d)\b"
)
# "mapped by `f` to a 409": the status right after the mapper
_TO_STATUS = re.compile(r"\s+(?:in)?to\s+(?:an?\s+|HTTP\s+|status\s+)?(?P<n>[1-5]\d\d)\b")
# "is turned into a 409 by `f`": the status before the mapper that makes it
_INTO_STATUS_BY = re.compile(
    r"\b(?:turned|mapped|converted)\s+(?:in)?to\s+(?:an?\s+|HTTP\s+|status\s+)?(?P<n>[1-5]\d\d)\s+(?:by|through|via)\s+\Z"
)
_MAP_ERR = re.compile(r"map_err\((?P<mapper>[a-z_][a-z0-9_]{0,60})\)")
_SERVER_ERROR = 500.0


def mapped_status_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """A status said of what an error mapper turns an error into (see the module)."""
    if any("Error::" in t.name for t in found):
        return  # a constructor named too: the status is its own (`status_claims`)
    for token in found:
        written = _MAP_ERR.fullmatch(sentence, token.start + 1, token.end - 1) if token.ticked else None
        if written is not None:
            mapper = written.group("mapper")
        elif function_like(token) and _MAPPED_BY.search(sentence, max(0, token.start - 90), token.start):
            mapper = token.name
        else:
            continue
        said = _BECOMES.match(sentence, token.end) or _TO_STATUS.match(sentence, token.end)
        if said is not None and not negated(parts, token.start, said.end()):
            yield Claim(Kind.VALUE, sentence, mapper, MAPPED_STATUS, said.group("n"))
        elif (before := _INTO_STATUS_BY.search(sentence, max(0, token.start - 60), token.start)) is not None:
            if not negated(parts, before.start(), token.end):
                yield Claim(Kind.VALUE, sentence, mapper, MAPPED_STATUS, before.group("n"))


# "`T` answers 422", "rejected by `T` with a 422", "which `T` reports as a 422"
_EXTRACTOR_BEFORE = re.compile(r"\b(?:(?:rejected|refused|reported|answered)\s+by|which)\s+\Z", re.IGNORECASE)
_EXTRACTOR_STATUS = re.compile(
    r"\s+(?:(?:answers|responds|replies|rejects(?:\s+(?:it|them|the\s+request))?)(?:\s+with)?|returns|"
    r"reports\s+(?:it\s+)?as|turns\s+(?:it\s+|that\s+)?into|maps\s+(?:it\s+)?to|with|as)\s+"
    r"(?:an?\s+|HTTP\s+|status\s+)?(?P<n>[1-5]\d\d)\b"
)
_ANSWERS = re.compile(
    r"\s+(?:answers|responds|replies)(?:\s+with)?\s+(?:an?\s+|HTTP\s+|status\s+)?(?P<n>[1-5]\d\d)\b"
)
_EXTRACTORS = ("from_request", "from_request_parts")
# the calls before a `?` that build the error handed on themselves (`.map_err(|e| HttpError::…)`)
_BUILDS_ITS_ERROR = frozenset({"map_err", "ok_or", "ok_or_else"})
_CLAUSE_OPENS = re.compile(r"(?:,|;|\band)\s+(?:the\s+)?\Z")


def answered_status_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """A status said of what a function or a type's extractor answers (see the module)."""
    for index, token in enumerate(found):
        if token.ticked and function_like(token) and "." not in token.text:
            # "`health` answers a 500": the statuses the function names or builds
            answered = _ANSWERS.match(sentence, token.end)
            leads = (
                index == 0 or _CLAUSE_OPENS.search(sentence, max(0, token.start - 8), token.start) is not None
            )
            if answered is not None and leads and not negated(parts, token.start, answered.end()):
                yield Claim(Kind.VALUE, sentence, token.name, FUNCTION_STATUS, answered.group("n"))
            continue
        if not token.ticked or "::" in token.name or not token.name[:1].isupper() or token.name.isupper():
            continue
        said = _EXTRACTOR_STATUS.match(sentence, token.end)
        if said is None:
            continue
        before = _EXTRACTOR_BEFORE.search(sentence, max(0, token.start - 30), token.start)
        # "`T` answers …" opens the sentence or a clause; "with a 422", "as a 422" needs "by `T`"
        opens = index == 0 or _CLAUSE_OPENS.search(sentence, max(0, token.start - 8), token.start) is not None
        if before is None and (not opens or said.group().lstrip().startswith(("with", "as"))):
            continue
        if not negated(parts, token.start, said.end()):
            yield Claim(Kind.VALUE, sentence, token.name, EXTRACTOR_STATUS, said.group("n"))


def judge_mapped_status(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when a constructor the mapper (or the extractor) builds answers the status
    said, contradicted when none does (a 500 aside); not checkable when it builds none, or is
    not one function."""
    if claim.object in (EXTRACTOR_STATUS, FUNCTION_STATUS):
        fns = (
            [fn for name in _EXTRACTORS for fn in facts.functions(f"{claim.subject}::{name}")]
            if claim.object == EXTRACTOR_STATUS
            else record_first(facts.functions(claim.subject), own)[:1]
        )
        answered = _success(facts, claim, fns)
        if answered is not None:
            return answered
        if any(
            site.handling is Handling.PROPAGATED and site.name not in _BUILDS_ITS_ERROR
            for fn in fns
            for site in facts.sites(fn)
        ):
            # (an error handed on by a bare `?` is converted by a `From` impl: any status)
            return Verdict(claim, State.UNCHECKABLE)
        statuses: dict[float, str] = {}
        for fn in fns:
            for reached in facts.reach(fn, 2):
                for code, where in _built_statuses(facts, reached).items():
                    statuses.setdefault(code, where)
            for value in facts.statuses(fn) if claim.object == FUNCTION_STATUS else ():
                statuses.setdefault(value.numbers[0], value.where)  # (`StatusCode::X` in its own body)
    else:
        fns = facts.functions(claim.subject)
        statuses = _built_statuses(facts, fns[0]) if len(fns) == 1 else {}
    said = float(claim.says)
    if not statuses:
        return Verdict(claim, State.UNCHECKABLE)
    if said in statuses:
        return Verdict(claim, State.SUPPORTED, where=statuses[said])
    if said == _SERVER_ERROR:
        return Verdict(claim, State.UNCHECKABLE)
    shown = ", ".join(f"{int(code)} at {where}" for code, where in sorted(statuses.items()))
    what = {
        EXTRACTOR_STATUS: "rejects a request with errors",
        FUNCTION_STATUS: "names or builds statuses",
    }.get(claim.object, "builds errors")
    return contradicted(
        claim,
        f"`{claim.subject}` {what} that answer {shown}; the text says {claim.says}",
        next(iter(statuses.values())),
    )


def _success(facts: Facts, claim: Claim, fns: list[FnDef]) -> Verdict | None:
    """ "`create_message` answers 202": a 2xx said of a handler whose success is read from its
    return type (an error handed on answers no 2xx); None when that is not the case."""
    said = float(claim.says)
    if claim.object != FUNCTION_STATUS or not 200 <= said < 300 or len(fns) != 1:
        return None
    statuses = facts.success_statuses(fns[0])
    return held_to_answers(claim, [(claim.subject, statuses)]) if statuses else None


def _built_statuses(facts: Facts, fn: FnDef) -> dict[float, str]:
    """The statuses of the error constructors a body builds (`HttpError::conflict` → 409),
    each with where its `StatusCode` is named."""
    out: dict[float, str] = {}
    for owner in sorted(n for n in facts.names(fn) if n.endswith("Error") and n != "Error"):
        for name, _ in facts.constructors(fn, owner):
            for value in facts.statuses_of(f"{owner}::{name}"):
                out.setdefault(value.numbers[0], value.where)
    return out
