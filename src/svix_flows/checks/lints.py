"""The writing rules of the seed brief as lints: warnings about a record's texts, never its shape.

Each lint is a cheap search over lower-cased text; they are hints for the operator, so they
are generous (any one of several words will do) and `--strict` makes them errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..records.findings import Finding, finding, printable
from ..records.record import ASSISTANT_PATH, USER_PATH

THINK_MIN_WORDS = 40
PROMPT_MIN_WORDS = 12
# Tokens are estimated, not counted (no tokenizer is shipped): 3.5 characters a token, plus a
# few tokens of ChatML per message. The figure errs long: Mistral's Tekken tokenizer counted
# about 4.0 characters a token on real records; smaller vocabularies pack fewer (README, export).
CHARS_PER_TOKEN = 3.5
TOKENS_PER_MESSAGE = 4

# Plain substrings of lower-cased text, not regular expressions: `in` is a C search,
# while an alternation of words is tried at every position of a 2 KB think block.
# These are hints, so they are generous: a careful, true sentence about the code says these
# things in many ways ("the Model becomes an ActiveModel through into_active_model"), and a
# false alarm on good text costs more than a missed hint (specificity is W311's job).
_TRANSFORMATION = (
    "transform",
    "convert",
    "conversion",
    "serializ",
    "serialis",
    "deserializ",
    "map ",
    "maps ",
    "mapped",
    "mapping",
    "map(",
    "map_err",
    "parse",
    "parsing",
    "encod",
    "decod",
    "tryfrom",
    "try_from",
    "into(",
    "from(",
    "into_",
    "from_",
    "to_",
    "as_",
    "reshap",
    "translat",
    "become",
    "turn into",
    "turns into",
    "turned into",
    "built from",
    "builds",
    "build ",
    "construct",
    "wrap",
    "unwrap",
    "extract",
    "split",
    "merge",
    "flatten",
    "render",
    "hash",
    "signs ",
    "signing",
    "signature",
    "encrypt",
    "compress",
    "normaliz",
    "normalis",
    "->",
    "→",
    "=>",
    "impl from",
    "from<",
    "into<",
    "activemodel",
    "fills",
    "filled",
    "copies into",
    "derive",
    "assembl",
    "shape",
)
_ERRORS = (
    "error",
    " err",
    "err(",
    "result",
    "fail",
    "propagat",
    "panic",
    "retry",
    "retries",
    "retried",
    "fallible",
    "unwrap",
    "rollback",
    "roll back",
    "`?`",
    "? operator",
    "?;",
    "reject",
    "refus",
    "abort",
    "bail",
    "timeout",
    "timed out",
    "give up",
    "gives up",
    "dead letter",
    "dlq",
    "nack",
    "fallback",
    "not found",
    "conflict",
    "invalid",
    "4xx",
    "5xx",
    "400",
    "401",
    "403",
    "404",
    "409",
    "422",
    "500",
    "status",
    "none",
    "missing",
    "expect(",
    "ok(",
    "option",
)
_PERFORMANCE = (
    "perform",
    "copy",
    "copies",
    "copying",
    "copied",
    "clone",
    "cloning",
    "allocat",
    "latenc",
    "throughput",
    "cach",
    "cheap",
    "expensive",
    "efficien",
    "batch",
    "overhead",
    "borrow",
    "referenc",
    "zero-copy",
    "contention",
    " lock",
    "round trip",
    "round-trip",
    "fast",
    "slow",
    "hot path",
    "memory",
    "once",
    "single query",
    "one query",
    "index",
    "lazy",
    "lazily",
    "stream",
    "pool",
    "concurren",
    "parallel",
    "spawn",
    "in flight",
    "backpressure",
    "bounded",
    "limit",
    "arc<",
    "arc::",
    "n+1",
    "prefetch",
    "ttl",
    "expir",
    "throttl",
    "rate limit",
    "buffer",
)
# The example requests of the seed brief: a prompt that is one of them, give or take a few
# words, teaches the model nothing about this flow.
_BOILERPLATE = (
    "we need to implement data flow from endpoint to database through core logic",
    "create data transformation that passes data from endpoint to queue through core",
    "implement data flow that coordinates data movement between worker queue database and cache",
    "design data flow pattern that ensures data consistency across modules",
    "imagined user request",
)
_WORDS = re.compile(r"[a-z0-9_]+")


_SPELLINGS: dict[str, tuple[str, ...]] = {}


def _names(lowered: str, name: str) -> bool:
    # message_app is named as message_app, "message app", MessageApp or message-app
    spellings = _SPELLINGS.get(name)
    if spellings is None:
        parts = [part for part in name.lower().split("_") if part]
        spellings = _SPELLINGS[name] = tuple(dict.fromkeys(sep.join(parts) for sep in ("_", " ", "", "-")))
    for spelling in spellings:
        if spelling in lowered:
            return True
    return False


def think_lints(
    think: str,
    modules: list[str],
    line: int,
    items: Callable[[], dict[str, list[str]]] | None = None,
) -> list[Finding]:
    """W301-W305: the think block names its modules, speaks of transformation, errors, speed.

    A module is named by its name, or by a function or type its spans define (`items`):
    `EndpointSecretInternal` names the module `types` better than the word "types" would.
    """
    found: list[Finding] = []
    lowered = think.lower()
    missing = [name for name in modules if not _names(lowered, name)]
    if missing and items is not None:  # the spans are read only for a module not named
        defined = items()
        missing = [name for name in missing if not any(item in think for item in defined.get(name, ()))]
    if missing:
        found.append(
            finding(
                line,
                "W301",
                f"the think block does not name the module(s) "
                f"{', '.join(printable(name, 40) for name in missing)} of its code",
                ASSISTANT_PATH,
            )
        )
    for code, words, topic in (
        ("W302", _TRANSFORMATION, "how data is transformed between modules"),
        ("W303", _ERRORS, "how errors propagate"),
        ("W304", _PERFORMANCE, "performance (copies, allocations, round trips)"),
    ):
        if not _mentions(lowered, words):
            found.append(finding(line, code, f"the think block never speaks of {topic}", ASSISTANT_PATH))
    counted = _word_count(think, THINK_MIN_WORDS)
    if counted < THINK_MIN_WORDS:
        found.append(
            finding(
                line,
                "W305",
                f"the think block has {_words(counted)}; an expert's "
                f"reasoning takes at least {THINK_MIN_WORDS}",
                ASSISTANT_PATH,
            )
        )
    return found


def _words(count: int) -> str:
    return f"{count} word" if count == 1 else f"{count} words"


def _mentions(lowered: str, words: tuple[str, ...]) -> bool:
    for word in words:  # a plain loop: cheaper than any() over a generator on the hot path
        if word in lowered:
            return True
    return False


def _word_count(text: str, enough: int) -> int:
    """Words (spaces and line ends, an estimate), counted only as far as `enough` needs."""
    head = text.count(" ", 0, enough * 20)
    if head >= enough:
        return head + 1
    return text.count(" ") + text.count("\n") + 1 if text.strip() else 0


# A request longer than this is neither one of the short examples nor too short.
_SHORT_PROMPT = max(map(len, _BOILERPLATE)) + 60


def prompt_lints(prompt: str, line: int) -> list[Finding]:
    """W306-W307: the request is specific and long enough to be a real maintainer's."""
    if len(prompt) > _SHORT_PROMPT:
        return []
    words = _WORDS.findall(prompt.lower())
    normal = " ".join(words)
    for example in _BOILERPLATE:
        if example in normal and len(words) - example.count(" ") - 1 <= 6:
            return [
                finding(
                    line,
                    "W306",
                    "the request is the brief's example request; write "
                    "what a maintainer would ask about this flow",
                    USER_PATH,
                )
            ]
    if len(words) < PROMPT_MIN_WORDS:
        return [
            finding(
                line,
                "W307",
                f"the request has {_words(len(words))}; a real one names "
                f"the flow and what it needs (at least {PROMPT_MIN_WORDS})",
                USER_PATH,
            )
        ]
    return []


def estimate_tokens(*contents: str) -> int:
    """A tokenizer-free estimate of a record's tokens (see CHARS_PER_TOKEN)."""
    chars = sum(len(text) for text in contents)
    return int(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * len(contents)


def token_lint(contents: tuple[str, ...], budget: int, line: int) -> list[Finding]:
    tokens = estimate_tokens(*contents)
    if tokens <= budget:
        return []
    return [
        finding(
            line,
            "W310",
            f"about {tokens} tokens, over the budget of {budget} (--max-tokens or [corpus] max_tokens)",
        )
    ]
