"""Kin: two function names of one owner that name related operations, so that one said where
the code calls the other is the wrong one of a pair: names that extend one another
(`set_raw`, `set_raw_if_not_exists`), differ only after a shared first word (`from_base64`,
`from_slice`), or differ only in opposite first words (`start_id`, `end_id`)."""

from __future__ import annotations


def kin(name: str, other: str) -> bool:
    """Whether two function names name related operations (see the module)."""
    return extends(name, other) or _same_first_word(name, other) or _opposite_first_word(name, other)


def extends(name: str, other: str) -> bool:
    short, long = sorted((name, other), key=len)
    return len(short) >= 5 and long.startswith(short + "_")


def _same_first_word(name: str, other: str) -> bool:
    first, rest = name.split("_", 1) if "_" in name else (name, "")
    first_other, rest_other = other.split("_", 1) if "_" in other else (other, "")
    return bool(rest and rest_other) and first == first_other and len(first) >= 3


# the first words of a pair of functions that do opposite things (`start_id`, `end_id`)
_OPPOSITES = frozenset(
    frozenset(pair)
    for pair in (
        ("start", "end"),
        ("begin", "end"),
        ("first", "last"),
        ("min", "max"),
        ("lower", "upper"),
        ("before", "after"),
        ("get", "set"),
        ("encrypt", "decrypt"),
        ("serialize", "deserialize"),
        ("encode", "decode"),
        ("open", "close"),
    )
)


def _opposite_first_word(name: str, other: str) -> bool:
    """Two names alike but for opposite first words: `start_id` and `end_id`."""
    first, rest = name.split("_", 1) if "_" in name else (name, "")
    first_other, rest_other = other.split("_", 1) if "_" in other else (other, "")
    return bool(rest) and rest == rest_other and frozenset((first, first_other)) in _OPPOSITES
