"""`flows.toml`: the catalog of flows, its pinned source, loaded and checked in one place."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .errors import CatalogError
from .text import escape_controls

DEFAULT_REPOSITORY = "https://github.com/svix/svix-webhooks"
DEFAULT_ROOT = "server/svix-server/src"
DEFAULT_MAX_TOKENS = 8192  # a record's token budget when the catalog sets none
DEFAULT_TARGET = 25
MAX_CATALOG_BYTES = 4 * 1024 * 1024

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_COMMIT = re.compile(r"[0-9a-f]{40}\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_TOP_KEYS = {"source", "corpus", "flow"}
_SOURCE_KEYS = {"repository", "commit", "root", "path"}
_CORPUS_KEYS = {"target", "output", "max_tokens"}
_FLOW_KEYS = {"id", "title", "summary", "facts", "notes", "description", "spans", "skips"}
_NEW_FORM = ("summary", "facts", "notes")
_SPAN_KEYS = {"file", "symbol", "entry"}
_SKIP_KEYS = {"after", "note"}


class DriftState(StrEnum):
    """What became of a locked span since `flows.lock` was written; the value is the word
    `check` shows."""

    UNCHANGED = "unchanged"
    MOVED = "moved"  # the same text at other lines
    CHANGED = "changed"
    GONE = "gone"
    NEW = "new"  # not in the lock

    @property
    def needs_author(self) -> bool:
        """Whether the catalog is wrong now (the span changed or is gone); unchanged, moved
        and new spans need nobody."""
        return self in (DriftState.CHANGED, DriftState.GONE)


class SpanRef(NamedTuple):
    """One span of a flow as the catalog names it: a file under the crate root and a symbol path."""

    file: str
    symbol: str


class Skip(NamedTuple):
    """A step the flow leaves out on purpose, between span `after` and the next (0: before the first)."""

    after: int
    note: str


class Flow(NamedTuple):
    """A cross-module data flow: its id, title, summary, ordered spans, deliberate skips, the
    spans marked `entry = true` (entry points the rest of the flow does not call), its cited
    facts and notes (hidden behaviour), and `description`, the older one-paragraph form as
    written (empty in the new form; then `facts` holds it as one entry)."""

    id: str
    title: str
    summary: str
    spans: tuple[SpanRef, ...]
    skips: tuple[Skip, ...] = ()
    marked_entries: tuple[SpanRef, ...] = ()
    facts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    description: str = ""

    @property
    def entries(self) -> tuple[SpanRef, ...]:
        """Where the flow starts: its first span, then every span marked `entry = true`."""
        return tuple(dict.fromkeys((self.spans[0],) + self.marked_entries))

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(span.file for span in self.spans))

    @property
    def cited(self) -> tuple[tuple[str, str], ...]:
        """Every cited entry with its name, as `check` reports it: `facts[1]`, `notes[2]` (from
        1, like `spans[1]`), or `description` for the older form."""
        if self.description:
            return (("description", self.description),)
        return tuple((f"facts[{n}]", text) for n, text in enumerate(self.facts, 1)) + tuple(
            (f"notes[{n}]", text) for n, text in enumerate(self.notes, 1)
        )

    @property
    def prose(self) -> str:
        """All the flow's text, one entry a line: the summary, the facts, the notes (or the
        older description), for the checks that read the catalog as prose."""
        if self.description:
            return self.description
        return "\n".join((self.summary, *self.facts, *self.notes))


# a cite and the parentheses around a run of cites, taken out of a description's first
# sentences to make its summary (a summary carries no cites)
_CITED = re.compile(r"\s*\((?:[^()]*?\.rs:\d+(?:-\d+)?[,;]?\s*)+\)|\s*[\w./-]+\.rs:\d+(?:-\d+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(])")
SUMMARY_CHARS = 320  # a second sentence joins the summary only while the two stay this short


def summary_of(description: str) -> str:
    """The first sentence of a description, or its first two when they are short, without cites."""
    text = " ".join(description.split())
    sentences = _SENTENCE_END.split(text)
    summary = sentences[0]
    if len(sentences) > 1 and len(summary) + len(sentences[1]) < SUMMARY_CHARS:
        summary = f"{summary} {sentences[1]}"
    return _CITED.sub("", summary).strip() or text


class Source(NamedTuple):
    """The pinned svix-webhooks source: repository, commit, crate root and an optional local path."""

    repository: str
    commit: str
    root: str
    path: Path | None


class Catalog(NamedTuple):
    """The whole catalog file, checked."""

    path: Path
    source: Source
    target: int
    output: str
    max_tokens: int
    flows: tuple[Flow, ...]

    @property
    def workspace(self) -> Path:
        # a symlinked flows.toml belongs to the workspace it points into, with its prompts/ and out/
        return self.path.resolve().parent

    @property
    def corpus_path(self) -> Path:
        return self.workspace / self.output

    def flow(self, flow_id: str) -> Flow:
        """The flow with that id, or an error suggesting the nearest ids."""
        for flow in self.flows:
            if flow.id == flow_id:
                return flow
        import difflib

        ids = [flow.id for flow in self.flows]
        near = difflib.get_close_matches(flow_id, ids, n=3, cutoff=0.4)
        near = near or [i for i in ids if flow_id.lower() in i][:3]
        hint = f"; did you mean {', '.join(near)}?" if near else "; `svix-flows list` shows them"
        raise CatalogError(f"{self.path}: no flow `{escape_controls(flow_id)}`{hint}")


@lru_cache(maxsize=4096)  # a catalog names the same few files in hundreds of spans
def check_span_file(file: str, base: str = "the crate root") -> str | None:
    """Why a span file is not a plain relative path under `base`, or None."""
    if not file or _CONTROL.search(file):
        return "is empty or holds control characters"
    if "\\" in file:
        return "uses backslashes; write it with /"
    if file.startswith("/") or re.match(r"[A-Za-z]:", file):
        return f"is absolute; write it relative to {base}"
    if file.endswith("/") or "//" in file:
        return "ends in / or has an empty part; name the file itself"
    if ".." in file.split("/"):
        return "leaves the crate root with `..`"
    return None


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> CatalogError:
        return CatalogError(f"{self.path}: {where}: {problem}")

    def table(self, value: Any, where: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a table")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.fail(
                where,
                f"unknown key `{escape_controls(unknown[0])}` (allowed: {', '.join(sorted(allowed))})",
            )
        return value

    def string(self, table: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if value is None:
            raise self.fail(where, f"missing key `{key}`")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", "must be a non-empty string")
        return value

    def integer(self, table: dict[str, Any], key: str, where: str, default: int) -> int:
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise self.fail(f"{where}.{key}", "must be a positive integer")
        return value


def _skips(check: _Checker, data: Any, where: str, spans: int) -> tuple[Skip, ...]:
    if not isinstance(data, list):
        raise check.fail(f"{where}.skips", "must be an array of {after, note}")
    skips = []
    for index, skip in enumerate(data, 1):
        skip_where = f"{where}.skips[{index}]"
        skip = check.table(skip, skip_where, _SKIP_KEYS)
        after = skip.get("after")
        if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after <= spans:
            raise check.fail(
                f"{skip_where}.after", f"must be a span number from 0 to {spans} (the step comes after it)"
            )
        skips.append(Skip(after, check.string(skip, "note", skip_where).strip()))
    return tuple(skips)


def _texts(check: _Checker, table: dict[str, Any], where: str) -> dict[str, Any]:
    """A flow's summary, facts and notes; or its older `description`, from which the summary is
    its first sentence or two and the facts are the description itself."""
    if "description" in table:
        written = [key for key in _NEW_FORM if key in table]
        if written:
            raise check.fail(
                where, f"has both `description` and `{written[0]}`; keep summary, facts and notes only"
            )
        description = check.string(table, "description", where).strip()
        return {"summary": summary_of(description), "facts": (description,), "description": description}
    if "summary" not in table:
        raise check.fail(where, "missing key `summary` (with `facts` and `notes`)")
    facts = _entries(check, table, "facts", where, required=True)
    return {
        "summary": " ".join(check.string(table, "summary", where).split()),
        "facts": facts,
        "notes": _entries(check, table, "notes", where, required=False),
    }


def _entries(
    check: _Checker, table: dict[str, Any], key: str, where: str, *, required: bool
) -> tuple[str, ...]:
    """`facts` or `notes`: an array of non-empty strings, each one claim (facts: at least one)."""
    data = table.get(key, [])
    if not isinstance(data, list) or (required and not data):
        need = "a non-empty array" if required else "an array"
        raise check.fail(f"{where}.{key}", f"must be {need} of strings, one claim each with its cite")
    for index, entry in enumerate(data, 1):
        if not isinstance(entry, str) or not entry.strip():
            raise check.fail(f"{where}.{key}[{index}]", "must be a non-empty string")
    return tuple(" ".join(entry.split()) for entry in data)


def load_catalog(path: Path, cache_dir: Path | None = None) -> Catalog:
    """Read and check `flows.toml`; every problem is a CatalogError naming the key and the flow.

    With `cache_dir`, the parsed TOML is kept by content (see contentcache); the checks below
    run on every load all the same."""
    try:
        if not path.is_file():
            raise CatalogError(f"{path}: the catalog is not a regular file")
        if path.stat().st_size > MAX_CATALOG_BYTES:
            raise CatalogError(f"{path}: the catalog is over {MAX_CATALOG_BYTES // 2**20} MiB")
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog: {exc.strerror}") from None

    def parse() -> dict[str, Any]:
        import tomllib  # only when the content cache has no entry for these bytes

        try:
            return tomllib.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise CatalogError(f"{path}: the catalog is not UTF-8") from None
        except tomllib.TOMLDecodeError as exc:
            raise CatalogError(f"{path}: not valid TOML: {exc}") from None
        except RecursionError:
            raise CatalogError(f"{path}: not valid TOML: nested too deeply") from None

    from .cache import load_toml

    return _parse(path, load_toml(raw, cache_dir, parse))


def _parse(path: Path, data: dict[str, Any]) -> Catalog:
    check = _Checker(path)
    check.table(data, "top level", _TOP_KEYS)
    source_table = check.table(data.get("source", {}), "[source]", _SOURCE_KEYS)
    commit = check.string(source_table, "commit", "[source]")
    if not _COMMIT.match(commit):
        raise check.fail("[source].commit", "must be a full 40-character lowercase hex commit")
    root = check.string(source_table, "root", "[source]", DEFAULT_ROOT).strip("/")
    if check_span_file(root):
        raise check.fail("[source].root", f"`{escape_controls(root)}` {check_span_file(root)}")
    local = source_table.get("path")
    if local is not None:
        local = check.string(source_table, "path", "[source]")
    source = Source(
        repository=check.string(source_table, "repository", "[source]", DEFAULT_REPOSITORY),
        commit=commit,
        root=root,
        path=(path.resolve().parent / local) if local else None,
    )
    corpus = check.table(data.get("corpus", {}), "[corpus]", _CORPUS_KEYS)
    output = check.string(corpus, "output", "[corpus]", "out/cross_module_data_flows.jsonl")
    if check_span_file(output, "the catalog's folder"):
        raise check.fail(
            "[corpus].output", f"`{escape_controls(output)}` {check_span_file(output, 'the catalog folder')}"
        )

    flows_data = data.get("flow", [])
    if not isinstance(flows_data, list):
        raise check.fail("flow", "must be an array of tables, written [[flow]]")
    flows: list[Flow] = []
    seen: set[str] = set()
    for number, table in enumerate(flows_data, 1):
        where = f"flow #{number}"
        table = check.table(table, where, _FLOW_KEYS)
        flow_id = check.string(table, "id", where)
        if not _ID.match(flow_id):
            raise check.fail(f"{where}.id", f"`{escape_controls(flow_id)}` is not snake_case")
        where = f"flow `{flow_id}`"
        if flow_id in seen:
            raise check.fail(where, "duplicate id")
        seen.add(flow_id)
        spans_data = table.get("spans")
        if not isinstance(spans_data, list) or not spans_data:
            raise check.fail(f"{where}.spans", "must be a non-empty array of {file, symbol}")
        spans: list[SpanRef] = []
        entries: list[SpanRef] = []
        for index, span in enumerate(spans_data, 1):
            span_where = f"{where}.spans[{index}]"
            span = check.table(span, span_where, _SPAN_KEYS)
            file = check.string(span, "file", span_where)
            problem = check_span_file(file)
            if problem:
                raise check.fail(f"{span_where}.file", f"`{escape_controls(file)}` {problem}")
            spans.append(SpanRef(file, check.string(span, "symbol", span_where)))
            entry = span.get("entry", False)
            if not isinstance(entry, bool):
                raise check.fail(f"{span_where}.entry", "must be true or false (true marks an entry point)")
            if entry:
                entries.append(spans[-1])
        flows.append(
            Flow(
                flow_id,
                check.string(table, "title", where),
                "",
                tuple(spans),
                _skips(check, table.get("skips", []), where, len(spans)),
                tuple(entries),
            )._replace(**_texts(check, table, where))
        )
    return Catalog(
        path=path,
        source=source,
        target=check.integer(corpus, "target", "[corpus]", DEFAULT_TARGET),
        output=output,
        max_tokens=check.integer(corpus, "max_tokens", "[corpus]", DEFAULT_MAX_TOKENS),
        flows=tuple(flows),
    )
