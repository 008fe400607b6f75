"""Rendering for people and machines: data to stdout, people to stderr, always through rich."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Text from files made harmless for a terminal and for rich markup."""
    from rich.markup import escape

    return escape(_UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text))


class Output:
    """The two consoles of one invocation, made on first use.

    rich is imported only when something is rendered for people: `show --plain` and other
    data paths write to stdout directly, and start up as fast as Python can.
    """

    def __init__(self, out: Console | None = None, err: Console | None = None) -> None:
        self._out = out
        self._err = err

    @classmethod
    def create(cls) -> Output:
        return cls()

    @property
    def out(self) -> Console:
        if self._out is None:
            from rich.console import Console

            self._out = Console(highlight=False)
        return self._out

    @property
    def err(self) -> Console:
        if self._err is None:
            from rich.console import Console

            self._err = Console(stderr=True, highlight=False)
        return self._err

    @property
    def interactive(self) -> bool:
        """Whether stdout is a terminal (without importing rich to find out)."""
        if self._out is not None:
            return self._out.is_terminal
        return sys.stdout.isatty()

    def data(self, text: str, stream: TextIO | None = None) -> None:
        """Raw data to stdout, exactly, untouched by rich (for pipes and `--plain`)."""
        target = stream or sys.stdout
        target.write(text)
        target.flush()

    def error(self, message: str) -> None:
        self.err.print(f"[bold red]error:[/] {safe(message)}", soft_wrap=True)

    def note(self, message: str) -> None:
        self.err.print(safe(message), style="dim", soft_wrap=True)


def show_spans(output: Output, spans: list, title: str | None = None) -> None:
    """Spans syntax-highlighted with their real line numbers and a header each."""
    from rich.rule import Rule
    from rich.syntax import Syntax

    console = output.out
    if title:
        console.print(Rule(safe(title), style="bold"))
    for span in spans:
        console.print(
            f"[bold cyan]{safe(span.path)}[/] [green]{safe(span.symbol)}[/] "
            f"[dim]lines {span.start_line}-{span.end_line}[/]"
        )
        console.print(
            Syntax(
                span.text,
                "rust",
                line_numbers=True,
                start_line=span.start_line,
                word_wrap=False,
                theme="monokai",
            )
        )
        console.print()


def render_check(output: Output, report) -> None:
    """`check`: the commit line, then a table of problems and one of drift (stdout)."""
    from rich.table import Table

    style = "green" if report.commit.matches else "yellow"
    output.err.print(f"[{style}]{safe(report.commit.note)}[/]", soft_wrap=True)
    if report.problems:
        table = Table(title="problems", box=None, show_edge=False)
        for column in ("flow", "file", "symbol", "problem", "message"):
            table.add_column(column, overflow="fold")
        for p in report.problems:
            table.add_row(safe(p.flow), safe(p.file), safe(p.symbol), f"[red]{p.kind}[/]", safe(p.message))
        output.out.print(table)
    moved = [d for d in report.drift if d.state != "unchanged"]
    if moved:
        table = Table(title="drift since flows.lock", box=None, show_edge=False)
        for column in ("flow", "file", "symbol", "state", "locked", "now"):
            table.add_column(column)
        colours = {"moved": "yellow", "changed": "red", "gone": "red", "new": "cyan"}
        for d in moved:
            table.add_row(
                safe(d.flow), safe(d.file), safe(d.symbol), f"[{colours[d.state]}]{d.state}[/]",
                f"{d.locked_lines[0]}-{d.locked_lines[1]}" if d.locked_lines else "",
                f"{d.lines[0]}-{d.lines[1]}" if d.lines else "",
            )
        output.out.print(table)
    states = {}
    for d in report.drift:
        states[d.state] = states.get(d.state, 0) + 1
    drift = ", ".join(f"{n} {state}" for state, n in sorted(states.items())) or "no flows.lock"
    verdict = "[green]ok[/]" if report.ok else "[red]failed[/]"
    output.err.print(
        f"{verdict}: {report.flows} flows, {report.files} files, {len(report.spans)} spans resolved, "
        f"{len(report.problems)} problems; drift: {drift}",
        soft_wrap=True,
    )


def render_status(output: Output, report) -> None:
    """`status`: a row per flow, then the total against the target."""
    from rich.table import Table

    table = Table(box=None, show_edge=False)
    for column in ("flow", "files", "spans", "lines", "~tokens", "records", "drafts", "stale", "state"):
        table.add_column(
            column, justify="left" if column in ("flow", "state") else "right", no_wrap=True
        )
    colours = {"recorded": "green", "stale": "red", "broken": "red", "drafted": "yellow"}
    for row in report.flows:
        table.add_row(
            safe(row.flow), str(row.files), str(row.spans),
            "?" if row.lines is None else str(row.lines),
            "?" if row.tokens is None else str(row.tokens),
            str(row.records), str(row.drafted), str(row.stale),
            f"[{colours.get(row.state, 'dim')}]{row.state}[/]",
        )
    output.out.print(table)
    unknown = f" ({report.unknown} without provenance)" if report.unknown else ""
    output.out.print(f"{report.records} of {report.target} records{unknown}")
