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


def render_text(diagram: FlowMap) -> str:
    """`#  from  arrow  to  data`, aligned, with the frames as `┌ … └` brackets; dashed `◀┄┄`
    marks a return that may carry an Err, `──▷` a spawned call nobody waits for."""
    names = [lane.name for lane in diagram.lifelines]

    def name(index: int | None) -> str:
        return OUTSIDE if index is None else names[index]

    rows = []
    for number, arrow in enumerate(diagram.arrows, 1):
        if arrow.kind == ArrowKind.RETURN:  # read right to left: the callee answers the caller
            rows.append(
                (str(number), name(arrow.target), _glyph(arrow), name(arrow.source), _text_label(arrow))
            )
        else:
            rows.append(
                (str(number), name(arrow.source), _glyph(arrow), name(arrow.target), _text_label(arrow))
            )
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    head = [f"{diagram.flow}: {diagram.title}"]
    if diagram.summary:
        head.append(diagram.summary)
    head.append("modules: " + ", ".join(names))
    for lane in diagram.lifelines:
        if lane.types:
            head.append(f"  {lane.name} also holds {', '.join(lane.types)}")
    if diagram.unseen:
        head.append(f"  types of the flow no arrow reaches: {', '.join(diagram.unseen)}")
    level = frame_levels(diagram.frames)
    lines: list[str] = []
    for index, row in enumerate(rows):
        for frame, depth in zip(diagram.frames, level):
            if frame.start == index:
                lines.append(f"{'│ ' * depth}┌ {frame_title(frame)}")
            elif index in frame.branches:
                lines.append(
                    f"{'│ ' * depth}├ {'and at the same time' if frame.kind == FrameKind.PAR else 'else'}"
                )
        margin = "│ " * sum(1 for f in diagram.frames if f.start <= index < f.end)
        lines.append(
            f"{margin}{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}} {row[2]} {row[3]:<{widths[3]}}  {row[4]}".rstrip()
        )
        closing = [(depth, f) for f, depth in zip(diagram.frames, level) if f.end == index + 1]
        for depth, _ in sorted(closing, key=lambda pair: -pair[0]):
            lines.append(f"{'│ ' * depth}└")
    legend = [
        "──▶ call   ◀── return   ◀┄┄ return that may carry an Err (? = propagated)   ~~▷ queue hop",
        "──▷ spawned call (not awaited, nothing returns)   ══▶ database or cache access",
    ]
    if any(arrow.kind == ArrowKind.ORIGIN for arrow in diagram.arrows):
        legend.append("··▷ a field's value, made (or checked) earlier by that function, which runs elsewhere")
    legend.append(MARKER)
    return escape_controls("\n".join(head + [""] + lines + ["", *legend]), keep_layout=True) + "\n"


def frame_levels(frames: tuple[Frame, ...]) -> list[int]:
    """How many frames enclose each frame (they are listed outermost first, so an equal range
    listed earlier encloses one listed later)."""
    return [
        sum(1 for j, other in enumerate(frames[:i]) if other.start <= frame.start and frame.end <= other.end)
        for i, frame in enumerate(frames)
    ]
