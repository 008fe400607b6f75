"""The record: assembled from the operator's texts and the spans, parsed back, read line by line.

One record is one JSONL line in ChatML form (docs/record-format.md, "The record"):
`{"type":"chatml","messages":[system, user, assistant]}` where the assistant content is
`<think>\\n…\\n</think>\\n\\n` followed by the fenced spans. `assemble` and `dumps` build it
for `write`; `parse_assistant` takes it apart again for `validate`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..resources import prompt_text
from .findings import Finding, finding, printable

if TYPE_CHECKING:
    from ..rust.checkout import Span

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"
ASSISTANT_PATH = "$.messages[2].content"
USER_PATH = "$.messages[1].content"

# A line this long is not a record (real ones are ~10 KB, a 8k-token budget is ~30 KB):
# it is reported by its size and skipped in chunks, never held whole.

_OPENER = re.compile(r"(`{3,})([^`]*)\Z")
_FENCE_START = re.compile(r"^`{3,}", re.MULTILINE)
# only the bounded start of a block is a pattern; its header line is read by `parse_header`
_BLOCK_START = re.compile(r"[\n \t\r]*(`{3,})rust\n")
_FILE = "// File: "
MAX_LINE_DIGITS = 18  # a line number longer than this names no line of any file
_LINES = " (lines "
_IN = ", in "


class Header(NamedTuple):
    """A span header taken apart; `start` and `end` are the digits as written."""

    path: str
    start: str
    end: str
    context: str


class BlockHead(NamedTuple):
    """The start of a block as `render.code_block` writes it: its fence, header, and where
    its code begins."""

    fence: str
    header: Header
    body: int


def _bare(text: str, start: int, end: int) -> bool:
    """`text[start:end]` is non-empty and neither its first nor its last character is
    whitespace (the `\\S(?:.*\\S)?` of before, without its backtracking), looked at in place."""
    return start < end and not text[start].isspace() and not text[end - 1].isspace()


def _digits_at(text: str, at: int) -> int:
    """The end of the run of decimal digits starting at `at` (`at` itself when there is none)."""
    size = len(text)
    while at < size and text[at].isdecimal():
        at += 1
    return at


def parse_header(header: str) -> Header | None:
    """`// File: <path> (lines A-B)[, in <context>]` taken apart, or None.

    The language of the pattern `// File: (\\S(?:.*\\S)?) \\(lines (\\d+)-(\\d+)\\)(?:, in
    (\\S(?:.*\\S)?))?\\Z` (a path or context with spaces inside, no line end), with its greedy
    choice (the last ` (lines ` that reads as a whole header ends the path), in linear time:
    that pattern backtracked over every ` (lines ` of a crafted header, quadratic in its length.
    Each candidate costs its own digits and O(1) more (nothing is copied before the answer),
    and candidates never share digits.
    """
    if not header.startswith(_FILE):
        return None
    first_newline = header.find("\n")
    last_newline = header.rfind("\n")
    stop = len(header)
    while True:
        at = header.rfind(_LINES, len(_FILE), stop)
        if at < 0:
            return None
        stop = at + len(_LINES) - 1  # the next candidate ends before this one's `(`
        if not _bare(header, len(_FILE), at) or 0 <= first_newline < at:
            continue
        low = at + len(_LINES)
        dash = _digits_at(header, low)
        if dash == low or not header.startswith("-", dash):
            continue
        close = _digits_at(header, dash + 1)
        if close == dash + 1 or not header.startswith(")", close):
            continue
        rest = close + 1
        if rest != len(header):
            if not header.startswith(_IN, rest) or last_newline >= rest:
                continue
            if not _bare(header, rest + len(_IN), len(header)):
                continue
        context = header[rest + len(_IN) :] if rest != len(header) else ""
        return Header(header[len(_FILE) : at], header[low:dash], header[dash + 1 : close], context)


def block_head(text: str, pos: int) -> BlockHead | None:
    """The block starting at `pos` (after blank characters) when it opens as `write` makes it:
    a ```` ```rust ```` fence line, then a header line that `parse_header` reads."""
    opened = _BLOCK_START.match(text, pos)
    if opened is None:
        return None
    start = opened.end()
    end = text.find("\n", start)
    if end < 0:
        return None
    header = parse_header(text[start:end])
    if header is None:
        return None
    return BlockHead(opened.group(1), header, end + 1)


def system_message(workspace: Path | None) -> str:
    """The system message: the workspace's prompts/system.txt, else the packaged copy.

    A final line end is not part of the message (editors add one on save).
    """
    return prompt_text("system.txt", workspace).rstrip("\r\n")


def assemble(system: str, prompt: str, think: str, spans: list[Span]) -> dict[str, Any]:
    """The record dict, keys in the order of docs/record-format.md; the code is the spans rendered."""
    from .render import code_section

    answer = f"{THINK_OPEN}\n{think.strip(chr(10))}\n{THINK_CLOSE}\n\n{code_section(spans)}"
    return {
        "type": "chatml",
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": prompt},
            {"role": "assistant", "content": answer},
        ],
    }


def dumps(record: dict[str, Any]) -> bytes:
    """One JSONL line: compact JSON, UTF-8, keys kept in their order, ending in a newline."""
    import orjson

    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


class CodeBlock(NamedTuple):
    """One fenced span of an answer: its fence, the header's path, lines and context, the code."""

    fence: str
    path: str
    start: int
    end: int
    code: str
    context: str = ""  # what follows `, in ` in the header: the enclosing impl, trait or module

    @property
    def line_count(self) -> int:
        return self.code.count("\n") + 1


class Answer(NamedTuple):
    """An assistant content taken apart: the think text (None when absent), blocks, problems."""

    think: str | None
    blocks: tuple[CodeBlock, ...]
    findings: tuple[Finding, ...]


def parse_assistant(content: str, *, line: int = 0) -> Answer:
    """The think block and the code blocks of an answer; problems become findings, never raise."""
    found: list[Finding] = []
    think, code_at = _split_think(content, line, found)
    blocks = _parse_code(content, code_at, line, found) if code_at >= 0 else []
    return Answer(think, tuple(blocks), tuple(found))


def _split_think(content: str, line: int, found: list[Finding]) -> tuple[str | None, int]:
    """(think text, where the code part begins or -1); the code is all of it when no think.

    Only the think block itself is searched: a second block after it is a stray line of the
    code part, which `_parse_code` reports (the hot path never scans the whole answer twice).
    """
    start = 0 if content.startswith(THINK_OPEN) else content.find(THINK_OPEN)
    if start < 0:
        found.append(finding(line, "E210", "the answer has no <think> block", ASSISTANT_PATH))
        return None, 0
    if start != 0:
        before = content[:start].strip()
        what = f"`{printable(before, 40)}`" if before else "blank space"
        found.append(
            finding(
                line, "E212", f"{what} comes before <think>; the answer must begin with it", ASSISTANT_PATH
            )
        )
    close = content.find(THINK_CLOSE, start)
    if close < 0:
        found.append(finding(line, "E215", "<think> is never closed by </think>", ASSISTANT_PATH))
        return content[start + len(THINK_OPEN) :], -1
    think = content[start + len(THINK_OPEN) : close]
    if "<" in think and THINK_OPEN in think:  # memchr first: most think blocks hold no "<"
        found.append(_doubled(line))
    if not think or think.isspace():
        found.append(finding(line, "E211", "the think block is empty", ASSISTANT_PATH))
    return think.strip("\n"), close + len(THINK_CLOSE)


def _doubled(line: int) -> Finding:
    return finding(line, "E213", "a second think block; keep exactly one, first", ASSISTANT_PATH)


def _parse_code(text: str, pos: int, line: int, found: list[Finding]) -> list[CodeBlock]:
    """Fenced blocks of `text` from `pos`, scanned with string searches (the hot path)."""
    blocks: list[CodeBlock] = []
    size = len(text)
    stray = False  # text outside the blocks is reported once, at its first line
    number = 0  # blocks seen, read or not: the findings name them by it
    while pos >= 0:
        exact = _exact_block(text, pos)
        if exact is not None:
            number += 1
            blocks.append(exact[0])
            pos = text.find("\n", exact[1] + 1)
            continue
        while pos < size and text[pos] in "\n \t\r":
            pos += 1
        if pos >= size:
            break
        eol = text.find("\n", pos)
        if eol < 0:
            eol = size
        opened = _opening(text, pos, eol)
        if opened is None:
            if not stray:
                stray = True
                found.append(_stray(text, pos, eol, line))
            following = _FENCE_START.search(text, eol)
            pos = following.start() if following is not None else -1
            continue
        number += 1
        block, pos = _fenced_block(text, number, opened, eol, line, found)
        if block is not None:
            blocks.append(block)
    if not blocks and not found:
        found.append(
            finding(line, "E223", "the answer has no code block after the think block", ASSISTANT_PATH)
        )
    return blocks


def _exact_block(text: str, pos: int) -> tuple[CodeBlock, int] | None:
    """The block at `pos` and the newline before its closing fence, when it is exactly as
    render.code_block writes it: read by one regex match (the fast path). Anything else is
    None, and read again line by line to say what is wrong."""
    head = block_head(text, pos)
    if head is None:
        return None
    fence, (path, first, last, context), body = head
    close = _closing_fence(text, fence, body - 1)
    if close < body or len(first) > MAX_LINE_DIGITS or len(last) > MAX_LINE_DIGITS:
        return None
    start, end = int(first), int(last)
    code = text[body:close]
    if not (0 < start <= end and code.count("\n") == end - start):
        return None
    return CodeBlock(fence, path, start, end, code, context or ""), close


def _opening(text: str, pos: int, eol: int) -> tuple[str, str] | None:
    """(fence, info string) of the fence line at `pos`, or None when the line opens no block."""
    if text.startswith("```rust\n", pos):
        return "```", "rust"
    opener = _OPENER.match(text, pos, eol)
    if opener is None:
        return None
    return opener.group(1), opener.group(2).strip()


def _stray(text: str, pos: int, eol: int, line: int) -> Finding:
    """The finding for the first line outside the code blocks: a second think block's tag is
    E213, any other text E224."""
    if text.startswith((THINK_OPEN, THINK_CLOSE), pos):
        return _doubled(line)
    return finding(
        line, "E224", f"text outside the code blocks: `{printable(text[pos:eol], 60)}`", ASSISTANT_PATH
    )


def _fenced_block(
    text: str, number: int, opened: tuple[str, str], eol: int, line: int, found: list[Finding]
) -> tuple[CodeBlock | None, int]:
    """Block `number`, opened by the fence line ending at `eol`, read line by line: the block
    (None when it cannot be read) and where the scan goes on (-1: at the end)."""
    fence, info = opened
    if info != "rust":
        found.append(
            finding(
                line,
                "E220",
                f"block {number}: fence says `{printable(info, 30)}`, expected ```rust",
                ASSISTANT_PATH,
            )
        )
    close = _closing_fence(text, fence, eol)
    if close < 0:
        found.append(
            finding(line, "E220", f"block {number}: the {fence} fence is never closed", ASSISTANT_PATH)
        )
        return None, -1
    header, code = _header_and_code(text, eol, close)
    return _block(number, fence, header, code, line, found), text.find("\n", close + 1)


def _header_and_code(text: str, eol: int, close: int) -> tuple[str, str | None]:
    """The header line and the code of a block whose fence line ends at `eol` and whose last
    line ends at `close`; the code is None when no line follows the header."""
    if close == eol:
        return "", None
    header_end = text.find("\n", eol + 1, close + 1)
    if header_end == close:
        return text[eol + 1 : close], None
    return text[eol + 1 : header_end], text[header_end + 1 : close]


def _closing_fence(text: str, fence: str, after: int) -> int:
    """Index of the newline before the closing fence line, or -1.

    CommonMark: a line of at least as many backticks as the opener, then only spaces.
    One C-level search for a line starting with the fence (doc comments in Rust are full of
    backticks, so hopping from backtick to backtick costs more).
    """
    find, size, width = text.find, len(text), len(fence)
    needle = "\n" + fence
    at = find(needle, after)
    while at >= 0:
        end = at + 1 + width
        if end == size or text[end] == "\n":
            return at
        line_end = find("\n", end)
        line_end = size if line_end < 0 else line_end
        if text[end:line_end].rstrip(" \t").strip("`") == "":
            return at
        at = find(needle, line_end)
    return -1


def _block(
    number: int, fence: str, header: str, code: str | None, line: int, found: list[Finding]
) -> CodeBlock | None:
    """The block, or None when its header cannot be read; `code` None: no line under the header."""
    parts = parse_header(header)
    if parts is None:
        found.append(
            finding(
                line,
                "E221",
                f"block {number}: `{printable(header, 80)}` is not "
                "`// File: <path> (lines A-B)` or `// File: <path> (lines A-B), in <impl …>`",
                ASSISTANT_PATH,
            )
        )
        return None
    path, context = parts.path, parts.context
    if len(parts.start) > MAX_LINE_DIGITS or len(parts.end) > MAX_LINE_DIGITS:
        # no file has such a line, and int() of over 4,300 digits is a ValueError
        found.append(
            finding(
                line,
                "E222",
                f"block {number} ({printable(path)}): lines {printable(parts.start, 12)}-"
                f"{printable(parts.end, 12)} is not a range (a line number of "
                f"{max(len(parts.start), len(parts.end)):,} digits)",
                ASSISTANT_PATH,
            )
        )
        return None
    start, end = int(parts.start), int(parts.end)
    if code is None:
        found.append(
            finding(
                line, "E222", f"block {number} ({printable(path)}): no code under the header", ASSISTANT_PATH
            )
        )
        return None
    block = CodeBlock(fence, path, start, end, code, context)
    if start < 1 or end < start:
        found.append(
            finding(
                line,
                "E222",
                f"block {number} ({printable(path)}): lines {start}-{end} is not a range",
                ASSISTANT_PATH,
            )
        )
        return None
    if block.line_count != end - start + 1:
        found.append(
            finding(
                line,
                "E222",
                f"block {number} ({printable(path)}): the header says lines "
                f"{start}-{end} ({end - start + 1} lines) but the block holds "
                f"{block.line_count}",
                ASSISTANT_PATH,
            )
        )
    return block


def module_names(paths: Iterable[str]) -> list[str]:
    """The modules of a flow's files: each file's stem, or its folder for mod.rs/lib.rs/main.rs."""
    names: list[str] = []
    for path in paths:
        stem = _MODULES.get(path)
        if stem is None:
            if len(_MODULES) > 4096:  # a hostile file of endless paths must not grow memory
                _MODULES.clear()
            stem = _MODULES[path] = _module_of(path)
        if stem and stem not in names:
            names.append(stem)
    return names


_MODULES: dict[str, str] = {}  # a corpus names the same few files again and again


def _module_of(path: str) -> str:
    parts = path.rsplit("/", 2)
    stem = parts[-1].rsplit(".", 1)[0]
    if stem in ("mod", "lib", "main") and len(parts) > 1:
        stem = parts[-2]
    return "" if stem in ("mod", "lib", "main", "src") else stem
