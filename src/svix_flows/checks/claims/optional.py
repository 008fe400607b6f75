"""A call said of one side of an `Option`: "With no delay it calls `send_serde_json`", "Because
the delay is `None`, it goes through `A` rather than `B`", "switching to `A` only when a delay is
given". The value is named by its noun (`delay`), which must be the value the code takes apart
(`if let Some(d) = delay { … } else { … }`, `match delay { Some(…) => …, None => … }`) in the
record's code or what it calls within two calls. A name after "rather than", "instead of" or a
negation is said of the other side.

Supported when that side calls the name (or, denied, when only the other side does);
contradicted when only the other side calls it (or, denied, when that side does); not checkable
when the code takes no such value apart, or both sides or neither call the name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Claim, Kind, State, Verdict, contradicted
from .text import NEGATION, Token, function_like

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

WHEN_NONE = "calls when it is None"  # a call claim's saying: the subject is the value's noun
WHEN_SOME = "calls when it is Some"

_NOUN = r"`?(?P<noun>[a-z][a-z_]{1,30})`?"
_NONE_SAID = re.compile(
    # "with no delay", "without a delay", "with a `None` delay", "given no delay"
    rf"\b(?:(?:with|given)\s+(?:no|a\s+`None`)|without\s+(?:a|an|any))\s+{_NOUN}\b"
    # "when the delay is `None`", "since the delay is None", "if no delay is given"
    rf"|\b(?:when|if|since|because|as)\s+(?:the\s+)?{_NOUN.replace('noun', 'noun2')}\s+is\s+`?None`?"
    rf"|\b(?:when|if)\s+no\s+{_NOUN.replace('noun', 'noun3')}\s+is\s+(?:given|set|passed)",
    re.IGNORECASE,
)
_SOME_SAID = re.compile(
    # "only when a delay is given", "if a delay is set", "when the delay is `Some`"
    rf"\b(?:when|if)\s+(?:a|an)\s+{_NOUN}\s+is\s+(?:given|set|passed|present)"
    rf"|\b(?:when|if)\s+(?:the\s+)?{_NOUN.replace('noun', 'noun2')}\s+is\s+`?Some",
    re.IGNORECASE,
)
# words that make the whole sentence a hypothesis: left alone
_HYPOTHESIS = re.compile(r"\b(?:would|could|might|should|if it were)\b", re.IGNORECASE)


def option_claims(sentence: str, found: list[Token]) -> Iterator[Claim]:
    """The calls a sentence gives one side of a value named by its noun (see the module)."""
    nones, somes = list(_NONE_SAID.finditer(sentence)), list(_SOME_SAID.finditer(sentence))
    if len(nones) + len(somes) != 1 or _HYPOTHESIS.search(sentence):
        return
    said = (nones or somes)[0]
    noun = next(group for group in said.groups() if group)
    says = WHEN_NONE if nones else WHEN_SOME
    begin, end = _governed(sentence, said)
    for token in found:
        if not (begin <= token.start and token.end <= end) or said.start() <= token.start < said.end():
            continue
        if not token.ticked or not function_like(token) or token.name == noun:
            continue
        # "… `A` rather than `B`", "… and never `B`": a name after a negation of its clause is
        # denied (the condition's own "no" or "without" aside)
        clause = max(sentence.rfind(",", 0, token.start), begin)
        if said.end() <= token.start:
            clause = max(clause, said.end())
        denied = NEGATION.search(sentence, clause, token.start) is not None
        # "`A` when a delay is given and `B` otherwise": the other side
        other = _OTHERWISE.match(sentence, token.end) is not None or (
            said.end() <= token.start
            and (
                _OTHERWISE_WORD.search(sentence, said.end(), token.start) is not None
                or _OR_BEFORE.search(sentence, max(said.end(), token.start - 20), token.start) is not None
            )
        )
        yield Claim(Kind.CALL, sentence, noun, token.name, _OTHER[says] if other else says, negated=denied)


# between the condition and a name: "…, otherwise `B`"; or right before it: "… `A` (when a
# delay is given) or `B`" (not "…, or zero if …, goes to `B`")
_OTHERWISE_WORD = re.compile(r"\b(?:otherwise|else|without\s+one|if\s+not)\b", re.IGNORECASE)
_OR_BEFORE = re.compile(r"\bor\s+(?:(?:the|a|an|plain)\s+){0,2}\Z", re.IGNORECASE)
# right after a name: "… and `B` otherwise", "… and `B` when it is not"
_OTHERWISE = re.compile(
    r"\s+(?:otherwise|if\s+not|without\s+one|(?:when|if)\s+(?:it\s+is\s+not|there\s+is\s+(?:none|no\s+\w+)))"
    r"(?=\s*[.,;)]|\s*\Z)",
    re.IGNORECASE,
)
_OTHER = {WHEN_NONE: WHEN_SOME, WHEN_SOME: WHEN_NONE}
# a sentence's opening condition ("With no delay it …", "Because the delay is `None`, …")
_OPENER = re.compile(r"(?:So|Then|And|But)?,?\s*\Z", re.IGNORECASE)


def _governed(sentence: str, said: re.Match[str]) -> tuple[int, int]:
    """The span of the sentence a condition governs: the rest of the sentence (to a semicolon)
    after an opening condition, else the clause around a "when" or "if" (between commas); none
    for "with no X" inside a clause, which says what a call is given."""
    if _OPENER.fullmatch(sentence, 0, said.start()):
        end = sentence.find(";", said.end())
        return said.end(), len(sentence) if end < 0 else end
    if not said.group().lower().startswith(("when", "if", "since", "because", "as")):
        # "It goes to `send` with no delay": what a call is given, not a side it takes
        return said.start(), said.start()
    begin = max(sentence.rfind(",", 0, said.start()), sentence.rfind(";", 0, said.start()), 0)
    ends = [at for at in (sentence.find(",", said.end()), sentence.find(";", said.end())) if at >= 0]
    return begin, min(ends) if ends else len(sentence)


def judge_option_call(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """The side said against the calls each side of the value makes (see the module)."""
    callee = claim.object.rsplit("::", 1)[-1]
    branches = [
        b for fn in facts.reach_all(own, 2) for b in facts.option_branches(fn) if b.value == claim.subject
    ]
    if not branches:
        return Verdict(claim, State.UNCHECKABLE)
    some = any(callee in b.some for b in branches)
    none = any(callee in b.none for b in branches)
    if some == none:
        return Verdict(claim, State.UNCHECKABLE)
    said_none = claim.says == WHEN_NONE
    holds = none if said_none else some
    if claim.negated:
        holds = not holds
    branch = next(b for b in branches if callee in (b.none if none else b.some))
    if holds:
        return Verdict(claim, State.SUPPORTED, where=branch.where)
    side = "`None`" if none else "`Some`"
    return contradicted(
        claim,
        f"`{callee}` is called when `{claim.subject}` is {side} at {branch.where}; "
        f"the text says it is {'not ' if claim.negated else ''}called when it is "
        f"{'`None`' if said_none else '`Some`'}",
        branch.where,
    )
