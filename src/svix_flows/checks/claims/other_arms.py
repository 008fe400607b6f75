"""An error said of the arms of a `match` other than one variant's: "Any access level other
than `AccessLevel::Organization` gets `HttpError::unauthorized`", "Only `V` passes; any other
access level is refused with `E::x`", "Any other access level is refused with `E::x`".

The arms are found in the record's code (in the function the sentence names, when it names
one; else in a crate function it names): the arms of the `match` beside those whose pattern
names the variant, or, with no variant named, the one wildcard arm of the record that builds
an error of the constructor's type. The claim is borne out when such an arm makes the
constructor's call (or calls what makes it); it is contradicted only when none does and they
build another constructor of the same type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .arms import arm_reaches
from .model import Claim, Kind, State, Verdict, contradicted, functions_named, named_by_scope
from .raised import ERROR_CONSTRUCTOR
from .text import Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts
    from ...rust.facts.arms import ArmFact

OTHERWISE = "gives in the arms other than"  # an error claim's saying: the object is the variant
ANY = "_"  # the object of a claim that names no variant: the wildcard arm

_VARIANT = r"`(?P<variant>[A-Z]\w*(?:::[A-Z]\w*)+)(?:\([^`]*\))?`"
# "other than `V`", "anything other than `V`"
_OTHER_THAN = re.compile(r"\bother\s+than\s+(?:an?\s+|the\s+)?" + _VARIANT)
# "Only `V` passes; any other access level …", "accepts only `V`, and any other level …"
_ONLY_THEN_OTHER = re.compile(
    r"\b[Oo]nly\s+(?:an?\s+|the\s+)?" + _VARIANT + r"[^;.]{0,80}?[;,]\s*(?:and\s+|so\s+)?any\s+other\s+[a-z]+"
)
# "any other access level …", said with no variant
_ANY_OTHER = re.compile(r"\b[Aa]ny\s+other\s+(?:access\s+level|level|token\s+kind|variant)\b")


def other_arm_claims(sentence: str, parts: Clauses, subject: str = "") -> Iterator[Claim]:
    """The one error constructor a sentence says the arms other than a variant's give (see the
    module), scoped to the sentence's `subject`."""
    constructors = list(ERROR_CONSTRUCTOR.finditer(sentence))
    if len(constructors) != 1:
        return
    built = constructors[0]
    said = _OTHER_THAN.search(sentence) or _ONLY_THEN_OTHER.search(sentence)
    variant = said.group("variant") if said is not None else ANY
    said = said or _ANY_OTHER.search(sentence)
    if said is None or negated(parts, built.start(), built.end()):
        return
    if ";" in sentence[min(said.end(), built.end()) : max(said.start(), built.start())]:
        return  # another clause: "…; any other level is logged, and `E::x` …"
    yield Claim(Kind.ERROR, sentence, built.group("path"), variant, OTHERWISE, scope=subject)


def judge_other_arms(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where an arm other than the variant's makes the constructor's call; contradicted
    when none does and they build another constructor of its type (see the module)."""
    *_, owner, name = claim.subject.split("::")
    bodies = named_by_scope(claim, own) or own
    # (or a crate function the sentence names: "because `Organization::from_request_parts`
    # answers … for any access level other than `V`", an extractor outside the record)
    others = _other_arms(facts, bodies, claim.object, owner) or _other_arms(
        facts, functions_named(facts, claim.sentence), claim.object, owner
    )
    if not others or len({arm.match for arm in others}) != 1:
        return Verdict(claim, State.UNCHECKABLE)
    making = next((arm for arm in others if arm_reaches(facts, arm, name, own)), None)
    if making is not None:
        return Verdict(claim, State.SUPPORTED, where=making.where)
    built = sorted({call for arm in others for call in arm.calls if _constructs(facts, owner, call)})
    if not built:
        return Verdict(claim, State.UNCHECKABLE)
    arm = others[0]
    which = f"`{claim.object}`" if claim.object != ANY else "the variants named"
    return contradicted(
        claim,
        f"the arm `{arm.text}` at {arm.where}, for values other than {which}, builds "
        f"`{owner}::{built[0]}` and never `{owner}::{name}`",
        arm.where,
    )


def _other_arms(facts: Facts, bodies: list[FnDef], variant: str, owner: str) -> list[ArmFact]:
    """The arms a claim speaks of: beside the variant's arms, or the one wildcard arm of the
    record building an error of `owner` (none when the record has two)."""
    if variant == ANY:
        wild = [
            arm
            for fn in bodies
            for arm in facts.arms(fn)
            if arm.pattern == {ANY} and any(_constructs(facts, owner, call) for call in arm.calls)
        ]
        return wild if len(wild) == 1 else []
    last = variant.rsplit("::", 1)[-1]
    out: list[ArmFact] = []
    for fn in bodies:
        arms = facts.arms(fn)
        matches = {arm.match for arm in arms if last in arm.pattern}
        out += [arm for arm in arms if arm.match in matches and last not in arm.pattern]
    return out


def _constructs(facts: Facts, owner: str, call: str) -> bool:
    """Whether a call of an arm is a constructor of the type `owner` (`HttpError::forbidden`)."""
    return call[:1].islower() and bool(facts.functions(f"{owner}::{call}"))
