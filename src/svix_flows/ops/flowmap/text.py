"""The diagram as a compact table for a terminal: one numbered line per arrow, the frames as
brackets in the margin, each call with its full signature."""

from __future__ import annotations

from ...text import escape_controls
from .kinds import ArrowKind, FrameKind
from .labels import label
from .model import Arrow, FlowMap, Frame

_GLYPH = {
    ArrowKind.CALL: "──▶",
    ArrowKind.ENTRY: "──▶",
    ArrowKind.QUEUE: "~~▷",
    ArrowKind.RETURN: "◀──",
    ArrowKind.ORIGIN: "··▷",
    ArrowKind.STORE: "══▶",
}
OUTSIDE = "(outside)"
MARKER = "(drawn by svix-flows map)"  # how `map -o` knows a file it may replace


def frame_title(frame: Frame) -> str:
    """`par: tokio::join!`: the frame's kind, then what opened it."""
    return f"{frame.kind}: {frame.label}"


def _glyph(arrow: Arrow) -> str:
    if arrow.kind == ArrowKind.RETURN and arrow.error:
        return "◀┄┄"
    if arrow.asynchronous:
        return "──▷"
    return _GLYPH[arrow.kind]


def _text_label(arrow: Arrow) -> str:
    # the table is where a reader looks for the whole signature: calls keep every type
    return label(arrow, short=arrow.kind not in (ArrowKind.CALL, ArrowKind.ENTRY))


Row = tuple[str, str, str, str, str]  # number, from, glyph, to, label


def _row(number: int, arrow: Arrow, names: list[str]) -> Row:
    def name(index: int | None) -> str:
        return OUTSIDE if index is None else names[index]

    ends = (name(arrow.source), name(arrow.target))
    if arrow.kind == ArrowKind.RETURN:  # read right to left: the callee answers the caller
        ends = ends[::-1]
    return (str(number), ends[0], _glyph(arrow), ends[1], _text_label(arrow))


def _head(diagram: FlowMap, names: list[str]) -> list[str]:
    """The title, the summary, the modules and the types they hold."""
    head = [f"{diagram.flow}: {diagram.title}"]
    if diagram.summary:
        head.append(diagram.summary)
    head.append("modules: " + ", ".join(names))
    for lane in diagram.lifelines:
        if lane.types:
            head.append(f"  {lane.name} also holds {', '.join(lane.types)}")
    if diagram.unseen:
        head.append(f"  types of the flow no arrow reaches: {', '.join(diagram.unseen)}")
    return head


def _openings(diagram: FlowMap, levels: list[int], index: int) -> list[str]:
    """The `┌` of each frame starting at row `index`, the `├` of each branch starting there."""
    lines = []
    for frame, depth in zip(diagram.frames, levels):
        if frame.start == index:
            lines.append(f"{'│ ' * depth}┌ {frame_title(frame)}")
        elif index in frame.branches:
            lines.append(
                f"{'│ ' * depth}├ {'and at the same time' if frame.kind == FrameKind.PAR else 'else'}"
            )
    return lines


def _closings(diagram: FlowMap, levels: list[int], index: int) -> list[str]:
    """The `└` of each frame ending after row `index`, innermost first."""
    closing = [depth for f, depth in zip(diagram.frames, levels) if f.end == index + 1]
    return [f"{'│ ' * depth}└" for depth in sorted(closing, reverse=True)]


def _table(diagram: FlowMap, rows: list[Row]) -> list[str]:
    """The rows aligned in columns, with the frames' brackets in the margin."""
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    levels = frame_levels(diagram.frames)
    lines: list[str] = []
    for index, row in enumerate(rows):
        lines.extend(_openings(diagram, levels, index))
        margin = "│ " * sum(1 for f in diagram.frames if f.start <= index < f.end)
        lines.append(
            f"{margin}{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}} {row[2]} {row[3]:<{widths[3]}}  {row[4]}".rstrip()
        )
        lines.extend(_closings(diagram, levels, index))
    return lines


def _legend(diagram: FlowMap) -> list[str]:
    legend = [
        "──▶ call   ◀── return   ◀┄┄ return that may carry an Err (? = propagated)   ~~▷ queue hop",
        "──▷ spawned call (not awaited, nothing returns)   ══▶ database or cache access",
    ]
    if any(arrow.kind == ArrowKind.ORIGIN for arrow in diagram.arrows):
        legend.append("··▷ a field's value, made (or checked) earlier by that function, which runs elsewhere")
    legend.append(MARKER)
    return legend


def render_text(diagram: FlowMap) -> str:
    """`#  from  arrow  to  data`, aligned, with the frames as `┌ … └` brackets; dashed `◀┄┄`
    marks a return that may carry an Err, `──▷` a spawned call nobody waits for."""
    names = [lane.name for lane in diagram.lifelines]
    rows = [_row(number, arrow, names) for number, arrow in enumerate(diagram.arrows, 1)]
    text = "\n".join(_head(diagram, names) + [""] + _table(diagram, rows) + ["", *_legend(diagram)])
    return escape_controls(text, keep_layout=True) + "\n"


def frame_levels(frames: tuple[Frame, ...]) -> list[int]:
    """How many frames enclose each frame (they are listed outermost first, so an equal range
    listed earlier encloses one listed later)."""
    return [
        sum(1 for j, other in enumerate(frames[:i]) if other.start <= frame.start and frame.end <= other.end)
        for i, frame in enumerate(frames)
    ]
