"""The diagram as a compact table for a terminal: one numbered line per arrow."""

from __future__ import annotations

from ..text import escape_controls
from .model import CALL, ENTRY, ORIGIN, QUEUE, RETURN, FlowMap, label

_GLYPH = {CALL: "──▶", ENTRY: "──▶", QUEUE: "~~▷", RETURN: "◀──", ORIGIN: "··▷"}
OUTSIDE = "(outside)"


def render_text(diagram: FlowMap) -> str:
    """`#  from  arrow  to  data`, aligned; dashed `◀┄┄` marks a return that may carry an Err."""
    names = [lane.name for lane in diagram.lifelines]

    def name(index: int | None) -> str:
        return OUTSIDE if index is None else names[index]

    rows = []
    for number, arrow in enumerate(diagram.arrows, 1):
        glyph = "◀┄┄" if arrow.kind == RETURN and arrow.error else _GLYPH[arrow.kind]
        if arrow.kind == RETURN:  # read right to left: the callee answers the caller
            rows.append(
                (str(number), name(arrow.target), glyph, name(arrow.source), label(arrow, short=True))
            )
        else:
            rows.append(
                (str(number), name(arrow.source), glyph, name(arrow.target), label(arrow, short=True))
            )
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    head = [f"{diagram.flow}: {diagram.title}", "modules: " + ", ".join(names)]
    for lane in diagram.lifelines:
        if lane.types:
            head.append(f"  {lane.name} also holds {', '.join(lane.types)}")
    lines = [
        f"{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}} {row[2]} {row[3]:<{widths[3]}}  {row[4]}".rstrip()
        for row in rows
    ]
    legend = ["──▶ call   ◀── return   ◀┄┄ return that may carry an Err (? = propagated)   ~~▷ queue hop"]
    if any(arrow.kind == ORIGIN for arrow in diagram.arrows):
        legend.append("··▷ a field's value, made (or checked) earlier by that function, which runs elsewhere")
    return escape_controls("\n".join(head + [""] + lines + ["", *legend]), keep_layout=True) + "\n"
