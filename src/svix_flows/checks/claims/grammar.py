"""The grammar: the claims of a text, sentence by sentence, read by the rules of each kind.

A small, conservative reading: what the grammar cannot read with confidence is never judged (a
false alarm costs an operator more than a miss). A claim inside a clause with a negation, a
contrast or a hypothesis is left alone, but for the one negated form read as such ("`A` never
calls `B`").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from .arms import arm_claims
from .calls import (
    ELSEWHERE,
    FLOW_CALL,
    HAND_VERB,
    NEVER_CALLS,
    action_call,
    another_user,
    call_claim,
    calls_said,
    coordinated_calls,
    spawned_task_claims,
    uses_claims,
)
from .codes import code_claims
from .copied import copied_claims
from .defaults import type_default_claims
from .elapsed import elapsed_claims
from .fallbacks import fallback_claims
from .given import BUILDS_VARIANT, GIVEN, built_later_claims, given_claims
from .handling import THAT_ERROR, error_claims, failure_token
from .hard_coded import HARD_CODED_AFTER, hard_coded_claims
from .literals import (
    ANSWERS_WITH,
    BUILDS,
    MESSAGE_SAID,
    message_claims,
    panic_message_claims,
    status_message_claims,
)
from .logged import logged_claims
from .mapped import answered_status_claims, mapped_status_claims
from .missing import MISSING, missing_claims
from .model import ACTION, CHOICE, FLOW, HANDLER, Claim, Kind
from .named_variant import NAMES_VARIANT, named_variant_claims
from .optional import WHEN_NONE, WHEN_SOME, option_claims
from .order import (
    action_orders,
    bound_orders,
    first_then,
    inverted_orders,
    leading_orders,
    listed_orders,
    pair_order,
    passive_orders,
    store_orders,
    transaction_orders,
    verb_orders,
)
from .other_arms import other_arm_claims
from .other_errors import other_error_claims, tested_literal
from .panicking import panic_claims
from .raised import GIVES, mapper_claims, raised_claims, variant_claims
from .reads import READS, read_claims
from .siblings import step_claims
from .signatures import (
    answer_claims,
    asked_and_named_claims,
    parameter_list_claims,
    receiver_claims,
    returned_after_list_claims,
    signature_claim,
    which_returns_claims,
    written_signature_claims,
)
from .success import success_status_claims
from .text import (
    ACTS_AFTER,
    BACK_TO,
    MAX_GLUE,
    NAMED_BY_NOUN,
    Clauses,
    Token,
    clauses,
    function_like,
    governed,
    negated,
    opens_clause,
    paragraphed,
    tokens,
    trait_impl,
    type_like,
)
from .validation import validation_claims
from .values import (
    ARGUMENT,
    LAST_GIVEN,
    bounds_claims,
    default_through_claims,
    lifetime_claims,
    nearby_claim,
    nested_claims,
    response_status_claims,
    rows_claims,
    status_claims,
    timer_claims,
    value_claims,
)
from .variants import matches_claims
from .worded import worded_claims
from .written import number_claims, written_claims

_PRONOUN = re.compile(r"(?:It|it|This function|this function)\b")
# "That function returns …": the function the sentence before named last
_THAT_ONE = re.compile(r"(?:That|that) (?:function|method|helper|constructor)\b")
# "Its return type is `T`", "Its extractors are `A`, `B` and `C`"
_ITS_RETURN = re.compile(
    r"(?:Its|its)(?=\s+(?:return type is|(?:parameters|extractors|arguments) (?:are|include))\b)"
)
# words that may open a sentence before its subject ("Then `f` …")
_OPENER = re.compile(r"(?:then|next|finally|first|afterwards|after that|in turn|now)\s*,?\s*", re.IGNORECASE)
# a short setting closed by a comma that names nothing, before a function that is the subject
# ("On a hit, `f` overwrites …"; not before "the handler", which may then be another's)
_SETTING = re.compile(r"(?:on|for|in|inside|within|during|when|once)\b[^,`;:.]{1,40},\s*", re.IGNORECASE)
_HANDLER = re.compile(r"(?:The|the|This|this) handler\b")
_RELATIVE = re.compile(
    r"\s*(?:\(\))?\s*,\s*(?:which|that|who)\b"
)  # "to `f`, which returns": f is the subject


def claims(text: str) -> Iterator[Claim]:
    """Every claim the grammar reads with confidence, sentence by sentence (a one-off reading;
    a run keeps a `Grammar`, which remembers the sentences it has read)."""
    return Grammar().claims(text)


# what a sentence leaves the next one: its subject (for "It …"), the last function it names (for
# "if it fails"), the function it calls (for "a failure there", "when that call fails") and the
# subject the text went on from when this one took over (for "Next it …", which may go back to it)
# (and the literal an error's text was said to contain, for "…; any other error panics")
_Context = tuple[str | None, str | None, str | None, str | None, str | None]
_NO_CONTEXT: _Context = (None, None, None, None, None)


class Grammar:
    """The grammar with a memory of the sentences it has read: a sentence's claims depend only
    on it and on what the sentence before it leaves, and a corpus repeats its phrasing (the
    same boilerplate, the same records re-validated by `rebuild`)."""

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit  # sentences remembered; the memory starts afresh when it is full
        self._read: dict[tuple[str, _Context], tuple[tuple[Claim, ...], _Context]] = {}

    def claims(self, text: str) -> Iterator[Claim]:
        """Every claim of `text` the grammar reads with confidence, sentence by sentence."""
        context = _NO_CONTEXT
        for sentence, paragraph in paragraphed(text):
            if paragraph:
                context = _NO_CONTEXT  # "It" does not reach back over a blank line
            key = (sentence, context)
            read = self._read.get(key)
            if read is None:
                if len(self._read) >= self.limit:
                    self._read.clear()
                read = self._read[key] = read_sentence(sentence, context)
            found, context = read
            yield from found


_TICKED_NUMBER = re.compile(r"`(\d[\d_]*(?:\.\d+)?)`")


def read_sentence(sentence: str, context: _Context) -> tuple[tuple[Claim, ...], _Context]:
    """The claims of one sentence, given what the one before it left, and what it leaves."""
    subject = context[0]
    if "`" in sentence:  # "`BATCH_SIZE` is `10_000`": a number in backticks is a number
        sentence = _TICKED_NUMBER.sub(lambda m: f" {m.group(1)} ", sentence)
    found = tokens(sentence)
    _add_context(sentence, found, context)
    read: dict[Claim, None] = {}  # two rules may read the same claim ("`A` first, then `B`")
    scope = _scope(sentence, found)
    on_values = _on_values(sentence, found)
    for claim in sentence_claims(sentence, found):
        if claim.kind is Kind.CALL and claim.subject in on_values:
            continue  # "`app.insert(txn)` … through `f`": which type's `insert` is unknown
        read.setdefault(_scoped(claim, scope))
    if found:
        parts = clauses(sentence)
        _add_nearby(read, sentence, found, parts)
        _add_steps(read, sentence, found, parts, scope)
    it = _IT_AFTER_A_CLAUSE.search(sentence) if sentence[:1].islower() else None
    if it is not None:
        # "…; once the key is gone, it rereads the row through `f`": "it" is the subject of the
        # clause before the semicolon, which may be outside the record; its steps are not the record's
        after = {t.name for t in found if t.start > it.start()}
        read = {c: None for c in read if not (c.subject == FLOW and c.object in after)}
    impls = {t.name for t in found if trait_impl(t)}
    if impls:
        # `From<DbErr> for Error` is run by `?`, `.into()` or a framework, never by its name:
        # the impl may be a caller, not what is called
        read = {c: None for c in read if not (c.kind is Kind.CALL and c.object in impls)}
    subject_left, last_call, called = _left(sentence, found, subject)
    # the subject the text went on from: the one before when this sentence took over from it
    outer = subject if subject is not None and subject_left not in (None, subject) else context[3]
    if context[4] and not tested_literal(sentence):
        # "An error whose text contains `X` is ignored; any other error panics": the sentence
        # before named the literal
        read.update(dict.fromkeys(other_error_claims(sentence, clauses(sentence), context[4])))
    return tuple(read), (
        subject_left,
        last_call,
        called,
        outer if subject_left is not None else None,
        tested_literal(sentence),
    )


def _add_context(sentence: str, found: list[Token], context: _Context) -> None:
    """The tokens a sentence takes from the one before it: "It" for its subject, "if it fails"
    for the function it named last, "a failure there", "If that returns `Err`" and "… logs that
    error" for the call it made."""
    subject, last_call, called, outer, _ = context
    lead = _lead_subject(sentence, subject, last_call)
    if lead is not None:
        if outer not in (None, subject) and lead.name == subject and _SEQUENCE_IT.match(sentence):
            # "`A` … calls `g`. `g` builds … . Next it takes …": back to `A`, or on with `g`
            lead = replace(lead, name=f"{subject}{CHOICE}{outer}")
        # (in its place: "When `x.on()` is true, it calls …" names a value before it)
        found.insert(sum(t.start < lead.start for t in found), lead)
    elif last_call is not None and (it := _IF_IT_FAILS.match(sentence)) is not None:
        # "…reads the rows with `into_model`; if it fails, …": the call just named
        found.insert(0, Token("it", last_call, it.start(1), it.end(1), True))
    if called is None:
        return
    there = _FAILS_THERE.match(sentence)
    if there is not None and there.group("its") and called not in (subject or "").split(CHOICE):
        there = None  # "`A` calls `B`. Its error …": whose? ("Next comes `B`, …. Its error …": `B`'s)
    if there is not None:
        if not any(t.start < there.end() for t in found if t.ticked):
            # "… by calling `f`. A failure there is only logged.": the call the sentence before
            # made; "`A` calls `f` … . A failure there is swallowed: every handler chains …": `A`'s,
            # which its callers handle
            failing = subject if subject not in (None, HANDLER) and _ITS_CALLERS.search(sentence) else called
            group = next(g for g in ("there", "that", "its") if there.group(g))
            found.insert(0, Token(there.group(group), failing, there.start(group), there.end(group), True))
        return
    that = _THAT_ERROR.search(sentence) or _THAT_ERROR_SUBJECT.match(sentence)
    if that is not None and not any(t.ticked for t in found if t.start < that.start()):
        # "The handler propagates that error with `?`": the error of the call the sentence before made
        found.append(Token(that.group("that"), called, that.start("that"), that.end("that"), True))
        found.sort(key=lambda t: t.start)


def _on_values(sentence: str, found: list[Token]) -> set[str]:
    """The methods a sentence names only on a value (`app.insert(txn)`) and not as the subject
    of a call word ("`queue_tx.send` calls `f`" is that method's call): a caller whose type the
    text does not give."""
    on_values = {
        t.name
        for t in found
        if t.ticked and "." in t.text and "::" not in t.text and not _CALL_VERB_AFTER.match(sentence, t.end)
    }
    return on_values - {t.name for t in found if "." not in t.text}


_CALL_VERB_AFTER = re.compile(r"\s+(?:then\s+|first\s+|also\s+)?(?:calls|invokes|awaits|hands|passes)\b")


def _add_steps(
    read: dict[Claim, None], sentence: str, found: list[Token], parts: Clauses, scope: str
) -> None:
    """Functions named as steps that no rule reads (a plain call of the record as a whole is
    judged as such a step too, when its own rule does not contradict it), each in the function
    the sentence speaks of when it names one ("`A` … via `f`")."""
    taken = {
        n
        for c in read
        if c.says not in (GIVEN, BUILDS_VARIANT, READS, WHEN_NONE, WHEN_SOME)
        for n in (c.subject, c.object)
        # (an order against an action, "After the write it calls `f`", finds no order when `f`
        # is never called: the step is still read)
        if not (c.kind is Kind.ORDER and ACTION in c.subject + c.object)
    }  # (a variant given says nothing of the step, nor a side of an `Option`)
    opening = _opening(sentence, found)
    for step in step_claims(sentence, found, parts, taken):
        if scope and scope != step.object and not _past_its_clause(sentence, opening, found, step.object):
            step = replace(step, scope=scope)
        read.setdefault(step)
    for written in written_claims(sentence, found, parts):
        read.setdefault(written)


def _past_its_clause(sentence: str, opening: Token | None, found: list[Token], name: str) -> bool:
    """Whether the step `name` stands in a later clause than the subject's, one with a subject
    of its own ("`f` returns X, so `g`, reached through `h`, builds …": `h` is not `f`'s)."""
    at = next((t.start for t in found if t.name == name), -1)
    if opening is None or at <= opening.end:
        return False
    other = _CLAUSE_OF_A_NAME.search(sentence, opening.end, at)
    return other is not None and other.end() <= at


# a coordinated clause whose subject is a name: "…, so `g` …", "…; `g` …", "…, and the `Query`
# trait's `after` …" (a name another noun's possessive gives), or a noun with a verb of its own:
# "…, and the pair goes back through `g`"
_CLAUSE_OF_A_NAME = re.compile(
    r"(?:;|,\s+(?:so|and|but|while|whereas|because)\s)\s*(?:then\s+)?"
    r"(?:(?:(?:the|its)\s+(?:`[^`]{1,60}`\s+)?[a-z]+(?:'s|’s)\s+)?`"
    r"|the\s+[a-z]+\s+(?:then\s+)?(?!is\b|was\b|has\b)[a-z]+s\b)"
)


def _add_nearby(read: dict[Claim, None], sentence: str, found: list[Token], parts: Clauses) -> None:
    """A constant whose value no rule read: the numbers of its sentence, held to it."""
    # (a number another rule has read as what an act is given, such as a lifetime, is said of
    # that: "looks back 90 days from now and caps ids at now plus `X`")
    taken = {c.says for c in read if c.kind is Kind.VALUE and c.object}
    nearby = nearby_claim(sentence, found, parts, taken)
    if nearby is not None and not any(c.kind is Kind.VALUE and c.subject == nearby.subject for c in read):
        read.setdefault(nearby)


def _scoped(claim: Claim, scope: str) -> Claim:
    """An order inside the sentence's subject ("`F` … before …"), unless it is one of its sides;
    a missing row said in a sentence about a function ("`F` loads the message, and a missing
    message becomes …")."""
    if not scope or claim.scope or scope in (claim.subject, claim.object):
        return claim
    if claim.kind is not Kind.ORDER and not claim.subject.startswith(MISSING):
        return claim
    return replace(claim, scope=scope)


_SEQUENCE_IT = re.compile(r"(?:Next|After that|Afterwards)\s*,?\s+it\b")


def _left(
    sentence: str, found: list[Token], subject: str | None
) -> tuple[str | None, str | None, str | None]:
    """What a sentence leaves the next one: its subject (else the last one's, when "…, it loads"
    goes on with it, else the one or two functions it names), the last function it names and
    the function it calls (the last one a call word governs, else its only function)."""
    # (not a value said with its owner: "the path's `msg_id`", nor a value's field given to a
    # call: "awaits `f` with `app.org_id`")
    named = [
        t
        for t in found
        if t.ticked
        and function_like(t)
        and t.name != HANDLER
        and not _POSSESSED.search(sentence, 0, t.start)
        and not (
            "." in t.text
            and "(" not in t.text
            and _GIVEN_WITH.search(sentence, max(0, t.start - 80), t.start)
        )
        # ("…, passing `permissions.org_id()` and that id. That helper …": an argument's value)
        and not ("." in t.text and _PASSING.search(sentence, max(0, t.start - 9), t.start))
        # ("… with `x` as the `disable_in` grace period": the role a value plays, a parameter's name)
        and not _AS_ROLE.search(sentence, max(0, t.start - 12), t.start)
        # ("`NAME`, the name `svix.ping`, …": a value, written like a method called on another)
        and not _NAMED_VALUE.search(sentence, max(0, t.start - 14), t.start)
    ]
    next_subject = _next_subject(sentence, found, subject)
    if named and _ends_on_another(sentence, named[-1], next_subject):
        next_subject = None
    calls = [t for t in named if _CALL_WORD.search(sentence, max(0, t.start - 24), t.start)]
    called = calls[-1].name if calls else named[0].name if len(named) == 1 else None
    if len(calls) > 1 and _RELATIVE_BETWEEN.search(sentence, calls[-2].end, calls[-1].start):
        # "It calls `get`, which retries through `f`. A failure there …": either call's
        called = f"{calls[-1].name}{CHOICE}{calls[-2].name}"
    if called is None:
        # "After `txn.commit()`, `f` deletes the key. A failure there …": the one function that
        # opens a clause and acts in it, when no function is named after it (not "`f` buffers the
        # body with `g`. Any failure there …", which may be `g`'s)
        acting = [t for t in named if opens_clause(sentence, t) and ACTS_AFTER.match(sentence, t.end)]
        called = acting[0].name if len(acting) == 1 and acting[0] is named[-1] else None
    return next_subject, _named_last(sentence, named), called


# "with `app.org_id`", "with the database, the set and `app.org_id`": the arguments a call is given
_GIVEN_WITH = re.compile(r"\bwith\s+(?:[^.;:`]{0,60}(?:,|\band)\s+)?\Z")
_PASSING = re.compile(r"\bpassing\s+\Z")
_AS_ROLE = re.compile(r"\bas\s+(?:the|its)\s+\Z")
_NAMED_VALUE = re.compile(r"\bthe\s+(?:name|literal|string|value|key)\s+\Z")


def _named_last(sentence: str, named: list[Token]) -> str | None:
    """The function a sentence names last, for "That method …" and "if it fails"; after a
    relative clause ("`A`, which queries `B`") either may be meant: both, as a choice."""
    if not named:
        return None
    last = named[-1]
    if len(named) > 1 and _RELATIVE_BETWEEN.search(sentence, named[-2].end, last.start):
        return f"{last.name}{CHOICE}{named[-2].name}"
    return last.name


_POSSESSED = re.compile(r"\w(?:'|’)s\s+`?\Z")
_RELATIVE_BETWEEN = re.compile(r",\s*(?:which|that|who)\b")


_APPOSITION_GAP = re.compile(r"\s*`?")
# "The entry point is `f`", "That is `f`, which …": a sentence that names the function it is about
_NAMED_ENTRY = re.compile(
    r"(?:(?:The|This|Its)\s+(?:entry\s+point|handler|route\s+handler|starting\s+point|function)\s+(?:here\s+)?is"
    # "That is `SvixOmniProducer::redrive_dlq`, which …": the function the sentence before reached
    r"|(?:That|This)\s+is)\s+`"
)
# "the `db` and `cache` parts of `AppState`", "… and `cache` fields": names of data, not verbs
_PART_OF = re.compile(r"\s+(?:(?:parts?|members?)\s+of\b|fields?\b)")


def _next_subject(sentence: str, found: list[Token], subject: str | None) -> str | None:
    """The subject a sentence leaves "It": its own at its start, else the last one's when "…, it
    loads" goes on with it, else the one or two functions it names."""
    first = found[0] if found else None
    at_start = first is not None and _at_start(sentence, first)
    if first is not None and at_start and not first.ticked and first.text.endswith("constructor"):
        return None  # "That constructor wraps a `T`. It goes to `send`": "It" is the value built
    named = _NAMED_ENTRY.match(sentence)
    if named is not None and first is not None and first.start == named.end() - 1 and function_like(first):
        return first.name  # "The entry point is `f`, which takes …. It returns …": `f` goes on
    if first is not None and at_start and function_like(first):
        # "`A` checks X and `B` inserts it. Next it …": either may go on
        later = [
            t
            for t in found[1:]
            if t.ticked
            and function_like(t)
            and opens_clause(sentence, t)
            and ACTS_AFTER.match(sentence, t.end)
            and not _PART_OF.match(sentence, t.end)  # "… and `cache` parts of `AppState`": data
        ]
        return CHOICE.join(dict.fromkeys((first.name, later[-1].name))) if later else first.name
    if (
        first is not None
        and first.name == HANDLER
        and len(found) > 1
        and _APPOSITION_GAP.fullmatch(sentence, first.end, found[1].start)
    ):
        return found[1].name if function_like(found[1]) else None  # "The handler `create_message` …"
    if first is not None and first.name == HANDLER and at_start:
        return HANDLER  # "The handler calls `f`. It then …": the handler goes on
    if _HANDLER_AFTER_CLAUSE.match(sentence) or _INVERTED_HANDLER.match(sentence):
        # "If the row exists, the handler returns …", "Only when …, does the handler skip …":
        # the handler goes on
        return HANDLER
    if _NOUN_AFTER_CLAUSE.match(sentence):
        return None  # "If … `f` is false, the method returns …": a function left unnamed goes on
    about = _ABOUT_NAME.match(sentence)
    if (
        about is not None
        and first is not None
        and first.start == about.start("name")
        and function_like(first)
    ):
        return first.name  # "Looking at `f` itself, it takes …": "it" is `f`
    if subject is not None and (_IT_GOES_ON.search(sentence) or _ITS_OPENING.match(sentence)):
        return subject  # "For a task, it loads …", "Its extractors are …": the same subject goes on
    if _NEXT_IT.match(sentence) or _IT_ACTS.match(sentence):
        # "Next it deletes X through `f`", "It then checks `f`, and …": "it" goes on, the names
        # are its objects (and, with no subject known before, who goes on stays unknown)
        return subject
    if _ITS_OPENING.match(sentence) or _IT_GOES_ON.search(sentence):
        # "Its helper `connect` …", "With the flag set, it first runs X through `f`" of a subject
        # not known: the names are its objects, and "Next it" may go back to it
        return None
    return _candidates(sentence, found)


# a subordinate clause before the handler as the main clause's subject: "If the row exists, the handler …"
# ("When the name equals `N`, that is `x.y`, the handler …", "When `a.b` equals `N`, which is
# `x.y`, the handler …": two names and an apposition in that clause too)
_LEADING_CLAUSE = (
    r"(?:If|When|Once|After|Before|Unless|While|Whenever)\b[^`;:,]{0,80}"
    r"(?:`[^`]{1,60}`[^`;:,]{0,30}){0,2}(?:,\s+(?:that is|i\.e\.|which is)\s+`[^`]{1,60}`[^`;:,]{0,30})?,\s+"
)
_HANDLER_AFTER_CLAUSE = re.compile(_LEADING_CLAUSE + r"(?:the|this)\s+handler\b")
# the same, before a function left unnamed: "If the flag `f` is false, the method returns …"
_NOUN_AFTER_CLAUSE = re.compile(
    _LEADING_CLAUSE
    + r"(?:the|this|that)\s+(?:method|function|helper|constructor|closure|extractor|middleware|task|loop)\b"
)


def _ends_on_another(sentence: str, last: Token, subject: str | None) -> bool:
    """ "`A` …, and converts each pair with `B`. It takes …": a sentence that ends on another
    function than its subject, written with its path, leaves "It" unclear (not a bare library
    method such as `map_err`, nor one named on its value, `db.execute`, nor an error's
    constructor, `HttpError::unprocessable_entity`, which builds a value and goes on with nothing)."""
    return (
        "::" in last.text
        and "." not in last.text
        and not _error_constructor(last.name)
        and subject not in (None, last.name)
        and _ENDS.fullmatch(sentence, last.end) is not None
    )


_ENDS = re.compile(r"(?:\(\))?\s*[.;!?]?\s*\Z")


# what stands before the function a sentence calls: "calls `f`", "a call to `f`" (not "with `f`", an argument)
_CALL_WORD = re.compile(
    r"\b(?:calls|calling|invokes|invoking|awaits|a call (?:to|of)|through|comes from|comes)\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)


# "A failure there …", "An error from that call …", "When that call fails, …" at a sentence's
# start: the failure of the call the sentence before made
_FAILS_THERE = re.compile(
    r"(?:(?:Then|But|Here|So|Again)\s*,?\s+)?"
    r"(?:(?:An?|Any|The)\s+(?:[a-z]+\s+)?(?:errors?|failures?)\s+"
    r"(?P<there>there|(?:of|from|in|on) (?:that|this) (?:call|lookup|send|write|step|query|request|check))"
    r"|(?:When|If|Should)\s+(?P<that>(?:that|this)(?: (?:call|lookup|send|write|step|query|request|check))?)"
    r"(?=\s+(?:itself\s+)?(?:fails\b|errors\b|returns\s+(?:an?\s+)?(?:`Err`|error\b)))"
    # "Its error is only logged", "…; its error is propagated": the one function the sentence
    # (or the clause before the semicolon) named
    r"|(?P<its>[Ii]ts)(?=\s+(?:[a-z]+\s+)?(?:errors?|failures?)\s+(?:is|are|gets|get|propagates)\b))\b"
)

# "A failure there is swallowed: every handler chains …": the callers of the function spoken of
_ITS_CALLERS = re.compile(
    r"\b(?:every|each|all|both)\s+(?:handlers?|callers?)\b|\bits\s+callers\b", re.IGNORECASE
)
# "The handler propagates that error": the error of the call the sentence before made
_THAT_ERROR = re.compile(
    r"\b(?:propagates|logs|swallows|ignores|discards|returns|hands\s+back|passes\s+on)\s+"
    rf"(?P<that>{THAT_ERROR})\b"
)
# "That result is unwrapped", "That error is only logged": the same, as the sentence's subject
_THAT_ERROR_SUBJECT = re.compile(
    rf"(?P<that>{THAT_ERROR})\b(?=\s+(?:is|gets)\s+(?:only\s+|then\s+|simply\s+)?"
    r"(?:unwrapped|propagated|logged|ignored|dropped|discarded|swallowed|returned|expected)\b)"
)
# "…; if it fails, …": the function the sentence before named last
_IF_IT_FAILS = re.compile(r"(?:if|when|should)\s+(it)\s+(?:fails|errors)\b", re.IGNORECASE)
# "Looking at `f` itself, it …", "As for `f`, it …": the name the sentence turns to is its subject
_ABOUT_NAME = re.compile(
    r"(?:Looking\s+(?:at|inside)|Turning\s+to|As\s+for|Inside)\s+(?P<name>`[^`]{1,80}`)(?:\s+itself)?\s*,\s+it\b"
)
# "Its helper …", "Its `payload` is …": a member of the subject (not "Its `f` calls …", a function)
# ("Its `tracing::instrument` attribute opens …": a part of the subject, by a noun after its name)
_ITS_OPENING = re.compile(
    r"Its\s+(?!error|failure)(?:[a-z]+|`[^`]{1,80}`\s+(?:is|are|was|were\b|[a-z]{3,}(?<!s)\s+[a-z]+s\b))"
)
# "It then checks …": a sentence whose subject is "It" acting
_IT_ACTS = re.compile(
    r"It\s+(?:then\s+|also\s+|first\s+|next\s+|finally\s+|only\s+)?(?!is\b|has\b|was\b|does\b)[a-z]+s\b"
)
# "Next it deletes …": "it" opens the sentence after a word of sequence
_NEXT_IT = re.compile(
    r"(?:Then|Next|Finally|Afterwards|After that)\s*,?\s+it\s+(?:then\s+|also\s+)?[a-z]+s\b"
)
# "For a task, it loads …", "Besides the extractor it takes …", "For an encrypted key it
# checks …", "For a `V1` task it reads …": the same subject goes on
_IT_GOES_ON = re.compile(
    r"(?:,|\A(?:Besides|Apart\s+from|Beyond|Alongside|Next\s+to)\b[^,.;]{0,80}?"
    r"|\A(?:For|On|In|With|Without|During)\s+(?:an?|the|each|every|this|that)\s+(?:[^,.;`]|`[^`]{1,60}`){1,40}?)\s+it\s+"
    r"(?:then\s+|also\s+|first\s+)?[a-z]+s\b"
)
_NOT_RUN = re.compile(r"\s+(?:never|does\s+not|do\s+not|is\s+not|are\s+not|isn't|aren't|doesn't|don't)\b")
_NOT_BEFORE = re.compile(r"\b(?:not|never|without|rather\s+than|instead\s+of)\s+(?:[a-z]+\s+){0,3}\Z")
_VALUE_SAID = re.compile(r"\b(?:which|that)\s+(?:is|equals)\s+\Z")
_ARTICLE = re.compile(r"\b(?:a|an)\s+\Z", re.IGNORECASE)
_WHOSE = re.compile(r"\bwhose\s+\Z")
_FOR_VALUE = re.compile(r"\bfor\s+(?:the|its|an?)\s+\Z")
# "A POST lands in `f`, which …", "The flow starts in `f`, the handler …": the function a request reaches
_LANDS_IN = re.compile(
    r"\b(?:lands|arrives|starts|begins|enters|ends\s+up|comes\s+in)\s+(?:in|at|with|through)\s+(?:the\s+)?\Z"
)
_RELATIVE_AFTER = re.compile(
    r"(?:\(\))?,\s+(?:which|that|the\s+(?:[a-z]+\s+){0,2}?(?:handler|function|method))\b"
)
_RESULT_OF = re.compile(
    r"\b(?:errors?|failures?|results?|outcome)\s+(?:of|from)\s+(?:the\s+)?\Z", re.IGNORECASE
)
_INSTRUMENT = re.compile(
    # ("The `limit` defaults to 50 through `default_limit`. It …": "It" is not the default's function)
    # ("runs it through `token` …. It then calls …": what a step runs through is not who goes on)
    r"\b(?:with|via|using|under|(?:runs?|passes|puts)\s+(?:it|them)\s+through|defaults?\s+to\s+[^`,;]{1,20}?\s+(?:through|via)"
    # ("A failure there is only logged by `f`. It then …": what handles an error is not who goes on)
    r"|(?:logged|swallowed|handled|caught|ignored|discarded|dropped)\s+(?:[a-z]+\s+){0,4}?(?:by|through|via)"
    # ("the lookup by `f` finds it. It then …": the noun acts, not `f`)
    r"|\bthe\s+(?:lookup|call|query|fetch|read|check|search|insert|write|update)\s+(?:by|through|via|to))\s+(?:the\s+)?\Z"
)
# "the `key` column": a name of data, not a function "It" may stand for
_DATA_NOUN = re.compile(
    r"\s+(?:(?:path|query|request|body)\s+)?(?:column|field|value|variable|parameter|argument|flag|key|header|option|segment|check)s?\b"
)


def _scope(sentence: str, found: list[Token]) -> str:
    """The function a sentence speaks of: its subject at the start, when it is one."""
    first = _opening(sentence, found)
    if first is None or _IS_CALLED.match(sentence, first.end):
        return ""  # "Then `f` is called with `g(x)`": `f` is called, by code the sentence leaves unnamed
    return first.name if function_like(first) or first.name == HANDLER else ""


_IS_CALLED = re.compile(
    r"(?:\(\))?\s+(?:is|are|gets)\s+(?:then\s+|first\s+|finally\s+)?(?:called|invoked|awaited)\b"
)


def _opening(sentence: str, found: list[Token]) -> Token | None:
    """The name a sentence opens with, its subject ("Then `f` …", "`ValidatedJson` turns …")."""
    first = found[0] if found else None
    return first if first is not None and _at_start(sentence, first) else None


def _at_start(sentence: str, first: Token) -> bool:
    """Whether a sentence's first name is its subject: at its start, after an opening word, or
    (a function written in backticks) after a short setting or its noun ("The PUT handler")."""
    return (
        first.start == 0
        or _OPENER.fullmatch(sentence, 0, first.start) is not None
        or (
            first.ticked
            and function_like(first)
            and (
                _SETTING.fullmatch(sentence, 0, first.start) is not None
                or NAMED_BY_NOUN.fullmatch(sentence, 0, first.start) is not None
                # "The `health` handler serves …": the noun after the name
                or (
                    _THE.fullmatch(sentence, 0, first.start) is not None
                    and _NOUN_AFTER_NAME.match(sentence, first.end) is not None
                )
            )
        )
    )


_THE = re.compile(r"(?:The|This)\s+")
_NOUN_AFTER_NAME = re.compile(r"(?:\(\))?\s+(?:handler|function|method|helper|extractor)\b")


def _candidates(sentence: str, found: list[Token]) -> str | None:
    """A sentence without a subject at its start: the one or two functions it names, for the
    judge to pick the one that is a function ("… reaches `f`, with `limit` … . It returns …");
    not a value named with an article ("becomes an `Error::generic`"); the one a request is said
    to land in ("A POST lands in `f`, which extracts …. It returns …")."""
    landed = [
        t
        for t in found
        if t.ticked
        and function_like(t)
        and _LANDS_IN.search(sentence, max(0, t.start - 40), t.start)
        and _RELATIVE_AFTER.match(sentence, t.end)
    ]
    if len(landed) == 1:
        return landed[0].name
    named = [
        t.name
        for t in found
        if t.ticked
        and function_like(t)
        and t.name != HANDLER
        # (not one the sentence before stands for, "a failure there": the sentence names it not)
        and t.name.rsplit("::", 1)[-1] in sentence[t.start : t.end]
        and not _ARTICLE.search(sentence, max(0, t.start - 4), t.start)
        and not _DATA_NOUN.match(sentence, t.end)
        and not _WHOSE.search(sentence, max(0, t.start - 8), t.start)  # "whose `app_id` is": a field
        # "the `DatabaseConnection` that `init_db` builds": the subject of a noun's relative clause
        and not _RELATIVE_SUBJECT.search(sentence, max(0, t.start - 12), t.start)
        # "the worker reloads the row with `f`": the instrument of a step is not who goes on
        and not _INSTRUMENT.search(sentence, max(0, t.start - 40), t.start)
        # "If `f` fails, the middleware answers …", "The loop runs while `f` returns false": a
        # condition's name is not who goes on
        and not _CONDITIONED.search(sentence, max(0, t.start - 10), t.start)
        # "`NAME`, which is `svix.ping`", "…, the name `svix.ping`": a value said of the name before
        and not _VALUE_SAID.search(sentence, max(0, t.start - 14), t.start)
        and not _NAMED_VALUE.search(sentence, max(0, t.start - 14), t.start)
        # "The error of `f` is swallowed by `g`": what is handled is `f`'s result, not who goes on
        and not _RESULT_OF.search(sentence, max(0, t.start - 24), t.start)
        # "`permissions::Organization` for the `org_id`": a value an extractor gives
        and not _FOR_VALUE.search(sentence, max(0, t.start - 12), t.start)
    ]
    if any(
        _NOT_RUN.match(sentence, t.end) or _NOT_BEFORE.search(sentence, max(0, t.start - 30), t.start)
        for t in found
        if t.name in named
    ):
        # "… rules such as `f` never run", "… does not go through `f`": who goes on is none of
        # them for sure (not `f`, and the other names may not be it either)
        return None
    if any(_CALLED.search(sentence, max(0, t.start - 24), t.start) for t in found if t.name in named):
        return None  # "… does it call `f` and then `g`": the caller goes unnamed
    if (
        _NOUN_SUBJECT.match(sentence)
        or _NOUN_BEFORE_NAME.match(sentence)
        or _NOUN_LED.match(sentence)
        or _PASSIVE_NOUN.match(sentence)
        or _INVERTED_NOUN.match(sentence)
        or _PASSIVE_BY.match(sentence)
        or _NOUN_IS_CALL.match(sentence)
        or _NOUN_WITH_RELATIVE.match(sentence)
    ):
        return None  # "The endpoint filter is applied after `f` has run": "It" is the filter
    if (
        found
        and found[0].start == 0
        and not function_like(found[0])
        and ACTS_AFTER.match(sentence, found[0].end)
    ):
        return None  # "`CacheBackend::Memory` leads to `f`. … it awaits …": "it" is no function
    named = _not_handed(sentence, found, named)
    if not 0 < len(named) <= 2:
        return None
    # "a missing message is `HttpError::not_found`": an error's constructor builds a value and
    # goes on with nothing, so a sentence that names only constructors leaves no "It", and one
    # that names a function beside a constructor leaves the function
    if all(_error_constructor(name) for name in named):
        return None
    return CHOICE.join(dict.fromkeys(name for name in named if not _error_constructor(name)))


def _not_handed(sentence: str, found: list[Token], named: list[str]) -> list[str]:
    """ "… hands everything to `f_inner`": what is handed something is not who goes on (unless
    every name is)."""
    handed = {
        t.name
        for t in found
        if t.name in named and _HANDED_TO.search(sentence, max(0, t.start - 90), t.start)
    }
    if handed and len(handed) < len(set(named)):
        return [name for name in named if name not in handed]
    return named


def _error_constructor(name: str) -> bool:
    """`HttpError::not_found`, `Error::generic`: a function of a type named as an error."""
    owner = name.split("::")[-2:-1]
    return bool(owner) and owner[0].endswith("Error")


# a noun phrase (not the handler) and a passive's "is": "The endpoint filter is …"
_NOUN_IS = r"(?:The|A|An|This|That|Each|Every)\s+(?!handler\b)(?:[a-z-]+\s+){1,3}(?:is|are|was|were)\s+"
# "The task is built by `f` …. It goes through `g`": a value made by a function is what "It"
# goes on with, not its maker ("The route is served by `f`. Its return type …" is `f`'s)
_PASSIVE_BY = re.compile(
    _NOUN_IS
    + r"(?:then\s+|also\s+|first\s+)?(?:built|made|created|constructed|produced|generated|assembled)\s+by\s+`"
)
# "Only after `f` succeeds does the extractor read …": the inverted clause's noun is its subject
_INVERTED_HANDLER = re.compile(
    r"Only\s+(?:after|once|when|if)\b[^.;]{0,160}?\s+(?:does|do|did|will)\s+the\s+handler\b"
)
_INVERTED_NOUN = re.compile(
    r"Only\s+(?:after|once|when|if)\b[^.;]{0,120}?\s+(?:does|do|did|will)\s+(?:the|this|that|its)\s+(?!handler\b)[a-z]"
)
_RELATIVE_SUBJECT = re.compile(r"[a-z`]\s+(?:that|which)\s+\Z")
_CONDITIONED = re.compile(r"\b(?:if|when|unless|once|whether|while|until)\s+\Z", re.IGNORECASE)
# "The endpoint filter is applied after `f` has run.": a subject of its own, not a name, which
# "It" in the next sentence may stand for
_NOUN_SUBJECT = re.compile(_NOUN_IS + r"[a-z]+ed\s+(?:only\s+)?(?:after|before|once|until|when)\s+`")
# "The `App` cache entry is invalidated next, and `f` logs any error": who acts goes unnamed, and
# the name of a later clause is no subject "It" goes on with
_PASSIVE_NOUN = re.compile(
    r"(?:The|A|An|This|That|Each|Every)\s+(?!handler\b)(?:(?:[a-z-]+|`[^`]{1,60}`)\s+){1,3}"
    r"(?:is|are|was|were)\s+(?:then\s+|also\s+)?[a-z]+ed\s+(?:next|then|first|last|afterwards)?\s*,\s+(?:and|but|while)\s+`"
)
# "The query starts from `f`, which …", "The first probe runs `g`", "That loop sleeps for
# `wait()`": a thing named by a noun, with a verb of its own, is what "It" goes on with (a
# plural one is not: "The keys come from `f`. It reads …" is `f`)
_NOUN_BEFORE_NAME = re.compile(
    r"(?:The|This|That|Each|Every)\s+(?!handler\b)(?:[a-z-]+\s+){0,2}[a-z-]*[^s\W\d]\s+"
    r"(?:[a-z]+(?:[^s\W]s|es)(?:\s+(?:from|through|via|with|for|on|over|until|into))?|is\s+(?:built|taken|read|made)\s+from)\s+`"
    # "The extractor reads the `app_id` path segment …": its object a few words on
    r"|(?:The|This|That|Each|Every)\s+(?!handler\b)(?:[a-z-]+\s+){0,2}[a-z-]*[^s\W\d]\s+"
    r"(?:first\s+|then\s+|only\s+)?[a-z]+(?:[^s\W]s|es)\s+(?:the|a|an|its|each|every)\s+(?:[a-z-]+\s+){0,2}`"
)
# a noun subject whose relative clause names a function: "A token that fails `f` is rejected
# with …" (the function is what the noun did, not who goes on)
_NOUN_WITH_RELATIVE = re.compile(
    r"(?:A|An|The|Any|Each|Every)\s+(?!handler\b)(?:[a-z-]+\s+){1,3}(?:that|which)\s+(?:[a-z]+\s+)?[a-z]+\s+`"
)
# a noun subject said to start from a name: "A second query starts from `f`", "The list begins with `g`"
_NOUN_LED = re.compile(
    r"(?:A|An|The|This|That|Each)\s+(?:[a-z][a-z-]*\s+){0,3}(?:starts|begins|comes|is\s+built)\s+(?:from|with|on)\s+`"
)
# "The base query is `f(msg.id)`, which …", "With the message in hand, the query starts as
# `f(msg.id)`": the noun is the value of that call, and "It" in the next sentence may stand for
# the value as well as for `f`
_NOUN_IS_CALL = re.compile(
    r"(?:[A-Z][^,`;:.]{0,40},\s+)?(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)\s+(?!handler\b)(?:[a-z-]+\s+){0,3}"
    r"(?:is|starts as|begins as|starts with|begins with)\s+`[^`(]{1,80}\([^`()]{1,80}\)`"
)
# "this extractor never calls `f`. It then …": what is called is not who goes on
_HANDED_TO = re.compile(
    r"\b(?:hands?|handing|passes|passing|pass|delegates?|delegating|forwards?|forwarding)\b[^.;`]{0,60}\bto\s+(?:the\s+)?\Z"
)
_CALLED = re.compile(r"\b(?:calls|call|calling|invokes|invoke|invoking|awaits|await)\s+(?:the\s+)?\Z")


def _lead_subject(sentence: str, previous: str | None, last_call: str | None = None) -> Token | None:
    """ "It …" after a sentence whose subject was a function, "That function …" after one that
    named a function last, or "The handler …": a subject token."""
    opening = _LEAD_OPENING.match(sentence)
    at = opening.end() if opening is not None else 0
    match = _HANDLER.match(sentence, at)
    if match is not None:
        return Token(match.group(), HANDLER, at, match.end(), False)
    match = _THAT_ONE.match(sentence, at)
    if match is not None:
        # the function named last, when written with its path or with an underscore (a bare
        # `execute` may be a library's method the crate has a namesake of)
        # ("That method" after "a TTL from `expiry_starting()`": a free function is no method, nor
        # a constructor)
        method = match.group().endswith(("method", "constructor"))
        return (
            Token(match.group(), last_call, at, match.end(), False)
            if last_call and ("::" in last_call or ("_" in last_call and not method))
            else None
        )
    match = _PRONOUN.match(sentence, at) or _ITS_RETURN.match(sentence, at)
    if match is not None and previous is not None:
        return Token(match.group(), previous, at, match.end(), False)
    return None


# a short opening before "It" or "The handler": "Then it …", "When disabling, the handler …"
_LEAD_OPENING = re.compile(
    r"(?:(?:Then|Next|Finally|Otherwise|Afterwards|Now|Also|First|Second|Third|Last|Lastly)\s*,?\s+"
    r"|(?:When|On|For|After|To|Once)\b[^,`;:]{0,40},\s+"
    # "Unlike `SvixOmniProducer::send`, it does not …": a comparison, then the subject goes on
    r"|(?:Unlike|Like)\s+`[^`]{1,80}`\s*,\s+"
    # "When the flag says so and `cfg.enabled()` is true, it calls …": a setting that names a
    # value's member, then "it" acting (not "it is logged", a value; not after a function
    # named, "When `f` finds a row, it …", which "it" may be)
    r"|(?:When|Once|After|For|On)\b(?:[^,`;:.]|`[a-z_]\w*\.[a-z_]\w*(?:\(\))?`){0,100}?,\s+"
    r"(?=it\s+(?:then\s+|also\s+|first\s+|only\s+)?(?!is\b|was\b|gets\b|has\b|fails\b|errors\b)[a-z]+s\b))"
)


# the words each token-free rule needs, as plain substrings of the lower-cased sentence: a
# sentence without them costs one scan each instead of the rule's regular expressions
_ERROR_WORDS = (
    "retr",
    "tries",
    "again",
    "mapped",
    "wrapped",
    "converted",
    "logged",
    "logs",
    "swallow",
    "ignore",
    "dropped",
    "discarded",
    "propagat",
    "bubble",
    "passed up",
    "back",
    "caller",
    "returns early",
    "`?`",
    "fails the",
    "panic",
    "unwrap",
    "aborts the",
    "process down",
    "crashes the",
)
_TIMER_WORDS = ("sleep", "paus", "every", "interval")
_LIFETIME_WORDS = (
    "start",
    "looks back",
    "initially",
    "up to",
    "capped at",
    "at most",
    "valid for",
    "ttl",
    "timeout",
    "expire",
    "expiry",
    "lifetime",
    "lives for",
    "live for",
    "time-to-live",
)
_ORDER_WORDS = ("before", "after", "then", "once")
_STATUS_NUMBER = re.compile(r"\b[1-5]\d\d\b")
_MISSING_WORDS = (
    "missing",
    "unknown",
    "exist",
    "absent",
    "not found",
    "be found",
    "nothing",
    "belong",
    "empty result",
    "comes back",
    "is returned",
    "no row",
    "no match",
    " miss ",
    "matches",
    "deleted",
    " is found",
)


def _any(low: str, words: tuple[str, ...]) -> bool:
    return any(word in low for word in words)


def sentence_claims(sentence: str, found: list[Token]) -> Iterator[Claim]:
    """The claims of one sentence whose names are `found`; an error constructor said to be
    given is judged as that, not as a call of the record."""
    read = list(_sentence_claims(sentence, found))
    given = {claim.subject for claim in read if claim.says == GIVES}
    # a variant another rule already holds the sentence to (sent, given, built, an arm's): one
    # finding, not two
    held = {n.rsplit("::", 1)[-1] for c in read if c.says != NAMES_VARIANT for n in (c.subject, c.object)}
    # a message held to the constructor named with it, whose status is said of that constructor
    # too: one finding, not two
    built = {c.object for c in read if c.says == BUILDS}
    statuses = {c.says for c in read if c.kind is Kind.VALUE}
    for claim in read:
        if claim.says == ANSWERS_WITH and claim.object in built and claim.subject in statuses:
            continue
        if given and claim.kind is Kind.CALL and claim.subject == FLOW and claim.object in given:
            continue
        if claim.says == NAMES_VARIANT and claim.object in held:
            continue
        yield claim


def _sentence_claims(sentence: str, found: list[Token]) -> Iterator[Claim]:
    low = sentence.lower()
    parts = clauses(sentence)
    if found:
        yield from _token_claims(sentence, found, parts, low)
    errors_named: set[str] = set()  # errors a rule already holds the sentence to
    for wanted, rule in _WORDED_RULES:
        if _any(low, wanted):
            for claim in rule(sentence, found, parts):
                if claim.kind is Kind.ERROR:
                    errors_named.update((claim.subject, claim.object))
                yield claim
    if MESSAGE_SAID.search(sentence):
        yield from message_claims(sentence, parts)
        yield from status_message_claims(sentence)
    if "panic" in low:
        yield from panic_message_claims(sentence, parts)
    status = _STATUS_NUMBER.search(sentence) is not None
    if status:
        yield from response_status_claims(sentence, found, parts)
        yield from mapped_status_claims(sentence, found, parts)
        yield from answered_status_claims(sentence, found, parts)
    if status or "StatusCode::" in sentence:
        yield from success_status_claims(sentence, parts)
    if found and any(word in low for word in _OPTION_WORDS):
        yield from option_claims(sentence, found)
    if "error::" in low:
        if status:
            yield from status_claims(sentence, found, parts)
        opening = _opening(sentence, found)  # written in backticks, or a pronoun standing for it
        subject = (
            opening.name if opening is not None and (opening.ticked or opening.text != opening.name) else ""
        )
        yield from (c for c in raised_claims(sentence, parts, subject) if c.subject not in errors_named)
        yield from variant_claims(sentence, parts, subject)
        if "other" in low:
            yield from other_arm_claims(sentence, parts, subject)
    if "map_err(" in sentence:
        yield from mapper_claims(sentence, parts)
    if "`" in sentence:
        yield from number_claims(sentence, parts)
    if found:
        yield from _ordered_claims(sentence, found, parts, low)
        yield from arm_claims(sentence, found, parts)
        if "default" in low:
            yield from type_default_claims(sentence, found, parts)
        if "::" in sentence:
            yield from given_claims(sentence, found, parts)
            yield from built_later_claims(sentence, found, parts)
            yield from named_variant_claims(sentence, parts)
        if "prefers" in low or "reads" in low:
            yield from read_claims(sentence, found, parts)
        if "!`" in sentence or "!(" in sentence:
            yield from logged_claims(sentence, parts)


def _ordered_claims(sentence: str, found: list[Token], parts: Clauses, low: str) -> Iterator[Claim]:
    """The order rules that start from a sentence's names or its opening words."""
    if found[0].start < 30:
        yield from leading_orders(sentence, found, parts)
    if low.startswith(("only ", "after ", "once ")):
        yield from inverted_orders(sentence, found, parts)
    if low.startswith(("before ", "after ")):
        yield from store_orders(sentence, found, parts)


def _fallbacks(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    return fallback_claims(sentence, parts)


# the words a condition on an `Option` needs ("with no delay", "when a delay is given")
_OPTION_WORDS = ("no ", "without", "none", "some", " given", " set", " passed", " present")
_Rule = Callable[[str, list[Token], Clauses], Iterator[Claim]]
# the token-free rules, each with the words a sentence needs for it (plain substrings of the
# lower-cased sentence: a sentence without them costs one scan each instead of the rule's
# regular expressions)
_WORDED_RULES: tuple[tuple[tuple[str, ...], _Rule], ...] = (
    (_TIMER_WORDS, timer_claims),
    (_LIFETIME_WORDS, lifetime_claims),
    (_ERROR_WORDS, error_claims),
    (_MISSING_WORDS, lambda sentence, found, parts: missing_claims(sentence)),
    ((" rows",), lambda sentence, found, parts: rows_claims(sentence, parts)),
    (("default",), lambda sentence, found, parts: default_through_claims(sentence, parts)),
    (("between", "at least", "at most"), bounds_claims),
    (
        ("default", "falls back", "fall back", "falling back", "fallback of", " of ", " none", "missing "),
        _fallbacks,
    ),
    ((" of ", " is ", " was "), lambda sentence, found, parts: worded_claims(sentence, parts)),
    (
        ("hard-coded", "hardcoded", "hard coded"),
        lambda sentence, found, parts: hard_coded_claims(sentence, parts),
    ),
    (
        ("code", "sqlstate", "postgres"),
        lambda sentence, found, parts: code_claims(sentence, parts),
    ),
    (
        ("within", "under", "less than", "fewer than"),
        lambda sentence, found, parts: elapsed_claims(sentence, parts),
    ),
    (("validat",), lambda sentence, found, parts: validation_claims(sentence, parts)),
    (_ORDER_WORDS, action_orders),
    (("first",), first_then),
    (("in order", "in that order", "in this order"), listed_orders),
    ((" then ", " before ", " after ", " afterwards "), verb_orders),
    ((" before ", " after "), passive_orders),
    ((" then ", " before ", " after "), bound_orders),
    (("transaction",), transaction_orders),
    (("other", "anything else"), lambda sentence, found, parts: other_error_claims(sentence, parts)),
    ((" panic",), panic_claims),
    (("(", "{"), nested_claims),
    ((": ", ") ->"), lambda sentence, found, parts: written_signature_claims(sentence, parts)),
    (("self`",), receiver_claims),
    (
        (
            "copies",
            "copying",
            "maps",
            "mapping",
            "moves",
            "moving",
            "puts",
            "putting",
            "derives",
            "deriving",
            "computes",
            "computing",
            "fills",
            "filling",
            "'s `",
            "’s `",
        ),
        lambda sentence, found, parts: copied_claims(sentence, parts),
    ),
    (
        ("matches", "accepts", "retries", "treats", "checks for", "true", "allows retries"),
        lambda s, found, parts: matches_claims(s, parts),
    ),
)


def _token_claims(sentence: str, found: list[Token], parts: Clauses, low: str) -> Iterator[Claim]:
    """The rules that start from a name of the sentence."""
    objects: set[int] = set()  # tokens already the object of a call with a named subject
    for index, token in enumerate(found):
        yield from _values(sentence, token, parts)
        if index + 1 < len(found):
            for claim in _pair(sentence, found, index, parts):
                if claim.kind is Kind.CALL:
                    objects.add(index + 1)
                yield claim
    yield from _flow_calls(sentence, found, parts, objects)
    if "never" in low:
        yield from _never_used(sentence, found)
    if found[0].start == 0 and (function_like(found[0]) or found[0].name == HANDLER):
        action = action_call(sentence, found[0], negated(parts, 0, min(len(sentence), found[0].end + 40)))
        if action is not None:
            yield action
    if function_like(found[0]) or found[0].name == HANDLER:
        yield from uses_claims(sentence, found, lambda a, b: negated(parts, a, b))
    if "spawned" in low:
        yield from spawned_task_claims(sentence, found, lambda a, b: negated(parts, a, b))
    if " and " in low or " but " in low:
        yield from coordinated_calls(sentence, found, lambda a, b: negated(parts, a, b))
    yield from _signature_claims(sentence, found, parts, low)


def _signature_claims(sentence: str, found: list[Token], parts: Clauses, low: str) -> Iterator[Claim]:
    """The signature rules that read past a name's neighbour: answers, parameter lists."""
    if "answers" in low or "responds" in low or "replies" in low or "return" in low:
        yield from answer_claims(sentence, found, parts)
    if ("takes" in low or "whose" in low) and "returns" in low and not negated(parts, 0, len(sentence)):
        yield from returned_after_list_claims(sentence, found)
    if "which" in low and "returns" in low:
        yield from which_returns_claims(sentence, found)
    if "takes" in low:
        # (a negation after the list is another clause's: "…, and returns nothing")
        for claim in parameter_list_claims(sentence, found):
            written = sentence.find(f"`{claim.object}`")
            if not negated(parts, 0, written + len(claim.object) + 2 if written >= 0 else len(sentence)):
                yield claim
    if ("asks" in low or "takes" in low) and not negated(parts, 0, len(sentence)):
        yield from asked_and_named_claims(sentence, found)


def _values(sentence: str, token: Token, parts: Clauses) -> Iterator[Claim]:
    after = sentence[token.end : token.end + 120]
    for value in value_claims(token, after, sentence):
        # the claim runs from the name to its number: a negation in a later clause ("…,
        # instead of dropping it") is about something else
        said = after.find(value.says.split(" ", 1)[0])
        # ("`f` with the cache, no preloaded model, … and a TTL of 60 seconds": from the last value
        # of the list, a denial of another value being no denial of this one)
        tail = LAST_GIVEN.search(after) if value.object == ARGUMENT else None
        start = token.end + tail.start() if tail is not None else token.start
        if _APPOSITION.match(after):
            yield value  # "… minus `D`, which is 30 days": stated whatever the clause denies
        elif not negated(parts, start, token.end + max(said, 0) + len(value.says)):
            yield value


# a value set beside its name ("`D`, which is 30 days", "`D` (30 days)", "`D` = 30")
_APPOSITION = re.compile(r"(?:\(\))?\s*(?:[a-z]{1,20}\s*)?(?:,\s*(?:which|that)\s+is\s+|\(\s*|=\s*)\d")


def _pair(sentence: str, found: list[Token], index: int, parts: Clauses) -> Iterator[Claim]:
    """The claims between a token and the next: a call or signature, else an order."""
    token, following = found[index], found[index + 1]
    glue = sentence[token.end : following.start]
    if len(glue) > MAX_GLUE:
        return
    if negated(parts, token.start, following.end):
        if NEVER_CALLS.fullmatch(glue):
            yield Claim(Kind.CALL, sentence, token.name, following.name, "never calls", True)
        return
    claim = None
    # ("That result is unwrapped with `expect`": a value handled, not a caller)
    if not _STANDS_FOR_RESULT.fullmatch(token.text) and (
        not governed(sentence, token) or _RELATIVE.match(glue)
    ):
        claim = None if _main_verb_again(sentence, token, glue) else call_claim(sentence, found, index, glue)
        # a hand-off is no signature, but "gives back a `T`" is its return
        if (
            claim is None
            and (HAND_VERB.match(glue) is None or _GIVES_BACK.search(glue))
            # "`g`, the helper it shares with `h`, which returns …": the clause may be `g`'s
            and not another_user(sentence, token)
        ):
            claim = signature_claim(sentence, token, following, glue)
    if claim is not None:
        yield claim
        if claim.kind is Kind.SIGNATURE and claim.says == "takes":
            yield from _more_taken(sentence, found, index + 1, claim, parts)
    if claim is None or claim.kind is not Kind.CALL:
        order = pair_order(glue, sentence, token, following, found[index - 1] if index else None)
        if order is not None:
            yield order


# "takes `A`, a `B` and `C`": the glue between two items of a parameter list
_TAKEN_LIST = re.compile(r"\s*(?:,\s*(?P<last>and\s+)?|\s+(?P<and>and)\s+)(?:(?:a|an|the)\s+)?\Z")


def _more_taken(sentence: str, found: list[Token], at: int, taken: Claim, parts: Clauses) -> Iterator[Claim]:
    """ "`f` takes `A`, a `B` and `C`": each type of the list after the one a claim read, up to
    the item after "and" (", and its `T` holds …" is another clause)."""
    for before, token in zip(found[at:], found[at + 1 :], strict=False):
        glue = _TAKEN_LIST.fullmatch(sentence, before.end, token.start)
        if glue is None or not type_like(token, sentence) or negated(parts, before.start, token.end):
            return
        yield Claim(Kind.SIGNATURE, sentence, taken.subject, token.text, "takes")
        if glue.group("last") or glue.group("and"):
            return


# the token "That result", "this error" stands for: the result of a call, never its caller
_STANDS_FOR_RESULT = re.compile(THAT_ERROR)
_GIVES_BACK = re.compile(r"\b(?:gives|hands) back\s+(?:(?:a|an|the|its)\s+)?\Z")


def _flow_calls(sentence: str, found: list[Token], parts: Clauses, objects: set[int]) -> Iterator[Claim]:
    """ "… then calls `B`" with no named caller: a call of the record's code as a whole."""
    if ELSEWHERE.search(sentence):
        return
    for index, token in enumerate(found):
        if index in objects or not function_like(token) or negated(parts, token.start, token.end):
            continue
        if ":" in token.text.replace("::", ""):
            continue  # "with `timeout: 30`": a field given a value, not a call
        if _SET_TO.match(sentence, token.end) or HARD_CODED_AFTER.match(sentence, token.end):
            continue  # "inserted with `next_attempt` set to `None`": a field given a value
        if another_user(sentence, token):
            continue  # "`f`, which is shared with `g`": `g` is another caller of `f`, not a step
        if BACK_TO.search(sentence, max(0, token.start - 40), token.start):
            continue  # "hands `Ok(())` back to `g`": `g` is the caller a value returns to
        verb = FLOW_CALL.search(sentence, max(0, token.start - 90), token.start)
        if verb is not None and _GAPPED.search(sentence, verb.start(), token.start):
            continue  # "`a` filters through `f` and `b` through `g`": `b` does the verb, unsaid again
        if verb is not None:
            caller = _clause_subject(sentence, found[:index], verb.start())
            if caller is not None and _PASSIVE.match(verb.group()) and _pronoun_led(found, index):
                caller = None  # "It is handed to `B`": "It" is the value handed, not a caller
            if caller is not None and _PLURAL_GOES.match(verb.group()):
                caller = None  # "…, `before` and `after` then go to `f`": values handed on, by the code
            if _PASSIVE.match(verb.group()) and _passive_subject(sentence, found[:index], verb.start()):
                continue  # "`f` is mounted with `get_with`": `f` is what is mounted, by code unnamed
            if caller is not None and _CONVERTED_HANDED.search(sentence, 0, verb.end()):
                caller = None  # "`A` converts X into Y and hands it to `B`": A's result is handed
            if (
                caller is not None
                and _error_constructor(token.name)
                and _ANSWERS.search(sentence, 0, token.start)
            ):
                caller = None  # "`f`, which answers 404 through `HttpError::not_found`": the answer
                # `f`'s outcome leads to, which its caller may build
            if caller is None and _HANDS_OBJECT.match(verb.group()):
                continue  # "a caller passes a delay to `B`": a hand-off needs a named giver
            if caller is None and _TYPE_ACTS.match(sentence):
                continue  # "`Extractor` does not call it but reaches it through `f`": the type's
                # own calls, which its impls make, not the record's as a whole
            if caller is None and _STORED_COMES.search(sentence, max(0, verb.start() - 30), verb.end()):
                continue  # "The targeted rows come from `f`": stored data, which another flow may write
            says = calls_said(sentence, verb.start(), token.end) if caller is not None else "calls"
            yield Claim(Kind.CALL, sentence, caller or FLOW, token.name, says)


# a clause that says its verb once for two subjects: "… and `before` through `g`"
_GAPPED = re.compile(r"\band\s+`[^`]{1,60}`\s+(?:through|via|with|using)\s+(?:the\s+)?\Z")
# a sentence whose subject is a type that acts: "`OrgWithApp` does not call it directly but
# reaches it through `f`"
_TYPE_ACTS = re.compile(
    r"(?:The\s+)?`(?:\w+::)*[A-Z]\w*`\s+(?:(?:does\s+not|doesn't|never)\s+[a-z]+\s+(?:[a-z]+\s+){0,2}but\s+)?"
    r"(?:also\s+|only\s+)?(?:reaches|calls|invokes|delegates|uses)\b"
)
# "once the key is gone, it rereads": a pronoun heading a later clause
_IT_AFTER_A_CLAUSE = re.compile(r",\s+(?:it|they)\s+(?:then\s+|also\s+|only\s+)?[a-z]+s\b")


def _never_used(sentence: str, found: list[Token]) -> Iterator[Claim]:
    """ "… and `update_model` is never used": the record's code makes no such call (a sentence
    with a condition is left alone: "never called for a deleted app" may hold on its path)."""
    if _CONDITIONAL.search(sentence):
        return
    for token in found:
        if function_like(token) and _NEVER_USED.match(sentence, token.end):
            yield Claim(Kind.CALL, sentence, FLOW, token.name, "never calls", True)


_NEVER_USED = re.compile(
    r"(?:\(\))?\s+(?:is|are)\s+never\s+(?:called|used|invoked|run|awaited)(?:\s+(?:here|at all|in this flow))?\s*(?:[.;,]|\Z)"
)
_CONDITIONAL = re.compile(r"\b(?:if|when|unless|for|while|once|until|where|whenever)\b", re.IGNORECASE)


_PASSIVE = re.compile(r"(?:is|are)\s")
_PLURAL_GOES = re.compile(r"(?:go|come)\s")
# rows a flow reads said to come from where they were written: their origin, not a call
_STORED_COMES = re.compile(r"\b(?:rows?|records?|entries|entry)\s+(?:\w+\s+)?comes?\s+from\b", re.IGNORECASE)


def _passive_subject(sentence: str, before: list[Token], at: int) -> bool:
    """Whether a function written right before a passive verb at `at` is its subject (a
    pronoun's passive is `_pronoun_led`'s)."""
    if not before or not sentence.startswith("`", before[-1].start) or not function_like(before[-1]):
        return False  # (not "That result", a value)
    last = before[-1]
    if _APPOSED.fullmatch(sentence, 0, last.start) and _APPOSED_END.fullmatch(sentence, last.end, at):
        return True  # "The pooled constructor, `f`, is reached through `g`": `f` is the subject
    # (not "The error of `f` is mapped with `g`")
    if not opens_clause(sentence, last):
        return False
    # "`f` lives in a.rs and is registered with `g`": the passive shares the subject before "and"
    return (
        _ADJACENT.fullmatch(sentence, last.end, at) is not None
        or _AND_PASSIVE.fullmatch(sentence, last.end, at) is not None
    )


_ADJACENT = re.compile(r"\s*(?:\(\))?\s*")
_AND_PASSIVE = re.compile(r"(?:\(\))?\s+[^`,;:]{1,80}?\sand\s+")
# a name set off by commas after the noun a sentence opens with: "The pooled constructor, `f`, is …"
_APPOSED = re.compile(r"(?:The|Its|This|That)\s+[a-z][a-z -]{0,40},\s*")
_APPOSED_END = re.compile(r"\s*(?:\(\))?\s*,\s*")


def _pronoun_led(found: list[Token], index: int) -> bool:
    """Whether the names before the one at `index` are only the pronoun the sentence opens with."""
    return index == 1 and not found[0].ticked and _PRONOUN.fullmatch(found[0].text) is not None


# a conversion's result handed on: its caller, not the conversion, makes the call
_CONVERTED_HANDED = re.compile(
    r"\b(?:converts|turns|transforms|maps)\b[^.;]{0,80}?\binto\b[^.;]{0,80}?\band\s+(?:then\s+)?"
    r"(?:hands|passes|feeds|gives)\s+(?:it|them|the\s+result)\s+(?:on\s+)?to\s+\Z"
)
_ANSWERS = re.compile(r"\b(?:answers|responds|replies|fails|rejects)\b[^.;`]{0,40}\Z")
_HANDS_OBJECT = re.compile(r"(?:hands|passes|forwards)\s+(?!(?:it|them)\s+to\b)")
# ("with `org_id` set and the rest from …": a field given a value, its value unsaid)
_SET_TO = re.compile(
    r"\s*(?:set to|equal to|=)\s|\s+set\b(?!\s+(?:up|on|in|by|through|via|with|from|to)\b)", re.IGNORECASE
)


def _clause_subject(sentence: str, before: list[Token], verb: int) -> str | None:
    """The function that opens the verb's clause ("`A` runs X through `B`", "…, and `A` acks it
    through `B`"): the last function named before the verb and not governed by a preposition,
    when it opens a clause and no new clause starts between it and the verb."""
    relative = _relative_subject(sentence, before, verb)
    if relative is not None:
        return relative
    callers = [t for t in before if function_like(t) and not governed(sentence, t) and t.end <= verb]
    if callers and (_STANDS_FOR_RESULT.fullmatch(callers[-1].text) or failure_token(sentence, callers[-1])):
        return None  # "That result is unwrapped with `expect`", "Its error is only logged through
        # `f`": a value handled, not a caller
    if not callers or callers[-1].name == HANDLER:
        inside = _INSIDE.match(sentence)  # "In `f`, the request goes through `g`"
        if inside is None or not before or before[0].end != inside.end() - 1 or not function_like(before[0]):
            return None
        return None if _new_clause(sentence, inside.end(), verb) else before[0].name
    last = callers[-1]
    if _new_clause(sentence, last.end, verb) and not _ASIDE_PHRASE.fullmatch(sentence, last.end, verb):
        return None  # "`A` deletes X, and a violation becomes 409 through `B`": another subject
    if _THEN_NAME.search(sentence, max(0, last.start - 12), last.start) and not ACTS_AFTER.match(
        sentence, last.end
    ):
        return None  # "`F` calls `A` first, then `B`, then builds X, then calls `C`": `B` is called
    return last.name if opens_clause(sentence, last) else None


_THEN_NAME = re.compile(r",\s*(?:and\s+)?then\s+\Z", re.IGNORECASE)


# a relative clause with a subject of its own: "which handlers apply", "which the worker calls"
_OBJECT_RELATIVE = re.compile(
    r"(?:the\s+|every\s+|each\s+|all\s+|its\s+)?(?:[a-z]+\s+)?[a-z]+s\s+"
    r"(?:apply|call|use|run|invoke|pass|hand|wrap|reach|build|await|spawn)\b"
    r"|the\s+(?:[a-z]+\s+){1,2}?(?:applies|calls|uses|runs|invokes|passes|hands|wraps|reaches|builds|awaits|spawns)\b"
)


def _main_verb_again(sentence: str, token: Token, glue: str) -> bool:
    """ "That helper builds a key with `f`, which formats X, and calls `g`": a verb after the
    relative clause's own, past a comma, may be the main subject's (see `_relative_subject`)."""
    which = _WHICH.match(glue)
    return (
        which is not None
        and "," in glue[which.end() :]
        and _MAIN_VERB.search(sentence, 0, token.start) is not None
    )


def _relative_subject(sentence: str, before: list[Token], verb: int) -> str | None:
    """ "… to `A`, which checks X and passes it on to `B`": the function a relative clause
    hangs on is its subject, when no other clause starts between "which" and the verb."""
    for token in reversed(before):
        if token.end > verb:
            continue
        match = _WHICH.match(sentence, token.end)
        if match is not None and _OBJECT_RELATIVE.match(sentence, match.end()):
            return None  # "`f`, which handlers apply through `map_err`": `f` is what they apply
        if match is not None and function_like(token) and token.name != HANDLER:
            # (a verb after a comma may be the main subject's again: "`A` runs `f`, which
            # restricts …, joins … via `g`" leaves who joins unsaid)
            listed = (
                "," in sentence[match.end() : verb]
                and _MAIN_VERB.search(sentence, 0, token.start) is not None
            )
            return token.name if not listed and not _new_clause(sentence, match.end(), verb) else None
    return None


# a verb of the main clause before a relative clause's name ("That helper runs `f`, which …"),
# not a copula ("The entry point is `f`, which …")
_MAIN_VERB = re.compile(
    r"\b(?!(?:is|was|has|does|its|this|across|always|process|class|status|address)\b)[a-z]{2,}s\b"
)
_INSIDE = re.compile(r"(?:In|Inside|Within)\s+`[^`]{1,120}`,")


def _new_clause(sentence: str, start: int, verb: int) -> bool:
    """Whether a new clause starts between a subject and its verb (read past the verb: ", then
    calls" continues the subject's clause)."""
    match = _NEW_CLAUSE.search(sentence, start)
    return match is not None and match.start() < verb


_WHICH = re.compile(r"(?:\(\))?,\s+which\s+")
# "`f`, outside the request path, calls …": a phrase set off between a subject and its verb
_ASIDE_PHRASE = re.compile(
    r",\s+(?:outside|inside|in|at|during|on|within|for|from)\s+(?:the\s+|a\s+|its\s+)?[a-z ]{1,40},\s+",
    re.IGNORECASE,
)
_NEW_CLAUSE = re.compile(
    # a comma opens a new clause unless a list of names or the same subject's next verb follows
    # ("`A`, which takes X, opens Y by calling `B`"; ", and creates" may go back to another); a
    # colon before a name opens one ("…, then matches it: a `Successful` goes to `g`"), as do an
    # aside in parentheses ("`uri_str` (an unparsable URL becomes `E`)") and a subordinate
    # clause with a subject of its own ("… before the row is saved with `g`")
    r";|:\s+(?:(?:a|an|the|each|every|any)\s+)?`|\s\(|,\s+(?!`|(?:and\s+)?then\s+[a-z]+s\b|(?!(?:its|this|thus|unless|plus|was|is|as|has)\b)[a-z]{2,}s\b)"
    r"|\s(?:and|but|so|while|which|that|where|when|if|before|after|once|until|unless)\s+(?:a|an|any|no|all|both|the|its|this|that|each|every|it|they)\b"
)
