"""The prose held against the code: the names a request or think block uses must exist.

A record teaches a model to reason from its request and think block, so a name there that the
code does not have (`create_msg_handler`, `core::dispatcher`) teaches it to invent. `mentions`
finds the code-like names of a text (paths, `Type::member`, calls, snake_case and CamelCase
words, SCREAMING constants, `.rs` paths, anything in backticks); `Grounding` resolves each one
against the record's own code, then the crate at the checkout (`CrateNames`, read once per run),
and says which are unknown, with the nearest real names. It also measures specificity: how many
functions and types of the record's own code the think block names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from ..records.findings import Finding, finding, printable
from ..rust.names import MAX_SUGGESTED, CrateNames, defined_item_names, first_defined_name
from ..rust.words import CRATE_PREFIXES, GENERIC_NAMES, KEYWORDS, PRIMITIVE_TYPES, STD_CRATES

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FILE = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w-]+\.rs)\b")
_PATH = re.compile(r"(?<![\w:])(?:[A-Za-z_]\w*::)+[A-Za-z_]\w*(?:\(\))?")
_CAMEL = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*(?![\w-])")
_SCREAMING = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w-])")
# Rust's keywords and primitive types: never unknown, never evidence of specific reasoning.
_RUST_WORDS = KEYWORDS | PRIMITIVE_TYPES
_GENERIC_NAMES = GENERIC_NAMES
# Names of products and projects that are written in CamelCase in plain English.
_PROPER_NOUNS = frozenset(
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
_MAX_NAMES = 200  # a text with more code-like names than this is checked for the first ones only


class Mention(NamedTuple):
    """One code-like name of a text: as written, its kind, and its identifier parts."""

    text: str
    kind: str  # "file", "path", "name"
    parts: tuple[str, ...]
    loose: bool = False  # a plain word in backticks: matched without regard to case


_TICKS = re.compile(r"`([^`\n]{1,300})`")
_PUNCTUATION = "\"'.,;:!?()[]{}<>*“”‘’"
_WORD = re.compile(
    r"_?[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*"
    r"|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
)
# One pass over a token: at each place the first alternative that matches wins, so a name
# inside a path is never taken again on its own.
_SCAN = re.compile(
    r"(?P<file>(?<![\w/.-])(?:[\w.-]+/)*[\w-]+\.rs\b)"
    r"|(?P<path>(?<![\w:])(?:[A-Za-z_]\w*::)+[A-Za-z_]\w*)(?:\(\))?"
    r"|(?<![\w])\.?(?P<call>[A-Za-z_]\w*)\((?:\)|\.\.\.?\)|…\))"
    r"|(?P<word>(?<![\w-])(?:_?[a-z][a-z0-9]*(?:_[a-z0-9]+)+"
    r"|[A-Z][A-Z0-9]*[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*"
    r"|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w-]))"
)


@lru_cache(maxsize=8)  # specificity and the name checks read the same think block
def mentions(text: str) -> tuple[Mention, ...]:
    """The code-like names of a prose text, in order of appearance, each once.

    Plain English words are never names: a word must have an underscore, two humps, SCREAMING
    parts, call parentheses, a `::` path, a `.rs` suffix, or stand in backticks. Generic
    arguments (`Result<MessageOut>`) are names of their own; URLs are not looked into.
    """
    found: dict[tuple[str, str], Mention] = {}

    def add(mention: Mention) -> None:
        if len(found) < _MAX_NAMES:
            found.setdefault((mention.kind, mention.text), mention)

    if "`" in text:
        for match in _TICKS.finditer(text):
            for mention in _code_mentions(match.group(1)):
                add(mention)
        text = _TICKS.sub(" ", text)
    # A corpus writes the same few thousand words again and again: each distinct token is
    # looked at once per run; the plain ones (most) are then set aside by one set difference
    # in C, and only the few tokens that hold names are visited, in order of appearance.
    tokens = text.split()
    fresh = set(tokens)
    fresh -= _PLAIN
    named: list[tuple[str, tuple[Mention, ...]]] = []
    for token in fresh:
        names = _NAMED.get(token)
        if names is None:
            if len(_PLAIN) + len(_NAMED) > _MAX_TOKENS:  # a hostile corpus of endless tokens
                _PLAIN.clear()
                _NAMED.clear()
            names = _token_mentions(token)
            if not names:
                _PLAIN.add(token)
                continue
            _NAMED[token] = names
        named.append((token, names))
    if len(named) > _SORTED_NAMED:  # many named tokens: one ordered pass instead of a search each
        order = dict(named)
        named = [(token, order.pop(token)) for token in tokens if token in order]
    elif len(named) > 1:
        named.sort(key=lambda pair: tokens.index(pair[0]))
    for _, names in named:
        for mention in names:
            add(mention)
    return tuple(found.values())


_PLAIN: set[str] = set()  # tokens seen in this run that hold no name
_NAMED: dict[str, tuple[Mention, ...]] = {}  # tokens seen that do, with their names
_MAX_TOKENS = 200_000
_SORTED_NAMED = 32  # up to this many named tokens are put in order by a search each


def _token_mentions(token: str) -> tuple[Mention, ...]:
    """The names of one whitespace-separated token of prose (none for a plain word)."""
    # a token without an underscore, a colon, a parenthesis, `.rs` or a capital after its
    # first letter is a plain word
    if (
        "_" not in token
        and ":" not in token
        and "(" not in token
        and ".rs" not in token
        and token[1:].islower()
    ) or "://" in token:
        return ()
    word = token.strip(_PUNCTUATION)
    if word.isidentifier() and "(" not in token and ":" not in token:
        if _WORD.fullmatch(word) and word not in _PROPER_NOUNS:
            return (Mention(word, "name", (word,)),)
        return ()
    names = []
    for match in _SCAN.finditer(token):
        kind = match.lastgroup or ""
        value = match.group(kind) if kind else match.group()
        if kind == "word":
            if value not in _PROPER_NOUNS:
                names.append(Mention(value, "name", (value,)))
        elif kind == "call":
            names.append(Mention(value, "name", (value,)))
        else:
            names.append(_mention(value, kind))
    return tuple(names)


def _is_plain(word: str) -> bool:
    """A word that is English as much as code: one hump, no underscore (`Result`, `payload`)."""
    return "_" not in word and not _CAMEL.fullmatch(word)


def _mention(text: str, kind: str) -> Mention:
    if kind == "file":
        return Mention(text, "file", (text,))
    return Mention(text, "path", tuple(text.split("::")))


def _code_mentions(code: str) -> Iterable[Mention]:
    """Names of a backticked snippet: its paths and files as such, every other identifier."""
    code = code.strip()
    if _FILE.fullmatch(code):
        yield Mention(code, "file", (code,))
        return
    for match in _PATH.finditer(code):
        yield _mention(match.group().removesuffix("()"), "path")
    rest = _PATH.sub(" ", code)
    for word in _IDENT.findall(rest):
        if len(word) < 2 or word in _RUST_WORDS or word.isdigit():
            continue
        loose = _is_plain(word) and not _SCREAMING.fullmatch(word)
        if loose and word in _PROPER_NOUNS:
            continue
        yield Mention(word, "name", (word,), loose)


# resolution -------------------------------------------------------------------------------------


class Unknown(NamedTuple):
    """A mention the code does not have: the code, what is wrong, the nearest real names."""

    code: str
    mention: str
    message: str


class Grounding:
    """The names of a record's texts resolved against its code and the crate."""

    def __init__(self, crate: CrateNames, flows: Iterable[str] = ()) -> None:
        self.crate = crate
        self.flows = frozenset(flows)  # the catalog's flow ids, which prose may borrow
        self._verdicts: dict[Mention, Unknown | None] = {}

    def resolve(self, mention: Mention, code: str) -> Unknown | None:
        """None when the name exists (in `code` or in the crate), else what is unknown.

        The crate's verdict is asked first: it is a cached lookup, while searching the record's
        code costs a scan of it (the record's code is the crate's, unless E230 says otherwise).
        """
        verdict = self._verdicts.get(mention, False)
        if verdict is False:
            if len(self._verdicts) > 100_000:  # a hostile corpus of endless names
                self._verdicts.clear()
            verdict = self._verdicts[mention] = self._resolve(mention)
        if verdict is None:
            return None
        if mention.kind != "file" and _has_word(code, mention.text):
            return None
        return verdict  # type: ignore[return-value]

    def _resolve(self, mention: Mention) -> Unknown | None:
        if mention.kind == "file":
            return self._file(mention.text)
        if mention.kind == "path":
            return self._path(mention)
        return self._name(mention.text, mention.loose)

    def unknown_name(self, name: str, code: str, *, suggest: bool = True) -> str:
        """E320's message, offering the record's own names before the rest of the crate's
        (unless `suggest` is False: looking for them costs milliseconds a name)."""
        if name in self.flows:
            return (
                f"`{printable(name, 60)}` is a flow of the catalog, not a name of the crate; "
                "say what that code does, with the names it really has"
            )
        close: list[str] = []
        if suggest:
            own = self.crate.nearest(name, _code_names(code))
            close = (own + [word for word in self.crate.nearest(name) if word not in own])[:3]
        return f"`{printable(name, 60)}` is not a name of the crate{_did_you_mean(close)}"

    def _name(self, name: str, loose: bool = False) -> Unknown | None:
        crate = self.crate
        if name in crate.words or name in _RUST_WORDS or (loose and name.lower() in crate.lowered):
            return None
        if name.startswith("_") and name.lstrip("_") in crate.words:
            return None
        # the nearest names are offered by `unknown_name`, which knows the record's own names
        return Unknown("E320", name, self.unknown_name(name, "", suggest=False))

    def _file(self, text: str) -> Unknown | None:
        crate = self.crate
        path = text.lstrip("./")
        for prefix in (crate.crate_root + "/", "src/"):
            path = path.removeprefix(prefix)
        if path in crate.files:
            return None
        if any(file == path or file.endswith("/" + path) for file in crate.files):
            return None
        return Unknown(
            "E322",
            text,
            f"`{printable(text, 80)}` is not a file of the crate"
            f"{_did_you_mean(crate.nearest(path, crate.files))}",
        )

    def _path(self, mention: Mention) -> Unknown | None:
        parts = list(mention.parts)
        while parts and parts[0] in CRATE_PREFIXES:
            parts.pop(0)
        if len(parts) > 1 and parts[-1] == "mod":  # `queue::mod`: the module, as its mod.rs
            parts.pop()
        if not parts:
            return None
        if len(parts) == 1:
            return self._name(parts[0])
        if parts[0][:1].isupper():
            return self._member(parts[0], parts[1:], mention.text)
        return self._module_path(tuple(parts), mention.text)

    def _module_path(self, parts: tuple[str, ...], text: str) -> Unknown | None:
        crate = self.crate
        # no prefix wider than the deepest module names one: a path of 64,000 segments is
        # looked up a few times, not once per segment (quadratic)
        deepest = max(map(len, crate.modules), default=0)
        for width in range(min(len(parts), deepest), 0, -1):
            found = crate.module(parts[:width])
            if found:
                return self._after_module(found, parts[width:], text)
        if parts[0] in ("lib", "main") and f"{parts[0]}.rs" in crate.files:
            return Unknown(
                "E321",
                text,
                f"`{printable(text, 80)}`: `{parts[0]}` is not a module; {parts[0]}.rs is the "
                f"crate root, so its items are `crate::{printable(parts[1], 40)}` "
                f"(or `{printable(parts[1], 40)}` in {parts[0]}.rs)",
            )
        if parts[0] in crate.words:  # an external crate's path (`serde_json::to_vec`)
            if parts[0] not in crate.heads and parts[0] not in STD_CRATES:
                return self._resolves_nowhere(parts, text)
            for index, part in enumerate(parts[1:], 1):
                if part[:1].isupper() and index + 1 < len(parts):
                    return self._member(part, list(parts[index + 1 :]), text)
                problem = self._name(part)
                if problem is not None:
                    return problem
            return None
        tops = sorted("::".join(path) for path in crate.modules if path)
        return Unknown(
            "E321",
            text,
            f"`{printable(text, 80)}`: `{printable(parts[0], 40)}` is "
            f"not a module of the crate{_did_you_mean(crate.nearest(parts[0], tops))}",
        )

    def _resolves_nowhere(self, parts: tuple[str, ...], text: str) -> Unknown:
        """E321 for a path whose first segment is a word of the crate (a variable, a field)
        but neither one of its modules nor a crate it writes paths of (`x::a::a`)."""
        return Unknown(
            "E321",
            text,
            f"`{printable(text, 80)}`: `{printable(parts[0], 40)}` is a name in the crate, but "
            "not a module of it nor a crate it uses, so the path leads nowhere"
            f"{_did_you_mean(self.crate.nearest(parts[0], sorted('::'.join(p) for p in self.crate.modules if p)))}",
        )

    def _after_module(
        self, modules: list[tuple[str, ...]], rest: tuple[str, ...], text: str
    ) -> Unknown | None:
        if not rest:
            return None
        crate = self.crate
        head = rest[0]
        words = frozenset().union(
            *(crate.file_words.get(f, frozenset()) for module in modules for f in crate.modules[module])
        )
        if head in words:
            if head[:1].isupper() and len(rest) > 1:
                return self._member(head, list(rest[1:]), text)
            return None
        where = "::".join(modules[0])
        children = sorted(
            {
                path[len(modules[0])]
                for path in crate.modules
                if len(path) > len(modules[0]) and path[: len(modules[0])] == modules[0]
            }
            - {"tests"}
        )
        own = sorted(
            {name for module in modules for f in crate.modules[module] for name in crate.items.get(f, ())}
        )
        close = crate.nearest(head, children + own if head.islower() else sorted(words))
        return Unknown(
            "E321",
            text,
            f"`{printable(text, 80)}`: `{where}` has no module or item "
            f"`{printable(head, 40)}`"
            f"{_did_you_mean(close, children + _ranked(head, own), f'in {where}')}",
        )

    def _member(self, owner: str, rest: list[str], text: str) -> Unknown | None:
        crate = self.crate
        problem = self._name(owner)
        if problem is not None:
            return problem
        member = rest[0]
        target = owner
        for _ in range(5):  # `TaskQueueProducer` is `SvixOmniProducer<QueueTask>`
            if target not in crate.aliases:
                break
            target = crate.aliases[target]
        members = crate.types.get(target)
        if members is None:  # not the crate's type: only its names are checked
            for part in rest:
                problem = self._name(part)
                if problem is not None:
                    return problem
            return None
        if member in members or member in _RUST_WORDS:
            return None
        known = crate.members.get(target)
        if known is not None and not known.open:
            if member in known.names:
                return None  # an impl, a trait, a derive or a blanket impl gives it
        elif target in crate.open_types and member in crate.called:
            return None  # a method a trait of unknown methods may give the type, called as such
        own = crate.methods.get(target, set())
        close = crate.nearest(member, own) or crate.nearest(member, members)
        via = f" (an alias of `{printable(target, 40)}`)" if target != owner else ""
        return Unknown(
            "E323",
            text,
            f"`{printable(text, 80)}`: `{printable(owner, 40)}`{via} "
            f"has no member `{printable(member, 40)}`"
            f"{_did_you_mean(close, _ranked(member, own), 'its members')}",
        )


@lru_cache(maxsize=2)
def _code_names(code: str) -> frozenset[str]:
    """The identifiers of a record's code, read once for all its unknown names."""
    return frozenset(_IDENT.findall(code))


def _ranked(name: str, pool: Iterable[str]) -> list[str]:
    """`pool` by likeness to `name`, most alike first (for a list when nothing is close)."""
    if len(name) > MAX_SUGGESTED:
        return sorted(pool)
    return sorted(pool, key=lambda word: (-difflib.SequenceMatcher(None, name, word).ratio(), word))


def _did_you_mean(names: list[str], fallback: Iterable[str] = (), label: str = "") -> str:
    """ "; nearest: `a`, `b`", or when nothing is close, the first of `fallback` under `label`."""
    if not names:
        pool = list(fallback)
        if not pool:
            return ""
        more = f", … ({len(pool) - 8} more)" if len(pool) > 8 else ""
        return f"; {label}: " + ", ".join(f"`{printable(name, 60)}`" for name in pool[:8]) + more
    return "; nearest: " + ", ".join(f"`{printable(name, 60)}`" for name in names)


def _has_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a whole identifier.

    A record-sized text is searched for the word as a substring first (most names are found at
    their first occurrence); a text with many near misses (`x_yx_y…`) is left to a regular
    expression, and a text larger than any record is read once into its set of identifiers,
    so a hostile record costs linear time, not names times occurrences.
    """
    if len(text) > _LARGE_TEXT and word.isidentifier():
        return word in _identifiers(text)
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
            return _whole_word(word).search(text, at + 1) is not None
        at = text.find(word, at + 1)
    return False


_LARGE_TEXT = 64 * 1024  # larger than any real record's code or think block
_NEAR_MISSES = 16


@lru_cache(maxsize=4)
def _identifiers(text: str) -> frozenset[str]:
    """The runs of word characters of a text: a word is whole in it exactly when it is one."""
    return frozenset(_WORD_RUN.findall(text))


_WORD_RUN = re.compile(r"\w+")


@lru_cache(maxsize=256)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")


# the checks of one record -----------------------------------------------------------------------


def defined_names(code: str) -> list[str]:
    """The items a record's code defines (fn, struct, impl targets, …), in order, each once."""
    names: dict[str, None] = {}
    for name in defined_item_names(code):
        if name not in _GENERIC_NAMES:
            names.setdefault(name, None)
    return list(names)


def specific_names(think: str, code: str, modules: Iterable[str], enough: int = 0) -> list[str]:
    """The functions and types of the record's own code that the think block names (the
    first `enough` of them, when `enough` is given)."""
    skip = set(modules) | _GENERIC_NAMES
    named: dict[str, None] = {}
    for mention in mentions(think):
        parts = mention.parts if mention.kind == "path" else (mention.text,)
        for part in parts:
            if part in skip or part in _RUST_WORDS or len(part) < 3:
                continue
            if mention.kind == "file" or (mention.loose and not _has_word(code, part)):
                continue
            if part not in named and _has_word(code, part):
                named[part] = None
                if len(named) == enough:
                    return list(named)
    return list(named)


def _names_own_items(think: str, codes: list[str], wanted: int) -> bool:
    """The cheap first look: does the think block name `wanted` of the items the record's
    blocks define (the first item of each, when its name is code-like: `create_message`,
    `MessageOut`)? Most careful ones do, and then the full scan of the text is not needed."""
    named = 0
    for code in codes:
        name = first_defined_name(code)
        if name and _WORD.fullmatch(name) and _has_word(think, name):
            named += 1
            if named >= wanted:
                return True
    return False


def specificity(think: str, codes: list[str], modules: list[str], line: int, path: str) -> list[Finding]:
    """W311: the think block names at least min(3, spans) functions or types of its code
    (`codes`, one text per span)."""
    wanted = max(1, min(3, len(codes)))
    if _names_own_items(think, codes, wanted):
        return []
    code = "\n".join(codes)
    named = specific_names(think, code, modules, wanted)
    if len(named) >= wanted:
        return []
    candidates = [name for name in defined_names(code) if name not in named][:6]
    told = f" ({', '.join(named)})" if named else ""
    offer = f"; for example {', '.join(f'`{name}`' for name in candidates)}" if candidates else ""
    return [
        finding(
            line,
            "W311",
            f"the think block names {len(named)} function(s) or type(s) of "
            f"its code{told}, fewer than {wanted}{offer}",
            path,
        )
    ]


def ground(
    texts: Iterable[tuple[str, str]],
    code: str,
    grounding: Grounding,
    line: int,
    modules: Iterable[str] = (),
    *,
    notes: bool = False,
) -> list[Finding]:
    """E320-E323 for each unknown name of the texts ((text, JSON path) pairs); with `notes`,
    N320 for the names that exist in the crate but not in the record's code (its own modules
    aside)."""
    own_modules = set(modules)
    found: list[Finding] = []
    unknown = 0
    for text, path in texts:
        elsewhere = []
        for mention in mentions(text):
            problem = grounding.resolve(mention, code)
            if problem is not None:
                message = problem.message
                if problem.code == "E320":
                    unknown += 1  # a record of endless invented names is told so without help
                    message = grounding.unknown_name(
                        problem.mention, code, suggest=unknown <= _SUGGESTED_PER_RECORD
                    )
                found.append(finding(line, problem.code, message, path))
            elif notes and _outside(mention, code, own_modules):
                elsewhere.append(mention.text)
        if elsewhere:
            names = ", ".join(f"`{printable(name, 40)}`" for name in elsewhere[:8])
            more = f" and {len(elsewhere) - 8} more" if len(elsewhere) > 8 else ""
            found.append(
                finding(line, "N320", f"named from the crate, not this record's code: {names}{more}", path)
            )
    return found


_SUGGESTED_PER_RECORD = 20  # unknown names of one record that get the nearest real names


def _outside(mention: Mention, code: str, own_modules: set[str]) -> bool:
    """Whether a resolved name comes from the crate rather than the record's own code."""
    if mention.kind == "path":
        return not _has_word(code, mention.text) and not _has_word(code, mention.parts[-1])
    if mention.kind == "name" and not mention.loose and mention.text not in own_modules:
        return not _has_word(code, mention.text)
    return False


# text hygiene -----------------------------------------------------------------------------------

# Controls (tab and newline pass), DEL, C1, bidi embeddings, overrides, isolates and marks,
# zero-width characters and separators that reorder or hide what a reader sees.
_HIDDEN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u2069\ufeff]"
)


def hygiene(text: str, path: str, line: int, what: str) -> list[Finding]:
    """E205: a control, bidi or invisible character in a text the model reads as prose."""
    match = _HIDDEN.search(text)
    if match is None:
        return []
    before = text[: match.start()]
    row = before.count("\n") + 1
    column = match.start() - (before.rfind("\n") + 1) + 1
    point = ord(match.group())
    count = len(_HIDDEN.findall(text))
    more = f" ({count} such characters)" if count > 1 else ""
    return [
        finding(line, "E205", f"the {what} holds U+{point:04X} at line {row}, column {column}{more}", path)
    ]


# claims of direction ----------------------------------------------------------------------------

# "from A to B" starts with a literal, which the regular expression engine finds by a fast
# search; "A → B" is found from its arrow, so neither is tried at every character.
_FROM_TO = re.compile(r"from\s+`?([A-Za-z_][\w:]*)(?:\(\))?`?\s+(?:to|into|through)\s+`?([A-Za-z_][\w:]*)")
# An arrow's operands: the name just before it (looked for in the last _REACH characters, so
# a text of endless arrows stays linear) and the name just after it.
_LEFT = re.compile(r"`?([A-Za-z_][\w:]*)(?:\(\))?`?\s*\Z")
_RIGHT = re.compile(r"\s*`?([A-Za-z_][\w:]*)")
_REACH = 200
# A value going back to its caller, a callback, an answer: these run against the span order.
_BACKWARDS = re.compile(r"\b(?:back|return\w*|callback\w*|called back|repl\w*|answer\w*|respon\w*)\b[^.;]*\Z")
_MAX_CLAIMS = 1_000  # a text with more places than this that may claim is judged on its first ones


def _claims(think: str) -> Iterable[tuple[str, str, str]]:
    """(A, B, the claim as written) for each "from A to B" and "A → B" of a text."""
    looked = 0
    for match in _FROM_TO.finditer(think):
        looked += 1
        if looked > _MAX_CLAIMS:
            return
        start = match.start()
        if start == 0 or not (think[start - 1].isalnum() or think[start - 1] == "_"):
            if not _BACKWARDS.search(think, max(0, start - 40), start):
                yield match.group(1), match.group(2), match.group()
    for arrow in ("→", "->", "=>"):
        at = think.find(arrow)
        while at >= 0:
            looked += 1
            if looked > _MAX_CLAIMS:
                return
            left = _LEFT.search(think, max(0, at - _REACH), at)
            right = _RIGHT.match(think, at + len(arrow)) if left is not None else None
            if left is not None and right is not None and not _BACKWARDS.search(think, max(0, at - 40), at):
                yield left.group(1), right.group(1), think[left.start() : right.end()]
            at = think.find(arrow, at + len(arrow))


def direction(think: str, blocks: list[tuple[str, str]], line: int, path: str) -> list[Finding]:
    """W312: "from A to B" or "A → B" where A and B are each one span of the record (a module
    of one block, or a function one block defines) and B comes before A in the flow.

    Only unambiguous claims are judged: a name of several blocks (a module with two spans), or
    a flow that visits a module twice, says nothing; a wrong claim is a warning, never an error.
    """
    claims = list(_claims(think))
    if not claims:  # most think blocks claim no direction: the spans are not read at all
        return []
    places: dict[str, set[int]] = {}
    for index, (module, code) in enumerate(blocks):
        if module:
            places.setdefault(module, set()).add(index)
        for name in defined_names(code):
            places.setdefault(name, set()).add(index)
    found = []
    for first, second, claim in claims:
        a = places.get(first.rsplit("::", 1)[-1])
        b = places.get(second.rsplit("::", 1)[-1])
        if not a or not b or len(a) != 1 or len(b) != 1 or a == b:
            continue
        if next(iter(a)) > next(iter(b)):
            found.append(
                finding(
                    line,
                    "W312",
                    f"«{printable(claim.strip().replace('`', ''), 80)}»: in this flow `{printable(second, 40)}` "
                    f"(span {next(iter(b)) + 1}) comes before "
                    f"`{printable(first, 40)}` (span {next(iter(a)) + 1})",
                    path,
                )
            )
    return found
