"""The grammar's shared fragments: sentences, the names of a sentence (tokens), numbers, and
the clauses a negation, a contrast or a hypothesis reaches.

Every pattern here is linear in the text: names are found by one scan with possessive
quantifiers, and the relation words of the kinds are matched on the short glue between names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...rust.words import ONE_METHOD_TRAITS, PRIMITIVE_TYPES
from ..prose.tokens import FILE_EXTENSIONS

MAX_SENTENCES = 400  # a text with more sentences is judged on its first ones
MAX_SENTENCE = 600  # characters: a longer "sentence" is not prose the grammar reads
MAX_GLUE = 90  # characters between two names for a relation word to join them

# a name: anything in backticks, or a code-like bare word (a path, a call, snake_case with an
# underscore, CamelCase with two humps, SCREAMING_CASE); possessive, so a long near-miss is linear
TOKEN = re.compile(
    r"`(?P<tick>[^`\n]{1,200})`"
    r"|(?<![\w:`])(?P<bare>(?:[A-Za-z_]\w*+::)++[A-Za-z_]\w*+(?:\(\))?"
    r"|[A-Za-z_]\w*+\(\)"
    r"|[A-Za-z]\w*+_\w++"
    r"|[A-Z][a-z0-9]++[A-Z]\w*+)"
)
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# (a stop inside backticks ends no sentence: `State(AppState { queue_tx, .. })`)
# (an abbreviation's dots end no sentence: "…, i.e. `svix.ping`, the handler …")
# (nor a stop inside a quoted message: logs "Payload is NULL; most likely expired" with …)
_IN_SENTENCE = (
    r"(?:`[^`\n]{0,300}`|\"[^\"\n]{1,200}\"|“[^”\n]{1,200}”|(?<![A-Za-z])(?:[iI]\.e|[eE]\.g)\.|[^.!?;\n`])*+"
)
_SENTENCE = re.compile(_IN_SENTENCE + r"(?:(?:[.!?;](?![\s\n]|\Z)|`)" + _IN_SENTENCE + r")*+[.!?;]?")
NEGATION = re.compile(
    # a bare "instead" asserts what it follows ("… and carries on with X instead"): only
    # "instead of" denies, and what it denies follows it
    r"\b(?:not|never|no|none|nor|neither|without|unlike|instead(?=\s+of\b)|rather|whereas|although|though|except|cannot|"
    r"nothing|would|could|might|may|should|if it were|unless)\b|n't\b",
    re.IGNORECASE,
)

# what a call is given, between its name and a relative clause of its own: "… to `can_fail`
# with the detail "x", which logs it"
GIVEN_ASIDE = r"(?:\s+with\s+(?:[^,;.`]|`[^`]{1,60}`){0,80})?"
# numbers: digits with thousands separators or underscores, a product, or a number word before
# its unit ("one hour")
ONE = r"(?:\d{1,3}(?:[, ]\d{3})++(?![\d])|\d[\d_]{0,20}+)(?:\.\d{1,6})?"
WORDS = {
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
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "eighteen": 18,
    "twenty": 20,
    "twenty-four": 24,
    "twenty-eight": 28,
    "forty-eight": 48,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
NUMBER = (
    r"(?:" + ONE + r"(?:\s*[*×]\s*" + ONE + r")?"
    r"|(?:" + "|".join(sorted((w for w in WORDS if len(w) > 2), key=len, reverse=True)) + r"|an?)"
    r"(?=\s+(?:ms|millisecond|seconds?|minutes?|hours?|days?|bytes?)\b))"
)
IN_TICKS_VALUE = re.compile(
    r"\A\s*(?P<name>[A-Za-z_]\w*)\s*(?:=|:)\s*(?P<numbers>" + NUMBER + r")\s*(?P<unit>[A-Za-z]{1,12})?\s*\Z"
)


@dataclass(frozen=True)
class Token:
    """A name of a sentence, where it stands."""

    text: str  # as written, without backticks
    name: str  # the first path of it (`Option<CreateMessageApp>` → Option)
    start: int
    end: int
    ticked: bool


def sentences(text: str) -> Iterator[str]:
    """The sentences of a text: ended by `.`, `!`, `?` or `;` before a space, or a line end."""
    return (sentence for sentence, _ in paragraphed(text))


def paragraphed(text: str) -> Iterator[tuple[str, bool]]:
    """The sentences of a text, each with whether a new paragraph (a blank line) opens with it."""
    count = 0
    last = 0
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence and len(sentence) <= MAX_SENTENCE:
            count += 1
            if count > MAX_SENTENCES:
                return
            yield sentence, _BLANK_LINE.search(text, last, match.start()) is not None
            last = match.end()


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


_LITERAL = re.compile(r"[{}\"\s=]|\.\w")  # backticked text that is a literal, not a name
# a call written with its arguments: the callee, a path or a value's method
_CALL_WITH_ARGUMENTS = re.compile(
    r"(?P<callee>(?:[A-Za-z_][A-Za-z0-9_]{0,60}::){0,4}[a-z_][a-z0-9_]{0,60}|[a-z_][a-z0-9_]{0,40}(?:\.[a-z_][a-z0-9_]{0,60}){1,3})"
    # (its arguments may hold calls of their own: `secure_find_by_id(app.id.clone(), msg_id)`)
    r"\((?=[^()]*[A-Za-z0-9_])(?:[^()`]|\([^()`]{0,40}\)){1,80}\)"
)
# `prefetch_size: u16`: a parameter with its type (its token's name is ":prefetch_size")
PARAMETER = re.compile(
    r"(?P<param>[a-z_][a-z0-9_]{0,40})\s*:\s*(?P<type>[&'A-Za-z_(][\w:<>, &()\[\]']{0,150})"
)
# `queue_tx.send`, `endp.key.valid_signing_keys()`: a value's method (a longer dotted name without
# a call, such as the operation id `v1.endpoint.delete`, is no method)
_DOTTED = re.compile(
    r"(?:self|[a-z_][a-z0-9_]{0,40})(?:\.[a-z_][a-z0-9_]{0,60}|(?:\.[a-z_][a-z0-9_]{0,60}){2,3}\(\))(?:\(\))?"
)
# a generic type written with spaces after its commas: `Result<(), Error>`, `Option<(A, B)>`
_GENERIC_TYPE = re.compile(r"[A-Za-z_][\w:]*<[\w:<>()\[\]&', ]{1,150}>|\([\w:<>&', ]{1,150}\)")
_REFERENCE = re.compile(r"\A(?:&|'\w+\s+|mut\s+|dyn\s+)+")
_PATH = re.compile(r"[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*")
# `From<DbErr> for Error`, `impl IntoResponse for HttpError`: a trait's impl for a type
_TRAIT_FOR = re.compile(
    r"(?:impl\s+)?(?P<trait>[A-Z]\w{1,40})(?:<[^`]{1,80}>)?\s+for\s+(?:[a-z_]\w*::){0,3}(?P<type>[A-Z]\w{0,60})(?:<[^`]{1,40}>)?"
)
_LEADING_DOT = re.compile(r"\.([a-z_][a-z0-9_]{0,60})(?:\([^`]{0,80}\))?\??")


_KEBAB = re.compile(r"\A[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+-?\Z")  # `webhook-id`, `svix-`, `X-Request-Id`


def tokens(sentence: str) -> list[Token]:
    """The names of a sentence; backticked literals (`{id}.{ts}`, `SELECT 1`) are left out."""
    out = []
    for match in TOKEN.finditer(sentence):
        ticked = match.group("tick") is not None
        text = match.group("tick") if ticked else match.group("bare")
        if ticked:
            text = _REFERENCE.sub("", text.strip())
            method = _LEADING_DOT.fullmatch(text)
            if method is not None:  # `.all(db)`, `.into()`: the method called on a value
                out.append(Token("." + method.group(1), method.group(1), match.start(), match.end(), ticked))
                continue
            if text.startswith("/") or "://" in text or _KEBAB.search(text):
                continue  # a route, a URL or a header name (`webhook-id`), text of the wire
            implemented = _TRAIT_FOR.fullmatch(text)
            if implemented is not None and implemented.group("trait") in ONE_METHOD_TRAITS:
                # `Serialize for EndpointSecret`: the impl's one method, `EndpointSecret::serialize`
                own = f"{implemented.group('type')}::{ONE_METHOD_TRAITS[implemented.group('trait')]}"
                out.append(Token(text, own, match.start(), match.end(), ticked))
                continue
            if PARAMETER.fullmatch(text):  # `dsn: &str`: a parameter and its type
                out.append(
                    Token(text, ":" + text.split(":", 1)[0].strip(), match.start(), match.end(), ticked)
                )
                continue
            called = _CALL_WITH_ARGUMENTS.fullmatch(text)
            if called is not None:  # `secure_find_by_msg(endp.id)`, `jwt_secret.sign(claims)`
                text = called.group("callee") + "()"
            if _DOTTED.fullmatch(text):  # `queue_tx.send`, `delivery.ack()`: the method called
                name = text.removesuffix("()").rsplit(".", 1)[1]
                if name not in FILE_EXTENSIONS:  # `config.toml` is a file
                    out.append(Token(text, name, match.start(), match.end(), ticked))
                continue
            if _LITERAL.search(text) and not IN_TICKS_VALUE.match(text) and not _GENERIC_TYPE.fullmatch(text):
                continue
        path = _PATH.search(text)
        if path is None:
            continue
        out.append(Token(text, path.group().removesuffix("()"), match.start(), match.end(), ticked))
    return out


# a negation reaches as far as its clause: commas, colons, dashes, "but", "whereas" end one
# ("rather than", "instead of" and "without" negate what follows them, not what comes before)
_CLAUSE_END = re.compile(
    r"[,;:]\s|\s(?:but|whereas|although|though|so that|because|rather than|instead of|without|—|–|-)\s|\(|\)"
    # "takes no arguments and returns `T`": a second verb of the same subject, a clause of its own
    r"|\sand\s(?=(?:then\s+|also\s+)?(?:returns|answers|gives|hands|yields|calls|logs|sends|propagates)\b)"
    # "ticks every second and never exits": the negation is the second verb's
    r"|\sand\s(?=(?:never|does not|doesn't|do not|don't|is not|isn't|no longer)\b)"
)

Clauses = list[tuple[int, int, bool]]


TICKED = re.compile(r"`([^`\n]{1,200})`")  # a name or a snippet in backticks
# a type in backticks, its module path aside (`type`): `Organization`, `permissions::Organization`;
# the closing backtick is the user's to add, after type arguments or not
TYPE_TICKED = r"`(?:[a-z_][a-z0-9_]*::)*(?P<type>[A-Z][A-Za-z0-9]*)"
# a function in backticks, with its path and arguments or not: `f`, `Type::f(…)`, `m::Type::f`
FUNCTION_NAMED = re.compile(
    r"`(?P<name>(?:[A-Za-z_]\w{0,40}::){0,4}[a-z_]\w{0,60})(?P<args>\([^`]{0,120}\))?`"
)


def clauses(sentence: str) -> Clauses:
    """(start, end, negated) of each clause of a sentence; one clause when nothing negates
    (a name in backticks, such as `None`, or a quoted message negates nothing; a determiner after "with" or "and",
    "with no delay", "and no listener", negates a noun, not the clause)."""
    if "`" in sentence:
        sentence = TICKED.sub(lambda m: "`" + "x" * (len(m.group()) - 2) + "`", sentence)
    if '"' in sentence or "“" in sentence:  # a quoted message ("No queue configured") neither
        sentence = _QUOTED.sub(lambda m: '"' + "x" * (len(m.group()) - 2) + '"', sentence)
    if "No Content" in sentence:  # the reason phrase of a 204 denies nothing
        sentence = sentence.replace("No Content", "xx Content")
    # "a TTL that does not fit becomes `E::x`": what the relative clause denies is its own
    # clause; the clause it belongs to says what happens, and is read as said
    denied = [(m.start(), m.end(), True) for m in _DENIED_RELATIVE.finditer(sentence)]
    for start, end, _ in denied:
        sentence = sentence[:start] + "x" * (end - start) + sentence[end:]
    if NEGATION.search(sentence) is None:
        return [(0, len(sentence), False), *denied]
    out: Clauses = list(denied)
    start = 0
    if (condition := _DENIED_CONDITION.match(sentence)) is not None:
        # "Without the flag the handler returns `E::c`": what the condition denies is its own
        # clause; the clause it conditions says what happens, and is read as said
        start = condition.end()
        out.append((0, start, True))
    for match in _CLAUSE_END.finditer(sentence, start):
        out.append((start, match.start(), _negates(sentence, start, match.start())))
        start = match.start()
    out.append((start, len(sentence), _negates(sentence, start, len(sentence))))
    return out


# a relative clause that denies something of the noun before the verb of its clause: "(a TTL)
# that does not fit the integer type (becomes …)", "(a value) that cannot be parsed (is …)"
_DENIED_RELATIVE = re.compile(
    r"\b(?:that|which)\s+(?:does\s+not|doesn't|do\s+not|don't|cannot|can't|can\s+not|is\s+not|isn't|"
    r"are\s+not|aren't|will\s+not|won't|fails\s+to|fail\s+to)\s+[^,;:.`]{1,60}?"
    r"(?=\s+(?:becomes|become|is|are|yields|gets|makes|turns|maps|comes|returns|fails|ends|goes)\b)"
)
# a sentence opening with a denied condition ("Without a `uid`,", "With neither present", "If
# neither yields a value"), up to its comma or to the subject of the clause it conditions ("… it
# returns", "… the handler skips")
_DENIED_CONDITION = re.compile(
    r"(?:Without|With\s+(?:no|neither|nothing)\b|(?:If|When)\s+neither\b)"
    r"[^,;:.]{1,80}?(?:,|(?=\s(?:it|they|the\s+[a-z]+)"
    r"\s+(?:then\s+|also\s+|instead\s+)?[a-z]{2,19}s\b))"
    # "Unlike the queue, which goes through `f`, the cache …": the contrast and what it says of
    # the thing it sets apart
    r"|Unlike\b[^,;:.]{1,80}?,(?:\s*(?:which|that|whose|where)\b[^,;:.]{1,160}?,)?"
)
_QUOTED = re.compile(r'"[^"\n]{0,200}"|“[^”\n]{0,200}”')
# a comparison that says something of the name itself, not of the record: "the same holds for
# `E::x`", "this applies to `f` too"
SAID_OF_IT = re.compile(
    r"\b(?:holds\s+for|goes\s+for|applies\s+to|is\s+true\s+(?:of|for))\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+)?\Z",
    re.IGNORECASE,
)
# a verb of what the name before it does: "`f` filters on …", "`g` then paginates" (not "is",
# "has", "was", "does": a description, nor "means", "stands for"; not "access", "pass")
ACTS_AFTER = re.compile(
    r"(?:\(\))?\s+(?:then\s+|also\s+|first\s+|next\s+|finally\s+)?"
    r"(?!(?:is|has|was|does|means|stands|lives|exists|belongs|appears|looks)\b)[a-z]{1,19}[^s\W]s\b"
)
_NO_NOUN = re.compile(r"\b(?:with|and|when|if)\s+\Z", re.IGNORECASE)


def _negates(sentence: str, start: int, end: int) -> bool:
    """Whether a negation stands between `start` and `end`."""
    for match in NEGATION.finditer(sentence, start, end):
        if match.group().lower() == "no" and _NO_NOUN.search(
            sentence, max(0, match.start() - 6), match.start()
        ):
            continue  # "with no delay": a noun denied, not the clause
        return True
    return False


def negated(clauses: Clauses, start: int, end: int) -> bool:
    """Whether any clause that the span touches holds a negation, a contrast or a hypothesis."""
    return any(negated and a < end and start < b for a, b, negated in clauses)


# what a value goes back to: its caller ("hands `Ok(())` back to `delete_endpoint`", "goes back
# from it to `new_pair`"), no step
# (unlike what the code falls back to)
BACK_TO = re.compile(
    r"(?<!\bfalls\s)(?<!\bfall\s)(?<!\bfalling\s)(?<!\bfell\s)\bback\s+(?:from\s+(?:it|them|there|that)\s+)?(?:up\s+)?to\s+(?:the\s+|its\s+)?"
    r"(?:caller\s+|handler\s+)?\Z",
    re.IGNORECASE,
)


_GOVERNED = re.compile(
    # (a comparison's term too: "whose `attempt_count` is below `retry_schedule.len()` calls …")
    r"\b(?:to|by|from|with|in|into|through|via|on|for|inside|within|at|than|like|around|passed|given|"
    r"below|above|beyond|past|under|over|exceeding)\s+(?:the\s+|a\s+|an\s+)?\Z",
    re.IGNORECASE,
)


def governed(sentence: str, token: Token) -> bool:
    """Whether a preposition governs the token ("the closure passed to `f` calls"): not a subject."""
    return _GOVERNED.search(sentence, max(0, token.start - 16), token.start) is not None


# what may stand before a clause's subject: the sentence's start, an opener, or a coordination
_CLAUSE_OPEN = re.compile(
    r"(?:\A|[,;:]\s*(?:and\s+|but\s+|so\s+|while\s+)?|\band\s+)(?:then\s+|next\s+|finally\s+)?\Z",
    re.IGNORECASE,
)


# a function named after its noun at a sentence's start: "The PUT handler `update_endpoint` …",
# "The first thing `create_message_inner` does is …"
NAMED_BY_NOUN = re.compile(
    r"(?:The|This)\s+(?:[A-Za-z/-]{1,20}\s+){0,2}?(?:handler|function|method|helper|extractor)\s+"
    r"|The\s+(?:first|next|last|only)\s+thing\s+"
)


# the glue between two items of a list: "`a`, `b` and `c`", "`a`, and `b`"
LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def opens_clause(sentence: str, token: Token) -> bool:
    """Whether a name stands where a clause's subject does: at the sentence's start, or after a
    coordination ("…, and `A` acks it"), not as the object of a verb ("runs `A`")."""
    return (
        token.start == 0 or _CLAUSE_OPEN.search(sentence, max(0, token.start - 12), token.start) is not None
    )


def trait_impl(token: Token) -> bool:
    """Whether a token is a trait's impl for a type (`Serialize for EndpointSecret`), named for
    its one method (see `tokens`)."""
    return token.ticked and _TRAIT_FOR.fullmatch(token.text) is not None


def function_like(token: Token) -> bool:
    """A name that can be a function or method: its last part starts lower case."""
    last = token.name.rsplit("::", 1)[-1]
    return last[:1].islower() or (last[:1] == "_" and not last.isupper())


_KIND_OF_VALUE = re.compile(r"\s+(?:response|variant|case|arm|branch|value)\b")


def type_like(token: Token, sentence: str) -> bool:
    """A name that can be a type: capitalised, not a constant, not a call or a variant."""
    last = token.name.rsplit("::", 1)[-1]
    if token.ticked and (token.text in PRIMITIVE_TYPES or token.text == "()" or token.name.startswith(":")):
        return True
    if token.ticked and token.text.startswith("(") and _GENERIC_TYPE.fullmatch(token.text):
        # a tuple type: `(Q, IteratorDirection)`, not a tuple of values, `(since, until)`
        return not all(_VALUE_NAME.fullmatch(part.strip()) for part in token.text.strip("()").split(","))
    tupled = "(" in token.text.replace("()", "") and _GENERIC_TYPE.fullmatch(token.text) is None
    if not last[:1].isupper() or last.isupper() or tupled:
        return False
    if last in ("None", "Some", "Ok", "Err", "Self"):
        return False
    parts = token.name.split("::")
    if len(parts) > 1 and parts[-2][:1].isupper():
        return False  # `QueueBackend::RabbitMq`: a variant or an associated item, a value
    if _KIND_OF_VALUE.match(sentence, token.end, token.end + 12):
        return False  # "a `Finished` response": a variant named as a kind of value
    rest = sentence[token.end : token.end + 4]
    return not rest.startswith(("'s", "’s", "::"))


# a value's name in a tuple (`since`), not a primitive type (`u64`, `bool`)
_VALUE_NAME = re.compile(r"(?!(?:[iu](?:8|16|32|64|128|size)|f32|f64|bool|char|str)\Z)[a-z_][a-z0-9_]*")


FILLER = r"(?:(?:then|first|also|only|directly|itself|in turn|finally|next|later|immediately|always|simply|just|eventually|now)\s+)*"
# what may stand between a subject and its verb: a relative pronoun, or a few plain words of an
# earlier verb phrase ending in "and" ("looks the application up and then calls"); never a
# subordinate clause, whose own subject would be another
LEAD = (
    # "the `dashboard_access` route calls": the name's role between it and its verb
    r"\s*(?:\(\))?\s*(?:(?:route|handler|endpoint handler|function|method|helper|extractor|middleware|closure)\s+)?"
    r",?\s*(?:(?:which|that|who)\s+)?"
    r"(?:(?:(?!(?:when|if|while|because|since|where|unless|until|once(?!\s+(?:per|for|more|again))|so|after|before|whose)\b)(?:[a-z0-9]+|`[^`]{1,60}`),?\s+){1,14}(?:and|,)\s+)?"
)
