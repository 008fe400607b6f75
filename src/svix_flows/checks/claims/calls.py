"""Calls: "`A` calls `B`", "`A` goes through `B`", "`B` is called by `A`", "`A` hands X to `B`",
"`A` never calls `B`", and "… then calls `B`" said of the record's code as a whole; judged by
what `A` reaches through the trace within a few calls."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ...rust.words import FRAMEWORK_METHODS
from .actions import is_call_of
from .kin import kin
from .model import ACTION, FLOW, HANDLER, REACH_DEPTH, Claim, Kind, State, Verdict, at, contradicted
from .text import FILLER, FUNCTION_NAMED, LEAD, Token, function_like, opens_clause

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts, SiteFact

CALL_GLUE = re.compile(
    LEAD + FILLER + r"(?:calls|invokes|delegates to|goes through|goes on to call|calls into|relies on|uses|"
    r"reaches|runs|awaits|dispatches to|hands off to|hands over to|hands (?:it|them) (?:on )?to|passes (?:it|them) (?:on )?to|"
    # "`A` wraps the call in `run_with_retries`": the helper it calls with the call as a closure
    r"wraps (?:it|them|that call|the call|each call|its call|the send|the request) in)"
    r"\s+(?:(?:the|its|a|an|helper|function|method)\s+)*\Z",
    re.IGNORECASE,
)
HAND_VERB = re.compile(LEAD + FILLER + r"(?:hands|passes|forwards|gives|sends)\b", re.IGNORECASE)
_HAND_WORD = re.compile(r"\b(?:hands|passes|forwards|gives|sends)\b", re.IGNORECASE)
# (not "hands `Ok(())` back to `f`": a value returned to the caller)
_HAND_TO = re.compile(r"(?<!\bback)(?:\s|,)(?:on\s+)?(?:to|into)\s+(?:the\s+)?\Z", re.IGNORECASE)
_HAND_STOP = re.compile(r"[.;]|\bwhich\b|\bwhere\b|\bwhile\b")
CALLED_BY = re.compile(
    r"\s*(?:\(\))?\s*(?:is|are)\s+(?:only\s+)?(?:called|invoked|run)\s+(?:only\s+)?(?:by|from)\s+\Z",
    re.IGNORECASE,
)
NEVER_CALLS = re.compile(
    r"\s*(?:\(\))?\s*(?:(?:never|does not|doesn't|do not|don't)\s+(?:calls?|invokes?|reach(?:es)?|goes through|go through|uses?)"
    # "`A` returns without calling `B`"
    r"|(?:[a-z]+s\s+(?:[a-z]+\s+){0,3})?without\s+(?:ever\s+)?(?:calling|invoking|reaching)"
    # "… in `A` without `tokio::spawn`": right after the name
    r"|without(?:\s+(?:any|an?))?(?:\s+call\s+(?:to|of))?)\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
# "`A` awaits the SDK's `create`": a call said to be awaited in the caller's own body
AWAITS = re.compile(LEAD + FILLER + r"(?:awaits|waits for|blocks on)\s+(?:[\w'’]+\s+){0,4}\Z", re.IGNORECASE)
# "`A` inserts the row": a call the verb stands for, made by `A` or what it calls
_ACTION_VERB = re.compile(
    r"(?:\(\))?\s+(?:(?:then|also|first|itself|directly|always)\s+)?(?P<verb>inserts(?=\s+(?:[\w'’-]+\s+){0,3}?(?:rows?|records?)\b)|commits|enqueues|spawns)\b",
    re.IGNORECASE,
)
ACTION_CALLS = {
    "inserts": ("insert", "insert_many", "exec_with_returning"),
    "commits": ("commit",),
    "enqueues": ("send", "send_serde_json", "send_serde_json_scheduled"),
    "spawns": ("spawn",),
}
_DOES = re.compile(r"\b(?:does|do|did)\s+\Z")
_DOES_CALL = re.compile(r"\s*(?:\(\))?\s+(?:call|invoke|reach)\s+(?:the\s+)?\Z")
# a call whose caller is the record's code as a whole: "… then calls `B`", "… goes through `B`"
FLOW_CALL = re.compile(
    r"\b(?:calls|invokes|goes through|calls into|hands (?:it|them) to|passes (?:it|them) to|"
    r"(?:hands|passes|forwards)\s+(?:(?:each|every|the|its|that|this|it|them|[a-z]+)\s+){1,5}(?:on\s+)?to|"
    # ("`g` receives it through `with_state`": what it is given, by a caller that makes the call)
    r"\b(?!receives\b)[a-z]{3,}s\b[^,;:]{0,60}\b(?:through|via|together with)|"
    r"ends (?:up )?in|by calling|goes to|go to|comes from|come from|starts from|is handed to|is passed to|"
    r"(?:is|are) sent (?:straight |directly )?to|"
    # "a missing row becomes `HttpError::not_found`": the error built by that constructor
    r"becomes|(?:is|are) turned into|turns into|(?:is|are) mapped to|(?:is|are) answered with|"
    # "each row is loaded on its own with `f`", "answering a parse failure with `f`"
    # ("`f` is called with `x`": `x` is what it is given)
    r"(?:is|are)\s+(?:\w+ly\s+|then\s+|also\s+|first\s+|always\s+)?(?!called\b|invoked\b)"
    r"(?:[\w-]+ed|built|made|run|kept|held|found|read|taken|given|done|drawn|sent)\s+"
    r"(?:[\w']+\s+){0,4}?(?:with|through|via|using)|"
    r"(?:answers|answering|responds|responding)\b[^,;:`]{0,40}?\b(?:with|through|via))\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:helper\s+|function\s+|method\s+)?\Z"
)
ELSEWHERE = re.compile(r"\boutside (?:this|the) flow\b|\belsewhere\b|\banother flow\b|\bflow [a-z_]+\b")
# a name that stands for another user of what the sentence speaks of, or for a comparison
# ("`f` is reached only through `g`": `g` is the way to `f`, not a step of this record)
ANOTHER_USER = re.compile(
    r"\b(?:shar(?:ed|es)\s+with|(?:also\s+|is\s+|are\s+)?(?:re)?used\s+by|called\s+(?:from|by)|like|just\s+as|as\s+with|"
    r"reached\s+only\s+(?:through|via|from)|"
    r"the\s+same\s+\w+\s+(?:that|as))\s+(?:the\s+|a\s+)?(?:\w+\s+)?\Z",
    re.IGNORECASE,
)


def another_user(sentence: str, token: Token) -> bool:
    """Whether the name at `token` is another user of what the sentence speaks of ("the helper
    it shares with `g`", "used by `g`"), not a step or subject of its own."""
    return ANOTHER_USER.search(sentence, max(0, token.start - 40), token.start) is not None


# a glue whose verb comes after an earlier verb phrase ("… up and then calls"): only a clause's
# subject (or a relative clause's name) can be the caller
_EXTENDED = re.compile(r"\s(?:and|but)\s|,\s")
_RELATIVE_GLUE = re.compile(r"\s*(?:\(\))?\s*,\s*(?:which|that|who)\b")


_ARTICLE_BEFORE = re.compile(r"\bthe\s+\Z", re.IGNORECASE)
# "…, then `B` for X": the object of the verb before, written once ("awaits `A`, then `B`"),
# unless a verb of its own follows the name ("…, then `B` hands it on")
_THEN_OBJECT = re.compile(r",\s*(?:and\s+)?then\s+\Z", re.IGNORECASE)
_VERB_NEXT = re.compile(r"(?:\(\))?\s+(?:first\s+|also\s+|then\s+|only\s+)?[a-z]{2,}s\b")
_WHICH_GLUE = re.compile(r"\s*(?:\(\))?\s*,\s*(?:which|that)\s+\Z")
_CALLS_AFTER = re.compile(
    r"(?:\(\))?\s+(?:then\s+|only\s+|also\s+)?(?:calls|invokes|awaits)\b(?!\s+(?:it|them)\s+(?:with|on|for)\b)"
)


# "`A` sends an `EndpointCreated` operational webhook": a value the subject sends, by name
_SENDS = re.compile(
    r"(?:\(\))?\s+(?:then\s+|also\s+|always\s+|finally\s+)?(?:sends|emits|publishes|enqueues|fires)\s+"
    r"(?:(?:an?|the|one|its)\s+)?\Z",
    re.IGNORECASE,
)


# what stands before a name whose failure or result, not the function, is the subject ("The
# result of `f` goes through `can_fail`": the caller hands it on)
_FAILED = re.compile(
    r"\b(?:(?:a|the|any)\s+failed|failing|(?:errors?|failures?|results?|outcome|output|return\s+value)\s+(?:of|from))"
    r"\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)


# a value's adjective before a name: "A supplied `key`", "the incoming `payload`"
_VALUE_BEFORE = re.compile(
    r"\b(?:a|an|the|any|its)\s+(?:supplied|given|provided|incoming|existing|stored|cached|caller-supplied|user-supplied|positional|optional)"
    r"\s+`?\Z",
    re.IGNORECASE,
)


def call_claim(sentence: str, tokens: list[Token], index: int, glue: str) -> Claim | None:
    """A call between a token and the next: "calls", "does call", "is called by", "hands … to"."""
    token, following = tokens[index], tokens[index + 1]
    if _FAILED.search(sentence, max(0, token.start - 24), token.start):
        return None  # "a failed `insert` goes through `f`": the error goes there, not a call of `insert`
    if _VALUE_BEFORE.search(sentence, max(0, token.start - 24), token.start):
        return None  # "A supplied `key` goes through `f`": a value handed to `f`, not a caller
    if _EXTENDED.search(glue) and not opens_clause(sentence, token) and not _RELATIVE_GLUE.match(glue):
        return None  # "`F` runs `A` to build it and then hands it to `B`": `A` is an object
    if _RELATIVE_GLUE.match(glue) and _ARTICLE_BEFORE.search(sentence, max(0, token.start - 6), token.start):
        return None  # "… with the org id and the `app_id`, which runs `f`": a value, not a caller
    if AWAITS.fullmatch(glue):
        return Claim(Kind.CALL, sentence, token.name, following.name, "awaits")
    if CALL_GLUE.fullmatch(glue) or (
        _DOES.search(sentence, max(0, token.start - 8), token.start) and _DOES_CALL.fullmatch(glue)
    ):
        return Claim(
            Kind.CALL, sentence, token.name, following.name, calls_said(sentence, token.end, following.end)
        )
    if CALLED_BY.fullmatch(glue):
        return Claim(Kind.CALL, sentence, following.name, token.name, "calls")
    if _WHICH_GLUE.fullmatch(glue) and _CALLS_AFTER.match(sentence, following.end):
        return Claim(Kind.CALL, sentence, following.name, token.name, "calls")  # "`B`, which `A` calls"
    if (
        _SENDS.fullmatch(glue)
        and following.name[:1].isupper()
        and not following.name.isupper()  # (`PSETEX`: a command, not a value of the crate)
        and not function_like(following)
    ):
        return Claim(Kind.CALL, sentence, token.name, following.name, "sends")
    if HAND_VERB.match(glue) is not None:
        if _THEN_OBJECT.search(sentence, max(0, token.start - 12), token.start) and not _VERB_NEXT.match(
            sentence, token.end
        ):
            return None  # "It awaits `A`, then `B` for X, and hands Y to `C`": `B` is awaited, not who hands
        hand = _handed_to(tokens, index, sentence)
        return Claim(Kind.CALL, sentence, token.name, hand, "hands to") if hand is not None else None
    return None


# "`A` loads the endpoint with `f`": a verb of doing something with a helper, then the helper
_USES = re.compile(
    r"(?:\(\))?\s+(?:(?:then|also|first|always|only)\s+)?"
    r"(?:(?:starts|begins) by (?:\w+ing)(?: (?:\w+ ){0,3}?up)?|looks for|"
    r"loads|reloads|reads|fetches|resolves|finds|queries|looks (?:\w+ ){1,3}?up|signs|validates|checks|"
    r"builds|computes|encrypts|decrypts|stores|writes|sends|deletes|inserts|updates|serialises|"
    r"serializes|parses|creates|generates|converts|retrieves|verifies|decodes|encodes|hashes|wraps|"
    r"caches|mints|issues|obtains|acquires|opens|enqueues|re-enqueues|schedules|filters|counts|"
    r"normalises|normalizes|rotates|refreshes|invalidates)\b"
    r"[^,;:`]{0,60}?\b(?:with|through|via|using|by calling)\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)


# a short opening phrase before the subject: "To disable, ", "For a failed response, "
_OPENING = re.compile(
    r"(?:To|For|On|After|Then|Next|Finally|Here|Now|When|Once|Otherwise)\b[^`,;:]{0,40},\s+"
    r"|(?:Then|Next|Finally|Otherwise|Now|Also)\s+"
)


def uses_claims(
    sentence: str, found: list[Token], parts_negated: Callable[[int, int], bool]
) -> Iterator[Claim]:
    """ "`A` loads the row with `f`", "To disable, `A` reloads it with `f`": the sentence's
    subject (the first name, at its start or after a short opening phrase) calls the helper
    named right after the verb's object."""
    if len(found) < 2 or (found[0].start != 0 and not _OPENING.fullmatch(sentence, 0, found[0].start)):
        return
    subject, helper = found[0], found[1]
    if not function_like(helper) or not _USES.fullmatch(sentence, subject.end, helper.start):
        return
    if not parts_negated(subject.start, helper.end):
        yield Claim(
            Kind.CALL, sentence, subject.name, helper.name, calls_said(sentence, subject.end, helper.end)
        )


# "`A` loads the app itself with `f`", "`A` calls `f` directly": in its own body, not deeper
_ITSELF = re.compile(r"\b(?:itself|directly)\b", re.IGNORECASE)
_DIRECTLY_AFTER = re.compile(r"(?:\(\))?\s+(?:itself|directly)\b", re.IGNORECASE)
DIRECT = "calls itself"  # a call claim's saying: the caller's own body makes the call


def calls_said(sentence: str, subject_end: int, helper_end: int) -> str:
    """ "calls", DIRECT when the text says the subject makes the call itself, ALWAYS when it says
    the call is made whatever happens."""
    if _ITSELF.search(sentence, subject_end, helper_end) or _DIRECTLY_AFTER.match(sentence, helper_end):
        return DIRECT
    if _ALWAYS.search(sentence, subject_end, helper_end) or _ALWAYS_AFTER.match(sentence, helper_end):
        return ALWAYS
    return "calls"


# "`A` always calls `B`", "calls `B` unconditionally", "… every time", "whatever `x` says"
ALWAYS = "always calls"  # a call claim's saying: every run of the caller makes the call
_ALWAYS = re.compile(r"\b(?:always|unconditionally|every time|each time|regardless)\b", re.IGNORECASE)
_ALWAYS_AFTER = re.compile(
    r"(?:\(\))?(?:\s+[a-z]+){0,3}?(?:\s+|,\s*)(?:unconditionally|every time|each time|regardless\b|whatever\b|no matter\b"
    # "calls `B` after every PUT, whether the row was created or updated"
    r"|(?:after|on) every\b|(?:[a-z]+\s+){0,4}?whether\b[^.;]{1,80}\bor\b)",
    re.IGNORECASE,
)


def action_call(sentence: str, subject: Token, parts_negated: bool) -> Claim | None:
    """ "`A` inserts …", "It enqueues …" at the sentence's start: `A` reaches such a call."""
    if parts_negated:
        return None
    match = _ACTION_VERB.match(sentence, subject.end)
    if match is None:
        return None
    return Claim(Kind.CALL, sentence, subject.name, ACTION + match.group("verb").lower(), "calls")


def _handed_to(tokens: list[Token], index: int, sentence: str) -> str | None:
    """ "`A` hands X (, …) to `B`": B, the first name after a " to " within reach."""
    verb = _HAND_WORD.search(sentence, tokens[index].end)  # the first one: a later verb is another's
    begin = verb.end() if verb is not None else tokens[index].end
    following = tokens[index + 1]
    if begin <= following.start and _HAND_TO.search(sentence, begin, following.start):
        return following.name  # "`A` hands the token to `B`, which …"
    for later in tokens[index + 2 : index + 6]:
        glue = sentence[begin : later.start]
        if len(glue) > 160 or _HAND_STOP.search(glue):
            return None
        if _HAND_TO.search(glue):
            return later.name
    return None


_QUEUE_SIDE = re.compile(
    r"\b(?:queue[sd]?|worker|consumer|deliver\w*|dispatch\w*|task|redis|rabbit\w*|webhooks?|attempts?)\b",
    re.IGNORECASE,
)


# "`A` calls `B` on the token and then awaits `C`": a later verb of the same subject
_AND_THEN_CALLS = re.compile(
    r"(?:,\s*|\s+)and\s+(?:then\s+|also\s+|finally\s+)?(?P<verb>calls|awaits|invokes)\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
# "`A` starts from `B` but never calls `C`": the same subject, its call denied
_BUT_NEVER = re.compile(
    r"(?:,\s*|\s+)(?:but|and)\s+(?:it\s+)?(?:never|does not|doesn't)\s+(?:calls?|invokes?|goes through|uses?)\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
_FIRST_CALLS = re.compile(r"(?:\(\))?\s+(?:first\s+)?calls\s+(?:the\s+)?")
_AND_THEN = re.compile(r"(?P<verb>)\s+and\s+then\s+\Z")
_TICKED_OUT = re.compile(r"`[^`]*`")  # names between: their `::` is no clause mark
_OTHER_SUBJECT = re.compile(r"\b(?:which|that|who|it|they|this|these)\b|[;:]", re.IGNORECASE)


def coordinated_calls(
    sentence: str, found: list[Token], parts_negated: Callable[[int, int], bool]
) -> Iterator[Claim]:
    """ "`A` calls `B` on the token and then awaits `C`": `A` awaits `C` too, when nothing between
    names another subject."""
    subject = found[0] if len(found) > 2 and found[0].start == 0 and function_like(found[0]) else None
    if subject is None:
        return
    # "`A` calls `B` and then `C`": the verb said once for both
    elided = _FIRST_CALLS.fullmatch(sentence, subject.end, found[1].start) is not None
    for token in found[2:]:
        never = _BUT_NEVER.search(sentence, max(subject.end, token.start - 40), token.start)
        if never is not None and function_like(token):
            if not _OTHER_SUBJECT.search(_TICKED_OUT.sub("``", sentence[subject.end : never.start()])):
                yield Claim(Kind.CALL, sentence, subject.name, token.name, "never calls", True)
            return
        verb = _AND_THEN_CALLS.search(sentence, max(subject.end, token.start - 40), token.start)
        if verb is None and elided:
            verb = _AND_THEN.search(sentence, max(subject.end, token.start - 20), token.start)
        if verb is None or not function_like(token):
            continue
        if _OTHER_SUBJECT.search(
            _TICKED_OUT.sub("``", sentence[subject.end : verb.start()])
        ) or parts_negated(subject.start, token.end):
            return
        said = (
            "awaits"
            if verb.group("verb").lower() == "awaits"
            else calls_said(sentence, verb.start(), token.end)
        )
        yield Claim(Kind.CALL, sentence, subject.name, token.name, said)


SPAWNED_TASK = ACTION + "spawned task"  # a call claim's subject: the task a record's code spawns
# "Each spawned task runs `f` …", "The spawned task in `queue_handler` … calls `f`"
_SPAWNED_SUBJECT = re.compile(
    r"(?:\A|,\s+|;\s+)(?:the|each|every)\s+spawned\s+(?:worker\s+)?tasks?\b(?:\s+in\s+`[^`]{1,80}`)?",
    re.IGNORECASE,
)
_SPAWNED_VERB = re.compile(
    r"(?:[^.;`]|`[^`]{1,60}`){0,120}?\b(?:calls|runs|invokes|awaits|call|run|by\s+calling|builds\s+[^.;`]{0,40}?\bwith)"
    r"\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)


def spawned_task_claims(
    sentence: str, found: list[Token], parts_negated: Callable[[int, int], bool]
) -> Iterator[Claim]:
    """ "Each spawned task runs `process_queue_task`", "every spawned worker task calls
    `WebhookClient::new` again": a call the record's spawned task makes."""
    subject = _SPAWNED_SUBJECT.search(sentence)
    if subject is None:
        return
    for token in found:
        if token.start < subject.end() or not function_like(token):
            continue
        if _SPAWNED_VERB.fullmatch(sentence, subject.end(), token.start) and not parts_negated(
            subject.start(), token.end
        ):
            yield Claim(
                Kind.CALL, sentence, SPAWNED_TASK, token.name, calls_said(sentence, subject.end(), token.end)
            )
        return


def _spawned(facts: Facts, claim: Claim, own: list[FnDef], callee: str) -> Verdict:
    """A call said of the record's spawned task: supported by a call of it in the task's own body
    (or, for a plain "calls", in the body of a function the task calls); contradicted when the
    call is made outside the task, or ("directly") only deeper than its own body."""
    spawned = [s for fn in own for s in facts.sites(fn) if s.spawned]
    if not spawned:
        return Verdict(claim, State.UNCHECKABLE)
    aliases = facts.alias_names()
    made = next(
        (s for s in spawned if s.name == callee and not _other_owner(s.path, claim.object, aliases, False)),
        None,
    )
    if made is not None:
        return Verdict(claim, State.SUPPORTED, where=made.where)
    plain = [s for s in spawned if "." not in s.path]  # a plain call, not a value's method
    through = _through(facts, claim, plain, callee) if claim.says != DIRECT else None
    if through is not None:
        return Verdict(claim, State.SUPPORTED, where=through.where)
    outside = next((s for fn in own for s in facts.sites(fn, (callee,)) if not s.spawned), None)
    if outside is None and claim.says != DIRECT:
        return Verdict(claim, State.UNCHECKABLE)
    return _not_in_task(facts, claim, spawned, plain, outside)


def _not_in_task(
    facts: Facts, claim: Claim, spawned: list[SiteFact], plain: list[SiteFact], outside: SiteFact | None
) -> Verdict:
    """The contradiction: what the task calls itself, and where the call said is made instead."""
    where = outside.where if outside is not None else spawned[0].where
    calls = list(dict.fromkeys(f"`{s.path}`" for s in plain if facts.functions(s.name)))[:5]
    said = f"`{claim.object}` is called at {where}" if outside is not None else f"not `{claim.object}`"
    return contradicted(
        claim,
        f"the spawned task ({spawned[0].where}) calls {', '.join(calls) or 'other functions'} itself; {said}",
        where,
    )


def _through(facts: Facts, claim: Claim, sites: list[SiteFact], callee: str) -> SiteFact | None:
    """The call of the spawned task whose function's body makes the call said."""
    for site in sites:
        for fn in facts.functions(site.name)[:1]:
            if any(refers(facts, reached, callee, claim.object) for reached in facts.reach(fn, 1)):
                return site
    return None


def judge_call(facts: Facts, claim: Claim, callers: list[FnDef]) -> Verdict:
    """Supported when a caller reaches the callee within REACH_DEPTH calls; a negated claim is
    contradicted by a call site of the callee in the caller's own body."""
    callee = claim.object.rsplit("::", 1)[-1]
    first = _on_receiver(facts, claim, callers, callee) or _by_kind(facts, claim, callers, callee)
    if first is not None:
        return first
    flow = claim.subject == FLOW
    if flow and background(claim):
        return Verdict(claim, State.UNCHECKABLE)
    shown = next((fn for fn in callers if fn.name == callee and _same_owner(fn, claim.object)), None)
    if flow and shown is not None:  # "Publishing goes through `f`", with `f` a span of the record
        return Verdict(claim, State.SUPPORTED, where=at(shown))
    # through the queue into the worker only when the sentence speaks of that side
    queue = flow and _QUEUE_SIDE.search(claim.sentence) is not None
    for fn in callers:
        for reached in facts.reach(fn, REACH_DEPTH, queue=queue):
            if refers(facts, reached, callee, claim.object):
                return _sibling(facts, claim, callers, callee, reached) or Verdict(
                    claim, State.SUPPORTED, where=at(reached)
                )
    if flow and (callee in FRAMEWORK_METHODS or not facts.called_anywhere(callee)):
        return Verdict(claim, State.UNCHECKABLE)  # "the route goes through `f`": the framework calls it
    if (
        "::" not in claim.object
        and not facts.functions(callee)
        and any(callee in facts.bindings(fn) for fn in callers)
    ):
        return Verdict(claim, State.UNCHECKABLE)  # "builds a pool with `max_conns`": a value it binds
    named = claim.sentence.find(f"`{callee}`")
    if named >= 0 and _TAKEN_FROM.match(claim.sentence, named + 1):
        return Verdict(claim, State.UNCHECKABLE)  # "with `org_id` and `name` taken from the path": values
    if flow and _ORIGIN.search(claim.sentence) and _upstream(facts, claim.object, callers):
        return Verdict(claim, State.UNCHECKABLE)  # "The cleaner starts from `f`": `f` calls into the record
    if flow and made_above(facts, callee, callers):
        # "After building the pool with `f`, it spawns …": the step of the record's caller
        return Verdict(claim, State.UNCHECKABLE)
    if flow and _of_the_worker(facts, claim, callers):
        return Verdict(claim, State.UNCHECKABLE)  # "the worker obtains … through `f`": not the record
    if flow:
        message = f"no function of this record's code reaches `{claim.object}` within {REACH_DEPTH} calls"
    else:
        message = (
            f"`{claim.subject}` ({at(callers[0])}) never reaches `{claim.object}` within {REACH_DEPTH} calls; "
            f"the text says it {claim.says} it"
        )
    return contradicted(claim, message, at(callers[0]))


# names said to be values taken from somewhere: "… with `org_id` and `name` taken from the path"
_TAKEN_FROM = re.compile(
    r"[^`]*`(?:\s*(?:,|and)\s*`[^`]{1,60}`)*\s+(?:taken|read|copied|pulled)\s+(?:straight\s+)?from\b"
)
# the worker said to act, before the name: "On the delivery side, the worker obtains … through `f`"
_THE_WORKER = re.compile(r"\bthe\s+(?:worker|delivery\s+side)\b", re.IGNORECASE)


def _of_the_worker(facts: Facts, claim: Claim, callers: list[FnDef]) -> bool:
    """A step the sentence gives to the worker, for a record whose code has no worker side or
    whose worker side is called by the code that makes it."""
    at_name = claim.sentence.find(f"`{claim.object}")
    if at_name < 0 or _THE_WORKER.search(claim.sentence, 0, at_name) is None:
        return False
    if made_above(facts, claim.object.rsplit("::", 1)[-1], callers, REACH_DEPTH):
        return True  # the worker's code above the record's part of it makes the call
    return not any(
        "worker" in reached.file for fn in callers for reached in facts.reach(fn, REACH_DEPTH, queue=True)
    )


# where a sentence says the flow starts: its caller may be meant as much as its first call
_ORIGIN = re.compile(
    r"\b(?:starts?|starting|begins?|beginning|comes?|coming)\s+(?:from|in|at)\s+`", re.IGNORECASE
)


def _upstream(facts: Facts, name: str, own: list[FnDef]) -> bool:
    """Whether a function said is a caller of the record's code: it reaches one of its functions
    ("The cleaner starts from `run_with_prefix`", which spawns the record's loop)."""
    mine = {id(fn) for fn in own}
    return any(id(reached) in mine for reached in facts.reach_all(facts.functions(name), REACH_DEPTH))


def made_above(facts: Facts, callee: str, own: list[FnDef], depth: int = 1) -> bool:
    """Whether the code just above the record makes the call itself: the one function that
    calls an entry of the record (a function of it no other of its functions calls; tests
    aside), and so on up to `depth` such callers. The text went a step above the record:
    "After building the pool with `f`, it spawns the task that runs …", said of the one
    function that spawns the record's loop."""
    mine = {id(fn) for fn in own}
    reached = {id(r) for fn in own for r in facts.reach(fn, 1) if r is not fn}
    level = [fn for fn in own if id(fn) not in reached]
    above: dict[int, FnDef] = {}
    for _ in range(depth):
        sole = []
        for fn in level:
            callers = [
                c
                for c in facts.calling(fn.name)
                if id(c) not in mine and c is not fn and "tests" not in c.module.path
            ]
            if len(callers) == 1 and id(callers[0]) not in above:
                above[id(callers[0])] = callers[0]
                sole.append(callers[0])
        level = sole
    return bool(above) and any(id(fn) in above for fn in facts.calling(callee))


_COMPARED = re.compile(r"\b(?:like|unlike|as\s+(?:with|in))\s+\Z", re.IGNORECASE)


def named_caller(facts: Facts, claim: Claim, own: list[FnDef]) -> bool:
    """Whether another function the sentence names, not of the record, calls the claim's
    callee itself ("When `new_pair_inner` sets up the queue, it … from `f`": the sentence
    speaks of code beyond the record that makes the call)."""
    callee = claim.object.rsplit("::", 1)[-1]
    mine = {id(fn) for fn in own}
    for named in FUNCTION_NAMED.finditer(claim.sentence):
        if named.group("args") not in (None, "()"):
            continue  # (a name, not a call written out with its arguments)
        if named.group("name") == claim.object or _COMPARED.search(claim.sentence, 0, named.start()):
            continue  # ("Like `f`, this handler also loads …": the handler is said to do it too)
        for fn in facts.functions(named.group("name"))[:4]:
            if id(fn) not in mine and any(site.name == callee for site in facts.sites(fn, (callee,))):
                return True
    return False


def _by_kind(facts: Facts, claim: Claim, callers: list[FnDef], callee: str) -> Verdict | None:
    """The verdict of a call claim its kind settles apart from reach: a name said to give
    itself, the spawned task's calls, an action, a value sent, an await, the special cases."""
    if (
        claim.subject.rsplit("::", 1)[-1] == callee
        and claim.subject not in (FLOW, HANDLER)
        and (
            claim.subject == claim.object
            or "::" not in claim.subject + claim.object
            or _COMES_FROM.search(claim.sentence) is not None
        )
    ):
        # "`before` gives … up to `before`", "`metadata` comes from `Model::metadata`": a value
        # named for the function it comes from, not a call
        return Verdict(claim, State.UNCHECKABLE)
    if claim.subject == SPAWNED_TASK:
        return _spawned(facts, claim, callers, callee)
    if claim.object.startswith(ACTION):
        return _action(facts, claim, callers)
    if claim.says == "sends":
        return _sends(facts, claim, callers, callee)
    if claim.says == "awaits":
        awaited = _awaited(facts, claim, callers, callee)
        if awaited is not None:
            return awaited
    return _special(facts, claim, callers, callee)


def _on_receiver(facts: Facts, claim: Claim, callers: list[FnDef], callee: str) -> Verdict | None:
    """ "`invalidate` … calls `cache.set`" where its body calls `cache.delete` and nothing named
    `set`: a method written on a value its caller's own body calls other methods on. Said of
    one named function, judged on its body and the functions it calls directly."""
    if (
        claim.negated
        or claim.subject in (FLOW, HANDLER, SPAWNED_TASK)
        or len(callers) != 1
        or "::" in claim.object
    ):
        return None
    written = re.search(rf"`(?:self\.)?([a-z_]\w*)\.{re.escape(callee)}(?:\(|`)", claim.sentence)
    if written is None:
        return None
    fn = callers[0]
    on_it = [site for site in facts.sites(fn) if site.path == f"{written.group(1)}.{site.name}"]
    if not on_it or any(site.name == callee for site in on_it):
        return None  # nothing else called on that value, or the very call said
    if facts.reaching([fn], callee, 1) is not None:
        return None  # (named in it or in what it calls: the call may be made another way)
    return contradicted(
        claim,
        f"`{claim.subject}` calls `{on_it[0].path}` at {on_it[0].where}, never "
        f"`{written.group(1)}.{callee}`; the text says it {claim.says} it",
        on_it[0].where,
    )


# "`metadata` comes from `applicationmetadata::Model::metadata`": a value and its source
_COMES_FROM = re.compile(r"`\w+`\s+(?:comes?|is\s+(?:read|taken|copied|built))\s+from\s+`")


# "Since the pool is built with `f`, …": a reason given in passing, about code beyond the record
_BECAUSE = re.compile(r"(?:Since|Because|As)\s[^,;]*\Z")


def background(claim: Claim) -> bool:
    """Whether the call is named in a leading clause that gives a reason ("Since …, …"), or
    after a sentence's opening that says it speaks of another path ("Reverting is a separate
    CLI path: …")."""
    at = claim.sentence.find(f"`{claim.object}")
    if at <= 0:
        return False
    separate = _SEPARATE.match(claim.sentence)
    return _BECAUSE.match(claim.sentence, 0, at) is not None or (
        separate is not None and separate.end() <= at
    )


_SEPARATE = re.compile(
    r"[^:;.]{0,60}\b(?:a|is)\s+(?:separate|different|another)\s+(?:[A-Za-z]+\s+){0,2}(?:path|command|entry\s+point|flow|route)\s*:",
)


def _same_owner(fn: FnDef, written: str) -> bool:
    """Whether a function is the one a path names (`SvixOmniProducer::send`): the same owner
    when the path gives a type."""
    parts = written.split("::")
    if len(parts) < 2 or not parts[-2][:1].isupper():
        return True
    return fn.owner is not None and fn.owner.name == parts[-2]


def _sibling(facts: Facts, claim: Claim, callers: list[FnDef], callee: str, reached: FnDef) -> Verdict | None:
    """ "It looks the app up with `application::Entity::secure_find_by_id`" when its own body
    calls another function of that owner (`application::Entity::secure_find_by_id_or_uid`) and
    reaches the one named only deeper: the text named the sibling of the call it makes."""
    owner = claim.object.split("::")[:-1]
    # an error type's constructors are made everywhere: the one named may be a helper's
    if (
        not owner
        or owner[-1].endswith("Error")
        or any(fn.name == callee for fn in callers)  # the function named is the record's own
        or any(refers(facts, fn, callee, claim.object) for fn in callers)
    ):
        return None
    aliases = facts.alias_names()
    for fn in callers:
        for site in facts.sites(fn):
            if _calls_sibling(site, owner, callee, aliases, flow=claim.subject == FLOW):
                return contradicted(
                    claim,
                    f"`{fn.name}` calls `{site.path}` at {site.where}, not `{claim.object}`, which it "
                    f"reaches only through `{reached.name}` ({at(reached)}); the text says it {claim.says} it",
                    site.where,
                )
    return None


def _calls_sibling(
    site: SiteFact, owner: list[str], callee: str, aliases: dict[str, str], *, flow: bool
) -> bool:
    """Whether a call site is of a sibling of `owner::callee`: the namesake of another type
    (`MessageTaskBatch::new_task` for `MessageTask::new_task`), or another function of that
    owner, of a kin name when the record as a whole is said to make the call (it "goes through
    `T::execute`" beside its `T::new`)."""
    plain = without_generics(site.path).removeprefix("crate::")
    written = plain.split("::")[:-1] if _PLAIN_PATH.fullmatch(plain) else []
    # (not a variant built with arguments, `ReversibleIterator::Prev(…)`)
    if not site.name[:1].islower() or not written:
        return False
    if site.name == callee:
        mine, said = aliases.get(written[-1], written[-1]), aliases.get(owner[-1], owner[-1])
        return mine[:1].isupper() and said[:1].isupper() and mine != said
    return not (
        written[-1] != owner[-1]
        or (len(written) > 1 and len(owner) > 1 and written[-2] != owner[-2])
        or (flow and not kin(site.name, callee))
    )


_PLAIN_PATH = re.compile(r"\w+(?:::\w+)+")


def _special(facts: Facts, claim: Claim, callers: list[FnDef], callee: str) -> Verdict | None:
    """A call claim judged otherwise than by reach: a library call said absent, a callee the
    judge does not hold to reach (not the crate's, a type, one the framework calls), a call said
    never made, or made directly."""
    if claim.negated and callers and "::" in claim.object and not facts.functions(claim.object):
        return _never_foreign(facts, claim, callers, callee)
    if not callers or callee[:1].isupper():
        return Verdict(claim, State.UNCHECKABLE)
    if not facts.functions(claim.object) and not _library_method(claim, callee):
        return _foreign_unnamed(facts, claim, callers, callee) or Verdict(claim, State.UNCHECKABLE)
    if facts.called_unseen(callee):  # `#[serde(default = "f")]`, a macro's impl: run unseen
        return Verdict(claim, State.UNCHECKABLE)
    if claim.negated:
        return _never(facts, claim, callers, callee)
    if claim.says == DIRECT:
        return _direct(facts, claim, callers, callee)
    if claim.says == ALWAYS:
        return _always(facts, claim, callers, callee)
    return None


def _foreign_unnamed(facts: Facts, claim: Claim, callers: list[FnDef], callee: str) -> Verdict | None:
    """ "`init_db` wraps the pool via `SqlxPostgresConnector::connect`": a library type's
    function said of a function of the crate that calls another function of that type and
    reaches nothing that names the one said."""
    parts = claim.object.split("::")
    if claim.subject == FLOW or claim.negated or len(parts) < 2 or not parts[-2][:1].isupper():
        return None
    owner = parts[-2]
    reached = facts.reach_all(callers, REACH_DEPTH)
    if any(callee in facts.names(r) for r in reached):
        return None
    site = next(
        (s for r in reached for s in facts.sites(r) if owner in without_generics(s.path).split("::")[:-1]),
        None,
    )
    if site is None:
        return None
    return contradicted(
        claim,
        f"`{claim.subject}` calls `{site.path}` at {site.where} and reaches nothing that names "
        f"`{callee}` within {REACH_DEPTH} calls",
        site.where,
    )


def _always(facts: Facts, claim: Claim, callers: list[FnDef], callee: str) -> Verdict | None:
    """ "`A` always calls `B`": contradicted when every call of `B` in `A`'s own body is on a
    branch (an `if` block, an `else`, a `match` arm); else judged as any call."""
    sites = [
        s for fn in callers for s in facts.sites(fn, (callee,)) if refers(facts, fn, callee, claim.object)
    ]
    if len(sites) != 1 or not sites[0].conditional:
        return None  # (calls on every arm of a `match` may be what "always" means)
    return contradicted(
        claim,
        f"`{claim.subject}` calls `{callee}` only on a branch ({sites[0].where}); the text says it always does",
        sites[0].where,
    )


def _library_method(claim: Claim, callee: str) -> bool:
    """A method of a library the text names bare (`all`, `sign`), said of a function of the
    record: judged by whether anything it reaches within REACH_DEPTH calls names it (a
    framework's own calls aside)."""
    return (
        claim.object == callee
        and claim.subject != FLOW
        and not claim.negated
        and claim.says != DIRECT
        and callee not in FRAMEWORK_METHODS
        and callee[:1].islower()
    )


def _direct(facts: Facts, claim: Claim, callers: list[FnDef], callee: str) -> Verdict:
    """ "`A` loads it itself with `f`": supported by a call in `A`'s own body; contradicted when
    `A` reaches `f` only deeper (through which function is named), or not at all."""
    for fn in callers:
        if facts.sites(fn, (callee,)) and refers(facts, fn, callee, claim.object):
            return Verdict(claim, State.SUPPORTED, where=at(fn))
    if any(callee in facts.names(fn) for fn in callers):
        return Verdict(claim, State.UNCHECKABLE)  # named in its body, but not as a call read
    for fn in callers:
        for reached in facts.reach(fn, REACH_DEPTH):
            if refers(facts, reached, callee, claim.object):
                return contradicted(
                    claim,
                    f"`{claim.subject}` ({at(fn)}) does not call `{callee}` itself: `{reached.name}` "
                    f"({at(reached)}) does; the text says `{claim.subject}` makes the call",
                    at(fn),
                )
    return contradicted(
        claim,
        f"`{claim.subject}` ({at(callers[0])}) never reaches `{callee}` within {REACH_DEPTH} calls; "
        "the text says it calls it itself",
        at(callers[0]),
    )


def refers(facts: Facts, fn: FnDef, callee: str, said: str) -> bool:
    """Whether a body may call the function the text names: it calls `callee`, or names it
    other than as a local binding (`let create_message = …` is no call); a call whose path
    names another owner than the text's (`Query::f` for `Organization::f`,
    `message::Entity::f` for `application::Entity::f`) is not the one meant."""
    if callee not in facts.names(fn):
        return False
    sites = facts.sites(fn, (callee,))
    if not sites:
        # (`map_err(Error::cache)` beside a parameter `cache`: the path is written)
        return callee not in facts.bindings(fn) or facts.writes_path(fn, said)
    aliases = facts.alias_names()
    # a crate trait's method, or a call through a generic parameter: any owner may be meant
    traited = callee in facts.crate.trait_methods
    generic = set(fn.generics)
    return not all(
        _other_owner(site.path, said, aliases, traited or _owner_segment(site.path) in generic)
        for site in sites
    )


def _owner_segment(path: str) -> str:
    """The segment before a path's last one, generics left out (`T::f` → T)."""
    written = without_generics(path).split("::")
    return written[-2] if len(written) > 1 else ""


def _other_owner(path: str, said: str, aliases: dict[str, str], traited: bool) -> bool:
    """Whether a call written as `path` names another owner than the text's `said`: the same
    type of another module, or another type; a call through a value, `Self`, a generic or no
    path may be the one meant."""
    parts = said.split("::")
    plain = without_generics(path)
    written = plain.removeprefix("crate::").removeprefix("super::").split("::")
    if len(parts) < 2 or "." in plain or "<" in plain or len(written) < 2 or written[-2] in ("Self", "self"):
        return False
    if len(parts) >= 3 and len(written) >= 3 and written[-2] == parts[-2]:
        return written[-3] != parts[-3]  # `message::Entity::f` for `application::Entity::f`
    if traited:
        return False
    owner, other = aliases.get(parts[-2], parts[-2]), aliases.get(written[-2], written[-2])
    return owner[:1].isupper() and other[:1].isupper() and owner != other


def without_generics(path: str) -> str:
    """`TypedHeader::<Authorization<Bearer>>::f` → `TypedHeader::f` (a `<` left unmatched stays)."""
    out: list[str] = []
    depth = 0
    for char in path:
        if char == "<":
            depth += 1
        elif char == ">" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out).replace("::::", "::") if depth == 0 else path


def _sends(facts: Facts, claim: Claim, callers: list[FnDef], sent: str) -> Verdict:
    """ "`A` sends `X`": supported when a function `A` reaches within REACH_DEPTH calls names
    `X`; contradicted when none does (nothing `A` runs can build it)."""
    if not callers or any(_carried(facts, fn, sent) for fn in callers):
        return Verdict(claim, State.UNCHECKABLE)
    reached = facts.reaching(callers, sent, REACH_DEPTH)
    if reached is not None:
        return Verdict(claim, State.SUPPORTED, where=at(reached))
    return contradicted(
        claim,
        f"nothing `{callers[0].name}` ({at(callers[0])}) reaches within {REACH_DEPTH} calls names `{sent}`; "
        "the text says it sends it",
        at(callers[0]),
    )


def _carried(facts: Facts, fn: FnDef, sent: str) -> bool:
    """Whether `fn` may be handed what it sends: a parameter of that type, of an enum that has
    it as a variant, or of a generic type (`send_operational_webhook(payload: OperationalWebhook)`
    sends whichever variant its caller built)."""
    written, names = facts.params(fn)
    if written is None or fn.generics or sent in names:
        return True
    return any(key.name in names and sent in variants for key, variants in facts.crate.variants.items())


def _action(facts: Facts, claim: Claim, callers: list[FnDef]) -> Verdict:
    """ "`A` inserts": some function `A` reaches within REACH_DEPTH calls names such a call."""
    verb = claim.object.removeprefix(ACTION)
    names = ACTION_CALLS.get(verb, ())
    if not callers or not names:
        return Verdict(claim, State.UNCHECKABLE)
    for fn in callers:
        for reached in facts.reach(fn, REACH_DEPTH):
            site = next((s for s in facts.sites(reached, names) if is_call_of(names, s)), None)
            if site is not None:
                return Verdict(claim, State.SUPPORTED, where=site.where)
    return contradicted(
        claim,
        f"`{claim.subject}` ({at(callers[0])}) never reaches a call of `{names[0]}` within {REACH_DEPTH} "
        f"calls; the text says it {verb[:-1]}s",
        at(callers[0]),
    )


def _awaited(facts: Facts, claim: Claim, callers: list[FnDef], callee: str) -> Verdict | None:
    """ "`A` awaits `B`" where every call of `B` in `A`'s body runs in a spawned task."""
    sites = [s for fn in callers for s in facts.sites(fn, (callee,))]
    if sites and all(s.spawned for s in sites):
        return contradicted(
            claim,
            f"`{callee}` runs in a spawned task at {sites[0].where}; the text says `{claim.subject}` awaits it",
            sites[0].where,
        )
    if sites and len(callers) == 1:
        return Verdict(claim, State.SUPPORTED, where=sites[0].where)
    return None


def _may_be(path: str, said: str) -> bool:
    """Whether a call written as `path` may be of the function said: not when both name its
    owner and the owners differ (`endpoints::health::router` is no call of `docs::router`)."""
    written, named = path.replace(" ", "").split("::"), said.split("::")
    return len(written) < 2 or len(named) < 2 or written[-2] in (named[-2], "Self", "self", "super", "crate")


def _never_foreign(facts: Facts, claim: Claim, callers: list[FnDef], callee: str) -> Verdict:
    """ "`A` … without `tokio::spawn`": a library call, contradicted by a call of that very path in
    `A`'s own body (its absence there proves nothing of the layers below)."""
    for fn in callers:
        for site in facts.sites(fn, (callee,)):
            if site.path.replace(" ", "").endswith(claim.object):
                return contradicted(
                    claim,
                    f"`{claim.subject}` calls `{claim.object}` at {site.where}; the text says it does not",
                    site.where,
                )
    return Verdict(claim, State.UNCHECKABLE)


def _never(facts: Facts, claim: Claim, callers: list[FnDef], callee: str) -> Verdict:
    for fn in callers:
        site = next((s for s in facts.sites(fn, (callee,)) if _may_be(s.path, claim.object)), None)
        if site is not None:
            return contradicted(
                claim,
                f"`{claim.subject}` calls `{callee}` at {site.where}; the text says it never does",
                site.where,
            )
    return Verdict(claim, State.SUPPORTED, where=at(callers[0]))
