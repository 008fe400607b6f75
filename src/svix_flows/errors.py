"""The one exception family of svix-flows, each member carrying its exit code.

Core modules raise these; `cli.py` catches the family in one place, prints the
message as a single line and exits with the code. Messages name the file, the
place and the fix.
"""

from __future__ import annotations

EXIT_DATA = 1
EXIT_USAGE = 2


class SvixFlowsError(Exception):
    """Base error: a one-line message and an exit code."""

    exit_code = EXIT_DATA

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(SvixFlowsError):
    """A bad flag, argument or environment (no checkout, no catalog)."""

    exit_code = EXIT_USAGE


class CatalogError(UsageError):
    """`flows.toml` is missing, not TOML, or breaks the catalog format."""


class DraftBusy(UsageError):
    """Another `write` holds the draft (or has just recorded it)."""


class SourceError(UsageError):
    """The checkout is missing, or a source file cannot be read safely."""


class SourceFileMissing(SourceError):
    """A span's file is not in the checkout."""


class SpanError(SvixFlowsError):
    """A symbol path that does not name exactly one item of its file."""


class SpanNotFound(SpanError):
    """No item has that symbol path."""


class AmbiguousSpan(SpanError):
    """Several items have that symbol path."""


class MacroGenerated(SpanError):
    """The item exists only through a macro invocation or a derive."""


class DataError(SvixFlowsError):
    """The data is wrong: a record, a draft or a corpus line."""
