"""A function named as a step where the record's code makes a call of its sibling: "looks the
app up with `application::Entity::secure_find_by_id`" when the code calls
`application::Entity::secure_find_by_id_or_uid`, "passes the bytes to `set_raw_if_not_exists`"
when it calls `set_raw`, "sends `MessageTask::new_task(…)`" when it sends
`MessageTaskBatch::new_task`.

Whatever verb the sentence uses, a step named with a preposition or a call word before it is
said to happen in the record; when nothing the record's code reaches names it and the code
calls one of its siblings itself, the text named the wrong one. Siblings are functions of one
owner whose names extend one another (`set_raw`, `set_raw_if_not_exists`) or differ only
after a shared first word (`from_base64`, `from_slice`), and namesakes of two types."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .calls import ELSEWHERE, another_user, background, made_above, refers, without_generics
from .kin import extends, kin
from .model import FLOW, REACH_DEPTH, Claim, Kind, State, Verdict, at, contradicted, named_by_scope
from .text import (
    ACTS_AFTER,
    BACK_TO,
    SAID_OF_IT,
    Clauses,
    Token,
    function_like,
    governed,
    negated,
    opens_clause,
)

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts
    from ...rust.facts.sites import SiteFact

NAMES_STEP = "names as a step"  # a call claim's saying: the sentence names the call as a step
ACTS = "acts as a step"  # the same, for a function that is the subject of its clause

_STEP_WORD = re.compile(
    r"\b(?:calls?|runs?|uses|sends|queries|loads|fetches|starts? (?:with|from)|delegated to|invokes|awaits|goes through|"
    r"built (?:on|with)|by calling|with|to|through|via|using)\s+(?:the\s+|a\s+|an\s+|its\s+)?"
    r"(?:[a-z]+\s+)?\Z",
    re.IGNORECASE,
)
_SEEN_IN = re.compile(
    r"\b(?:shows?\s+up|turns?\s+up|surfaces|is\s+(?:seen|felt|visible|noticed|observed))\s+(?:only\s+|later\s+)?in\s+\Z",
    re.IGNORECASE,
)
# where a value was set: "The `expiration` is set by `f`", "… is computed earlier by `f`"
_SET_BY = re.compile(
    r"\b(?:is|are|was|were)\s+(?:first\s+|already\s+|originally\s+)?"
    r"(?:set|computed|filled(?:\s+in)?|populated|stamped|derived|generated|assigned|chosen)\s+"
    r"(?:earlier\s+|upstream\s+|once\s+)?by\s+\Z",
    re.IGNORECASE,
)
# the words before a name that make it no step of the record: where a result is seen ("The
# effect shows up in `f`") or a value set ("The `expiration` is set by `f`"), maybe another
# flow, and a comparison said of the name itself ("The same holds for `f`")
_NO_STEP_BEFORE = (_SEEN_IN, _SET_BY, SAID_OF_IT)
# a contrast may set any name of the sentence against another ("does not call it directly
# but reaches it through `f`"): the whole sentence is left alone ("not", "never", "no" deny
# their clause only, which `negated` reads)
_CONTRAST = re.compile(
    r"\b(?:unlike|instead of|rather than|without|only used|elsewhere|in contrast (?:with|to)|as opposed to"
    r"|compared (?:with|to)|not\s+(?:\w+\s+){1,4}but)\b",
    re.IGNORECASE,
)
# "In `RequestBuilder::build`, the headers …": the place the sentence speaks of, not a step
_PLACE = re.compile(r"\A\s*(?:In|Inside|Within)\s+(?:the\s+)?\Z")


def step_claims(sentence: str, found: list[Token], parts: Clauses, taken: set[str]) -> Iterator[Claim]:
    """A function written with its owner, as a call or with an underscore, named as a step of
    the record, that no other claim of the sentence already reads (`taken`)."""
    if ELSEWHERE.search(sentence) or _CONTRAST.search(sentence):
        return
    for token in found:
        if not token.ticked or not function_like(token) or token.name in taken or token.text.startswith("#"):
            continue  # (`#[validate(nested)]`: an attribute, not a call)
        if "::" not in token.name and "(" not in token.text and "_" not in token.name:
            continue
        if negated(parts, token.start, token.end):
            continue
        if another_user(sentence, token):
            continue  # "that helper, shared with `f`": `f` is another of its callers, not a step
        before = (sentence, max(0, token.start - 40), token.start)
        if any(words.search(*before) for words in _NO_STEP_BEFORE) or BACK_TO.search(*before):
            continue
        if (
            governed(sentence, token)
            or _STEP_WORD.search(sentence, max(0, token.start - 40), token.start)
            or _written_call(sentence, token)
        ):
            yield Claim(Kind.CALL, sentence, FLOW, token.name, NAMES_STEP)
        elif _acting(sentence, token):
            yield Claim(Kind.CALL, sentence, FLOW, token.name, ACTS)


def _acting(sentence: str, token: Token) -> bool:
    """A function that opens a clause and acts in it: the step is said to run (not an error's
    constructor, "`Error::database` wraps the driver's message": what it is, wherever built)."""
    owner = token.name.rsplit("::", 2)[-2] if "::" in token.name else ""
    return (
        bool(owner)
        and not owner.endswith(("Error", "Err"))
        and opens_clause(sentence, token)
        and ACTS_AFTER.match(sentence, token.end) is not None
    )


# a call written with its arguments: `secure_find_by_msg(endp.id)` (not `f()`, nor a value
# written as a call of numbers, `Duration::from_hours(24 * 30)`)
_WITH_ARGUMENTS = re.compile(r"\w\((?![\d\s*+/_.-]*\))")


def _written_call(sentence: str, token: Token) -> bool:
    """A crate-like function written with its arguments, with its path or an underscore (not a
    method written on its value, `app.insert(txn)`, whose type is not said, nor a bare `send`)."""
    return (
        "." not in token.text
        and ("::" in token.name or "_" in token.name)
        and _WITH_ARGUMENTS.search(sentence, token.start, token.end) is not None
    )


def judge_step(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Contradicted when the record's own bodies call a sibling of the function and reach the
    one named only deeper or not at all, or (said of the record as a whole) when nothing the
    record reaches names a crate function written with its owner; supported when they reach it
    otherwise."""
    said = _said_path(claim.object)
    callee = said[-1]
    mine = named_by_scope(claim, own)
    scoped, own = bool(mine), mine or own
    if not scoped and background(claim):
        return Verdict(claim, State.UNCHECKABLE)  # "Since … `f` …": a reason, about code beyond the record
    # a library's function written with its path (`opentelemetry::global::set_tracer_provider`)
    # is judged by its siblings only
    foreign = not _defined(facts, said)
    named = _named_by_record(facts, claim, said, own, foreign)
    if named is not None:
        return named  # the record's own function, or one its code names
    deeper = facts.reaching(own, callee, REACH_DEPTH)
    if deeper is None and facts.called_unseen(callee):
        # (`validate_config_complete`, named in a derive's attribute: the derive calls it; a
        # call a `macro_rules!` body writes, in the impls the macro makes)
        return Verdict(claim, State.UNCHECKABLE)
    sibling = _sibling_called(facts, said, own)
    if foreign and (deeper is not None or sibling is None):
        return Verdict(claim, State.UNCHECKABLE)
    if (
        not scoped
        and not foreign
        and deeper is None
        and sibling is None
        and _unreached(facts, claim, own, said)
        and not made_above(facts, callee, own)
    ):
        return contradicted(
            claim,
            f"no function of this record's code reaches `{claim.object}` within {REACH_DEPTH} calls "
            "(the worker's side included)",
            at(own[0]),
        )
    if deeper is not None and sibling is not None and not _owner_said(claim.sentence, deeper):
        deeper = _reached_by_owner_said(facts, claim, own, callee) or deeper
    return _step_verdict(claim, own, said, deeper, sibling, scoped=scoped)


def _reached_by_owner_said(facts: Facts, claim: Claim, own: list[FnDef], callee: str) -> FnDef | None:
    """ "`permissions::OrganizationWithApplication`, which looks the row up with `f`": of what
    the record reaches that names `f`, a method of the type the sentence names."""
    return next(
        (
            r
            for r in facts.reach_all(own, REACH_DEPTH)
            if callee in facts.names(r) and _owner_said(claim.sentence, r)
        ),
        None,
    )


def judge_acting(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """A function said to act in the record ("`f` filters on …"): contradicted only when the
    record's own bodies call a sibling of it, since a sentence may well describe a function
    beyond the record (another caller, what renders a value later)."""
    said = _said_path(claim.object)
    callee = said[-1]
    foreign = not _defined(facts, said)
    named = _named_by_record(facts, claim, said, own, foreign)
    if named is not None:
        return named
    deeper = facts.reaching(own, callee, REACH_DEPTH)
    if deeper is None and facts.called_unseen(callee):
        return Verdict(claim, State.UNCHECKABLE)  # (one a derive or a macro's impl runs)
    sibling = _sibling_called(facts, said, own)
    if sibling is None or (foreign and deeper is not None):
        return Verdict(claim, State.UNCHECKABLE)
    return _step_verdict(claim, own, said, deeper, sibling, scoped=False)


def _named_by_record(
    facts: Facts, claim: Claim, said: list[str], own: list[FnDef], foreign: bool
) -> Verdict | None:
    """The verdict of a step the record's own function is, or one its code names (a library's
    bare name too): contradicted by a namesake of another type the record calls, else not
    checkable; None for any other step."""
    callee = said[-1]
    if not ((foreign and len(said) < 2) or any(callee == fn.name or callee in facts.names(fn) for fn in own)):
        return None
    namesake = None if foreign else _namesake_reached(facts, said, own)
    return Verdict(claim, State.UNCHECKABLE) if namesake is None else _namesake_verdict(claim, said, namesake)


def _namesake_reached(facts: Facts, said: list[str], own: list[FnDef]) -> FnDef | None:
    """ "`EventTypePatch::update_model` overwrites …" where the record's code calls
    `EventTypeUpdate::update_model`: a method of another type of the same name, which the trace
    resolves for the record's own bodies, and no method of the type said."""
    if len(said) < 2 or not said[-2][:1].isupper() or not facts.functions("::".join(said[-2:])):
        return None
    if any(fn.name == said[-1] and fn.owner is not None and fn.owner.name == said[-2] for fn in own):
        return None  # the record's own function
    # what the record's bodies call (not one of its own functions, which the text may set beside
    # another type's: "`NoCache::get_raw` returns …"), each a type's own method (not a trait's
    # default body, which the type said may well be using)
    called = [r for fn in own for r in facts.reach(fn, 1) if r is not fn and r.name == said[-1]]
    if not called or any(r.owner is None or r.in_trait or r.owner.name == said[-2] for r in called):
        return None
    # (a method of the type said that the one called reaches in turn: "`Model::new`, an empty
    # model produced from `ActiveModel::new`")
    if any(
        r.name == said[-1] and r.owner is not None and r.owner.name == said[-2]
        for r in facts.reach_all(own, REACH_DEPTH)
    ):
        return None
    return called[0]


def _namesake_verdict(claim: Claim, said: list[str], namesake: FnDef) -> Verdict:
    owner = namesake.owner.name if namesake.owner is not None else ""
    return contradicted(
        claim,
        f"this record's code calls `{owner}::{namesake.name}` ({at(namesake)}), never "
        f"`{said[-2]}::{said[-1]}`",
        at(namesake),
    )


def _unreached(facts: Facts, claim: Claim, own: list[FnDef], said: list[str]) -> bool:
    """ "The base query is `messageattempt::Entity::secure_find_by_msg(endp.id)`": a crate
    function written with its owner, said of the record as a whole (not in a reason given in
    passing, nor of another subject), that nothing the record reaches names, on either side of
    the queue."""
    return (
        len(said) > 1
        and bool(facts.functions("::".join(said)))  # (a function of that owner, not a trait's item)
        and facts.called_anywhere(said[-1])  # (one nothing calls, a framework may run)
        and _said_of_subject(claim)
        and not _a_place(claim)
        and facts.reaching(own, said[-1], REACH_DEPTH, queue=True) is None
    )


def _step_verdict(
    claim: Claim,
    own: list[FnDef],
    said: list[str],
    deeper: FnDef | None,
    sibling: tuple[FnDef, SiteFact] | None,
    *,
    scoped: bool,
) -> Verdict:
    """A step's verdict from what the record reaches that names it (`deeper`) and the sibling
    its own bodies call, if any."""
    if scoped and deeper is None and sibling is None and "::" in claim.object and _said_of_subject(claim):
        # (a bare name may be a field or a value)
        return contradicted(
            claim,
            f"`{claim.scope}` ({at(own[0])}) reaches nothing that names `{claim.object}` within {REACH_DEPTH} calls",
            at(own[0]),
        )
    # (a bare name reached deeper may be the namesake any body writes: `validate`; "the
    # `permissions::Application` extractor has resolved the app with `f`": the type whose method
    # reaches it is the one said to act)
    if deeper is not None and (sibling is None or len(said) == 1 or _owner_said(claim.sentence, deeper)):
        return Verdict(claim, State.SUPPORTED, where=at(deeper))
    if sibling is not None:
        fn, site = sibling
        how = (
            f"reaches `{claim.object}` only through `{deeper.name}` ({at(deeper)})"
            if deeper is not None
            else f"reaches nothing that names `{claim.object}` within {REACH_DEPTH} calls"
        )
        return contradicted(
            claim, f"`{fn.name}` calls `{site.path}` at {site.where}; this record's code {how}", site.where
        )
    return Verdict(claim, State.UNCHECKABLE)


def _owner_said(sentence: str, fn: FnDef) -> bool:
    """Whether the sentence names, in backticks, the type whose method `fn` is."""
    if fn.owner is None:
        return False
    owner = re.escape(fn.owner.name)
    return re.search(rf"`(?:[A-Za-z_]\w*::)*{owner}(?:<[^`]*>)?`", sentence) is not None


# what hands the rest of a sentence to another subject: "…, which the handler then hands to `g`"
_ANOTHER_SUBJECT = re.compile(
    # (or another part of the server: "the worker obtains endpoints through `f`")
    # ("The endpoint handlers do call `f` after a change": other handlers than the record's)
    r"\b(?:which|whose|where|that|the\s+handler|the\s+(?:[a-z]+\s+)?handlers|the\s+caller|callers?|the\s+worker"
    r"|the\s+cleaner|the\s+delivery\s+side)\b",
    re.IGNORECASE,
)


def _a_place(claim: Claim) -> bool:
    """ "In `Builder::build`, the headers …": the function is where the sentence looks, which
    may be code beyond the record's."""
    at = claim.sentence.find(f"`{claim.object}")
    return at > 0 and _PLACE.match(claim.sentence, 0, at) is not None


def _said_of_subject(claim: Claim) -> bool:
    """Whether the step is said of the sentence's subject: no relative clause or other actor
    stands between them."""
    at = claim.sentence.find(f"`{claim.object}")
    return at > 0 and _ANOTHER_SUBJECT.search(claim.sentence, 0, at) is None


def _defined(facts: Facts, said: list[str]) -> bool:
    """Whether the crate defines the function a step names: by its path, or for a type whose
    impls a macro writes (`MessageId::end_id`) a trait's item of that name."""
    if facts.functions("::".join(said)):
        return True
    return len(said) > 1 and said[-2][:1].isupper() and any(fn.in_trait for fn in facts.functions(said[-1]))


def _said_path(name: str) -> list[str]:
    """The parts of the path a step is written with (`super::connect` → `connect`)."""
    said = without_generics(name.removesuffix("()")).split("::")
    while len(said) > 1 and said[0] in ("crate", "self", "super"):
        said = said[1:]  # the path's last parts say which
    return said


def _sibling_called(facts: Facts, said: list[str], own: list[FnDef]) -> tuple[FnDef, SiteFact] | None:
    """A call of the record's own bodies to a sibling of the function said."""
    for fn in own:
        for site in facts.sites(fn):
            written = without_generics(site.path).removeprefix("crate::").split("::")
            written[-1] = site.name  # a method called on a value (`self.set_raw`): its name
            if _siblings(said, written) and refers(facts, fn, site.name, site.path):
                # (`process_queue_task` said to call `process_queue_task_inner`: the sibling
                # called may be the way to the one named)
                through = facts.functions("::".join(written))
                if facts.reaching(through, said[-1], REACH_DEPTH) is None:
                    return fn, site
    return None


def _siblings(said: list[str], written: list[str]) -> bool:
    """Two functions of one owner with related names, or namesakes of two types."""
    name, other = said[-1], written[-1]
    if name == other:
        # `MessageTask::new_task` said, `MessageTaskBatch::new_task` called
        return (
            len(said) > 1
            and len(written) > 1
            and said[-2][:1].isupper()
            and written[-2][:1].isupper()
            and said[-2] != written[-2]
        )
    if len(said) > 1 and len(written) > 1 and said[-2] != written[-2]:
        return False
    if len(said) == 1 or len(written) == 1:
        # no owner on either side: only a name that extends the other (`set_raw_if_not_exists`)
        return len(said) == len(written) == 1 and extends(name, other)
    return kin(name, other)
