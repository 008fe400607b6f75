"""One escaping rule for text from files, catalogs and corpora before it reaches a person.

C0 and C1 controls, DEL, and the bidi/line-separator characters that reorder or break what a
terminal shows (trojan-source style) never reach a message raw: each becomes `\\xNN` or
`\\uNNNN`.
"""

from __future__ import annotations

import re

UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
# the same, but tab and newline pass: multi-line text shown as it is laid out
_UNPRINTABLE_BUT_LAYOUT = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _escape(match: re.Match[str]) -> str:
    point = ord(match.group())
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def escape_controls(text: str, *, keep_layout: bool = False) -> str:
    """`text` with every unprintable character escaped (tab and newline kept with keep_layout)."""
    pattern = _UNPRINTABLE_BUT_LAYOUT if keep_layout else UNPRINTABLE
    return pattern.sub(_escape, text)


_LONG_RUN = re.compile(r"\S{81,}")


def shorten_number(number: int | str, limit: int = 20) -> str:
    """A number for a message: whole when short, else its first digits, `…` and its length."""
    text = str(number)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} digits)"


def shorten_runs(text: str, limit: int = 80) -> str:
    """A message whose runs of over `limit` non-blank characters (a pasted number, a path of
    thousands of segments) are cut to their start, `…` and their length: one short line."""
    return _LONG_RUN.sub(lambda m: f"{m.group()[: limit // 2]}… ({len(m.group()):,} characters)", text)
