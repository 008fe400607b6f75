"""Error handling: "`send` is retried", "the error of `set` is only logged", "`insert`'s error
propagates", "a failed cache write is swallowed"; judged by what the call sites of the record's
code do with the call's error (`?`, mapped, logged, dropped) and whether anything retries it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ...rust.facts.handling import Handling
from .actions import is_call_of
from .model import ACTION, CHOICE, FLOW, Claim, Kind, State, Verdict
from .text import Clauses, Token, function_like, governed, negated, opens_clause

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts, SiteFact

RETRIED, LOGGED, PROPAGATED = "retried", "only logged", "propagated"
MAPPED_WITH = "mapped with"  # an error claim's saying: the error is mapped with the object
# "is mapped with `http_error_on_conflict`", "is passed through `Error::generic`"
_MAPPED_WITH = re.compile(
    r"\b(?:is|are|gets|get)\s+(?:then\s+|also\s+|first\s+|always\s+)?(?:mapped|converted|wrapped|passed)"
    r"\s+(?:with|through|via|using|by)\s+(?:the\s+)?`(?P<mapper>[A-Za-z_][\w:]{0,80})(?:\(\))?`",
    re.IGNORECASE,
)
NOT_RETRIED = "not retried"
SPAWNED = ACTION + "spawned"  # a subject: the crate calls the record runs in a spawned task

# a retry as a verb: "is retried", "retries it", "to retry"; not the noun ("a retry flag")
_RETRIED = re.compile(
    r"\bretr(?:ies|ied|ying)\b|\b(?:to|will|would|then|and|may|can|must)\s+retry\b"
    # "is tried again", "runs it again", "tries again on the next tick"
    r"|\b(?:is|are|gets|get)\s+(?:then\s+)?tried\s+again\b|\b(?:tries|runs)\s+(?:it\s+|them\s+)?again\b",
    re.IGNORECASE,
)
# a retry said of the code itself (not "a retry by the client", "the retry schedule"): a verb
_RETRY_VERB = re.compile(
    r"\b(?:(?:is|are|gets|get|be)\s+(?:then\s+|also\s+)?(?:retried|tried\s+again)|retries\s+(?:it|them|the|that|each)\b|"
    r"retrying\b|(?:tries|runs)\s+(?:it\s+|them\s+)?again\b)",
    re.IGNORECASE,
)
# who else may retry: the text speaks of a party outside the code
_OUTSIDE_PARTY = re.compile(
    r"\b(?:client|caller|sender|user|customer|browser|operator|consumer)s?\b", re.IGNORECASE
)
_ABOUT_FAILURE = re.compile(r"\b(?:errors?|fail\w*|Err)\b", re.IGNORECASE)
_LOGGED = re.compile(
    r"\b(?:only logged|is logged|are logged|gets logged|logged and (?:dropped|ignored|discarded)|"
    r"swallowed|is ignored|are ignored|silently dropped|is discarded|are discarded|only logs|"
    r"logs (?:the|that|its) (?:failure|error) and (?:carries|goes|moves) on|"
    r"(?:logs and )?ignores (?:the |any |its |every )?(?:errors?|failures?)|"
    # "the handler just logs it and answers 202", "logs a warning and falls back": the failure
    # the sentence names, logged by its caller, who goes on
    r"(?:only|just|simply) logs (?:it|them|(?:the|any|every|its) (?:errors?|failures?))|"
    # "logs the error from `f` … and then swallows it"
    r"(?:and then |then )?swallows (?:it|them|the (?:error|failure))|"
    r"logs (?:it|a warning|an error|the (?:[a-z]+ )?(?:error|failure)) and (?:carries|goes|moves|continues|runs|"
    r"falls back|still|answers|returns (?:an? )?(?:empty|default|`Ok)))\b"
    r"|\b(?:and|is|are) then ignored\b|\band ignored\b",
    re.IGNORECASE,
)
_PROPAGATED = re.compile(
    r"\b(?:propagat\w*|bubbles? up|(?:is|are) passed (?:straight |right |directly )?up|returned to (?:the|its) caller|"
    r"returns early with (?:the|its|that) error|reaches the caller|"
    r"fails the (?:whole |entire )?(?:request|handler|call|dispatch|task)|"
    # "the error is handed back to the caller", "passes that error straight back to its caller"
    r"(?:handed|passed|given|sent) (?:straight |right |directly )?back to (?:the|its) caller|"
    # "passes the error of `f` back to its caller"
    r"(?:passes|hands|returns) (?:the|that|its) (?:error|failure) of `[^`]{1,80}` (?:straight |right |directly )?(?:back|up|on)|"
    r"(?:passes|hands|returns) (?:the|that|this|its) error (?:straight |right |directly )?"
    r"(?:back|to (?:the|its) caller)|"
    # "`queue_handler` returns it with `?`", "hands that error on with `?`"
    r"(?:returns|hands|passes) (?:it|them|that error|the error|its error) (?:on |back |up )?with `\?`|"
    # "`f` is followed by `?`"
    r"(?:is|are) followed by `\?`)"
    r"(?=\W|\Z)"
    # "calls `f` with `?`", "`f` is awaited with `?`": not "inserts the row with `?`", whose `?`
    # is another call's
    r"|(?:`\s+|\b(?:is|are)\s+(?:then\s+|also\s+)?[a-z]+\s+)with `\?`",
    re.IGNORECASE,
)
_SAYINGS = ((_RETRIED, RETRIED), (_LOGGED, LOGGED), (_PROPAGATED, PROPAGATED))

# "a failed `send`", "the error of `insert`": the token after names what fails
_FAILING = re.compile(
    r"\b(?:a failed|failed|failing|error of|errors of|failure of|failures of|error from|errors from|error in|"
    r"failure from|failures from|failure in)\s+\Z",
    re.IGNORECASE,
)
# "if `ensure_table` fails, …": the token before names what fails
_FAILS = re.compile(r"(?:\(\))?\s+(?:fails|errors|returns an? (?:error|`Err`))\b", re.IGNORECASE)
# "a failed cache write", "an error of that send": the calls an action noun stands for
_ACTIONS = {
    "queue": ("send", "receive_all", "ack", "nack"),
    "cache": ("set", "set_raw", "get", "get_raw", "set_if_not_exists", "invalidate"),
    "database": (
        "insert",
        "update",
        "delete",
        "execute",
        "commit",
        "insert_many",
        "update_many",
        "one",
        "all",
    ),
    "cache write": ("set", "set_raw", "set_if_not_exists"),
    "redis write": ("set", "set_raw", "set_if_not_exists"),
    "cache read": ("get", "get_raw"),
    "queue send": ("send",),
    "database write": ("insert", "update"),
    "ack": ("ack",),
    "nack": ("nack",),
    "insert": ("insert",),
    "delete": ("delete", "delete_by_id", "delete_many"),
    "update": ("update",),
    "commit": ("commit",),
    "invalidation": ("invalidate",),
    "query": ("one", "all", "count"),
    # "a lookup error", "an enqueue failure", "a decryption failure": the calls the noun names
    "lookup": ("one", "fetch_with_metadata", "layered_fetch"),
    "enqueue": ("send",),
    "decryption": ("decrypt",),
    "encryption": ("encrypt",),
    "validation": ("validate",),
    "connection": ("connect",),
}
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_WHOSE_ERROR = re.compile(
    r"(?:\(\))?,\s+whose\s+(?:errors?|failures?\b|`[\w:]*Error`)", re.IGNORECASE
)  # "`all`, whose error …", "`generate`, whose `jwt_simple::Error` …"
_WHEN = re.compile(r"\b(?:when|if|whenever|once)\s+\Z", re.IGNORECASE)  # "… when `f` fails"
_ITS_FAILURE = re.compile(r"\bits\s+(?:errors?|failures?)\b", re.IGNORECASE)
_ACTION = re.compile(
    # "an error of the background job": the crate functions the record runs in a spawned task
    r"\b(?:(?:an?|the|any)\s+)?(?:errors?|failures?) (?:of|in|from) (?:the|that|this|its) (?P<spawned>background (?:job|task)|spawned task)\b|"
    r"\b(?:a failed|the failed|an? failing|any failing|an? (?:error|failure) (?:of|in|from) (?:the|that|this|an?|each)|a failure to|"
    r"(?:errors?|failures?) (?:of|from|in) (?:the|that|this|each))\s+(?:(?P<store>cache|queue|database|redis)\s+)?"
    r"(?P<word>[a-z]+)\b"
    # "a send that still fails": the action, then its failure
    r"|\b(?:an?|the|any|each)\s+(?:(?P<store2>cache|queue|database|redis)\s+)?(?P<word2>[a-z]+)\s+that\s+(?:still\s+|then\s+)?fails\b"
    # "a cache failure", "any database error": the store alone, each of its calls
    r"|\b(?:an?|the|any|each)\s+(?P<alone>cache|database|queue)\s+(?:errors?|failures?)\b"
    # "if the cache fails while …": the store alone
    r"|\b(?:if|when|whenever)\s+the\s+(?P<alone2>cache|database|queue)\s+(?:fails|errors)\b"
    # "if the send itself fails", "when that query fails": the action named, then its failure
    r"|\b(?:if|when|whenever)\s+(?:the|that|this)\s+(?P<word4>[a-z]+)\s+(?:itself\s+|still\s+|also\s+)?"
    r"(?:fails|errors)\b"
    # "a receive error", "a signing failure": the calls whose name the word begins
    r"|\b(?:an?|the|any|each)\s+(?P<word3>[a-z]{4,})\s+(?:errors?|failures?)\b",
    re.IGNORECASE,
)
STEM = "~"  # an action subject's mark: the calls whose name begins with the word's stem
SENT = "^"  # an action subject's mark: the sends whose arguments name the word (a type or variant)
# "sending the `MessageAttemptRecovered` webhook", "a failure to send the `X` …", "an error sending `X`"
_SENDING = re.compile(
    r"\b(?:sending|to send|send of|sends? of)\s+(?:the\s+|an?\s+|its\s+)?`(?P<sent>[A-Z][A-Za-z0-9_]*(?:::[A-Z][A-Za-z0-9_]*)*)`",
    re.IGNORECASE,
)
WIDE = "*"  # as STEM, but one call has the word's very name, and every such call of the
# record handles its error alike


def error_claims(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """The function named nearest before the words in their clause (else the one a "failed" or
    "error of" names, else an action noun such as "a failed cache write")."""
    for pattern, says in _SAYINGS:
        # the first saying outside a negation ("`A` never retries, while `B` is retried")
        match = next(
            (m for m in pattern.finditer(sentence) if not negated(clauses, m.start(), m.end())), None
        )
        if match is None:
            continue
        subject = _subject_of(sentence, tokens, says, match)
        if subject is not None:
            yield Claim(Kind.ERROR, sentence, subject, "", says, scope=_scope(tokens, subject))
    mapped = next(
        (m for m in _MAPPED_WITH.finditer(sentence) if not negated(clauses, m.start(), m.end())), None
    )
    if mapped is not None:
        subject = _failing_subject(sentence, tokens, mapped.start(), mapped.end())
        # said of a function named (an action's calls may map their errors each its own way)
        if subject is not None and not subject.startswith(ACTION) and subject != mapped.group("mapper"):
            yield Claim(Kind.ERROR, sentence, subject, mapped.group("mapper"), MAPPED_WITH)
    unretried = _NOT_RETRIED.search(sentence)
    # not under a condition: "if `f` fails, `A` returns without retrying" says nothing of `A`'s
    # other failures, which `A` may well retry
    if unretried is not None and not _CONDITION.search(sentence, 0, unretried.start()):
        # "`send` hands the error back without retrying it": said of the function before it
        start, _ = _clause_at(sentence, unretried.start())
        subject = _nearest_before(sentence, [t for t in tokens if function_like(t)], unretried.start(), start)
        if subject is not None:
            yield Claim(Kind.ERROR, sentence, subject, "", NOT_RETRIED)


def _subject_of(sentence: str, tokens: list[Token], says: str, match: re.Match[str]) -> str | None:
    """What a saying is said of: what "`A` retries" names, what fails, or the record's code."""
    if says == PROPAGATED and _HANDS_ON.match(sentence, match.start()):
        return _handed_on(sentence, tokens, match.start())
    if says == RETRIED:
        # "`A` retries `B` when it fails": what is retried is `B`
        retried = [t for t in tokens if _RETRIES_IT.fullmatch(sentence, match.start(), t.start)]
        if retried and function_like(retried[0]):
            return retried[0].name
    subject = _failing_subject(sentence, tokens, match.start(), match.end())
    if subject is None and says == RETRIED and _of_the_code(sentence, match.start()):
        return FLOW  # "an error of the background job is retried": some call of the record
    return subject


def _handed_on(sentence: str, tokens: list[Token], at: int) -> str | None:
    """ "`f` gets a connection from `g` and propagates that failure": `f` hands on what fails
    inside it, and whether `f`'s own error propagates is not said; but "If `g` fails, the
    handler propagates the error" names what fails, and "`A` calls `B` … and propagates its
    error" means the call `A` makes."""
    before = [t for t in tokens if t.start < at and function_like(t)]
    named = [
        t
        for t in before
        if _IF_FAILS.search(sentence, max(0, t.start - 12), t.start) and _FAILS.match(sentence, t.end)
    ]
    called = [t for t in before if _CALLS_JUST_BEFORE.search(sentence, max(0, t.start - 12), t.start)]
    return named[0].name if named else called[-1].name if called else None


_CONDITION = re.compile(r"\b(?:if|when|whenever|unless|once|until)\b", re.IGNORECASE)
_IF_FAILS = re.compile(r"\b(?:if|when|whenever)\s+\Z", re.IGNORECASE)
_RETRIES_IT = re.compile(r"retries\s+(?:the\s+|its\s+|each\s+)?(?:call\s+(?:to|of)\s+)?", re.IGNORECASE)
# an active "propagates" with an object: the subject hands on another call's error
_HANDS_ON = re.compile(
    r"propagates\s+(?:that|the|this|its|any|their|every)\s+(?:[\w`:]+\s+)?(?:errors?|failures?)\b",
    re.IGNORECASE,
)
# a retry denied: "without retrying it", "never retries", "is not retried", "tries once"
_NOT_RETRIED = re.compile(
    r"\b(?:without (?:a |any )?retry(?:ing)?\b|never retries\b|(?:is|are) (?:not|never) retried\b|"
    r"(?:is|are)n't retried\b|tries (?:it |them )?(?:only )?once\b)",
    re.IGNORECASE,
)


def _scope(tokens: list[Token], subject: str) -> str:
    """The sentence's other functions: one of them may be the caller whose call sites the text
    speaks of ("a send is only logged by `resend_webhook`", "… and `queue_handler` returns")."""
    others = dict.fromkeys(t.name for t in tokens if function_like(t) and t.name != subject)
    return CHOICE.join(others)


def _of_the_code(sentence: str, at: int) -> bool:
    """A retry said of a failure of the code, as a verb, with no outside party that may retry."""
    verb = _RETRY_VERB.search(sentence, max(0, at - 12))
    return (
        verb is not None
        and _ABOUT_FAILURE.search(sentence) is not None
        and _OUTSIDE_PARTY.search(sentence) is None
    )


# where a coordinated clause starts: its own subject may fail or retry apart ("a failed insert
# stops the flow, and the worker retries delivery")
_COORDINATED = re.compile(r";\s|,\s+(?:and|but|so|while|whereas|then)\s|\s(?:but|whereas|so that|because)\s")


def _clause_at(sentence: str, at: int) -> tuple[int, int]:
    start, stop = 0, len(sentence)
    for match in _COORDINATED.finditer(sentence):
        if match.end() <= at:
            start = match.end()
        elif match.start() >= at:
            stop = match.start()
            break
    return start, stop


def _failing_subject(sentence: str, tokens: list[Token], at: int, end: int) -> str | None:
    """What fails: "a failed `f`" or "the error of `f`" in the verb's clause, "if `f` fails" before
    it, an action noun before or just after the verb ("retrying a cache error"), else the
    nearest function before the verb in its clause."""
    start, stop = _clause_at(sentence, at)
    callable_ = [t for t in tokens if function_like(t)]
    failing = [t for t in callable_ if _fails_here(sentence, t, at, start, stop)]
    if failing:
        return failing[0].name
    sending = _SENDING.search(sentence, start, at) or _SENDING.search(sentence, end, min(stop, end + 24))
    if sending is not None:  # "a failure to send the `MessageAttemptFailing` webhook"
        return ACTION + SENT + sending.group("sent").rsplit("::", 1)[-1]
    action = _ACTION.search(sentence, start, at) or _ACTION.search(sentence, end, min(stop, end + 40))
    subject = _action_subject(sentence, action) if action is not None else None
    if subject == ACTION + WIDE + "send" and (sent := _SENT_BEFORE.search(sentence, 0, at)) is not None:
        # "sends `MessageAttemptExhausted` and only logs any error from that send"
        return ACTION + SENT + (sent.group("sent") or sent.group("sent2")).rsplit("::", 1)[-1]
    if subject is not None and subject.startswith(ACTION + WIDE):
        subject = _step_named(sentence, callable_, start, subject.removeprefix(ACTION + WIDE)) or subject
    return subject if subject is not None else _nearest_before(sentence, callable_, at, start)


def _step_named(sentence: str, callable_: list[Token], start: int, stem: str) -> str | None:
    """ "… writes the value back with `cache.set`, and a failed write …": the function the
    earlier clause names last, when that clause says the same verb."""
    before = [t for t in callable_ if t.end <= start]
    if not before or re.search(rf"\b{re.escape(stem)}", sentence[:start], re.IGNORECASE) is None:
        return None
    return before[-1].name


def _fails_here(sentence: str, token: Token, at: int, start: int, stop: int) -> bool:
    """Whether the text says this name fails: "a failed `f`", "the error of `f`" in the verb's
    clause; "`f`, whose error …", "if `f` fails" before the verb; "… when `f` fails" after it."""
    if start <= token.start < stop and _FAILING.search(sentence, max(0, token.start - 20), token.start):
        return True
    if token.text == "there" and _FAILURE_THERE.search(sentence, max(0, token.start - 20), token.start):
        return True  # "A failure there": the call the sentence before made (see the grammar)
    if token.start < at:
        return bool(_WHOSE_ERROR.match(sentence, token.end) or _FAILS.match(sentence, token.end))
    return (
        token.start < stop
        and _FAILS.match(sentence, token.end) is not None
        and _WHEN.search(sentence, max(0, token.start - 10), token.start) is not None
    )


_FAILURE_THERE = re.compile(r"\b(?:errors?|failures?)\s+\Z", re.IGNORECASE)


def _nearest_before(sentence: str, callable_: list[Token], at: int, start: int) -> str | None:
    """The nearest function before the verb in its clause; for "its failure", the sentence's
    subject ("`f` sends X, and its failure is only logged"); for "a failure there", the step
    the earlier clause names."""
    near = [t for t in callable_ if start <= t.start < at and not governed(sentence, t)]
    if not near and _ITS_FAILURE.search(sentence, start, at):
        near = [t for t in callable_ if t.start < start and not governed(sentence, t)][:1]
    if near:
        return near[-1].name
    there = _THERE.search(sentence, start, at)
    return _there(sentence, callable_, start, there) if there is not None else None


def _there(sentence: str, callable_: list[Token], start: int, there: re.Match[str]) -> str | None:
    """What "a failure there", "an error from that call" or "if that fails" is of."""
    # "a `MessageAttemptRecovered` webhook is sent, and an error there …": that send
    sent = _SENT_BEFORE.search(sentence, 0, start)
    if sent is not None:
        return ACTION + SENT + (sent.group("sent") or sent.group("sent2")).rsplit("::", 1)[-1]
    # "`f` drops the entry, and a failure there is only logged": the step just named, when it is
    # the earlier clause's one function and that clause's subject; "…, it calls `f`, and an
    # error from that call (or there) …": the function the earlier clause names last
    before = [t for t in callable_ if t.start < start]
    if before and (
        there.group("that") or there.group("it") or _CALLS_JUST_BEFORE.search(sentence, 0, before[-1].start)
    ):
        return before[-1].name
    if len(before) == 1 and opens_clause(sentence, before[0]) and not governed(sentence, before[0]):
        return before[0].name
    return None


# "… calls `f`, and an error there …": the function a call word governs
_CALLS_JUST_BEFORE = re.compile(r"\b(?:calls|calling|awaits|invokes)\s+(?:the\s+)?\Z", re.IGNORECASE)
# "an `X` webhook is sent", "sends `X`": the send an error "there" or "of that send" is of
_SENT_BEFORE = re.compile(
    r"`(?P<sent>[A-Z][\w]*(?:::[A-Z]\w*)*)`(?:\s+[a-z]+){0,2}\s+(?:is|are)\s+(?:then\s+)?sent\b"
    r"|\bsends\s+(?:an?\s+|the\s+)?`(?P<sent2>[A-Z][\w]*(?:::[A-Z]\w*)*)`"
)


# a failure of the step the earlier clause names: "a failure there", "an error from that call"
_THERE = re.compile(
    r"\b(?:an?|the|any)\s+(?:[a-z]+\s+)?(?:errors?|failures?)\s+(?:there|here|"
    r"(?P<that>(?:of|from|on) (?:that|this) (?:call|check|lookup|write|update|request|query|send)))\b"
    # "…, and if that fails the error is propagated"
    r"|\b(?:if|when)\s+(?P<it>that|it|this)\s+(?:call\s+)?fails\b",
    re.IGNORECASE,
)


def _action_subject(sentence: str, action: re.Match[str]) -> str | None:
    """The calls an action noun stands for: the spawned task, a store alone ("a cache
    failure"), or a store's action ("a failed cache write", "an error of the endpoint query")."""
    if action.group("spawned"):
        return SPAWNED
    if action.group("alone") or action.group("alone2"):
        return ACTION + (action.group("alone") or action.group("alone2")).lower()
    if action.group("word3"):
        word = action.group("word3").lower()
        return ACTION + word if word in _ACTIONS else _stem(word)
    store = (action.group("store") or action.group("store2") or "").lower()
    word = (action.group("word") or action.group("word2") or action.group("word4")).lower()
    key = f"{store} {word}" if f"{store} {word}" in _ACTIONS else word
    if key not in _ACTIONS:  # "an error of the endpoint query": the noun after a modifier
        noun = _NEXT_WORD.match(sentence, action.end())
        key = noun.group(1).lower() if noun is not None and noun.group(1).lower() in _ACTIONS else key
    if key in _ACTIONS:
        return ACTION + key
    # "a failed send", "a failure to send it": the calls whose name the word begins, wherever
    # the record makes them (the verb may stand for `send` or `send_operational_webhook`)
    stem = _stem(word) if not store else None
    return stem.replace(STEM, WIDE, 1) if stem is not None else None


def _stem(word: str) -> str | None:
    """ "receive" → the calls named `receive…`, "signing" → `sign…`; None for a word too short
    or too general to stand for a call."""
    stem = re.sub(r"(?:ing|ed|es|s)\Z", "", word.lower())
    return ACTION + STEM + stem if len(stem) >= 4 and stem not in _GENERAL else None


# words before "error" that name no call
_GENERAL = frozenset(
    {
        "other",
        "generic",
        "network",
        "transient",
        "permanent",
        "fatal",
        "internal",
        "unknown",
        "real",
        "server",
        "client",
        "single",
        "first",
        "second",
        "last",
        "same",
        "whole",
        "entire",
        "this",
        "that",
        "such",
        "every",
        "possible",
        "expected",
        "unexpected",
        "original",
        "underlying",
        "actual",
        "timeout",
        # words for any step, which name no call of their own
        "call",
        "step",
        "operation",
        "attempt",
        "task",
        "job",
        "round",
        "batch",
        "request",
        "response",
        "either",
        "both",
        "check",
        "connection",
        "message",
        "delivery",
    }
)


def judge_error(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Judged on the record's call sites of the subject; an action noun ("a cache error") stands
    for each of its calls, judged only when all of them agree."""
    if claim.subject == FLOW:
        return _nothing_retries(facts, claim, own)
    if claim.says == NOT_RETRIED:
        return _unretried(facts, claim, own)
    names, sites = _sites_meant(facts, claim, own)
    sites = _in_scope(claim, own, sites)
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
    if claim.says == MAPPED_WITH:
        return _mapped_with(claim, name, sites)
    if _AS_IT_IS.search(claim.sentence) and all(s.handling is Handling.MAPPED for s in sites):
        return Verdict(
            claim,
            State.CONTRADICTED,
            f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; "
            "the text says it propagates as it is",
            sites[0].where,
        )
    return _propagated(claim, name, sites)


def _mapped_with(claim: Claim, name: str, sites: list[SiteFact]) -> Verdict:
    """ "the error of `f` is mapped with `g`": supported by a `map_err(g)` on a call of `f`;
    contradicted when every call of `f` propagates its error unmapped, or maps it with another."""
    said = claim.object.rsplit("::", 1)[-1]
    found = next((s for s in sites if s.mapper and s.mapper.rsplit("::", 1)[-1] == said), None)
    if found is not None:
        return Verdict(claim, State.SUPPORTED, where=found.where)
    if all(s.handling is Handling.PROPAGATED and not s.mapper for s in sites):
        what = "propagated with a plain `?`"
    elif all(s.handling is Handling.MAPPED and s.mapper for s in sites):
        what = f"mapped with `{sites[0].mapper}`"
    else:
        return Verdict(claim, State.UNCHECKABLE)
    return Verdict(
        claim,
        State.CONTRADICTED,
        f"the error of `{name}` is {what} at {sites[0].where}; the text says it is mapped with `{claim.object}`",
        sites[0].where,
    )


# a propagation said to leave the error as it is: contradicted by a `map_err` before the `?`
_AS_IT_IS = re.compile(
    r"\b(?:as it is|as is|unchanged|unmapped|untouched|without (?:mapping|converting|wrapping) it|"
    r"(?:and |with )?no mapping|without any (?:[a-z]+ )?mapping|(?:a |with a )?plain `\?`)",
    re.IGNORECASE,
)


def _in_scope(claim: Claim, own: list[FnDef], sites: list[SiteFact]) -> list[SiteFact]:
    """The sites of the one function of the record the sentence also names, when it names one
    that holds such sites; else all of them."""
    if not claim.scope:
        return sites
    named = {name.rsplit("::", 1)[-1] for name in claim.scope.split(CHOICE)}
    holders = [fn for fn in own if fn.name in named]
    held = [[s for s in sites if s.file == fn.file and fn.line <= s.line <= fn.end_line] for fn in holders]
    held = [group for group in held if group]
    return held[0] if len(held) == 1 else sites


def _same_fn(own: list[FnDef], site: SiteFact, first: SiteFact) -> bool:
    """Whether two call sites lie in the same function of the record."""
    holder = next((fn for fn in own if fn.file == first.file and fn.line <= first.line <= fn.end_line), None)
    return holder is not None and holder.line <= site.line <= holder.end_line


_Meant = tuple[tuple[str, ...], list["SiteFact"]]


def _sites_meant(facts: Facts, claim: Claim, own: list[FnDef]) -> _Meant:
    """The call names a claim's subject stands for, and the record's call sites it means (none
    when an action's calls are handled apart: "that send" of several, which is meant?)."""
    if not claim.subject.startswith(ACTION):
        return _named_sites(facts, claim.subject, own)
    action = claim.subject.removeprefix(ACTION)
    for mark, meant in _MARKED:
        if action.startswith(mark):
            return meant(facts, action.removeprefix(mark), own)
    return _action_sites(facts, claim.subject, action, own)


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
    """Whether a call is a function's call of its namesake on a field (`self.inner.f()` in `f`),
    not of itself (`self.f()`, `Self::f()`)."""
    holder = next((fn for fn in own if fn.file == site.file and fn.line <= site.line <= fn.end_line), None)
    return (
        holder is not None
        and holder.name == site.name
        and site.path.startswith("self.")
        and site.path.count(".") > 1
    )


def _stem_sites(facts: Facts, stem: str, own: list[FnDef]) -> _Meant:
    """ "a receive error": the calls whose name the word begins, at the outermost function."""
    stemmed = [site for site in _all_sites(facts, own) if site.name.startswith(stem)]
    return _agreeing(tuple(sorted({site.name for site in stemmed})), stemmed, own)


def _sent_sites(facts: Facts, sent: str, own: list[FnDef]) -> _Meant:
    """ "sending the `X` webhook": the sends whose arguments name `X`."""
    sends = [site for site in _all_sites(facts, own) if site.name.startswith("send") and sent in site.given]
    return tuple(sorted({site.name for site in sends})), sends if _agree(sends) else []


def _wide_sites(facts: Facts, stem: str, own: list[FnDef]) -> _Meant:
    """ "a failed send": the word must be a call's very name (`send`), not only the start of one;
    the calls meant are those of the function that makes it."""
    wide = [site for site in _all_sites(facts, own) if site.name.startswith(stem)]
    exact = next((site for site in wide if site.name == stem), None)
    wide = [site for site in wide if exact is not None and _same_fn(own, site, exact)]
    return tuple(sorted({site.name for site in wide})), wide if _agree(wide) else []


def _action_sites(facts: Facts, subject: str, action: str, own: list[FnDef]) -> _Meant:
    """An action noun's calls ("a failed cache write"), or the crate calls run in a spawned task."""
    names = _ACTIONS.get(action) or _ACTIONS.get(action.split(" ")[-1], ())
    if subject == SPAWNED:
        sites = [site for site in _all_sites(facts, own) if site.spawned and facts.functions(site.name)]
    else:
        sites = [site for fn in own for site in facts.sites(fn, names) if is_call_of(names, site)]
    return _agreeing(names, sites, own)


_MARKED: tuple[tuple[str, Callable[[Facts, str, list[FnDef]], _Meant]], ...] = (
    (STEM, _stem_sites),
    (SENT, _sent_sites),
    (WIDE, _wide_sites),
)


def _same_path(written: str, said: str) -> bool:
    """Whether a call's path and the text's name are the same call (one may be the longer)."""
    return written.endswith(said) or said.endswith(written)


def _agreeing(
    names: tuple[str, ...], sites: list[SiteFact], own: list[FnDef]
) -> tuple[tuple[str, ...], list[SiteFact]]:
    """The call sites an action means, when they all do the same with the error."""
    if sites:
        # "a failed ack": the calls of the outermost function that makes them, where the text's
        # reader meets them, not the layers below it that handle the same call their own way
        sites = [s for s in sites if s.file == sites[0].file and _same_fn(own, s, sites[0])]
    return names, sites if _agree(sites) else []


def _agree(sites: list[SiteFact]) -> bool:
    """Whether every site does the same with its error: all propagate, or all swallow it."""
    return all(s.handling.propagated for s in sites) or all(s.handling.swallowed for s in sites)


_RETRY_WORDS = re.compile(r"retr|backoff|attempt", re.IGNORECASE)
RETRY_DEPTH = 2  # calls followed from the record's code in search of a retry


def _retry_in(facts: Facts, own: list[FnDef]) -> bool:
    """Whether the record's code, or what it calls within RETRY_DEPTH calls, may retry anything:
    a loop that sleeps or backs off, a retry helper, or any name that speaks of retries."""
    for fn in own:
        for reached in facts.reach(fn, RETRY_DEPTH):
            if any(_RETRY_WORDS.search(name) for name in facts.names(reached)):
                return True
            if any(site.retried for site in facts.sites(reached)):
                return True
    return False


def _nothing_retries(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    if not own or _retry_in(facts, own):
        return Verdict(claim, State.UNCHECKABLE)
    shown = ", ".join(f"`{fn.name}`" for fn in own[:3]) + (", …" if len(own) > 3 else "")
    return Verdict(
        claim,
        State.CONTRADICTED,
        f"nothing in this record's code ({shown}) or what it calls within {RETRY_DEPTH} calls retries; "
        "the text says a failure is retried",
        f"{own[0].file}:{own[0].line}",
    )


def _retried(facts: Facts, claim: Claim, name: str, names: tuple[str, ...], sites: list[SiteFact]) -> Verdict:
    called = {s.name for s in sites}  # the calls meant, not every name an action may stand for
    if any(s.retried for s in sites) or any(_retries(facts, fn) for n in called for fn in facts.functions(n)):
        return Verdict(claim, State.SUPPORTED, where=sites[0].where)
    if all(s.handling.swallowed for s in sites):
        return Verdict(
            claim,
            State.CONTRADICTED,
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
    if _RETRIED_ELSEWHERE.search(claim.sentence) or _OUTSIDE_PARTY.search(claim.sentence):
        return Verdict(claim, State.UNCHECKABLE)
    if not all(s.handling.propagated and not s.in_loop and not s.retried for s in sites):
        return Verdict(claim, State.UNCHECKABLE)
    holders = [fn for fn in own if any(fn.file == s.file and fn.line <= s.line <= fn.end_line for s in sites)]
    if not holders or any(_RETRY_WORDS.search(n) for fn in holders for n in facts.names(fn)):
        return Verdict(claim, State.UNCHECKABLE)
    if any(_retries(facts, fn) for fn in facts.functions(name)):
        return Verdict(claim, State.UNCHECKABLE)
    return Verdict(
        claim,
        State.CONTRADICTED,
        f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}, outside any loop, "
        "and nothing around the call retries it; the text says it is retried",
        sites[0].where,
    )


def _logged(claim: Claim, name: str, sites: list[SiteFact]) -> Verdict:
    return _handled_as(claim, name, sites, logged=True)


def _propagated(claim: Claim, name: str, sites: list[SiteFact]) -> Verdict:
    return _handled_as(claim, name, sites, logged=False)


def _handled_as(claim: Claim, name: str, sites: list[SiteFact], *, logged: bool) -> Verdict:
    """ "only logged" (or "propagates"): supported by a site that does so, contradicted when
    every site does the other."""
    said = [s for s in sites if (s.handling.swallowed if logged else s.handling.propagated)]
    if said:
        return Verdict(claim, State.SUPPORTED, where=said[0].where)
    # the other way, or a panic (`expect`), which neither logs nor hands the error on; an error
    # a `match` turns into a value is not handed on either
    other_way = (Handling.PANICS,) if logged else (Handling.PANICS, Handling.CONVERTED)
    if all(
        (s.handling.propagated if logged else s.handling.swallowed) or s.handling in other_way for s in sites
    ):
        return Verdict(
            claim,
            State.CONTRADICTED,
            f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; "
            f"the text says {'it is only logged' if logged else 'it propagates'}",
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
    return Verdict(
        claim,
        State.CONTRADICTED,
        f"`{name}` runs its work through a retry (`{first.name}` at {first.where}); "
        "the text says it is not retried",
        first.where,
    )


def _retry_sites(facts: Facts, fn: FnDef) -> list[SiteFact]:
    """The calls of `fn` that retry: made inside a retry, or of a function named for one."""
    return [site for site in facts.sites(fn) if site.retried or "retr" in site.name.lower()]


def _retries(facts: Facts, fn: FnDef) -> bool:
    return bool(_retry_sites(facts, fn))
