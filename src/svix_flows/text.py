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


# what a character the output's encoding lacks becomes (else `?`): arrows and marks as ASCII
_ASCII_FALLBACK = {
    "\u2192": "->",
    "\u2190": "<-",
    "\u2194": "<->",
    "\u21e2": "->",
    "\u2026": "...",
    "\u00b7": ".",
    "\u00d7": "x",
    "\u2013": "-",
    "\u2014": "--",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2500": "-",
    "\u2502": "|",
    "\u2504": ".",
    "\u25b6": ">",
    "\u25b7": ">",
    "\u25c0": "<",
    "\u25c1": "<",
    "\u2022": "*",
}
FALLBACK_ERRORS = "svix-flows-fallback"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_ASCII_FALLBACK.get(char, "?") for char in text), error.end


def degrade_unencodable(*streams: object) -> None:
    """Let text streams whose encoding is not UTF-8 (`PYTHONIOENCODING=ascii`, a latin-1
    terminal) write any text: a character they cannot encode becomes its ASCII look-alike
    (`→` as `->`) or `?`, instead of a UnicodeEncodeError."""
    import codecs

    try:
        codecs.lookup_error(FALLBACK_ERRORS)
    except LookupError:
        codecs.register_error(FALLBACK_ERRORS, _fallback)
    for stream in streams:
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and encoding not in ("utf-8", "utf8"):
            reconfigure(errors=FALLBACK_ERRORS)
