"""`map`: a flow as a sequence diagram of its modules and the data crossing between them.

The values are in `model` (their kinds in `kinds`). `sequence.build_map` makes one: `lanes`
reads the flow's spans as lifelines, `edges` finds each function's calls, sends, origins and
store accesses from `trace` and the syntax around each call (`call_site`, `scopes`), with
`signatures` for the types it shows, and `sequence` draws them in order, `framing` boxing
them (`par`, background, transaction, loop, `opt`/`alt`, start-up). `labels` writes the text
on an arrow; `layout` and `svg`, `mermaid` and `text` draw a diagram; `render` picks one,
guards `-o`, and `write_all` draws every flow into a folder with an `index.html`.
"""

from __future__ import annotations

from .model import FlowMap, crop, flow_summary
from .render import FORMATS, default_format, draw, render, write_all
from .sequence import build_map

__all__ = [
    "FORMATS",
    "FlowMap",
    "build_map",
    "crop",
    "default_format",
    "draw",
    "flow_summary",
    "render",
    "write_all",
]
