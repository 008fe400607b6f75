"""Repeats: the same record, request or think block on two lines (E240, W241, W242).

Records, requests and think blocks are kept as 64-bit hashes (flat memory). The one place
repeats are found: `validate` over a file, and `write` against the corpus (`corpus_repeats`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..files import MAX_LINE, Line
from ..records.findings import Finding, finding
from ..records.record import ASSISTANT_PATH, USER_PATH, parse_assistant
from .shape import contents

# the hashes of a record, its request and its think block (None: it has no think block)
Hashes = tuple[int, int, int | None]


def hashes(user: str | None, assistant: str | None, think: str | None) -> Hashes | None:
    """64-bit hashes of the record, its request and its think block (None: nothing to compare).

    The same in every process (not Python's salted `hash`): `validate` keeps them with a line's
    results from one run to the next."""
    if user is None or assistant is None:
        return None
    request = _digest(user)
    record = _digest(f"{request}\0{_digest(assistant)}")  # the pair, through the two digests
    return record, request, _digest(think) if think else None


def _digest(text: str) -> int:
    from hashlib import blake2b

    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest())


class Seen:
    """Records, requests and think blocks of the earlier lines, as 64-bit hashes."""

    def __init__(self) -> None:
        self.records: dict[int, int] = {}
        self.prompts: dict[int, int] = {}
        self.thinks: dict[int, int] = {}

    def check(self, hashes: Hashes, line: int, found: list[Finding]) -> None:
        """E240, W241, W242 against the earlier lines of the file."""
        record, prompt, think = hashes
        first = self.records.setdefault(record, line)
        if first != line:
            found.append(finding(line, "E240", f"the same record as line {first}"))
            return
        found.extend(self.repeats(prompt, think, line))

    def repeats(self, prompt: int | None, think: int | None, line: int, where: str = "") -> list[Finding]:
        """W241 and W242: this request and think block (hashes; None: none) against the earlier
        lines; both are remembered as of `line` when new."""
        found = []
        if prompt is not None:
            first = self.prompts.setdefault(prompt, line)
            if first != line:
                found.append(finding(line, "W241", f"the same request as line {first}{where}", USER_PATH))
        if think is not None:
            first = self.thinks.setdefault(think, line)
            if first != line:
                found.append(
                    finding(line, "W242", f"the same think block as line {first}{where}", ASSISTANT_PATH)
                )
        return found


def corpus_repeats(
    lines: Iterator[Line], record: dict[str, Any], line: int, skip: int | None
) -> list[Finding]:
    """W241 and W242 for a record about to be written: its request or think block already on a
    line of the corpus (`skip`, the line a revision replaces, aside), found through the hashes
    `validate` uses. E240 is the caller's: it knows the line hashes."""
    import orjson

    _, user, assistant = contents(record)
    if user is None:
        return []
    seen = Seen()
    for current in lines:  # a corpus is tens of records: each line is parsed
        data = current.data
        if current.number == skip or not data or len(data) > MAX_LINE:
            continue
        try:
            other = orjson.loads(data)
        except orjson.JSONDecodeError:
            continue
        if type(other) is not dict:
            continue
        _, other_user, other_assistant = contents(other)
        prompt = hash(other_user) if other_user is not None else None
        seen.repeats(prompt, _think_hash(other_assistant), current.number)
    return seen.repeats(hash(user), _think_hash(assistant), line, " of the corpus")


def _think_hash(assistant: str | None) -> int | None:
    think = parse_assistant(assistant).think if assistant is not None else None
    return hash(think) if think else None
