"""Claims in the prose held against the code: who calls whom, what a function takes and returns,
a constant's value, the order of two calls, what happens to an error.

A small, conservative grammar reads the sentences of a request or think block into claims
between code names (`grammar` below); each claim is judged against the facts of `rust.facts`
(supported with the line that shows it, contradicted with what the code says and where, or not
checkable). What the grammar cannot read with confidence is never judged: a false alarm costs an
operator more than a miss. A sentence with a negation, a contrast or a hypothetical is left alone,
but for the one negated form read as such ("`A` never calls `B`").

Every pattern here is linear in the text: names are found by one scan with possessive
quantifiers, and the relation words are matched on the short glue between two names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from ..rust.words import PRIMITIVE_TYPES, RETURN_WRAPPERS

if TYPE_CHECKING:
    from ..rust.crate import FnDef
    from ..rust.facts import Facts, SiteFact, Value

REACH_DEPTH = 4  # calls followed from a claim's subject before "never reaches" is said
MAX_SENTENCES = 400  # a text with more sentences is judged on its first ones
MAX_SENTENCE = 600  # characters: a longer "sentence" is not prose the grammar reads
_MAX_GLUE = 90  # characters between two names for a relation word to join them


class Kind(str, Enum):
    """What a claim is about; each kind has its own finding code."""

    CALL = "call"
    SIGNATURE = "signature"
    VALUE = "value"
    ORDER = "order"
    ERROR = "error handling"


class State(str, Enum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNCHECKABLE = "not checkable"


CODES = {
    Kind.CALL: "W330",
    Kind.SIGNATURE: "W331",
    Kind.VALUE: "W332",
    Kind.ORDER: "W333",
    Kind.ERROR: "W334",
}


@dataclass(frozen=True)
class Claim:
    """One claim of a sentence: its kind, the names it joins and what it says of them."""

    kind: Kind
    sentence: str
    subject: str
    object: str = ""
    says: str = ""  # the relation or value as written ("calls", "returns", "64 KB", "retried")
    negated: bool = False


@dataclass(frozen=True)
class Verdict:
    """A claim judged: supported (where), contradicted (what the code says, where), or not."""

    claim: Claim
    state: State
    message: str = ""
    where: str = ""


# ---- the grammar --------------------------------------------------------------------------

# a name: anything in backticks, or a code-like bare word (a path, a call, snake_case with an
# underscore, CamelCase with two humps, SCREAMING_CASE); possessive, so a long near-miss is linear
_TOKEN = re.compile(
    r"`(?P<tick>[^`\n]{1,200})`"
    r"|(?<![\w:`])(?P<bare>(?:[A-Za-z_]\w*+::)++[A-Za-z_]\w*+(?:\(\))?"
    r"|[A-Za-z_]\w*+\(\)"
    r"|[A-Za-z]\w*+_\w++"
    r"|[A-Z][a-z0-9]++[A-Z]\w*+)"
)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SENTENCE = re.compile(r"[^.!?;\n]*+(?:[.!?;](?![\s\n]|\Z)[^.!?;\n]*+)*+[.!?;]?")
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nor|neither|without|unlike|instead|rather|whereas|except|cannot|"
    r"nothing|would|could|might|may|should|if it were|unless)\b|n't\b",
    re.IGNORECASE,
)
_FILLER = r"(?:(?:then|first|also|only|directly|itself|in turn|finally|next|later|immediately|always|simply|just|eventually|now)\s+)*"
# what may stand between a subject and its verb: a relative pronoun, or a few plain words of an
# earlier verb phrase ending in "and" ("looks the application up and then calls"); never a
# subordinate clause, whose own subject would be another
_LEAD = (
    r"\s*(?:\(\))?\s*,?\s*(?:(?:which|that|who)\s+)?"
    r"(?:(?:(?!(?:when|if|while|because|since|where|unless|until|once|so|after|before|whose)\b)[a-z0-9]+,?\s+){1,14}(?:and|,)\s+)?"
)
_CALL_GLUE = re.compile(
    _LEAD + _FILLER + r"(?:calls|invokes|delegates to|goes through|goes on to call|calls into|"
    r"reaches|runs|awaits|dispatches to|hands off to|hands over to|hands (?:it|them) (?:on )?to|passes (?:it|them) (?:on )?to)"
    r"\s+(?:(?:the|its|a|an|helper|function|method)\s+)*\Z",
    re.IGNORECASE,
)
_HAND_VERB = re.compile(_LEAD + _FILLER + r"(?:hands|passes|forwards|gives|sends)\b", re.IGNORECASE)
_HAND_TO = re.compile(r"(?:\s|,)(?:on\s+)?(?:to|into)\s+(?:the\s+)?\Z", re.IGNORECASE)
_CALLED_BY = re.compile(
    r"\s*(?:\(\))?\s*(?:is|are)\s+(?:only\s+)?(?:called|invoked|run)\s+(?:only\s+)?(?:by|from)\s+\Z",
    re.IGNORECASE,
)
_NEVER_CALLS = re.compile(
    r"\s*(?:\(\))?\s*(?:never|does not|doesn't|do not|don't)\s+(?:calls?|invokes?|reach(?:es)?)\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
_RETURNS = re.compile(
    _LEAD + r"(?:then\s+|only\s+|always\s+|finally\s+)?"
    r"(?P<verb>returns|answers with|responds with|yields|produces|gives back|hands back)\s+"
    r"(?:(?:a|an|the|its|either|plain|bare|\d{3}|http|json)\s+)*"
    r"(?:(?!(?:to|from|with|by|for|into|in|on|after|before|when|if|once|early|back)\b)[a-z]{2,20}\s+){0,2}\Z",
    re.IGNORECASE,
)
_TAKES = re.compile(
    _LEAD + r"(?P<verb>takes|receives)\s+(?:(?:a|an|the|its|only|plain|bare|borrowed|owned)\s+)*\Z",
    re.IGNORECASE,
)
_ONE = r"(?:\d{1,3}(?:[, ]\d{3})++(?![\d])|\d[\d_]{0,20}+)(?:\.\d{1,6})?"
_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
    "an": 1,
}
_NUMBER = (
    r"(?:" + _ONE + r"(?:\s*[*×]\s*" + _ONE + r")?"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?)(?=\s+(?:ms|millisecond|seconds?|minutes?|hours?|days?|bytes?)\b))"
)
_VALUE_GLUE = re.compile(
    r"\s*(?:\(\)\s*)?(?:=|==|is set to|is fixed at|is|equals|defaults to|of|\(|:|(?:\s*[a-z]{1,20})?\s*,\s*(?:which is\s+|that is\s+)?)\s*"
    r"(?P<numbers>" + _NUMBER + r"(?:\s*(?:,|and|or|,\s*and)\s*" + _NUMBER + r"){0,8})"
    r"(?:\s*(?P<unit>[A-Za-zµ]{1,12})\b)?(?P<after>\s*[^\s]?)",
)
_IN_TICKS_VALUE = re.compile(
    r"\A\s*(?P<name>[A-Za-z_]\w*)\s*(?:=|:)\s*(?P<numbers>" + _NUMBER + r")\s*(?P<unit>[A-Za-z]{1,12})?\s*\Z"
)
_ARGUMENT = re.compile(
    r"\s*(?:\(\))?\s*with\s+(?:a|an|the)\s+(?:[A-Za-z]{1,20}\s+){1,2}of\s+(?P<numbers>" + _NUMBER + r")"
    r"\s*(?P<unit>[A-Za-zµ]{1,12})?\b"
)
_COMPARATIVES = frozenset(
    [
        "times",
        "x",
        "percent",
        "more",
        "less",
        "fewer",
        "larger",
        "smaller",
        "bigger",
        "higher",
        "lower",
        "longer",
        "shorter",
        "faster",
        "slower",
        "th",
        "st",
        "nd",
        "rd",
        "and",
        "or",
        "to",
        "by",
        "in",
    ]
)
_DOES = re.compile(r"\b(?:does|do|did)\s+\Z")
_DOES_CALL = re.compile(r"\s*(?:\(\))?\s+(?:call|invoke|reach)\s+(?:the\s+)?\Z")
# a call whose caller is the record's code as a whole: "… then calls `B`", "… goes through `B`"
_FLOW_CALL = re.compile(
    r"\b(?:calls|invokes|goes through|calls into|hands (?:it|them) to|passes (?:it|them) to)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:helper\s+|function\s+|method\s+)?\Z"
)
_BEFORE = re.compile(r"\bbefore\b", re.IGNORECASE)
_AFTER = re.compile(r"\bafter\b", re.IGNORECASE)
_THEN = re.compile(r"(?:,\s*|\s)(?:and\s+)?then\s", re.IGNORECASE)
_ONCE = re.compile(r"\A\s*once\s", re.IGNORECASE)
_RETRIED = re.compile(r"\bretr(?:y|ies|ied)\b", re.IGNORECASE)
_LOGGED = re.compile(
    r"\b(?:only logged|is logged|are logged|gets logged|logged and (?:dropped|ignored|discarded)|"
    r"swallowed|is ignored|are ignored|silently dropped|is discarded)\b",
    re.IGNORECASE,
)
_PROPAGATED = re.compile(r"\b(?:propagat\w*|bubbles? up)\b", re.IGNORECASE)

# units a value may be written in: (dimension, factors to the code's unit) — bytes, or ms
_UNITS: dict[str, tuple[str, tuple[float, ...]]] = {}
for _names, _dim, _factors in (
    (("b", "byte", "bytes"), "bytes", (1.0,)),
    (("kb", "kbs"), "bytes", (1000.0, 1024.0)),
    (("kib",), "bytes", (1024.0,)),
    (("mb",), "bytes", (1e6, 1048576.0)),
    (("mib",), "bytes", (1048576.0,)),
    (("gb",), "bytes", (1e9, 1073741824.0)),
    (("gib",), "bytes", (1073741824.0,)),
    (("ms", "millisecond", "milliseconds", "msec"), "time", (1.0,)),
    (("s", "sec", "secs", "second", "seconds"), "time", (1000.0,)),
    (("min", "mins", "minute", "minutes"), "time", (60_000.0,)),
    (("h", "hr", "hour", "hours"), "time", (3_600_000.0,)),
    (("d", "day", "days"), "time", (86_400_000.0,)),
):
    for _name in _names:
        _UNITS[_name] = (_dim, _factors)


@dataclass(frozen=True)
class _Token:
    text: str  # as written, without backticks
    name: str  # the first path of it (`Option<CreateMessageApp>` → Option)
    start: int
    end: int
    ticked: bool


def sentences(text: str) -> Iterator[str]:
    """The sentences of a text: ended by `.`, `!`, `?` or `;` before a space, or a line end."""
    count = 0
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence and len(sentence) <= MAX_SENTENCE:
            count += 1
            if count > MAX_SENTENCES:
                return
            yield sentence


_LITERAL = re.compile(r"[{}\"\s=]|\.\w")  # backticked text that is a literal, not a name
_REFERENCE = re.compile(r"\A(?:&|'\w+\s+|mut\s+|dyn\s+)+")


def _tokens(sentence: str) -> list[_Token]:
    """The names of a sentence; backticked literals (`{id}.{ts}`, `SELECT 1`) are left out."""
    out = []
    for match in _TOKEN.finditer(sentence):
        ticked = match.group("tick") is not None
        text = match.group("tick") if ticked else match.group("bare")
        if ticked:
            text = _REFERENCE.sub("", text.strip())
            if _LITERAL.search(text) and not _IN_TICKS_VALUE.match(text):
                continue
        paths = re.findall(r"[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*", text)
        if not paths:
            continue
        out.append(_Token(text, paths[0].removesuffix("()"), match.start(), match.end(), ticked))
    return out


_PRONOUN = re.compile(r"(?:It|it|This function|this function)\b")
_HANDLER = re.compile(r"(?:The|the|This|this) handler\b")
HANDLER = "<handler>"  # a claim's subject: the record's first function, its entry point
FLOW = "<flow>"  # a claim's subject: any function of the record's code
_ELSEWHERE = re.compile(r"\boutside (?:this|the) flow\b|\belsewhere\b|\banother flow\b|\bflow [a-z_]+\b")


def claims(text: str) -> Iterator[Claim]:
    """Every claim the grammar reads with confidence, sentence by sentence."""
    subject: str | None = None  # the last sentence's subject, for "It" at the next one's start
    for sentence in sentences(text):
        tokens = _tokens(sentence)
        lead = _lead_subject(sentence, subject)
        if lead is not None:
            tokens.insert(0, lead)
        yield from _sentence_claims(sentence, tokens)
        first = tokens[0] if tokens else None
        subject = first.name if first is not None and first.start == 0 and _function_like(first) else None


def _lead_subject(sentence: str, previous: str | None) -> _Token | None:
    """ "It …" after a sentence whose subject was a function, or "The handler …": a subject token."""
    match = _HANDLER.match(sentence)
    if match is not None:
        return _Token(match.group(), HANDLER, 0, match.end(), False)
    match = _PRONOUN.match(sentence)
    if match is not None and previous is not None:
        return _Token(match.group(), previous, 0, match.end(), False)
    return None


def _sentence_claims(sentence: str, tokens: list[_Token]) -> Iterator[Claim]:
    if _NEGATION.search(sentence) is None:
        clauses = [(0, len(sentence), False)]
    else:
        clauses = list(_clauses(sentence))
    subjects: set[int] = set()  # tokens already the object of a claim with a named subject
    for index, token in enumerate(tokens):
        after = sentence[token.end : token.end + 120]
        for value in _value_claims(token, after, sentence):
            # the claim runs from the name to its number: a negation in a later clause ("…,
            # instead of dropping it") is about something else
            said = after.find(value.says.split(" ", 1)[0])
            if not _negated(clauses, token.start, token.end + max(said, 0) + len(value.says)):
                yield value
        if index + 1 >= len(tokens):
            continue
        following = tokens[index + 1]
        glue = sentence[token.end : following.start]
        if len(glue) > _MAX_GLUE:
            continue
        if _negated(clauses, token.start, following.end):
            if _NEVER_CALLS.fullmatch(glue):
                yield Claim(Kind.CALL, sentence, token.name, following.name, "never calls", True)
            continue
        claim = _pair_claim(sentence, tokens, index, glue)
        if claim is not None:
            if claim.kind is Kind.CALL:
                subjects.add(index + 1)
            yield claim
        order = (
            _order(glue, sentence, token, following) if claim is None or claim.kind is not Kind.CALL else None
        )
        if order is not None:
            yield Claim(Kind.ORDER, sentence, order[0], order[1], "before")
    if not _ELSEWHERE.search(sentence):
        for index, token in enumerate(tokens):
            if index in subjects or not _function_like(token) or _negated(clauses, token.start, token.end):
                continue
            if _FLOW_CALL.search(sentence, max(0, token.start - 40), token.start):
                yield Claim(Kind.CALL, sentence, FLOW, token.name, "calls")
    yield from _error_claims(sentence, tokens, clauses)
    for token in tokens:
        if not _function_like(token):
            continue
        match = _TOKEN_THEN_ACTION.match(sentence, token.end)
        if match is not None and not _negated(clauses, token.start, match.end()):
            action = _VERBS[match.group("b").lower()]
            earlier, later = (token.name, ACTION + action)
            if match.group("how").lower() == "after":
                earlier, later = later, earlier
            yield Claim(Kind.ORDER, sentence, earlier, later, "before")
    for match in _ACTION_ORDER.finditer(sentence):
        first, second = _VERBS[match.group("a").lower()], _VERBS[match.group("b").lower()]
        if first != second and not _negated(clauses, match.start(), match.end()):
            if match.group("how").lower() == "after":
                first, second = second, first
            yield Claim(Kind.ORDER, sentence, ACTION + first, ACTION + second, "before")


# "the row is inserted before the task is sent": the calls such verbs stand for, in order
_VERBS = {
    **dict.fromkeys(["inserted", "inserts", "insert", "stored", "stores"], "insert"),
    **dict.fromkeys(["sent", "sends", "send", "enqueued", "enqueues", "queued", "queues"], "send"),
    **dict.fromkeys(["committed", "commits", "commit"], "commit"),
    **dict.fromkeys(["deleted", "deletes", "delete"], "delete"),
    **dict.fromkeys(["updated", "updates", "update"], "update"),
    **dict.fromkeys(["acked", "acks"], "ack"),
    **dict.fromkeys(["nacked", "nacks"], "nack"),
}
_VERB = r"(?:inserted|inserts|stored|stores|sent|sends|enqueued|enqueues|queued|queues|committed|commits|deleted|deletes|updated|updates|acked|acks|nacked|nacks)"
_ACTION_ORDER = re.compile(
    r"\b(?P<a>" + _VERB + r")\b[^.;:]{0,80}?\b(?P<how>before|after)\b[^.;:]{0,60}?\b(?P<b>" + _VERB + r")\b",
    re.IGNORECASE,
)
_TOKEN_THEN_ACTION = re.compile(
    r"[^.;:`]{0,40}?\b(?P<how>before|after)\s+(?:it\s+|they\s+|the\s+|its\s+)?(?P<b>"
    + _VERB
    + r"|insert|update|commit|delete|send)\b",
    re.IGNORECASE,
)
_ACTION_NAMES = {
    "insert": ("insert", "insert_many"),
    "send": ("send",),
    "commit": ("commit",),
    "delete": ("delete", "delete_many", "delete_by_id"),
    "update": ("update", "update_many"),
    "ack": ("ack",),
    "nack": ("nack",),
}


_GOVERNED = re.compile(
    r"\b(?:to|by|from|with|in|into|through|via|on|for|inside|within|at|than|like|around|passed|given)\s+(?:the\s+|a\s+|an\s+)?\Z",
    re.IGNORECASE,
)


_RELATIVE = re.compile(
    r"\s*(?:\(\))?\s*,\s*(?:which|that|who)\b"
)  # "to `f`, which returns": f is the subject


def _governed(sentence: str, token: _Token) -> bool:
    """Whether a preposition governs the token ("the closure passed to `f` calls"): not a subject."""
    return _GOVERNED.search(sentence, max(0, token.start - 16), token.start) is not None


def _pair_claim(sentence: str, tokens: list[_Token], index: int, glue: str) -> Claim | None:
    """A claim between a token and the next: a call, "is called by", "hands … to", a signature."""
    token, following = tokens[index], tokens[index + 1]
    if _governed(sentence, token) and not _RELATIVE.match(glue):
        return None
    if _CALL_GLUE.fullmatch(glue) or (
        _DOES.search(sentence, max(0, token.start - 8), token.start) and _DOES_CALL.fullmatch(glue)
    ):
        return Claim(Kind.CALL, sentence, token.name, following.name, "calls")
    if _CALLED_BY.fullmatch(glue):
        return Claim(Kind.CALL, sentence, following.name, token.name, "calls")
    if _HAND_VERB.match(glue) is not None:
        hand = _handed_to(tokens, index, sentence)
        return Claim(Kind.CALL, sentence, token.name, hand, "hands to") if hand is not None else None
    if _RETURNS.fullmatch(glue) and _type_like(following, sentence):
        return Claim(Kind.SIGNATURE, sentence, token.name, following.text, "returns")
    if _TAKES.fullmatch(glue) and _type_like(following, sentence):
        return Claim(Kind.SIGNATURE, sentence, token.name, following.text, "takes")
    return None


# a negation reaches as far as its clause: commas, colons, dashes, "but", "whereas" end one
_CLAUSE_END = re.compile(r"[,;:]\s|\s(?:but|whereas|—|–|-)\s|\(|\)")


def _clauses(sentence: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, negated) of each clause of a sentence with a negation, contrast or hypothesis."""
    start = 0
    for match in _CLAUSE_END.finditer(sentence):
        yield start, match.start(), _NEGATION.search(sentence, start, match.start()) is not None
        start = match.start()
    yield start, len(sentence), _NEGATION.search(sentence, start) is not None


def _negated(clauses: list[tuple[int, int, bool]], start: int, end: int) -> bool:
    """Whether any clause that the span touches holds a negation, a contrast or a hypothesis."""
    return any(negated and a < end and start < b for a, b, negated in clauses)


def _handed_to(tokens: list[_Token], index: int, sentence: str) -> str | None:
    """ "`A` hands X (, …) to `B`": B, the first name after a " to " within reach."""
    verb = _HAND_VERB.match(sentence, tokens[index].end)
    begin = verb.end() if verb is not None else tokens[index].end
    for later in tokens[index + 2 : index + 6]:
        glue = sentence[begin : later.start]
        if len(glue) > 160 or re.search(r"[.;]|\bwhich\b|\bwhere\b|\bwhile\b", glue):
            return None
        if _HAND_TO.search(glue):
            return later.name
    return None


def _type_like(token: _Token, sentence: str) -> bool:
    """A name that can be a type: capitalised, not a constant, not a call or a variant."""
    last = token.name.rsplit("::", 1)[-1]
    if token.ticked and (token.text in PRIMITIVE_TYPES or token.text == "()"):
        return True
    if not last[:1].isupper() or last.isupper() or "(" in token.text.replace("()", ""):
        return False
    if last in ("None", "Some", "Ok", "Err", "Self"):
        return False
    parts = token.name.split("::")
    if len(parts) > 1 and parts[-2][:1].isupper():
        return False  # `QueueBackend::RabbitMq`: a variant or an associated item, a value
    if re.match(r"\s+(?:response|variant|case|arm|value)\b", sentence[token.end : token.end + 12]):
        return False  # "a `Finished` response": a variant named as a kind of value
    rest = sentence[token.end : token.end + 4]
    return not rest.startswith(("'s", "’s", "::"))


def _value_claims(token: _Token, after: str, sentence: str) -> Iterator[Claim]:
    """`NAME` = N, `NAME` is N, `NAME` (N …), `NAME` of N, `NAME`, which is N, `NAME` rows, N,
    `field: N` in backticks; and `f` with a timeout of N s (an argument of `f`'s calls)."""
    if token.ticked:
        inside = _IN_TICKS_VALUE.match(token.text)
        if inside is not None:
            unit = inside.group("unit") or ""
            yield Claim(
                Kind.VALUE, sentence, inside.group("name"), "", f"{inside.group('numbers')} {unit}".strip()
            )
            return
    last = token.name.rsplit("::", 1)[-1]
    if "::" in token.name and not last.isupper():
        argument = _ARGUMENT.match(after) if _function_like(token) else None
        if argument is not None and _plain_unit(argument.group("unit")):
            says = f"{argument.group('numbers')} {argument.group('unit') or ''}".strip()
            yield Claim(Kind.VALUE, sentence, last, "argument", says)
        return
    if "(" in token.text.replace("()", ""):
        return
    if not (last.isupper() or (token.ticked and last[:1].islower())):
        return
    if _function_like(token) and (argument := _ARGUMENT.match(after)) is not None:
        if _plain_unit(argument.group("unit")):
            says = f"{argument.group('numbers')} {argument.group('unit') or ''}".strip()
            yield Claim(Kind.VALUE, sentence, last, "argument", says)
        return
    match = _VALUE_GLUE.match(after)
    if match is None:
        return
    unit = (match.group("unit") or "").strip()
    follow = match.group("after").strip()
    if not _plain_unit(unit) or (not unit and follow[:1] in ("%", "x", "×", "-", "/")):
        return  # "2 times", "50 %": not a value the grammar can weigh
    yield Claim(Kind.VALUE, sentence, last, "", f"{match.group('numbers')} {unit}".strip())


def _plain_unit(unit: str | None) -> bool:
    """A unit the grammar weighs: none, a known one, or a plain count noun ("rows")."""
    return not unit or unit.lower() in _UNITS or unit.lower() not in _COMPARATIVES


# glue that orders something else than the two names: a span of time ("90 days before"), or a
# pronoun ("before it") that points back
_NOT_STEPS = re.compile(r"\d|\b(?:before|after)\s+(?:it|them|that|this|those|these)\b", re.IGNORECASE)


def _order(glue: str, sentence: str, first: _Token, second: _Token) -> tuple[str, str] | None:
    """(earlier, later) when the glue orders two names: "A … before B", "A, then B", "A after B"."""
    if len(glue) > 80 or re.search(r"[.;:]", glue) or _NOT_STEPS.search(glue):
        return None
    before, after = _BEFORE.search(glue), _AFTER.search(glue)
    if before and not after:
        return first.name, second.name
    if after and not before:
        return second.name, first.name
    if _THEN.search(glue) and not before and not after:
        return first.name, second.name
    lead = sentence[: first.start].strip().lower()
    if lead in ("once", "after") and "," in glue:
        return first.name, second.name
    if lead == "before" and "," in glue:
        return second.name, first.name
    return None


def _error_claims(
    sentence: str, tokens: list[_Token], clauses: list[tuple[int, int, bool]]
) -> Iterator[Claim]:
    """ "`send` is retried", "the error of `set` is only logged", "`insert`'s error propagates":
    the function named nearest before the words in their clause (else just after them)."""
    for pattern, says in ((_RETRIED, "retried"), (_LOGGED, "only logged"), (_PROPAGATED, "propagated")):
        match = pattern.search(sentence)
        if match is None or _negated(clauses, match.start(), match.end()):
            continue
        start = next((a for a, b, _ in clauses if a <= match.start() < b), 0)
        callable_ = [t for t in tokens if _function_like(t)]
        failing = [t for t in callable_ if _FAILING.search(sentence, max(0, t.start - 20), t.start)]
        near = [t for t in callable_ if start <= t.start < match.start() and not _governed(sentence, t)]
        action = _ACTION.search(sentence, start, match.start())
        if failing:
            yield Claim(Kind.ERROR, sentence, failing[0].name, "", says)
        elif near and action is None:
            yield Claim(Kind.ERROR, sentence, near[-1].name, "", says)
        elif action is not None:
            store = (action.group("store") or "").lower()
            word = action.group("word").lower()
            key = f"{store} {word}" if f"{store} {word}" in _ACTIONS else word
            if key in _ACTIONS:
                yield Claim(Kind.ERROR, sentence, ACTION + key, "", says)


# "a failed `send`", "the error of `insert`": the token after names what fails
_FAILING = re.compile(
    r"\b(?:a failed|failed|failing|error of|errors of|failure of|failures of|error from|errors from|error in)\s+\Z",
    re.IGNORECASE,
)
# "a failed cache write", "an error of that send": the calls an action noun stands for
ACTION = "<action>"
_ACTIONS = {
    "cache write": ("set", "set_raw", "set_if_not_exists"),
    "redis write": ("set", "set_raw", "set_if_not_exists"),
    "cache read": ("get", "get_raw"),
    "queue send": ("send",),
    "database write": ("insert", "update"),
    "ack": ("ack",),
    "nack": ("nack",),
    "insert": ("insert",),
    "delete": ("delete",),
    "update": ("update",),
    "commit": ("commit",),
    "invalidation": ("invalidate",),
}
_ACTION = re.compile(
    r"\b(?:a failed|the failed|an? (?:error|failure) (?:of|in|from) (?:the|that|this|an?|each)|a failure to|"
    r"(?:errors?|failures?) (?:of|from|in) (?:the|that|this|each))\s+(?:(?P<store>cache|queue|database|redis)\s+)?"
    r"(?P<word>[a-z]+)\b",
    re.IGNORECASE,
)


def _function_like(token: _Token) -> bool:
    last = token.name.rsplit("::", 1)[-1]
    return last[:1].islower() or (last[:1] == "_" and not last.isupper())


# ---- the verdicts -------------------------------------------------------------------------


class Judge:
    """Judges the claims of texts about one record's code against the crate's facts."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts

    def judge(self, text: str, own: list[FnDef]) -> list[Verdict]:
        """Every claim of `text`, judged; `own` are the functions of the record's code."""
        return [self._judge(claim, own) for claim in claims(text)]

    def _judge(self, claim: Claim, own: list[FnDef]) -> Verdict:
        try:
            if claim.kind is Kind.CALL:
                return self._call(claim, own)
            if claim.kind is Kind.SIGNATURE:
                return self._signature(claim, own)
            if claim.kind is Kind.VALUE:
                return self._value(claim, own)
            if claim.kind is Kind.ORDER:
                return self._order(claim, own)
            return self._error(claim, own)
        except RecursionError:  # pathological code: nothing to say
            return Verdict(claim, State.UNCHECKABLE)

    def _subjects(self, claim: Claim, own: list[FnDef]) -> list[FnDef]:
        if claim.subject == HANDLER:
            return own[:1]
        if claim.subject == FLOW:
            return own
        return self.facts.functions(claim.subject)

    def _call(self, claim: Claim, own: list[FnDef]) -> Verdict:
        callers = self._subjects(claim, own)
        callee = claim.object.rsplit("::", 1)[-1]
        if not callers or not self.facts.functions(claim.object) or callee[:1].isupper():
            return Verdict(claim, State.UNCHECKABLE)
        if claim.subject == FLOW:
            for fn in callers:
                for reached in self.facts.reach(fn, REACH_DEPTH, queue=True):
                    if callee in self.facts.names(reached):
                        return Verdict(claim, State.SUPPORTED, where=at(reached))
            return Verdict(
                claim,
                State.CONTRADICTED,
                f"no function of this record's code reaches `{callee}` within {REACH_DEPTH} calls",
                at(callers[0]),
            )
        if claim.negated:
            for fn in callers:
                site = next((s for s in self.facts.sites(fn) if s.name == callee), None)
                if site is not None:
                    return Verdict(
                        claim,
                        State.CONTRADICTED,
                        f"`{claim.subject}` calls `{callee}` at {site.where}; the text says it never does",
                        site.where,
                    )
            return Verdict(claim, State.SUPPORTED, where=at(callers[0]))
        for fn in callers:
            for reached in self.facts.reach(fn, REACH_DEPTH):
                if callee in self.facts.names(reached):
                    return Verdict(claim, State.SUPPORTED, where=at(reached))
        return Verdict(
            claim,
            State.CONTRADICTED,
            f"`{claim.subject}` ({at(callers[0])}) never reaches `{callee}` within {REACH_DEPTH} calls; "
            f"the text says it {claim.says} it",
            at(callers[0]),
        )

    def _signature(self, claim: Claim, own: list[FnDef]) -> Verdict:
        fns = self._subjects(claim, own)
        if not fns:
            return Verdict(claim, State.UNCHECKABLE)
        said = [_SAME_TYPE.get(name, name) for name in _IDENT.findall(claim.object)]
        if "<" in claim.object or "()" in claim.object:
            wanted = set(said) | ({"()"} if "()" in claim.object else set())  # a whole type: every part
        else:
            wanted = {n for n in said if n not in RETURN_WRAPPERS} or set(said)
        shown: list[str] = []
        for fn in fns:
            if claim.says == "returns":
                written, names = self.facts.returns(fn)
            else:
                written, names = self.facts.params(fn)
            if written is None or "impl " in written or "Self::" in written:
                return Verdict(claim, State.UNCHECKABLE)
            generics = set(fn.generics) - {"Self"}
            if not (wanted - generics):
                return Verdict(claim, State.UNCHECKABLE)
            if "Self" in names and fn.owner is not None:
                names = names | {fn.owner.name}
            names = frozenset(_SAME_TYPE.get(name, name) for name in names) | (
                {"()"} if "()" in written.replace(" ", "") else set()
            )
            if wanted - generics <= names:
                return Verdict(claim, State.SUPPORTED, where=at(fn))
            shown.append(f"`{' '.join(written.split())}` at {at(fn)}")
        verb = "returns" if claim.says == "returns" else "takes"
        return Verdict(
            claim,
            State.CONTRADICTED,
            f"`{claim.subject}` {verb} {shown[0]}; the text says `{claim.object}`",
            at(fns[0]),
        )

    def _value(self, claim: Claim, own: list[FnDef]) -> Verdict:
        if claim.object == "argument":
            values = self.facts.arguments(claim.subject, own)
        else:
            values = self.facts.constant(claim.subject)
            files = {fn.file for fn in own}
            values = [v for v in values if v.file in files] or values  # the record's own first
            if not values and claim.subject[:1].islower():
                values = self.facts.field(claim.subject, own)
        if not values:
            return Verdict(claim, State.UNCHECKABLE)
        said = _said_numbers(claim.says)
        if said is None:
            return Verdict(claim, State.UNCHECKABLE)
        numbers, unit = said
        for value in values:
            if _matches(numbers, unit, value):
                return Verdict(claim, State.SUPPORTED, where=value.where)
        value = values[0]
        what = f"`{claim.subject}` is" if claim.object != "argument" else f"`{claim.subject}` is given"
        return Verdict(
            claim,
            State.CONTRADICTED,
            f"{what} {_shown(value)} at {value.where}; the text says {claim.says}",
            value.where,
        )

    def _order(self, claim: Claim, own: list[FnDef]) -> Verdict:
        first, second = claim.subject.rsplit("::", 1)[-1], claim.object.rsplit("::", 1)[-1]
        if first == second:
            return Verdict(claim, State.UNCHECKABLE)
        firsts, seconds = _called_as(first), _called_as(second)
        reversed_in: list[tuple[SiteFact, SiteFact]] = []
        for fn in own:
            sites = self.facts.sites(fn)
            a = [s for s in sites if s.name in firsts]
            b = [s for s in sites if s.name in seconds]
            if not a or not b:
                continue
            if any(s.spawned or s.joined for s in a + b):
                return Verdict(claim, State.UNCHECKABLE)
            if a[0].start < b[0].start:
                return Verdict(claim, State.SUPPORTED, where=a[0].where)
            reversed_in.append((b[0], a[0]))
        if not reversed_in:
            return Verdict(claim, State.UNCHECKABLE)
        later, earlier = reversed_in[0][1], reversed_in[0][0]
        return Verdict(
            claim,
            State.CONTRADICTED,
            f"`{earlier.name}` ({earlier.where}) runs before `{later.name}` ({later.where}); "
            "the text says the other way round",
            earlier.where,
        )

    def _error(self, claim: Claim, own: list[FnDef]) -> Verdict:
        if claim.subject.startswith(ACTION):
            name = claim.subject.removeprefix(ACTION)
            names = _ACTIONS.get(name) or _ACTIONS.get(name.split(" ")[-1], ())
        else:
            name = claim.subject.rsplit("::", 1)[-1]
            names = (name,)
        sites = [s for fn in own for s in self.facts.sites(fn) if s.name in names]
        if not sites or (claim.subject.startswith(ACTION) and len(sites) > 1):
            return Verdict(claim, State.UNCHECKABLE)  # "that send" of several: which is meant?
        if claim.says == "retried":
            if any(s.retried for s in sites) or any(
                self._retries(fn) for n in names for fn in self.facts.functions(n)
            ):
                return Verdict(claim, State.SUPPORTED, where=sites[0].where)
            if all(s.handling.swallowed for s in sites):
                return Verdict(
                    claim,
                    State.CONTRADICTED,
                    f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; nothing retries it",
                    sites[0].where,
                )
            return Verdict(claim, State.UNCHECKABLE)
        if claim.says == "only logged":
            swallowed = [s for s in sites if s.handling.swallowed]
            if swallowed:
                return Verdict(claim, State.SUPPORTED, where=swallowed[0].where)
            if all(s.handling.propagated for s in sites):
                return Verdict(
                    claim,
                    State.CONTRADICTED,
                    f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; "
                    "the text says it is only logged",
                    sites[0].where,
                )
            return Verdict(claim, State.UNCHECKABLE)
        propagated = [s for s in sites if s.handling.propagated]
        if propagated:
            return Verdict(claim, State.SUPPORTED, where=propagated[0].where)
        if all(s.handling.swallowed for s in sites):
            return Verdict(
                claim,
                State.CONTRADICTED,
                f"the error of `{name}` is {sites[0].handling.value} at {sites[0].where}; "
                "the text says it propagates",
                sites[0].where,
            )
        return Verdict(claim, State.UNCHECKABLE)

    def _retries(self, fn: FnDef) -> bool:
        return any(site.retried or "retr" in site.name.lower() for site in self.facts.sites(fn))


def _called_as(name: str) -> tuple[str, ...]:
    """The call names a claim's side stands for: a name itself, or an action's calls."""
    if name.startswith(ACTION):
        return _ACTION_NAMES.get(name.removeprefix(ACTION), ())
    return (name,)


# names a writer uses for one another: the data's wrapper as the handler spells it
_SAME_TYPE = {"JsonStatus": "Json", "JsonStatusUpsert": "Json", "ValidatedJson": "Json"}


def _shown(value: Value) -> str:
    """A value as the message says it: its numbers, durations in ms or s."""
    if not value.duration:
        return ", ".join(f"{n:g}" for n in value.numbers) if len(value.text) > 40 else value.text
    if all(n % 1000 == 0 for n in value.numbers):
        return ", ".join(f"{n / 1000:g}" for n in value.numbers) + " s"
    return ", ".join(f"{n:g}" for n in value.numbers) + " ms"


def at(fn: FnDef) -> str:
    return f"{fn.file}:{fn.line}"


def _said_numbers(says: str) -> tuple[list[float], str] | None:
    parts = says.rsplit(" ", 1)
    unit = parts[1].lower() if len(parts) == 2 and parts[1][:1].isalpha() else ""
    text = parts[0] if unit else says
    numbers: list[float] = []
    # a number word is a number only before its unit ("one hour"), so it is read with it
    spoken = unit and text.strip().lower() in _WORDS
    for piece in re.findall(_NUMBER, f"{text} {unit}" if spoken else text):
        if piece.lower() in _WORDS:
            numbers.append(float(_WORDS[piece.lower()]))
            continue
        factors = [p.replace("_", "").replace(",", "").replace(" ", "") for p in re.split(r"[*×]", piece)]
        try:
            product = 1.0
            for factor in factors:
                product *= float(factor)
        except ValueError:
            return None
        numbers.append(product)
    # "20,000" is one number, "10, 20" two: a comma followed by three digits joins
    return (numbers, unit) if numbers else None


def _matches(numbers: list[float], unit: str, value: Value) -> bool:
    """Whether every number said can be the code's value under some reading of its unit."""
    code = set(value.numbers)
    dimension, factors = _UNITS.get(unit, ("", (1.0,)))
    for number in numbers:
        readings = {number}
        if dimension == "time" and value.duration:
            readings = {number * f for f in factors}
        elif dimension == "time":
            readings |= {number * f for f in factors} | {number * f / 1000.0 for f in factors}
        elif dimension == "bytes":
            readings |= {number * f for f in factors}
        elif value.duration:  # a bare number for a Duration: seconds or milliseconds
            readings |= {number * 1000.0}
        if not any(abs(reading - c) < 1e-6 * max(1.0, abs(c)) for reading in readings for c in code):
            return False
    return True


def functions_of_blocks(facts: Facts, blocks: Iterable[tuple[str, int, int]], crate_root: str) -> list[FnDef]:
    """The functions a record's code blocks show: (repository path, first line, last line) each."""
    prefix = crate_root.strip("/") + "/"
    out: list[FnDef] = []
    for path, start, end in blocks:
        if path.startswith(prefix):
            out.extend(facts.in_lines(path[len(prefix) :], start, end))
    return out
