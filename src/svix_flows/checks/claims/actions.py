"""The calls an action stands for, when the prose names an action instead of a function ("the
row is inserted", "a failed cache write", "the database first"): the call names, and for the
database the proof that a call is one (it names a connection or a transaction)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...rust.facts import SiteFact

# a database call names the connection or transaction (`.one(db)`, `txn.commit()`,
# `pool.execute(stmt)`), unlike a map's `insert` or an iterator's `all`
_CONNECTION = re.compile(r"\b(?:db|txn|tx|trx|conn|connection|pool|executor|transaction)\b")
DATABASE_CALLS = frozenset(
    {
        "insert",
        "insert_many",
        "update",
        "update_many",
        "delete",
        "delete_many",
        "execute",
        "exec",
        "exec_with_returning",
        "one",
        "all",
        "count",
        "query_one",
        "query_all",
    }
)


def is_call_of(names: tuple[str, ...], site: SiteFact) -> bool:
    """Whether a call site is one of an action's calls (a database one names its connection)."""
    if site.name not in names:
        return False
    return site.name not in DATABASE_CALLS or _CONNECTION.search(f"{site.path} {site.argument}") is not None
