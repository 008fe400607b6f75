"""Findings: one problem of one corpus line, with its stable code and severity.

The table of codes is the contract of `validate` (docs/validate.md prints it): a code
never changes meaning; new checks get new codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..text import escape_controls


class Severity(StrEnum):
    """How much a finding weighs; the value is the word `validate` prints and `--json` writes."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # said only when asked (`-v`); never counted, never made strict


ERROR, WARNING, NOTE = Severity.ERROR, Severity.WARNING, Severity.NOTE


@dataclass(frozen=True)
class Code:
    """A stable check code: `E101`, its short name, its default severity and what to do."""

    code: str
    name: str
    severity: Severity
    fix: str


def _table(*codes: Code) -> dict[str, Code]:
    return {code.code: code for code in codes}


CODES = _table(
    # the bytes and the lines of the file
    Code("E101", "invalid-json", ERROR, "write the line as one JSON object"),
    Code("E102", "not-utf8", ERROR, "save the file as UTF-8"),
    Code("E103", "bom", ERROR, "remove the byte order mark; save as UTF-8 without BOM"),
    Code("E104", "crlf", ERROR, "end lines with LF only"),
    Code("E105", "blank-line", ERROR, "remove the blank line; one record per line"),
    Code("E106", "not-object", ERROR, "each line must be one JSON object, a record"),
    Code("E107", "line-too-long", ERROR, "a record this large is a broken line; split or remove it"),
    Code("E109", "duplicate-key", ERROR, "write each key once; a JSON reader keeps only one of them"),
    Code(
        "W108",
        "no-final-newline",
        WARNING,
        "run `svix-flows repair`: it adds the newline, or sets a torn line aside",
    ),
    # the record's shape
    Code(
        "E201",
        "schema",
        ERROR,
        "follow the record format (the keys, roles and types that docs/validate.md lists under E201)",
    ),
    Code("E202", "key-order", ERROR, "write keys in the order type, messages and role, content"),
    Code("E203", "system-message", ERROR, "use prompts/system.txt exactly as the system content"),
    Code("E204", "prompt-unfilled", ERROR, "replace the template text with the request"),
    Code(
        "E205",
        "text-hidden-character",
        ERROR,
        "delete the control, bidi or invisible character from the text",
    ),
    # the answer: think block, fences, headers
    Code("E210", "think-missing", ERROR, "begin the answer with <think>…</think>"),
    Code("E211", "think-empty", ERROR, "write the reasoning inside <think>…</think>"),
    Code("E212", "think-not-first", ERROR, "move the think block to the start of the answer"),
    Code("E213", "think-doubled", ERROR, "keep exactly one think block"),
    Code("E214", "think-unfilled", ERROR, "replace the template's placeholder lines with reasoning"),
    Code("E215", "think-unclosed", ERROR, "close the think block with </think>"),
    Code("E220", "fence-malformed", ERROR, "fence each span as ```rust … ``` (longer fence if needed)"),
    Code(
        "E221",
        "header-unparseable",
        ERROR,
        "start each block with `// File: <path> (lines A-B)` (`, in <impl …>` after it inside an impl)",
    ),
    Code("E222", "header-range", ERROR, "make the header's line range match the block's lines"),
    Code("E223", "no-code", ERROR, "follow the think block with the flow's fenced spans"),
    Code("E224", "text-outside-code", ERROR, "after the think block, write only fenced code blocks"),
    # faithfulness to the source
    Code("E230", "span-mismatch", ERROR, "copy lines A-B of the file exactly (svix-flows show)"),
    Code("E231", "span-source", ERROR, "name a file of the checkout and lines inside it"),
    Code(
        "E232",
        "span-context",
        ERROR,
        "end the header with `, in <the enclosing impl, trait or mod header>` as `svix-flows show --plain` prints it",
    ),
    # across lines
    Code("E240", "duplicate-record", ERROR, "remove the repeated record"),
    Code("W241", "duplicate-prompt", WARNING, "write a distinct request for each record"),
    Code("W242", "duplicate-think", WARNING, "write distinct reasoning for each record"),
    # the writing rules (lints)
    Code("W301", "think-generic", WARNING, "name each module the data passes through"),
    Code("W302", "think-no-transformation", WARNING, "say how data is transformed between modules"),
    Code("W303", "think-no-errors", WARNING, "say how errors propagate along the flow"),
    Code("W304", "think-no-performance", WARNING, "say what the flow does for performance"),
    Code("W305", "think-too-short", WARNING, "write the reasoning of an expert, not a line"),
    Code("W306", "prompt-boilerplate", WARNING, "write a realistic, specific maintainer request"),
    Code("W307", "prompt-too-short", WARNING, "write a realistic, specific maintainer request"),
    Code("W310", "token-budget", WARNING, "split the flow or choose fewer spans"),
    Code(
        "W311",
        "think-not-specific",
        WARNING,
        "name the functions and types of the flow's own code that the data passes through",
    ),
    Code("W312", "think-direction", WARNING, "say the flow in the order of its spans (svix-flows show FLOW)"),
    # the prose held against the code (needs a checkout)
    Code(
        "E320",
        "name-unknown",
        ERROR,
        "use a name the code really has (svix-flows show FLOW; the nearest real names are offered)",
    ),
    Code(
        "E321", "module-unknown", ERROR, "name a real module of the crate, as `a::b::c` from the crate root"
    ),
    Code(
        "E322",
        "file-unknown",
        ERROR,
        "name a real file of the crate (svix-flows show FLOW lists the record's files)",
    ),
    Code(
        "E323",
        "member-unknown",
        ERROR,
        "name a method, variant or field the type really has (svix-flows symbols FILE)",
    ),
    Code("N320", "name-outside-record", NOTE, "nothing to do: an expert may point to neighbouring code"),
    # the claims of the prose held against the code (needs a checkout)
    Code("W330", "claim-call", WARNING, "say only calls the code makes (svix-flows trace FILE SYMBOL)"),
    Code("W331", "claim-signature", WARNING, "say what the function's signature really takes and returns"),
    Code("W332", "claim-value", WARNING, "give the value the code gives (the line is named)"),
    Code("W333", "claim-order", WARNING, "say the steps in the order the code runs them"),
    Code("W334", "claim-error", WARNING, "say what the code really does with the error (the line is named)"),
    Code("N330", "claim-supported", NOTE, "nothing to do: the code backs this sentence at the line named"),
)


@dataclass(frozen=True)
class Finding:
    """One problem of one line: where (line, JSON path), which check (code), how bad, what."""

    line: int
    code: str
    severity: Severity
    message: str
    path: str | None = None

    @property
    def name(self) -> str:
        return CODES[self.code].name

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def strict(self) -> Finding:
        """The same finding, a warning promoted to an error (a note stays a note)."""
        if self.severity is not Severity.WARNING:
            return self
        return Finding(self.line, self.code, ERROR, self.message, self.path)

    def to_dict(self, file: str) -> dict[str, Any]:
        found = {
            "file": file,
            "line": self.line,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "fix": CODES[self.code].fix,
        }
        if self.path is not None:
            found["path"] = self.path
        return found


def finding(line: int, code: str, message: str, path: str | None = None) -> Finding:
    """A finding with the code's default severity."""
    return Finding(line, code, CODES[code].severity, message, path)


def printable(text: str, limit: int | None = 120) -> str:
    """File text made safe for a one-line message: controls escaped, long text shortened."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return escape_controls(text)
