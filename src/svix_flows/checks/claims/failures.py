"""Error handling, its verdicts: each claim of `handling` judged by what the call sites of the
record's code do with the call's error (`?`, mapped, logged, dropped, turned into a value) and
whether anything retries it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ...rust.facts.handling import Handling
from .actions import is_call_of
from .handling import (
    FAILING_ACTIONS,
    LOGGED,
    MAPPED_WITH,
    NOT_RETRIED,
    OUTSIDE_PARTY,
    PANICS,
    PROPAGATED,
    RETRIED,
    SENT,
    SPAWNED,
    STEM,
    WIDE,
)
from .model import ACTION, CHOICE, FLOW, REACH_DEPTH, Claim, State, Verdict, at, bodies, contradicted
from .text import FUNCTION_NAMED, GIVEN_ASIDE

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts, SiteFact


def judge_error(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Judged on the record's call sites of the subject; an action noun ("a cache error") stands
    for each of its calls, judged only when all of them agree."""
    if claim.subject == FLOW:
        return _nothing_retries(facts, claim, own)
    if claim.says == NOT_RETRIED:
        return _unretried(facts, claim, own)
    action = claim.subject.startswith(ACTION)
    # the function said to hand the error on: the subject, or for a failure named by its action
    # the function its clause names ("`f` propagates a failed unlock")
    said = (claim.scope if action else claim.subject).split(CHOICE)[0]
    if claim.says == PROPAGATED and said:
        # (or the function the sentence opens with: "`f` runs `g` and propagates the failure")
        opening = [name for name in claim.scope.split(CHOICE) if _opens_with(claim.sentence, name)]
        for name in dict.fromkeys([said, *opening]):
            infallible = _infallible(facts, claim, name) or _falls_back(facts, claim, name)
            if infallible is not None:
                return infallible
    if claim.says == PROPAGATED and not action:
        if (
            _BODY_SAID.match(claim.sentence)
            or _PROPAGATES_ITS_OWN.search(claim.sentence)
            or (_IT_SAID.match(claim.sentence) and not _names(claim.sentence, said))
            or _which_propagates(claim.sentence, claim.subject)
        ) and not _its_error_handed_on(claim.sentence, claim.subject):
            # "`f` takes … and returns `Result<()>`, with every Redis error propagated": what
            # `f`'s own body does, which its callers' handling of its error does not show
            return Verdict(claim, State.UNCHECKABLE)
    names, sites = _meant_in_scope(facts, claim, own)
    sites = _in_scope(facts, claim, own, sites)
    if not sites:
        return Verdict(claim, State.UNCHECKABLE)
    name = sites[0].name
    if claim.says == RETRIED:
        verdict = _retried(facts, claim, name, names, sites)
        if verdict.state is State.UNCHECKABLE:
            verdict = _propagated_unretried(facts, claim, name, own, sites)
        if verdict.state is State.UNCHECKABLE and not _retry_in(facts, own):
            return _nothing_retries(facts, claim, own)
        return verdict
    if claim.says == LOGGED:
        return _logged(claim, name, sites)
    if claim.says == PANICS:
        return _panics(claim, name, sites)
    if claim.says == MAPPED_WITH:
        return _mapped_with(facts, claim, name, sites)
    if _AS_IT_IS.search(claim.sentence) and all(s.handling is Handling.MAPPED for s in sites):
        return contradicted(
            claim,
            f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; "
            "the text says it propagates as it is",
            sites[0].where,
        )
    return _propagated(claim, name, sites)


# a return type that can carry an error, or may: a generic, a future, a handle, a box
_FALLIBLE = re.compile(r"Result|Option|Error|Err\b|Future|JoinHandle|impl\b|dyn\b|Box|\bSelf\b|^[A-Z]\w?$")


def _infallible(facts: Facts, claim: Claim, said: str) -> Verdict | None:
    """ "`f` propagates the failure with `?`" where every function `f` names returns a type
    that holds no error (`()`, `Vec<u8>`): it has none to hand on. Only when `f` is the one
    that propagates, not "the error of `f`" (a query builder's error comes from the call
    that runs its chain)."""
    if not _propagates_itself(claim.sentence, said):
        return None
    fns = facts.functions(said)
    if not fns:
        return None
    shown = []
    for fn in fns:
        written, _ = facts.returns(fn)
        text = written.lstrip("-> ").strip() if written else "()"
        if _FALLIBLE.search(text):
            return None
        shown.append((text, fn))
    text, fn = shown[0]
    return contradicted(
        claim,
        f"`{said}` returns `{text}` at {at(fn)}, which holds no error to propagate; "
        "the text says it propagates one",
        at(fn),
    )


def _falls_back(facts: Facts, claim: Claim, said: str) -> Verdict | None:
    """ "`can_fail` logs the error and then propagates it" where every function `can_fail`
    names unwraps its results with a fallback (`unwrap_or_else(|e| { …; T::default() })`) and
    has no `?`, no `Err` and no `return`: it hands no error on. Only when `f` is the one said
    to propagate, as for a type that holds no error."""
    if not _propagates_itself(claim.sentence, said):
        return None
    fns = bodies(facts, said)
    fallbacks = [facts.fallback_only(fn) for fn in fns]
    if not fns or not all(fallbacks):
        return None
    return contradicted(
        claim,
        f"`{said}` ({at(fns[0])}) unwraps its result with `{fallbacks[0]}` and hands no error on; "
        "the text says it propagates one",
        at(fns[0]),
    )


def _opens_with(sentence: str, name: str) -> bool:
    """Whether the sentence opens with the function `name` as its subject ("Then `f` …")."""
    last = re.escape(name.rsplit("::", 1)[-1])
    return (
        bool(name)
        and re.match(rf"(?:(?:Then|Next|Finally|First),?\s+)?`(?:\w+::)*{last}(?:\(\))?`", sentence)
        is not None
    )


def _propagates_itself(sentence: str, said: str) -> bool:
    """Whether the sentence says the function `said` itself hands an error on ("`f`
    propagates it", "`f` runs X and propagates a failure"), not that its error is."""
    name = rf"`(?:\w+::)*{re.escape(said.rsplit('::', 1)[-1])}(?:\([^`]*\))?`"
    return bool(
        re.search(rf"{name}\s+{_HANDS_ON_VERB}", sentence)
        or re.match(
            # "`f` runs `SELECT …` and propagates a failure": its own second verb
            # (after a short opening: "If that fails, `f` logs it and propagates it")
            rf"(?:(?:Then|Next|Finally|First),?\s+|(?:If|When|On|Once|After)\b[^,`]{{0,40}},\s+)?"
            rf"{name}(?:[^.;,`]|`[^`]*`)*?\sand\s+(?:then\s+)?{_HANDS_ON_VERB}",
            sentence,
        )
        # "… to `f` with the detail "x", which logs the error and then returns it"
        or re.search(
            rf"{name}{GIVEN_ASIDE},\s+which\s+"
            rf"(?:[^.;,`]|`[^`]{{1,60}}`){{0,120}}?\s(?:and\s+(?:then\s+)?)?{_HANDS_ON_VERB}",
            sentence,
        )
    )


# a sentence whose subject is a function doing something ("`f` takes", "`A::f` reads"), not
# one whose call is done to ("`f` is awaited", "`f` fails", "`f`'s error")
_BODY_SAID = re.compile(
    r"`(?:\w+::)*\w+(?:\([^`]*\))?`\s+(?!is\b|are\b|fails\b|errors\b|has\b|returns an? (?:error|`Err))[a-z]+s\b"
)
# the same said of "It", when the pronoun is what the claim is said of (the sentence does not
# name it): "`f` has the signature …. It first takes a connection through `g` with `?`"
_IT_SAID = re.compile(
    r"It\s+(?:first\s+|then\s+|also\s+)?(?!is\b|fails\b|errors\b|has\b|returns an? (?:error|`Err))[a-z]+s\b"
)


def _which_propagates(sentence: str, subject: str) -> bool:
    """ "… calls `f`, which issues X and propagates the `sqlx::Error` with `?`": the relative
    clause says what `f`'s own body does with its calls' errors."""
    name = re.escape(subject.rsplit("::", 1)[-1])
    return (
        re.search(
            rf"`(?:\w+::)*{name}(?:\([^`]*\))?`,?\s+which\s+(?:[^.;]*?\s)?(?:propagates|returns|hands|passes)\b",
            sentence,
        )
        is not None
    )


# "It opens X and propagates a failure with `?`": the subject hands on what its calls give
_PROPAGATES_ITS_OWN = re.compile(r"\bpropagates\s+(?:a|any|an)\s+(?:[a-z]+\s+)?(?:failure|error)\b")
_HANDS_ON_VERB = r"(?:(?:then|also|simply|just|only|always)\s+)?(?:propagates|passes|hands|returns|bubbles)\b"
# "…, and its error is propagated with `?`": what the caller does with the function's own error
# (not "a failure there", which may be a step's inside it)
_ITS_ERROR_HANDED_ON = re.compile(
    r"\b(?:its|whose)\s+(?:error|failure|result|`Err`)\s+(?:is|gets)\s+(?:then\s+|also\s+|simply\s+|always\s+)?"
    r"(?:propagated|returned|handed\s+on|passed\s+on|bubbled\s+up)\b"
)


def _names(sentence: str, said: str) -> bool:
    """Whether the sentence writes the function `said` in backticks, bare, with its path or on
    a value (`queue_tx.redrive_dlq()`)."""
    last = re.escape(said.rsplit("::", 1)[-1])
    return re.search(rf"`(?:\w+(?:::|\.))*{last}(?:\(|`)", sentence) is not None


def _its_error_handed_on(sentence: str, said: str) -> bool:
    """Whether the sentence says the error of `said`, the only function it names before, is
    handed on ("`f` deletes the key, and its error is propagated with `?`"): its caller's
    handling, which the call sites show."""
    match = _ITS_ERROR_HANDED_ON.search(sentence)
    if match is None:
        return False
    named = {m.group("name") for m in FUNCTION_NAMED.finditer(sentence, 0, match.start())}
    return named == {said}


def _mapped_with(facts: Facts, claim: Claim, name: str, sites: list[SiteFact]) -> Verdict:
    """ "the error of `f` is mapped with `g`": supported by a `map_err(g)` on a call of `f`, in
    the closure a call of `f` is given, or inside `f` ("… calls `f`, which deletes the key. Any
    failure there is mapped through `g`": the error `f` hands back was mapped with `g`);
    contradicted when every call of `f` propagates its error unmapped, or maps it with another."""
    said = claim.object.rsplit("::", 1)[-1]
    inside = [site for fn in facts.functions(claim.subject) for site in facts.sites(fn)]
    found = next((s for s in sites + inside if s.mapper and s.mapper.rsplit("::", 1)[-1] == said), None)
    if found is None:
        # "`db.transaction`: the insert is mapped through `g`": mapped inside the closure the call is given
        within = re.compile(rf"\bmap_err\((?:\w+::)*{re.escape(said)}\)")
        found = next((s for s in sites if within.search(s.arguments)), None)
    if found is not None:
        return Verdict(claim, State.SUPPORTED, where=found.where)
    if all(s.handling is Handling.PROPAGATED and not s.mapper for s in sites):
        what = "propagated with a plain `?`"
    elif all(s.handling is Handling.MAPPED and s.mapper for s in sites):
        what = f"mapped with `{sites[0].mapper}`"
    else:
        return Verdict(claim, State.UNCHECKABLE)
    return contradicted(
        claim,
        f"the error of `{name}` is {what} at {sites[0].where}; the text says it is mapped with `{claim.object}`",
        sites[0].where,
    )


# a propagation said to leave the error as it is: contradicted by a `map_err` before the `?`
_AS_IT_IS = re.compile(
    r"\b(?:as it is|as is|unchanged|unmapped|untouched|without (?:mapping|converting|wrapping) it|"
    r"(?:and |with )?no mapping|without any (?:[a-z]+ )?mapping|(?:a |with a )?plain `\?`)",
    re.IGNORECASE,
)


def _in_scope(facts: Facts, claim: Claim, own: list[FnDef], sites: list[SiteFact]) -> list[SiteFact]:
    """The sites of the one function of the record the sentence also names, when it names one
    that holds such sites; else all of them. A crate function the record has not ("the worker
    is less forgiving: `A::sign` calls `key` and unwraps it") is judged on its own calls of
    the same name, and on nothing when it makes none."""
    if not claim.scope:
        return sites
    named = {name.rsplit("::", 1)[-1] for name in claim.scope.split(CHOICE)}
    holders = [fn for fn in own if fn.name in named]
    if not holders and _calls_it(claim):
        beyond = [fn for name in claim.scope.split(CHOICE) for fn in facts.functions(name)]
        if beyond:
            called = {site.name for site in sites}
            return [site for fn in beyond for site in facts.sites(fn) if site.name in called]
    held = [[s for s in sites if _holds(fn, s)] for fn in holders]
    held = [group for group in held if group]
    return held[0] if len(held) == 1 else sites


def _calls_it(claim: Claim) -> bool:
    """Whether the sentence says its scope calls the claim's subject ("`A::sign` calls `key`"):
    the scope is then the caller, not a helper the error goes through (`run_with_retries`)."""
    scope = "|".join(re.escape(name) for name in claim.scope.split(CHOICE))
    subject = re.escape(claim.subject.rsplit("::", 1)[-1])
    return (
        re.search(
            rf"`(?:{scope})(?:\(\))?`\s+(?:then\s+|first\s+|also\s+)?(?:calls|awaits|invokes|runs)\s+"
            rf"`(?:[\w.]+(?:::|\.))?{subject}(?:\([^`]*\))?`",
            claim.sentence,
        )
        is not None
    )


def _holds(fn: FnDef, site: SiteFact) -> bool:
    """Whether the call site lies in the function."""
    return fn.file == site.file and fn.line <= site.line <= fn.end_line


def _holder(own: list[FnDef], site: SiteFact) -> FnDef | None:
    """The function of the record the call site lies in, if any."""
    return next((fn for fn in own if _holds(fn, site)), None)


def _same_fn(own: list[FnDef], site: SiteFact, first: SiteFact) -> bool:
    """Whether two call sites lie in the same function of the record."""
    holder = _holder(own, first)
    return holder is not None and holder.line <= site.line <= holder.end_line


_Meant = tuple[tuple[str, ...], list["SiteFact"]]


def _meant_in_scope(facts: Facts, claim: Claim, own: list[FnDef]) -> _Meant:
    """An action's calls in the one function of the record the sentence names, when it makes
    some ("`delete_x` … propagates a database error with plain `?`" speaks of `delete_x`'s own
    writes, not of the first function of the record that makes such calls); else as meant."""
    if claim.subject.startswith(ACTION) and claim.scope:
        named = {name.rsplit("::", 1)[-1] for name in claim.scope.split(CHOICE)}
        holders = [fn for fn in own if fn.name in named]
        if len(holders) == 1:
            names, sites = _sites_meant(facts, claim, holders)
            if sites:
                return names, sites
    return _sites_meant(facts, claim, own)


def _sites_meant(facts: Facts, claim: Claim, own: list[FnDef]) -> _Meant:
    """The call names a claim's subject stands for, and the record's call sites it means (none
    when an action's calls are handled apart: "that send" of several, which is meant?)."""
    if not claim.subject.startswith(ACTION):
        return _named_sites(facts, claim.subject, own)
    action = claim.subject.removeprefix(ACTION)
    for mark, meant in _MARKED:
        if action.startswith(mark):
            names, sites = meant(facts, action.removeprefix(mark), own)
            if not sites and mark == STEM and (only := _only_call_named(claim.sentence)) is not None:
                # "it calls `cfg::load()`, and a configuration error is only logged": no call is
                # named for the word, so the one call the sentence names fails
                return _named_sites(facts, only, own)
            return names, sites
    return _action_sites(facts, claim.subject, action, own)


# a function in backticks written as a call, or with its path
_CALL_NAMED = re.compile(r"`((?:[A-Za-z_]\w*::)*[a-z_]\w*)(\([^`]*\))?`")


def _only_call_named(sentence: str) -> str | None:
    """The one function a sentence names as a call (`f()`) or with its path (`a::f`), if one."""
    named = {
        m.group(1) for m in _CALL_NAMED.finditer(sentence) if m.group(2) is not None or "::" in m.group(1)
    }
    return named.pop() if len(named) == 1 else None


def _all_sites(facts: Facts, own: list[FnDef]) -> list[SiteFact]:
    return [site for fn in own for site in facts.sites(fn)]


def _named_sites(facts: Facts, subject: str, own: list[FnDef]) -> _Meant:
    """The calls of a function named; of its path (`SvixHttpsConnector::new`) when spelled so."""
    names: tuple[str, ...] = (subject.rsplit("::", 1)[-1],)
    # not the calls a function of that name makes of its namesake on another value
    # (`SvixOmniProducer::redrive_dlq` awaiting `self.inner.redrive_dlq()`), when others remain
    every = [site for fn in own for site in facts.sites(fn, names)]
    sites = [site for site in every if not _namesake(own, site)] or every
    if "::" in subject:
        spelled = [site for site in sites if "::" in site.path and _same_path(site.path, subject)]
        sites = spelled or sites
    return names, sites


def _namesake(own: list[FnDef], site: SiteFact) -> bool:
    """Whether a call is a method's call of its namesake on another value (`self.inner.f()` or
    `delivery.f()` in a method `f`), not of itself (`self.f()`, `Self::f()`); a free function
    calling a method of its name (the handler `redrive_dlq` awaiting `queue_tx.redrive_dlq()`)
    makes the call the text speaks of."""
    holder = _holder(own, site)
    return (
        holder is not None
        and holder.owner is not None
        and holder.name == site.name
        and "." in site.path
        and site.path != f"self.{site.name}"
    )


def _stem_sites(facts: Facts, stem: str, own: list[FnDef]) -> _Meant:
    """ "a receive error": the calls whose name the word begins, at the outermost function."""
    stemmed = [site for site in _all_sites(facts, own) if site.name.startswith(stem)]
    return _agreeing(facts, tuple(sorted({site.name for site in stemmed})), stemmed, own)


def _sent_sites(facts: Facts, sent: str, own: list[FnDef]) -> _Meant:
    """ "sending the `X` webhook": the sends whose arguments name `X`."""
    sends = [site for site in _all_sites(facts, own) if site.name.startswith("send") and sent in site.given]
    return tuple(sorted({site.name for site in sends})), sends if _agree(sends) else []


def _wide_sites(facts: Facts, stem: str, own: list[FnDef]) -> _Meant:
    """ "a failed send": the word must be a call's very name (`send`), not only the start of one,
    or that name for a batch ("a failed receive", `receive_all`; not `send_operational_webhook`,
    a step of its own); the calls meant are those of the function that makes it."""
    wide = [site for site in _all_sites(facts, own) if site.name.startswith(stem)]
    exact = next((site for site in wide if site.name in (stem, *(stem + s for s in _BATCH_SUFFIXES))), None)
    wide = [site for site in wide if exact is not None and _same_fn(own, site, exact)]
    return tuple(sorted({site.name for site in wide})), wide if _agree(wide) else []


_BATCH_SUFFIXES = ("_all", "_many", "_batch")


def _action_sites(facts: Facts, subject: str, action: str, own: list[FnDef]) -> _Meant:
    """An action noun's calls ("a failed cache write"), or the crate calls run in a spawned task."""
    names = FAILING_ACTIONS.get(action) or FAILING_ACTIONS.get(action.split(" ")[-1], ())
    if subject == SPAWNED:
        sites = [site for site in _all_sites(facts, own) if site.spawned and facts.functions(site.name)]
    else:
        sites = [site for fn in own for site in facts.sites(fn, names) if is_call_of(names, site)]
    return _agreeing(facts, names, sites, own)


_MARKED: tuple[tuple[str, Callable[[Facts, str, list[FnDef]], _Meant]], ...] = (
    (STEM, _stem_sites),
    (SENT, _sent_sites),
    (WIDE, _wide_sites),
)


def _same_path(written: str, said: str) -> bool:
    """Whether a call's path and the text's name are the same call (one may be the longer)."""
    return written.endswith(said) or said.endswith(written)


def _agreeing(
    facts: Facts, names: tuple[str, ...], sites: list[SiteFact], own: list[FnDef]
) -> tuple[tuple[str, ...], list[SiteFact]]:
    """The call sites an action means, when they all do the same with the error."""
    if sites:
        # "a failed ack": the calls of the outermost function that makes them, where the text's
        # reader meets them, not the layers below it that handle the same call their own way
        first = _holder(own, sites[0])
        mine = [s for s in sites if s.file == sites[0].file and _same_fn(own, s, sites[0])]
        # a function of the record beside it (neither reaches the other), handling the calls
        # another way: which of the two the text speaks of cannot be told
        below = {id(fn) for fn in facts.reach(first, REACH_DEPTH)} if first is not None else set()
        beside = [s for s in sites if s not in mine and id(_holder(own, s)) not in below]
        sites = [] if beside and not _agree(mine + beside) else mine
    return names, sites if _agree(sites) else []


def _agree(sites: list[SiteFact]) -> bool:
    """Whether every site does the same with its error: all propagate, or all swallow it."""
    return all(s.handling.propagated for s in sites) or all(s.handling.swallowed for s in sites)


_RETRY_WORDS = re.compile(r"retr|backoff|attempt", re.IGNORECASE)
RETRY_DEPTH = 2  # calls followed from the record's code in search of a retry


def _retry_in(facts: Facts, own: list[FnDef]) -> bool:
    """Whether the record's code, or what it calls within RETRY_DEPTH calls, may retry anything:
    a loop that sleeps or backs off, a retry helper, or any name that speaks of retries."""
    for reached in _reached(facts, own):
        if any(_RETRY_WORDS.search(name) for name in facts.names(reached)):
            return True
        if any(site.retried for site in facts.sites(reached)):
            return True
    return False


def _reached(facts: Facts, own: list[FnDef]) -> Iterator[FnDef]:
    """The record's functions and what they call within RETRY_DEPTH calls, where a retry is looked for."""
    for fn in own:
        yield from facts.reach(fn, RETRY_DEPTH)


def _nothing_retries(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    if not own or _retry_in(facts, own):
        return Verdict(claim, State.UNCHECKABLE)
    shown = ", ".join(f"`{fn.name}`" for fn in own[:3]) + (", …" if len(own) > 3 else "")
    return contradicted(
        claim,
        f"nothing in this record's code ({shown}) or what it calls within {RETRY_DEPTH} calls retries; "
        "the text says a failure is retried",
        f"{own[0].file}:{own[0].line}",
    )


def _retried(facts: Facts, claim: Claim, name: str, names: tuple[str, ...], sites: list[SiteFact]) -> Verdict:
    called = {s.name for s in sites}  # the calls meant, not every name an action may stand for
    if any(s.retried for s in sites) or any(_retries(facts, fn) for n in called for fn in facts.functions(n)):
        return Verdict(claim, State.SUPPORTED, where=sites[0].where)
    if all(s.handling.swallowed for s in sites):
        return contradicted(
            claim,
            f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; nothing retries it",
            sites[0].where,
        )
    return Verdict(claim, State.UNCHECKABLE)


# a retry by someone else than the code around the call: later, by the queue, by the client
_RETRIED_ELSEWHERE = re.compile(
    r"\b(?:later|redeliver\w*|requeue\w*|re-?queued|next attempt|schedul\w*|by the|by an?|by `|queue|worker)\b",
    re.IGNORECASE,
)


def _propagated_unretried(
    facts: Facts, claim: Claim, name: str, own: list[FnDef], sites: list[SiteFact]
) -> Verdict:
    """ "`f` is retried" where every call of `f` hands its error on with `?`, outside any loop,
    in functions that speak of no retry, and `f` retries nothing itself: nothing retries it
    there (a retry by another party, later, is left alone)."""
    if _RETRIED_ELSEWHERE.search(claim.sentence) or OUTSIDE_PARTY.search(claim.sentence):
        return Verdict(claim, State.UNCHECKABLE)
    if not all(s.handling.propagated and not s.in_loop and not s.retried for s in sites):
        return Verdict(claim, State.UNCHECKABLE)
    holders = [fn for fn in own if any(_holds(fn, s) for s in sites)]
    if not holders or any(_RETRY_WORDS.search(n) for fn in holders for n in facts.names(fn)):
        return Verdict(claim, State.UNCHECKABLE)
    if any(_retries(facts, fn) for fn in facts.functions(name)) or _caller_retries(facts, own, holders):
        return Verdict(claim, State.UNCHECKABLE)
    return contradicted(
        claim,
        f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}, outside any loop, "
        "and nothing around the call retries it; the text says it is retried",
        sites[0].where,
    )


def _caller_retries(facts: Facts, own: list[FnDef], holders: list[FnDef]) -> bool:
    """Whether the record's code retries a call of a function that holds the call, which hands
    its error on (`set` runs `set_raw` under `run_with_retries`: `set_raw`'s `pset_ex` is retried)."""
    held = {fn.name for fn in holders}
    return any(
        site.retried and site.name in held
        for reached in _reached(facts, own)
        for site in facts.sites(reached)
    )


def _panics(claim: Claim, name: str, sites: list[SiteFact]) -> Verdict:
    """ "… is turned into a panic with `expect`": supported by a site that unwraps the error,
    contradicted when every site hands it on or only logs it."""
    return _handled_as(
        claim,
        name,
        sites,
        said=lambda h: h is Handling.PANICS,
        other=lambda h: h.propagated or h.swallowed,
        saying="it panics",
    )


def _logged(claim: Claim, name: str, sites: list[SiteFact]) -> Verdict:
    # the other way: handed on, or a panic (`expect`), which neither logs nor hands the error on
    return _handled_as(
        claim,
        name,
        sites,
        said=lambda h: h.swallowed,
        other=lambda h: h.propagated or h is Handling.PANICS,
        saying="it is only logged",
    )


def _propagated(claim: Claim, name: str, sites: list[SiteFact]) -> Verdict:
    # the other way: swallowed, a panic, or an error a `match` turns into a value (not handed on)
    return _handled_as(
        claim,
        name,
        sites,
        said=lambda h: h.propagated,
        other=lambda h: h.swallowed or h in (Handling.PANICS, Handling.CONVERTED),
        saying="it propagates",
    )


def _handled_as(
    claim: Claim,
    name: str,
    sites: list[SiteFact],
    *,
    said: Callable[[Handling], bool],
    other: Callable[[Handling], bool],
    saying: str,
) -> Verdict:
    """Supported by a site that handles the error as said, contradicted when every site
    handles it the `other` way."""
    found = [s for s in sites if said(s.handling)]
    if found:
        return Verdict(claim, State.SUPPORTED, where=found[0].where)
    if all(other(s.handling) for s in sites):
        return contradicted(
            claim,
            f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; the text says {saying}",
            sites[0].where,
        )
    return Verdict(claim, State.UNCHECKABLE)


def _unretried(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """ "`send` … without retrying it": contradicted when every function the name may mean (the
    record's own first, an owner the text writes kept) runs its work through a retry."""
    if claim.subject.startswith(ACTION):
        return Verdict(claim, State.UNCHECKABLE)
    *path, name = claim.subject.split("::")
    owner = path[-1] if path and path[-1][:1].isupper() else None
    owner = facts.alias_names().get(owner, owner) if owner is not None else None  # `TaskQueueProducer`

    def meant(fn: FnDef) -> bool:
        return fn.name == name and (owner is None or (fn.owner is not None and fn.owner.name == owner))

    fns = [fn for fn in own if meant(fn)] or [fn for fn in facts.functions(name) if meant(fn)]
    retrying = [_retry_sites(facts, fn) for fn in fns]
    if not fns or not all(retrying):
        return Verdict(claim, State.UNCHECKABLE)
    first = retrying[0][0]
    return contradicted(
        claim,
        f"`{name}` runs its work through a retry (`{first.name}` at {first.where}); "
        "the text says it is not retried",
        first.where,
    )


def _retry_sites(facts: Facts, fn: FnDef) -> list[SiteFact]:
    """The calls of `fn` that retry: made inside a retry, of a function named for one, or of
    `fn` itself (`self.execute_inner(request, false)` in `execute_inner`: it tries again)."""
    return [
        site
        for site in facts.sites(fn)
        if site.retried or "retr" in site.name.lower() or (site.name == fn.name and _on_itself(site.path))
    ]


def _on_itself(path: str) -> bool:
    """Whether a call's path may name the function it is in: `f`, `self.f`, `Self::f`."""
    return "." not in path.removeprefix("self.") and not ("::" in path and not path.startswith("Self::"))


def _retries(facts: Facts, fn: FnDef) -> bool:
    return bool(_retry_sites(facts, fn))
