"""A `Trace` for people (a tree) and for machines (TOML, JSON)."""

from __future__ import annotations

from typing import Any

from ...errors import UsageError
from .calls import PATH, RESOLUTIONS, STD
from .format import TraceFormat
from .walk import Step, Trace, TraceNode

# ---- rendering -----------------------------------------------------------------------


def _signature_text(step: Step) -> str:
    returns = f" -> {step.returns}" if step.returns else ""
    return f"({', '.join(step.params)}){returns}"


def render_tree(trace: Trace, show_std: bool = False) -> str:
    """The call tree as text: one `file:symbol (lines A-B)` per line, boundaries marked `⇒`."""
    lines: list[str] = []

    def emit(node: TraceNode, prefix: str, branch: str, child_prefix: str) -> None:
        step = node.step
        mark = "⇒ " if node.crosses else ""
        head = f"{prefix}{branch}{mark}{step.file}:{step.symbol} (lines {step.start_line}-{step.end_line})"
        notes = []
        if node.crosses:
            notes.append(f"[{node.crosses}]")
        if node.how != PATH:
            notes.append(f"({node.how}: {node.via})" if node.via else f"({node.how})")
        if node.repeat == "cycle":
            notes.append("↻ cycle")
        elif node.repeat == "seen":
            notes.append("↑ seen above")
        elif node.repeat == "nearer":
            notes.append("↓ expanded below, nearer the entry")
        elif node.outside:
            notes.append("· outside --into")
        elif node.cut:
            notes.append("… depth limit")
        lines.append(" ".join([head, _signature_text(step)] + notes))
        inner = prefix + child_prefix
        shown = [u for u in node.unresolved if show_std or u.reason != STD]
        hidden = len(node.unresolved) - len(shown)
        by_reason: dict[str, list[str]] = {}
        for item in shown:
            by_reason.setdefault(item.reason, []).append(f"{item.call}:{item.line}")
        entries = [f"{reason}: {', '.join(calls)}" for reason, calls in by_reason.items()]
        if hidden:
            entries.append(f"{hidden} std/unknown-receiver calls (--json lists them)")
        for entry in entries:
            bar = "│   " if node.children else "    "
            lines.append(f"{inner}{bar}? {entry}")
        for position, child in enumerate(node.children):
            last = position == len(node.children) - 1
            emit(child, inner, "└── " if last else "├── ", "    " if last else "│   ")

    emit(trace.root, "", "", "")
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped) + '"'


def render_toml(trace: Trace) -> str:
    """A `spans = [...]` list for flows.toml: the reached items in data-flow order, entry first."""
    reached = [trace.root.step, *trace.order[1:]]
    seen: set[tuple[str, str]] = set()
    rows = []
    for step in reached:
        if (step.file, step.symbol) in seen:
            continue
        seen.add((step.file, step.symbol))
        rows.append(f"  {{ file = {_toml_string(step.file)}, symbol = {_toml_string(step.symbol)} }},")
    return "spans = [\n" + "\n".join(rows) + "\n]\n"


def to_json(trace: Trace) -> dict[str, Any]:
    """The trace for machines: steps in data-flow order, edges with their types, unresolved calls."""
    steps = {step.key: step for step in trace.order}
    edges: list[dict[str, Any]] = []
    unresolved: list[dict[str, Any]] = []

    def walk(node: TraceNode) -> None:
        for item in node.unresolved:
            unresolved.append(
                {
                    "in": node.step.key,
                    "call": item.call,
                    "line": item.line,
                    "reason": item.reason,
                    "detail": item.detail,
                }
            )
        for child in node.children:
            steps.setdefault(child.step.key, child.step)
            edges.append(
                {
                    "from": node.step.key,
                    "to": child.step.key,
                    "line": child.line,
                    "call": child.call,
                    "crosses": child.crosses,
                    "how": child.how,
                    "via": child.via,
                    "args": list(child.step.params),
                    "returns": child.step.returns,
                    "followed": child.repeat is None and not child.outside,
                    "repeat": child.repeat,
                    "outside_into": child.outside,
                }
            )
            walk(child)

    walk(trace.root)
    # keyed by the display text: JSON keys are plain strings
    resolutions = dict.fromkeys((how.value for how in RESOLUTIONS), 0)
    for edge in edges:
        resolutions[str(edge["how"])] = resolutions.get(str(edge["how"]), 0) + 1
    return {
        "entry": trace.root.step.key,
        "resolutions": resolutions,
        "depth": trace.depth,
        "into": list(trace.into),
        "steps": [
            {
                "file": s.file,
                "symbol": s.symbol,
                "kind": s.kind,
                "module": s.module,
                "start_line": s.start_line,
                "end_line": s.end_line,
                "params": list(s.params),
                "returns": s.returns,
            }
            for s in steps.values()
        ],
        "edges": edges,
        "unresolved": unresolved,
    }


FORMATS = ("tree", "toml", "json")


def output_format(fmt: TraceFormat | None = None, toml: bool = False, json: bool = False) -> str:
    """The one format `--format` (or its aliases `--toml`, `--json`) asks for."""
    asked = {f.value for f in ([fmt] if fmt is not None else [])}
    asked |= {"toml"} if toml else set()
    asked |= {"json"} if json else set()
    if len(asked) > 1:
        raise UsageError("--format, --toml and --json ask for different formats; pick one --format")
    chosen = asked.pop() if asked else "text"
    return "tree" if chosen == "text" else chosen


def render(trace: Trace, fmt: str, show_std: bool = False) -> str:
    """The trace in one of FORMATS, as text ending in a newline."""
    if fmt == "toml":
        return render_toml(trace)
    if fmt == "json":
        import orjson

        return orjson.dumps(to_json(trace), option=orjson.OPT_INDENT_2).decode() + "\n"
    return render_tree(trace, show_std)
