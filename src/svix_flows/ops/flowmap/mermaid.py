"""The diagram as Mermaid `sequenceDiagram` text, which GitHub, GitLab and most editors draw."""

from __future__ import annotations

import json

from .kinds import ArrowKind, FrameKind
from .labels import label
from .model import Arrow, FlowMap, Frame
from .text import MARKER, frame_title

# Mermaid reads `;` and `#` as syntax and strips what looks like HTML: its own entity codes
# (`#lt;`, `#35;`) keep generic types and paths intact.
_ENTITIES = {"#": "#35;", ";": "#59;", "<": "#lt;", ">": "#gt;", "\n": " ", "\r": " ", "%": "#37;"}


def _escape(text: str) -> str:
    return "".join(_ENTITIES.get(char, char) for char in text if char >= " " or char in "\n\r")


# Mermaid's blocks for each frame: `par … and … end`, `alt … else … end`, `opt … end`, and a
# tinted `rect … end` (with a note naming it) for spawned work, a transaction or start-up
_TINT = {
    ArrowKind.QUEUE: "rgba(106, 27, 154, 0.12)",
    FrameKind.BACKGROUND: "rgba(106, 27, 154, 0.08)",
    FrameKind.TRANSACTION: "rgba(0, 105, 92, 0.08)",
    FrameKind.STARTUP: "rgba(240, 220, 150, 0.25)",
}


def _opening(diagram: FlowMap, frame: Frame, indent: str) -> list[str]:
    if frame.kind in (FrameKind.PAR, FrameKind.ALT, FrameKind.OPT, FrameKind.LOOP):
        return [f"{indent}{frame.kind} {_escape(frame.label)}"]
    title = _escape(frame_title(frame))
    lanes = [i for a in diagram.arrows[frame.start : frame.end] for i in (a.source, a.target)]
    ids = sorted({_who(i) for i in lanes}, key=lambda w: (w != "caller", int(w[1:]) if w != "caller" else 0))
    over = f"{ids[0]},{ids[-1]}" if len(ids) > 1 else ids[0]
    return [
        f"{indent}rect {_TINT.get(frame.kind, 'rgba(0, 0, 0, 0.05)')}",
        f"{indent}    Note over {over}: {title}",
    ]


def _who(index: int | None) -> str:
    return "caller" if index is None else f"M{index}"


_LINE = {ArrowKind.ORIGIN: "--)", ArrowKind.STORE: "->>", ArrowKind.RETURN: "-->>"}


def _participants(diagram: FlowMap) -> list[str]:
    lines = []
    if any(a.source is None or a.target is None for a in diagram.arrows):
        lines.append("    participant caller as (outside)")
    for index, lane in enumerate(diagram.lifelines):
        # Mermaid's `database` and `queue` shapes need Mermaid 11; GitHub's renderer lags
        lines.append(f"    participant M{index} as {_escape(lane.name)}")
        if lane.types:
            lines.append(f"    Note over M{index}: {_escape(', '.join(lane.types))}")
    return lines


def _message(arrow: Arrow, pad: str) -> list[str]:
    """The arrow as a Mermaid message, indented by `pad`."""
    text = f"{_who(arrow.target)}: {_escape(label(arrow))}"
    if arrow.kind == ArrowKind.QUEUE:  # tinted purple as in the SVG: Mermaid has no dotted async head
        return [f"{pad}rect {_TINT[ArrowKind.QUEUE]}", f"{pad}    {_who(arrow.source)}-){text}", f"{pad}end"]
    if arrow.kind in (ArrowKind.CALL, ArrowKind.ENTRY):
        line = "-)" if arrow.asynchronous else "->>"
    else:
        line = _LINE[arrow.kind]
    return [f"{pad}{_who(arrow.source)}{line}{text}"]


def _openings(diagram: FlowMap, number: int, depth: int) -> tuple[list[str], int]:
    """The blocks that open at arrow `number` and the branches that start there, and the
    depth after them."""
    lines = []
    for frame in diagram.frames:
        if frame.start == number:
            lines.extend(_opening(diagram, frame, "    " * (depth + 1)))
            depth += 1
        elif number in frame.branches:
            word = "and" if frame.kind == FrameKind.PAR else "else"
            lines.append(f"{'    ' * depth}{word}")
    return lines, depth


def render_mermaid(diagram: FlowMap) -> str:
    """A `sequenceDiagram` with one participant per lifeline, in the flow's order, the frames as
    Mermaid blocks, spawned calls as async `-)` arrows and returns as dotted `-->>` (an error
    return is named `Err` in its label: Mermaid's `x` head means a lost message)."""
    title = json.dumps(f"{diagram.flow}: {diagram.title}", ensure_ascii=False)  # JSON is YAML
    lines = ["---", f"title: {_escape(title)}", "---", "sequenceDiagram", f"    %% {MARKER}"]
    lines += _participants(diagram)
    depth = 0
    for number, arrow in enumerate(diagram.arrows):
        opened, depth = _openings(diagram, number, depth)
        lines += opened
        lines += _message(arrow, "    " * (depth + 1))
        for _ in (frame for frame in diagram.frames if frame.end == number + 1):
            depth -= 1
            lines.append(f"{'    ' * (depth + 1)}end")
    return "\n".join(lines) + "\n"
