"""The record: assembled from the operator's texts and the spans, parsed back, read line by line.

One record is one JSONL line in ChatML form (DESIGN.md, "The record"):
`{"type":"chatml","messages":[system, user, assistant]}` where the assistant content is
`<think>\\n…\\n</think>\\n\\n` followed by the fenced spans. `assemble` and `dumps` build it
for `write`; `parse_assistant` and `iter_lines` take it apart again for `validate`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .findings import Finding, finding, printable

if TYPE_CHECKING:
    from .source import Span

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"
ASSISTANT_PATH = "$.messages[2].content"
USER_PATH = "$.messages[1].content"

# A line this long is not a record (real ones are ~10 KB, a 8k-token budget is ~30 KB):
# it is reported by its size and skipped in chunks, never held whole.
MAX_LINE_BYTES = 16 * 1024 * 1024

_OPENER = re.compile(r"(`{3,})([^`]*)\Z")
_HEADER = re.compile(r"// File: (\S(?:.*\S)?) \(lines (\d+)-(\d+)\)\Z")
_FENCE_START = re.compile(r"^`{3,}", re.MULTILINE)


def system_message(workspace: Path | None) -> str:
    """The system message: the workspace's prompts/system.txt, else the packaged copy.

    A final line end is not part of the message (editors add one on save).
    """
    if workspace is not None:
        candidate = workspace / "prompts" / "system.txt"
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8").rstrip("\r\n")
    from importlib.resources import files

    packaged = files("svix_flows") / "prompts" / "system.txt"
    return packaged.read_text(encoding="utf-8").rstrip("\r\n")


def assemble(system: str, prompt: str, think: str, spans: list[Span]) -> dict:
    """The record dict, keys in the order of DESIGN.md; the code is the spans rendered."""
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


def dumps(record: dict) -> bytes:
    """One JSONL line: compact JSON, UTF-8, keys kept in their order, ending in a newline."""
    import orjson

    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


@dataclass(frozen=True)
class CodeBlock:
    """One fenced span of an answer: its fence, the header's path and lines, and the code."""

    fence: str
    path: str
    start: int
    end: int
    code: str

    @property
    def line_count(self) -> int:
        return self.code.count("\n") + 1


@dataclass(frozen=True)
class Answer:
    """An assistant content taken apart: the think text (None when absent), blocks, problems."""

    think: str | None
    blocks: tuple[CodeBlock, ...]
    findings: tuple[Finding, ...]


def parse_assistant(content: str, *, line: int = 0) -> Answer:
    """The think block and the code blocks of an answer; problems become findings, never raise."""
    found: list[Finding] = []
    think, rest = _split_think(content, line, found)
    blocks = _parse_code(rest, line, found) if rest is not None else []
    return Answer(think, tuple(blocks), tuple(found))


def _split_think(content: str, line: int, found: list[Finding]) -> tuple[str | None, str | None]:
    """(think text, the text after `</think>`); the answer's code is all of it when no think."""
    opens = content.count(THINK_OPEN)
    if opens == 0:
        found.append(finding(line, "E210", "the answer has no <think> block", ASSISTANT_PATH))
        return None, content
    if opens > 1 or content.count(THINK_CLOSE) > 1:
        found.append(
            finding(line, "E213", f"the answer has {max(opens, content.count(THINK_CLOSE))} "
                    "think blocks; keep one", ASSISTANT_PATH)
        )
    start = content.find(THINK_OPEN)
    if start != 0:
        before = content[:start].strip()
        what = f"`{printable(before, 40)}`" if before else "blank space"
        found.append(
            finding(line, "E212", f"{what} comes before <think>; the answer must begin with it",
                    ASSISTANT_PATH)
        )
    close = content.find(THINK_CLOSE, start)
    if close < 0:
        found.append(finding(line, "E215", "<think> is never closed by </think>", ASSISTANT_PATH))
        return content[start + len(THINK_OPEN):], None
    think = content[start + len(THINK_OPEN):close]
    if not think.strip():
        found.append(finding(line, "E211", "the think block is empty", ASSISTANT_PATH))
    return think.strip("\n"), content[close + len(THINK_CLOSE):]


def _parse_code(text: str, line: int, found: list[Finding]) -> list[CodeBlock]:
    """Fenced blocks, scanned with string searches (the hot path of `validate`)."""
    blocks: list[CodeBlock] = []
    pos, size = 0, len(text)
    stray_reported = False
    number = 0
    while True:
        while pos < size and text[pos] in "\n \t":
            pos += 1
        if pos >= size:
            break
        eol = text.find("\n", pos)
        eol = size if eol < 0 else eol
        opener = _OPENER.match(text, pos, eol)
        if opener is None:
            # a second think block is E213 already; do not report it twice
            if not stray_reported and not text.startswith(("<think>", "</think>"), pos):
                stray_reported = True
                found.append(
                    finding(line, "E224", f"text outside the code blocks: "
                            f"`{printable(text[pos:eol], 60)}`", ASSISTANT_PATH)
                )
            nxt = _FENCE_START.search(text, eol)
            if nxt is None:
                break
            pos = nxt.start()
            continue
        number += 1
        fence, info = opener.group(1), opener.group(2).strip()
        if info != "rust":
            found.append(
                finding(line, "E220", f"block {number}: fence says `{printable(info, 30)}`, "
                        "expected ```rust", ASSISTANT_PATH)
            )
        close = _closing_fence(text, fence, eol)
        if close < 0:
            found.append(
                finding(line, "E220", f"block {number}: the {fence} fence is never closed",
                        ASSISTANT_PATH)
            )
            break
        # close is the newline ending the block's last line; the header is the first line
        header_end = text.find("\n", eol + 1, close + 1) if close > eol else -1
        if close == eol:
            header, code = "", None
        elif header_end == close:
            header, code = text[eol + 1:close], None
        else:
            header, code = text[eol + 1:header_end], text[header_end + 1:close]
        block = _block(number, fence, header, code, line, found)
        if block is not None:
            blocks.append(block)
        after = text.find("\n", close + 1)
        pos = size if after < 0 else after
    if not blocks and not found:
        found.append(finding(line, "E223", "the answer has no code block after the think block",
                             ASSISTANT_PATH))
    return blocks


def _closing_fence(text: str, fence: str, after: int) -> int:
    """Index of the newline before the closing fence line, or -1.

    CommonMark: a line of at least as many backticks as the opener, then only spaces.
    """
    needle = "\n" + fence
    at = text.find(needle, after)
    while at >= 0:
        end = text.find("\n", at + 1)
        end = len(text) if end < 0 else end
        if text[at + 1:end].rstrip(" \t").strip("`") == "":
            return at
        at = text.find(needle, at + 1)
    return -1


def _block(number: int, fence: str, header: str, code: str | None, line: int,
           found: list[Finding]) -> CodeBlock | None:
    """The block, or None when its header cannot be read; `code` None: no line under the header."""
    match = _HEADER.match(header)
    if match is None:
        found.append(
            finding(line, "E221", f"block {number}: `{printable(header, 80)}` is not "
                    "`// File: <path> (lines A-B)`", ASSISTANT_PATH)
        )
        return None
    path, start, end = match.group(1), int(match.group(2)), int(match.group(3))
    if code is None:
        found.append(
            finding(line, "E222", f"block {number} ({printable(path)}): no code under the header",
                    ASSISTANT_PATH)
        )
        return None
    block = CodeBlock(fence, path, start, end, code)
    if start < 1 or end < start:
        found.append(
            finding(line, "E222", f"block {number} ({printable(path)}): lines {start}-{end} "
                    "is not a range", ASSISTANT_PATH)
        )
        return None
    if block.line_count != end - start + 1:
        found.append(
            finding(line, "E222", f"block {number} ({printable(path)}): the header says lines "
                    f"{start}-{end} ({end - start + 1} lines) but the block holds "
                    f"{block.line_count}", ASSISTANT_PATH)
        )
    return block


@dataclass(frozen=True)
class Line:
    """One line of a JSONL file: its number, its bytes (None when over the limit) and size."""

    number: int
    data: bytes | None
    size: int
    ended: bool


def iter_lines(stream: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[Line]:
    """The lines of a binary stream, one at a time; a line over `limit` is skipped in chunks."""
    number = 0
    readline = stream.readline
    while True:
        data = readline(limit + 1)
        if not data:
            return
        number += 1
        if len(data) <= limit or data.endswith(b"\n"):
            yield Line(number, data, len(data), data.endswith(b"\n"))
            continue
        size = len(data)
        del data
        ended = False
        while True:
            chunk = readline(limit)
            size += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                ended = bool(chunk)
                break
        yield Line(number, None, size, ended)


def module_names(paths: Iterable[str]) -> list[str]:
    """The modules of a flow's files: each file's stem, or its folder for mod.rs/lib.rs/main.rs."""
    names: list[str] = []
    for path in paths:
        parts = path.rsplit("/", 2)
        stem = parts[-1].rsplit(".", 1)[0]
        if stem in ("mod", "lib", "main") and len(parts) > 1:
            stem = parts[-2]
        if stem not in names and stem not in ("mod", "lib", "main", "src"):
            names.append(stem)
    return names
