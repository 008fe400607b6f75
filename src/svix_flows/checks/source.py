"""The record's code against the checkout: each fenced block must be the source's exact lines
(E230, E231), and a header's `, in …` the impl, trait or module around them (E232)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records.findings import Finding, finding, printable
from ..records.record import ASSISTANT_PATH, CodeBlock

if TYPE_CHECKING:
    from ..rust.checkout import Checkout
    from ..rust.items import Item


class SourceComparer:
    """The blocks of records compared with the checkout's files, each file read once per run."""

    def __init__(self, checkout: Checkout) -> None:
        self.checkout = checkout
        self._sources: dict[str, tuple[str, ...] | str] = {}
        self._indexes: dict[str, list[Item] | None] = {}

    def compare(self, block: CodeBlock, number: int, line: int) -> Finding | None:
        lines = self._source_lines(block.path)
        where = f"block {number} ({printable(block.path)})"
        if isinstance(lines, str):
            return finding(line, "E231", f"{where}: {lines}", ASSISTANT_PATH)
        if block.end > len(lines):
            return finding(
                line,
                "E231",
                f"{where}: lines {block.start}-{block.end}, but the file has {len(lines)} lines",
                ASSISTANT_PATH,
            )
        expected = lines[block.start - 1 : block.end]
        if block.code == "\n".join(expected):
            return self._context(block, where, line)
        return finding(
            line,
            "E230",
            f"{where}: {short_diff(expected, block.code.split(chr(10)), block.start)}",
            ASSISTANT_PATH,
        )

    def _context(self, block: CodeBlock, where: str, line: int) -> Finding | None:
        """The header's `, in …` against the impl, trait or module around the lines."""
        # the plain header stays valid (corpora written before contexts); a wrong context is not
        if not block.context:
            return None
        items = self._items(block.path)
        if items is None:
            return None
        from ..rust.items import context_of

        actual = context_of(items, block.start, block.end)
        if block.context == actual:
            return None
        said = f"`{printable(block.context, 80)}`"
        really = f"in `{printable(actual, 80)}`" if actual else "at the top level of the file"
        return finding(
            line,
            "E232",
            f"{where}: the header says in {said}, but lines {block.start}-{block.end} are {really}",
            ASSISTANT_PATH,
        )

    def _items(self, path: str) -> list[Item] | None:
        """The Rust items of a file already read, or None when it is not Rust; cached per path."""
        if path in self._indexes:
            return self._indexes[path]
        items = None
        if path.endswith(".rs"):
            from ..rust.cache import load_index

            raw = _source_bytes(self.checkout, path)
            if isinstance(raw, bytes):
                items = load_index(raw, self.checkout.index_cache).items
        self._indexes[path] = items
        return items

    def _source_lines(self, path: str) -> tuple[str, ...] | str:
        """The file's lines (LF or CRLF ends), or why it cannot be read; cached per path."""
        cached = self._sources.get(path)
        if cached is None:
            cached = self._sources[path] = _read_source(self.checkout, path)
        return cached


def short_diff(expected: list[str] | tuple[str, ...], actual: list[str], first_line: int) -> str:
    """One line saying where the record's code first leaves the source, and how much differs."""
    import difflib

    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    tag, i1, i2, j1, j2 = changes[0]
    changed = sum(max(b - a, d - c) for _, a, b, c, d in changes)
    where = f"line {first_line + i1}"
    if tag == "replace" and i2 - i1 == 1 and j2 - j1 == 1:
        old, new = expected[i1], actual[j1]
        column = next((k for k, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
        where += f", column {column + 1}"
        # whole lines when short; a window around the change when long
        start = 0 if max(len(old), len(new)) <= 80 else max(0, column - 30)
        cut = "…" if start else ""
        detail = f"source `{cut}{printable(old[start:], 80)}`, record `{cut}{printable(new[start:], 80)}`"
    elif tag == "delete":
        detail = f"record lacks `{printable(expected[i1], 70)}`"
    elif tag == "insert":
        detail = f"record adds `{printable(actual[j1], 70)}`"
    else:
        detail = f"source `{printable(expected[i1], 70)}`, record `{printable(actual[j1], 70)}`"
    more = f" ({changed} lines differ)" if changed > 1 else ""
    return f"differs from the source at {where}: {detail}{more}"


def _source_bytes(checkout: Checkout, path: str) -> bytes | str:
    """Bytes of a file named from the repository root, or the reason it cannot be read."""
    from ..errors import SourceError
    from ..rust.checkout import Checkout

    prefix = checkout.crate_root.strip("/") + "/"
    if path.startswith(prefix):
        reader, relative = checkout, path[len(prefix) :]
    else:
        reader, relative = Checkout(checkout.root, "."), path
    try:
        return reader.read_bytes(relative)
    except SourceError as exc:
        return printable(str(exc).removeprefix("./"), 200)


def _read_source(checkout: Checkout, path: str) -> tuple[str, ...] | str:
    """Lines of a file named from the repository root, or the reason it cannot be read."""
    from ..rust.checkout import split_lines

    raw = _source_bytes(checkout, path)
    if isinstance(raw, str):
        return raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "the source file is not UTF-8"
    return split_lines(text.removeprefix("\ufeff"))
