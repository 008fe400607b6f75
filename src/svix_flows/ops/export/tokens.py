"""Token counts of the records as a trainer sees them: the conversation rendered as ChatML.

With `--tokenizer FILE` (a Hugging Face `tokenizer.json`) the counts are exact for that
tokenizer, read with the `tokenizers` library (the `export` extra; this module is its only
importer). Without one they are the estimate `validate` uses too (`checks.lints`:
characters / CHARS_PER_TOKEN, plus TOKENS_PER_MESSAGE a message), so the project states one
figure for characters per token, and the recommended `max_length` keeps a margin over it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...checks.lints import CHARS_PER_TOKEN, TOKENS_PER_MESSAGE, estimate_tokens
from ...errors import DataError, UsageError
from .chatml import render

ROUND_TO = 64  # max_length is recommended in whole blocks of this many tokens
ESTIMATE_MARGIN = 1.25  # an estimate can be short by this much on code-heavy text

Messages = Sequence[Mapping[str, str]]


@dataclass(frozen=True)
class Counting:
    """How tokens are counted: exact through a tokenizer file, or estimated."""

    tokenizer: Path | None
    count: Callable[[Messages], int]

    @property
    def exact(self) -> bool:
        return self.tokenizer is not None

    def describe(self) -> str:
        if self.tokenizer is not None:
            return f"exact, counted by the tokenizer {self.tokenizer.name} over the ChatML rendering"
        return (
            f"estimated, not counted: characters / {CHARS_PER_TOKEN} plus {TOKENS_PER_MESSAGE} a message "
            "(the estimate `svix-flows validate` uses); pass --tokenizer for exact counts"
        )


@dataclass(frozen=True)
class TokenStats:
    """Minimum, median and maximum tokens of the records, and a max_length that holds them all."""

    low: int
    median: int
    high: int
    recommended: int
    exact: bool


def counting(tokenizer: Path | None) -> Counting:
    """The estimate, or the exact count of a `tokenizer.json` (a UsageError when it cannot be read)."""
    if tokenizer is None:
        return Counting(None, lambda messages: estimate_tokens(*(m["content"] for m in messages)))
    try:
        from tokenizers import Tokenizer
    except ImportError:
        raise UsageError(
            "--tokenizer needs the `tokenizers` library: pip install 'svix-flows[export]'"
        ) from None
    if not tokenizer.is_file():
        raise UsageError(f"--tokenizer {tokenizer}: no such file; give a Hugging Face tokenizer.json")
    try:
        loaded = Tokenizer.from_file(str(tokenizer))
    # the library raises a bare Exception for a file it cannot parse
    except Exception as exc:  # noqa: BLE001
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(
            f"--tokenizer {tokenizer}: not a tokenizer.json the tokenizers library reads ({reason})"
        ) from None
    return Counting(
        tokenizer, lambda messages: len(loaded.encode(render(messages), add_special_tokens=False).ids)
    )


def stats(counts: Sequence[int], exact: bool) -> TokenStats:
    """The figures of `counts`; the recommendation rounds the longest up (with a margin when estimated)."""
    high = max(counts)
    holds = high if exact else math.ceil(high * ESTIMATE_MARGIN)
    return TokenStats(
        min(counts), round(statistics.median(counts)), high, -(-holds // ROUND_TO) * ROUND_TO, exact
    )


def too_long(counts: Sequence[tuple[str, int]], max_length: int) -> list[tuple[str, int]]:
    """The (record name, tokens) over `max_length`."""
    return [(name, tokens) for name, tokens in counts if tokens > max_length]


def refuse_too_long(over: Sequence[tuple[str, int]], max_length: int, how: str) -> DataError:
    names = ", ".join(f"{name}: {tokens} tokens" for name, tokens in over[:5])
    more = f" and {len(over) - 5} more" if len(over) > 5 else ""
    return DataError(
        f"--max-length {max_length} --strict: {len(over)} records do not fit ({how} tokens): "
        f"{names}{more}; nothing exported; raise --max-length or leave out --strict"
    )
