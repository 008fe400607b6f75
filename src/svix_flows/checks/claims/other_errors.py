"""What happens to the errors whose text lacks a literal, beside those that carry it: "An error
whose text contains `BUSYGROUP` is ignored; any other error is logged with `tracing::error!`",
"A `BUSYGROUP` error means the group exists, and any other error panics".

The body's `if` that tests the literal with `contains` (`if !e.to_string().contains("BUSYGROUP")
{ panic!(…) }`) shows the side those other errors take. The claim is borne out when that side
does what the text says (panics; hands the error on; only logs it or lets it go), and
contradicted when it does another of those; not checkable when the record's code tests the
literal in no `if`, or in more than one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, contradicted
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts
    from ...rust.facts.arms import TextBranch

OTHER_ERRORS = "is done with the other errors"  # an error claim's saying; subject: the literal
PANICS, HANDED_ON, LET_GO = "panic", "handed on", "only logged or let go"

_TEXT = re.compile(
    r"(?:whose\s+(?:text|message|string|description)\s+contains|contain(?:s|ing)|mentioning|matching)\s+"
    r"(?:the\s+(?:string|text)\s+)?`(?P<text>[^`\s]{2,40})`"
    r"|\b[Aa]n?\s+`(?P<code>[A-Z][A-Z_]{2,40})`\s+(?:error|failure|reply|response)\b"
)
_OTHER = re.compile(
    r"\b(?:(?:any|every)\s+other\s+(?:one|kind)|any\s+other\s+(?:error|failure)|anything\s+else|every\s+other\s+(?:error|failure)|"
    r"all\s+other\s+(?:errors|failures)|other\s+errors)\b",
    re.IGNORECASE,
)
# what is said of them, up to a contrast ("… rather than causing a panic")
_SAID_END = re.compile(r"[.;]|\b(?:rather\s+than|instead\s+of|without|not|never|unlike)\b", re.IGNORECASE)
_PANICS = re.compile(r"\bpanic", re.IGNORECASE)
_HANDED = re.compile(r"\b(?:propagat\w*|returned|bubbles?\s+up)\b", re.IGNORECASE)
_LET_GO = re.compile(
    r"\b(?:logged|ignored|skipped|swallowed|dropped|continues|carries\s+on|goes\s+on)\b", re.IGNORECASE
)


def tested_literal(sentence: str) -> str | None:
    """The literal a sentence says an error's text contains (`BUSYGROUP`), if it names one."""
    tested = _TEXT.search(sentence)
    return (tested.group("text") or tested.group("code")) if tested is not None else None


def other_error_claims(sentence: str, parts: Clauses, before: str | None = None) -> Iterator[Claim]:
    """What the sentence says is done with the errors that lack the literal it names (or that
    the sentence `before` it named, when it opens on them: "…; any other error panics")."""
    tested = _TEXT.search(sentence)
    if tested is not None:
        other = _OTHER.search(sentence, tested.end())
        text = tested.group("text") or tested.group("code")
    else:
        other = _OTHER.match(sentence) if before else None
        text = before or ""
    if other is None or negated(parts, other.start(), other.end()):
        return
    end = _SAID_END.search(sentence, other.end())
    said = sentence[other.end() : end.start() if end is not None else len(sentence)]
    says = (
        PANICS
        if _PANICS.search(said)
        else HANDED_ON
        if _HANDED.search(said)
        else LET_GO
        if _LET_GO.search(said)
        else None
    )
    if says is not None:
        yield Claim(Kind.ERROR, sentence, text, says, OTHER_ERRORS)


def judge_other_errors(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when the side the other errors take does what the text says (see the module)."""
    branches = [b for fn in own for b in facts.text_branches(fn) if claim.subject in b.text]
    if len(branches) != 1:
        return Verdict(claim, State.UNCHECKABLE)
    branch = branches[0]
    does = _does(branch)
    if does == claim.object:
        return Verdict(claim, State.SUPPORTED, where=branch.where)
    said = "it panics" if claim.object == PANICS else f"it is {claim.object}"
    shown = "panics" if does == PANICS else f"is {does}"
    return contradicted(
        claim,
        f"an error whose text lacks `{branch.text}` {shown} at {branch.where}; the text says {said}",
        branch.where,
    )


def _does(branch: TextBranch) -> str:
    """What the side of the other errors does: panics, hands the error on, or lets it go."""
    if "panic" in branch.macros or {"expect", "unwrap"} & branch.calls:
        return PANICS
    return HANDED_ON if branch.returns else LET_GO
