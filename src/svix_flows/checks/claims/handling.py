"""Error handling, its sentences: "`send` is retried", "the error of `set` is only logged",
"`insert`'s error propagates", "a failed cache write is swallowed", and what each is said of (a
function, an action's calls, the sends of a value, the record's code). `failures` judges them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...rust.words import UNWRAPPERS
from .model import ACTION, CHOICE, FLOW, Claim, Kind
from .text import GIVEN_ASIDE, Clauses, Token, function_like, governed, negated, opens_clause

RETRIED, LOGGED, PROPAGATED = "retried", "only logged", "propagated"
PANICS = "panics"  # an error claim's saying: the error is unwrapped, the process panics
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
OUTSIDE_PARTY = re.compile(
    r"\b(?:client|caller|sender|user|customer|browser|operator|consumer)s?\b", re.IGNORECASE
)
_PASSED_ON_AFTER = re.compile(
    # ("is logged at error level and then returned")
    r"(?:\s+(?:with|through|via)\s+`[^`]{1,60}`|\s+at\s+(?:the\s+)?[a-z]+\s+level)?,?\s+"
    # ("… before being mapped", "… before it is mapped")
    r"(?:before\s+(?:being|it\s+is|they\s+are)|and\s+then|then)\s+"
    r"(?:mapped|returned|propagated|converted|wrapped|passed|handed|turned)\b",
    re.IGNORECASE,
)
# "is logged at error level first; …": something else is done with it after
_LOGGED_FIRST = re.compile(r"(?:\s+(?:at|with|through|via)\s+[^.;:,]{1,40}?)?\s+first\b", re.IGNORECASE)
_WHICH_BEFORE = re.compile(r",\s*(?:which|that)\s+\Z")
# a logging verb with no object: "…, which only logs, then …"
_LOGS_ALONE = re.compile(r"\s*(?:[,;]|\s(?:then|and|but)\b)")
_WARNS = re.compile(r"\s+(?:a|the)\s+(?:warning|message|notice)\b")
_ABOUT_FAILURE = re.compile(r"\b(?:errors?|fail\w*|Err)\b", re.IGNORECASE)
_NEVER_FAILS = re.compile(r"\b(?:never|cannot|can't|does\s+not|doesn't)\s+fails?\b", re.IGNORECASE)
_LOGGED = re.compile(
    r"\b(?:only logged|is logged|are logged|gets logged|logged and (?:dropped|ignored|discarded)|"
    r"swallowed|is ignored|are ignored|silently dropped|is discarded|are discarded|only logs|"
    r"logs (?:the|that|its) (?:failure|error) and (?:carries|goes|moves) on|"
    r"(?:logs and )?ignores (?:the |any |its |every )?(?:errors?|failures?)|"
    # "the handler just logs it and answers 202", "logs a warning and falls back": the failure
    # the sentence names, logged by its caller, who goes on
    r"(?:only|just|simply) logs (?:it|them|(?:the|any|every|its|that|this) (?:errors?|failures?))|"
    # "…, swallowing a database error through `can_fail`": the failure of the call before
    r"swallowing (?:any|that|this|its|every|an?) (?:[a-z]+ )?(?:errors?|failures?)|"
    # "logs the error from `f` … and then swallows it"
    r"(?:and then |then )?swallows (?:it|them|the (?:error|failure))|"
    # ("…, log the error with `tracing::error!` and then return `Ok(())`")
    r"logs? (?:it|a warning|an error|the (?:[a-z]+ )?(?:error|failure))(?: (?:with|through|via) `[^`]{1,40}`)? "
    r"and (?:then )?(?:carries|goes|moves|continues|runs|"
    # (not "… and still returns it": handed on after all)
    r"falls back|still(?!\s+(?:returns|propagates|hands|passes|bubbles)\b)|answers|returns? (?:an? )?(?:empty|default|`Ok)))\b"
    r"|\b(?:and|is|are) then ignored\b|\band ignored\b",
    re.IGNORECASE,
)
_PROPAGATED = re.compile(
    r"\b(?:propagat\w*|bubbles? up|(?:is|are) passed (?:straight |right |directly )?up|returned to (?:the|its) caller|"
    r"returns early with (?:the|its|that) error|reaches the caller|"
    r"(?:fails|failing) the (?:whole |entire )?(?:request|handler|call|dispatch|task)|"
    # "the error is handed back to the caller", "passes that error straight back to its caller"
    r"(?:handed|passed|given|sent) (?:straight |right |directly )?back to (?:the|its) caller|"
    # "passes the error of `f` back to its caller"
    r"(?:passes|hands|returns) (?:the|that|its) (?:error|failure) of `[^`]{1,80}` (?:straight |right |directly )?(?:back|up|on)|"
    r"(?:passes|hands|returns) (?:the|that|this|its) error (?:straight |right |directly )?"
    r"(?:back|to (?:the|its) caller)|"
    # "logs the error and then returns it to the handler"
    r"(?:passes|hands|returns) (?:it|them) (?:straight |right |directly )?(?:back )?to (?:the|its) (?:caller|handler)s?|"
    # "`queue_handler` returns it with `?`", "hands that error on with `?`"
    r"(?:returns|hands|passes) (?:it|them|that error|the error|its error) (?:on |back |up )?with `\?`|"
    # "`f` is followed by `?`"
    r"(?:is|are) followed by `\?`|"
    # "a failed receive makes `queue_handler` return the error"
    r"makes `[^`]{1,60}` return (?:the|that|its) (?:error|failure)(?: (?:straight |right |directly )?(?:back|up|on))?)"
    r"(?=\W|\Z)"
    # "calls `f` with `?`", "`f` is awaited with `?`": not "inserts the row with `?`", whose `?`
    # is another call's
    r"|(?:`\s+|\b(?:is|are)\s+(?:then\s+|also\s+)?[a-z]+\s+)with `\?`",
    re.IGNORECASE,
)
# what unwraps another call's result: "… awaits `f` and unwraps its `Result` with `expect`"
_UNWRAPS_IT = (
    r"\bunwraps\s+(?:(?:it|them|its\s+result|the\s+result)\b|its\s+`[^`]{1,60}`)"
    r"|\bcalls\s+`(?:unwrap|expect)(?:\(\))?`\s+on\s+(?:it|them|its|the\s+result)\b"
)
# "an `Err` from either is turned into a panic with `expect`", "so a database error panics"
_PANICKED = re.compile(
    r"\b(?:panics|is\s+turned\s+into\s+a\s+panic|aborts\s+the\s+(?:whole\s+)?process|"
    r"takes\s+the\s+(?:whole\s+)?process\s+down|crashes\s+the\s+(?:server|process)|"
    # "its error makes `main` panic"
    r"makes\s+(?:`[^`]{1,60}`|the\s+(?:process|server|binary))\s+panic)\b"
    # "is unwrapped with `expect`", "unwraps its `anyhow::Result`", "calls `unwrap` on it"
    r"|\b(?:is|are)\s+(?:then\s+)?unwrapped\b(?!\s+(?:into|to|as)\b)"
    r"|" + _UNWRAPS_IT,
    re.IGNORECASE,
)
_SAYINGS = ((_RETRIED, RETRIED), (_LOGGED, LOGGED), (_PROPAGATED, PROPAGATED), (_PANICKED, PANICS))

# "a failed `send`", "the error of `insert`": the token after names what fails
_FAILING = re.compile(
    r"(?:`Err`s?\s+(?:from|of)|\b(?:a failed|failed|failing|error of|errors of|failure of|failures of|error from|errors from|error in|"
    r"failure from|failures from|failure in))\s+\Z",
    re.IGNORECASE,
)
# "if `ensure_table` fails, …": the token before names what fails
_FAILS = re.compile(r"(?:\(\))?\s+(?:fails|errors|returns (?:an? )?(?:error|`Err`))", re.IGNORECASE)
# "a failed cache write", "an error of that send": the calls an action noun stands for
FAILING_ACTIONS = {
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
    # "a cache failure", "any database error", "Database errors …": the store alone, each of its calls
    r"|(?:\b(?:an?|the|any|each)\s+|\A)(?P<alone>cache|database|queue)\s+(?:errors?|failures?)\b"
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
    "error of" names, else an action noun such as "a failed cache write"); never one the
    sentence sets its subject against ("Unlike `f`, both errors here are mapped …")."""
    tokens = [t for t in tokens if not _CONTRASTED.search(sentence, max(0, t.start - 20), t.start)]
    for pattern, says in _SAYINGS:
        # each saying outside a negation ("`A` never retries, while `B` is retried"), once per
        # what it is said of ("… is only logged via `can_fail`, while a failure to send `X`
        # afterwards is likewise only logged")
        said: set[str] = set()
        for match in pattern.finditer(sentence):
            if negated(clauses, match.start(), match.end()):
                continue
            if says == LOGGED and not _only_logged(sentence, match):
                continue
            if _NOUNS_OWN.search(sentence, max(0, match.start() - 60), match.start()):
                continue  # "… from a spawned task whose failures are only logged": the task's
            subject = _subject_of(sentence, tokens, says, match)
            if subject is not None and subject not in said:
                said.add(subject)
                yield Claim(Kind.ERROR, sentence, subject, "", says, scope=_scope(tokens, subject))
            if not said:
                break  # (the first saying read names no subject: a later one is not guessed at)
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
    if (
        unretried is not None
        and not _CONDITION.search(sentence, 0, unretried.start())
        and not _CAUSE.search(sentence, 0, unretried.start())
    ):
        # "`send` hands the error back without retrying it": said of the function before it (not
        # of one it is set against, "Unlike `send`, which …, it never retries"; nor of a step
        # named after the verb, "… and never retries the check")
        start, _ = _clause_at(sentence, unretried.start())
        callers = [t for t in tokens if function_like(t)]
        subject = _nearest_before(sentence, callers, unretried.start(), start)
        if subject is not None and not _RETRIES_A_STEP.match(sentence, unretried.end()):
            yield Claim(Kind.ERROR, sentence, subject, "", NOT_RETRIED)


# the name a sentence sets its subject against: "Unlike `send`, …"
_CONTRASTED = re.compile(r"\b(?:Unlike|Like|As\s+opposed\s+to)\s+\Z", re.IGNORECASE)
# a step named as what is not retried: "never retries the check"
_RETRIES_A_STEP = re.compile(r"\s+(?:the|that|this)\s+(?!(?:error|failure|call|send|request)s?\b)[a-z]")


# the failures of a thing named by a noun, not by a name: "a `tokio::spawn` task whose failures are"
_NOUNS_OWN = re.compile(
    r"(?<![`\w])[a-z]+\s+whose\s+(?:failures?|errors?)\s+(?:(?:are|is|get|gets)\s+)?"
    r"(?:(?:only|just|merely|simply)\s+)?\Z"
)


def _only_logged(sentence: str, logged: re.Match[str]) -> bool:
    """Whether a logging said ("is logged", "only logs") is all that is done with a failure:
    not one "logged with `tracing::error!` before being mapped" (then handed on), nor a warning
    a function is for ("`f`, which only logs a warning when …", no failure handled)."""
    if _PASSED_ON_AFTER.match(sentence, logged.end()) or _LOGGED_FIRST.match(sentence, logged.end()):
        return False
    if _WHICH_BEFORE.search(sentence, max(0, logged.start() - 12), logged.start()) and _LOGS_ALONE.match(
        sentence, logged.end()
    ):
        return False  # "`warn_if_risky`, which only logs, then builds …": what the function does
    return not (
        # ("…, which only logs a warning and never fails": no failure handled either)
        _ABOUT_FAILURE.search(_NEVER_FAILS.sub("", sentence)) is None
        and _WARNS.match(sentence, logged.end())
        and _WHICH_BEFORE.search(sentence, max(0, logged.start() - 12), logged.start())
    )


def _subject_of(sentence: str, tokens: list[Token], says: str, match: re.Match[str]) -> str | None:
    """What a saying is said of: what "`A` retries" names, what fails, or the record's code."""
    if says == PROPAGATED and _HANDS_ON.match(sentence, match.start()):
        return _handed_on(sentence, tokens, match.start())
    if says == PANICS and _UNWRAPPING.match(sentence, match.start()):
        return _handed_on(sentence, tokens, match.start())
    if says == RETRIED:
        # "`A` retries `B` when it fails": what is retried is `B`
        retried = [t for t in tokens if _RETRIES_IT.fullmatch(sentence, match.start(), t.start)]
        if retried and function_like(retried[0]):
            return retried[0].name
    # a panic is said of a failure named as such ("an `Err` from `f`"), not of the nearest
    # function, whose own body may be what panics ("`f` panics with …")
    subject = _failing_subject(sentence, tokens, match.start(), match.end(), nearest=says != PANICS)
    if subject is None and says == RETRIED and _of_the_code(sentence, match.start()):
        return FLOW  # "an error of the background job is retried": some call of the record
    if subject is None and says == PROPAGATED:
        return _relative_subject(sentence, tokens, match.start())
    return subject


# "… to `can_fail` with the detail "x", which logs the error and then returns it": the function
# a relative clause that holds the saying is said of
_WHICH_OF = re.compile(r"`[^`]{1,80}`" + GIVEN_ASIDE + r",\s+which\s+(?:[^.;,`]|`[^`]{1,60}`){0,120}\Z")


def _relative_subject(sentence: str, tokens: list[Token], at: int) -> str | None:
    """The function a "which" clause holding the verb at `at` is said of, when it is one."""
    which = _WHICH_OF.search(sentence, max(0, at - 300), at)
    if which is None:
        return None
    named = next((t for t in tokens if t.start == which.start()), None)
    return named.name if named is not None and function_like(named) else None


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
    called = [
        t
        for t in before
        if _CALLS_JUST_BEFORE.search(sentence, max(0, t.start - 12), t.start)
        and t.name not in UNWRAPPERS  # ("calls `unwrap` on it": what handles, not what fails)
    ]
    called += [t for t in tokens if _THAT_ERROR.fullmatch(t.text)]  # "propagates that error"
    if named or called:
        return named[0].name if named else called[-1].name
    # "… reads the bytes with `f`, propagating a parse error": the instrument just before
    last = before[-1] if before else None
    if last is not None and _INSTRUMENT_BEFORE.search(sentence, max(0, last.start - 10), last.start):
        return last.name if _JUST_AFTER.fullmatch(sentence, last.end, at) else None
    return None


_UNWRAPPING = re.compile(_UNWRAPS_IT, re.IGNORECASE)
_INSTRUMENT_BEFORE = re.compile(r"\b(?:with|via|using|through)\s+(?:the\s+)?`?\Z")
_JUST_AFTER = re.compile(r"`?\s*,\s*")


_CONDITION = re.compile(r"\b(?:if|when|whenever|unless|once|until)\b", re.IGNORECASE)
# "A `false` from the lock query makes `f` return …, and `g` then exits without retrying": a case's outcome
_CAUSE = re.compile(r"\b(?:makes|causes|leads)\s+`", re.IGNORECASE)
_IF_FAILS = re.compile(r"\b(?:if|when|whenever)\s+\Z", re.IGNORECASE)
_RETRIES_IT = re.compile(r"retries\s+(?:the\s+|its\s+|each\s+)?(?:call\s+(?:to|of)\s+)?", re.IGNORECASE)
# an active "propagates" with an object: the subject hands on another call's error
_HANDS_ON = re.compile(
    # ("It opens the connection, propagating a failure with `?`": the failure of what it does)
    r"(?:propagates\s+(?:that|the|this|its|any|their|every)|propagating\s+(?:that|the|this|its|any|their|every|an?))"
    # ("releases the lock before propagating the result": the result of what it ran)
    r"\s+(?:[\w`:]+\s+)?(?:errors?|failures?|results?|outcomes?)\b",
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
        and OUTSIDE_PARTY.search(sentence) is None
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


def _failing_subject(
    sentence: str, tokens: list[Token], at: int, end: int, *, nearest: bool = True
) -> str | None:
    """What fails: "a failed `f`" or "the error of `f`" in the verb's clause, "if `f` fails" before
    it, an action noun before or just after the verb ("retrying a cache error"), else the
    nearest function before the verb in its clause."""
    start, stop = _clause_at(sentence, at)
    callable_ = [t for t in tokens if function_like(t)]
    failing = [t for t in callable_ if _fails_here(sentence, t, at, start, stop)]
    if failing:
        # the one nearest before the verb ("Unlike a failed `A`, which …, a failed `B` is retried")
        before = [t for t in failing if t.end <= at]
        return (before[-1] if before else failing[0]).name
    sending = _SENDING.search(sentence, start, at) or _SENDING.search(sentence, end, min(stop, end + 24))
    if sending is not None:  # "a failure to send the `MessageAttemptFailing` webhook"
        return ACTION + SENT + sending.group("sent").rsplit("::", 1)[-1]
    action = _ACTION.search(sentence, start, at) or _ACTION.search(sentence, end, min(stop, end + 40))
    subject = _action_subject(sentence, action) if action is not None else None
    if (
        subject in (ACTION + WIDE + "send", ACTION + STEM + "send")
        and (sent := _SENT_BEFORE.search(sentence, 0, at)) is not None
    ):
        # "sends `MessageAttemptExhausted` and only logs any error from that send"
        return ACTION + SENT + (sent.group("sent") or sent.group("sent2")).rsplit("::", 1)[-1]
    if subject is not None and subject.startswith(ACTION + WIDE):
        subject = _step_named(sentence, callable_, start, subject.removeprefix(ACTION + WIDE)) or subject
    if not nearest:  # only a failure named as such (not a store's action: which layer's call?)
        if subject is None:  # "its error", "an error from it": of a function named before
            subject = _failure_before(sentence, callable_, start, at, there_too=False)
        return subject if subject is not None and not subject.startswith(ACTION) else None
    return subject if subject is not None else _nearest_before(sentence, callable_, at, start)


def _step_named(sentence: str, callable_: list[Token], start: int, stem: str) -> str | None:
    """ "… writes the value back with `cache.set`, and a failed write …": the function the
    earlier clause names last, when that clause says the same verb."""
    before = [t for t in callable_ if t.end <= start]
    if not before or re.search(rf"\b{re.escape(stem)}", sentence[:start], re.IGNORECASE) is None:
        return None
    return before[-1].name


def failure_token(sentence: str, token: Token) -> bool:
    """Whether a token the grammar took from the sentence before stands for a failure, not for
    the function: "A failure there", "Its error is only logged", "… logs that error"."""
    if token.text == "there" and _FAILURE_THERE.search(sentence, max(0, token.start - 20), token.start):
        return True
    if token.text in ("Its", "its") and _ITS_ERROR.match(sentence, token.end):
        return True
    return _THAT_ERROR.fullmatch(token.text) is not None


def _fails_here(sentence: str, token: Token, at: int, start: int, stop: int) -> bool:
    """Whether the text says this name fails: "a failed `f`", "the error of `f`" in the verb's
    clause; "`f`, whose error …", "if `f` fails" before the verb; "… when `f` fails" after it."""
    if start <= token.start < stop and _FAILING.search(sentence, max(0, token.start - 20), token.start):
        return True
    if failure_token(sentence, token):
        return True
    if token.start < at:
        return bool(_WHOSE_ERROR.match(sentence, token.end) or _FAILS.match(sentence, token.end))
    return (
        token.start < stop
        and _FAILS.match(sentence, token.end) is not None
        and _WHEN.search(sentence, max(0, token.start - 10), token.start) is not None
    )


# "that error": the error of the call the sentence before made (the grammar gives the token)
THAT_ERROR = r"(?:[Tt]hat|[Tt]his)\s+(?:error|failure|result)"
_THAT_ERROR = re.compile(THAT_ERROR)
_SUBJECT_VERB = re.compile(r"(?:\(\))?\s+(?:then\s+|also\s+|first\s+)?(?:is|are|was|[a-z]{2,}[^s\W]s)\b")
_ITS_ERROR = re.compile(r"\s+(?:[a-z]+\s+)?(?:errors?|failures?)\b")
_FAILURE_THERE = re.compile(r"\b(?:errors?|failures?)\s+\Z", re.IGNORECASE)


def _nearest_before(sentence: str, callable_: list[Token], at: int, start: int) -> str | None:
    """The nearest function before the verb in its clause; for "its failure", the sentence's
    subject ("`f` sends X, and its failure is only logged"); for "a failure there", the step
    the earlier clause names."""
    near = [t for t in callable_ if start <= t.start < at and not governed(sentence, t)]
    if near:
        return near[-1].name
    return _failure_before(sentence, callable_, start, at, there_too=True)


def _failure_before(
    sentence: str, callable_: list[Token], start: int, at: int, *, there_too: bool
) -> str | None:
    """What a failure the verb's clause points back to is of: "its error", "an error from that
    call" or "from it", "if that fails"; and, with `there_too`, "a failure there"."""
    its = _its_failure(sentence, callable_, start, at)
    if its is not None:
        return its
    there = _THERE.search(sentence, start, at)
    if there is None or not (there_too or there.group("that") or there.group("it")):
        return None
    return _there(sentence, callable_, start, there)


def _its_failure(sentence: str, callable_: list[Token], start: int, at: int) -> str | None:
    """What "its failure" in the verb's clause is of: the subject of the sentence ("`f` sends X,
    and its failure is only logged"), else the one function named before the clause ("… calls
    `cfg::load`, and its error panics through `expect`")."""
    if not _ITS_FAILURE.search(sentence, start, at):
        return None
    earlier = [t for t in callable_ if t.start < start and not governed(sentence, t)]
    # ("After `commit`, `f` deletes X, and its error …": the subject, not the opening phrase's)
    subjects = [t for t in earlier if opens_clause(sentence, t) and _SUBJECT_VERB.match(sentence, t.end)]
    near = (subjects or earlier)[:1]
    return near[0].name if near else None


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
_CALLS_JUST_BEFORE = re.compile(r"\b(?:calls|calling|awaits|invokes|runs)\s+(?:the\s+)?\Z", re.IGNORECASE)
# "an `X` webhook is sent", "a `X` webhook goes out", "sends `X`": the send an error "there"
# or "of that send" is of
_SENT_BEFORE = re.compile(
    r"`(?P<sent>[A-Z][\w]*(?:::[A-Z]\w*)*)`(?:\s+[a-z]+){0,2}\s+(?:(?:is|are)\s+(?:then\s+)?sent|goes\s+out|follows)\b"
    r"|\bsends\s+(?:an?\s+|the\s+)?`(?P<sent2>[A-Z][\w]*(?:::[A-Z]\w*)*)`"
)


# a failure of the step the earlier clause names: "a failure there", "an error from that call"
_THERE = re.compile(
    r"\b(?:an?|the|any)\s+(?:[a-z]+\s+)?(?:errors?|failures?)\s+(?:there|here|"
    r"(?P<that>(?:of|from|on) (?:that|this) (?:call|check|lookup|write|update|request|query|send)|from it|"
    # ("It delegates to `f`, and any error coming back is …": the error `f` hands back)
    r"coming back|that comes back))\b"
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
        return ACTION + word if word in FAILING_ACTIONS else _stem(word)
    store = (action.group("store") or action.group("store2") or "").lower()
    word = (action.group("word") or action.group("word2") or action.group("word4")).lower()
    key = f"{store} {word}" if f"{store} {word}" in FAILING_ACTIONS else word
    if (
        store in FAILING_ACTIONS
        and key == word
        and not set(FAILING_ACTIONS.get(word, ())) <= set(FAILING_ACTIONS[store])
    ):
        return None  # "that cache delete": not the database's `delete`, which the word alone stands for
    if key not in FAILING_ACTIONS:  # "an error of the endpoint query": the noun after a modifier
        noun = _NEXT_WORD.match(sentence, action.end())
        key = noun.group(1).lower() if noun is not None and noun.group(1).lower() in FAILING_ACTIONS else key
    if key in FAILING_ACTIONS:
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
