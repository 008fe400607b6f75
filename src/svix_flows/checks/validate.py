"""`validate`: every check of docs/validate.md on every line of a corpus, in one streaming pass.

The fast path proves a record well formed with plain Python checks on the orjson-parsed
dict; only a record that fails them meets `jsonschema`, the authority that names each
violation with its JSON path. Nothing here prints: findings are yielded, the CLI renders.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import DEFAULT_MAX_TOKENS
from ..errors import UsageError
from ..files import MAX_LINE, Line, read_lines
from ..records.findings import ERROR, NOTE, Finding, finding, printable
from ..records.record import (
    ASSISTANT_PATH,
    USER_PATH,
    CodeBlock,
    module_names,
    parse_assistant,
    system_message,
)
from .lints import prompt_lints, think_lints, token_lint
from .prose.direction import direction
from .prose.hygiene import hygiene
from .prose.specificity import specificity
from .prose.tokens import Scanner

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..rust.checkout import Checkout
    from .claims import Judge, Verdict
    from .prose.resolution import Grounding

_ROLES = ("system", "user", "assistant")
_RECORD_KEYS = ("type", "messages")
_MESSAGE_KEYS = ("role", "content")
_BOM = b"\xef\xbb\xbf"
# Template placeholders (prompts/draft_template.md) and the seed brief's own brackets.
_UNFILLED = re.compile(
    r"^[ \t]*<!--|TODO: write|\[EXPERT REASONING\]|\[IMAGINED USER REQUEST\]", re.MULTILINE
)


@lru_cache(maxsize=1)
def schema_validator() -> Any:
    """The packaged record schema, compiled once per process."""
    import json
    from importlib.resources import files

    from jsonschema import Draft202012Validator

    schema = json.loads((files("svix_flows") / "data" / "record.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _well_formed(record: dict[str, Any]) -> bool:
    """True only if the schema holds and the keys are in order (a proof, not a guess).

    Every condition of record.schema.json is here, so True never hides a violation;
    False sends the record to jsonschema and the key-order check for the exact reasons.
    """
    if len(record) != 2 or tuple(record) != _RECORD_KEYS or record["type"] != "chatml":
        return False
    messages = record["messages"]
    if type(messages) is not list or len(messages) != 3:
        return False
    for message, role in zip(messages, _ROLES):
        if type(message) is not dict or tuple(message) != _MESSAGE_KEYS:
            return False
        content = message["content"]
        if message["role"] != role or type(content) is not str or not content or content.isspace():
            return False
    return True


def _schema_findings(record: dict[str, Any], line: int) -> list[Finding]:
    errors = sorted(schema_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    found = [
        finding(line, "E201", f"at {error.json_path}: {_describe(error)}", error.json_path)
        for error in errors
    ]
    found.extend(_key_order(record, line))
    return found


def _describe(error: Any) -> str:
    """A short message for a schema error; jsonschema's own repr can quote a whole record."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "type":
        return f"is {_json_type(instance)}, expected {value}"
    if kind in ("const", "enum"):
        wanted = repr(value) if kind == "const" else " or ".join(map(repr, value))
        return f"is {printable(repr(instance), 40)}, expected {printable(wanted, 60)}"
    if kind in ("minItems", "maxItems", "items"):
        return f"has {len(instance)} messages, expected 3 (system, user, assistant)"
    if kind == "additionalProperties":
        extra = sorted(set(instance) - set(error.schema.get("properties", {})))
        return f"unknown key(s) {printable(', '.join(map(repr, extra)), 80)}"
    if kind in ("minLength", "pattern"):
        return "is empty or only blank space"
    return printable(error.message, 160)


def _json_type(value: Any) -> str:
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _key_order(record: dict[str, Any], line: int) -> list[Finding]:
    found = []
    if set(record) == set(_RECORD_KEYS) and tuple(record) != _RECORD_KEYS:
        found.append(finding(line, "E202", "keys are not in the order type, messages", "$"))
    messages = record.get("messages")
    for index, message in enumerate(messages if isinstance(messages, list) else []):
        if (
            isinstance(message, dict)
            and set(message) == set(_MESSAGE_KEYS)
            and tuple(message) != _MESSAGE_KEYS
        ):
            found.append(
                finding(line, "E202", "keys are not in the order role, content", f"$.messages[{index}]")
            )
    return found


def _contents(record: dict[str, Any]) -> tuple[Any, Any, Any]:
    """System, user and assistant contents where a damaged record still holds them."""
    messages = record.get("messages")
    if not isinstance(messages, list):
        return None, None, None
    out = []
    for index, role in enumerate(_ROLES):
        message = messages[index] if index < len(messages) else None
        ok = isinstance(message, dict) and message.get("role") == role
        content = message.get("content") if ok and isinstance(message, dict) else None
        out.append(content if isinstance(content, str) and content.strip() else None)
    return out[0], out[1], out[2]


def _unfilled(text: str) -> str | None:
    """The first template placeholder line of a text, or None (substring tests first: hot path)."""
    # "<" and "[" are memchr searches; most texts hold neither, and "TODO: write" is long
    # enough for the substring search to skip through the text
    if "TODO: write" not in text and ("<" not in text or "<!--" not in text) and "[" not in text:
        return None
    match = _UNFILLED.search(text)
    if match is None:
        return None
    end = text.find("\n", match.start())
    return text[match.start() : end if end >= 0 else len(text)].strip()


@dataclass
class Summary:
    """What one file held: records, valid ones, findings by severity and by code."""

    file: str
    records: int = 0
    valid: int = 0
    errors: int = 0
    warnings: int = 0
    codes: Counter[str] = field(default_factory=Counter)

    def add(self, other: Summary) -> None:
        self.records += other.records
        self.valid += other.valid
        self.errors += other.errors
        self.warnings += other.warnings
        self.codes.update(other.codes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "records": self.records,
            "valid": self.valid,
            "errors": self.errors,
            "warnings": self.warnings,
            "codes": dict(sorted(self.codes.items())),
        }


class Validator:
    """The checks of one run: the system message, the token budget, the checkout, strictness."""

    def __init__(
        self,
        system: str,
        *,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        checkout: Checkout | None = None,
        strict: bool = False,
        notes: bool = False,
        flows: frozenset[str] = frozenset(),
    ) -> None:
        self.system = system
        self.flows = flows  # the catalog's flow ids: named in prose, they are not code
        self.max_tokens = max_tokens
        self.checkout = checkout
        self.strict = strict
        self.notes = notes
        self._sources: dict[str, tuple[str, ...] | str] = {}
        self._grounding: Grounding | None = None
        self._judge: Judge | None = None
        self.verdicts: list[Verdict] = []  # the claims of the last record checked, judged
        self._indexes: dict[str, list[Any] | None] = {}
        self.scanner = Scanner()  # the names of the texts, read once per run

    @property
    def grounding(self) -> Grounding | None:
        """The crate's names, read once per run, or None without a checkout."""
        if self._grounding is None and self.checkout is not None:
            from ..rust.names import CrateNames
            from .prose.resolution import Grounding

            self._grounding = Grounding(CrateNames.of(self.checkout), flows=self.flows, scanner=self.scanner)
        return self._grounding

    @property
    def judge(self) -> Judge | None:
        """The claims judge over the crate's facts, built once per run, or None without a checkout."""
        if self._judge is None and self.checkout is not None:
            from ..rust.facts import facts_of
            from .claims import Judge

            self._judge = Judge(facts_of(self.checkout))
        return self._judge

    @classmethod
    def for_catalog(
        cls,
        catalog: Catalog | None,
        *,
        checkout: Checkout | None = None,
        strict: bool = False,
        max_tokens: int | None = None,
        notes: bool = False,
    ) -> Validator:
        workspace = catalog.workspace if catalog is not None else None
        budget = max_tokens or (catalog.max_tokens if catalog is not None else DEFAULT_MAX_TOKENS)
        flows = frozenset(flow.id for flow in catalog.flows) if catalog is not None else frozenset()
        return cls(
            system_message(workspace),
            max_tokens=budget,
            checkout=checkout,
            strict=strict,
            notes=notes,
            flows=flows,
        )

    # one record --------------------------------------------------------------------------

    def record(self, record: Any, line: int) -> list[Finding]:
        """Every check of one parsed record that needs no other line."""
        found: list[Finding] = []
        self._record(record, line, found)
        return found

    def _record(self, record: Any, line: int, found: list[Finding]) -> tuple[Any, ...] | None:
        """The checks of `record`, into `found`; (user, assistant, think) for the repeats."""
        if type(record) is not dict:
            found.append(finding(line, "E106", f"the line is {_json_type(record)}, not an object"))
            return None
        if _well_formed(record):
            messages = record["messages"]
            system = messages[0]["content"]
            user = messages[1]["content"]
            assistant = messages[2]["content"]
        else:
            found.extend(_schema_findings(record, line))
            system, user, assistant = _contents(record)
        if system is not None and system != self.system:
            found.append(
                finding(line, "E203", _system_difference(system, self.system), "$.messages[0].content")
            )
        if user is not None:
            unfilled = _unfilled(user)
            if unfilled is not None:
                found.append(
                    finding(
                        line,
                        "E204",
                        f"the request still holds template text `{printable(unfilled, 60)}`",
                        USER_PATH,
                    )
                )
            found.extend(hygiene(user, USER_PATH, line, "request"))
            found.extend(prompt_lints(user, line))
        think = self._answer(assistant, user, line, found) if assistant is not None else None
        contents = tuple(text for text in (system, user, assistant) if text is not None)
        found.extend(token_lint(contents, self.max_tokens, line))
        return user, assistant, think

    def _answer(self, content: str, user: str | None, line: int, found: list[Finding]) -> str | None:
        answer = parse_assistant(content, line=line)
        found.extend(answer.findings)
        think = answer.think
        code = "\n".join(block.code for block in answer.blocks)
        if think is not None and think.strip():
            unfilled = _unfilled(think)
            if unfilled is not None:
                found.append(
                    finding(
                        line,
                        "E214",
                        f"the think block still holds template text `{printable(unfilled, 60)}`",
                        ASSISTANT_PATH,
                    )
                )
            found.extend(hygiene(think, ASSISTANT_PATH, line, "think block"))
            modules = module_names([block.path for block in answer.blocks])
            found.extend(think_lints(think, modules, line, lambda: _module_items(answer.blocks)))
            if answer.blocks:
                found.extend(
                    specificity(
                        think, [b.code for b in answer.blocks], modules, line, ASSISTANT_PATH, self.scanner
                    )
                )
                found.extend(
                    direction(think, [(_module(b.path), b.code) for b in answer.blocks], line, ASSISTANT_PATH)
                )
        if self.checkout is not None:
            for number, block in enumerate(answer.blocks, 1):
                problem = self._compare(block, number, line)
                if problem is not None:
                    found.append(problem)
            self._ground(user, think, code, module_names(b.path for b in answer.blocks), line, found)
            self._claims(user, think, answer.blocks, line, found)
        return think

    def _claims(
        self,
        user: str | None,
        think: str | None,
        blocks: Sequence[CodeBlock],
        line: int,
        found: list[Finding],
    ) -> None:
        """W330-W334 for each contradicted claim of the texts (N330 for a supported one, with notes)."""
        from .claims import CODES, State, functions_of_blocks

        self.verdicts = []
        judge = self.judge
        if judge is None or self.checkout is None or not (user or think):
            return
        own = functions_of_blocks(
            judge.facts, [(b.path, b.start, b.end) for b in blocks], self.checkout.crate_root
        )
        for text, path in ((user, USER_PATH), (think, ASSISTANT_PATH)):
            for verdict in judge.judge(text, own) if text else ():
                self.verdicts.append(verdict)
                claim = verdict.claim
                quoted = f"«{printable(claim.sentence, 100)}»"
                if verdict.state is State.CONTRADICTED:
                    found.append(finding(line, CODES[claim.kind], f"{verdict.message}: {quoted}", path))
                elif verdict.state is State.SUPPORTED and self.notes:
                    found.append(
                        finding(line, "N330", f"{claim.kind.value} at {verdict.where}: {quoted}", path)
                    )

    def _ground(
        self,
        user: str | None,
        think: str | None,
        code: str,
        modules: list[str],
        line: int,
        found: list[Finding],
    ) -> None:
        """E320-E323 (and N320 when notes are asked for): the texts' names against the code."""
        from .prose.resolution import ground

        grounding = self.grounding
        if grounding is None:
            return
        texts = [(text, path) for text, path in ((user, USER_PATH), (think, ASSISTANT_PATH)) if text]
        found.extend(ground(texts, code, grounding, line, modules, notes=self.notes))

    # the source ---------------------------------------------------------------------------

    def _compare(self, block: CodeBlock, number: int, line: int) -> Finding | None:
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
            return self._compare_context(block, where, line)
        return finding(
            line,
            "E230",
            f"{where}: {short_diff(expected, block.code.split(chr(10)), block.start)}",
            ASSISTANT_PATH,
        )

    def _compare_context(self, block: CodeBlock, where: str, line: int) -> Finding | None:
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

    def _items(self, path: str) -> list[Any] | None:
        """The Rust items of a file already read, or None when it is not Rust; cached per path."""
        if path in self._indexes:
            return self._indexes[path]
        items = None
        if path.endswith(".rs") and self.checkout is not None:
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
            if self.checkout is None:
                raise RuntimeError("source lines are read only when a checkout is given")
            cached = self._sources[path] = _read_source(self.checkout, path)
        return cached

    # a whole stream ---------------------------------------------------------------------

    def stream(self, lines: Iterator[Line], summary: Summary) -> Iterator[Finding]:
        """Every finding of every line, in line order; `summary` is filled as lines go by."""
        seen = _Seen()
        last: Line | None = None
        for item, found, hashes, is_record in self.check_lines(lines):
            last = item
            if hashes is not None:
                seen.check(hashes, item.number, found)
            if found:
                yield from self.tally(found, summary, record=is_record)
            else:
                summary.records += 1
                summary.valid += 1
        if last is not None and not last.ended:
            yield from self.tally([_no_final_newline(last.number)], summary, record=False)

    def check_lines(self, lines: Iterator[Line]) -> Iterator[tuple[Any, ...]]:
        """(line, findings, hashes for the repeats or None, whether it is a record) per line."""
        import orjson

        loads, decode_error = orjson.loads, orjson.JSONDecodeError
        for item in lines:
            number, data = item.number, item.raw
            found: list[Finding] = []
            hashes = None
            if data is None:
                found.append(
                    finding(
                        number,
                        "E107",
                        f"the line is {item.size} bytes, over the limit of {MAX_LINE // 2**20} MiB; not read",
                    )
                )
            else:
                if data.endswith(b"\r\n"):
                    found.append(finding(number, "E104", "the line ends in CRLF"))
                if data.startswith(_BOM):
                    found.append(finding(number, "E103", "the line begins with a byte order mark"))
                    data = data[3:]
                if data.isspace() or not data:
                    found.append(finding(number, "E105", "the line is blank"))
                    yield item, found, None, False
                    continue
                try:
                    record = loads(data)
                except decode_error as exc:
                    found.append(_parse_problem(data, exc, number))
                else:
                    found.extend(duplicate_keys(data, record, number))
                    texts = self._record(record, number, found)
                    if texts is not None:
                        hashes = _hashes(*texts)
            yield item, found, hashes, True

    def tally(self, found: list[Finding], summary: Summary, *, record: bool) -> Iterator[Finding]:
        """The findings of one line, made strict if asked, counted into `summary`."""
        errors = False
        for problem in found:
            if self.strict:
                problem = problem.strict()
            if problem.severity == NOTE:
                yield problem
                continue
            if problem.severity == ERROR:
                summary.errors += 1
                errors = True
            else:
                summary.warnings += 1
            summary.codes[problem.code] += 1
            yield problem
        if record:
            summary.records += 1
            summary.valid += not errors


def duplicate_keys(data: bytes, record: Any, line: int) -> list[Finding]:
    """E109 for each key written twice in one object (orjson keeps the last one silently).

    orjson writes the shortest JSON of a value, so a line that is exactly as long as the
    re-encoding of what was read holds nothing that was dropped: no key twice. Only a line
    that is longer (a repeated key, or spaces and escapes another writer chose) is read again
    with every key kept.
    """
    import orjson

    try:
        if len(orjson.dumps(record)) == len(data.rstrip(b"\r\n")):
            return []
    except orjson.JSONEncodeError:
        pass
    import json

    doubled: list[str] = []

    def pairs(items: list[Any]) -> dict[Any, Any]:
        seen = set()
        for key, _ in items:
            if key in seen and key not in doubled:
                doubled.append(key)
            seen.add(key)
        return dict(items)

    try:
        json.loads(data, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return []
    return [
        finding(
            line,
            "E109",
            f"the key {printable(repr(key), 40)} appears twice in one object; only the last would be read",
        )
        for key in doubled
    ]


def _module_items(blocks: tuple[CodeBlock, ...]) -> dict[str, list[str]]:
    """Each module of the blocks with the names its blocks define (for W301)."""
    from .prose.specificity import defined_names

    items: dict[str, list[str]] = {}
    for block in blocks:
        items.setdefault(_module(block.path), []).extend(defined_names(block.code))
    return items


def _module(path: str) -> str:
    names = module_names([path])
    return names[0] if names else ""


def _parse_problem(data: bytes, exc: Exception, line: int) -> Finding:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        return finding(line, "E102", f"byte 0x{data[bad.start]:02x} at column {bad.start + 1} is not UTF-8")
    message = getattr(exc, "msg", None) or str(exc)
    pos = getattr(exc, "pos", None)
    where = f" at column {pos + 1}" if isinstance(pos, int) else ""
    return finding(line, "E101", f"{printable(message, 120)}{where}")


def _no_final_newline(line: int) -> Finding:
    return finding(line, "W108", "the last line has no newline")


def _hashes(user: str | None, assistant: str | None, think: str | None) -> tuple[Any, ...] | None:
    """64-bit hashes of the record, its request and its think block (None: nothing to compare)."""
    if user is None or assistant is None:
        return None
    return hash((user, assistant)), hash(user), hash(think) if think else None


class _Seen:
    """Records, requests and think blocks of the earlier lines, as 64-bit hashes (flat memory).

    The one place repeats are found: `validate` over a file, and `write` against the corpus
    (`corpus_repeats`)."""

    def __init__(self) -> None:
        self.records: dict[int, int] = {}
        self.prompts: dict[int, int] = {}
        self.thinks: dict[int, int] = {}

    def check(self, hashes: tuple[Any, ...], line: int, found: list[Finding]) -> None:
        """E240, W241, W242 against the earlier lines of the file."""
        record, prompt, think = hashes
        first = self.records.setdefault(record, line)
        if first != line:
            found.append(finding(line, "E240", f"the same record as line {first}"))
            return
        found.extend(self.repeats(prompt, think, line))

    def repeats(self, prompt: int | None, think: int | None, line: int, where: str = "") -> list[Finding]:
        """W241 and W242: this request and think block (hashes; None: none) against the earlier
        lines; both are remembered as of `line` when new."""
        found = []
        if prompt is not None:
            first = self.prompts.setdefault(prompt, line)
            if first != line:
                found.append(finding(line, "W241", f"the same request as line {first}{where}", USER_PATH))
        if think is not None:
            first = self.thinks.setdefault(think, line)
            if first != line:
                found.append(
                    finding(line, "W242", f"the same think block as line {first}{where}", ASSISTANT_PATH)
                )
        return found


def _system_difference(found: str, expected: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(found, expected)) if a != b), min(len(found), len(expected)))
    return (
        f"the system message differs from prompts/system.txt at character {at + 1}: "
        f"`{printable(found[max(0, at - 10) : at + 30], 60)}` instead of "
        f"`{printable(expected[max(0, at - 10) : at + 30], 60)}`"
    )


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


# files --------------------------------------------------------------------------------------


def open_corpus(path: Path) -> Any:
    """The file opened for reading in binary, or a UsageError naming why not (exit 2)."""
    if path.is_dir():
        raise UsageError(f"{path}: a directory; pass a JSONL file")
    from ..files import open_regular

    handle = open_regular(path, "a JSONL file")
    if handle is None:
        raise UsageError(f"{path}: no such file; pass an existing JSONL file")
    return handle


def check_files(paths: list[Path]) -> None:
    """A UsageError (exit 2) for the first file that is missing or cannot be read."""
    for path in paths:
        open_corpus(path).close()


def validate_file(path: Path, validator: Validator, summary: Summary) -> Iterator[Finding]:
    """Every finding of one file, streamed in line order; `summary` is complete once the
    iterator ends."""
    with open_corpus(path) as stream:
        try:
            yield from validator.stream(read_lines(stream), summary)
        except OSError as exc:
            raise UsageError(f"{path}: read failed: {exc.strerror}") from None


def validate_files(paths: list[Path], validator: Validator) -> Iterator[tuple[str, Finding | Summary]]:
    """(file, finding) for each problem, then (file, summary) when each file is done.

    Every file is opened first, so a missing one is a usage error before any output.
    """
    check_files(paths)
    for path in paths:
        summary = Summary(str(path))
        for problem in validate_file(path, validator, summary):
            yield summary.file, problem
        yield summary.file, summary


@dataclass(frozen=True)
class RecordCheck:
    """One record checked: its findings, and the claims of its texts as judged."""

    findings: list[Finding]
    verdicts: tuple[Verdict, ...]


def check_record(
    record: dict[str, Any],
    *,
    line: int,
    checkout: Checkout | None,
    catalog: Catalog | None,
    strict: bool = False,
) -> RecordCheck:
    """The checks `validate` runs on one line, for a record not yet written (used by `write`)."""
    validator = Validator.for_catalog(catalog, checkout=checkout, strict=strict)
    found = validator.record(record, line)
    return RecordCheck(
        [problem.strict() for problem in found] if strict else found, tuple(validator.verdicts)
    )


def validate_record(
    record: dict[str, Any],
    *,
    line: int,
    checkout: Checkout | None,
    catalog: Catalog | None,
    strict: bool = False,
) -> list[Finding]:
    """The findings of `check_record`."""
    return check_record(record, line=line, checkout=checkout, catalog=catalog, strict=strict).findings


def corpus_repeats(
    lines: Iterator[Any], record: dict[str, Any], line: int, skip: int | None
) -> list[Finding]:
    """W241 and W242 for a record about to be written: its request or think block already on a
    line of the corpus (`skip`, the line a revision replaces, aside), found through the hashes
    `validate` uses. E240 is the caller's: it knows the line hashes."""
    import orjson

    _, user, assistant = _contents(record)
    if user is None:
        return []
    seen = _Seen()
    for current in lines:  # a corpus is tens of records: each line is parsed
        data = current.data
        if current.number == skip or not data or len(data) > MAX_LINE:
            continue
        try:
            other = orjson.loads(data)
        except orjson.JSONDecodeError:
            continue
        if type(other) is not dict:
            continue
        _, other_user, other_assistant = _contents(other)
        prompt = hash(other_user) if other_user is not None else None
        seen.repeats(prompt, _think_hash(other_assistant), current.number)
    return seen.repeats(hash(user), _think_hash(assistant), line, " of the corpus")


def _think_hash(assistant: str | None) -> int | None:
    think = parse_assistant(assistant).think if assistant is not None else None
    return hash(think) if think else None
