"""The diagram as Mermaid `sequenceDiagram` text, which GitHub, GitLab and most editors draw."""

from __future__ import annotations

import json

from .model import CALL, ENTRY, ORIGIN, QUEUE, FlowMap, label

# Mermaid reads `;` and `#` as syntax and strips what looks like HTML: its own entity codes
# (`#lt;`, `#35;`) keep generic types and paths intact.
_ENTITIES = {"#": "#35;", ";": "#59;", "<": "#lt;", ">": "#gt;", "\n": " ", "\r": " ", "%": "#37;"}


def _escape(text: str) -> str:
    return "".join(_ENTITIES.get(char, char) for char in text if char >= " " or char in "\n\r")


def render_mermaid(diagram: FlowMap) -> str:
    """A `sequenceDiagram` with one participant per lifeline, in the flow's order."""
    title = json.dumps(f"{diagram.flow}: {diagram.title}", ensure_ascii=False)  # JSON is YAML
    lines = ["---", f"title: {_escape(title)}", "---", "sequenceDiagram"]
    has_outside = any(a.source is None or a.target is None for a in diagram.arrows)
    if has_outside:
        lines.append("    participant caller as (outside)")
    for index, lane in enumerate(diagram.lifelines):
        keyword = "participant"
        lines.append(f"    {keyword} M{index} as {_escape(lane.name)}")
        if lane.types:
            lines.append(f"    Note over M{index}: {_escape(', '.join(lane.types))}")

    def who(index: int | None) -> str:
        return "caller" if index is None else f"M{index}"

    for arrow in diagram.arrows:
        if arrow.kind in (CALL, ENTRY):
            line = "->>"
        elif arrow.kind == QUEUE:
            line = "-)"
        elif arrow.kind == ORIGIN:
            line = "--)"
        else:
            line = "--x" if arrow.error else "-->>"
        lines.append(f"    {who(arrow.source)}{line}{who(arrow.target)}: {_escape(label(arrow))}")
    return "\n".join(lines) + "\n"
