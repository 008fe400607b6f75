"""Draft files: the operator's texts for one record, under `prompts/drafts/<flow>[.<n>].md`.

A draft is Markdown: a header comment naming the flow and the variant (and, once appended, when
it was recorded), the template with the guidelines and the flow's summary, facts and notes as comments, two
places to fill (the request and the think block) and, below the CODE marker, the flow's code for
reference. Parsing keeps the text between the markers with HTML comments removed; the code part
is never read back into a record, it is only compared to say that edits there were ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Flow
from ..errors import DataError
from ..files import is_regular, read_text_file, replace_file
from ..resources import prompt_text

DRAFTS_DIR = "prompts/drafts"
TEMPLATE_NAME = "draft_template.md"
GUIDELINES_NAME = "guidelines.md"

_HEADER = re.compile(
    r"\A<!-- svix-flows draft · flow (?P<flow>[a-z][a-z0-9_]*) · variant (?P<variant>[0-9]{1,18})"
    r"(?: · recorded (?P<recorded>[0-9T:Z+-]+))?(?: · dropped (?P<dropped>[0-9T:Z+-]+))? -->\n"
)
_PROBLEMS_OPEN = "<!-- svix-flows problems "
_REVIEW_OPEN = "<!-- svix-flows review "
_MARKER = re.compile(r"^=== (REQUEST|THINK|CODE)\b[^\n]*$", re.MULTILINE)
_TOKEN = re.compile(r"\{\{(\w+)\}\}")
_NAME = re.compile(r"(?P<flow>[a-z][a-z0-9_]*)(?:\.(?P<variant>[0-9]+))?\.md\Z")


@dataclass(frozen=True)
class DraftFile:
    """A draft on disk: which flow and variant it holds, and where."""

    flow: str
    variant: int
    path: Path


@dataclass(frozen=True)
class Parsed:
    """What a draft says: the two texts, and whether its code part was edited."""

    flow: str
    variant: int
    recorded: str | None
    request: str
    think: str
    code: str


def drafts_dir(workspace: Path) -> Path:
    return workspace / DRAFTS_DIR


def draft_path(workspace: Path, flow: str, variant: int) -> Path:
    name = f"{flow}.md" if variant == 1 else f"{flow}.{variant}.md"
    return drafts_dir(workspace) / name


def list_drafts(workspace: Path, flow: str | None = None) -> list[DraftFile]:
    """The drafts of one flow (or all), by flow then variant."""
    folder = drafts_dir(workspace)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or (flow is not None and match["flow"] != flow) or not path.is_file():
            continue
        variant = int(match["variant"] or 1)
        if variant >= 2 or match["variant"] is None:
            found.append(DraftFile(match["flow"], variant, path))
    return sorted(found, key=lambda d: (d.flow, d.variant))


def _first_line(path: Path) -> bytes:
    """The draft's header line (its first 512 bytes at most); empty for anything but a regular
    file, which is never opened (a FIFO would hang the open, a device never end)."""
    if not is_regular(path):
        return b""
    try:
        with open(path, "rb") as handle:
            return handle.readline(512)
    except OSError:
        return b""


def is_recorded(path: Path) -> bool:
    """Whether the draft's header says it was recorded and not dropped since (first line only)."""
    first = _first_line(path)
    return b" \xc2\xb7 recorded " in first and b" \xc2\xb7 dropped " not in first


def is_dropped(path: Path) -> bool:
    """Whether the draft's record was taken out of the corpus by `drop` (first line only)."""
    return b" \xc2\xb7 dropped " in _first_line(path)


def mark_dropped(path: Path, stamp: str) -> None:
    """Mark the draft's header dropped, the rest kept byte for byte: neither recorded nor pending."""
    text = read(path).replace("\r\n", "\n")
    head = _HEADER.match(text)
    if head is None:
        raise DataError(f"{path}: line 1 is not the svix-flows draft header; cannot mark it dropped")
    recorded = f" · recorded {head['recorded']}" if head["recorded"] else ""
    marked = (
        f"<!-- svix-flows draft · flow {head['flow']} · variant {head['variant']}{recorded}"
        f" · dropped {stamp} -->\n" + text[head.end() :]
    )
    save(path, marked)


def _uncomment(text: str) -> str:
    """Text made safe to sit inside an HTML comment."""
    return text.replace("-->", "-- >").replace("<!--", "< !--")


def _bullets(entries: tuple[str, ...]) -> str:
    """One `  - ` line per entry, wrapped with a hanging indent to fit a comment block."""
    import textwrap

    return "\n".join(
        textwrap.fill(
            entry,
            96,
            initial_indent="  - ",
            subsequent_indent="    ",
            break_on_hyphens=False,
            break_long_words=False,
        )
        for entry in entries
    )


def _fill(template: str, values: dict[str, str]) -> str:
    # one pass, so a value holding `{{x}}` (Rust code may) is never expanded again
    return _TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def header(flow: str, variant: int, recorded: str | None = None) -> str:
    stamp = f" · recorded {recorded}" if recorded else ""
    return f"<!-- svix-flows draft · flow {flow} · variant {variant}{stamp} -->\n"


def render(flow: Flow, variant: int, code: str, workspace: Path | None) -> str:
    """A new draft for the flow, from the template."""
    body = _fill(
        prompt_text(TEMPLATE_NAME, workspace),
        {
            "flow": flow.id,
            "title": _uncomment(flow.title),
            "summary": _uncomment(flow.summary),
            "facts": _uncomment(_bullets(flow.facts)),
            "notes": _uncomment(_bullets(flow.notes) or "  - (none in the catalog)"),
            # a workspace's own older template names only the description
            "description": _uncomment(f"{flow.summary}\n\n{_bullets(flow.facts + flow.notes)}"),
            "files": "\n".join(f"  - {file}" for file in flow.files),
            "guidelines": _uncomment(prompt_text(GUIDELINES_NAME, workspace).strip()),
            "code": code,
        },
    )
    return header(flow.id, variant) + body


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """Where each `<!-- … -->` comment is, by string searches: each opening is closed by the
    first `-->` after it; an opening never closed and what follows are no comment. (A lazy
    regular expression read a draft of many unclosed openings in quadratic time.)"""
    spans = []
    at = text.find("<!--")
    while at >= 0:
        end = text.find("-->", at + 4)
        if end < 0:
            break
        spans.append((at, end + 3))
        at = text.find("<!--", end + 3)
    return spans


def _uncommented(text: str) -> str:
    """`text` without its comments."""
    kept, at = [], 0
    for start, end in _comment_spans(text):
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return "".join(kept)


def _markers(text: str, path: Path) -> dict[str, re.Match[str]]:
    """The REQUEST, THINK and CODE marker lines outside comments, each exactly once, in order."""
    code = next((m for m in _MARKER.finditer(text) if m.group(1) == "CODE"), None)
    limit = code.start() if code else len(text)
    comments = _comment_spans(text[:limit])
    found: dict[str, list[re.Match[str]]] = {"REQUEST": [], "THINK": [], "CODE": [code] if code else []}
    for match in _MARKER.finditer(text, 0, limit):
        if not any(start <= match.start() < end for start, end in comments):
            found[match.group(1)].append(match)
    for name, matches in found.items():
        if len(matches) != 1:
            state = "is missing" if not matches else "appears more than once"
            raise DataError(
                f"{path}: the `=== {name}` marker line {state}; restore the draft's three marker "
                "lines (=== REQUEST, === THINK, === CODE), each once and in that order"
            )
    ordered = [found[name][0] for name in ("REQUEST", "THINK", "CODE")]
    if not (ordered[0].start() < ordered[1].start() < ordered[2].start()):
        raise DataError(f"{path}: the marker lines are out of order; keep REQUEST, THINK, CODE")
    return {name: found[name][0] for name in ("REQUEST", "THINK", "CODE")}


def _clean(part: str, name: str, path: Path) -> str:
    text = _uncommented(part)
    if "<!--" in text:
        raise DataError(f"{path}: an unclosed `<!--` comment in the {name} part; close it with `-->`")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n").strip()


def parse(text: str, path: Path) -> Parsed:
    """The texts of a draft; a draft without its markers or header is a DataError naming the fix."""
    text = text.replace("\r\n", "\n")
    head = _HEADER.match(text)
    if head is None:
        raise DataError(
            f"{path}: line 1 is not the svix-flows draft header; restore "
            "`<!-- svix-flows draft · flow FLOW · variant N -->` or delete the draft to start anew"
        )
    marks = _markers(text, path)
    think = _clean(text[marks["THINK"].end() : marks["CODE"].start()], "THINK", path)
    if think.startswith("<think>") and think.endswith("</think>"):
        think = think[len("<think>") : -len("</think>")].strip()
    return Parsed(
        flow=head["flow"],
        variant=int(head["variant"]),
        recorded=head["recorded"],
        request=_clean(text[marks["REQUEST"].end() : marks["THINK"].start()], "REQUEST", path),
        think=think,
        code=text[marks["CODE"].end() :].removeprefix("\n"),
    )


def read(path: Path) -> str:
    """The draft's text; a special file or one over 8 MiB is refused (UsageError), unread."""
    try:
        return read_text_file(path, "a draft").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: byte {exc.start} is not UTF-8; save the draft as UTF-8") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read the draft: {exc.strerror}") from None


@contextmanager
def claimed(path: Path, revising: bool, busy: str | None = None) -> Iterator[None]:
    """Hold a draft for one `write`, so a second terminal on the same draft is refused, not raced.

    Two `write`s of one flow would otherwise pick the same new variant, or revise the same
    record, and overwrite each other's texts. The claim is a `flock` on `.<draft>.lock`,
    released when the process ends however it ends; the lock file is removed when the claim
    ends. A claim taken on a lock file that its holder removed meanwhile is taken again on the
    new file, so removing it never lets two writers in. A draft picked as new that another
    terminal recorded meanwhile is refused too: writing it again would replace that terminal's
    texts. `drop` and `rebuild` claim a draft too, with their own `busy` message.
    """
    from ..errors import DraftBusy
    from ..files import held_without_waiting

    busy = busy or (
        f"{path}: another `svix-flows write` is working on this draft (another terminal?); "
        "finish there, then run this again"
    )
    with held_without_waiting(path.with_name(f".{path.name}.lock"), DraftBusy(busy), "the draft's lock"):
        if not revising and is_recorded(path):
            raise DraftBusy(busy.replace("is working on", "has just recorded"))
        yield


def save(path: Path, text: str) -> None:
    """Write a draft atomically: the old one or the new one, never a mix."""
    replace_file(path, [text.encode("utf-8")])


def keep_aside(path: Path, text: str) -> Path:
    """Copy a draft's text beside it, as `<name>~` (else `<name>.~2~`, … as GNU backups are
    numbered), never over an earlier copy; returns the copy's path."""
    for number in range(1, 10_000):
        target = path.with_name(f"{path.name}~" if number == 1 else f"{path.name}.~{number}~")
        if not target.exists():
            save(target, text)
            return target
    raise DataError(f"{path}: 10,000 copies of it are kept beside it already; remove the old ones")


def unchanged(parsed: Parsed, flow: Flow, workspace: Path | None) -> bool:
    """True when both texts are still those of the template (nothing was written)."""
    pristine = parse(render(flow, parsed.variant, "", workspace), Path(TEMPLATE_NAME))
    return parsed.request == pristine.request and parsed.think == pristine.think


def refresh_code(text: str, code: str, path: Path) -> str:
    """The draft with its code part replaced by the current code; everything above kept byte for byte."""
    text = text.replace("\r\n", "\n")
    marks = _markers(text, path)
    return text[: marks["CODE"].end()] + "\n" + code + "\n"


def set_texts(text: str, request: str, think: str, path: Path) -> str:
    """The draft with the two places filled by texts written elsewhere (`--prompt`, `--think`)."""
    text = text.replace("\r\n", "\n")
    marks = _markers(text, path)
    return (
        text[: marks["REQUEST"].end()]
        + "\n"
        + request.strip("\n")
        + "\n\n"
        + text[marks["THINK"].start() : marks["THINK"].end()]
        + "\n"
        + think.strip("\n")
        + "\n\n"
        + text[marks["CODE"].start() :]
    )


def set_header(text: str, flow: str, variant: int, recorded: str | None) -> str:
    text = text.replace("\r\n", "\n")
    head = _HEADER.match(text)
    rest = text[head.end() :] if head else text
    return header(flow, variant, recorded) + rest


def set_problems(text: str, problems: Iterable[str]) -> str:
    """The draft with the last check's problems shown as a comment under the header (or none)."""
    text = text.replace("\r\n", "\n")
    head = _HEADER.match(text)
    cut = head.end() if head else 0
    rest = text[cut:]
    if rest.startswith(_PROBLEMS_OPEN):
        close = rest.find("-->\n", len(_PROBLEMS_OPEN))
        if close >= 0:
            rest = rest[close + 4 :]
    problems = list(problems)
    if not problems:
        return text[:cut] + rest
    listed = "\n".join(f"  - {_uncomment(problem)}" for problem in problems)
    block = (
        "<!-- svix-flows problems found by the last check (fix them, save and quit; "
        f"this note goes away by itself):\n{listed}\n-->\n"
    )
    return text[:cut] + block + rest


def set_review_note(text: str, note: str | None) -> str:
    """The draft with a reviewer's note shown as a comment at its top (under the header and the
    problems), or without one (None)."""
    text = text.replace("\r\n", "\n")
    head = _HEADER.match(text)
    cut = head.end() if head else 0
    if text[cut:].startswith(_PROBLEMS_OPEN):
        close = text.find("-->\n", cut + len(_PROBLEMS_OPEN))
        cut = close + 4 if close >= 0 else cut
    rest = text[cut:]
    if rest.startswith(_REVIEW_OPEN):
        close = rest.find("-->\n", len(_REVIEW_OPEN))
        if close >= 0:
            rest = rest[close + 4 :]
    if note is None:
        return text[:cut] + rest
    block = f"{_REVIEW_OPEN}asks for work on this record (this note goes once it is revised):\n  {_uncomment(note)}\n-->\n"
    return text[:cut] + block + rest


def relative(path: Path, workspace: Path) -> str:
    """`path` as provenance names it: relative to the workspace, else as given."""
    try:
        return path.resolve().relative_to(workspace.resolve()).as_posix()
    except ValueError:
        return str(path)
