"""Text hygiene (E205): no control, bidi or invisible character in a text the model reads."""

from __future__ import annotations

import re

from ...records.findings import Finding, finding

# Controls (tab and newline pass), DEL, C1, bidi embeddings, overrides, isolates and marks,
# zero-width characters and separators that reorder or hide what a reader sees.
_HIDDEN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u2069\ufeff]"
)


def hygiene(text: str, path: str, line: int, what: str) -> list[Finding]:
    """E205: a control, bidi or invisible character in a text the model reads as prose."""
    match = _HIDDEN.search(text)
    if match is None:
        return []
    before = text[: match.start()]
    row = before.count("\n") + 1
    column = match.start() - (before.rfind("\n") + 1) + 1
    point = ord(match.group())
    count = len(_HIDDEN.findall(text))
    more = f" ({count} such characters)" if count > 1 else ""
    return [
        finding(line, "E205", f"the {what} holds U+{point:04X} at line {row}, column {column}{more}", path)
    ]


# claims of direction ----------------------------------------------------------------------------
