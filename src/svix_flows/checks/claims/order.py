"""Order: "`A` … before `B`", "`A`, then `B`", "`A` after `B`", "once `A`, `B`", and the same
with an action for a side ("`A` runs before the row is inserted", "the task is sent before the
row is inserted"); judged by the first call sites of both sides in one function of the record."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .actions import is_call_of
from .handling import STEM
from .model import ACTION, HANDLER, Claim, Kind, State, Verdict, contradicted, named_by_scope
from .text import Clauses, Token, function_like, negated, opens_clause

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts, SiteFact

_BEFORE = re.compile(r"\bbefore\b", re.IGNORECASE)
# (not "named after the path", "modelled after": a name's source, no time)
_NOT_TIME = r"(?<!named )(?<!modelled )(?<!modeled )(?<!patterned )"
_AFTER = re.compile(_NOT_TIME + r"\bafter\b", re.IGNORECASE)
_THEN = re.compile(r"(?:,\s*|\s)(?:and\s+)?(?:only\s+)?(?:then|afterwards|after that)\s", re.IGNORECASE)
_THEN_CALLS = re.compile(r"\bthen\s+(?!(?:its|this|is|was|has|us)\b)[a-z]+s\b", re.IGNORECASE)  # a verb
# "Because `A` then writes …": the subject of a clause a conjunction opens
_SUBORDINATE = re.compile(
    r"(?:\A|[,;]\s*)(?:because|since|although|though|whereas|when|while|if)\s+\Z", re.IGNORECASE
)
# "Its `call` first clones …": a sentence's subject behind its determiner
_DETERMINED = re.compile(r"(?:Its|Their|The|This|That|An?|Each|Every)\s+")


def _leads(sentence: str, start: int) -> bool:
    """Whether a name at `start` is the sentence's subject: its first word, or behind a
    determiner ("Its `call` …", "A `Normal` iterator …")."""
    return start == 0 or _DETERMINED.fullmatch(sentence, 0, start) is not None


_FOLLOWED = re.compile(r"\bfollowed\s+by\s+(?:the\s+|a\s+)?\Z", re.IGNORECASE)
_ONCE = re.compile(r"\b(?:once|as soon as)\s+(?:the\s+)?\Z", re.IGNORECASE)
_STOPS = re.compile(r"[.;:](?=\s|\Z)")  # a sentence's stops, not the dot of `cfg.field`
# glue that orders something else than the two names: a span of time ("90 days before"), or a
# pronoun ("before it") that points back
_NOT_STEPS = re.compile(
    r"\d|\b(?:before|after)\s+(?:it|them|that|this|those|these)\b"
    r"(?!\s+(?:has\s+|have\s+)?(?:runs|calls|invokes|awaits|reaches|run|called|invoked|awaited|reached)\s+(?:the\s+)?\Z)",
    re.IGNORECASE,
)

# "the row is inserted before the task is sent": the calls such verbs stand for, in order
_VERBS = {
    **dict.fromkeys(["inserted", "inserts", "insert", "inserting", "stored", "stores", "storing"], "insert"),
    **dict.fromkeys(
        [
            "sent",
            "sends",
            "send",
            "sending",
            "enqueued",
            "enqueues",
            "enqueuing",
            "queued",
            "queues",
            "queuing",
        ],
        "send",
    ),
    **dict.fromkeys(["committed", "commits", "commit", "committing"], "commit"),
    **dict.fromkeys(["deleted", "deletes", "delete", "deleting"], "delete"),
    **dict.fromkeys(["updated", "updates", "update", "updating"], "update"),
    **dict.fromkeys(["saved", "saves", "saving"], "save"),
    **dict.fromkeys(["invalidated", "invalidates", "invalidating"], "invalidate"),
    **dict.fromkeys(["acked", "acks"], "ack"),
    **dict.fromkeys(["nacked", "nacks"], "nack"),
    **dict.fromkeys(["spawned", "spawns"], "spawn"),
    **dict.fromkeys(["loads", "reads", "fetches", "looks up", "lookup"], "load"),
    **dict.fromkeys(["database write", "db write"], "database write"),
    # nouns: "cache invalidation happens before the update"
    "update": "update",
    "insertion": "insert",
    "deletion": "delete",
    "invalidation": "invalidate",
}
# "the cache first, then the queue": the calls a store's noun stands for
_NOUNS = {
    "cache": "cache",
    "queue": "queue",
    "database": "database",
    "db": "database",
    "query": "query",
    "filters": "filter",
}
_PLAIN_VERB = r"(?:inserted|inserts|stored|stores|sent|sends|enqueued|enqueues|queued|queues|committed|commits|deleted|deletes|updated|updates|acked|acks|nacked|nacks)"
_STEP_VERB = _PLAIN_VERB[:-1] + r"|spawned|spawns|reads|loads|fetches|looks up)"
# with the gerunds an order may use ("before committing")
_VERB = (
    _PLAIN_VERB[:-1]
    + r"|inserting|storing|sending|enqueuing|queuing|committing|deleting|updating|saved|saves|saving"
    r"|invalidated|invalidates|invalidating|database write|db write|lookup)"
)
# the steps of a "first …, then …" sentence: a verb of an action, or a store's noun
_STEP = re.compile(
    # "the cache", "the attempt query": a store, or a query run (its `.one(db)`, `.all(db)`)
    r"\b(?:(?P<verb>"
    + _STEP_VERB
    + r")|the\s+(?P<noun>cache|queue|database|db)|the\s+(?:[a-z-]+\s+)?(?P<noun2>query)|the\s+(?:(?!and\b|or\b)[a-z-]+\s+(?:and\s+)?){0,4}(?P<noun3>filters)(?!\s+(?:are|is)\s+(?:added|applied)\s+by\b)"
    # "database first, then queue, then cache": a store's bare noun in such a list
    r"|(?P<noun4>cache|queue|database)(?=\s+first\b)|(?<=\bthen\s)(?P<noun5>cache|queue|database))\b",
    re.IGNORECASE,
)
_FIRST = re.compile(r"\bfirst\b", re.IGNORECASE)
# what marks the later step after it: "after them", "afterwards"
_AFTER_THEM = re.compile(
    r"[^.;:,]{0,50}?\b(?:after (?:them|that|it|those)|afterwards?)\b"
    r"|(?:\(\))?\s+(?:(?:runs|comes|happens|is\s+called|is\s+awaited)\s+)?(?:second|last)\b",
    re.IGNORECASE,
)
# "after" in its forms: "once the row has been inserted" (not "once" for one time)
_HOW = r"(?P<how>before|" + _NOT_TIME + r"after|(?:only\s+)?once(?=\s+(?:the|it|they|its|their|this|that)\b))"
# an action's noun: "invalidation", "the update", "that insertion"
_NOUN = r"(?:invalidation|insertion|deletion|(?:(?<=\bthe )|(?<=\bthat )|(?<=\bthis )|(?<=\bits ))update)"
_ACTION_ORDER = re.compile(
    r"\b(?P<a>"
    + _VERB[:-1]
    + "|"
    + _NOUN
    # (not across ", and …": "saved …, and only after it commits does …" orders the second clause)
    + r"))\b(?:(?!,\s+(?:and|but|so|while)\b)[^.;:]|::){0,80}?\b"
    + _HOW
    # (not past another "before" or "after": "runs after the `update` and before X is sent")
    + r"\b(?:(?!\b(?:before|after)\b)[^.;:]|::){0,60}?\b(?P<b>"
    + _VERB[:-1]
    + "|"
    + _NOUN
    + r"))\b",
    re.IGNORECASE,
)
_TOKEN_THEN_ACTION = re.compile(
    r"(?:[^.;:`]{0,40}?"
    # (over "… and propagates its error with `?`": that mark is no step)
    r"|[^.;:`,]{0,40}?\s(?:and\s+)?propagat(?:es|ing)\s+(?:its|the|any)\s+(?:errors?|failures?)\s+with\s+`\?`\s+)(?:\b"
    + _HOW
    + r"\s+(?:(?:it|they|the|its|their|this|that)\s+)?(?:[a-z]+\s+){0,2}?(?:(?:is|are|was|has been|have been)\s+)?"
    r"|,?\s+(?:and\s+)?(?P<then>then)\s+)(?P<b>"
    + _VERB
    + r"|insert|update|commit|delete|send|loads|reads|fetches|looks up)\b"
    # "… before sending `EndpointDisabled`": what is acted on is named, and may be any call's
    r"(?!\s+(?:the\s+|an?\s+|its\s+)?`)",
    re.IGNORECASE,
)
# a subject's "then" before its own verb: "`f` then loads …"
_SUBJECT_THEN = re.compile(r"(?:\(\))?\s+then\s")
# "the row is committed before `f` runs", "inserted before its metadata is written with `f`"
_ACTION_THEN_TOKEN = re.compile(
    r"\b(?P<a>" + _VERB + r")\b[^.;:`,]{0,60}?\b" + _HOW + r"\b[^.;:`,]{0,50}?\Z", re.IGNORECASE
)
# "`F` commits, then invalidates the cache with `g`": the subject's action, then a named call
_SUBJECT_ACTION_THEN = re.compile(
    r"(?:\(\))?\s+(?:first\s+)?(?P<a>" + _VERB + r")\b[^.;:`]{0,40}?,?\s+(?:and\s+)?then\b[^.;:`]{0,60}?\Z",
    re.IGNORECASE,
)
_ACTION_NAMES = {
    "insert": ("insert", "insert_many"),
    "send": ("send", "send_operational_webhook"),
    "commit": ("commit",),
    "delete": ("delete", "delete_many", "delete_by_id"),
    "update": ("update", "update_many"),
    "ack": ("ack",),
    "nack": ("nack",),
    "spawn": ("spawn",),
    "save": ("save", "update", "insert"),
    "invalidate": ("invalidate",),
    "transaction": ("transaction", "begin"),
    "database write": ("insert", "insert_many", "update", "update_many", "save", "exec", "execute"),
    "cache": ("set", "get", "set_if_not_exists", "set_raw", "get_raw", "invalidate"),
    "queue": ("send", "receive_all"),
    "database": (
        "execute",
        "insert",
        "update",
        "begin",
        "commit",
        "query_one",
        "query_all",
        "exec",
        "one",
        "all",
    ),
    "load": ("one", "all", "count", "find_by_id", "get", "layered_fetch"),
    "query": ("one", "all", "count"),
    "filter": ("filter",),
}


def pair_order(
    glue: str, sentence: str, first: Token, second: Token, previous: Token | None = None
) -> Claim | None:
    """An order claim when the glue orders two names: "A … before B", "A, then B", "A after B";
    `previous`, the name before `first`, is the step when `first` is a value given to it ("awaits
    `f` with `cfg.prefix` and only then calls `g`")."""
    if previous is not None and _given_with(sentence, previous, first):
        first = previous
    order = _order(glue, sentence, first, second)
    return Claim(Kind.ORDER, sentence, order[0], order[1], "before") if order is not None else None


def _order(glue: str, sentence: str, first: Token, second: Token) -> tuple[str, str] | None:
    """(earlier, later) when the glue orders two names."""
    if len(glue) > 80 or _STOPS.search(glue) or _NOT_STEPS.search(glue):
        return None
    argument = _ARGUMENT_OF.search(sentence, max(0, first.start - 8), first.start)
    if argument is not None and (argument.group(1) == "over" or not function_like(first)):
        # "adds `distinct_on` on `EndpId` and then `.limit(…)`", "`cache::redis::new` over `g`,
        # then …": what the step before is applied to or built over is no step (a call "on"
        # it is: "records `org_id` on `Span::current()` before …")
        return None
    if _LOOPED_ON.search(sentence, max(0, second.start - 40), second.start):
        # "builds `A` and then loops forever on a `tokio::time::interval`": what a loop waits on
        # is made before it, whenever the loop starts
        return None
    before, after = _BEFORE.search(glue), _AFTER.search(glue)
    word = before or after
    if word is not None and (
        _CLAUSE_BREAK.search(glue, word.end())
        or _OWN_OBJECT.match(glue, word.end())
        or _OWN_CLAUSE.match(glue, word.end())
    ):
        # "`A` comes after the commit, and a `B` is returned", "`nack` after an error or `ack`
        # after success", "`A` only after the transaction has committed, returning a `B`":
        # "after" has its object
        return None
    if word is not None and _THAT_STEP.match(glue, word.end()) and not _CLAUSE_BREAK.search(glue, word.end()):
        # "clears `A`, inserts the row and only after that calls `B`": "that" is the step before,
        # so `B` comes after `A` ("… and before that calls `B`": `B` comes first)
        return (first.name, second.name) if after else (second.name, first.name)
    if word is not None and _CLAUSE_BREAK.search(glue, 0, word.start()):
        # "`A` …, and after the commit calls `B`": the word opens the second clause and orders
        # `B` after its own object; "…, and after that calls `B`" goes back to `A`
        return (first.name, second.name) if after and _BACK_TO_FIRST.match(glue, word.end()) else None
    if _WHICH_ORDER.search(glue):
        # "A second, after which B is awaited": the relative clause's step comes after A
        before, after = after, before
    if before and not after:
        return first.name, second.name
    if after and not before:
        return second.name, first.name
    if not before and not after:
        return _unworded(glue, sentence, first, second)
    return None


_OWN_CLAUSE = re.compile(
    r"\s+(?:the|its|an?|this|that)\s+(?:[a-z-]+\s+){0,3}(?:has|have|is|are|was|were)\s+(?:been\s+)?[a-z]+\s*,"
)
_OWN_OBJECT = re.compile(r"\s+(?:an?\s+|the\s+|its\s+)?[a-z]+(?:\s+[a-z]+){0,2}\s+(?:or|and)\s+\Z")
# (", and after …" and "and, after …, selects" alike; "`A` or, after `B`, `C`": the other
# alternative's own order)
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|or|while|whereas|so)\b|\b(?:and|but|or|so),|;")
_BACK_TO_FIRST = re.compile(r"\s+(?:that|this|it|them)\b")
# "… and only after that calls `B`", "after this, `B`": "that" is the step just said, not a
# subject of its own ("after that row is saved")
_THAT_STEP = re.compile(r"\s+(?:that|this)(?:\s*,|\s+(?:it\s+|they\s+)?[a-z]{2,}s\b)")
# a name written right after another's "on", "over" or "by": what the step before is applied to
_ARGUMENT_OF = re.compile(r"`\s+(on|over|by)\s+\Z")
_LOOPED_ON = re.compile(
    r"\b(?:loops?|looping|waits?|waiting|blocks?|blocking|spins?|spinning)\s+(?:forever\s+|endlessly\s+)?"
    # ("loops forever on a one-second `tokio::time::interval`")
    r"(?:on|over|around)\s+(?:an?\s+|the\s+|its\s+)?(?:[a-z0-9-]{1,20}\s+){0,3}\Z",
    re.IGNORECASE,
)
# a value given to the call before it: "`f` with `cfg.prefix`"
_WITH_ARGUMENT = re.compile(r"\s+with\s+(?:the\s+|its\s+)?")


def _given_with(sentence: str, call: Token, token: Token) -> bool:
    """`token` is a value given to the call before it ("`f` with `cfg.prefix`")."""
    return (
        "(" not in token.text
        and function_like(call)
        and _WITH_ARGUMENT.fullmatch(sentence, call.end, token.start) is not None
    )


_WHICH_ORDER = re.compile(r"\b(?:after|before)\s+which\b", re.IGNORECASE)


_IMPL_FOR = re.compile(r"\b(?:impl|implementation)\s+for\s+\Z", re.IGNORECASE)


def _unworded(glue: str, sentence: str, first: Token, second: Token) -> tuple[str, str] | None:
    """An order said without "before" or "after": "then", "followed by", "once `A` has …",
    or a leading "Once `A`, `B` …"."""
    if _THEN.search(glue) or _FOLLOWED.search(glue):
        subject = (
            opens_clause(sentence, first)
            or _SUBORDINATE.search(sentence, 0, first.start) is not None
            or _leads(sentence, first.start)
        )
        if _THEN_CALLS.search(glue) and subject:
            return None  # "`F` builds X, then calls `B`", "It then takes X through `B`": who acts
        if _IMPL_FOR.search(sentence, max(0, first.start - 24), first.start):
            return None  # "the `Deserialize` impl for `T` reads …, then runs `B`": `T` is no step
        return first.name, second.name
    if _ONCE.search(glue):
        return second.name, first.name  # "`F` calls `B` once `A` has returned"
    lead = sentence[: first.start].strip().lower()
    if lead in ("once", "after") and "," in glue:
        return first.name, second.name
    if lead == "before" and "," in glue:
        return second.name, first.name
    return None


# "After `A`, `F` calls `B`", "Before calling `B`, `F` runs `A`": a leading clause orders its
# name against the call of the main clause's subject
_LEADING = re.compile(
    r"(?P<how>after|once|as soon as|before)\s+(?:calling\s+|running\s+|awaiting\s+|the call to\s+)?\Z",
    re.IGNORECASE,
)
_CALL_VERB = re.compile(r"\A\s*(?:\(\))?\s+(?:then\s+|only\s+)?(?:calls|runs|invokes|awaits)\s+(?:the\s+)?\Z")


def leading_orders(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """ "After `A` (has returned), `F` calls `B`": `A` before `B`; "Before calling `B`, `F`
    calls `A`": `A` before `B`. The main clause's subject `F` is who calls, not a step."""
    if len(tokens) < 3 or not function_like(tokens[0]):
        return
    lead = _LEADING.fullmatch(sentence, 0, tokens[0].start)
    comma = sentence.find(",", tokens[0].end, tokens[0].end + 60)
    if lead is None or comma < 0 or _STOPS.search(sentence, tokens[0].end, comma):
        return
    main = [t for t in tokens if t.start > comma]
    if len(main) < 2 or not opens_clause(sentence, main[0]) or not function_like(main[0]):
        return
    called = main[1]
    if not function_like(called) or not _CALL_VERB.match(sentence[main[0].end : called.start]):
        return
    if negated(clauses, 0, called.end):
        return
    earlier, later = tokens[0].name, called.name
    if lead.group("how").lower() == "before":
        earlier, later = later, earlier
    yield Claim(Kind.ORDER, sentence, earlier, later, "before")


# "Before it touches the database at all, it sends …": a store the record's code uses, then the
# main clause's first call
_LEADING_STORE = re.compile(
    r"(?P<how>Before|After)\s+(?:it\s+|the\s+handler\s+)?(?:touches|hits|queries|reads\s+from|writes\s+to|"
    r"talks\s+to|goes\s+to|calls\s+into)\s+the\s+(?P<noun>database|db|cache|queue)\b[^,;:`]{0,20},\s+"
    r"(?:it|the\s+handler)\s",
)


def store_orders(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """ "Before it touches the database at all, it sends `X` through `queue_tx.send`": the main
    clause's first call before (or after) the calls of that store; "After the commit, `X` …",
    "Before `txn.commit()` the function calls `X`": that call before (or after) the commit;
    "Before the update, it calls `X`", "Before the row is updated, …": before that action."""
    lead = (
        _LEADING_STORE.match(sentence) or _LEADING_COMMIT.match(sentence) or _LEADING_ACTION.match(sentence)
    )
    if lead is None:
        return
    called = next(
        (t for t in tokens if lead.end() <= t.start < lead.end() + 60 and function_like(t) and t.ticked), None
    )
    acted = "act" in lead.groupdict()
    # (an action's order is its own clause: "…, rather than returned" later on denies no step)
    if called is None or negated(clauses, 0, called.end if acted else len(sentence)):
        return
    if acted:
        step = _leading_step((lead.group("act") or lead.group("act2")).lower())
        if step is None:
            return
    else:
        step = ACTION + (_NOUNS[lead.group("noun").lower()] if "noun" in lead.groupdict() else "commit")
    earlier, later = (called.name, step) if lead.group("how") == "Before" else (step, called.name)
    yield Claim(Kind.ORDER, sentence, earlier, later, "before")


# "After the commit, `X` …", "Before `txn.commit()` the function calls `X`", "After the
# transaction commits, …": the commit, then the main clause's first call
_LEADING_COMMIT = re.compile(
    r"(?P<how>Before|After)\s+(?:the\s+|that\s+|this\s+)?"
    r"(?:(?:transaction(?:'s|’s)?\s+)?commit|transaction\s+(?:commits|is\s+committed|has\s+committed)"
    r"|`[a-z_][a-z0-9_]{0,30}\.commit\(\)`(?:\s+(?:returns|succeeds|has\s+returned))?)\s*,?\s+"
)


# "Before the update, it calls `B`", "Before the row is updated, the handler calls `B`", "After
# the write, `B` …": a database action by its noun or a passive of what it acts on, then the main
# clause's first call
_LEADING_ACTION = re.compile(
    # ("the application insert": a table's word before it, not a store's other than the database)
    r"(?P<how>Before|After)\s+(?:(?:the|that|this)\s+(?:(?!cache\b|queue\b|redis\b)[a-z]+\s+)?"
    r"(?P<act>update|insert|insertion|deletion|write|save|lookup|send)"
    # (a transaction opened is the transaction rule's)
    r"|the\s+(?!transaction\b)(?:[a-z]+\s+){0,2}?(?:is|are|has\s+been|have\s+been)\s+"
    r"(?P<act2>written|[a-z]{3,20}ed))\s*,?\s+"
)
_LEADING_ACTIONS = {
    "update": "update",
    "updated": "update",
    "insert": "insert",
    "insertion": "insert",
    "inserted": "insert",
    "stored": "insert",
    "deletion": "delete",
    "deleted": "delete",
    "saved": "save",
    "save": "save",
    "write": "database write",
    "written": "database write",
    "loaded": "load",
    "lookup": "load",
    "send": "send",
    "fetched": "load",
}


def _leading_step(act: str) -> str | None:
    """The calls a leading action stands for: a database action by its word, else ("Before the
    window is validated, …") the calls its participle's stem begins, `validat…`."""
    if act in _LEADING_ACTIONS:
        return ACTION + _LEADING_ACTIONS[act]
    stem = act.removesuffix("ed")
    return None if stem in _NO_PARTICIPLE or len(stem) < 4 else ACTION + STEM + stem


# "Only after the transaction commits does it call `B`": the inverted clause, its step first
_INVERTED = re.compile(
    r"(?:Only\s+)?(?P<how>after|once)\b(?P<first>(?:`[^`]{1,80}`|[^,;:.`]){1,120}?)\s+(?:does|do|did|will)\s+"
    r"(?:it|they|the\s+[a-z]+|`[^`]{1,60}`)\s+(?:then\s+|also\s+)?[a-z]+\b",
    re.IGNORECASE,
)


def inverted_orders(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """ "Only after `A` returns does it call `B`", "Only after the row is inserted does it send
    `B`": the step of the "after" part comes before the first function the main part names."""
    match = _INVERTED.match(sentence)
    if match is None or negated(clauses, 0, match.end()):
        return
    first = [t for t in tokens if match.start("first") <= t.start < match.end("first") and function_like(t)]
    step = first[-1].name if first else None
    if step is None:
        verb = _STEP.search(sentence, match.start("first"), match.end("first"))
        if verb is None or not verb.group("verb"):
            return
        step = ACTION + _VERBS[verb.group("verb").lower()]
    later = next((t for t in tokens if t.start >= match.end() and function_like(t)), None)
    if later is not None and later.name != step and not negated(clauses, match.end(), later.end):
        yield Claim(Kind.ORDER, sentence, step, later.name, "before")


# "In `lock_loop`, …", "Inside `f`'s loop, …": the function the sentence's steps happen in
_PLACE_BEFORE = re.compile(r"\s*(?:in|inside|within|throughout)\s+(?:the\s+)?\Z", re.IGNORECASE)
# "Each round of `lock_loop` first sleeps …": the loop's body is where, not a step
_ROUND_OF = re.compile(
    r"\s*(?:each|every)\s+(?:round|iteration|pass|turn|tick|cycle)\s+of\s+(?:the\s+)?\Z", re.IGNORECASE
)
_PLACE_AFTER = re.compile(r"(?:\(\))?(?:(?:'|’)s(?:\s+[a-z-]+){1,2})?\s*,")


def _a_place(sentence: str, start: int, end: int) -> bool:
    """Whether the name at `start` opens the sentence as where its steps happen ("In `f`, …",
    "Each round of `f` …")."""
    return _ROUND_OF.fullmatch(sentence, 0, start) is not None or (
        _PLACE_BEFORE.fullmatch(sentence, 0, start) is not None
        and _PLACE_AFTER.match(sentence, end) is not None
    )


def action_orders(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """Orders with an action for a side: "`A` … before the row is inserted", "the task is sent
    after the row is inserted"."""
    for index, token in enumerate(tokens):
        if not function_like(token) or _a_place(sentence, token.start, token.end):
            continue  # "In `lock_loop`, each iteration sleeps first and then reads": where, not a step
        match = _TOKEN_THEN_ACTION.match(sentence, token.end)
        if match is not None and _SUBJECT_THEN.match(sentence, token.end) and opens_clause(sentence, token):
            match = None  # "…, and `f` then loads the rows": `f` is who loads, not a step before it
        if match is not None and not negated(clauses, token.start, match.end()):
            earlier, later = (token.name, ACTION + _VERBS[match.group("b").lower()])
            if _is_after(match) != _back_to_step(match):
                earlier, later = later, earlier
            yield Claim(Kind.ORDER, sentence, earlier, later, "before")
        before = _ACTION_THEN_TOKEN.search(sentence, max(0, token.start - 130), token.start)
        if before is not None and not negated(clauses, before.start(), token.end):
            earlier, later = ACTION + _VERBS[before.group("a").lower()], token.name
            if _is_after(before) != _back_to_step(before):
                earlier, later = later, earlier
            yield Claim(Kind.ORDER, sentence, earlier, later, "before")
        if index > 0 and opens_clause(sentence, tokens[0]) and function_like(tokens[0]) and index == 1:
            acted = _SUBJECT_ACTION_THEN.fullmatch(sentence, tokens[0].end, token.start)
            if acted is not None and not negated(clauses, tokens[0].start, token.end):
                yield Claim(
                    Kind.ORDER, sentence, ACTION + _VERBS[acted.group("a").lower()], token.name, "before"
                )
    for match in _ACTION_ORDER.finditer(sentence):
        first, second = _VERBS[match.group("a").lower()], _VERBS[match.group("b").lower()]
        if first != second and not negated(clauses, match.start(), match.end()):
            # ("The update …, after which the entry is invalidated": "which" is the update)
            if _is_after(match) != bool(_WHICH.match(sentence, match.end("how"))):
                first, second = second, first
            yield Claim(Kind.ORDER, sentence, ACTION + first, ACTION + second, "before")


# "…, reverses the vector …, and then truncates it": the later verb after "then"
_THEN_VERB = re.compile(
    r"(?:,\s*|\s)(?:and\s+)?(?:only\s+)?(?:then|afterwards|after\s+that)\s+(?P<verb>[a-z]{4,20}(?:es|s))\b"
    r"(?!\s+(?:the\s+|an?\s+)?`)"
)
# the verb that opens the clause before it: "…, reverses …" (after a comma, or the subject)
_CLAUSE_VERB = re.compile(
    r"(?:\A|,\s+|`\s+|\bit\s+)(?:first\s+)?(?P<verb>[a-z]{4,20}(?:es|s))\b(?![^,;]*,\s*\Z)"
)
_THEN_CLAUSE_VERB = re.compile(
    r",\s+(?:and\s+)?then\s+(?P<verb>[a-z]{4,20}(?:es|s))\b(?!\s+(?:the\s+|an?\s+)?`)"
)
_SUBJECT_VERB = re.compile(r"(?:\(\))?\s+(?:first\s+)?(?P<verb>[a-z]{4,20}(?:es|s))\b(?![^,;]*,\s*\Z)")
_NO_ACTION = frozenset(
    {"does", "goes", "uses", "takes", "makes", "gives", "returns", "this", "thus", "always"}
)


# "…, reverses the vector for a `Prev` page before truncating it": a verb, then a gerund
# ordered against it in the same clause
# (a verb or gerund whose object is named, "calls `update` before sending `X`", is no action of
# its own: the names are the steps, which the pair rules read)
_GERUND_ORDER = re.compile(
    r"(?:\A|,\s+|`\s+|\b[Ii]t\s+|\band\s+)(?:first\s+|then\s+|only\s+)?(?P<verb>[a-z]{4,20}(?:es|s))\b"
    r"(?!\s+(?:the\s+|an?\s+|its\s+)?`)"
    r"(?:[^,;:.`]|`[^`]{1,60}`){0,60}?\b(?P<how>before|after)\s+"
    r"(?:(?P<gerund>[a-z]{3,20})ing|(?:it|they)\s+(?P<later>[a-z]{4,20}(?:es|s)))\b"
    r"(?!\s+(?:the\s+|an?\s+|its\s+)?`)"
)


# "the rows are reversed before being truncated", "a `Prev` page is reversed before the extra
# row is truncated": two passives ordered, each standing for the calls its stem begins
_PASSIVE_ORDER = re.compile(
    r"\b(?:is|are)\s+(?:then\s+|only\s+|first\s+|always\s+)?(?P<verb>[a-z]{4,20})ed\b"
    r"(?!\s+(?:with|by|through|via|using)\s+(?:the\s+|an?\s+|its\s+)?`)"
    r"(?:[^,;:.`]|`[^`]{1,60}`){0,60}?\b(?P<how>before|after)\s+"
    r"(?:being\s+(?P<gerund>[a-z]{4,20})ed"
    r"|(?:(?:the|a|an|its|each|every|that|this)\s+)?(?:(?:[a-z-]+|`[^`]{1,40}`)\s+){0,3}(?:is|are)\s+"
    r"(?P<other>[a-z]{4,20})ed)\b"
    r"(?!\s+(?:with|by|through|via|using)\s+(?:the\s+|an?\s+|its\s+)?`)"
)
# participles that say how a value goes or what it is, not a call: "is handed back", "is based on"
_NO_PARTICIPLE = frozenset({"hand", "pass", "return", "bas", "nam", "us", "call", "need", "requir", "allow"})


def passive_orders(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """ "`Prev` results are reversed before the extra row is truncated": the participles' stems
    (`revers…`, `truncat…`), judged in the one function of the record that calls both."""
    for match in _PASSIVE_ORDER.finditer(sentence):
        first, second = match.group("verb"), match.group("gerund") or match.group("other")
        if {first, second} & _NO_PARTICIPLE or first == second:
            continue
        if negated(clauses, match.start(), match.end()):
            continue
        earlier, later = (
            _participle_step(sentence, match, "verb"),
            _participle_step(sentence, match, "gerund" if match.group("gerund") else "other"),
        )
        if match.group("how") == "after":
            earlier, later = later, earlier
        yield Claim(Kind.ORDER, sentence, earlier, later, "before")


# "is looked up": a lookup, the calls that load (not those a stem `look…` begins)
_LOOKED_UP = re.compile(r"ed\s+up\b")


def _participle_step(sentence: str, match: re.Match[str], group: str) -> str:
    """The calls a participle of a passive order stands for: by its stem, a lookup by "load"."""
    stem = match.group(group)
    if stem == "look" and _LOOKED_UP.match(sentence, match.end(group)):
        return ACTION + "load"
    return ACTION + STEM + stem


def verb_orders(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """ "`F` computes …, reverses the page …, and then truncates it", "`F` reverses the page
    before truncating it": the verb before "then" and the verb after it (or a verb and the
    gerund "before" or "after" it), each standing for the calls its stem begins (`reverse`,
    `truncate`), judged only in the function the sentence speaks of."""
    it = _IT_LEADS.match(sentence)
    if it is not None:
        # "It truncates the vector to `limit` before computing `done`": the subject goes on
        yield from _gerund_orders(sentence, 0, clauses)
        subject_end = it.end("it")
    elif not tokens or not opens_clause(sentence, tokens[0]) or not function_like(tokens[0]):
        return
    else:
        yield from _gerund_orders(sentence, tokens[0].start, clauses)
        subject_end = tokens[0].end
    for then in _THEN_VERB.finditer(sentence):
        begin = max(sentence.rfind(",", 0, then.start()), subject_end)
        before = (
            _CLAUSE_VERB.match(sentence, begin)
            or _CLAUSE_VERB.match(sentence, begin + 1)
            # ("`F` reverses the rows, and then truncates them": the verb right after the subject,
            # unless the sentence names a function, whose order the pair rules read)
            or (
                _SUBJECT_VERB.match(sentence, begin)
                if begin == subject_end and not _A_CALL.search(sentence, begin)
                else None
            )
            # ("…, then reverses the rows when …, and only then truncates them": the clause
            # before opens with its own "then")
            or _THEN_CLAUSE_VERB.match(sentence, begin)
        )
        if before is None:
            continue
        first, second = before.group("verb").lower(), then.group("verb").lower()
        if {first, second} & _NO_ACTION or negated(clauses, before.start(), then.end()):
            continue
        earlier, later = _verb_stem(first), _verb_stem(second)
        if earlier and later and earlier != later:
            yield Claim(Kind.ORDER, sentence, earlier, later, "before")


# "… before the transaction is opened", "Before opening the transaction, …": the call that opens
# a transaction (`db.transaction(…)`, `db.begin()`)
_TRANSACTION_OPENS = (
    r"(?P<how>before|after)\s+(?:(?:the|that|a|its|one)\s+(?:database\s+)?transaction\s+(?:is\s+|has\s+)?"
    r"(?:even\s+)?(?:opened|opens|begins|starts|started|begun)|opening\s+(?:the|that|a|its)\s+transaction|"
    r"(?:it|the\s+handler)\s+opens\s+(?:the|that|a|its)\s+transaction)\b"
)
_AGAINST_TRANSACTION = re.compile(r"\b" + _TRANSACTION_OPENS, re.IGNORECASE)
_INVALIDATION = re.compile(r"\binvalidat(?:es|ed|ion|ing)\b", re.IGNORECASE)
_RUNS = re.compile(r"(?:\(\))?\s+(?:runs|is\s+called|is\s+awaited|comes|happens|executes)\b")
_ACTS = re.compile(r"(?:\(\))?\s+(?:first\s+|then\s+|also\s+)?[a-z]{2,}s\b")
# a main clause right after a leading order, with no comma: "Before the transaction opens it …"
_MAIN_CLAUSE = re.compile(r"\s+(?:it|they|the\s+handler)\s")
_STEP_BREAK = re.compile(r";|(?<!:):(?!:)|,\s+(?:and|but|so|while)\b")  # (not the `::` of a path)


def transaction_orders(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """ "`CreateMessageApp::invalidate` runs before that transaction is opened", "Before opening
    the transaction, `f` calls `g`": the step named nearest the words (a function, or "the
    cache is invalidated"), ordered against the call that opens the transaction."""
    for match in _AGAINST_TRANSACTION.finditer(sentence):
        if negated(clauses, match.start(), match.end()):
            continue
        scope = ""
        if match.start() == 0:  # "Before the transaction opens, `f` …": the step after the comma
            # (or with no comma: "Before the transaction is opened it calls `g`")
            comma = (
                match.end() - 1
                if _MAIN_CLAUSE.match(sentence, match.end())
                else sentence.find(",", match.end())
            )
            if comma < 0:
                continue
            stop = _STEP_BREAK.search(sentence, comma + 1)
            end = stop.start() if stop else len(sentence)
            step = _step_in(sentence, tokens, comma + 1, end, last=False)
            # ("…, `patch_application` calls `g`": the function the order is read in)
            scope = next((t.name for t in tokens if comma < t.start < end and _acting(sentence, t)), "")
            if step is None and scope and _step_in(sentence, tokens, comma + 1, end, last=False, acting=True):
                # "…, `f` removes the entry": `f` is the step, read where it is called
                step, scope = scope, ""
        else:  # "`f` runs before the transaction is opened": the step before the words
            breaks = [b.end() for b in _STEP_BREAK.finditer(sentence, 0, match.start())]
            begin = breaks[-1] if breaks else 0
            # ("In `patch_application`, `f` runs before …": where the order is read, not a step)
            place = next(
                (
                    t
                    for t in tokens
                    if begin <= t.start < match.start() and _a_place(sentence, t.start, t.end)
                ),
                None,
            )
            steps = [t for t in tokens if t is not place]
            step = _step_in(sentence, steps, begin, match.start(), last=True)
            scope = place.name if place is not None else ""
        if step is None:
            continue
        earlier, later = step, ACTION + "transaction"
        if match.group("how").lower() == "after":
            earlier, later = later, earlier
        yield Claim(Kind.ORDER, sentence, earlier, later, "before", scope=scope)


def _acting(sentence: str, token: Token) -> bool:
    """Whether a function named in a clause is its subject acting ("`f` calls …"), not a step."""
    return (
        function_like(token)
        and not _RUNS.match(sentence, token.end)
        and bool(_ACTS.match(sentence, token.end))
    )


def _step_in(
    sentence: str, tokens: list[Token], start: int, end: int, *, last: bool, acting: bool = False
) -> str | None:
    """The one step between `start` and `end`: a function named there, else an invalidation;
    with `acting`, the one function named there, acting or not."""
    named = [
        t
        for t in tokens
        if start <= t.start
        and t.end <= end
        and function_like(t)
        and t.name != HANDLER
        # ("`f` invalidates the cache before …", "`f` calls `g`": `f` acts, the step is another)
        and (acting or not _acting(sentence, t))
    ]
    if acting:
        return named[0].name if len(named) == 1 else None
    if named:
        return (named[-1] if last else named[0]).name if len(named) == 1 else None
    if _INVALIDATION.search(sentence, start, end):
        return ACTION + "invalidate"
    return None


# "computes `done` … after truncating the vector", "truncates to `limit`, and only then sets
# `done`": a local the body binds (`let done = …`), ordered against the calls a verb's stem begins
_BINDS = r"(?:computes|computing|sets|setting|derives|deriving|calculates|calculating)\s+"
_BOUND = _BINDS + r"`(?P<{0}>[a-z_][a-z0-9_]*)`"
_ACTED = r"(?P<{0}>[a-z]{{4,20}}(?:es|s|ing))\b(?!\s+(?:the\s+|an?\s+|its\s+)?`)"
_GAP = r"(?:[^,;:.`]|`[^`]{1,60}`){0,60}?\b"
_BOUND_ORDERS = (
    re.compile(
        _BOUND.format("bound")
        + _GAP
        + r"(?P<how>before|after)\s+(?:it\s+|they\s+)?(?:first\s+)?"
        + r"(?:"
        + _ACTED.format("act")
        # ("… after calling `truncate(limit)`": the call named)
        + r"|(?:calling|it\s+calls)\s+`(?P<called>[a-z_][a-z0-9_]*)(?:\([^`]{0,60}\))?`)"
    ),
    re.compile(
        r"(?:\A|,\s+|`\s+|\b[Ii]t\s+|\band\s+|\bfirst\s+)"
        + _ACTED.format("act")
        + _GAP
        + r"(?P<how>before|after)\s+(?:it\s+|they\s+)?"
        + _BOUND.format("bound")
    ),
    # (the step before "then" opens its clause: after a comma, "first", the subject or "It")
    re.compile(
        r"(?:\A|,\s+|`\s+|\b[Ii]t\s+|\bfirst\s+)(?:(?:first|only)\s+)?"
        + r"(?:"
        + _BOUND.format("bound")
        + r"|"
        + _ACTED.format("act")
        + r")"
        + r"(?:[^,;:.`]|`[^`]{1,60}`){0,60}?(?:,\s*|\s)(?:and\s+)?(?:only\s+)?(?P<how>then)\s+"
        + r"(?:"
        + _BOUND.format("later_bound")
        + r"|"
        + _ACTED.format("later_act")
        + r")"
    ),
)
LOCAL = "<local>"  # an order claim's side: the `let` binding of a local, by its name
# verbs that say how a value goes or what it is, not a call a stem may stand for
_NO_ACT = frozenset({"comput", "sett", "deriv", "calculat", "becom", "com", "return", "turn", "mean", "mak"})


def bound_orders(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """ "`F` computes `done` as `data.len() <= limit` after truncating the rows": the local the
    body binds (`let done = …`) and the calls the other verb's stem begins (`truncate`), judged
    in the function the sentence speaks of, or the one function of the record doing both."""
    for pattern in _BOUND_ORDERS:
        for match in pattern.finditer(sentence):
            sides = _bound_sides(match)
            if sides is None or negated(clauses, match.start(), match.end()):
                continue
            earlier, later = sides
            if match.group("how") == "after":
                earlier, later = later, earlier
            yield Claim(Kind.ORDER, sentence, earlier, later, "before")


def _bound_sides(match: re.Match[str]) -> tuple[str, str] | None:
    """The two steps of a match, in the order written: a local by its name, a verb by its stem;
    None unless one is a local and the other a verb standing for a call."""
    groups = match.groupdict()
    written = [
        (match.start(name), _acted(groups[name]) if "act" in name else groups[name])
        for name in ("bound", "act", "later_bound", "later_act")
        if groups.get(name)
    ]
    if groups.get("called"):
        return LOCAL + groups["bound"], groups["called"]
    if len(written) != 2 or not all(side for _, side in written):
        return None
    (_, first), (_, second) = sorted(written)
    if first.startswith(ACTION) == second.startswith(ACTION):
        return None
    return (first if first.startswith(ACTION) else LOCAL + first), (
        second if second.startswith(ACTION) else LOCAL + second
    )


def _acted(verb: str) -> str:
    """ "truncates", "truncating" → the calls named `truncat…`; "" for a verb that is no call."""
    stem = verb.lower()[:-3] if verb.lower().endswith("ing") else re.sub(r"(?:es|s)\Z", "", verb.lower())
    if len(stem) < 4 or stem in _NO_ACT or stem in _NO_GERUND or stem + "s" in _NO_ACTION:
        return ""
    return ACTION + STEM + stem


# gerunds (their stems, as written before "ing") that hand a value on or say how, not a call:
# "before handing it back", "before giving up", "after taking the lock"
_NO_GERUND = frozenset(
    {"hand", "pass", "giv", "return", "gett", "putt", "lett", "keep", "leav", "tak", "mak", "do"}
)
# "It …", "That function …", "The helper …": the subject the sentence goes on with, unnamed
_IT_LEADS = re.compile(
    r"(?:(?:Then|Next|Finally),?\s+)?(?P<it>It|(?:That|This|The)\s+(?:function|helper))\s+(?:then\s+|first\s+)?"
    r"[a-z]{4,20}(?:es|s)\b"
)


_AGAIN = re.compile(r"(?:\s+[a-z]+){0,3}?\s+(?:again|once more)\b|\s+the\s+next\b")
# a function in backticks, by its path, its parentheses or its snake case (not a value: `limit`)
_A_CALL = re.compile(r"`(?:(?:\w+::)+[a-z_]\w*|[a-z]\w*(?:\([^`]*\)|_\w+))`")


def _gerund_orders(sentence: str, start: int, clauses: Clauses) -> Iterator[Claim]:
    """A verb and the gerund ordered against it, from `start` on."""
    for gerund in _GERUND_ORDER.finditer(sentence, start):
        first = gerund.group("verb").lower()
        verb_after = gerund.group("later")
        if _AGAIN.match(sentence, gerund.end()):
            continue  # "sleeps a second before it polls again": the next round of a loop
        if verb_after and _A_CALL.search(sentence, gerund.end("verb"), gerund.start("how")):
            continue  # "sends the task with `f` before it loads …": the pair rules read `f`'s order
        # ("… before it truncates the vector": the same as "before truncating it")
        second = verb_after.lower() if verb_after else gerund.group("gerund").lower() + "s"
        stem = re.sub(r"(?:es|s)\Z", "", second) if verb_after else second[:-1]
        if (
            first in _NO_ACTION
            or second in _NO_ACTION
            or stem in _NO_GERUND
            or negated(clauses, gerund.start("verb"), gerund.end())
        ):
            continue
        earlier, later = _verb_stem(first), _verb_stem(second)
        if gerund.group("how") == "after":
            earlier, later = later, earlier
        if earlier and later and earlier != later:
            yield Claim(Kind.ORDER, sentence, earlier, later, "before")


def _verb_stem(verb: str) -> str:
    """ "truncates" → the calls named `truncat…`; "" for a verb too short to stand for one."""
    stem = re.sub(r"(?:es|s)\Z", "", verb)
    return ACTION + STEM + stem if len(stem) >= 4 else ""


_WHICH = re.compile(r"\s+which\b", re.IGNORECASE)


def _back_to_step(match: re.Match[str]) -> bool:
    """Whether the order's word points back at the step just said ("inserts the row and only
    after that calls `B`": the insert comes first, though the word is "after")."""
    return match.group("how") is not None and _THAT_STEP.match(match.string, match.end("how")) is not None


def _is_after(match: re.Match[str]) -> bool:
    """Whether an order's word puts the later side first ("after", "once")."""
    how = (match.group("how") or "").lower()
    return how == "after" or how.endswith("once")


_Step = tuple[int, int, str]  # (start, end, name) of a step a sentence names


def first_then(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """ "`A` first, then `B`", "spawns the tasks first and creates the group with `B` after them",
    "the cache first, then the queue", "… with `A` first, and only then … with `B` and `C`": the
    step before "first" comes before each step the later part names."""
    first = _FIRST.search(sentence)
    if first is None:
        return
    steps = [step for step in _steps(sentence, tokens) if "." not in sentence[step[0] : step[1]]]
    marker = _LATER.search(sentence, first.end())
    earlier = _first_step(sentence, steps, first, marker)
    if earlier is None:
        return
    later: list[_Step] = []
    if marker is not None and not _STOPS.search(sentence, first.end(), marker.start()):
        later = _later_steps(sentence, steps, marker.end())
    if not later:  # "… `A` first, and `B` … afterwards": the step the closing word follows
        later = [step for step in steps if step[0] >= first.end() and _AFTER_THEM.match(sentence, step[1])][
            :1
        ]
    for _, end, name in later:
        if name != earlier[2] and not negated(clauses, earlier[0], end):
            yield Claim(Kind.ORDER, sentence, earlier[2], name, "before")


# "checks, in order, `A`, `B` and `C`": a list that follows; "calls `A`, then builds …, and
# creates `C`, in that order": a list that leads up to the words
_IN_ORDER_LIST = re.compile(r"\bin\s+(?:this\s+)?order\s*[,:]\s*", re.IGNORECASE)
_IN_THAT_ORDER = re.compile(r",?\s*\b(?:strictly\s+)?in\s+(?:that|this)\s+order\b", re.IGNORECASE)
_ITEM_GLUE = re.compile(r",\s*(?:and\s+|then\s+)?|\s+(?:and|then)\s+")


def listed_orders(sentence: str, tokens: list[Token], clauses: Clauses) -> Iterator[Claim]:
    """ "It builds, in order, the pool with `A`, the cache, and the queue pair with `B`": each
    item of a list said to be in order comes before the next. An item is read only when it
    names one function (an item with none, "the cache", is passed over); the list ends at its
    item after "and", or at an item that names two."""
    for match in _IN_ORDER_LIST.finditer(sentence):
        stop = _STOPS.search(sentence, match.end())
        yield from _list_order(
            sentence, tokens, clauses, match.end(), stop.start() if stop else len(sentence)
        )
    for match in _IN_THAT_ORDER.finditer(sentence):
        begin = max((stop.end() for stop in _STOPS.finditer(sentence, 0, match.start())), default=0)
        yield from _list_order(sentence, tokens, clauses, begin, match.start())


def _list_order(
    sentence: str, tokens: list[Token], clauses: Clauses, begin: int, end: int
) -> Iterator[Claim]:
    """The consecutive steps of the list between `begin` and `end` (the sentence's subject left
    out)."""
    if negated(clauses, begin, end):
        return
    named = [t for t in tokens if begin <= t.start and t.end <= end and not _leads(sentence, t.start)]
    glue = list(_ITEM_GLUE.finditer(sentence, begin, end))
    items = zip(
        [begin, *(m.end() for m in glue)], [*(m.start() for m in glue), end], [None, *glue], strict=True
    )
    steps: list[Token] = []
    for left, right, before in items:
        functions = [t for t in named if left <= t.start and t.end <= right and function_like(t)]
        if len(functions) > 1 or any(t.name == HANDLER for t in functions):
            break
        steps.extend(functions)
        if before is not None and "and" in before.group():
            break  # the list's last item
    for earlier, later in zip(steps, steps[1:], strict=False):
        if earlier.name != later.name:
            yield Claim(Kind.ORDER, sentence, earlier.name, later.name, "before")


def _first_step(
    sentence: str, steps: list[_Step], first: re.Match[str], marker: re.Match[str] | None
) -> _Step | None:
    """The step "first" speaks of: the one just before it ("`A` first, then …", "`A` is called
    first"), else the one it opens ("`A` first loads the row and only then …"); never the
    sentence's subject when it is who acts ("`A` looks it up first, then calls …")."""
    earlier = next(
        (
            step
            for step in reversed(steps)
            if step[1] <= first.start() and _near(sentence, step[1], first.start())
        ),
        None,
    )
    passive = (
        earlier is not None and _PASSIVE_FIRST.fullmatch(sentence, earlier[1], first.start()) is not None
    )
    if (
        earlier is None
        or (_leads(sentence, earlier[0]) and not passive)
        or _a_place(sentence, earlier[0], earlier[1])
        or _STOPS.search(sentence, earlier[1], first.start())
    ):
        return _step_after_first(sentence, steps, first.end(), marker)
    return earlier


# "`A` is called first", "`A` runs first": the subject is the step, not who acts
_PASSIVE_FIRST = re.compile(
    r"(?:\(\))?\s+(?:(?:is|are)\s+(?:called|run|applied|awaited|invoked)|runs)\s+", re.IGNORECASE
)


def _step_after_first(
    sentence: str, steps: list[_Step], begin: int, marker: re.Match[str] | None
) -> _Step | None:
    """ "`A` first loads the row and only then …": the step "first" opens, when it comes right
    after it and before the later part."""
    if marker is None:
        return None
    step = next((step for step in steps if begin <= step[0] < marker.start()), None)
    if step is None or step[0] - begin > 12 or _STOPS.search(sentence, begin, marker.start()):
        return None
    return step


def _near(sentence: str, end: int, first: int) -> bool:
    """Whether a step is the one "first" speaks of: close before it, in the same clause."""
    return first - end < 50 or (first - end < 90 and not _CLAUSE_MARK.search(sentence, end, first))


_CLAUSE_MARK = re.compile(r"[,;]|:\s")  # not the `::` of a path


def _later_steps(sentence: str, steps: list[_Step], begin: int) -> list[_Step]:
    """The steps of a "first …" sentence's later part: from its "then" to the end of its clause
    (", and a missing row is a 404 from `f`" is another clause), a condition's names left out."""
    stop = _STOPS.search(sentence, begin)
    other = _OTHER_CLAUSE.search(sentence, begin)
    end = (
        min(found.start() for found in (stop, other) if found is not None)
        if (stop or other)
        else len(sentence)
    )
    return [step for step in steps if begin <= step[0] <= end and not _aside(sentence, begin, step[0])]


_OTHER_CLAUSE = re.compile(r",\s+(?:and|but|so|while)\s+(?:a|an|the|its|any|each|every|no)\b", re.IGNORECASE)
# the word that opens the later part of a "first …" sentence
_LATER = re.compile(r"\b(?:then|afterwards|after that)\b", re.IGNORECASE)
# a condition inside the later part ("only then, when the body lists `x`, checks …"): its names
# are not steps
_CONDITION = re.compile(r"\b(?:when|if|unless|once|whether)\b[^,]*\Z", re.IGNORECASE)


def _aside(sentence: str, begin: int, at: int) -> bool:
    """Whether a name of the later part stands in a condition rather than as a step."""
    return _CONDITION.search(sentence, begin, at) is not None


def _steps(sentence: str, tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(start, end, name) of each step a sentence names: a function, an action verb, a store."""
    steps = [(t.start, t.end, t.name) for t in tokens if function_like(t) and t.name != HANDLER]
    for match in _STEP.finditer(sentence):
        if match.group("verb"):
            steps.append((match.start(), match.end(), ACTION + _VERBS[match.group("verb").lower()]))
        else:
            noun = next(g for g in match.group("noun", "noun2", "noun3", "noun4", "noun5") if g).lower()
            steps.append((match.start(), match.end(), ACTION + _NOUNS[noun]))
    return sorted(steps)


# a side that may be a field set in the body ("… and only then sets `deleted` to false")
_FIELD = re.compile(r"[a-z][a-z0-9_]*")


def _is(side: str, names: tuple[str, ...], site: SiteFact) -> bool:
    """Whether a call site is a side of an order claim: an action's call, or the function named
    (its path too, when both the text and the code spell one: `message::Entity::find`)."""
    if side.startswith(ACTION):
        return is_call_of(names, site)
    if site.name not in names:
        return False
    if "::" in side and "::" in site.path and "." not in site.path:
        return site.path.endswith(side) or side.endswith(site.path)
    return True


def _called_as(name: str, fn_sites: tuple[SiteFact, ...] = ()) -> tuple[str, ...]:
    """The call names a claim's side stands for: a name itself, an action's calls, or for a
    verb the calls of the body whose name its stem begins."""
    if name.startswith(ACTION + STEM):
        stem = name.removeprefix(ACTION + STEM)
        return tuple(sorted({site.name for site in fn_sites if site.name.startswith(stem)}))
    if name.startswith(ACTION):
        return _ACTION_NAMES.get(name.removeprefix(ACTION), ())
    return (name,)


def _scoped(claim: Claim, own: list[FnDef]) -> list[FnDef]:
    """The record's functions an order is read in: the sentence's subject when it is one of
    them ("`delete_x` invalidates the cache before the row is saved" speaks of `delete_x`)."""
    if claim.scope == HANDLER:
        return own[:1]
    return named_by_scope(claim, own) or own


def judge_order(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when, in a function of the record that calls both, the first call of the earlier
    side comes first; not checkable when either is spawned or joined."""
    first, second = claim.subject, claim.object
    if first == second or (
        first.rsplit("::", 1)[-1] == second.rsplit("::", 1)[-1] and "::" not in first + second
    ):
        return Verdict(claim, State.UNCHECKABLE)
    scoped = _scoped(claim, own)
    if ACTION + STEM in first + second and not named_by_scope(claim, own):
        # a verb's calls are read in the function named, or in the one function of the record
        # that calls both
        scoped = [fn for fn in own if _calls_both(facts, fn, first, second)]
        if len(scoped) != 1:
            return Verdict(claim, State.UNCHECKABLE)
    reversed_in: list[tuple[SiteFact, SiteFact]] = []
    verb = _TABLE_VERB.search(claim.sentence)
    if ACTION + STEM in first + second:
        # (a function that hands its work to a helper of the record: `list_response` to
        # `list_response_inner`, whose body the verbs speak of)
        scoped += [r for fn in scoped for r in facts.reach(fn, 1) if r not in scoped and r in own]
    for fn in scoped:
        sides = _sides(facts, fn, first, second, verb.group(1).lower() if verb else "")
        a, b, chained = _unchained(first, second, *sides)
        if not a or not b:
            if chained:
                return Verdict(claim, State.UNCHECKABLE)
            continue
        if any(s.joined or s.task != a[0].task for s in a + b):
            return Verdict(claim, State.UNCHECKABLE)  # concurrent: no order to read
        if a[0].start < b[-1].start:  # one call of the earlier side before one of the later
            return Verdict(claim, State.SUPPORTED, where=a[0].where)
        if b[-1].line == a[0].line or b[-1].start < a[0].start < b[-1].end:
            # `Asymmetric(from_slice(…))`, `set_raw(key, to_string(v)?, ttl)` over lines: an
            # argument runs before the call it is given to (a closure's body, while it runs)
            return Verdict(claim, State.UNCHECKABLE)
        reversed_in.append((b[-1], a[0]))  # every call of the later side comes first
    if not reversed_in:
        return Verdict(claim, State.UNCHECKABLE)
    earlier, later = reversed_in[0]
    return contradicted(
        claim,
        f"`{earlier.name}` ({earlier.where}) runs before `{later.name}` ({later.where}); "
        "the text says the other way round",
        earlier.where,
    )


def _calls_both(facts: Facts, fn: FnDef, first: str, second: str) -> bool:
    """Whether a body calls something each side stands for (binds it, for a local)."""
    every = facts.sites(fn)
    return all(
        facts.bound(fn, side.removeprefix(LOCAL))
        if side.startswith(LOCAL)
        else _called_as(side.rsplit("::", 1)[-1], every)
        for side in (first, second)
    )


def _unchained(
    first: str, second: str, a: list[SiteFact], b: list[SiteFact]
) -> tuple[list[SiteFact], list[SiteFact], set[int]]:
    """A side's call on the other's chain (`find(…).one()`) has no order of its own: an action's
    call there (the `one` that runs a named lookup) belongs to the named side."""
    chained = {s.start for s in a} & {s.start for s in b}
    keep_a = chained if not first.startswith(ACTION) and second.startswith(ACTION) else set()
    keep_b = chained if not second.startswith(ACTION) and first.startswith(ACTION) else set()
    a = [s for s in a if s.start not in chained or s.start in keep_a]
    b = [s for s in b if s.start not in chained or s.start in keep_b]
    return a, b, chained


def _sides(
    facts: Facts, fn: FnDef, first: str, second: str, verb: str = ""
) -> tuple[list[SiteFact], list[SiteFact]]:
    """The sites of each side in a body, in source order: its calls, or for a side no call of the
    body names, the one assignment of a field of that name (set twice: which is meant?), the
    calls that spell a type, or a table's calls of the sentence's verb (`verb`)."""
    if LOCAL in first + second:
        return _local_sides(facts, fn, first, second)
    every = facts.sites(fn) if ACTION + STEM in first + second else ()
    firsts = _called_as(first.rsplit("::", 1)[-1], every)
    seconds = _called_as(second.rsplit("::", 1)[-1], every)
    sites = facts.sites(fn, firsts + seconds)
    unnamed = [
        side
        for side in (first, second)
        if _FIELD.fullmatch(side) and not any(s.name == side for s in sites) and not facts.functions(side)
    ]
    assigned = facts.assigned(fn, unnamed) if unnamed else ()
    if len(assigned) > 1:
        return [], []
    ordered = sorted(sites + assigned, key=lambda site: site.start)
    a = (
        [s for s in ordered if _is(first, firsts, s)]
        or _typed(facts, fn, first)
        or _entity(facts, fn, first, verb)
    )
    b = (
        [s for s in ordered if _is(second, seconds, s)]
        or _typed(facts, fn, second)
        or _entity(facts, fn, second, verb)
    )
    return a, b


def _local_sides(facts: Facts, fn: FnDef, first: str, second: str) -> tuple[list[SiteFact], list[SiteFact]]:
    """The sites of a local's one binding and of the calls a verb's stem begins; none when the
    local is bound twice (which binding is meant?)."""
    sides: list[list[SiteFact]] = []
    every = facts.sites(fn)
    for side in (first, second):
        if side.startswith(LOCAL):
            bound = facts.bound(fn, side.removeprefix(LOCAL))
            sides.append(list(bound) if len(bound) == 1 else [])
        else:
            sides.append(list(facts.sites(fn, _called_as(side, every))))
    return sides[0], sides[1]


def _entity(facts: Facts, fn: FnDef, side: str, verb: str) -> list[SiteFact]:
    """ "deletes the `message` rows, then the `endpoint` rows": for a table's module, the calls
    of its `Entity` the sentence's verb names (`message::Entity::delete_many`), when it names one."""
    if not verb or not _FIELD.fullmatch(side):
        return []
    prefix = f"{side}::Entity::"
    return [s for s in facts.sites(fn) if s.path.startswith(prefix) and s.name.startswith(verb)]


# the verb of a sentence that orders two tables' rows: "deletes the `message` rows, then …"
_TABLE_VERB = re.compile(r"\b(delete|insert|update)(?:s|d)?\b", re.IGNORECASE)


def _typed(facts: Facts, fn: FnDef, side: str) -> list[SiteFact]:
    """ "It first extracts `ApplicationPathParams` …": for a type no call is named after, the
    calls that spell it (`Path::<ApplicationPathParams>::from_request_parts`)."""
    name = side.rsplit("::", 1)[-1]
    if not _TYPE_NAME.fullmatch(name) or facts.functions(side):
        return []
    spelled = re.compile(rf"\b{re.escape(name)}\b")
    return [s for s in facts.sites(fn) if spelled.search(s.path)]


_TYPE_NAME = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+")  # two humps at least: a type, not `Ok`
