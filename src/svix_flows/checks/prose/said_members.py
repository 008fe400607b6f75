"""A member said to belong to a type: "`valid_signing_keys`, a method on `CreateMessageApp`",
"The method `upsert_or_delete` belongs to `applicationmetadata::Entity`", "`fetch_with_metadata`
is an associated function of `endpoint::Entity`", "the `receive_all` method of `SvixOmniProducer`",
"`SvixOmniProducer` offers `send` and `set_ack_deadline`" (a list after "methods" or "offers"),
"`SvixOmniProducer`, whose methods besides `new` are `send` and `ack`", "the `m` method that
`T` implements", the method written on a value or a path (`metadata.metadata()`, a method of
`T`).
(A field said of a type, "the `x` field of `T`", is read with the lists of fields.)

Each such pair is the member `T::m`, which E323 judges as it judges the path written out: an
error when the crate's type `T` has no member `m` (no impl, trait or derive gives it). A
negation in the words between ("`m` is not a method of `T`") leaves the pair alone, and so does
a function said to be one "for" a type (a constructor for `QueueTask` may well live elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# a method in backticks, with its arguments or not, maybe written on a value or a path:
# `valid_signing_keys`, `into_x(&cfg.encryption)`, `metadata.metadata()`, `A::list_response`
_MEMBER = r"`(?:[A-Za-z_]\w{0,40}(?:::|\.))*(?P<member>[a-z_][a-z0-9_]{0,60})(?:\([^`]{0,80}\))?`"
# a type in backticks, with its module path or not: `CreateMessageApp`, `endpoint::Entity`
_TYPE = r"`(?P<type>(?:[a-z_][a-z0-9_]{0,40}::){0,3}[A-Z][A-Za-z0-9]{0,60})`"
# the words that deny or set apart what follows: none may stand between the two names
_DENIAL = r"(?!(?:not|never|no|nor|unlike|rather|instead|than)\b)"
_WORDS = r"(?:" + _DENIAL + r"[a-z-]{1,20}\s+){0,3}?"
_KIND = r"(?:method|function|helper)"

_SAID = (
    # "`m`, a private method on `T`", "`m`, an associated function of the `T` type"
    re.compile(_MEMBER + r",\s+(?:an?|the)\s+" + _WORDS + _KIND + r"\s+(?:on|of)\s+(?:the\s+)?" + _TYPE),
    # "`m` is a method on `T`", "`m` belongs to `T`", "The method `m` belongs to `T`"
    re.compile(
        _MEMBER
        + r"\s+(?:is\s+(?:an?\s+|the\s+)?"
        + _WORDS
        + _KIND
        + r"\s+(?:on|of)|belongs\s+to)\s+(?:the\s+)?"
        + _TYPE
    ),
    # "the `m` method of `T`", "a `m` method on the `T` type"
    re.compile(r"\b(?:the|an?|its)\s+" + _MEMBER + r"\s+method\s+(?:on|of)\s+(?:the\s+)?" + _TYPE),
    # "`T`'s `m` method"
    re.compile(_TYPE + r"(?:'|’)s\s+" + _MEMBER + r"\s+method\b"),
    # "the `m` method that `T` implements from `Trait`"
    re.compile(
        r"\bthe\s+"
        + _MEMBER
        + r"\s+method\s+(?:that|which)\s+"
        + _TYPE
        + r"\s+(?:implements|defines|provides|has)\b"
    ),
)
# "`T` exposes two async methods, `a` and `b`", "`T` only offers `a` and `b`", "`T`, whose
# methods besides `new` are `a` and `b`": the list that follows
_OFFERS = re.compile(
    _TYPE
    + r"(?:\s+(?:only\s+|also\s+|just\s+)?(?P<verb>exposes|offers|provides|defines|has)\s+(?:only\s+|just\s+)?"
    r"(?:(?:one|two|three|four|five)\s+)?(?:(?:public|private|async)\s+)?(?:(?P<noun>methods?)[,:]?\s+|(?=`))"
    r"|,?\s+whose\s+methods(?:\s+besides\s+`[^`]{1,60}`)?\s+are\s+)"
)
_LISTED = re.compile(_MEMBER + r"(?P<joint>,\s+(?:and\s+)?|\s+(?:and|or)\s+)?")


def said_members(text: str) -> Iterator[tuple[str, str]]:
    """(type, member) for each member the text says a type has, in the order said."""
    if "`" not in text:
        return
    for pattern in _SAID:
        for match in pattern.finditer(text):
            yield match.group("type"), match.group("member")
    for match in _OFFERS.finditer(text):
        # (without "methods", only a verb that says what a type offers: "`T` has `x`" may be a field)
        if (
            match.group("verb")
            and match.group("noun") is None
            and match.group("verb") not in ("exposes", "offers", "provides")
        ):
            continue
        at = match.end()
        while (item := _LISTED.match(text, at)) is not None:
            yield match.group("type"), item.group("member")
            if not item.group("joint"):
                break
            at = item.end()
