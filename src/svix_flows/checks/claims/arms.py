"""A call said of one arm of a `match`: "For `DefaultSignatureType::Hmac256`, `generate_secret`
calls `generate_symmetric`", "`generate_asymmetric` for `DefaultSignatureType::Ed25519`",
"A `QueueType::RedisCluster` configuration is built with `RedisBackend::cluster_builder`",
"`SortedSet` is answered with `zcard`".

The arms whose pattern names the variant are found in the record's code (in the function
the sentence names, when it names one). The claim is borne out when such an arm makes the call,
or calls what makes it; it is contradicted only when no arm of the variant does while another
arm of the same `match` makes it, and nothing after or around the `match` makes it either: the
text gave the variant the wrong arm's call."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...rust.words import OPTION_RESULT_VARIANTS
from .model import Claim, Kind, State, Verdict, contradicted, named_by_scope, record_first
from .text import LIST_GLUE, Clauses, Token, function_like, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts
    from ...rust.facts.arms import ArmFact

IN_ARM = "calls in the arm of"  # a call claim's saying: the subject is the variant whose arm calls

# "For `V`, …", "On a `V`, …", "In the `V` arm, …", "When the type is `V`, …"
_OPENING = re.compile(
    r"(?:For|On|In|With|When)\b[^,;`]{0,40}?`(?P<variant>[^`]{1,80})`"
    r"(?:\s+(?:arm|case|branch|variant|configuration|backend|type|mode|queue|key))?\s*,\s*"
)
# what ends the opening's reach: another clause of its own
_REACH_END = re.compile(
    r";|,\s+(?:while|whereas|but|and\s+(?:for|on|in|with|when)\b)|\s+while\s|\s+whereas\s"
)
# the word before a call of the arm: "calls `f`", "goes through `f`", "uses `f`", "with `f`"
_CALL_WORD = re.compile(
    r"\b(?:calls|invokes|runs|uses|calling|invoking|using|goes\s+(?:through|to)|delegates\s+to|takes\s+the|"
    r"(?:is|are)\s+(?:built|answered|handled|served|read|measured|counted|created|made|done)\s+(?:with|by|through|via|using)|"
    r"through|via|using)\s+(?:the\s+|a\s+|its\s+)?\Z",
    re.IGNORECASE,
)
# "`f` for `V`": a call, then the variant its arm makes it for
_FOR_VARIANT = re.compile(r"(?:\(\))?\s+for\s+(?:a\s+|an\s+|the\s+)?\Z")
# "`V` is answered with `f`", "A `V` configuration is built with `f`", "the `V` arm calls `f`"
_VARIANT_SUBJECT = re.compile(
    r"(?:\s+(?:arm|case|branch|variant|configuration|backend|type|key))?\s+"
    r"(?:(?:is|are)\s+(?:built|answered|handled|served|read|measured|counted|created|made)\s+(?:with|by|through|via|using)"
    r"|calls|goes\s+(?:through|to)|runs|uses)\s+(?:the\s+|a\s+)?\Z",
    re.IGNORECASE,
)


def arm_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """The calls a sentence says one arm of a `match` makes (see the module)."""
    opening = _OPENING.match(sentence)
    if opening is not None and _variant_like(opening.group("variant")):
        end = _REACH_END.search(sentence, opening.end())
        stop = end.start() if end is not None else len(sentence)
        inside = [t for t in found if opening.end() <= t.start and t.end <= stop]
        inside = inside[
            : next((i for i, t in enumerate(inside) if _another_variant(sentence, t)), len(inside))
        ]
        scope = _scope(sentence, inside)
        for token in inside:
            if _called(sentence, token, max(opening.end(), token.start - 40)) and not negated(
                parts, token.start, token.end
            ):
                yield _claim(sentence, opening.group("variant"), token, scope)
    listed = -1  # where the last "`f` for `V`" ended: "…, and `g` for `W`" goes on its list
    for index, token in enumerate(found[:-1]):
        following = found[index + 1]
        if not following.ticked or not _variant_like(following.text):
            continue
        if (
            _FOR_VARIANT.fullmatch(sentence, token.end, following.start)
            and (
                _called(sentence, token, max(0, token.start - 40))
                or (
                    listed >= 0
                    and function_like(token)
                    and LIST_GLUE.fullmatch(sentence, listed, token.start)
                )
            )
            and not negated(parts, token.start, following.end)
        ):
            listed = following.end
            yield _claim(sentence, following.text, token, "")
    for index, token in enumerate(found[:-1]):
        following = found[index + 1]
        if (
            token.ticked
            and _variant_like(token.text)
            and function_like(following)
            and _VARIANT_SUBJECT.fullmatch(sentence, token.end, following.start)
            and not negated(parts, token.start, following.end)
        ):
            yield _claim(sentence, token.text, following, "")


# "…, and `QueueBackend::RabbitMq` goes to `g`": another variant opens a clause of its own
_ANOTHER = re.compile(r"(?:,\s*|\s)(?:and|but|while|whereas)\s+(?:a\s+|an\s+|the\s+)?\Z")


def _another_variant(sentence: str, token: Token) -> bool:
    """Whether the token is another variant, the subject of a clause of its own, which ends the
    opening's reach ("For `A`, `f` builds …, and `B` goes to `g`": `g` is `B`'s call)."""
    return (
        token.ticked
        and _variant_like(token.text)
        and _ANOTHER.search(sentence, max(0, token.start - 12), token.start) is not None
    )


def _variant_like(text: str) -> bool:
    """A variant written alone or with its enum (`Hmac256`, `QueueType::RedisCluster`)."""
    last = text.rsplit("::", 1)[-1]
    return (
        re.fullmatch(r"(?:[A-Za-z_]\w*::)?[A-Z][A-Za-z0-9]*", text) is not None
        and not last.isupper()
        and last not in OPTION_RESULT_VARIANTS  # (every `Option` and `Result` match names them)
    )


def _called(sentence: str, token: Token, since: int) -> bool:
    return function_like(token) and _CALL_WORD.search(sentence, since, token.start) is not None


_SCOPE_VERB = re.compile(r"(?:\(\))?\s+(?:calls|invokes|runs|uses)\b")


def _scope(sentence: str, inside: list[Token]) -> str:
    """ "…, `generate_secret` calls `f`": the function the arm's clause opens with."""
    first = inside[0] if inside else None
    if first is None or not function_like(first) or len(inside) < 2:
        return ""
    return first.name if _SCOPE_VERB.match(sentence, first.end) else ""


def _claim(sentence: str, variant: str, call: Token, scope: str) -> Claim:
    return Claim(Kind.CALL, sentence, variant, call.name, IN_ARM, scope=scope)


def judge_arm(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where an arm of the variant makes the call (or calls what makes it);
    contradicted when none does and another arm of its `match` makes it, nothing else in that
    function making it; not checkable otherwise."""
    variant = claim.subject.rsplit("::", 1)[-1]
    callee = claim.object.rsplit("::", 1)[-1]
    bodies = named_by_scope(claim, own) or own
    found = [(fn, arm) for fn in bodies for arm in facts.arms(fn) if variant in arm.pattern]
    if not found:
        return Verdict(claim, State.UNCHECKABLE)
    reaching = next((arm for _, arm in found if arm_reaches(facts, arm, callee, own)), None)
    if reaching is not None:
        return Verdict(claim, State.SUPPORTED, where=reaching.where)
    for fn, arm in found:
        other = next(
            (
                b
                for b in facts.arms(fn)
                if b.match == arm.match and variant not in b.pattern and callee in b.calls
            ),
            None,
        )
        if other is not None and not _called_outside(facts, fn, arm, callee):
            return contradicted(
                claim,
                f"the `{variant}` arm at {arm.where} reaches no call of `{callee}`; "
                f"the arm `{other.text}` at {other.where} makes it",
                arm.where,
            )
    return Verdict(claim, State.UNCHECKABLE)


def arm_reaches(facts: Facts, arm: ArmFact, callee: str, own: list[FnDef]) -> bool:
    """Whether the arm calls `callee`, or a function it calls names it within two calls."""
    if callee in arm.calls:
        return True
    for name in arm.calls:
        for fn in record_first(facts.functions(name), own)[:4]:
            if facts.reaching([fn], callee, 2) is not None:
                return True
    return False


def _called_outside(facts: Facts, fn: FnDef, arm: ArmFact, callee: str) -> bool:
    """Whether the function calls `callee` outside the arm's `match` (before or after it)."""
    return any(not arm.match <= site.start < arm.match_end for site in facts.sites(fn, [callee]))
