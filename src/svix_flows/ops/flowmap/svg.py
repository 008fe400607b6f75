"""The diagram as a self-contained SVG, laid out here: no fonts, scripts or styles from outside.

Every piece of text gets a box (`Layout.boxes`); the layout widens the gaps between lifelines
until each label fits between the lifelines it joins and each row holds one arrow, so no two
boxes meet. Text is a monospace stack every system has, measured at `CHAR_W` per character.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape, quoteattr

from ...text import escape_controls
from .kinds import ArrowKind, FrameKind
from .labels import label
from .model import Arrow, FlowMap, Frame
from .text import MARKER, frame_levels, frame_title

FONT = 12
CHAR_W = 7.4  # the widest common monospace face at 12px is 7.23px a character
HEAD_FONT = 12
SMALL = 11
SMALL_W = 6.8
MARGIN = 24
ROW = 32
SELF_ROW = 46
LOOP_W = 28
HEAD_H = 30
PAD = 14
MIN_GAP = 112
TITLE_FONT = 16
TITLE_W = 9.9
SUMMARY_FONT = 13
SUMMARY_W = 8.0
SUMMARY_LINES = 3
LINE = 16  # line height of the header's text
LABEL_LINE = 15  # line height of a wrapped label
WRAP = 42  # characters of a label line: longer labels wrap instead of widening the page
HEAD_CHARS = 22  # a longer module name takes two lines in its head
FRAME_HEAD = 24  # the row a frame's name tab takes
BRANCH_ROW = 20  # the row between two branches of a `par` or `alt`
FRAME_PAD = 12
FRAME_STEP = 9  # each enclosing frame this much wider
MIN_SCALE = 0.7  # a picture never shrinks below this, so its 12px text stays readable


@dataclass(frozen=True)
class Box:
    """A rectangle something is drawn in: a lifeline head or a label (x, y = top left)."""

    kind: str
    x: float
    y: float
    w: float
    h: float
    text: str

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass
class Layout:
    """Where everything goes: lane centres, arrow rows, boxes of text, the canvas."""

    xs: list[float]
    width: float
    height: float
    top: float  # y of the lifeline heads
    rows: list[float] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    header: list[tuple[str, int, bool]] = field(default_factory=list)  # text, size, bold
    head_lines: list[list[str]] = field(default_factory=list)
    dividers: list[tuple[int, float]] = field(default_factory=list)  # frame index, y
    frames: list[tuple[int, float, float, float, float]] = field(default_factory=list)  # index, x, y, w, h
    footer: list[str] = field(default_factory=list)
    legend_top: float = 0.0


# XML 1.0 allows tab, newline, carriage return and U+0020 on, except the surrogates and
# U+FFFE/U+FFFF; anything else makes the document not well-formed, whatever the escaping
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with every character XML forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _clean(text: str) -> str:
    return xml_safe(escape_controls(text))


def _width(text: str, char_w: float = CHAR_W) -> float:
    return len(text) * char_w


def _lane(index: int | None, has_outside: bool) -> int:
    if index is None:
        return 0
    return index + 1 if has_outside else index


def _split_name(name: str) -> list[str]:
    """A long module name on two lines, split at the `::` nearest its middle."""
    if len(name) <= HEAD_CHARS or "::" not in name:
        return [name]
    cuts = [i for i in range(len(name)) if name.startswith("::", i)]
    cut = min(cuts, key=lambda i: abs(i - len(name) / 2))
    return [name[: cut + 2], name[cut + 2 :]]


def _head_lines(diagram: FlowMap, index: int) -> list[str]:
    lane = diagram.lifelines[index]
    lines = _split_name(_clean(lane.name))
    if lane.types:
        lines.extend(textwrap.wrap(_clean(", ".join(lane.types)), HEAD_CHARS + 6) or [""])
    return lines


def _branch_word(frame: Frame) -> str:
    return "[and at the same time]" if frame.kind == FrameKind.PAR else "[else]"


def wrap_label(text: str, width: int = WRAP) -> list[str]:
    """An arrow's label in lines of about `width` characters, broken after a space, an opening
    parenthesis or a `::` before a function's name, never inside a name (a name longer than a line keeps its own line)."""
    lines: list[str] = []
    current = ""
    for token in re.split(r"(?<=[( ])|(?<=::)(?=[a-z_])", text):
        if current and len(current.rstrip()) + len(token.rstrip()) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def layout(diagram: FlowMap) -> Layout:
    """Place lifelines, frames and arrows so that no two pieces of text overlap."""
    has_outside = any(a.source is None or a.target is None for a in diagram.arrows)
    heads: list[list[str]] = ([["(outside)"]] if has_outside else []) + [
        _head_lines(diagram, i) for i in range(len(diagram.lifelines))
    ]
    head_w = [max(_width(line) for line in lines) + 2 * PAD for lines in heads]
    n = len(heads)
    gaps = [max(MIN_GAP, (head_w[i] + head_w[i + 1]) / 2 + PAD) for i in range(n - 1)]
    tail = head_w[-1] / 2 if n else 0.0  # room right of the last lane
    labels = [wrap_label(_clean(label(a, short=True))) for a in diagram.arrows]
    spans = []
    loops: list[tuple[int, float]] = []
    for arrow, lines in zip(diagram.arrows, labels):
        a = _lane(arrow.source, has_outside)
        b = _lane(arrow.target, has_outside)
        need = max(_width(line) for line in lines) + 2 * PAD
        if a == b:  # a loop on its lifeline: its label may run past the next lifelines (a row
            # holds one arrow), so only the canvas must hold it
            loops.append((a, need + LOOP_W + PAD))
        else:
            spans.append((abs(b - a), min(a, b), max(a, b), need))
    for _, a, b, need in sorted(spans):
        have = sum(gaps[a:b])
        if have < need:
            extra = (need - have) / (b - a)
            for i in range(a, b):
                gaps[i] += extra
    xs = [MARGIN + head_w[0] / 2 if n else MARGIN]
    for gap in gaps:
        xs.append(xs[-1] + gap)
    for a, need in loops:
        tail = max(tail, xs[a] + need - xs[-1])
    width = max(xs[-1] + tail + MARGIN, 720.0)

    # the header: the title and the flow's one-sentence summary, wrapped to the canvas
    title_lines = textwrap.wrap(
        _clean(f"{diagram.flow}: {diagram.title}"), max(40, int((width - 2 * MARGIN) / TITLE_W))
    )
    header: list[tuple[str, int, bool]] = [(line, TITLE_FONT, True) for line in title_lines]
    columns = max(40, int((width - 2 * MARGIN) / SUMMARY_W))
    summary = textwrap.wrap(_clean(diagram.summary), columns)
    if len(summary) > SUMMARY_LINES:
        summary = summary[: SUMMARY_LINES - 1] + [summary[SUMMARY_LINES - 1][: columns - 1] + "…"]
    header.extend((line, SUMMARY_FONT, False) for line in summary)
    top = MARGIN + sum(LINE + 6 if bold else LINE + 2 for _, _, bold in header) + LINE
    head_h = max(HEAD_H + (len(lines) - 1) * (LINE - 1) for lines in heads) if heads else HEAD_H
    result = Layout(xs, width, 0, top, header=header)
    for i, lines in enumerate(heads):
        result.boxes.append(Box("head", xs[i] - head_w[i] / 2, top, head_w[i], head_h, "\n".join(lines)))
    result.head_lines = heads

    levels = frame_levels(diagram.frames)
    deepest = max(levels, default=0)
    cursor = top + head_h + 12
    frame_top: dict[int, float] = {}
    words: dict[int, list[int]] = {}  # frame -> its branch words' boxes
    for index, (arrow, lines) in enumerate(zip(diagram.arrows, labels)):
        for f, frame in enumerate(diagram.frames):
            if frame.start == index:
                frame_top[f] = cursor + 2
                cursor += FRAME_HEAD
            elif index in frame.branches:
                result.dividers.append((f, cursor + 4))
                word = _branch_word(frame)
                words.setdefault(f, []).append(len(result.boxes))  # its x is known when the frame closes
                result.boxes.append(
                    Box("divider", 0, cursor + 5, _width(word, SMALL_W) + 8, BRANCH_ROW - 4, word)
                )
                cursor += BRANCH_ROW
        a = _lane(arrow.source, has_outside)
        b = _lane(arrow.target, has_outside)
        w = max(_width(line) for line in lines) + 8
        h = (len(lines) - 1) * LABEL_LINE + FONT + 6
        if a == b:
            row = cursor + FONT + 8
            result.boxes.append(Box("label", xs[a] + LOOP_W + 6, row - FONT - 4, w, h, "\n".join(lines)))
            cursor = max(row + 16, row - FONT - 4 + h) + 10
        else:
            row = cursor + 4 + h
            middle = (xs[a] + xs[b]) / 2
            result.boxes.append(Box("label", middle - w / 2, row - h, w, h, "\n".join(lines)))
            cursor = row + 10
        result.rows.append(row)
        closing = [f for f, frame in enumerate(diagram.frames) if frame.end == index + 1]
        for f in sorted(closing, key=lambda f: -levels[f]):
            frame = diagram.frames[f]
            inside = [
                _lane(i, has_outside)
                for arrow in diagram.arrows[frame.start : frame.end]
                for i in (arrow.source, arrow.target)
            ]
            pad = FRAME_PAD + FRAME_STEP * (deepest - levels[f])
            left = max(2.0, min(xs[i] for i in inside) - pad)
            right = max(xs[i] for i in inside) + pad
            bottom = cursor + 2
            cursor = bottom + 8
            title = frame_title(frame)
            tab = Box("frame", left + 1, frame_top[f] + 1, _width(title, SMALL_W) + 16, FRAME_HEAD - 6, title)
            result.boxes.append(tab)
            result.frames.append(
                (f, left, frame_top[f], max(right, tab.x + tab.w + 4) - left, bottom - frame_top[f])
            )
            for k in words.pop(f, []):  # the branch words sit at the frame's left edge
                result.boxes[k] = replace(result.boxes[k], x=left + 4)
    footer = ["types of the flow no arrow reaches: " + ", ".join(diagram.unseen)] if diagram.unseen else []
    result.footer = [_clean(line) for line in footer]
    right_edge = max((box.x + box.w for box in result.boxes), default=width)
    right_edge = max([right_edge] + [x + w for _, x, _, w, _ in result.frames])
    result.width = max(width, right_edge + MARGIN)
    result.legend_top = cursor + 8
    result.height = cursor + 8 + LINE * (len(footer) + 4) + MARGIN  # room for the legend
    return result


_STYLE = """
text{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,'Liberation Mono',monospace;font-size:12px;fill:#1b1b1b}
.title{font-size:16px;font-weight:bold}.summary{font-size:13px;fill:#333}.desc{font-size:11px;fill:#444}
.head rect{fill:#eef3fa;stroke:#1f4e79;stroke-width:1.2}.head text{font-weight:bold;text-anchor:middle}
.head .types{font-weight:normal;font-size:11px;fill:#555}
.queue rect{fill:#f4ecfa;stroke:#6a1b9a;stroke-dasharray:4 2}.outside rect{fill:#fff;stroke:#999;stroke-dasharray:3 3}
.store rect{fill:#e6f2ef;stroke:#00695c;stroke-width:1.4}
.life{stroke:#9aa7b4;stroke-width:1;stroke-dasharray:4 4}
.call{stroke:#1f4e79;stroke-width:1.4;fill:none}.return{stroke:#777;stroke-width:1.1;fill:none}
.async{stroke:#1f4e79;stroke-width:1.4;stroke-dasharray:8 3;fill:none}
.error{stroke:#b03a2e;stroke-width:1.3;stroke-dasharray:6 4;fill:none}
.queuehop{stroke:#6a1b9a;stroke-width:2.2;stroke-dasharray:1 5;stroke-linecap:round;fill:none}
.origin{stroke:#2e7d32;stroke-width:1.3;stroke-dasharray:2 3;fill:none}
.storeop{stroke:#00695c;stroke-width:1.6;fill:none}
.frame rect.box{fill:none;stroke:#8a8f98;stroke-width:1}.frame .tab{fill:#f3f4f6;stroke:#8a8f98;stroke-width:1}
.frame text{font-size:11px;font-weight:bold;fill:#3c4250}.divider{stroke:#8a8f98;stroke-dasharray:5 4}
.f-background rect.box,.f-background .tab{stroke:#6a1b9a}.f-background .tab{fill:#f7f0fb}
.f-transaction rect.box,.f-transaction .tab{stroke:#00695c}.f-transaction .tab{fill:#eaf5f2}
.f-start-up rect.box{fill:#fbf8ec}.f-start-up .tab{fill:#f6efd4}
.f-loop rect.box,.f-loop .tab{stroke:#1f4e79}.f-loop .tab{fill:#eef3fa}
.lbl rect{fill:#fff;fill-opacity:.92}.note{fill:#777}.err{fill:#b03a2e}.q{fill:#6a1b9a}.o{fill:#2e7d32}.s{fill:#00695c}
"""

_DEFS = """<defs>
<marker id="solid" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f4e79"/></marker>
<marker id="asyncend" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#1f4e79" stroke-width="1.6"/></marker>
<marker id="open" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#777" stroke-width="1.5"/></marker>
<marker id="openerr" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#b03a2e" stroke-width="1.5"/></marker>
<marker id="openorigin" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#2e7d32" stroke-width="1.5"/></marker>
<marker id="hollow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#fff" stroke="#6a1b9a" stroke-width="1.5"/></marker>
<marker id="storeend" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#00695c"/></marker>
</defs>"""


def _style_of(arrow: Arrow) -> tuple[str, str]:
    if arrow.kind == ArrowKind.QUEUE:
        return "queuehop", "hollow"
    if arrow.kind == ArrowKind.ORIGIN:
        return "origin", "openorigin"
    if arrow.kind == ArrowKind.STORE:
        return "storeop", "storeend"
    if arrow.kind == ArrowKind.RETURN:
        return ("error", "openerr") if arrow.error else ("return", "open")
    if arrow.asynchronous:
        return "async", "asyncend"
    return "call", "solid"


def _label_svg(box: Box, arrow: Arrow, full: str) -> str:
    cls = {ArrowKind.QUEUE: "q", ArrowKind.ORIGIN: "o", ArrowKind.STORE: "s"}.get(arrow.kind, "")
    if arrow.kind == ArrowKind.RETURN and arrow.error:
        cls = "err"
    lines = box.text.split("\n")
    # the note (`  [via …]`) is grey: find where it starts in the wrapped lines by counting
    # the characters before it, spaces aside (wrapping only moves spaces)
    whole = " ".join(lines)
    at = whole.find("  [") if "  [" in whole else _note_start(box.text)
    before = len(re.sub(r"\s", "", whole[:at])) if at >= 0 else -1
    tspans = []
    seen = 0
    for index, line in enumerate(lines):
        cut = len(line)
        if before >= 0:
            count = seen
            for position, char in enumerate(line):
                if count >= before:
                    cut = position
                    break
                count += 0 if char.isspace() else 1
        seen += len(re.sub(r"\s", "", line))
        main, note = line[:cut], line[cut:]
        pieces = escape(main) + (f'<tspan class="note">{escape(note)}</tspan>' if note else "")
        dy = "" if index == 0 else f' dy="{LABEL_LINE}"'
        tspans.append(f'<tspan x="{box.x + 4:.1f}"{dy}>{pieces}</tspan>')
    return (
        f'<g class="lbl"><title>{escape(full)}</title>'
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="2"/>'
        f'<text y="{box.y + FONT + 1:.1f}"'
        f"{f' class={quoteattr(cls)}' if cls else ''}>{''.join(tspans)}</text></g>"
    )


def _note_start(text: str) -> int:
    """Where a note starts when wrapping put it at the head of a line (`…\n[via …]`)."""
    match = re.search(r"\n\[[^\]]*\]$", text)
    return match.start() if match else -1


def render_svg(diagram: FlowMap) -> str:
    """One standalone SVG document that scales to its container's width (never below
    MIN_SCALE of its natural size, never above it)."""
    lay = layout(diagram)
    has_outside = any(a.source is None or a.target is None for a in diagram.arrows)
    name = _clean(f"{diagram.flow}: {diagram.title}")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" '
        f'style="max-width:{lay.width:.0f}px;min-width:{lay.width * MIN_SCALE:.0f}px;height:auto" '
        f'role="img" aria-label={quoteattr(name)}>',
        f"<!-- {MARKER} -->",
        f"<title>{escape(name)}</title>",
        f"<style>{_STYLE}</style>",
        _DEFS,
        f'<rect width="{lay.width:.0f}" height="{lay.height:.0f}" fill="#fff"/>',
    ]
    y: float = MARGIN + TITLE_FONT
    for text, _size, bold in lay.header:
        cls = "title" if bold else "summary"
        out.append(f'<text class="{cls}" x="{MARGIN}" y="{y}">{escape(text)}</text>')
        y += LINE + (6 if bold else 2)
    # frames first, under the lifelines and arrows
    for f, x, fy, w, h in lay.frames:
        frame = diagram.frames[f]
        tab = next(b for b in lay.boxes if b.kind == "frame" and b.y == fy + 1 and b.x == x + 1)
        out.append(
            f'<g class="frame f-{frame.kind}"><rect class="box" x="{x:.1f}" y="{fy:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" rx="3"/>'
            f'<path class="tab" d="M{tab.x:.1f},{tab.y:.1f} h{tab.w:.1f} v{tab.h - 6:.1f} l-6,6 h-{tab.w - 6:.1f} z"/>'
            f'<text x="{tab.x + 6:.1f}" y="{tab.y + tab.h - 6:.1f}">{escape(tab.text)}</text>'
        )
        for g, dy in lay.dividers:
            if g == f:
                out.append(
                    f'<line class="divider" x1="{x:.1f}" y1="{dy:.1f}" x2="{x + w:.1f}" y2="{dy:.1f}"/>'
                    f'<text x="{x + 8:.1f}" y="{dy + 13:.1f}" class="note">{escape(_branch_word(frame))}</text>'
                )
        out.append("</g>")
    heads = [b for b in lay.boxes if b.kind == "head"]
    bottom = lay.legend_top - 6
    for i, box in enumerate(heads):
        lane_index = i - 1 if has_outside else i
        lane = diagram.lifelines[lane_index] if lane_index >= 0 else None
        cls = "outside" if lane is None else lane.kind if lane.kind in ("queue", "store") else ""
        out.append(
            f'<line class="life" x1="{lay.xs[i]:.1f}" y1="{box.y + box.h:.1f}" '
            f'x2="{lay.xs[i]:.1f}" y2="{bottom:.1f}"/>'
        )
        tip = lane.file if lane is not None and lane.file else box.text.replace("\n", "")
        lines = lay.head_lines[i]
        name_lines = _split_name(_clean(lane.name)) if lane is not None else lines[:1]
        out.append(
            f'<g class="head {cls}"><title>{escape(_clean(tip))}</title>'
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="{10 if cls == "store" else 4}"/>'
        )
        for k, line in enumerate(lines):
            kind = "" if k < len(name_lines) else ' class="types"'
            out.append(
                f'<text{kind} x="{lay.xs[i]:.1f}" y="{box.y + 19 + k * (LINE - 1):.1f}">{escape(line)}</text>'
            )
        out.append("</g>")
    labels = [b for b in lay.boxes if b.kind == "label"]
    for arrow, row, box in zip(diagram.arrows, lay.rows, labels):
        a = _lane(arrow.source, has_outside)
        b = _lane(arrow.target, has_outside)
        cls, marker = _style_of(arrow)
        x1, x2 = lay.xs[a], lay.xs[b]
        if arrow.kind == ArrowKind.ENTRY:
            out.append(f'<circle cx="{x1:.1f}" cy="{row:.1f}" r="4" fill="#1f4e79"/>')
        if a == b:
            path = f"M{x1:.1f},{row:.1f} h{LOOP_W} v14 h-{LOOP_W - 1}"
            out.append(f'<path class="{cls}" d="{path}" marker-end="url(#{marker})"/>')
        else:
            out.append(
                f'<line class="{cls}" x1="{x1:.1f}" y1="{row:.1f}" x2="{x2:.1f}" y2="{row:.1f}" '
                f'marker-end="url(#{marker})"/>'
            )
        full = _clean(label(arrow)) + (f" (call at line {arrow.line})" if arrow.line else "")
        out.append(_label_svg(box, arrow, full))
    y = lay.legend_top + LINE
    for line in lay.footer:
        out.append(f'<text class="desc" x="{MARGIN}" y="{y}">{escape(line)}</text>')
        y += LINE
    kinds = {arrow.kind for arrow in diagram.arrows}
    legend = [
        ("call", "solid", "call (data it takes; … = framework arguments)"),
        ("return", "open", "← return (the call it answers: its type)"),
    ]
    if any(arrow.error for arrow in diagram.arrows):
        legend.append(("error", "openerr", "Result: may return Err (? = caller propagates)"))
    if ArrowKind.QUEUE in kinds:
        legend.append(("queuehop", "hollow", "queue hop (task enqueued / delivered)"))
    if any(arrow.asynchronous for arrow in diagram.arrows):
        legend.append(("async", "asyncend", "spawned: not awaited, nothing returns"))
    if ArrowKind.STORE in kinds:
        legend.append(("storeop", "storeend", "database or cache access"))
    if ArrowKind.ORIGIN in kinds:
        legend.append(("origin", "openorigin", "a field's value, made (or checked) earlier"))
    x = float(MARGIN)
    for index, (cls, marker, text) in enumerate(legend):
        out.append(
            f'<line class="{cls}" x1="{x:.1f}" y1="{y - 4}" x2="{x + 36:.1f}" y2="{y - 4}" marker-end="url(#{marker})"/>'
        )
        out.append(f'<text class="desc" x="{x + 44:.1f}" y="{y}">{escape(text)}</text>')
        x += 44 + _width(text, SMALL_W) + 28
        if index < len(legend) - 1 and x + 44 + _width(legend[index + 1][2], SMALL_W) > lay.width - MARGIN:
            x, y = float(MARGIN), y + LINE
    out.append("</svg>")
    return "\n".join(out) + "\n"
