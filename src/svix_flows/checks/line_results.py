"""The results of `validate` kept from one run to the next, by each line's bytes.

A corpus grows by a line or two between runs, and every check of a line depends only on its
bytes and the run's context: the code of the checks, the system message, the token budget, the
catalog's flow ids, whether notes are asked for, and the checkout (every crate file and the
default configuration, see `Checkout.digest`). So a line already checked in the same context
gets its findings back without being parsed; only the repeats, which compare lines, run on
every line (from the hashes kept with the findings). Line numbers are not kept: a finding
takes the line it is on now. Any problem reading or writing the store costs a recheck, never an
error.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from hashlib import blake2b
from pathlib import Path

from ..records.findings import Finding, Severity
from .repeats import Hashes

FORMAT = 1
# a line's findings without their line number: (code, severity, message, path) each
Kept = tuple[tuple[tuple[str, str, str, str | None], ...], Hashes | None]


def context_key(parts: Iterable[str | bytes]) -> str:
    """A file name for one context: a digest of its parts, the package's code included."""
    from ..cache import code_stamp

    digest = blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    digest.update(code_stamp(*sorted(package.rglob("*.py")), *sorted(package.rglob("*.json"))).encode())
    digest.update(f"\0format {FORMAT}\0".encode())
    for part in parts:
        raw = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(f"{len(raw)}\0".encode())
        digest.update(raw)
    return f"{digest.hexdigest()}.results"


class LineResults:
    """The kept results of one context, read once; the lines of this run, written at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._old: dict[bytes, Kept] = self._read(path)
        self._new: dict[bytes, Kept] = {}
        self.hits = 0

    @staticmethod
    def _read(path: Path) -> dict[bytes, Kept]:
        try:
            data = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return data if type(data) is dict else {}

    @staticmethod
    def key(raw: bytes) -> bytes:
        return blake2b(raw, digest_size=16).digest()

    def get(self, key: bytes, line: int) -> tuple[list[Finding], Hashes | None] | None:
        """The findings (at `line`) and hashes kept for a line's key, or None when not kept."""
        kept = self._old.get(key)
        if kept is None:
            return None
        try:
            found, hashes = kept
            findings = [
                Finding(line, code, Severity(severity), message, path)
                for code, severity, message, path in found
            ]
        except (TypeError, ValueError):
            return None
        self._new[key] = kept
        self.hits += 1
        return findings, hashes

    def put(self, key: bytes, found: list[Finding], hashes: Hashes | None) -> None:
        """Keep a line's findings (as they are before the repeats add theirs) and hashes."""
        self._new[key] = (
            tuple((f.code, f.severity.value, f.message, f.path) for f in found),
            hashes,
        )

    def save(self) -> None:
        """Write the lines of this run (only they: a line that left the corpus is forgotten),
        unless nothing changed."""
        if self._new.keys() == self._old.keys() and self.hits == len(self._new):
            return
        from ..errors import UsageError
        from ..files import replace_file

        try:
            replace_file(self.path, [marshal.dumps(self._new)], durable=False)
        except (UsageError, ValueError):
            pass  # a read-only or full cache costs a recheck next time
