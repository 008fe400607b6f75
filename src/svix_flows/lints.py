"""The writing rules of the seed brief as lints: warnings about a record's texts, never its shape.

Each lint is a cheap search over lower-cased text; they are hints for the operator, so they
are generous (any one of several words will do) and `--strict` makes them errors.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .findings import Finding, finding, printable
from .record import ASSISTANT_PATH, USER_PATH

THINK_MIN_WORDS = 40
PROMPT_MIN_WORDS = 12
# Tokens are estimated, not counted (no tokenizer is shipped): code and prose in these
# records average about 3.5 characters a token, plus a few tokens of ChatML per message.
CHARS_PER_TOKEN = 3.5
TOKENS_PER_MESSAGE = 4

_TRANSFORMATION = re.compile(
    r"transform|conver[st]|conversion|seriali[sz]|deseriali[sz]|\bmap(?:s|ped|ping)?\b"
    r"|\bpars(?:e|es|ed|ing)\b|encod|decod|try_?from|\binto\(|\bfrom\(|reshap|translat"
)
_ERRORS = re.compile(
    r"error|\berr\b|result|fail|propagat|panic|retr(?:y|ies|ied)|fallible|unwrap|roll ?back"
)
_PERFORMANCE = re.compile(
    r"perform|\bcop(?:y|ies|ying|ied)\b|clon(?:e|es|ed|ing)\b|allocat|latenc|throughput"
    r"|cach(?:e|ed|es|ing)|cheap|expensive|efficien|batch|overhead|borrow|referenc|zero-copy"
    r"|contention|\blocks?\b|round[- ]trips?|\bfast|\bslow|hot path|memory"
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


@lru_cache(maxsize=1024)
def _module_pattern(name: str) -> re.Pattern:
    # message_app is named as message_app, "message app", MessageApp or message-app
    parts = [re.escape(part) for part in name.lower().split("_") if part]
    return re.compile(r"\b" + r"[_ -]?".join(parts) + r"\b")


def think_lints(think: str, modules: list[str], line: int) -> list[Finding]:
    """W301-W305: the think block names its modules, speaks of transformation, errors, speed."""
    found: list[Finding] = []
    lowered = think.lower()
    missing = [name for name in modules if not _module_pattern(name).search(lowered)]
    if missing:
        found.append(
            finding(line, "W301", f"the think block does not name the module(s) "
                    f"{', '.join(printable(name, 40) for name in missing)} of its code",
                    ASSISTANT_PATH)
        )
    for code, pattern, topic in (
        ("W302", _TRANSFORMATION, "how data is transformed between modules"),
        ("W303", _ERRORS, "how errors propagate"),
        ("W304", _PERFORMANCE, "performance (copies, allocations, round trips)"),
    ):
        if pattern.search(lowered) is None:
            found.append(finding(line, code, f"the think block never speaks of {topic}",
                                 ASSISTANT_PATH))
    words = len(think.split())
    if words < THINK_MIN_WORDS:
        found.append(finding(line, "W305", f"the think block has {words} words; an expert's "
                             f"reasoning takes at least {THINK_MIN_WORDS}", ASSISTANT_PATH))
    return found


def prompt_lints(prompt: str, line: int) -> list[Finding]:
    """W306-W307: the request is specific and long enough to be a real maintainer's."""
    words = _WORDS.findall(prompt.lower())
    normal = " ".join(words)
    for example in _BOILERPLATE:
        if example in normal and len(words) - example.count(" ") - 1 <= 6:
            return [finding(line, "W306", "the request is the brief's example request; write "
                            "what a maintainer would ask about this flow", USER_PATH)]
    if len(words) < PROMPT_MIN_WORDS:
        return [finding(line, "W307", f"the request has {len(words)} words; a real one names "
                        f"the flow and what it needs (at least {PROMPT_MIN_WORDS})", USER_PATH)]
    return []


def estimate_tokens(*contents: str) -> int:
    """A tokenizer-free estimate of a record's tokens (see CHARS_PER_TOKEN)."""
    chars = sum(len(text) for text in contents)
    return int(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * len(contents)


def token_lint(contents: tuple[str, ...], budget: int, line: int) -> list[Finding]:
    tokens = estimate_tokens(*contents)
    if tokens <= budget:
        return []
    return [finding(line, "W310", f"about {tokens} tokens, over the budget of {budget} "
                    "(--max-tokens or [corpus] max_tokens)")]
