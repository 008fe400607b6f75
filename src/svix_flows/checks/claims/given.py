"""A variant said to be given to a call, or built by a function: "`send_operational_webhook`
is called with `OperationalWebhook::EndpointUpdated`", "sends `MessageTask::new_task` with
`MessageAttemptTriggerType::Manual`", "`new_task(…, MessageAttemptTriggerType::Manual)`",
"`MessageTaskBatch::new_task` yields a `QueueTask::MessageBatch`".

A call's variant: the record's calls of that function are found with the type and variant
names their arguments spell (`SiteFact.given`). The claim is borne out when one of them spells
the variant; it is contradicted when every one of them spells the enum, with another of its
variants, and none this one (a variant handed over in a variable spells nothing, and leaves
the claim alone).

A function's variant: borne out when the function, or what it calls within two calls (its
namesakes aside), names the variant; contradicted when its own body names other variants of
the enum and nothing it reaches names this one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import CHOICE, Claim, Kind, State, Verdict, at, contradicted, record_first
from .text import Clauses, Token, function_like, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

GIVEN = "is given"  # a call claim's saying: the call's arguments spell the variant
BUILDS_VARIANT = "builds the variant"  # a call claim's saying: the function builds the variant

# "`f` with `E::V`", "`f` is called with the `E::V` trigger", "`f`, given `E::V`"
_WITH = re.compile(
    r"(?:\(\))?\s*,?\s+(?:is\s+|are\s+)?(?:(?:called|invoked|sent|run|built)\s+)?(?:with|given)\s+"
    r"(?:(?:a|an|the)\s+)?\Z",
    re.IGNORECASE,
)
# "`f` yields a `E::V`", "`f` wraps the struct in `E::V`", "`f` returns `E::V`"
_BUILDS = re.compile(
    r"(?:\(\))?(?:\s*,\s*which)?\s+(?:then\s+|always\s+|only\s+)?(?:yields|returns|produces|builds|constructs|creates|"
    r"wraps\s+(?:it|them|the\s+\w+|its\s+\w+)\s+in)\s+(?:(?:a|an|the)\s+)?\Z",
    re.IGNORECASE,
)
# "if `f` returns `E::Failed`", "whenever `f` yields …": a case supposed, which the code may
# handle without `f` ever building it; its alternative too ("whether `f` returns `E::Failed` or
# `g` returns …")
_SUPPOSED = re.compile(
    r"\b(?:whether|if|whenever|when|unless|should)\s+"
    r"(?:`[^`]{1,80}`\s+(?:yields|returns|produces|gives)\s+(?:(?:a|an|the)\s+)?`[^`]{1,80}`\s+or\s+)?\Z",
    re.IGNORECASE,
)
# `Enum::Variant`: a variant written with its enum
_VARIANT = re.compile(r"(?:[a-z_]\w*::)*[A-Z]\w*::[A-Z]\w*")
# `new_task(…, MessageAttemptTriggerType::Manual)`: a call written with a variant among its arguments
_CALL_GIVEN = re.compile(r"(?P<callee>(?:[A-Za-z_]\w*::){0,4}[a-z_]\w*)\((?P<arguments>[^`]*)\)")


def given_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """The variants a sentence says a call is given (see the module)."""
    for index, token in enumerate(found[:-1]):
        following = found[index + 1]
        if (
            function_like(token)
            and following.ticked
            and _VARIANT.fullmatch(following.text)
            and _WITH.fullmatch(sentence, token.end, following.start)
            and not negated(parts, token.start, following.end)
        ):
            yield Claim(Kind.CALL, sentence, token.name, following.text, GIVEN)
    for index, token in enumerate(found[:-1]):
        following = found[index + 1]
        if (
            function_like(token)
            and token.ticked
            and following.ticked
            and _VARIANT.fullmatch(following.text)
            and _BUILDS.fullmatch(sentence, token.end, following.start)
            and not negated(parts, token.start, following.end)
            and not _SUPPOSED.search(sentence, max(0, token.start - 200), token.start)
        ):
            yield Claim(Kind.CALL, sentence, token.name, following.text, BUILDS_VARIANT)
    for token in found:
        written = _CALL_GIVEN.fullmatch(sentence, token.start + 1, token.end - 1) if token.ticked else None
        if written is None or negated(parts, token.start, token.end):
            continue
        for variant in _VARIANT.findall(written.group("arguments")):
            yield Claim(Kind.CALL, sentence, written.group("callee"), variant, GIVEN)


# "`f` sets the status and wraps the items in `E::V`": a build word later in the subject's own
# clause, after "and" or a comma
_BUILT_LATER = re.compile(
    r"(?:,|\band)\s+(?:then\s+|always\s+|only\s+|finally\s+)?(?:yields|returns|produces|builds|constructs|"
    r"creates|wraps\s+(?:it|them|the\s+\w+|its\s+\w+)\s+in)\s+(?:(?:a|an|the)\s+)?\Z",
    re.IGNORECASE,
)
# what opens a sentence before its subject: "Then", "For a plain DSN,"
_BEFORE_SUBJECT = re.compile(
    r"(?:(?:then|next|finally|first|afterwards|after\s+that)\s*,?\s*)?"
    r"(?:(?:for|on|in|with|without|given)\b[^,`;:.]{1,40},\s*)?\Z",
    re.IGNORECASE,
)
# what may hand the clause to another subject, or make the build a case supposed, between the
# subject and the build word
_ANOTHER_CLAUSE = re.compile(
    r";|(?<!:):(?!:)|[()]|\bthat\b(?!\s+`)|\b(?:which|who|whose|where|when|whenever|while|whereas|but|so|if|unless|whether|"
    r"otherwise|else|once|until|after|before|because|since|instead|rather|except|unlike|not|never|"
    r"caller|callers|handler)\b"
    r"|(?:,|\band)\s+`[^`]{1,80}`\s+(?:then\s+|also\s+)?[a-z]+s\b",  # "…, and `g` returns"
    re.IGNORECASE,
)
# "`A::X`, `A::Y` or `A::Z`": the rest of a list of variants
_LIST_GAP = re.compile(r"\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+")


def built_later_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """The variants a sentence says its subject builds later in its own clause ("`f` takes the
    items and wraps them in `E::V`", "It … and returns `A::X`, `A::Y` or `A::Z`"), each held to
    the subject as "`f` yields `E::V`" is."""
    if not found or not function_like(found[0]) or CHOICE in found[0].name:
        return
    subject = found[0]
    if subject.ticked and not _BEFORE_SUBJECT.fullmatch(sentence, 0, subject.start):
        return
    if _SUPPOSED.search(sentence, max(0, subject.start - 200), subject.start):
        return  # "if `f` … returns `E::V`": a case supposed
    built: list[Token] = []
    for index, token in enumerate(found[1:], 1):
        if built:
            if (
                token.ticked
                and _VARIANT.fullmatch(token.text)
                and token.text.rsplit("::", 1)[0] == built[0].text.rsplit("::", 1)[0]
                and _LIST_GAP.fullmatch(sentence, found[index - 1].end, token.start)
            ):
                built.append(token)
                continue
            break
        word = _BUILT_LATER.search(sentence, found[index - 1].end, token.start) if token.ticked else None
        if (
            word is not None
            and _VARIANT.fullmatch(token.text)
            and not _ANOTHER_CLAUSE.search(sentence, subject.end, word.start())
        ):
            built.append(token)
    for token in built:
        if not negated(parts, subject.start, token.end):
            yield Claim(Kind.CALL, sentence, subject.name, token.text, BUILDS_VARIANT)


def judge_given(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when a call of the function in the record's code spells the variant;
    contradicted when its calls spell the enum with other variants only."""
    callee = claim.subject.rsplit("::", 1)[-1]
    enum, variant = claim.object.rsplit("::", 2)[-2:]
    if claim.says == BUILDS_VARIANT:
        return _judge_built(facts, claim, own, enum, variant)
    sites = [site for fn in own for site in facts.sites(fn, [callee])]
    spelled = next((site for site in sites if variant in site.given), None)
    if spelled is not None:
        return Verdict(claim, State.SUPPORTED, where=spelled.where)
    others = [site for site in sites if enum in site.given]
    variants = facts.variants_of(enum) or frozenset()
    if not others or len(others) < len(sites) or variants.isdisjoint(others[0].given):
        # (a call that spells no variant of the enum may be handed this one in a variable)
        return Verdict(claim, State.UNCHECKABLE)
    site = others[0]
    shown = ", ".join(f"`{enum}::{name}`" for name in site.given if name in variants)
    return contradicted(
        claim,
        f"`{site.path}` is given {shown} at {site.where}; no call of it in this record's code is given `{claim.object}`",
        site.where,
    )


def _judge_built(facts: Facts, claim: Claim, own: list[FnDef], enum: str, variant: str) -> Verdict:
    fns = record_first(facts.functions(claim.subject), own)
    if not fns or len(fns) > 3:
        return Verdict(claim, State.UNCHECKABLE)
    for fn in fns:
        # (its own body, and what it calls by another name: a namesake reached by name alone,
        # `MessageTask::new_task` for `MessageTaskBatch::new_task`, builds another variant)
        reached = [r for r in facts.reach(fn, 2) if r is fn or r.name != fn.name]
        reaching = next((r for r in reached if variant in facts.variants_named(r, enum)), None)
        if reaching is not None:
            return Verdict(claim, State.SUPPORTED, where=at(reaching))
    named = {name for fn in fns for name in facts.variants_named(fn, enum)}
    if not named:
        return Verdict(claim, State.UNCHECKABLE)
    shown = ", ".join(f"`{enum}::{name}`" for name in sorted(named))
    return contradicted(
        claim,
        f"`{claim.subject}` ({at(fns[0])}) builds {shown}, and nothing it reaches within two calls names `{claim.object}`",
        at(fns[0]),
    )
