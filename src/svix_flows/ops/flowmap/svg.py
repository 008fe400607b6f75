"""The diagram as a self-contained SVG: no fonts, scripts or styles from outside.

`layout` places everything; this module writes it: the header, the frames under the
lifelines, the lifeline heads, the arrows with their labels (the whole label and the call's
line in each tooltip), and a legend of the arrow kinds the diagram uses.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from .kinds import ArrowKind
from .labels import label
from .layout import (
    FONT,
    LABEL_LINE,
    LINE,
    LOOP_W,
    MARGIN,
    MIN_SCALE,
    SMALL_W,
    TITLE_FONT,
    Box,
    Layout,
    branch_word,
    clean,
    has_outside,
    lane_column,
    layout,
    split_name,
    text_width,
)
from .model import Arrow, FlowMap, Lifeline
from .text import MARKER

_MARKED_CLASS = {ArrowKind.QUEUE: "q", ArrowKind.ORIGIN: "o", ArrowKind.STORE: "s"}
_NOTE_AT_LINE_START = re.compile(r"\n\[[^\]]*\]$")

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
    """The arrow's line class and its head's marker."""
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


def _note_start(text: str) -> int:
    """Where a note starts when wrapping put it at the head of a line (`…\n[via …]`)."""
    match = _NOTE_AT_LINE_START.search(text)
    return match.start() if match else -1


def _visible(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def _note_cuts(text: str) -> list[int]:
    """For each line of a wrapped label, where its grey note (`  [via …]`) starts (its length
    when it holds none): found by counting the characters before the note, spaces aside
    (wrapping only moves spaces)."""
    lines = text.split("\n")
    whole = " ".join(lines)
    at = whole.find("  [") if "  [" in whole else _note_start(text)
    before = _visible(whole[:at]) if at >= 0 else -1
    cuts = []
    seen = 0
    for line in lines:
        cut = len(line)
        if before >= 0:
            count = seen
            for position, char in enumerate(line):
                if count >= before:
                    cut = position
                    break
                count += 0 if char.isspace() else 1
        seen += _visible(line)
        cuts.append(cut)
    return cuts


def _label_svg(box: Box, arrow: Arrow, full: str) -> str:
    cls = _MARKED_CLASS.get(arrow.kind, "")
    if arrow.kind == ArrowKind.RETURN and arrow.error:
        cls = "err"
    tspans = []
    for index, (line, cut) in enumerate(zip(box.text.split("\n"), _note_cuts(box.text))):
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


def _document_start(diagram: FlowMap, lay: Layout) -> list[str]:
    name = clean(f"{diagram.flow}: {diagram.title}")
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" '
        f'style="max-width:{lay.width:.0f}px;min-width:{lay.width * MIN_SCALE:.0f}px;height:auto" '
        f'role="img" aria-label={quoteattr(name)}>',
        f"<!-- {MARKER} -->",
        f"<title>{escape(name)}</title>",
        f"<style>{_STYLE}</style>",
        _DEFS,
        f'<rect width="{lay.width:.0f}" height="{lay.height:.0f}" fill="#fff"/>',
    ]


def _header_svg(lay: Layout) -> list[str]:
    out = []
    y: float = MARGIN + TITLE_FONT
    for text, _size, bold in lay.header:
        cls = "title" if bold else "summary"
        out.append(f'<text class="{cls}" x="{MARGIN}" y="{y}">{escape(text)}</text>')
        y += LINE + (6 if bold else 2)
    return out


def _frames_svg(diagram: FlowMap, lay: Layout) -> list[str]:
    """The frames' boxes, tabs and branch dividers."""
    out = []
    for f, x, fy, w, h in lay.frames:
        frame = diagram.frames[f]
        tab = next(b for b in lay.boxes if b.kind == "frame" and b.y == fy + 1 and b.x == x + 1)
        out.append(
            f'<g class="frame f-{frame.kind}"><rect class="box" x="{x:.1f}" y="{fy:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" rx="3"/>'
            f'<path class="tab" d="M{tab.x:.1f},{tab.y:.1f} h{tab.w:.1f} v{tab.h - 6:.1f} l-6,6 h-{tab.w - 6:.1f} z"/>'
            f'<text x="{tab.x + 6:.1f}" y="{tab.y + tab.h - 6:.1f}">{escape(tab.text)}</text>'
        )
        for dy in (dy for g, dy in lay.dividers if g == f):
            out.append(
                f'<line class="divider" x1="{x:.1f}" y1="{dy:.1f}" x2="{x + w:.1f}" y2="{dy:.1f}"/>'
                f'<text x="{x + 8:.1f}" y="{dy + 13:.1f}" class="note">{escape(branch_word(frame))}</text>'
            )
        out.append("</g>")
    return out


def _head_svg(lane: Lifeline | None, box: Box, x: float, lines: list[str], bottom: float) -> list[str]:
    """A lifeline (None: the outside) and its head: its name, then the types it holds."""
    cls = "outside" if lane is None else lane.kind if lane.kind in ("queue", "store") else ""
    out = [f'<line class="life" x1="{x:.1f}" y1="{box.y + box.h:.1f}" x2="{x:.1f}" y2="{bottom:.1f}"/>']
    tip = lane.file if lane is not None and lane.file else box.text.replace("\n", "")
    name_lines = split_name(clean(lane.name)) if lane is not None else lines[:1]
    out.append(
        f'<g class="head {cls}"><title>{escape(clean(tip))}</title>'
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="{10 if cls == "store" else 4}"/>'
    )
    for k, line in enumerate(lines):
        kind = "" if k < len(name_lines) else ' class="types"'
        out.append(f'<text{kind} x="{x:.1f}" y="{box.y + 19 + k * (LINE - 1):.1f}">{escape(line)}</text>')
    out.append("</g>")
    return out


def _heads_svg(diagram: FlowMap, lay: Layout) -> list[str]:
    outside = has_outside(diagram)
    out = []
    for i, box in enumerate(b for b in lay.boxes if b.kind == "head"):
        lane_index = i - 1 if outside else i
        lane = diagram.lifelines[lane_index] if lane_index >= 0 else None
        out.extend(_head_svg(lane, box, lay.xs[i], lay.head_lines[i], lay.legend_top - 6))
    return out


def _arrow_svg(arrow: Arrow, row: float, box: Box, x1: float, x2: float) -> list[str]:
    """An arrow at `row` from `x1` to `x2` (a loop when they are equal) and its label."""
    cls, marker = _style_of(arrow)
    out = []
    if arrow.kind == ArrowKind.ENTRY:
        out.append(f'<circle cx="{x1:.1f}" cy="{row:.1f}" r="4" fill="#1f4e79"/>')
    if x1 == x2:
        path = f"M{x1:.1f},{row:.1f} h{LOOP_W} v14 h-{LOOP_W - 1}"
        out.append(f'<path class="{cls}" d="{path}" marker-end="url(#{marker})"/>')
    else:
        out.append(
            f'<line class="{cls}" x1="{x1:.1f}" y1="{row:.1f}" x2="{x2:.1f}" y2="{row:.1f}" '
            f'marker-end="url(#{marker})"/>'
        )
    full = clean(label(arrow)) + (f" (call at line {arrow.line})" if arrow.line else "")
    out.append(_label_svg(box, arrow, full))
    return out


def _arrows_svg(diagram: FlowMap, lay: Layout) -> list[str]:
    outside = has_outside(diagram)
    labels = [b for b in lay.boxes if b.kind == "label"]
    out = []
    for arrow, row, box in zip(diagram.arrows, lay.rows, labels):
        a, b = lane_column(arrow.source, outside), lane_column(arrow.target, outside)
        out.extend(_arrow_svg(arrow, row, box, lay.xs[a], lay.xs[b] if a != b else lay.xs[a]))
    return out


def _legend_entries(diagram: FlowMap) -> list[tuple[str, str, str]]:
    """(line class, marker, text) of each arrow kind the diagram draws."""
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
    return legend


def _footer_and_legend_svg(diagram: FlowMap, lay: Layout) -> list[str]:
    """The types no arrow reaches, then the legend, wrapped to the canvas."""
    out = []
    y = lay.legend_top + LINE
    for line in lay.footer:
        out.append(f'<text class="desc" x="{MARGIN}" y="{y}">{escape(line)}</text>')
        y += LINE
    legend = _legend_entries(diagram)
    x = float(MARGIN)
    for index, (cls, marker, text) in enumerate(legend):
        out.append(
            f'<line class="{cls}" x1="{x:.1f}" y1="{y - 4}" x2="{x + 36:.1f}" y2="{y - 4}" marker-end="url(#{marker})"/>'
        )
        out.append(f'<text class="desc" x="{x + 44:.1f}" y="{y}">{escape(text)}</text>')
        x += 44 + text_width(text, SMALL_W) + 28
        if (
            index < len(legend) - 1
            and x + 44 + text_width(legend[index + 1][2], SMALL_W) > lay.width - MARGIN
        ):
            x, y = float(MARGIN), y + LINE
    return out


def render_svg(diagram: FlowMap) -> str:
    """One standalone SVG document that scales to its container's width (never below
    MIN_SCALE of its natural size, never above it)."""
    lay = layout(diagram)
    out = _document_start(diagram, lay)
    out += _header_svg(lay)
    out += _frames_svg(diagram, lay)  # first, under the lifelines and arrows
    out += _heads_svg(diagram, lay)
    out += _arrows_svg(diagram, lay)
    out += _footer_and_legend_svg(diagram, lay)
    out.append("</svg>")
    return "\n".join(out) + "\n"
