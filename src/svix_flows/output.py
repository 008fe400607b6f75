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
