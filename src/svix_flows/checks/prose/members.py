"""Members of a type named with its module (`messageattempt::Entity::secure_find_by_msg`): the
type of that module, not every type of the same name, must have the member (E323).

The crate's names merge same-named types (every module's `Entity`, `Model`, `ActiveModel`), so a
member one of them has would pass for all; here a member is refused for a module's type when
that module's own impls lack it and something else clearly owns it: another type of the same
module, the same-named type of another module, a trait no impl gives the type, or another
crate type whose own method it only is.
"""

from __future__ import annotations

from ...records.findings import printable
from ...rust.names import CrateNames


def elsewhere(crate: CrateNames, files: list[str], owner: str, member: str) -> str | None:
    """Why the `owner` of the module whose `files` are given has no `member`, or None when it
    may have it (the message after "`path`: ")."""
    if owner == "Column" and any(f in crate.entity_files for f in files):
        return _column(crate, files, member)
    spelled = any(member in crate.file_words.get(f, frozenset()) for f in files)
    if member in crate.trait_items:
        return _untraited(crate, owner, member)
    here = [crate.owned.get(f, {}) for f in files]
    if any(member in types.get(owner, ()) for types in here):
        return None
    if f"{owner}:Deref" in crate.implemented:
        return None  # what it dereferences to lends it its members
    beside = sorted(t for types in here for t, items in types.items() if t != owner and member in items)
    if beside:
        return _beside(crate, here, owner, member, beside[0])
    return _other_module(crate, files, here, owner, member, spelled)


def _other_module(
    crate: CrateNames,
    files: list[str],
    here: list[dict[str, list[str]]],
    owner: str,
    member: str,
    spelled: bool,
) -> str | None:
    """A method of the same-named type of another module (`endpoint::Entity` for one of
    `messageattempt::Entity`), else of another crate type altogether."""
    owners = sorted(
        f for f, types in crate.owned.items() if f not in files and member in types.get(owner, ())
    )
    if not owners:
        return None if spelled else _another_types(crate, owner, member)
    own = sorted({m for types in here for m in types.get(owner, ())})
    return _refused(crate, owner, member, f"a member of the `{printable(owner, 40)}` of {owners[0]}", own)


def _beside(
    crate: CrateNames, here: list[dict[str, list[str]]], owner: str, member: str, other: str
) -> str | None:
    """A method of another type of the same module (`application::ActiveModel` for one of
    `application::Model`), when the module has an impl of `owner` to judge by and no impl
    elsewhere gives it the member."""
    known = crate.members.get(owner)
    if not any(owner in types for types in here) or (known is not None and member in known.names):
        return None
    own = sorted({m for types in here for m in types.get(owner, ())})
    return _refused(crate, owner, member, f"a member of `{printable(other, 40)}`", own)


def _untraited(crate: CrateNames, owner: str, member: str) -> str | None:
    """An item of the crate's traits only, and no impl gives `owner` one of them (nor a blanket
    impl any type)."""
    traits = crate.trait_owners.get(member, [])
    known = crate.members.get(owner)
    if not traits or (known is not None and member in known.names):
        return None
    if any(f"{owner}:{t}" in crate.implemented or f"*:{t}" in crate.implemented for t in traits):
        return None
    return (
        f"`{printable(owner, 40)}` has no member `{printable(member, 40)}`; it is an item of the trait "
        f"`{printable(traits[0], 40)}`, which `{printable(owner, 40)}` does not implement"
    )


def _another_types(crate: CrateNames, owner: str, member: str) -> str | None:
    """Only another crate type's own method, never called as a method (`.m(`, as a derive's or
    an external trait's method would be)."""
    known = crate.members.get(owner)
    if member in crate.dotted or (known is not None and member in known.names):
        return None
    others = sorted(
        {t for types in crate.owned.values() for t, items in types.items() if t != owner and member in items}
    )
    if not others:
        return None
    return f"`{printable(owner, 40)}` has no member `{printable(member, 40)}`; it is a method of `{printable(others[0], 40)}`"


def _refused(crate: CrateNames, owner: str, member: str, where: str, own: list[str]) -> str:
    close = crate.nearest(member, own)
    shown = close or own[:8]
    label = "nearest" if close else "its members"
    more = f"; {label}: " + ", ".join(f"`{printable(name, 60)}`" for name in shown) if shown else ""
    return f"this `{printable(owner, 40)}` has no member `{printable(member, 40)}`; it is {where}{more}"


def _column(crate: CrateNames, files: list[str], member: str) -> str | None:
    """A `Column` that sea-orm derives from the module's `Model`: one variant per field."""
    columns = sorted({c for f in files for c in crate.owned.get(f, {}).get("Column", ())})
    if member in columns:
        return None
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in member).lstrip("_")
    close = crate.nearest(member, columns)
    shown = ", ".join(f"`{printable(name, 40)}`" for name in (close or columns[:8]))
    return (
        f"this `Column` has no variant `{printable(member, 40)}`: sea-orm derives one per field of "
        f"the module's `Model`, which has no `{printable(snake, 40)}`; "
        f"{'nearest' if close else 'its columns'}: {shown}"
    )
