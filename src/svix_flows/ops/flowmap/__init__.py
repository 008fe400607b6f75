"""`map`: a flow as a sequence diagram of its modules and the data crossing between them.

`model` builds the diagram from the catalog's spans and `trace`'s call edges, `scopes` reads
the syntax around each call for its frames (`par`, background, transaction, loop, `opt`/`alt`)
and its store accesses; `svg`, `mermaid` and `text` draw it; `render` picks one, guards `-o`,
and `write_all` draws every flow into a folder with an `index.html`.
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
