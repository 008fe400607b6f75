"""A time window said of a retry: "only an `Error::FailedRequest` within 1000 ms triggers the
insta-retry", "retries once if less than 1000 ms have passed". Held to the durations the
record's code (and the functions the sentence names) compares an elapsed time with
(`start.elapsed() < Duration::from_millis(1000)`): supported by the one said, contradicted when
there are such comparisons and none is it, not checkable when there are none. Only a sentence
that speaks of a retry or of elapsed time is read: a window of another kind ("finishes within
30 s") may be a timeout."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import FLOW, Claim, Kind
from .text import Clauses, negated

ELAPSED = "elapsed within"  # a value claim's object: the window an elapsed time is compared with

_WINDOW = re.compile(
    r"\b(?:within|(?:in\s+)?under|less\s+than|fewer\s+than)\s+(?P<said>\d[\d,_]{0,9}\s*"
    r"(?:ms|milliseconds?|s|secs?|seconds?))\b",
    re.IGNORECASE,
)
_ABOUT = re.compile(r"\bretr(?:y|ies|ied)|\belapsed\b|\bhave\s+passed\b", re.IGNORECASE)


def elapsed_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """The window of a retry or of an elapsed time the sentence says (see the module)."""
    if _ABOUT.search(sentence) is None:
        return
    windows = list(_WINDOW.finditer(sentence))
    if len(windows) == 1 and not negated(parts, windows[0].start(), windows[0].end()):
        yield Claim(Kind.VALUE, sentence, FLOW, ELAPSED, windows[0].group("said"))
