"""The diagram as a self-contained SVG, laid out here: no fonts, scripts or styles from outside.

Every piece of text gets a box (`Layout.boxes`); the layout widens the gaps between lifelines
until each label fits between the lifelines it joins and each row holds one arrow, so no two
boxes meet. Text is a monospace stack every system has, measured at `CHAR_W` per character.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from ..text import escape_controls
from .model import ENTRY, ORIGIN, QUEUE, RETURN, Arrow, FlowMap, label

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
MIN_GAP = 150
TITLE_FONT = 16
LINE = 16  # line height of the header's text


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


def _clean(text: str) -> str:
    return escape_controls(text)


def _width(text: str, char_w: float = CHAR_W) -> float:
    return len(text) * char_w


def _lane(index: int | None, has_outside: bool) -> int:
    if index is None:
        return 0
    return index + 1 if has_outside else index


def _head_lines(diagram: FlowMap, index: int) -> list[str]:
    lane = diagram.lifelines[index]
    lines = [_clean(lane.name)]
    if lane.types:
        lines.append(_clean(", ".join(lane.types)))
    return lines


def layout(diagram: FlowMap) -> Layout:
    """Place lifelines and arrows so that no two pieces of text overlap."""
    has_outside = any(a.source is None or a.target is None for a in diagram.arrows)
    heads: list[list[str]] = ([["(outside)"]] if has_outside else []) + [
        _head_lines(diagram, i) for i in range(len(diagram.lifelines))
    ]
    head_w = [
        max(_width(lines[0]), *(_width(t, SMALL_W) for t in lines[1:])) + 2 * PAD
        if lines[1:]
        else _width(lines[0]) + 2 * PAD
        for lines in heads
    ]
    n = len(heads)
    gaps = [max(MIN_GAP, (head_w[i] + head_w[i + 1]) / 2 + PAD) for i in range(n - 1)]
    tail = head_w[-1] / 2 if n else 0.0  # room right of the last lane
    labels = [_clean(label(a, short=True)) for a in diagram.arrows]
    spans = []
    loops: list[tuple[int, float]] = []
    for arrow, text in zip(diagram.arrows, labels):
        a = _lane(arrow.source, has_outside)
        b = _lane(arrow.target, has_outside)
        need = _width(text) + 2 * PAD
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

    # the header: title, description wrapped to the canvas, then the heads
    header: list[tuple[str, int, bool]] = [(_clean(f"{diagram.flow}: {diagram.title}"), TITLE_FONT, True)]
    columns = max(40, min(130, int((width - 2 * MARGIN) / SMALL_W)))
    for line in textwrap.wrap(_clean(diagram.description), columns):
        header.append((line, SMALL, False))
    title_w = _width(header[0][0], TITLE_FONT * 0.62) + 2 * MARGIN
    width = max(width, title_w)
    top = MARGIN + LINE * (len(header) + 1)
    head_h = max(HEAD_H + (LINE - 2 if len(lines) > 1 else 0) for lines in heads) if heads else HEAD_H
    result = Layout(xs, width, 0, top, header=header)
    for i, lines in enumerate(heads):
        result.boxes.append(Box("head", xs[i] - head_w[i] / 2, top, head_w[i], head_h, lines[0]))
    y = top + head_h + ROW
    for arrow, text in zip(diagram.arrows, labels):
        a = _lane(arrow.source, has_outside)
        b = _lane(arrow.target, has_outside)
        w = _width(text) + 8
        if a == b:
            result.boxes.append(Box("label", xs[a] + LOOP_W + 6, y - FONT - 4, w, FONT + 6, text))
            result.rows.append(y)
            y += SELF_ROW
        else:
            middle = (xs[a] + xs[b]) / 2
            result.boxes.append(Box("label", middle - w / 2, y - FONT - 6, w, FONT + 6, text))
            result.rows.append(y)
            y += ROW
    result.height = y - ROW + LINE * 4 + MARGIN  # room for the legend
    return result


_STYLE = """
text{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,'Liberation Mono',monospace;font-size:12px;fill:#1b1b1b}
.title{font-size:16px;font-weight:bold}.desc{font-size:11px;fill:#444}
.head rect{fill:#eef3fa;stroke:#1f4e79;stroke-width:1.2}.head text{font-weight:bold;text-anchor:middle}
.head .types{font-weight:normal;font-size:11px;fill:#555}
.queue rect{fill:#f4ecfa;stroke:#6a1b9a;stroke-dasharray:4 2}.outside rect{fill:#fff;stroke:#999;stroke-dasharray:3 3}
.life{stroke:#9aa7b4;stroke-width:1;stroke-dasharray:4 4}
.call{stroke:#1f4e79;stroke-width:1.4;fill:none}.return{stroke:#777;stroke-width:1.1;fill:none}
.error{stroke:#b03a2e;stroke-width:1.3;stroke-dasharray:6 4;fill:none}
.queuehop{stroke:#6a1b9a;stroke-width:2.2;stroke-dasharray:1 5;stroke-linecap:round;fill:none}
.origin{stroke:#2e7d32;stroke-width:1.3;stroke-dasharray:2 3;fill:none}
.lbl rect{fill:#fff;fill-opacity:.92}.note{fill:#777}.err{fill:#b03a2e}.q{fill:#6a1b9a}.o{fill:#2e7d32}
"""

_DEFS = """<defs>
<marker id="solid" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f4e79"/></marker>
<marker id="open" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#777" stroke-width="1.5"/></marker>
<marker id="openerr" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#b03a2e" stroke-width="1.5"/></marker>
<marker id="openorigin" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#2e7d32" stroke-width="1.5"/></marker>
<marker id="hollow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#fff" stroke="#6a1b9a" stroke-width="1.5"/></marker>
</defs>"""


def _style_of(arrow: Arrow) -> tuple[str, str]:
    if arrow.kind == QUEUE:
        return "queuehop", "hollow"
    if arrow.kind == ORIGIN:
        return "origin", "openorigin"
    if arrow.kind == RETURN:
        return ("error", "openerr") if arrow.error else ("return", "open")
    return "call", "solid"


def _label_svg(box: Box, arrow: Arrow, full: str) -> str:
    main, _, note = box.text.partition("  [")
    cls = (
        "err"
        if arrow.kind == RETURN and arrow.error
        else "q"
        if arrow.kind == QUEUE
        else "o"
        if arrow.kind == ORIGIN
        else ""
    )
    note_part = f'<tspan class="note">  [{escape(note)}</tspan>' if note else ""
    return (
        f'<g class="lbl"><title>{escape(full)}</title>'
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="2"/>'
        f'<text x="{box.x + 4:.1f}" y="{box.y + box.h - 5:.1f}"'
        f"{f' class={quoteattr(cls)}' if cls else ''}>{escape(main)}{note_part}</text></g>"
    )


def render_svg(diagram: FlowMap) -> str:
    """One standalone SVG document."""
    lay = layout(diagram)
    has_outside = any(a.source is None or a.target is None for a in diagram.arrows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{lay.width:.0f}" height="{lay.height:.0f}" '
        f'viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" role="img" '
        f"aria-label={quoteattr(_clean(f'{diagram.flow}: {diagram.title}'))}>",
        f"<title>{escape(_clean(f'{diagram.flow}: {diagram.title}'))}</title>",
        f"<style>{_STYLE}</style>",
        _DEFS,
        f'<rect width="{lay.width:.0f}" height="{lay.height:.0f}" fill="#fff"/>',
    ]
    y: float = MARGIN + TITLE_FONT
    for text, _size, bold in lay.header:
        cls = "title" if bold else "desc"
        out.append(f'<text class="{cls}" x="{MARGIN}" y="{y}">{escape(text)}</text>')
        y += LINE + (4 if bold else 0)
    heads = [b for b in lay.boxes if b.kind == "head"]
    bottom = lay.height - LINE * 3 - MARGIN + 6
    for i, box in enumerate(heads):
        lane_index = i - 1 if has_outside else i
        lane = diagram.lifelines[lane_index] if lane_index >= 0 else None
        cls = "outside" if lane is None else lane.kind if lane.kind == "queue" else ""
        out.append(
            f'<line class="life" x1="{lay.xs[i]:.1f}" y1="{box.y + box.h:.1f}" '
            f'x2="{lay.xs[i]:.1f}" y2="{bottom:.1f}"/>'
        )
        tip = lane.file if lane is not None and lane.file else box.text
        out.append(
            f'<g class="head {cls}"><title>{escape(_clean(tip))}</title>'
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="4"/>'
            f'<text x="{lay.xs[i]:.1f}" y="{box.y + 19:.1f}">{escape(box.text)}</text>'
        )
        if lane is not None and lane.types:
            out.append(
                f'<text class="types" x="{lay.xs[i]:.1f}" y="{box.y + 34:.1f}">'
                f"{escape(_clean(', '.join(lane.types)))}</text>"
            )
        out.append("</g>")
    labels = [b for b in lay.boxes if b.kind == "label"]
    for arrow, row, box in zip(diagram.arrows, lay.rows, labels):
        a = _lane(arrow.source, has_outside)
        b = _lane(arrow.target, has_outside)
        cls, marker = _style_of(arrow)
        x1, x2 = lay.xs[a], lay.xs[b]
        if arrow.kind == ENTRY:
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
    y = bottom + LINE + 6
    legend = [
        ("call", "solid", "call (parameter types)"),
        ("return", "open", "return (its type)"),
        ("error", "openerr", "Result: may return Err (? = caller propagates)"),
        ("queuehop", "hollow", "queue hop (task enqueued / delivered)"),
    ]
    if any(arrow.kind == ORIGIN for arrow in diagram.arrows):
        legend.append(("origin", "openorigin", "a field's value, made (or checked) earlier"))
    x = float(MARGIN)
    for index, (cls, marker, text) in enumerate(legend):
        out.append(
            f'<line class="{cls}" x1="{x:.1f}" y1="{y - 4}" x2="{x + 36:.1f}" y2="{y - 4}" marker-end="url(#{marker})"/>'
        )
        out.append(f'<text class="desc" x="{x + 44:.1f}" y="{y}">{escape(text)}</text>')
        x += 44 + _width(text, SMALL_W) + 28
        if x > lay.width - 260 and index < len(legend) - 1:
            x, y = float(MARGIN), y + LINE
    out.append("</svg>")
    return "\n".join(out) + "\n"
