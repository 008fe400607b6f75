"""`map`: a flow as a sequence diagram of its modules and the data crossing between them.

`model` builds the diagram from the catalog's spans and `trace`'s call edges; `svg`, `mermaid`
and `text` draw it; `render` picks one; `write_all` draws every flow into a folder with an
`index.html`.
"""

from __future__ import annotations

from .model import FlowMap, build_map
from .render import FORMATS, default_format, draw, render, write_all

__all__ = ["FORMATS", "FlowMap", "build_map", "default_format", "draw", "render", "write_all"]
