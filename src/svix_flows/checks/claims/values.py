"""Values: "`NAME` = N", "`NAME` is N", "`NAME` (N …)", "`NAME` of N", "`NAME`, which is N",
`field: N` in backticks, and "`f` with a timeout of N s" (an argument of `f`'s calls); judged
against the constant's, the struct field's or the argument's value, under every reading of the
unit said (KB as 1000 or 1024 bytes, a bare number for a `Duration` as seconds or ms)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ...rust.words import PRIMITIVE_TYPES
from .codes import DB_CODE, judge_code
from .elapsed import ELAPSED
from .fallbacks import FALLBACK, judge_fallback
from .hard_coded import HARD_CODED, judge_hard_coded
from .model import (
    CHOICE,
    FLOW,
    REACH_DEPTH,
    Claim,
    Kind,
    State,
    Verdict,
    contradicted,
    functions_named,
    named_by_scope,
)
from .text import (
    IDENT,
    IN_TICKS_VALUE,
    NUMBER,
    ONE,
    TICKED,
    WORDS,
    Clauses,
    Token,
    function_like,
    negated,
)
from .worded import WORDED, judge_worded

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts, Value
    from ...rust.facts.values import Bounds

ARGUMENT = "argument"  # a value claim's object: the value is an argument of the subject's calls
TIMER = "timer"  # a value claim's object: the duration given to the subject's timer calls
ASSIGNED = "assigned"  # a value claim's object: the flag the record's code gives the field
NONE = "None"  # an `Option` field said to be set to `None`: assigned like a flag
WRITTEN_CALL = "written call"  # a value claim's object: the number a call is written with
STATUS = "status"  # a value claim's object: the HTTP status an error constructor builds or a response answers
# "a 400 through `HttpError::conflict`", "`HttpError::permission_denied`, a 401"
_STATUS_BEFORE = re.compile(
    r"\b(?P<n>[1-5]\d\d)\s+(?:error\s+|response\s+)?(?:(?:through|from|via|with|using|built\s+by|made\s+by)\s+)?\Z"
)
# "… `HttpError::conflict(…)`, converted via `.into()`, so the client sees a 409": the status
# said later in the sentence of its only error constructor
_STATUS_LATER = re.compile(
    # (not past another clause, "…, while any other error becomes `Error::database`, … a 500")
    r"(?:(?!\b(?:while|but|whereas|otherwise)\b)[^.;`]|`(?![^`]*Error::)[^`]{0,80}`){0,120}?"
    r"\b(?:sees|gets|receives|surfaces\s+as|becomes|means|answers\s+with)\s+"
    r"(?:an?\s+|HTTP\s+|status\s+)?(?P<n>[1-5]\d\d)\b"
    # "… returns `HttpError::not_found` carrying the detail "…", a 404.": the sentence's last words
    r"|(?:(?!\b(?:while|but|whereas|otherwise|and)\b)[^.;`]|`[a-z][^`]{0,60}`){0,100}?,\s*(?:an?|i\.e\.(?:\s+a)?)\s+"
    r"(?P<tail>[1-5]\d\d)\s*(?:\.|\Z)"
)
_STATUS_AFTER = re.compile(
    r"(?:\([^`]*\))?\s*(?:,\s*(?:a|an|i\.e\.(?:\s+a)?|answering(?:\s+with)?|responding\s+with"
    # "…, giving the caller a 404"
    r"|giving\s+(?:the\s+(?:caller|client)\s+)?(?:an?|HTTP))\s+|\s+\((?:a\s+)?"
    # "…, which answers 409", "…, which means a 404"
    r"|,\s*which\s+(?:is|answers(?:\s+with)?|means|becomes)\s+(?:an?\s+|HTTP\s+|status\s+)?)(?P<n>[1-5]\d\d)\b"
)


# "`JsonStatusUpsert::Updated`, which `into_response` renders as 200", "… `NoContent`, a 204"
_STATUS_RENDERED = re.compile(
    # "…, which the response layer turns into 201", "…, which `IntoResponse` maps to status 201"
    r"(?:\([^`]*\))?\s*,?\s*(?:which\s+(?:`[^`]{1,40}`\s+|the\s+(?:[a-z]+\s+){1,2}(?=[a-z]+s\s))?"
    r"(?:answers(?:\s+with)?|renders(?:\s+\w+)?\s+as|becomes(?:\s+HTTP)?|responds\s+with|"
    r"turns\s+into|maps\s+to|is\s+(?:answered|sent|returned|rendered|mapped\s+to)(?:\s+as|\s+with)?|is|means)"
    # "…, rendered as 202"
    r"|(?:rendered|sent|answered)\s+(?:as|with))\s+"
    r"(?:an?\s+|HTTP\s+|status\s+)*(?:(?:empty|plain|bare)\s+)?(?P<n>[1-5]\d\d)\b"
)


def status_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """ "answers a 400 through `HttpError::conflict`": the status an error constructor builds."""
    for token in found:
        owner = token.name.split("::")
        # an error type of a kind (`HttpError`), not the crate's `Error`, which wraps one
        if (
            len(owner) < 2
            or not owner[-2].endswith("Error")
            or owner[-2] == "Error"
            or not owner[-1][:1].islower()
        ):
            continue
        said = _STATUS_BEFORE.search(sentence, max(0, token.start - 30), token.start) or _STATUS_AFTER.match(
            sentence, token.end
        )
        if said is None and _one_constructor(found):
            said = _STATUS_LATER.match(sentence, token.end)
        if said is not None and not negated(
            parts, min(said.start(), token.start), max(said.end(), token.end)
        ):
            yield Claim(Kind.VALUE, sentence, token.name, STATUS, said.group("n") or said.group("tail"))


def response_status_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """ "`JsonStatusUpsert::Created` (201)": the status a response type answers for the variant
    (or a type without one, `NoContent`), said right after it."""
    for token in found:
        # (`Result<NoContent>`: the type the result holds)
        held = _RESULT_OF.fullmatch(token.text) if token.ticked else None
        name = held.group(1) if held is not None else token.name
        segments = name.split("::")
        if not token.ticked or not all(part[:1].isupper() for part in segments[-2:]):
            continue
        if "Error" in name or len(segments) > 2:
            continue
        said = _STATUS_AFTER.match(sentence, token.end) or _STATUS_RENDERED.match(sentence, token.end)
        if said is not None and not negated(parts, token.start, said.end()):
            yield Claim(Kind.VALUE, sentence, name, STATUS, said.group("n"))


_RESULT_OF = re.compile(r"(?:[a-z_]+::)*Result<([A-Z][A-Za-z0-9_]{0,60})>")


def _one_constructor(found: list[Token]) -> bool:
    """Whether a sentence names one error constructor of a kind (`HttpError::x`) and no other."""
    named = {t.name for t in found if "Error::" in t.name and not t.name.startswith("Error::")}
    return len(named) == 1


BOUNDS = "bounds"  # a value claim's object: what a field's validation allows ("between 5 and 90")
NEARBY = "nearby"  # a value claim's object: the numbers of a sentence that names one constant
ROWS = "rows"  # a value claim's object: what a query's `.limit(…)` is given ("`limit + 1` rows")
# "asks for `limit + 1` rows", "asks the database for exactly `limit` rows"
_ROWS = re.compile(
    r"\b(?:asks?\s+(?:the\s+database\s+)?for|takes|fetches|requests|reads|loads|selects)\s+"
    r"(?:exactly\s+|only\s+|up\s+to\s+|at\s+most\s+)?`(?P<expr>[a-z_][a-z0-9_]{0,30}(?:\s*[+-]\s*\d{1,4})?)`\s+rows\b",
    re.IGNORECASE,
)


def rows_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """ "asks for `limit + 1` rows": what the record's queries are limited to."""
    for match in _ROWS.finditer(sentence):
        if not negated(parts, match.start(), match.end()):
            yield Claim(Kind.VALUE, sentence, "limit", ROWS, "".join(match.group("expr").split()))


_TIME_UNIT = r"(?P<unit>ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hours?)\b"
# "sleeps 100 ms", "polls every 10 seconds", "every second": a duration given to a timer
_TIMER_SAID = re.compile(
    r"\b(?:(?P<sleep>sleeps?|sleeping|pauses|pausing)\s+(?:for\s+)?|(?P<every>every)\s+)"
    r"(?:(?P<numbers>"
    + NUMBER
    + r")\s*"
    + _TIME_UNIT
    + r"|(?:(?:a|an)\s+(?:full|whole|single)\s+)?(?P<single>millisecond|second|minute|hour)\b)",
    re.IGNORECASE,
)
# "a 100 ms interval", "a 500-millisecond `tokio::time::interval`", "an interval of 10 seconds":
# the period of an interval timer, said as such
_INTERVAL_SAID = re.compile(
    r"\b(?P<numbers>"
    + NUMBER
    + r")[\s-]*"
    + _TIME_UNIT
    + r"\s+`?(?:tokio::time::)?interval\b(?!_at)`?"
    + r"|(?<![:`])\binterval\s+of\s+(?P<numbers2>"  # a ticked `interval` of: its argument
    + NUMBER
    + r")\s*"
    + _TIME_UNIT.replace("unit", "unit2"),
    re.IGNORECASE,
)
# "an interval that ticks every 500 ms": the words between an interval and its "every"
_INTERVAL_BEFORE = re.compile(
    r"\binterval`?\s+(?:that\s+|which\s+)?(?:(?:ticks?|ticking|fires|firing|runs)\s+)?\Z", re.IGNORECASE
)
# what each timer word stands for in the code: "sleeps" a sleep, "every" an interval or the
# sleep of a loop, an interval said as such only an interval
TIMERS = {"sleep": ("sleep",), "interval": ("interval", "interval_at", "sleep"), "ticker": ("interval",)}

_VALUE_GLUE = re.compile(
    r"\s*(?:\(\)\s*)?(?:=|==|is set to|is fixed at|is|equals|holds|defaults to|of|\(|:|,\s*is\s+|(?:\s*[a-z]{1,20})?\s*,\s*(?:which is\s+|that is\s+)?"
    r"|(?:holds|lists|has|contains|gives)(?:\s+[a-z]{1,20}){0,3}\s*:"
    r"|\s*,\s*whose\s+(?:[a-z]{1,20}\s+){1,2}(?:are|is)\s+"
    # "`RECOVER_LIMIT`, which caps a recover at 10,000 messages"
    r"|\s*,\s*(?:which|that)\s+(?:caps|limits|bounds|sets)\s+[^,;:`]{0,40}?\s*(?:at|to)\s+"
    r"|\s*,\s*(?:which|that)\s+defaults\s+to\s+"
    # "a `batch_size` whose clap default is `1_000`", "the `--batch-size` option defaults to 1,000"
    r"|\s+whose\s+(?:[a-z]+\s+)?default\s+is\s+`?|\s+(?:option|flag|argument)\s+defaults\s+to\s+"
    # "`batch_size` is a `u64` whose clap default is 1_000": the name's, not the type's
    r"|\s+is\s+an?\s+`[^`]{1,40}`\s+whose\s+(?:[a-z]+\s+)?default\s+is\s+`?"
    # "`--batch-size` as a `u64` that defaults to 1_000", "… is a `u64` which defaults to 50"
    r"|\s+(?:as|is)\s+an?\s+`[^`]{1,40}`\s*,?\s+(?:(?:that|which)\s+defaults|defaulting)\s+to\s+"
    # "`x` defaulting to 10", "with `JITTER_DELTA` being 0.1"
    r"|\s*,?\s+defaulting\s+to\s+|\s+being\s+(?=\d)"
    # "sets `max_receives` to 5", "with `x` set to 5", "`attempt_count` fixed at 1",
    # "`x` … and falls back to 10"
    r"|\s+(?:set\s+)?to\s+(?=\d)|\s+(?:is\s+)?(?:fixed|capped)\s+at\s+"
    r"|\s+(?:and\s+)?falls\s+back\s+to\s+"
    # "a missing `version` is stored as 1", "when `since` is left out, it defaults to 28 days …"
    r"|\s+(?:is\s+stored\s+as|becomes|is\s+treated\s+as)\s+"
    r"|\s+is\s+(?:left\s+out|missing|omitted|not\s+(?:given|set|sent)),\s+(?:it\s+)?"
    r"(?:defaults\s+to|becomes|falls\s+back\s+to|is\s+set\s+to)\s+"
    # "`RETRY_SCHEDULE` waits 10, 20 and 40 ms", "`CAP` caps pages at 250", "`MAX` limits it to 5"
    r"|\s+(?:waits|caps\s+(?:[a-z]+\s+){0,2}?at|limits\s+(?:[a-z]+\s+){0,2}?to|allows(?:\s+up\s+to)?)\s+)\s*"
    r"(?P<numbers>" + NUMBER + r"(?:\s*(?:,|and|or|,\s*and)\s*" + NUMBER + r"){0,8})"
    r"(?:\s*(?P<unit>[A-Za-zµ]{1,12})\b)?(?P<after>\s*[^\s]?)",
)
# "a limit above 250, the `CAP`", "capped at 250 by `CAP`": the number just before the constant
_NUMBER_BESIDE = re.compile(
    r"(?<![\w.])(?P<numbers>" + NUMBER + r")\s*(?P<unit>[A-Za-zµ]{1,12})?\s*(?:,\s*(?:the|its)\s+|\s+by\s+)\Z"
)
_UNITLESS = frozenset({"the", "its", "by"})  # the glue itself, read as a unit by the pattern
# "cut to 20000 bytes (`MAX_SIZE`)": the number before the constant's parenthesis
_NUMBER_BEFORE = re.compile(r"(?<![\w.])(?P<numbers>" + NUMBER + r")\s*(?P<unit>[A-Za-zµ]{1,12})?\s*\(\s*\Z")
_ARGUMENT = re.compile(
    r"\s*(?:\(\))?\s*,?\s*with\s+(?:a|an|the)\s+(?:[A-Za-z]{1,20}\s+){1,2}of\s+(?P<numbers>" + NUMBER + r")"
    r"\s*(?P<unit>[A-Za-zµ]{1,12})?\b"
)
# "`layered_fetch` with a 300 second time-to-live", "a `tokio::time::interval` of ten seconds":
# a duration given to the function's calls
_DURATION_UNIT = r"(?P<unit>ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hours?|days?)\b"
# the last value of a list given to a call: "…, and a TTL of"
_LAST_OF = r",?\s+and\s+(?:a|an|the)\s+(?:TTL|ttl|time[ -]to[ -]live|timeout|expiry)\s+of\s+"
LAST_GIVEN = re.compile(_LAST_OF)
_ARGUMENT_DURATION = re.compile(
    r"\s*(?:\(\))?\s*,?\s*(?:with\s+an?\s+(?P<numbers>"
    + NUMBER
    + r")[\s-]*"
    + _DURATION_UNIT
    + r"[\s-]+(?:TTL|ttl|time-to-live|timeout|delay|lifetime|expiry)\b"
    # "… of ten seconds", "… and a time to live of 100 milliseconds"
    + r"|(?:(?:with|and)\s+(?:a|an|the)\s+(?:TTL|ttl|time[ -]to[ -]live|timeout|delay|expiry)\s+)?of\s+(?P<numbers2>"
    + NUMBER
    + r")\s*"
    + _DURATION_UNIT.replace("unit", "unit2")
    # "`f` with the cache, the ids and a TTL of 60 seconds": the last of the values it is given
    # ("`f` is called with …": the same)
    + r"|\s*,?\s*(?:(?:is|gets)\s+(?:then\s+)?(?:called|invoked|awaited)\s+)?with\s+(?:[^.;:`]|`[^`]{1,60}`){1,120}?"
    + _LAST_OF
    + r"(?P<numbers3>"
    + NUMBER
    + r")\s*"
    + _DURATION_UNIT.replace("unit", "unit3")
    + r")"
)
_TIME_UNIT_WORD = re.compile(r"ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hours?|days?")
# "… is capped with `min` at 300 seconds": a clamp's call, whose bound is what it is given
_CLAMPED_WITH = re.compile(r"\b(?:capped|clamped|bounded|limited)\s+(?:with|by|through|via|using)\s+`\Z")
_CLAMPED_AT = re.compile(r"\s*(?:\(\))?\s+(?:at|to)\s+(?P<numbers>" + NUMBER + r")\s*" + _DURATION_UNIT)
# "`NONCE_SIZE` bytes of the ciphertext, 24 bytes": the unit said again with the number
_SAME_UNIT = re.compile(
    r"\s+(?P<unit>[a-z]{2,12})\b[^,.;:`]{0,40},\s*(?:which is\s+|that is\s+|i\.e\.\s+)?(?P<numbers>"
    + NUMBER
    + r")\s*(?P=unit)\b"
)
# "valid for 10 minutes", "a TTL of 100 ms": a duration the nearest function states or is given
_LIFETIME = re.compile(
    r"\b(?:valid for|expires? (?:after|in)|lives? for|(?:a|an|the|its) (?:TTL|ttl|timeout|lifetime|expiry|time-to-live) of|"
    r"start(?:s|ing)? (?:at|from|with)|initially|up to|capped at|at most|looks? back(?: only| at most)?)\s+"
    r"(?P<numbers>"
    + NUMBER
    + r")\s*"
    + r"(?P<unit>ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hours?|days?)\b"
)
LIFETIME = "lifetime"  # a value claim's object: a duration in the subject's body or its calls
# "the sleeps add at most 70 ms": an amount added up, which no one duration of the code states
_ADDED = re.compile(r"\b(?:adds?|adding|sums?|summing|totals?|totalling)\s+$", re.IGNORECASE)
_COMPARATIVES = frozenset(
    {
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
    }
)

# units a value may be written in: (dimension, factors to the code's unit) — bytes, or ms
UNITS: dict[str, tuple[str, tuple[float, ...]]] = {}
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
        UNITS[_name] = (_dim, _factors)


# "two full minutes", "a whole hour": the word is left out (blanked, so offsets hold)
_FLAG = re.compile(r"--[a-z][a-z0-9-]{0,60}")
# a call written with a plain number for its one argument: `Duration::from_secs(30)`,
# `Duration::from_hours(24 * 28)`
# the unit a duration's constructor gives its number
_SNIPPET_UNITS = {
    "from_millis": "ms",
    "milliseconds": "ms",
    "from_secs": "seconds",
    "seconds": "seconds",
    "from_mins": "minutes",
    "minutes": "minutes",
    "from_hours": "hours",
    "hours": "hours",
    "days": "days",
    "weeks": "weeks",
}
# "`NAME` as `…`", "`NAME` is `…`", "`NAME`, which is `…`", "`NAME` = `…`": the constant a
# written value belongs to
_CONSTANT_AS = re.compile(
    r"`(?P<name>[A-Z][A-Z0-9_]{1,60})`\s*(?:,\s*)?(?:which\s+|that\s+)?(?:defined\s+)?(?:as|is|=|:)\s*\Z"
)
_CALL_SNIPPET = re.compile(
    r"(?:[A-Za-z_]\w*::){0,4}(?P<callee>[a-z_]\w*)\(\s*(?P<args>\d[\d_]{0,12}(?:\s*\*\s*\d[\d_]{0,12}){0,3})\s*\)"
)


_FULL = re.compile(r"\b(?:full|whole)\s+(?=(?:ms|milliseconds?|seconds?|minutes?|hours?|days?)\b)")


def value_claims(token: Token, after: str, sentence: str) -> Iterator[Claim]:
    """The value claims a token opens; `after` is the text that follows it."""
    if token.text.startswith("--") and _FLAG.fullmatch(token.text):
        token = replace(token, name=token.text[2:].replace("-", "_"))  # `--batch-size`: `batch_size`
    after = _FULL.sub(lambda match: " " * len(match.group()), after)
    written = sentence[token.start + 1 : token.end - 1] if token.ticked else ""
    if written and (snippet := _CALL_SNIPPET.fullmatch(written)) is not None:
        yield from _snippet_claims(sentence, token, snippet)
        return
    if token.ticked and (inside := IN_TICKS_VALUE.match(token.text)) is not None:
        yield _said(sentence, inside.group("name"), "", inside.group("numbers"), inside.group("unit"))
        return
    last = token.name.rsplit("::", 1)[-1]
    if "::" in token.name and not last.isupper():
        yield from _argument(token, after, sentence, last)
        return
    if "(" in token.text.replace("()", "") or not (last.isupper() or (token.ticked and last[:1].islower())):
        return
    if function_like(token) and (
        _ARGUMENT.match(after) or _ARGUMENT_DURATION.match(after) or _clamped(token, after, sentence)
    ):
        yield from _argument(token, after, sentence, last)
        return
    aside = _said_aside(token, after, sentence, last)
    if aside is not None:
        yield aside
        return
    yield from _said_after(after, sentence, last)


# `Foo { a: dlq, max_receives: 5 }` inside a longer snippet: a field given a number
_LITERAL_FIELD = re.compile(r"[{,]\s*(?P<name>[a-z_][a-z0-9_]{0,40})\s*:\s*(?P<n>\d[\d_]{0,12})\s*(?=[,}])")


def nested_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """The numbers a longer snippet gives inside it: a duration's constructor
    (`layered_fetch(…, Duration::from_secs(30))`) and a struct literal's fields
    (`Some(Config { max_receives: 3 })`)."""
    for ticked in TICKED.finditer(sentence):
        written = ticked.group(1)
        if _CALL_SNIPPET.fullmatch(written) or negated(parts, ticked.start(), ticked.end()):
            continue  # (a snippet that is one call is read with its token)
        for snippet in _CALL_SNIPPET.finditer(written):
            number = _product(snippet.group("args"))
            if number is not None and snippet.group("callee") in _SNIPPET_UNITS:
                yield _said(sentence, snippet.group("callee"), WRITTEN_CALL, f"{number:g}", None)
        if "{" in written:
            for field in _LITERAL_FIELD.finditer(written):
                yield _said(sentence, field.group("name"), "", field.group("n").replace("_", ""), None)


def _snippet_claims(sentence: str, token: Token, snippet: re.Match[str]) -> Iterator[Claim]:
    """ "`Duration::from_hours(24 * 30)`": the number the code gives that call; "`LIMIT` as
    `chrono::Duration::hours(24)`": the constant's value, in the constructor's unit."""
    number = _product(snippet.group("args"))
    if number is None:
        return
    unit = _SNIPPET_UNITS.get(snippet.group("callee"))
    named = _CONSTANT_AS.search(sentence, max(0, token.start - 80), token.start) if unit else None
    if named is not None:
        yield _said(sentence, named.group("name"), "", f"{number:g}", unit)
    else:
        yield _said(sentence, snippet.group("callee"), WRITTEN_CALL, f"{number:g}", None)


def _said_aside(token: Token, after: str, sentence: str, last: str) -> Claim | None:
    """A value said around the name rather than after a verb: "20000 bytes (`MAX_SIZE`)", a
    flag's default ("`with_content` defaults to false"), or what a field is assigned."""
    before = (
        _NUMBER_BEFORE.search(sentence, max(0, token.start - 40), token.start) if last.isupper() else None
    )
    if before is not None and after.startswith(")"):
        return _said(sentence, last, "", before.group("numbers"), before.group("unit"))
    beside = (
        _NUMBER_BESIDE.search(sentence, max(0, token.start - 40), token.start) if last.isupper() else None
    )
    if beside is not None and _plain_unit(beside.group("unit")) and beside.group("unit") not in _UNITLESS:
        return _said(sentence, last, "", beside.group("numbers"), beside.group("unit"))
    flag = _BOOL_GLUE.match(after) if token.ticked and last[:1].islower() else None
    if (
        flag is not None
        and _DEFAULT.search(sentence)
        and not _WHEN_BEFORE.search(sentence, max(0, token.start - 12), token.start)
    ):
        return Claim(Kind.VALUE, sentence, last, "", flag.group("flag").lower())
    if token.ticked and "." not in token.text and last[:1].islower():
        return _said_assigned(token, after, sentence, last)
    return None


# "… when `with_content` is false, a flag that defaults to true": a condition, not the default
_WHEN_BEFORE = re.compile(r"\b(?:when|if|unless|while|once|whether)\s+(?:the\s+)?\Z", re.IGNORECASE)


# an input the sentence supposes: "a body with `archived` set to true", "a request with `x` …"
_INPUT_WITH = re.compile(
    r"\b(?:body|request|payload|input|query|patch|PATCH|PUT|POST|call|client|caller)\s+with\s+(?:its\s+|the\s+)?\Z"
)


def _said_assigned(token: Token, after: str, sentence: str, last: str) -> Claim | None:
    """What the code is said to assign a field: "sets `deleted` to true", "with `disabled` set
    to false", "its `response` is overwritten with an empty string"."""
    if _INPUT_WITH.search(sentence, max(0, token.start - 40), token.start):
        return None  # "a body with `archived` set to true": what a caller sends, not what the code sets
    assigned = _SET_TO.match(after)
    if assigned is not None and (assigned.group("set") or _SETS_BEFORE.search(sentence, 0, token.start)):
        # "The `RedisConfig` sets `x` to false": said of that type's literal
        typed = _TYPE_SETS.search(sentence, max(0, token.start - 80), token.start)
        acting = _ACTING.match(sentence) if typed is None else None
        return Claim(
            Kind.VALUE,
            sentence,
            last,
            ASSIGNED,
            assigned.group("flag") if assigned.group("flag") == NONE else assigned.group("flag").lower(),
            scope=typed.group(1) if typed else acting.group(1) if acting else "",
        )
    written = _SET_STRING.match(after)  # (or "… with the literal string `"{}"`")
    if written is not None:
        return Claim(Kind.VALUE, sentence, last, ASSIGNED, written.group("literal") or '""')
    return None


# "with `JITTER_DELTA` at 0.2": a constant's value after "at" (the same groups as the glue's)
_CONSTANT_AT = re.compile(
    # (and "defines `RECOVER_LIMIT` as 10 000", "`JITTER_DELTA` equal to 0.2")
    r"\s+(?:at|as|equal\s+to)\s+(?P<numbers>"
    + NUMBER
    + r")(?:\s*(?P<unit>[A-Za-zµ]{1,12})\b)?(?P<after>\s*[^\s]?)"
)


def _said_after(after: str, sentence: str, last: str) -> Iterator[Claim]:
    """ "`NAME` = N", "`NAME` is N bytes", "`NAME` bytes …, 24 bytes": the value after the name."""
    if last in PRIMITIVE_TYPES:
        return  # "as a `u64` defaulting to 1_000": the value is the option's, not the type's
    match = _VALUE_GLUE.match(after) or (_CONSTANT_AT.match(after) if last.isupper() else None)
    if match is None:
        same = _SAME_UNIT.match(after) if last.isupper() else None
        if same is not None:
            yield _said(sentence, last, "", same.group("numbers"), same.group("unit"))
        return
    unit = (match.group("unit") or "").strip()
    follow = match.group("after").strip()
    if match.group("unit") and _NO_UNIT.match(after, match.start("unit")):
        unit = ""  # "600 by default", "600 unless configured": the number stands alone
    if not _plain_unit(unit) or (not unit and follow[:1] in ("%", "x", "×", "-", "/")):
        return  # "2 times", "50 %": not a value the grammar can weigh
    plus = _PLUS.match(after, match.end("unit") if match.group("unit") else match.end("numbers"))
    if plus is not None:
        total = _sum_of(match.group("numbers"), unit, plus)
        if total is not None:
            yield _said(sentence, last, "", *total)
        return  # (a sum the grammar cannot add up is not judged)
    yield _said(sentence, last, "", match.group("numbers"), unit)


# "14 days plus 5 minutes", "1 h + 30 s": a second time added to the first
_PLUS = re.compile(
    r"\s*(?:plus\b|\+|and\s+a\s+half\b)(?:\s*(?P<number>\d{1,6})\s*(?P<unit>[A-Za-z]{1,12})\b)?",
    re.IGNORECASE,
)


def _sum_of(numbers: str, unit: str, plus: re.Match[str]) -> tuple[str, str] | None:
    """The sum of "N unit plus M unit", in the second unit, when both are times and it is whole."""
    first, second = UNITS.get(unit.lower()), UNITS.get((plus.group("unit") or "").lower())
    if not numbers.isdigit() or first is None or second is None or first[0] != "time" or second[0] != "time":
        return None
    total = int(numbers) * first[1][0] + int(plus.group("number")) * second[1][0]
    if total % second[1][0]:
        return None
    return str(int(total // second[1][0])), plus.group("unit")


# numbers with a unit of time or size: "100, 200 and 400 milliseconds", "64 KB"
_MEASURE = re.compile(
    r"(?<![\w.`])(?P<numbers>"
    + NUMBER
    + r"(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+)"
    + NUMBER
    + r"){0,8})"
    r"[\s-]*(?P<unit>[A-Za-z]{1,12})\b"
)
_CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,}")
_DIGIT = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|sixty|a|an)\s", re.IGNORECASE
)


# "the limit defaults to 50 through `default_limit`": the value of the function named
_DEFAULT_THROUGH = re.compile(
    r"\bdefaults?\s+to\s+(?P<numbers>" + NUMBER + r")\s*(?P<unit>[A-Za-z]{1,12})?\s+"
    r"(?:through|via|from|by|in|set\s+by|given\s+by)\s+(?:the\s+)?`(?P<name>[a-z_][a-z0-9_]{0,60})(?:\(\))?`",
    re.IGNORECASE,
)


def default_through_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """ "`limit` defaults to 50 through `default_limit`": the one value the function's body is."""
    for match in _DEFAULT_THROUGH.finditer(sentence):
        unit = match.group("unit")
        if unit is not None and unit.lower() not in UNITS:
            continue
        if not negated(parts, match.start(), match.end()):
            yield _said(sentence, match.group("name"), "", match.group("numbers"), unit)


# "must lie between 5 and 90", "to be at least 10", "at most 30": what validation allows
_ALLOWED = re.compile(
    r"\b(?:(?:must|to|should)\s+(?:lie|be)\s+|(?:lies|is)\s+)?(?:"
    r"between\s+(?P<least>" + ONE + r")\s+and\s+(?P<most>" + ONE + r")"
    r"|at\s+least\s+(?P<min>" + ONE + r")|at\s+most\s+(?P<max>" + ONE + r"))\b",
    re.IGNORECASE,
)
_VALIDATION = re.compile(r"\bvalidat|\bmust\b|\brequire|\ballowed\b|\baccept", re.IGNORECASE)
_FIELD_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


def bounds_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """ "Validation requires `db_pool_max_size` to be at least 10", "`payload_retention_period`
    … must lie between 5 and 90": what the field's validation allows, said of the nearest field
    name before it, in a sentence that speaks of validation."""
    if not _VALIDATION.search(sentence):
        return
    for match in _ALLOWED.finditer(sentence):
        before = [t for t in found if t.ticked and t.end <= match.start() and _FIELD_NAME.fullmatch(t.name)]
        if not before or negated(parts, before[-1].start, match.end()):
            continue
        least = match.group("least") or match.group("min") or ""
        most = match.group("most") or match.group("max") or ""
        yield Claim(Kind.VALUE, sentence, before[-1].name, BOUNDS, f"{least}..{most}")


def _bounds(facts: Facts, claim: Claim) -> Verdict:
    """Supported when one validation of a field of that name allows what the text says;
    contradicted when every one allows something else."""
    found = facts.bounds(claim.subject)
    if not found:
        return Verdict(claim, State.UNCHECKABLE)
    least_said, most_said = (_product(x) if x else None for x in claim.says.split(".."))

    def agrees(bound: Bounds) -> bool:
        return (least_said is None or least_said == bound.least) and (
            most_said is None or most_said == bound.most
        )

    for bound in found:
        if agrees(bound):
            return Verdict(claim, State.SUPPORTED, where=bound.where)
    bound = found[0]
    allowed = ", ".join(
        f"{side} = {value:g}"
        for side, value in (("min", bound.least), ("max", bound.most))
        if value is not None
    )
    said = (
        f"between {least_said:g} and {most_said:g}"
        if least_said is not None and most_said is not None
        else f"at least {least_said:g}"
        if least_said is not None
        else f"at most {most_said:g}"
    )
    return contradicted(
        claim,
        f"`{claim.subject}` is validated with range({allowed}) at {bound.where}; the text says {said}",
        bound.where,
    )


# a clause of its own between a number and the constant: "looks back 90 days, and it caps ids
# at now plus `X`" (the number is said of the first clause's act)
_ANOTHER_CLAUSE = re.compile(r";\s|,\s+(?:and|but|while|whereas|so)\s+(?:it|they|then)\b")


def nearby_claim(
    sentence: str, found: list[Token], parts: Clauses, taken: frozenset[str] | set[str] = frozenset()
) -> Claim | None:
    """A sentence that names one constant and gives numbers of time or size ("The waits are
    10, 20 and 40 ms, taken from `RETRY_SCHEDULE`"): its numbers, which the judge holds to the
    constant only when none of them is one of its values. A negation or contrast between the
    constant and the numbers leaves it alone, and so does a number another rule has read
    (`taken`, as said) or one a clause of its own sets apart from the constant."""
    if not _DIGIT.search(sentence):
        return None
    named = {t.name.rsplit("::", 1)[-1] for t in found if t.ticked}
    named |= {n for written in TICKED.findall(sentence) for n in IDENT.findall(written)}  # `now - D`
    constants = {n for n in named if _CONSTANT.fullmatch(n)}
    if len(constants) != 1:
        return None
    constant = next(iter(constants))
    at = sentence.find(constant)
    measures = [
        m
        for m in _MEASURE.finditer(sentence)
        if m.group("unit").lower() in UNITS
        and f"{m.group('numbers')} {m.group('unit').lower()}" not in taken
        and not _ANOTHER_CLAUSE.search(sentence, min(at, m.end()), max(at, m.start()))
    ]
    if not measures:
        return None
    if negated(parts, min(at, measures[0].start()), max(at + len(constant), measures[-1].end())):
        return None
    said = "; ".join(f"{m.group('numbers')} {m.group('unit').lower()}" for m in measures)
    return Claim(Kind.VALUE, sentence, constant, NEARBY, said)


def _nearby(facts: Facts, claim: Claim) -> Verdict:
    """Contradicted when no number of the sentence, in a unit of the constant's kind (a time for
    a `Duration`, a size for a number), can be one of its values."""
    values = facts.constant(claim.subject)
    if not values:
        return Verdict(claim, State.UNCHECKABLE)
    said = [s for part in claim.says.split("; ") if (s := said_numbers(part)) is not None]
    kinds = {UNITS[unit][0] for _, unit in said}
    if not said or len(kinds) != 1 or any((kinds == {"time"}) != value.duration for value in values):
        return Verdict(claim, State.UNCHECKABLE)
    listed = _list_off(said, values)
    if listed is not None:
        return contradicted(
            claim,
            f"`{claim.subject}` is {_shown(listed)} at {listed.where}; the text says {claim.says}",
            listed.where,
        )
    for numbers, unit in said:
        for value in values:
            if any(matches([number], unit, value) for number in numbers):
                return Verdict(claim, State.SUPPORTED, where=value.where)
    value = values[0]
    return contradicted(
        claim,
        f"`{claim.subject}` is {_shown(value)} at {value.where}; the text says {claim.says}",
        value.where,
    )


def _list_off(said: list[tuple[list[float], str]], values: list[Value]) -> Value | None:
    """A list of the constant's length said with one of its numbers off ("10, 20 and 80 ms" of
    `[10 ms, 20 ms, 40 ms]`): the constant's list, when no value is the list said."""
    for numbers, unit in said:
        if len(numbers) < 2 or any(matches(numbers, unit, value) for value in values):
            continue
        for value in values:
            if len(value.numbers) == len(numbers) and any(matches([n], unit, value) for n in numbers):
                return value
    return None


def lifetime_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """ "`f`, which signs a JWT valid for 10 minutes": a duration of the nearest function before."""
    for match in _LIFETIME.finditer(sentence):
        before = [t for t in found if t.end <= match.start() and function_like(t) and t.ticked]
        if negated(parts, before[-1].start if before else 0, match.end()):
            continue
        if before and _ARGUMENT.match(sentence, before[-1].end):
            continue  # "`f` with a TTL of 30 s": read as `f`'s argument already
        if _ADDED.search(sentence, max(0, match.start() - 12), match.start()):
            continue
        # "The backoff … is capped at 300 seconds": said of no function, so of the record's code
        name = before[-1].name.rsplit("::", 1)[-1] if before else FLOW
        yield _said(sentence, name, LIFETIME, match.group("numbers"), match.group("unit"))


def timer_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """ "sleeps 500 ms", "every 10 seconds": the duration given to the record's timers (those of
    the sentence's first function, when it names one)."""
    first = next((t.name for t in found if function_like(t)), "")
    for match in _TIMER_SAID.finditer(sentence):
        if negated(parts, match.start(), match.end()):
            continue
        subject = "sleep" if match.group("sleep") else "interval"
        if subject == "interval" and _INTERVAL_BEFORE.search(
            sentence[max(0, match.start() - 40) : match.start()]
        ):
            subject = "ticker"
        if match.group("single"):
            said = f"1 {match.group('single').lower()}"
        else:
            said = f"{match.group('numbers')} {match.group('unit') or ''}".strip()
        # "…, `g`, which polls every 100 ms": the function whose own clause holds the timer
        owners = [
            t.name
            for t in found
            if function_like(t) and t.end <= match.start() and _WHICH_CLAUSE.match(sentence, t.end)
        ]
        yield Claim(Kind.VALUE, sentence, subject, TIMER, said, scope=owners[-1] if owners else first)
    for match in _INTERVAL_SAID.finditer(sentence):
        if not negated(parts, match.start(), match.end()):
            numbers = match.group("numbers") or match.group("numbers2")
            said = f"{numbers} {match.group('unit') or match.group('unit2')}"
            yield Claim(Kind.VALUE, sentence, "ticker", TIMER, said, scope=first)


_WHICH_CLAUSE = re.compile(r"(?:\(\))?,\s+(?:which|that)\s")


def _argument(token: Token, after: str, sentence: str, last: str) -> Iterator[Claim]:
    """ "`f` with a timeout of 30 s", "`f` with a 30 second TTL", "an `interval` of 10 s": a value
    given to `f`'s calls."""
    argument = _ARGUMENT.match(after) if function_like(token) else None
    if argument is not None and _plain_unit(argument.group("unit")):
        yield _said(sentence, last, ARGUMENT, argument.group("numbers"), argument.group("unit"))
        return
    duration = _ARGUMENT_DURATION.match(after) if function_like(token) else None
    if duration is not None:
        numbers, unit = next(
            (duration.group(f"numbers{n}"), duration.group(f"unit{n}"))
            for n in ("", "2", "3")
            if duration.group(f"numbers{n}")
        )
        yield _said(sentence, last, ARGUMENT, numbers, unit)
        return
    clamped = _clamped(token, after, sentence)
    if clamped is not None:
        yield _said(sentence, last, ARGUMENT, clamped.group("numbers"), clamped.group("unit"))


def _clamped(token: Token, after: str, sentence: str) -> re.Match[str] | None:
    """ "capped with `min` at 300 seconds": the bound a clamp's call is given (not "sets `x` to
    5 seconds", a value of its own)."""
    if not function_like(token) or not _CLAMPED_WITH.search(
        sentence, max(0, token.start - 40), token.start + 1
    ):
        return None
    return _CLAMPED_AT.match(after)


def _said(sentence: str, name: str, object_: str, numbers: str, unit: str | None) -> Claim:
    return Claim(Kind.VALUE, sentence, name, object_, f"{numbers} {unit or ''}".strip())


_NO_UNIT = re.compile(
    r"\s*(?:by default|unless|when|if|until|otherwise|in|on|at|for|with|from|inside|within|into|so|and|or|but|while)\b",
    re.IGNORECASE,
)


def _plain_unit(unit: str | None) -> bool:
    """A unit the grammar weighs: none, a known one, or a plain count noun ("rows")."""
    return not unit or unit.lower() in UNITS or unit.lower() not in _COMPARATIVES


def judge_value(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when the numbers said can be the code's value under some reading of the unit."""
    if claim.object == ASSIGNED:
        return _assigned(facts, claim, own)
    if claim.object == ROWS:
        return _rows(facts, claim, own)
    if claim.object == STATUS:
        return _status(facts, claim, own)
    if claim.object == NEARBY:
        return _nearby(facts, claim)
    if claim.object == BOUNDS:
        return _bounds(facts, claim)
    if claim.object == FALLBACK:
        return judge_fallback(facts, claim, own, _is_said)
    if claim.object == WORDED:
        return judge_worded(facts, claim, own, _is_said)
    if claim.object == HARD_CODED:
        return judge_hard_coded(facts, claim, own)
    if claim.object == DB_CODE:
        return judge_code(facts, claim, own)
    values = _values(facts, claim, own)
    said = said_numbers(claim.says) if values else None
    if said is None:
        return Verdict(claim, State.UNCHECKABLE)
    numbers, unit = said
    for value in values:
        if matches(numbers, unit, value):
            return Verdict(claim, State.SUPPORTED, where=value.where)
    # (a time said is shown against the duration among the values: "given 30 s", not the id)
    timed = unit is not None and _TIME_UNIT_WORD.fullmatch(unit) is not None
    value = next((v for v in values if v.duration), values[0]) if timed else values[0]
    what = (
        "the elapsed time is compared with"
        if claim.object == ELAPSED
        else f"`{claim.subject}` is"
        if claim.object not in (ARGUMENT, TIMER, LIFETIME, WRITTEN_CALL)
        else f"`{claim.subject}` is given"
    )
    return contradicted(
        claim, f"{what} {_shown(value)} at {value.where}; the text says {claim.says}", value.where
    )


def _is_said(says: str, value: Value) -> bool:
    """Whether the number said (with its unit, if any) can be the value."""
    said = said_numbers(says)
    return said is not None and matches(said[0], said[1], value)


def _status(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """ "a 400 through `HttpError::conflict`": judged by the one `StatusCode` the constructor's
    body names; "`JsonStatusUpsert::Created` (201)" by the arm of the type's `into_response`;
    "`StatusCode::NO_CONTENT`, which is 200" by the constant's own number."""
    variant = claim.subject.rsplit("::", 1)[-1][:1].isupper()
    verb = "answers" if variant else "builds"
    if claim.subject.startswith("StatusCode::"):  # the constant's own number, where the record names it
        named = [v for fn in own for v in facts.statuses(fn) if v.text == claim.subject]
        if not named:
            return Verdict(claim, State.UNCHECKABLE)
        code, value, verb = named[0].numbers[0], named[0], "is"
    elif variant:  # a response type's variant
        answered = facts.response_status(claim.subject)
        if answered is None:
            return Verdict(claim, State.UNCHECKABLE)
        code, value = answered.numbers[0], answered
    else:
        codes = {v.numbers[0]: v for v in facts.statuses_of(claim.subject)}
        if len(facts.functions(claim.subject)) != 1 or len(codes) != 1:
            return Verdict(claim, State.UNCHECKABLE)
        [(code, value)] = codes.items()
    if code == float(claim.says):
        return Verdict(claim, State.SUPPORTED, where=value.where)
    shown = f" (`{value.text}`)" if value.text != claim.subject else ""
    return contradicted(
        claim,
        f"`{claim.subject}` {verb} a {int(code)}{shown} at {value.where}; the text says {claim.says}",
        value.where,
    )


def _rows(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """ "asks for `limit + 1` rows": supported by a `.limit(limit + 1)` of the record's code,
    contradicted when every `.limit(…)` is given something else."""
    given = facts.argument_texts("limit", own)
    if not given:
        return Verdict(claim, State.UNCHECKABLE)
    found = next((v for v in given if v.text == claim.says), None)
    if found is not None:
        return Verdict(claim, State.SUPPORTED, where=found.where)
    return contradicted(
        claim,
        f"the query is limited with `.limit({given[0].text})` at {given[0].where}; the text says `{claim.says}` rows",
        given[0].where,
    )


def _assigned(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """ "sets `deleted` to true": supported by a `true` the record's code gives the field;
    contradicted when every value it gives it is the other flag."""
    if claim.scope[:1].islower():
        # said of one function of the record: what it and its helpers give the field ("the
        # handler" is left to the whole record: a flow may have several)
        said_of = [fn for fn in own if fn.name == claim.scope]
        own = facts.reach_all(said_of, 2) or own
    elif claim.scope:
        unset = _literal_without(facts, claim, own)
        if unset is not None:
            return unset
    given = facts.flags(claim.subject, own)
    found = next((v for v in given if v is not None and _gives_said(v, claim)), None)
    if found is not None:
        return Verdict(claim, State.SUPPORTED, where=found.where)
    if not given:
        return _another_flag(facts, claim, own)
    if None in given:
        return Verdict(claim, State.UNCHECKABLE)
    # "builds `ActiveModel::new(org_id)`, which sets `deleted` to false": a function the
    # sentence names, beyond the record's code, may be the one that sets it
    named = facts.flags(claim.subject, functions_named(facts, claim.sentence))
    if any(v is None or _gives_said(v, claim) for v in named):
        return Verdict(claim, State.UNCHECKABLE)
    value = given[0]
    assert value is not None
    return contradicted(
        claim,
        f"`{claim.subject}` is set to {value.text} at {value.where}; the text says {claim.says}",
        value.where,
    )


def _another_flag(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """ "sets `disabled` to true" where nothing the record's code reaches, nor a function the
    sentence names, gives `disabled` anything, and the record's code gives another field that
    flag (`deleted = Set(true)`): the text named the wrong field."""
    if claim.says not in ("true", "false", NONE) or claim.scope[:1].isupper():
        return Verdict(claim, State.UNCHECKABLE)  # (a type's literal said to set it: judged above)
    others = [(field, v) for field, v in facts.assigned_flags(own) if _gives_said(v, claim)]
    if not others:
        return Verdict(claim, State.UNCHECKABLE)
    beyond = [*facts.reach_all(own, REACH_DEPTH), *functions_named(facts, claim.sentence)]
    if claim.subject in {n for fn in beyond for n in facts.names(fn)}:
        return Verdict(claim, State.UNCHECKABLE)  # given somewhere the record reaches, or named
    field, value = others[0]
    return contradicted(
        claim,
        f"the record's code never sets `{claim.subject}`; it sets `{field}` to {claim.says} at {value.where}",
        value.where,
    )


def _gives_said(value: Value, claim: Claim) -> bool:
    """Whether a value given to a field is the flag (1 or 0), `None`, or the text the claim says."""
    said = 1.0 if claim.says == "true" else 0.0 if claim.says == "false" else None
    return value.numbers == (said,) if said is not None else value.text == claim.says


def _literal_without(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict | None:
    """ "`Row { … }` sets `deleted`": contradicted when the record's literals of that struct
    set other fields and none of them spreads a base."""
    literals = facts.literals(claim.scope, own)
    if not literals or any(lit.spread or claim.subject in lit.fields for lit in literals):
        return None
    fields = ", ".join(f"`{f}`" for f in literals[0].fields)
    return contradicted(
        claim,
        f"`{claim.scope} {{ … }}` at {literals[0].where} sets {fields}, "
        f"and no `{claim.subject}`; the text says it sets `{claim.subject}`",
        literals[0].where,
    )


def _values(facts: Facts, claim: Claim, own: list[FnDef]) -> list[Value]:
    """The values a claim's name has: its calls' arguments, its constant (the record's own file
    first), else a struct field of the record's code; for a retry window, the durations an
    elapsed time is compared with."""
    if claim.object == ELAPSED:
        return [v for fn in [*own, *functions_named(facts, claim.sentence)] for v in facts.elapsed_limits(fn)]
    if claim.object == ARGUMENT:
        # (a call the record does not make: what every call of it in the crate is given, "the
        # worker reads it through `f` with a 30-second TTL")
        callee = claim.subject.rsplit("::", 1)[-1]
        given = facts.arguments(claim.subject, own)
        if given or any(facts.sites(fn, [callee]) for fn in own):
            return given  # (the record's own call, given a value the code does not state plainly)
        return facts.arguments(claim.subject, facts.calling(callee))
    if claim.object == WRITTEN_CALL:
        # every call of that name in the record given a plain value (a constant read as its own)
        return facts.timers((claim.subject,), own) or []
    if claim.object == LIFETIME:
        return _lifetimes(facts, claim.subject, own)
    if claim.object == TIMER:
        # the timers of the function the sentence names (the record's, else the crate's), else
        # of the record
        scoped = named_by_scope(claim, own)
        if not scoped and claim.scope and CHOICE not in claim.scope:
            scoped = facts.functions(claim.scope)
        return facts.timers(TIMERS.get(claim.subject, ()), scoped or own) or []
    values = facts.constant(claim.subject)
    files = {fn.file for fn in own}
    values = [v for v in values if v.file in files] or values
    if values or not claim.subject[:1].islower():
        return values
    return _field_values(facts, claim, own)


def _field_values(facts: Facts, claim: Claim, own: list[FnDef]) -> list[Value]:
    """A lower-case name's values: a struct field of the record's code, else its configuration
    default ("`x` defaults to 45"), else the arguments of its calls ("sets `max_age` to …")."""
    values = facts.field(claim.subject, own)
    if not values and _DEFAULT.search(claim.sentence):
        values = facts.config_default(claim.subject)
    if not values and (_SETS.search(claim.sentence) or not facts.functions(claim.subject)):
        # (a library setter the record calls with a plain value: "`max_age` is 3600 seconds"
        # of `.max_age(Duration::from_secs(600))`)
        values = facts.arguments(claim.subject, own)
    if not values and (_DEFAULT.search(claim.sentence) or _ABSENT.search(claim.sentence)):
        values = facts.fallbacks(claim.subject, own)  # "a missing `version` is stored as 1"
    return values


_SETS = re.compile(r"\bsets?\s+`", re.IGNORECASE)
# "… to true" after the field ("sets `x` to true"), or "`x` set to false" ("with `x` set to false")
_SET_TO = re.compile(
    r"\s+(?:(?P<set>(?:is\s+)?set)\s+)?to\s+`?(?:Set\()?(?P<flag>true|false|(?-i:None))\b\)?`?", re.IGNORECASE
)
_SETS_BEFORE = re.compile(
    r"\bsets\s+(?:the\s+)?\Z|`\s+set\s+\Z"
    # "sets `created_at` to now and `deleted` to false": a later item of the same list
    r"|\bsets\s+`[^`]{1,60}`[^.;`]{0,60}(?:`[^`]{1,60}`[^.;`]{0,60})?\bto\b[^.;`]{0,60}(?:,\s*(?:and\s+)?|\s+and\s+)\Z",
    re.IGNORECASE,
)
# "`delete_application` converts the model …, sets `deleted` to true", "`f` is a soft delete
# that sets …": the function the sentence is about (any verb, "is" too)
_ACTING = re.compile(r"`([a-z_][a-z0-9_]{2,60})(?:\(\))?`\s+(?:then\s+|also\s+|first\s+)?[a-z]+s\b")
# "The `RedisConfig` sets …", "The `BasicConsumeOptions` set …": a type's literal
_TYPE_SETS = re.compile(r"`(?:[\w:]+::)?([A-Z][A-Za-z0-9]+)`\s+(?:literal\s+)?sets?\s+\Z")
_SET_STRING = re.compile(
    r"\s+(?:(?:field|column)\s+)?(?:is\s+|are\s+)?(?:overwritten|replaced|set|filled)\s+(?:with|to|by)\s+"
    r"(?:the\s+(?:literal\s+)?string\s+`(?P<literal>\"[^\"`]{0,200}\")`|an\s+empty\s+string\b)",
    re.IGNORECASE,
)
_ABSENT = re.compile(
    r"\bmissing\b|\bleft out\b|\bomit|\bnot (?:given|set|sent)\b|\bfalls back\b", re.IGNORECASE
)


_DEFAULT = re.compile(
    r"\bdefaults?\b|\bunless (?:it is |it's )?(?:configured|set|overridden|changed)\b|\bout of the box\b",
    re.IGNORECASE,
)
# "`flag` defaults to false", "`flag` is true by default"
_BOOL_GLUE = re.compile(
    # "`x` defaults to false", "`x`, which defaults to true", "the `x` flag on the query defaults to true"
    r"\s*(?:\(\))?(?:\s+(?:(?:query\s+)?(?:flag|field|parameter|option)\s+(?:(?:on|of|in)\s+the\s+[a-z]+\s+)?)?"
    r"|\s*,\s*(?:which|that)\s+)(?:defaults to|is set to|is)\s+`?(?P<flag>true|false)\b",
    re.IGNORECASE,
)


def _lifetimes(facts: Facts, name: str, own: list[FnDef]) -> list[Value]:
    """The durations a function states in its body or is given by the record's calls; none when
    one is read from elsewhere (`from_secs(cfg.x)`): then any value may be said."""
    fns = facts.functions(name)
    given = facts.arguments(name, own) if fns else []
    if not fns:
        # "… a `CustomClaim` …, valid for 30 days": said of no function, so of the record's
        # code and what it calls within two calls
        fns = facts.reach_all(own, 2)
    written = [facts.durations(fn) for fn in fns]
    if any(found is None for found in written):
        return []
    return given + [v for found in written for v in found or ()]


def _shown(value: Value) -> str:
    """A value as the message says it: its numbers, durations in the largest unit that keeps
    them whole (days, h, min, s, ms)."""
    if not value.duration:
        return ", ".join(f"{n:g}" for n in value.numbers) if len(value.text) > 40 else value.text
    for size, unit in _SHOWN_UNITS:
        if all(n % size == 0 for n in value.numbers):
            return ", ".join(f"{n / size:g}" for n in value.numbers) + unit
    return ", ".join(f"{n:g}" for n in value.numbers) + " ms"


_SHOWN_UNITS = ((86_400_000, " days"), (3_600_000, " h"), (60_000, " min"), (1000, " s"))


_PRODUCT = re.compile(r"[*×]")


def said_numbers(says: str) -> tuple[list[float], str] | None:
    """The numbers and the unit of a value as said ("20,000", "10, 20 and 40 s", "one hour");
    a flag as 1 or 0."""
    if says in ("true", "false"):
        return ([1.0 if says == "true" else 0.0], "")
    parts = says.rsplit(" ", 1)
    unit = parts[1].lower() if len(parts) == 2 and parts[1][:1].isalpha() else ""
    text = parts[0] if unit else says
    numbers: list[float] = []
    # a number word is a number only before its unit ("one hour"), so it is read with it
    spoken = unit and text.strip().lower() in WORDS
    for piece in re.findall(NUMBER, f"{text} {unit}" if spoken else text):
        if piece.lower() in WORDS:
            numbers.append(float(WORDS[piece.lower()]))
            continue
        product = _product(piece)
        if product is None:
            return None
        numbers.append(product)
    # "20,000" is one number, "10, 20" two: a comma followed by three digits joins
    return (numbers, unit) if numbers else None


def _product(piece: str) -> float | None:
    product = 1.0
    for factor in _PRODUCT.split(piece):
        try:
            product *= float(factor.replace("_", "").replace(",", "").replace(" ", ""))
        except ValueError:
            return None
    return product


def matches(numbers: list[float], unit: str, value: Value) -> bool:
    """Whether every number said can be the code's value under some reading of its unit."""
    code = set(value.numbers)
    return all(
        any(
            abs(reading - c) < 1e-6 * max(1.0, abs(c))
            for reading in _readings(number, unit, value)
            for c in code
        )
        for number in numbers
    )


def _readings(number: float, unit: str, value: Value) -> set[float]:
    """What a number said with a unit can stand for in the code's unit."""
    dimension, factors = UNITS.get(unit, ("", (1.0,)))
    if dimension == "time" and value.duration:
        return {number * f for f in factors}
    if dimension == "time":
        return {number} | {number * f for f in factors} | {number * f / 1000.0 for f in factors}
    if dimension == "bytes":
        return {number} | {number * f for f in factors}
    if value.duration:  # a bare number for a Duration: seconds or milliseconds
        return {number, number * 1000.0}
    return {number}
