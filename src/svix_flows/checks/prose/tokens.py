"""The code-like names of prose: one token grammar, and the scanner that reads texts with it.

A name of prose is a word with an underscore, two humps or SCREAMING parts, a call (`send()`),
a `::` path, a `.rs` file, or anything in backticks. Plain English words are never names. The
grammar is spelled once, as named fragments (`FRAGMENTS`); the one scanning pattern and the
few whole-word tests are compiled from them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import NamedTuple, TypeVar

from ...rust.words import RUST_WORDS

FRAGMENTS = {
    "ident": r"[A-Za-z_][A-Za-z0-9_]*",  # an identifier of code (ASCII, as Rust writes them)
    "segment": r"[A-Za-z_]\w*",  # a segment of a path or a call's name
    "file": r"(?:[\w.-]+/)*[\w-]+\.rs",
    "snake": r"_?[a-z][a-z0-9]*(?:_[a-z0-9]+)+",
    "camel": r"[A-Z][A-Z0-9]*[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*",  # two humps at least
    "screaming": r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+",
}
_F = FRAGMENTS
_PATH = rf"(?:{_F['segment']}::)+{_F['segment']}"
_WORD = rf"{_F['snake']}|{_F['camel']}|{_F['screaming']}"


class MentionKind(StrEnum):
    """What a mention is: a file of the crate, a `::` path, or a single name."""

    FILE = "file"
    PATH = "path"
    NAME = "name"


# One pass over a token: at each place the first alternative that matches wins, so a name
# inside a path is never taken again on its own. The groups are named for the kinds.
SCAN = re.compile(
    rf"(?P<file>(?<![\w/.-]){_F['file']}\b)"
    rf"|(?P<path>(?<![\w:]){_PATH})(?:\(\))?"
    rf"|(?<![\w])\.?(?P<call>{_F['segment']})\((?:\)|\.\.\.?\)|…\))"
    rf"|(?P<word>(?<![\w-])(?:{_WORD})(?![\w-]))"
)
# The same fragments, for a whole word or a backticked snippet.
_WHOLE_WORD = re.compile(_WORD)
_WHOLE_FILE = re.compile(_F["file"])
_WHOLE_CAMEL = re.compile(_F["camel"])
_WHOLE_SCREAMING = re.compile(_F["screaming"])
_CODE_PATH = re.compile(rf"(?<![\w:]){_PATH}(?:\(\))?")
IDENT = re.compile(_F["ident"])
# a number as Rust writes it, radix and suffix included (`0b0000_0001`, `0x1F`, `1_000u64`)
_NUMBER_LITERAL = re.compile(r"(?<![\w.])\d\w*")
_TICKS = re.compile(r"`([^`\n]{1,300})`")
_HEADER_AFTER = re.compile(r"\s+(?:HTTP\s+)?headers?\b")
# "an incoming `traceparent`": a value of the wire, as "a `traceparent` header" is
_WIRE_BEFORE = re.compile(r"\b(?:incoming|outgoing|inbound|outbound)\s+\Z")
# "trips `ix_app_uid`, the unique index on …", "the constraint `fk_app`": a name of the
# database's schema, not of the code
_SCHEMA_AFTER = re.compile(
    r"(?:,\s*(?:the|a|an)\s+|\s+)(?:(?:unique|partial|database|primary|foreign)\s+)*(?:index|constraint|key)\b"
)
_SCHEMA_BEFORE = re.compile(r"\b(?:index|constraint)\s+\Z")
# "the keys begin with `{queue}_svix_`": the start of a string, cut where the rest varies
_PREFIX_BEFORE = re.compile(r"\b(?:begins?|starts?|prefixed)\s+with\s+\Z")
# "the `WEBHOOK_` names", "the `SVIX_` prefix": the start shared by several names
_PREFIX_AFTER = re.compile(r"\s+(?:names|prefix|prefixed|constants|ones|headers|variables)\b")
# backticked text that is not code: a URL (`http://10.0.3.7/hook`), a route (`/auth/{id}`, `PUT /app/x`), a
# header or a flag spelled with hyphens (`X-Svix-Tenant`, `x-svix-`, `--batch-size`), an IPv6
# network (`fc00::/7`, `2001:db8::1`)
_NOT_CODE = re.compile(
    r"\w+://|/|(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+/|-|[A-Za-z0-9]+(?:-[A-Za-z0-9]*)+\Z|(?=[^`]*\d)[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){1,7}(?:/\d{1,3})?\Z"
)
_PUNCTUATION = "\"'.,;:!?()[]{}<>*“”‘’"

# the extensions that make `name.ext` a file, not a value's member (`cfg.rs`, `config.toml`)
FILE_EXTENSIONS = frozenset(
    {"rs", "toml", "json", "yaml", "yml", "md", "txt", "sql", "sh", "env", "lock", "html"}
)

# Names of products and projects that are written in CamelCase in plain English.
PROPER_NOUNS = frozenset(
    [
        "GitHub",
        "GitLab",
        "PostgreSQL",
        "MySQL",
        "SQLite",
        "JavaScript",
        "TypeScript",
        "OpenAPI",
        "OpenTelemetry",
        "OpenSSL",
        "BoringSSL",
        "LibreSSL",
        "RabbitMQ",
        "SeaORM",
        "WebSocket",
        "WebSockets",
        "MongoDB",
        "DynamoDB",
        "ChatML",
        "macOS",
        "iOS",
        "JetBrains",
        "VSCode",
        "YouTube",
        "LinkedIn",
        "PagerDuty",
        "CloudWatch",
        "DataDog",
        "Datadog",
        "ElasticSearch",
        "Elasticsearch",
        "LaunchDarkly",
        "HashiCorp",
        "FastAPI",
        "NodeJS",
        "NextJS",
        "GraphQL",
        "gRPC",
        "OAuth",
        # units of size, written in CamelCase in plain English
        "KiB",
        "MiB",
        "GiB",
        "TiB",
    ]
)


class Mention(NamedTuple):
    """One code-like name of a text: as written, its kind, and its identifier parts."""

    text: str
    kind: MentionKind
    parts: tuple[str, ...]
    loose: bool = False  # a plain word in backticks: matched without regard to case


def is_name_word(word: str) -> bool:
    """Whether a whole word is code-like on its own: snake_case, two humps, or SCREAMING_PARTS."""
    return _WHOLE_WORD.fullmatch(word) is not None


def _name(text: str, loose: bool = False) -> Mention:
    return Mention(text, MentionKind.NAME, (text,), loose)


def _path(text: str) -> Mention:
    return Mention(text, MentionKind.PATH, tuple(text.split("::")))


def _file(text: str) -> Mention:
    return Mention(text, MentionKind.FILE, (text,))


def _is_plain(word: str) -> bool:
    """A word that is English as much as code: one hump, no underscore (`Result`, `payload`)."""
    return "_" not in word and not _WHOLE_CAMEL.fullmatch(word)


def token_mentions(token: str) -> tuple[Mention, ...]:
    """The names of one whitespace-separated token of prose (none for a plain word)."""
    # a token without an underscore, a colon, a parenthesis, `.rs` or a capital after its
    # first letter is a plain word
    if (
        (
            "_" not in token
            and ":" not in token
            and "(" not in token
            and ".rs" not in token
            and token[1:].islower()
        )
        or "://" in token
        or token.startswith("/")
    ):
        return ()  # (a URL or a route, `/app/app_x/endpoint`, is the wire's text)
    word = token.strip(_PUNCTUATION)
    if word.isidentifier() and "(" not in token and ":" not in token:
        if is_name_word(word) and word not in PROPER_NOUNS:
            return (_name(word),)
        return ()
    names = []
    for match in SCAN.finditer(token):
        kind = match.lastgroup or ""
        value = match.group(kind) if kind else match.group()
        if kind == "word":
            if value not in PROPER_NOUNS:
                names.append(_name(value))
        elif kind == "call":
            names.append(_name(value))
        else:
            names.append(_file(value) if kind == "file" else _path(value))
    return tuple(names)


_QUANTITY = re.compile(
    r"(?<![\w.])\d[\d_]*\s+(?:ms|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|days?|weeks?|years?|bytes?)\b"
)


def code_mentions(code: str) -> Iterable[Mention]:
    """Names of a backticked snippet: its paths and files as such, every other identifier."""
    code = code.strip()
    if _WHOLE_FILE.fullmatch(code):
        yield _file(code)
        return
    if _NOT_CODE.match(code):
        return  # a URL, a route, a header or a flag: text of the wire or the shell, not code
    for match in _CODE_PATH.finditer(code):
        yield _path(match.group().removesuffix("()"))
    # "`start_id(now + 1 hour)`": a quantity's unit in pseudo-code is no name; "the
    # `*_if_not_exists` methods": a pattern of names is none of them
    rest = _QUANTITY.sub(" ", _CODE_PATH.sub(" ", code))
    rest = _NUMBER_LITERAL.sub(" ", _GLOB.sub(" ", rest))
    # "`Id > cursor`", "`(member, score)`": an expression's or a tuple's plain words are its
    # author's, not the crate's
    expression = _OPERATOR.search(code) is not None or _TUPLE.fullmatch(code) is not None
    for word in IDENT.findall(rest):
        if len(word) < 2 or word in RUST_WORDS or word.isdigit():
            continue
        loose = _is_plain(word) and not _WHOLE_SCREAMING.fullmatch(word)
        # (`PSETEX`, `XADD`, `SELECT`: a command of Redis or SQL, not a constant of the crate)
        if loose and (word in PROPER_NOUNS or expression or word.isupper()):
            continue
        yield _name(word, loose)


_GLOB = re.compile(r"\*\w*|\w*\*")
_TUPLE = re.compile(r"\(\s*\w+(?:\s*,\s*\w+)+\s*\)")
_OPERATOR = re.compile(r"\s(?:[<>]=?|[!=]=|\+|-|\*|/|&&|\|\|)\s")


class Scanner:
    """Reads the names of texts for one run, and keeps what it learnt on the way.

    A corpus writes the same few thousand words again and again: each distinct token is looked
    at once per run, and the plain ones (most) are then set aside by one set difference in C.
    The bounds keep a hostile corpus (endless distinct tokens, names, texts) in bounded memory:
    past them a cache is emptied, never an answer changed.
    """

    def __init__(
        self,
        *,
        max_tokens: int = 200_000,
        sorted_named: int = 32,
        max_names: int = 200,
        texts: int = 8,
    ) -> None:
        self.max_tokens = max_tokens  # distinct tokens remembered before the caches are emptied
        self.sorted_named = sorted_named  # up to this many named tokens are ordered by a search each
        self.max_names = max_names  # a text with more names than this is checked for the first ones
        self._texts = texts  # texts whose names are remembered (specificity and names read the same)
        self._plain: set[str] = set()  # tokens seen in this run that hold no name
        self._named: dict[str, tuple[Mention, ...]] = {}  # tokens seen that do, with their names
        self._mentions: dict[str, tuple[Mention, ...]] = {}
        self._identifiers: dict[str, frozenset[str]] = {}  # large texts by their word runs
        self._patterns: dict[str, re.Pattern[str]] = {}  # a whole-word search per name
        self._code_names: dict[str, frozenset[str]] = {}  # a record's code by its identifiers

    def mentions(self, text: str) -> tuple[Mention, ...]:
        """The code-like names of a prose text, in order of appearance, each once.

        Generic arguments (`Result<MessageOut>`) are names of their own; URLs are not looked into.
        """
        return _remember(self._mentions, text, self._read, self._texts)

    def code_names(self, code: str) -> frozenset[str]:
        """The identifiers of a record's code, read once for all its unknown names."""
        return _remember(self._code_names, code, lambda code: frozenset(IDENT.findall(code)), 2)

    def has_word(self, text: str, word: str) -> bool:
        """Whether `word` occurs in `text` as a whole identifier.

        A record-sized text is searched for the word as a substring first (most names are found
        at their first occurrence); a text with many near misses (`x_yx_y…`) is left to a
        regular expression, and a text larger than any record is read once into its set of
        identifiers, so a hostile record costs linear time, not names times occurrences.
        """
        if len(text) > LARGE_TEXT and word.isidentifier():
            return word in _remember(self._identifiers, text, _word_runs, 4)
        at = text.find(word)
        misses = 0
        while at >= 0:
            before = text[at - 1] if at else " "
            end = at + len(word)
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
                return True
            misses += 1
            if misses > _NEAR_MISSES:
                pattern = _remember(self._patterns, word, _whole_word, 256)
                return pattern.search(text, at + 1) is not None
            at = text.find(word, at + 1)
        return False

    def _read(self, text: str) -> tuple[Mention, ...]:
        found: dict[tuple[str, str], Mention] = {}

        def add(mention: Mention) -> None:
            if len(found) < self.max_names:
                found.setdefault((mention.kind, mention.text), mention)

        if "`" in text:
            for match in _TICKS.finditer(text):
                if match.group(1).isalpha() and (
                    _HEADER_AFTER.match(text, match.end())
                    or _WIRE_BEFORE.search(text, max(0, match.start() - 12), match.start())
                ):
                    continue  # "a `traceparent` header", "an incoming `traceparent`": the wire's, not code
                if "_" in match.group(1) and (
                    _SCHEMA_AFTER.match(text, match.end())
                    or _SCHEMA_BEFORE.search(text, max(0, match.start() - 12), match.start())
                ):
                    continue  # "`ix_app_uid`, the unique index": the database's, not code
                if match.group(1).endswith(("_", "-", ":")) and (
                    _PREFIX_BEFORE.search(text, max(0, match.start() - 20), match.start())
                    or _PREFIX_AFTER.match(text, match.end())
                ):
                    continue  # "keys begin with `{queue}_svix_`", "the `WEBHOOK_` names": a prefix, not a name
                if _CUT_SHORT.search(match.group(1)) and not _CODE_SHAPED.search(match.group(1)):
                    continue  # "`v1,abc... v1,def...`": a value shown cut short, not code
                for mention in code_mentions(match.group(1)):
                    add(mention)
            for path in _member_phrases(text):
                for mention in code_mentions(path):
                    add(mention)
            text = _TICKS.sub(" ", text)
        tokens = text.split()
        for _, names in self._named_tokens(tokens):
            for mention in names:
                add(mention)
        return tuple(found.values())

    def _named_tokens(self, tokens: list[str]) -> list[tuple[str, tuple[Mention, ...]]]:
        """The tokens that hold names, with their names, in order of appearance."""
        fresh = set(tokens)
        fresh -= self._plain
        named: list[tuple[str, tuple[Mention, ...]]] = []
        for token in fresh:
            names = self._named.get(token)
            if names is None:
                if len(self._plain) + len(self._named) > self.max_tokens:
                    self._plain.clear()
                    self._named.clear()
                names = token_mentions(token)
                if not names:
                    self._plain.add(token)
                    continue
                self._named[token] = names
            named.append((token, names))
        if len(named) > self.sorted_named:  # many named tokens: one ordered pass, not a search each
            order = dict(named)
            return [(token, order.pop(token)) for token in tokens if token in order]
        if len(named) > 1:
            named.sort(key=lambda pair: tokens.index(pair[0]))
        return named


# a member named apart from its type: "the `m` method of `T`", "`T`'s `m`", "`m` on the `T`",
# "the `f` field of `message::Model`", "`T` has a `f` field"
_METHOD = r"`(?P<method>[a-z_][a-z0-9_]{0,60})(?:\(\))?`"
_TYPE = r"`(?P<type>(?:[a-z_][a-z0-9_]{0,40}::){0,3}[A-Z][A-Za-z0-9]{0,60})`"
# what stands before "`x` field of `T`" when the field is another type's, `T` its type
_HAS_A = re.compile(r"\b(?:has|holds|carries|keeps|with)\s+(?:an?|a\s+single|one|its\s+own|its\s+only)\s+\Z")
_MEMBER_PHRASES = (
    re.compile(
        r"(?:the\s+)?"
        + _METHOD
        + r"\s+(?:method|function|associated function|field)\s+(?:of|on)\s+(?:the\s+|an?\s+|each\s+|every\s+)?"
        + _TYPE
    ),
    re.compile(_TYPE + r"(?:'|’)s\s+" + _METHOD + r"(?!\s+(?:value|column|key|argument|parameter))"),
    re.compile(_METHOD + r"\s+on\s+(?:the|a|an|each|every|its)\s+" + _TYPE),
    # "`model.payload` of the `message::Model`", "`rec.f` on each `T`": a value's member, its
    # type named after it (not "`cache.get` on the `K`": a method of the value, given a `K`)
    re.compile(
        r"`[a-z_][a-z0-9_]{0,40}\.(?P<method>[a-z_][a-z0-9_]{0,60})(?:\(\))?`\s+"
        r"(?:(?:of|from|in)\s+(?:the\s+|an?\s+|each\s+|every\s+|its\s+)?|on\s+(?:each|every)\s+)" + _TYPE
    ),
    re.compile(_TYPE + r",?\s+with\s+an?\s+" + _METHOD + r"\s+(?:field|column)\b"),
    re.compile(
        _TYPE
        + r",?\s+(?:has|holds|carries|keeps|holding|carrying|keeping)\s+(?:an?|a single|one|its own)\s+"
        + _METHOD
    ),
    # "`T` keeps the configured `x` as its only field"
    re.compile(
        _TYPE
        + r",?\s+(?:has|holds|carries|keeps)\s+(?:the\s+|its\s+)?(?:[a-z]+\s+)?"
        + _METHOD
        + r"\s+as\s+(?:its|a|the)\s+(?:only\s+|sole\s+|single\s+)?(?:field|column|member)\b"
    ),
    # "`T` exposes the old column as `x`"
    re.compile(
        _TYPE + r",?\s+exposes\s+(?:the\s+|its\s+)?(?:[a-z]+\s+){0,2}(?:column|field)\s+as\s+" + _METHOD
    ),
    # "In `T`, that column is the `x` field"
    re.compile(
        r"\bIn\s+"
        + _TYPE
        + r",?\s+(?:that|the|its|this)\s+(?:[a-z]+\s+){0,3}(?:is|are)\s+the\s+"
        + _METHOD
        + r"\s+(?:field|column)\b"
    ),
    # "a `CustomClaim` with `org_id: Some(id)`": a field given its value in the type's literal
    re.compile(_TYPE + r"\s+with\s+`(?P<method>[a-z_][a-z0-9_]{0,60})\s*:(?!:)[^`]{1,120}`"),
    # "`queue_rx` is stored in `AppState`"
    re.compile(
        _METHOD
        + r",?\s+(?:is|are)\s+(?:also\s+)?(?:stored|kept|held)\s+(?:in|on)\s+(?:the\s+|an?\s+|each\s+)?"
        + _TYPE
    ),
)


# "`T` carries `a`, `b` and `c`", "`T` has three optional fields, `since`, `until` and `status`":
# the type, then the list of its members (not "has no", "carries only …" is fine)
_MEMBER_LIST = re.compile(
    _TYPE
    # "`T` derives `FromQueryResult` and has fields …": a derive said first
    + r",?\s+(?:derives\s+`[^`]{1,60}`(?:\s*(?:,|and)\s*`[^`]{1,60}`){0,4}\s+and\s+)?"
    r"(?:that\s+|which\s+)?(?:carries|holds|has|contains|keeps|exposes|stores)\s+"
    r"(?:(?:only|just|the|its|exactly|nothing\s+but)\s+)?(?:(?:(?:one|two|three|four|five|six|\d)\s+)?(?:[a-z]+\s+)?fields?[:,]?\s+)?"
    r"(?:an?\s+)?(?=`[a-z_])"
)
# a member of the list, `name` or `name: Type`, then what joins it to the next ("a", "an" too)
_LISTED = re.compile(
    r"`([a-z_][a-z0-9_]{0,60})(?::(?!:)[^`]{1,80})?`"  # (`v1::router` is a path, not `name: Type`)
    r"(?P<more>\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:an?\s+)?"
    r"(?:(?:overall|optional|extra|own|nullable|separate|single|boolean|numeric)\s+)?(?=`))?"
)


# a type, then later in its clause "its own `a` and `b` columns", "… and adds `a`, `b` and `c`"
_ITS_OWN = re.compile(_TYPE + r"[^.;:`]{0,60}(?:`[^`]{1,40}`[^.;:`]{0,40}){0,2}?\bits\s+own\s+(?=`[a-z_])")
_ADDS = re.compile(
    r"\A(?:The\s+)?"
    + _TYPE
    + r"[^.;:`]{0,60}(?:`[^`]{1,40}`[^.;:`]{0,40}){0,2}?\b(?:and\s+)?adds\s+(?=`[a-z_])"
)


# a struct's literal or pattern written whole, `Outcome { code, headers: h, .. }`: its fields
_STRUCT_SNIPPET = re.compile(
    r"`(?P<type>(?:[a-z_][a-z0-9_]{0,40}::){0,3}[A-Z][A-Za-z0-9]{0,60})\s*\{\s*"
    r"(?P<fields>[a-z_][a-z0-9_]{0,60}(?:\s*:\s*[^,{}`]{1,60})?(?:\s*,\s*[a-z_][a-z0-9_]{0,60}(?:\s*:\s*[^,{}`]{1,60})?){0,11})"
    r"\s*(?:,\s*\.\.)?\s*,?\s*\}`"
)
_SNIPPET_FIELD = re.compile(r"(?:^|,)\s*([a-z_][a-z0-9_]{0,60})")
# "destructures `db` and `queue_tx` out of `AppState`": a list, then the type it comes out of
_OUT_OF = re.compile(r"\b(?:destructures|pulls|takes|extracts|unpacks)\s+(?:only\s+|just\s+)?(?=`[a-z_])")
_OUT_OF_TYPE = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+)?" + _TYPE)


# "the full `HealthReport` with `database`, `queue` and `redis` fields": a list then "fields"
_MEMBER_LIST_WITH = re.compile(_TYPE + r"\s+with\s+(?:its\s+)?(?=`[a-z_])")
_FIELDS_AFTER = re.compile(r"\s+(?:fields?|columns?)\b")


_CUT_SHORT = re.compile(r"\.\.\.|…")
_CODE_SHAPED = re.compile(r"::|\(")  # a path or a call, even with its arguments elided


# "`T`, whose `x` is …" (not a later "whose" of a chain: "`A` whose `id` is …, whose `status` is
# the raw `T`, whose `status_text` is …" speaks of `A` throughout)
_WHOSE = re.compile(_TYPE + r",?\s+whose\s+" + _METHOD)
_SENTENCE_START = re.compile(r"[.;!?]\s|\n")


def _whose_members(text: str) -> Iterator[str]:
    """`T::x` for "`T`, whose `x` …", unless a "whose" stands earlier in its sentence."""
    starts: list[int] | None = None
    whose: list[int] = []
    for match in _WHOSE.finditer(text):
        if starts is None:  # (read once, for a text that has such a phrase)
            starts = [m.end() for m in _SENTENCE_START.finditer(text)]
            whose = [m.start() for m in re.finditer(r"\bwhose\s", text)]
        begin = (
            starts[bisect.bisect_right(starts, match.start()) - 1]
            if starts and starts[0] <= match.start()
            else 0
        )
        earlier = bisect.bisect_left(whose, begin)
        if earlier < len(whose) and whose[earlier] < match.start():
            continue
        yield f"{match.group('type')}::{match.group('method')}"


# a verb that puts values into a type, before "`x.m` in `T`": "wraps the row and … in `T`"
_PUT_IN = re.compile(
    r"\b(?:wraps?|wrapping|wrapped|puts?|putting|places?|placing|packs?|packing|nests?|nesting|embeds?)\b"
    r"(?:[^.;:`]|`[^`]{1,60}`){0,50}\Z"
)


def _member_phrases(text: str) -> Iterator[str]:
    """`T::m` for each method the text names apart from its type, so that the member check
    reads it as it reads `T::m` itself."""
    for index, pattern in enumerate(_MEMBER_PHRASES):
        for match in pattern.finditer(text):
            if index == 0 and _HAS_A.search(text, max(0, match.start() - 40), match.start()):
                continue  # "`S` has a single `x` field of `T`": `S`'s field, of type `T`
            if index == 3 and _PUT_IN.search(text, max(0, match.start() - 60), match.start()):
                continue  # "wraps the row and `metadata.data` in `T`": what is put into `T`
            yield f"{match.group('type')}::{match.group('method')}"
    yield from _whose_members(text)
    for match in _MEMBER_LIST.finditer(text):
        members, _ = _listed(text, match.end())
        yield from (f"{match.group('type')}::{member}" for member in members)
    for match in _MEMBER_LIST_WITH.finditer(text):
        members, end = _listed(text, match.end())
        if _FIELDS_AFTER.match(text, end):
            yield from (f"{match.group('type')}::{member}" for member in members)
    for match in _ITS_OWN.finditer(text):  # "`T` keeps … next to its own `a` and `b` columns"
        members, end = _listed(text, match.end())
        if _FIELDS_AFTER.match(text, end):
            yield from (f"{match.group('type')}::{member}" for member in members)
    for match in _ADDS.finditer(text):  # "`T` flattens … and adds `a`, `b` and `c`"
        members, _ = _listed(text, match.end())
        yield from (f"{match.group('type')}::{member}" for member in members)
    for match in _STRUCT_SNIPPET.finditer(text):  # "`Outcome { code, body, .. }`"
        for member in _SNIPPET_FIELD.findall(match.group("fields")):
            yield f"{match.group('type')}::{member}"
    for match in _OUT_OF.finditer(text):
        members, end = _listed(text, match.end())
        owner = _OUT_OF_TYPE.match(text, end)
        if owner is not None:
            yield from (f"{owner.group('type')}::{member}" for member in members)


def _listed(text: str, at: int) -> tuple[list[str], int]:
    """The names of a list of members from `at` ("`a`, `b` and a `c`"), and where it ends."""
    members: list[str] = []
    for _ in range(12):
        listed = _LISTED.match(text, at)
        if listed is None:
            break
        members.append(listed.group(1))
        at = listed.end()
        if listed.group("more") is None:  # the list ends after this name
            break
    return members, at


LARGE_TEXT = 64 * 1024  # larger than any real record's code or think block
_NEAR_MISSES = 16
_WORD_RUN = re.compile(r"\w+")
K = TypeVar("K")
V = TypeVar("V")


def _remember(cache: dict[K, V], key: K, compute: Callable[[K], V], limit: int) -> V:
    """`compute(key)`, kept in `cache` among the last `limit` keys (the oldest goes first)."""
    found = cache.get(key)
    if found is None:
        if len(cache) >= limit:
            del cache[next(iter(cache))]
        found = cache[key] = compute(key)
    return found


def _word_runs(text: str) -> frozenset[str]:
    """The runs of word characters of a text: a word is whole in it exactly when it is one."""
    return frozenset(_WORD_RUN.findall(text))


def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")


def mentions(text: str) -> tuple[Mention, ...]:
    """The code-like names of one text, read by a scanner of its own (for one-off callers)."""
    return Scanner().mentions(text)
