"""What an absent value falls back to: "when `rabbit_consumer_prefetch_size` is unset, the
prefetch size defaults to 10", "it falls back to version 1 when `version` is `None`", a field
named by its bare word ("It stores version 0 when the body gives none"). Judged by
what the record's code falls back to (`x.unwrap_or(1)`), the configuration's default and a
constant of that name: contradicted only when none of them is the number said."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...rust.words import PRIMITIVE_TYPES
from .model import Claim, Kind, State, Verdict, contradicted
from .text import ONE, Clauses, clauses, negated

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...rust.crate import FnDef
    from ...rust.facts import Facts, Value

    _Matcher = Callable[[str, Value], bool]  # whether the number said can be the value

FALLBACK = "fallback"  # a value claim's object: what the subject falls back to when absent

# the field said to be absent: "`x` is unset", "`x` is `None`", "a missing `x`", "no `x` is set"
_ABSENT_NAME = re.compile(
    r"`(?P<a>[a-z_][a-z0-9_]{0,60})`\s+(?:is|are)\s+(?:(?:unset|not\s+(?:configured|set|given)|missing|absent|"
    r"left\s+out|omitted|None)\b|`None`)"
    r"|\b(?:an?\s+)?(?:missing|unset|absent)\s+`(?P<b>[a-z_][a-z0-9_]{0,60})`"
    r"|\bno\s+`(?P<c>[a-z_][a-z0-9_]{0,60})`\s+is\s+(?:configured|set|given)\b"
    r"|\b(?:gave|gives|has|had|sent|sends)\s+no\s+`(?P<d>[a-z_][a-z0-9_]{0,60})`",
    re.IGNORECASE,
)
# what it falls back to: "defaults to 10", "falls back to version 1", "a fallback of 10"
_FALLS_BACK = re.compile(
    r"\b(?:defaults?\s+to|defaulting\s+to|(?:falls?|falling)\s+back\s+to|a\s+fallback\s+of|uses?\s+a\s+default\s+of|"
    r"uses?\s+an?\s+(?:[a-z-]{1,20}\s+){1,3}of)\s+"
    r"(?:(?!\d)[\w-]{1,20}\s+){0,3}?(?P<n>"
    + ONE
    + r")(?!\w|\.\d)(?P<unit>\s+(?:ms|milliseconds?|seconds?|minutes?|hours?|days?|bytes?))?",
    re.IGNORECASE,
)
_NUMBERS = re.compile(r"(?<![\w.])\d")
# the field itself said to fall back, its name just before the fallback words: "`version` falls
# back to 1", "`x`, an `Option<u16>` that falls back to 1", "reads `x`, falling back to 1 when it is
# unset" (the fallback said right after the name, or an absence said after it)
_ITS_NAME = re.compile(
    r"`(?P<name>[a-z_][a-z0-9_]{0,60})`(?:\s*,\s*(?:an?\s+`[^`]{1,60}`\s*,?\s*)?(?:(?:that|which)\s+|and\s+)?|\s+)$"
)
_IT_ABSENT = re.compile(
    r"\s+(?:when|if)\s+(?:(?:it|that\s+(?:option|setting|field|value))\s+is\s+)?"
    r"(?:unset|absent|missing|not\s+set|omitted)\b",
    re.IGNORECASE,
)


# a field named by its bare word, with the number it gets when absent: "It stores version 0 when
# the body gives none", "A missing version is stored as 0"
_BARE_FALLBACK = re.compile(
    r"\b(?:stores|writes|saves|uses|sets)\s+(?P<name>[a-z][a-z_]{2,30})\s+(?P<n>\d[\d_,]*)\s+(?:when|if)\s+"
    r"(?:the\s+[a-z]+|it)\s+(?:gives|has|sends|carries)\s+none\b"
    r"|\b[Aa]\s+missing\s+(?P<name2>[a-z][a-z_]{2,30})\s+is\s+(?:stored|written|saved)\s+as\s+(?P<n2>\d[\d_,]*)(?!\w|\.\d)"
)


def _denied_before(sentence: str, end: int) -> bool:
    """Whether the sentence up to `end`, read alone, is negated ("It never stores version 0")."""
    head = sentence[:end]
    return negated(clauses(head), 0, len(head))


def fallback_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """One absent field and one number it falls back to, in a sentence with no other number."""
    bare = _BARE_FALLBACK.search(sentence)
    if (
        bare is not None
        and len(_NUMBERS.findall(sentence)) == 1
        # (read up to its number: "… when the body gives none" says the absence, no denial)
        and not _denied_before(sentence, bare.end("n") if bare.group("n") else bare.end())
    ):
        yield Claim(
            Kind.VALUE,
            sentence,
            bare.group("name") or bare.group("name2"),
            FALLBACK,
            bare.group("n") or bare.group("n2"),
        )
        return
    absent = list(_ABSENT_NAME.finditer(sentence))
    falls = list(_FALLS_BACK.finditer(sentence))
    if len(falls) != 1 or len(_NUMBERS.findall(sentence)) != 1:
        return
    fall = falls[0]
    if not absent:
        yield from _its_own(sentence, parts, fall)
        return
    if len(absent) != 1:
        return
    name = absent[0].group("a") or absent[0].group("b") or absent[0].group("c") or absent[0].group("d")
    if absent[0].group("a") or absent[0].group("c") or absent[0].group("d"):
        # "is not configured", "no `x` is set" say the absence, not a negation of the claim
        start, end = absent[0].span()
        parts = clauses(sentence[:start] + " " * (end - start) + sentence[end:])
    if negated(parts, min(absent[0].start(), fall.start()), max(absent[0].end(), fall.end())):
        return
    yield Claim(Kind.VALUE, sentence, name, FALLBACK, fall.group("n") + (fall.group("unit") or ""))


def _its_own(sentence: str, parts: Clauses, fall: re.Match[str]) -> Iterator[Claim]:
    """The field named just before the fallback words, the one that falls back: it needs no
    absence said, since "`version` falls back to 1" says it; a name a few words before needs one
    ("reads `x`, falling back to a prefetch of 1 when it is unset")."""
    if not fall.group().lower().startswith(("default", "fall")):
        return  # ("`f` uses a batch size of 64": what `f` uses, not what it falls back to)
    before = _ITS_NAME.search(sentence[: fall.start()])
    if before is None:
        named = re.search(
            r"`(?P<name>[a-z_][a-z0-9_]{0,60})`,?\s+(?:[a-z]{1,20}\s+){0,3}$", sentence[: fall.start()]
        )
        if named is None or _IT_ABSENT.match(sentence, fall.end()) is None:
            return
        before = named
    if before.group("name") in PRIMITIVE_TYPES or negated(parts, before.start(), fall.end()):
        return  # "as a `u64` defaulting to 1_000" gives a type, not a field
    yield Claim(
        Kind.VALUE, sentence, before.group("name"), FALLBACK, fall.group("n") + (fall.group("unit") or "")
    )


def judge_fallback(facts: Facts, claim: Claim, own: list[FnDef], values_match: _Matcher) -> Verdict:
    """Supported by a fallback, a configuration default or a constant that is the number said;
    contradicted by the record's fallback when none is; not checkable without a fallback."""
    fallbacks = facts.fallbacks(claim.subject, own)
    if not fallbacks:
        return Verdict(claim, State.UNCHECKABLE)
    for value in [*fallbacks, *facts.config_default(claim.subject), *facts.constant(claim.subject)]:
        if values_match(claim.says, value):
            return Verdict(claim, State.SUPPORTED, where=value.where)
    value = fallbacks[0]
    return contradicted(
        claim,
        f"an absent `{claim.subject}` falls back to {value.text} at {value.where}; the text says {claim.says}",
        value.where,
    )
