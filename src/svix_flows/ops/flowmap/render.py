"""Pick a renderer, and draw every flow of the catalog into a folder with an index page."""

from __future__ import annotations

import html
from pathlib import Path

from ...catalog import Catalog
from ...errors import SvixFlowsError, UsageError
from ...rust.checkout import Checkout
from ...text import escape_controls
from .layout import xml_safe
from .mermaid import render_mermaid
from .model import FlowMap
from .sequence import build_map
from .svg import render_svg
from .text import MARKER, render_text

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
    from ...files import replace_file

    replace_file(path, [text.encode("utf-8")])


_PICTURE_READ = 64 * 1024 * 1024  # a picture is far smaller; a bigger file is not one


def is_picture(path: Path) -> bool:
    """Whether `path` is a regular file an earlier `map` wrote (its outputs carry MARKER)."""
    try:
        if not path.is_file() or path.stat().st_size > _PICTURE_READ:
            return False
        with path.open("rb") as handle:
            return MARKER.encode() in handle.read(_PICTURE_READ)
    except OSError:
        return False


def check_target(catalog: Catalog, path: Path, force: bool) -> None:
    """Refuse to write a picture over the workspace's own files (the catalog, the corpus, its
    provenance, a draft: never, `--force` or not), over anything that is not a regular file,
    and over a file an earlier `map` did not write unless `force`."""
    from ...corpus.drafts import drafts_dir
    from ...corpus.provenance import provenance_path

    if not path.exists() and not path.is_symlink():
        return
    real = path.resolve()
    protected = {
        catalog.path.resolve(): "the catalog",
        catalog.corpus_path.resolve(): "the corpus",
        provenance_path(catalog.corpus_path).resolve(): "the corpus's provenance",
    }
    what = protected.get(real)
    if what is None and drafts_dir(catalog.workspace).resolve() in real.parents:
        what = "a draft"
    if what is not None:
        raise UsageError(f"{path}: {what}; map writes pictures, give -o another file name")
    if path.exists() and not path.is_file():
        raise UsageError(f"{path}: not a regular file; give -o a file name")
    if not force and not is_picture(path):
        raise UsageError(
            f"{path}: exists and is not a picture map wrote; give another name, or --force to replace it"
        )


def write_all(checkout: Checkout, catalog: Catalog, folder: Path, force: bool = False) -> list[Path]:
    """One SVG per flow and an `index.html` listing them; the paths written, index last."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; --all writes one SVG per flow into -o DIR")
    for name in [f"{flow.id}.{ext}" for flow in catalog.flows for ext in ("svg", "txt")] + ["index.html"]:
        check_target(catalog, folder / name, force)
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
        write_file(folder / f"{flow.id}.txt", render_text(diagram))  # the index links each table
        written.append(folder / f"{flow.id}.txt")
        entries.append((diagram, name))
    index = folder / "index.html"
    write_file(index, index_html(entries, _records(catalog), catalog.target))
    written.append(index)
    return written


def _records(catalog: Catalog) -> dict[str, int] | None:
    """Records per flow in the corpus, or None when it cannot be counted (the maps still draw)."""
    from ..status import count

    try:
        return {entry.flow: entry.records for entry in count(catalog).flows}
    except (SvixFlowsError, OSError):
        return None


def _h(text: str) -> str:
    return html.escape(xml_safe(escape_controls(text)), quote=True)


# the areas of the index, by the module the flow starts in
_AREAS = (
    ("API", ("v1::", "api::", "core::security", "core::idempotency")),
    ("Worker", ("worker",)),
    ("Queue", ("queue",)),
)


def area(diagram: FlowMap) -> str:
    """API, Worker, Queue or Operations: where the flow's first module sits."""
    first = diagram.lifelines[0].name if diagram.lifelines else ""
    for name, prefixes in _AREAS:
        if any(first.startswith(p) for p in prefixes):
            return name
    return "Operations"


# a figure's border sits inside its 100 % width (border-box): outside it, every full-width
# picture overflowed its figure by 2 px and scrolled
_PAGE_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5em;color:#1b1b1b}"
    "section{margin:2em 0;border-top:1px solid #ddd;padding-top:.5em}"
    "section svg{display:block;box-sizing:border-box;border:1px solid #eee;margin-top:.5em}"
    ".figure{overflow-x:auto}.meta{color:#555;font-size:.9em}.meta a{margin-left:1em}"
    "#search{font-size:1em;padding:.3em .5em;width:24em;max-width:90%}"
    "nav h3{margin:.8em 0 .2em}nav ul{margin:0;columns:2 28em}"
)
_SEARCH = (
    "<script>document.getElementById('search').addEventListener('input',function(e){"
    "var q=e.target.value.toLowerCase();document.querySelectorAll('[data-search]').forEach(function(n){"
    "n.hidden=q&&n.getAttribute('data-search').indexOf(q)<0;});});</script>"
)


def index_html(
    entries: list[tuple[FlowMap, str]], records: dict[str, int] | None = None, target: int = 0
) -> str:
    """A page of every flow, grouped by area: its title, summary, records in the corpus, links
    to the picture and its text table, and the picture itself inline (so its tooltips work),
    with a search box that filters by id, title and module. Everything escaped."""
    written = ""
    if records is not None:
        total = sum(records.get(diagram.flow, 0) for diagram, _ in entries)
        written = (
            f"; {total} records written against a target of {target}" if target else f"; {total} records"
        )
    groups: dict[str, list[tuple[FlowMap, str]]] = {}
    for diagram, name in entries:
        groups.setdefault(area(diagram), []).append((diagram, name))
    order = [a for a, _ in _AREAS] + ["Operations"]
    toc, items = [], []
    for group in [g for g in order if g in groups]:
        toc.append(f"<h3>{_h(group)}</h3>\n<ul>")
        items.append(f'<h2 id="area-{_h(group.lower())}">{_h(group)}</h2>')
        for diagram, name in groups[group]:
            modules = " → ".join(lane.name for lane in diagram.lifelines)
            words = f"{diagram.flow} {diagram.title} {modules}".lower()
            count = "" if records is None else f"{records.get(diagram.flow, 0)} records"
            text_name = name.removesuffix(".svg") + ".txt"
            toc.append(
                f'<li data-search="{_h(words)}"><a href="#{_h(diagram.flow)}">{_h(diagram.flow)}</a>: '
                f"{_h(diagram.title)}</li>"
            )
            svg = render_svg(diagram).replace("<svg ", '<svg class="map" ', 1)
            items.append(
                f'<section id="{_h(diagram.flow)}" data-search="{_h(words)}">\n'
                # the picture carries the title and the summary: the heading only names the flow
                f"<h3>{_h(diagram.flow)}</h3>\n"
                f'<p class="meta">{_h(count)}<a href="{_h(name)}">picture</a>'
                f'<a href="{_h(text_name)}">text</a></p>\n'
                f'<div class="figure">{svg}</div>\n</section>'
            )
        toc.append("</ul>")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>svix-flows: flow maps</title>\n<!-- {MARKER} -->\n"
        f"<style>{_PAGE_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>Flow maps</h1>\n<p>{len(entries)} flows, each a sequence diagram of its modules{written}.</p>\n"
        '<p><input id="search" type="search" placeholder="filter by flow, title or module" '
        'aria-label="filter flows"></p>\n'
        f"<nav>\n{chr(10).join(toc)}\n</nav>\n" + "\n".join(items) + f"\n{_SEARCH}\n</body>\n</html>\n"
    )


def draw(
    checkout: Checkout,
    catalog: Catalog,
    flow_id: str | None,
    fmt: str | None,
    output: Path | None,
    all_flows: bool,
    terminal: bool,
    force: bool = False,
) -> tuple[str | None, list[Path]]:
    """`map`: the text for stdout (None when written to files) and the files written."""
    if all_flows:
        if flow_id is not None:
            raise UsageError(f"map --all draws every flow; drop `{flow_id}` or drop --all")
        if output is None:
            raise UsageError("map --all needs -o DIR: the folder for the SVGs and index.html")
        if fmt not in (None, "svg"):
            raise UsageError(f"map --all writes SVG; drop --format {fmt}")
        return None, write_all(checkout, catalog, output, force)
    if flow_id is None:
        raise UsageError("map needs a FLOW id (see `svix-flows list`), or --all -o DIR")
    if output is not None:
        if output.is_dir():
            raise UsageError(f"{output}: a folder; -o takes a file name for one flow (or use --all)")
        check_target(catalog, output, force)
    diagram = build_map(checkout, catalog.flow(flow_id))
    text = render(diagram, fmt or default_format(output is not None, terminal))
    if output is None:
        return text, []
    write_file(output, text)
    return None, [output]
