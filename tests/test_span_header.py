"""The span header `// File: <path> (lines A-B)[, in <context>]` is read in linear time, and
reads exactly what the regular expressions of before read (they backtracked: a 180 KB header
of `a (lines 1-2), in ` pieces took over 20 s).

The old patterns live on here as the reference: each case, and thousands of random headers
made of the header's own pieces, must get the same verdict and the same parts from both.
"""

from __future__ import annotations

import random
import re
import time

import pytest

from svix_flows.records import record

OLD_HEADER = re.compile(r"// File: (\S(?:.*\S)?) \(lines (\d+)-(\d+)\)(?:, in (\S(?:.*\S)?))?\Z")
OLD_BLOCK_HEAD = re.compile(
    r"[\n \t\r]*(`{3,})rust\n// File: (\S(?:[^\n]*\S)?) \(lines (\d+)-(\d+)\)"
    r"(?:, in (\S(?:[^\n]*\S)?))?\n"
)

CASES = [
    "// File: server/svix-server/src/core/intake.rs (lines 10-20)",
    "// File: a.rs (lines 1-1), in impl Intake",
    "// File: a.rs (lines 1-2), in impl<T: Send> Handler for Bus<T>",
    "// File: a b.rs (lines 3-4)",
    "// File: a.rs (lines 3-4) ",
    "// File: a.rs (lines 3-4), in ",
    "// File: a.rs (lines 3-4), in  x",
    "// File: a.rs (lines 3-4), in x ",
    "// File:  a.rs (lines 3-4)",
    "// File: a.rs  (lines 3-4)",
    "// File: a.rs (lines 3-4)x",
    "// File: a.rs (lines 3-)",
    "// File: a.rs (lines -4)",
    "// File: a.rs (lines 3 - 4)",
    "// File: a.rs (lines 0-0)",
    "// File: a.rs (lines 20-10)",
    "// File: (lines 1-2)",
    "// File: a.rs (lines 1-2), in b (lines 3-4)",
    "// File: a.rs (lines 1-2), in b (lines 3-4), in c",
    "// File: a (lines 1-2) (lines 3-4)",
    "// File: a (lines 1-2), in x (lines 3-4), in ",
    "// File: a.rs (lines ١-٢)",
    "// File: a.rs\u00a0(lines 1-2)",
    "// File: \u00a0a.rs (lines 1-2)",
    "// File: a.rs (lines 1-2), in \u2003x",
    "// File: a.rs (lines 1-2)\r",
    "// File: a.rs (lines 1-2), in x\r",
    "// File: a\rb.rs (lines 1-2)",
    "// File: a.rs (lines 1-2), in x\ny",
    "// File: a\nb.rs (lines 1-2)",
    "//File: a.rs (lines 1-2)",
    " // File: a.rs (lines 1-2)",
    "// File: a.rs (lines 1-2)\n",
    "",
    "// File: ",
    "// File: x",
    "// File: " + "a (lines 1-2), in " * 50 + "x",
    "// File: " + "a (lines 1-2), in " * 50 + "x ",
]


def _parts(match: re.Match[str] | None) -> tuple[str | None, ...] | None:
    return None if match is None else match.groups()


def _new(header: str) -> tuple[str | None, ...] | None:
    found = record.parse_header(header)
    return None if found is None else (found.path, found.start, found.end, found.context or None)


@pytest.mark.parametrize("header", CASES)
def test_each_pinned_header_reads_as_the_old_pattern_read_it(header):
    """Accepted or refused, and split into path, lines and context, exactly as before."""
    assert _new(header) == _parts(OLD_HEADER.match(header))


PIECES = [
    "// File: ",
    "a",
    "b.rs",
    " ",
    "  ",
    "(lines ",
    " (lines ",
    "1",
    "23",
    "-",
    ")",
    ", in ",
    "x",
    "\n",
    "\t",
    "\u00a0",
    "\r",
    "٣",
]


def test_random_headers_of_header_pieces_read_as_before():
    """5,000 headers glued from the header's own pieces: same verdict and parts as the old
    pattern, and, as the fast path of a block, as the old block-head pattern."""
    rng = random.Random(7)
    for _ in range(5000):
        header = "// File: " * (rng.random() < 0.9) + "".join(rng.choices(PIECES, k=rng.randrange(1, 14)))
        line = header.split("\n", 1)[0]
        assert _new(line) == _parts(OLD_HEADER.match(line)), repr(line)
        text = f"\n ```rust\n{header}\ncode\n```"
        old = OLD_BLOCK_HEAD.match(text)
        new = record.block_head(text, 0)
        assert (None if new is None else (new.fence, *_new_groups(new))) == _parts(old), repr(text)
        if old is not None:
            assert new is not None and new.body == old.end()


def _new_groups(head: record.BlockHead) -> tuple[str | None, ...]:
    h = head.header
    return (h.path, h.start, h.end, h.context or None)


def test_a_header_of_ten_thousand_pieces_is_read_in_linear_time():
    """The audit's 180 KB header (`a (lines 1-2), in ` × 10,000, then `x `): a few
    milliseconds by string searches, under a bound 100 times that (the old patterns took
    over 20 s each)."""
    header = "// File: " + "a (lines 1-2), in " * 10_000 + "x "
    started = time.perf_counter()
    assert record.parse_header(header) is None
    assert record.block_head("```rust\n" + header + "\nfn a() {}\n```", 0) is None
    assert time.perf_counter() - started < 2.0
