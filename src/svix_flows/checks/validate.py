"""`validate`: every check of docs/validate.md on every line of a corpus, in one streaming pass.

Each line is read as bytes, parsed by orjson and checked as a record: its shape (`shape`), its
texts (`lints`, `prose/`), its code against the checkout (`source`), its claims (`claims`), and
against the earlier lines (`repeats`). Nothing here prints: findings are yielded, the CLI renders.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..catalog import DEFAULT_MAX_TOKENS
from ..errors import UsageError
from ..files import MAX_LINE, Line, read_lines
from ..records.findings import ERROR, NOTE, Finding, finding, printable
from ..records.record import (
    ASSISTANT_PATH,
    USER_PATH,
    Answer,
    CodeBlock,
    module_names,
    parse_assistant,
    system_message,
)
from .lints import prompt_lints, think_lints, token_lint
from .repeats import Hashes, Seen, corpus_repeats, hashes
from .shape import contents, duplicate_keys, json_type, parse_problem, schema_findings, well_formed

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..rust.checkout import Checkout
    from .claims import Judge, Verdict
    from .line_results import LineResults
    from .prose.resolution import Grounding
    from .prose.tokens import Scanner
    from .source import SourceComparer

__all__ = ["RecordCheck", "Summary", "Validator", "check_record", "corpus_repeats", "validate_files"]

_BOM = b"\xef\xbb\xbf"
# Template placeholders (prompts/draft_template.md) and the seed brief's own brackets.
_UNFILLED = re.compile(
    r"^[ \t]*<!--|TODO: write|\[EXPERT REASONING\]|\[IMAGINED USER REQUEST\]", re.MULTILINE
)
# a name, module, file or member not in the crate
NAME_CODES = frozenset({"E320", "E321", "E322", "E323"})


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


def _unfilled_finding(text: str, line: int, code: str, what: str, path: str) -> list[Finding]:
    """E204 or E214: template text left in the request or the think block."""
    unfilled = _unfilled(text)
    if unfilled is None:
        return []
    return [finding(line, code, f"the {what} still holds template text `{printable(unfilled, 60)}`", path)]


@dataclass(frozen=True)
class Texts:
    """The texts of one record that later checks compare: None where the record has none."""

    user: str | None
    assistant: str | None
    think: str | None


@dataclass(frozen=True)
class LineEvent:
    """One line checked: the line, its findings, its hashes for the repeats (None: nothing to
    compare) and whether it is a record (a blank line is not)."""

    line: Line
    findings: list[Finding]
    hashes: Hashes | None = None
    is_record: bool = True


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
        self._scanner: Scanner | None = None
        self.verdicts: list[Verdict] = []  # the claims of the last record checked, judged
        self.texts = Texts(None, None, None)  # the texts of the last record checked
        self._grounding: Grounding | None = None
        self._judge: Judge | None = None
        self._source: SourceComparer | None = None

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

    @property
    def source(self) -> SourceComparer | None:
        """The checkout's files for the code comparisons, or None without a checkout."""
        if self._source is None and self.checkout is not None:
            from .source import SourceComparer

            self._source = SourceComparer(self.checkout)
        return self._source

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

    def record(self, record: object, line: int) -> list[Finding]:
        """Every check of one parsed record that needs no other line."""
        found: list[Finding] = []
        self._record(record, line, found)
        return found

    def _record(self, record: object, line: int, found: list[Finding]) -> Texts | None:
        """The checks of `record`, into `found`; its texts for the repeats."""
        self.texts = Texts(None, None, None)
        if type(record) is not dict:
            found.append(finding(line, "E106", f"the line is {json_type(record)}, not an object"))
            return None
        if well_formed(record):
            messages = record["messages"]
            system, user, assistant = (message["content"] for message in messages)
        else:
            found.extend(schema_findings(record, line))
            system, user, assistant = contents(record)
        if system is not None and system != self.system:
            found.append(
                finding(line, "E203", _system_difference(system, self.system), "$.messages[0].content")
            )
        if user is not None:
            found.extend(_unfilled_finding(user, line, "E204", "request", USER_PATH))
            from .prose.hygiene import hygiene

            found.extend(hygiene(user, USER_PATH, line, "request"))
            found.extend(prompt_lints(user, line))
        think = self._answer(assistant, user, line, found) if assistant is not None else None
        texts = tuple(text for text in (system, user, assistant) if text is not None)
        found.extend(token_lint(texts, self.max_tokens, line))
        self.texts = Texts(user, assistant, think)
        return self.texts

    def _answer(self, content: str, user: str | None, line: int, found: list[Finding]) -> str | None:
        answer = parse_assistant(content, line=line)
        found.extend(answer.findings)
        think = answer.think
        if think is not None and think.strip():
            found.extend(_think_checks(think, answer, line, self.scanner))
        source = self.source
        if source is not None:
            for number, block in enumerate(answer.blocks, 1):
                problem = source.compare(block, number, line)
                if problem is not None:
                    found.append(problem)
            code = "\n".join(block.code for block in answer.blocks)
            self._ground(user, think, code, module_names(b.path for b in answer.blocks), line, found)
            self._claims(user, think, answer.blocks, line, found)
        return think

    @property
    def scanner(self) -> Scanner:
        """The names of the texts, read once per run (made on first use: a run whose lines all
        come back from the last run checks no text)."""
        if self._scanner is None:
            from .prose.tokens import Scanner

            self._scanner = Scanner()
        return self._scanner

    def _claims(
        self,
        user: str | None,
        think: str | None,
        blocks: Sequence[CodeBlock],
        line: int,
        found: list[Finding],
    ) -> None:
        """W330-W334 for each contradicted claim of the texts (N330 for a supported one, with notes)."""
        from .claims import functions_of_blocks

        self.verdicts = []
        judge = self.judge
        if judge is None or self.checkout is None or not (user or think):
            return
        own = functions_of_blocks(
            judge.facts, [(b.path, b.start, b.end) for b in blocks], self.checkout.crate_root
        )
        said: set[tuple[str, str, str]] = set()  # (one contradiction read twice is said once)
        for text, path in ((user, USER_PATH), (think, ASSISTANT_PATH)):
            for verdict in judge.judge(text, own) if text else ():
                self.verdicts.append(verdict)
                for problem in _verdict_findings(verdict, line, path, notes=self.notes):
                    if (problem.code, problem.message, path) not in said:
                        said.add((problem.code, problem.message, path))
                        found.append(problem)

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
        facts = self.judge.facts if self.judge is not None else None
        found.extend(
            ground(
                texts,
                code,
                grounding,
                line,
                modules,
                notes=self.notes,
                field_type=facts.field_type if facts is not None else None,
                fields_of=facts.fields_of if facts is not None else None,
                variants_of=facts.variants_of if facts is not None else None,
                asked=USER_PATH,
            )
        )

    def names(self, found: Sequence[Finding]) -> int:
        """The code-like names of the last record's request and think block that the name
        checks (`found`, its findings) found real: read by the scanner once for both."""
        texts = (self.texts.user, self.texts.think)
        named = sum(len(self.scanner.mentions(text)) for text in texts if text)
        return max(0, named - sum(1 for problem in found if problem.code in NAME_CODES))

    # a whole stream ---------------------------------------------------------------------

    def stream(
        self, lines: Iterator[Line], summary: Summary, results: LineResults | None = None
    ) -> Iterator[Finding]:
        """Every finding of every line, in line order; `summary` is filled as lines go by.
        With `results`, a line checked in an earlier run gets its findings from there."""
        seen = Seen()
        last: Line | None = None
        events = self.check_lines(lines) if results is None else self._remembered(lines, results)
        for event in events:
            last = event.line
            if event.hashes is not None:
                seen.check(event.hashes, last.number, event.findings)
            if event.findings:
                yield from self.tally(event.findings, summary, record=event.is_record)
            else:
                summary.records += 1
                summary.valid += 1
        if last is not None and not last.ended:
            yield from self.tally([_no_final_newline(last.number)], summary, record=False)

    def check_lines(self, lines: Iterator[Line]) -> Iterator[LineEvent]:
        """Each line checked, in order."""
        return map(self.check_line, lines)

    def check_line(self, item: Line) -> LineEvent:
        """One line checked: the problems of its bytes, its JSON and its record."""
        import orjson  # loaded when a line is read, not when the module is

        number = item.number
        found: list[Finding] = []
        data = _line_bytes(item, found)
        if data is None:
            return LineEvent(item, found, is_record=item.raw is None)
        try:
            record = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            found.append(parse_problem(data, exc, number))
            return LineEvent(item, found)
        found.extend(duplicate_keys(data, record, number))
        texts = self._record(record, number, found)
        return LineEvent(item, found, hashes(texts.user, texts.assistant, texts.think) if texts else None)

    def _remembered(self, lines: Iterator[Line], results: LineResults) -> Iterator[LineEvent]:
        """Each line checked, in order: from `results` when kept there, else checked and kept."""
        for item in lines:
            if item.raw is None:
                yield self.check_line(item)
                continue
            key = results.key(item.raw)
            kept = results.get(key, item.number)
            if kept is not None:
                yield LineEvent(item, kept[0], kept[1])
                continue
            event = self.check_line(item)
            results.put(key, event.findings, event.hashes)
            yield event

    def context(self) -> list[str | bytes]:
        """What a line's findings depend on besides its bytes (with the code of the checks)."""
        digest = self.checkout.digest() if self.checkout is not None else b"no checkout"
        return [
            self.system,
            str(self.max_tokens),
            "notes" if self.notes else "",
            "\0".join(sorted(self.flows)),
            self.checkout.crate_root if self.checkout is not None else "",
            digest or b"unlisted",
        ]

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


def _line_bytes(item: Line, found: list[Finding]) -> bytes | None:
    """The JSON text of a line, with the problems of its bytes (E103-E105, E107) into `found`;
    None when there is nothing to parse (a blank line, or one over the limit)."""
    data = item.raw
    if data is None:
        limit = MAX_LINE // 2**20
        found.append(
            finding(
                item.number, "E107", f"the line is {item.size} bytes, over the limit of {limit} MiB; not read"
            )
        )
        return None
    if data.endswith(b"\r\n"):
        found.append(finding(item.number, "E104", "the line ends in CRLF"))
    if data.startswith(_BOM):
        found.append(finding(item.number, "E103", "the line begins with a byte order mark"))
        data = data[3:]
    if data.isspace() or not data:
        found.append(finding(item.number, "E105", "the line is blank"))
        return None
    return data


def _think_checks(think: str, answer: Answer, line: int, scanner: Scanner) -> list[Finding]:
    """The checks of a think block that need no checkout: template text, hidden characters,
    the lints, specificity (W311) and claims of direction (W312)."""
    from .prose.direction import direction
    from .prose.hygiene import hygiene
    from .prose.specificity import specificity

    found = _unfilled_finding(think, line, "E214", "think block", ASSISTANT_PATH)
    found.extend(hygiene(think, ASSISTANT_PATH, line, "think block"))
    blocks = answer.blocks
    modules = module_names([block.path for block in blocks])
    found.extend(think_lints(think, modules, line, lambda: _module_items(blocks)))
    if blocks:
        codes = [block.code for block in blocks]
        found.extend(specificity(think, codes, modules, line, ASSISTANT_PATH, scanner))
        found.extend(direction(think, [(_module(b.path), b.code) for b in blocks], line, ASSISTANT_PATH))
    return found


def _verdict_findings(verdict: Verdict, line: int, path: str, *, notes: bool) -> list[Finding]:
    """A contradicted claim as its W33x warning; a supported one as N330 when notes are asked."""
    from .claims import CODES, State

    claim = verdict.claim
    quoted = f"«{printable(claim.sentence, 100)}»"
    if verdict.state is State.CONTRADICTED:
        return [finding(line, CODES[claim.kind], f"{verdict.message}: {quoted}", path)]
    if verdict.state is State.SUPPORTED and notes:
        return [finding(line, "N330", f"{claim.kind.value} at {verdict.where}: {quoted}", path)]
    return []


def _module_items(blocks: Sequence[CodeBlock]) -> dict[str, list[str]]:
    """Each module of the blocks with the names its blocks define (for W301)."""
    from .prose.specificity import defined_names

    items: dict[str, list[str]] = {}
    for block in blocks:
        items.setdefault(_module(block.path), []).extend(defined_names(block.code))
    return items


def _module(path: str) -> str:
    names = module_names([path])
    return names[0] if names else ""


def _no_final_newline(line: int) -> Finding:
    return finding(line, "W108", "the last line has no newline")


def _system_difference(found: str, expected: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(found, expected)) if a != b), min(len(found), len(expected)))
    return (
        f"the system message differs from prompts/system.txt at character {at + 1}: "
        f"`{printable(found[max(0, at - 10) : at + 30], 60)}` instead of "
        f"`{printable(expected[max(0, at - 10) : at + 30], 60)}`"
    )


# files --------------------------------------------------------------------------------------


def open_corpus(path: Path) -> BinaryIO:
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


def validate_file(
    path: Path, validator: Validator, summary: Summary, results_dir: Path | None = None
) -> Iterator[Finding]:
    """Every finding of one file, streamed in line order; `summary` is complete once the
    iterator ends. With `results_dir`, the lines checked in an earlier run of the same context
    are not checked again (see line_results), and this run's are kept there."""
    results = None
    if results_dir is not None:
        from .line_results import LineResults, context_key

        where = str(path.resolve())
        results = LineResults(results_dir / context_key([*validator.context(), where]))
    with open_corpus(path) as stream:
        try:
            yield from validator.stream(read_lines(stream), summary, results)
        except OSError as exc:
            raise UsageError(f"{path}: read failed: {exc.strerror}") from None
    if results is not None:
        results.save()


def validate_files(
    paths: list[Path], validator: Validator, results_dir: Path | None = None
) -> Iterator[tuple[str, Finding | Summary]]:
    """(file, finding) for each problem, then (file, summary) when each file is done.

    Every file is opened first, so a missing one is a usage error before any output.
    """
    check_files(paths)
    for path in paths:
        summary = Summary(str(path))
        for problem in validate_file(path, validator, summary, results_dir):
            yield summary.file, problem
        yield summary.file, summary


@dataclass(frozen=True)
class RecordCheck:
    """One record checked: its findings, the claims of its texts as judged, and how many
    code-like names of its request and think block the name checks found real."""

    findings: list[Finding]
    verdicts: tuple[Verdict, ...]
    names: int = 0


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
        [problem.strict() for problem in found] if strict else found,
        tuple(validator.verdicts),
        validator.names(found),
    )


def prepare(checkout: Checkout, blocks: Sequence[tuple[str, int, int]]) -> None:
    """Read ahead what checking a record of these code blocks (repository path, first line,
    last line) will need: the crate's names and facts, the check modules, and what the blocks'
    functions reach. `write` runs it while the editor is open, so that the verdict comes as the
    editor closes. A failure here is left to the check itself to report."""
    try:
        from ..rust.facts import facts_of
        from ..rust.names import CrateNames
        from .claims import REACH_DEPTH, functions_of_blocks
        from .prose import direction, resolution, specificity  # noqa: F401 (their patterns compile on import)

        CrateNames.of(checkout)
        facts = facts_of(checkout)
        facts.warm(functions_of_blocks(facts, blocks, checkout.crate_root), REACH_DEPTH)
    except Exception:  # noqa: BLE001 (read ahead only: the check reports what is wrong)
        return


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
