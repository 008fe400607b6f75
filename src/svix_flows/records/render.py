"""The code part of a record: one fenced block per span, exactly as docs/record-format.md defines it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..rust.checkout import Span

_BACKTICKS = re.compile(r"`{3,}")


def fence_for(text: str) -> str:
    """Three backticks, or one more than the longest run of three or more in the text."""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    return "`" * max(3, longest + 1)


def header(span: Span) -> str:
    """`// File: <path> (lines A-B)`, then `, in <header>` for an item of an impl, trait or module."""
    plain = f"// File: {span.path} (lines {span.start_line}-{span.end_line})"
    return f"{plain}, in {span.context}" if span.context else plain


def code_block(span: Span) -> str:
    fence = fence_for(span.text)
    return f"{fence}rust\n{header(span)}\n{span.text}\n{fence}"


def code_section(spans: Iterable[Span]) -> str:
    """Every span's block, in order, separated by one blank line."""
    return "\n\n".join(code_block(span) for span in spans)
