"""Pick a renderer, and draw every flow of the catalog into a folder with an index page."""

from __future__ import annotations

import html
from pathlib import Path

from ..catalog import Catalog
from ..errors import SvixFlowsError, UsageError
from ..rust.checkout import Checkout
from ..text import escape_controls
from .mermaid import render_mermaid
from .model import FlowMap, build_map
from .svg import render_svg
from .text import render_text

FORMATS = ("svg", "mermaid", "text")
_RENDERERS = {"svg": render_svg, "mermaid": render_mermaid, "text": render_text}


def default_format(to_file: bool, terminal: bool) -> str:
    """SVG into a file or a pipe, the text table on a terminal."""
    return "text" if terminal and not to_file else "svg"


def render(diagram: FlowMap, fmt: str) -> str:
    """The diagram in one of FORMATS."""
    if fmt not in _RENDERERS:
        raise UsageError(f"--format {fmt}: unknown; use one of {', '.join(FORMATS)}")
    return _RENDERERS[fmt](diagram)


def write_file(path: Path, text: str) -> None:
    """`text` into `path`, atomically (the corpus's own replace discipline)."""
    from ..corpus.files import replace_file

    replace_file(path, [text.encode("utf-8")])


def write_all(checkout: Checkout, catalog: Catalog, folder: Path) -> list[Path]:
    """One SVG per flow and an `index.html` listing them; the paths written, index last."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; --all writes one SVG per flow into -o DIR")
    written: list[Path] = []
    entries: list[tuple[FlowMap, str]] = []
    for flow in catalog.flows:
        try:
            diagram = build_map(checkout, flow)
        except SvixFlowsError as exc:
            raise type(exc)(f"flow {flow.id}: {exc}") from None
        name = f"{flow.id}.svg"
        write_file(folder / name, render_svg(diagram))
        written.append(folder / name)
        entries.append((diagram, name))
    index = folder / "index.html"
    write_file(index, index_html(entries))
    written.append(index)
    return written


def _h(text: str) -> str:
    return html.escape(escape_controls(text), quote=True)


def index_html(entries: list[tuple[FlowMap, str]]) -> str:
    """A static page: each flow's title, description and picture, everything escaped."""
    items = []
    for diagram, name in entries:
        modules = " → ".join(lane.name for lane in diagram.lifelines)
        items.append(
            f'<section id="{_h(diagram.flow)}">\n'
            f'<h2><a href="{_h(name)}">{_h(diagram.flow)}</a>: {_h(diagram.title)}</h2>\n'
            f"<p>{_h(diagram.description)}</p>\n"
            f'<p class="modules">{_h(modules)}</p>\n'
            f'<a href="{_h(name)}"><img src="{_h(name)}" alt="{_h(diagram.title)}" loading="lazy"></a>\n'
            f"</section>"
        )
    toc = "\n".join(f'<li><a href="#{_h(d.flow)}">{_h(d.flow)}</a>: {_h(d.title)}</li>' for d, _ in entries)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>svix-flows: flow maps</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:100%;margin:1.5em;color:#1b1b1b}"
        "section{margin:2.5em 0;border-top:1px solid #ddd}img{max-width:none;border:1px solid #eee}"
        ".modules{font-family:monospace;color:#555}</style>\n</head>\n<body>\n"
        f"<h1>Flow maps</h1>\n<p>{len(entries)} flows, each a sequence diagram of its modules.</p>\n"
        f"<ul>\n{toc}\n</ul>\n" + "\n".join(items) + "\n</body>\n</html>\n"
    )


def draw(
    checkout: Checkout,
    catalog: Catalog,
    flow_id: str | None,
    fmt: str | None,
    output: Path | None,
    all_flows: bool,
    terminal: bool,
) -> tuple[str | None, list[Path]]:
    """`map`: the text for stdout (None when written to files) and the files written."""
    if all_flows:
        if flow_id is not None:
            raise UsageError(f"map --all draws every flow; drop `{flow_id}` or drop --all")
        if output is None:
            raise UsageError("map --all needs -o DIR: the folder for the SVGs and index.html")
        if fmt not in (None, "svg"):
            raise UsageError(f"map --all writes SVG; drop --format {fmt}")
        return None, write_all(checkout, catalog, output)
    if flow_id is None:
        raise UsageError("map needs a FLOW id (see `svix-flows list`), or --all -o DIR")
    diagram = build_map(checkout, catalog.flow(flow_id))
    text = render(diagram, fmt or default_format(output is not None, terminal))
    if output is None:
        return text, []
    if output.is_dir():
        raise UsageError(f"{output}: a folder; -o takes a file name for one flow (or use --all)")
    write_file(output, text)
    return None, [output]
