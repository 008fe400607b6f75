"""The verdicts: each claim of a text judged against the crate's facts by its kind's rule."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from .arms import IN_ARM, judge_arm
from .calls import SPAWNED_TASK, judge_call, named_caller
from .copied import COPIED, judge_copied
from .defaults import TYPE_DEFAULT, judge_type_default
from .failures import judge_error
from .given import BUILDS_VARIANT, GIVEN, judge_given
from .grammar import Grammar
from .literals import (
    ANSWERS_WITH,
    BUILDS,
    PANICS_WITH,
    judge_message,
    judge_panic_message,
    judge_status_message,
)
from .logged import LOGS_AT, judge_logged
from .mapped import EXTRACTOR_STATUS, FUNCTION_STATUS, MAPPED_STATUS, judge_mapped_status
from .missing import MISSING, judge_missing
from .model import CHOICE, FLOW, HANDLER, Claim, Kind, State, Verdict, record_first
from .named_variant import NAMES_VARIANT, judge_named_variant
from .optional import WHEN_NONE, WHEN_SOME, judge_option_call
from .order import judge_order
from .other_arms import OTHERWISE, judge_other_arms
from .other_errors import OTHER_ERRORS, judge_other_errors
from .panicking import PANICS_ITSELF, judge_panics_itself
from .raised import GIVES, GIVES_VARIANT, MAPS, judge_mapper, judge_raised, judge_variant
from .reads import READS, judge_read
from .siblings import ACTS, NAMES_STEP, judge_acting, judge_step
from .signatures import judge_signature
from .success import SUCCESS_STATUS, judge_success_status
from .validation import VALIDATION, judge_validation
from .values import judge_value
from .variants import MATCHES, judge_matches
from .written import WRITTEN, WRITTEN_NUMBER, judge_number, judge_written, written_callee

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

_Rule = Callable[["Facts", Claim, list["FnDef"]], Verdict]


class Judge:
    """Judges the claims of texts about one record's code against the crate's facts."""

    def __init__(self, facts: Facts, limit: int = 20_000) -> None:
        self.facts = facts
        self.grammar = Grammar()
        self.limit = limit  # verdicts remembered; the memory starts afresh when it is full
        self._verdicts: dict[tuple[Claim, tuple[int, ...]], Verdict] = {}

    def judge(self, text: str, own: list[FnDef]) -> list[Verdict]:
        """Every claim of `text`, judged; `own` are the functions of the record's code (a claim
        judged once against the same functions is not judged again)."""
        mine = tuple(id(fn) for fn in own)  # the facts, and so their functions, live for the run
        out = []
        for claim in self.grammar.claims(text):
            key = (claim, mine)
            verdict = self._verdicts.get(key)
            if verdict is None:
                if len(self._verdicts) >= self.limit:
                    self._verdicts.clear()
                verdict = self._verdicts[key] = self._judge(claim, own)
            out.append(verdict)
        return _one_per_call(out)

    def _judge(self, claim: Claim, own: list[FnDef]) -> Verdict:
        if CHOICE in claim.subject:
            chosen = [name for name in claim.subject.split(CHOICE) if self.facts.functions(name)]
            if len(chosen) > 1:
                return self._either(claim, chosen, own)
            if not chosen:
                return Verdict(claim, State.UNCHECKABLE)
            claim = replace(claim, subject=chosen[0])
        try:
            by_saying = _BY_SAYING.get(claim.says) or _BY_OBJECT.get(claim.object)
            if by_saying is not None:
                return self._beyond(claim, own, by_saying(self.facts, claim, own))
            if claim.kind in _ON_SUBJECTS:
                if _bound_subject(self.facts, claim, own):
                    return Verdict(claim, State.UNCHECKABLE)
                verdict = _ON_SUBJECTS[claim.kind](self.facts, claim, self._subjects(claim, own))
                if verdict.state is not State.CONTRADICTED and _plain_flow_call(claim):
                    step = judge_step(self.facts, claim, own)  # a step named for a sibling's call
                    if step.state is State.CONTRADICTED:
                        return step
                if verdict.state is State.CONTRADICTED and claim.subject == HANDLER and len(own) > 1:
                    return self._another_handler(claim, own, verdict)
                if verdict.state is State.CONTRADICTED and (
                    _through_callback(self.facts, claim, own) or _result_handed_on(self.facts, claim, own)
                ):
                    return Verdict(claim, State.UNCHECKABLE)
                return self._beyond(claim, own, verdict)
            if claim.subject.startswith(MISSING):
                return judge_missing(self.facts, claim, own)
            return _RULES[claim.kind](self.facts, claim, own)
        except RecursionError:  # pathological code: nothing to say
            return Verdict(claim, State.UNCHECKABLE)

    def _either(self, claim: Claim, chosen: list[str], own: list[FnDef]) -> Verdict:
        """ "Next it runs `f`" after a sentence that turned from one function to another: either
        may be meant (or one before both), so the claim is judged only where one of them hands
        all its work to the other, which the claim is then false of."""
        verdicts = [self._judge(replace(claim, subject=name), own) for name in chosen]
        wrong = [name for name, v in zip(chosen, verdicts, strict=True) if v.state is State.CONTRADICTED]
        if (
            len(wrong) == 1
            and claim.kind is Kind.CALL
            and all(
                self._hands_to(name, wrong[0], own)
                for name, v in zip(chosen, verdicts, strict=True)
                if v.state is not State.CONTRADICTED
            )
        ):
            # ("`create_message` forwards everything to `create_message_inner`. … Next it runs
            # `f`": the caller reaches `f` only as far as the one it hands to does)
            return verdicts[chosen.index(wrong[0])]
        supported = next((v for v in verdicts if v.state is State.SUPPORTED), None)
        return Verdict(claim, State.UNCHECKABLE) if supported is None else supported

    def _hands_to(self, caller: str, callee: str, own: list[FnDef]) -> bool:
        """Whether every function of the record named `caller` calls in its body one crate
        function only, and that one is named `callee` (it hands all its work on)."""
        callers = [fn for fn in own if fn.name == caller.rsplit("::", 1)[-1]]
        return bool(callers) and all(
            {s.name for s in self.facts.sites(fn) if self.facts.functions(s.name)}
            == {callee.rsplit("::", 1)[-1]}
            for fn in callers
        )

    def _beyond(self, claim: Claim, own: list[FnDef], verdict: Verdict) -> Verdict:
        """A call said of the record as a whole, contradicted, that another function the
        sentence names makes: the sentence speaks of that code, beyond the record."""
        if (
            verdict.state is State.CONTRADICTED
            and claim.kind is Kind.CALL
            and claim.subject == FLOW
            and not claim.negated
            and named_caller(self.facts, claim, own)
        ):
            return Verdict(claim, State.UNCHECKABLE)
        return verdict

    def _another_handler(self, claim: Claim, own: list[FnDef], verdict: Verdict) -> Verdict:
        """ "The handler returns `T`" in a record of several entry points (an update and a delete)
        may speak of another than the first: left alone when another function bears it out."""
        rule = _ON_SUBJECTS[claim.kind]
        if any(rule(self.facts, claim, [fn]).state is State.SUPPORTED for fn in own[1:]):
            return Verdict(claim, State.UNCHECKABLE)
        return verdict

    def _subjects(self, claim: Claim, own: list[FnDef]) -> list[FnDef]:
        """The functions a claim's subject names: the entry point, the record's, or the crate's."""
        if claim.subject == HANDLER:
            return own[:1]
        if claim.subject in (FLOW, SPAWNED_TASK):
            return own
        return record_first(self.facts.functions(claim.subject), own)


# the claims a rule of their own judges, by what they say (or by their object: a status)
_BY_SAYING: dict[str, _Rule] = {
    NAMES_STEP: judge_step,
    COPIED: judge_copied,
    NAMES_VARIANT: judge_named_variant,
    ACTS: judge_acting,
    WRITTEN: judge_written,
    WRITTEN_NUMBER: judge_number,
    GIVEN: judge_given,
    BUILDS_VARIANT: judge_given,
    IN_ARM: judge_arm,
    READS: judge_read,
    BUILDS: judge_message,
    ANSWERS_WITH: judge_status_message,
    PANICS_WITH: judge_panic_message,
    PANICS_ITSELF: judge_panics_itself,
    GIVES: judge_raised,
    GIVES_VARIANT: judge_variant,
    OTHERWISE: judge_other_arms,
    OTHER_ERRORS: judge_other_errors,
    MAPS: judge_mapper,
    MATCHES: judge_matches,
    LOGS_AT: judge_logged,
    VALIDATION: judge_validation,
    WHEN_NONE: judge_option_call,
    WHEN_SOME: judge_option_call,
}
_BY_OBJECT: dict[str, _Rule] = {
    MAPPED_STATUS: judge_mapped_status,
    EXTRACTOR_STATUS: judge_mapped_status,
    FUNCTION_STATUS: judge_mapped_status,
    SUCCESS_STATUS: judge_success_status,
    TYPE_DEFAULT: judge_type_default,
}
# the kinds judged on the functions a claim's subject names
_ON_SUBJECTS: dict[Kind, _Rule] = {Kind.CALL: judge_call, Kind.SIGNATURE: judge_signature}
# the kinds judged on the record's own functions
_RULES: dict[Kind, _Rule] = {Kind.VALUE: judge_value, Kind.ORDER: judge_order, Kind.ERROR: judge_error}


def _one_per_call(verdicts: list[Verdict]) -> list[Verdict]:
    """A call written out with its arguments and contradicted as such is left out where the
    step it names is contradicted too: one finding for one wrong call."""
    steps = {
        (v.claim.sentence, v.claim.object)
        for v in verdicts
        if v.state is State.CONTRADICTED and v.claim.kind is Kind.CALL and v.claim.says != WRITTEN
    }
    return [
        v
        for v in verdicts
        if not (
            v.claim.says == WRITTEN
            and v.state is State.CONTRADICTED
            and (v.claim.sentence, written_callee(v.claim.object)) in steps
        )
    ]


def _through_callback(facts: Facts, claim: Claim, own: list[FnDef]) -> bool:
    """ "`run_with_retries` calls `send_serde_json_scheduled`" where the record hands it a
    closure that makes the call: the helper calls it through its callback."""
    if claim.kind is not Kind.CALL or claim.subject in (FLOW, HANDLER):
        return False
    helper, callee = claim.subject.rsplit("::", 1)[-1], claim.object.rsplit("::", 1)[-1]
    return any(
        "|" in site.arguments and f"{callee}(" in site.arguments
        for fn in own
        for site in facts.sites(fn, [helper])
    )


def _result_handed_on(facts: Facts, claim: Claim, own: list[FnDef]) -> bool:
    """ "`CreateMessageApp::invalidate` goes through `can_fail`" where the record chains the
    callee on the subject's result (`invalidate(…).await.can_fail(…)`), or "`insert` maps a
    failure through `f`" where it maps the subject's error with it (`m.insert(db).await
    .map_err(f)`, whatever `insert` it is): its result goes there."""
    if claim.kind is not Kind.CALL or claim.subject in (FLOW, HANDLER) or claim.negated:
        return False
    subject, callee = claim.subject.rsplit("::", 1)[-1], claim.object.rsplit("::", 1)[-1]
    made = re.compile(rf"(?:\A|[.:]){re.escape(subject)}\(")
    return any(
        (site.name == callee and site.path.endswith(f".{callee}") and made.search(site.path) is not None)
        or (site.name == subject and site.mapper.rsplit("::", 1)[-1] == callee)
        for fn in own
        for site in facts.sites(fn, [callee, subject])
    )


def _plain_flow_call(claim: Claim) -> bool:
    """ "… is looked up with `f`": a call said of the record as a whole, not negated."""
    return claim.kind is Kind.CALL and claim.subject == FLOW and claim.says == "calls" and not claim.negated


def functions_of_blocks(facts: Facts, blocks: Iterable[tuple[str, int, int]], crate_root: str) -> list[FnDef]:
    """The functions a record's code blocks show: (repository path, first line, last line) each."""
    prefix = crate_root.strip("/") + "/"
    out: list[FnDef] = []
    for path, start, end in blocks:
        if path.startswith(prefix):
            out.extend(facts.in_lines(path[len(prefix) :], start, end))
    return out


def _bound_subject(facts: Facts, claim: Claim, own: list[FnDef]) -> bool:
    """ "…, and `version` falls back to 1 through `unwrap_or(1)`": a bare name the record's code
    binds as a value (a parameter, a field taken apart), of no function of the record, is that
    value, whatever function of the crate shares its name."""
    name = claim.subject
    return (
        name.isidentifier()
        and not any(fn.name == name for fn in own)
        and any(name in facts.bindings(fn) for fn in own)
    )
