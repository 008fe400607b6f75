"""What a handler's return type says of the response it answers on success: the web
framework's `Json<T>` answers 200, a response type given its status (`JsonStatus<202, T>`)
that status, a crate type with an `into_response` what that body answers, and a bare
`StatusCode` the 2xx constants the handler's body names. `Result` is seen through."""

from __future__ import annotations

import re
from dataclasses import dataclass

# the type a handler answers, `Result` (as written, with its module or not) seen through
_RESULT = re.compile(
    r"\s*(?:(?:[a-z_]+::)*Result\s*<\s*)?(?P<head>[A-Za-z_][A-Za-z0-9_:]*)\s*(?P<args><[^;{]*)?"
)
# the status a response type is given as its first generic argument (`JsonStatus<202, T>`)
_GIVEN_STATUS = re.compile(r"<\s*(?P<n>[1-5]\d\d)\s*,")
_OPAQUE = ("impl IntoResponse", "Response", "axum::response::Response")
SUCCESS = range(200, 300)


@dataclass(frozen=True)
class Answered:
    """The type a function answers (`Result` seen through) and the status it is given, if any;
    `opaque` for a response whose type says nothing of its status (`impl IntoResponse`)."""

    head: str
    given: int | None = None
    opaque: bool = False


def answered(written: str) -> Answered | None:
    """The type a return type answers; None for a constructor or an error (no success)."""
    if written.lstrip().startswith(_OPAQUE):
        return Answered("", opaque=True)
    returned = _RESULT.match(written)
    if returned is None:
        return None
    head = returned.group("head").rsplit("::", 1)[-1]
    if head == "Self" or head.endswith("Error"):
        return None
    given = _GIVEN_STATUS.match(returned.group("args") or "")
    return Answered(head, int(given.group("n")) if given is not None else None)
