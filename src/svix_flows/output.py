"""Rendering for people and machines: data to stdout, people to stderr, always through rich."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, TextIO

from .text import UNPRINTABLE, escape_controls

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from .catalog import Flow
    from .checks.validate import Summary
    from .ops.authoring import Outcome
    from .ops.check import CheckReport
    from .ops.dropping import DropPlan
    from .ops.review import Decision as ReviewDecision
    from .ops.review import Item as ReviewItem
    from .ops.review import ReviewReport
    from .ops.status import CountReport, FlowStatus, StatusReport
    from .records.findings import Finding
    from .rust.checkout import Span


def safe(text: str) -> str:
    """Text from files made harmless for a terminal and for rich markup."""
    from rich.markup import escape

    return escape(escape_controls(text, keep_layout=True))


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
        """Raw data to stdout, exactly, untouched by rich (for pipes and `--plain`).

        On a terminal it is read by a person, so control characters (escape sequences a source
        file or a record may hold) are shown escaped; piped, the bytes pass as they are.
        """
        target = stream or sys.stdout
        if stream is None and self.interactive:
            text = escape_controls(text, keep_layout=True)
        target.write(text)
        target.flush()

    def table(
        self,
        columns: tuple[str, ...],
        rows: Sequence[tuple[object, ...]],
        title: str | None = None,
        styles: dict[str, str] | None = None,
        *,
        numbers: frozenset[str] = frozenset(),
        compact: bool = False,
    ) -> None:
        """Rows for people on a terminal (a rich table; `styles` colours cell values, the
        `numbers` columns are right-aligned, `compact` puts one space between columns and wraps
        a cell too wide rather than cutting it), and
        tab-separated lines with a header row when stdout is a pipe, so tools can read them."""
        if not self.interactive:
            clean = [tuple(UNPRINTABLE.sub(" ", str(c)) for c in row) for row in [columns, *rows]]
            self.data("".join("\t".join(row) + "\n" for row in clean))
            return
        from rich.table import Table

        styles = styles or {}
        table = Table(
            title=title,
            box=None,
            show_edge=False,
            padding=(0, 1, 0, 0) if compact else (0, 1),  # compact: one space between columns
            pad_edge=not compact,
        )
        for column in columns:
            # compact tables are made to fit: a cell too wide for the screen wraps, never cut short
            justify: Literal["left", "right"] = "right" if column in numbers else "left"
            table.add_column(column, justify=justify, overflow="fold" if compact else "ellipsis")
        for row in rows:
            table.add_row(*(f"[{styles[c]}]{safe(c)}[/]" if c in styles else safe(c) for c in map(str, row)))
        self.out.print(table)

    def error(self, message: str) -> None:
        self.err.print(f"[bold red]error:[/] {safe(message)}", soft_wrap=True)

    def note(self, message: str) -> None:
        self.err.print(safe(message), style="dim", soft_wrap=True)


def show_flows(output: Output, resolved: list[tuple[Flow, list[Span]]], *, pager: bool) -> None:
    """`show` on a terminal: each flow's title, summary, facts, notes, spans and skipped steps, paged
    through $PAGER (`less -R` by default) unless `pager` is False or $PAGER says none."""
    from .pager import page, pager_command

    command = pager_command() if pager else None
    if command is None:
        for flow, spans in resolved:
            show_flow(output, flow, spans)
        return
    with output.out.capture() as captured:
        for flow, spans in resolved:
            show_flow(output, flow, spans)
    text = captured.get()
    if not page(text, command):
        # the pager cannot start: the captured text holds escape codes, which would show as
        # literal `\x1b[…` text; render it again for the terminal itself, without styles
        from rich.console import Console

        terminal = output.out
        plain = Output(
            out=Console(file=terminal.file, width=terminal.width, color_system=None, highlight=False)
        )
        for flow, spans in resolved:
            show_flow(plain, flow, spans)


def show_flow(output: Output, flow: Flow, spans: list[Span]) -> None:
    """One flow: its title, summary, facts and notes first, then the spans; a skipped step where
    it is skipped."""
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    console = output.out
    console.print(Rule(safe(f"{flow.id}: {flow.title}"), style="bold"))
    console.print(Text(escape_controls(" ".join(flow.summary.split())), style="italic"))
    console.print()
    for heading, entries in (("Facts, in the order the data moves", flow.facts), ("Notes", flow.notes)):
        if entries:
            console.print(Text(heading, style="bold"))
            # a grid of bullet and text: a wrapped entry stays indented under its own bullet
            bullets = Table.grid(padding=(0, 1))
            bullets.add_column()
            bullets.add_column()
            for entry in entries:
                bullets.add_row("•", Text(escape_controls(" ".join(entry.split()))))
            console.print(bullets)
            console.print()
    skips: dict[int, list[str]] = {}
    for skip in flow.skips:
        skips.setdefault(skip.after, []).append(skip.note)
    for number, span in enumerate([None, *spans]):
        if span is not None:
            show_spans(output, [span])
        for note in skips.get(number, []):
            console.print(Text("⋯ skipped here: " + escape_controls(note), style="yellow"))
            console.print()


def show_spans(output: Output, spans: list[Span], title: str | None = None) -> None:
    """Spans syntax-highlighted with their real line numbers and a header each."""
    from rich.rule import Rule
    from rich.syntax import Syntax

    console = output.out
    if title:
        console.print(Rule(safe(title), style="bold"))
    for span in spans:
        context = f" [dim]in {safe(span.context)}[/]" if span.context else ""
        console.print(
            f"[bold cyan]{safe(span.path)}[/] [green]{safe(span.symbol)}[/] "
            f"[dim]lines {span.start_line}-{span.end_line}[/]{context}"
        )
        console.print(
            Syntax(
                escape_controls(span.text, keep_layout=True),  # the record keeps the bytes
                "rust",
                line_numbers=True,
                start_line=span.start_line,
                word_wrap=False,
                theme="monokai",
            )
        )
        console.print()


def render_check(output: Output, report: CheckReport) -> None:
    """`check`: the commit line, then a table of problems and one of drift."""
    from .catalog import DriftState

    style = "green" if report.commit.matches else "yellow"
    output.err.print(f"[{style}]{safe(report.commit.note)}[/]", soft_wrap=True)
    if report.problems:
        output.table(
            ("flow", "file", "symbol", "problem", "message"),
            [(p.flow, p.file, p.symbol, p.kind, p.message) for p in report.problems],
            title="problems",
            styles=dict.fromkeys({p.kind for p in report.problems}, "red"),
        )
    moved = [d for d in report.drift if d.state is not DriftState.UNCHANGED]
    if moved:
        output.table(
            ("flow", "file", "symbol", "state", "locked", "now"),
            [
                (
                    d.flow,
                    d.file,
                    d.symbol,
                    d.state,
                    f"{d.locked_lines[0]}-{d.locked_lines[1]}" if d.locked_lines else "",
                    f"{d.lines[0]}-{d.lines[1]}" if d.lines else "",
                )
                for d in moved
            ],
            title="drift since flows.lock",
            styles={"moved": "yellow", "changed": "red", "gone": "red", "new": "cyan"},
        )
    if report.cite_drift:
        output.table(
            ("flow", "cite", "state", "in span", "now"),
            [
                (c.flow, str(c.cite), c.state, c.symbol, str(c.now) if c.now else "")
                for c in report.cite_drift
            ],
            title="cites in drifted spans",
            styles={"moved": "yellow", "changed": "red", "gone": "red"},
        )
    states: dict[str, int] = {}
    for d in report.drift:
        states[d.state] = states.get(d.state, 0) + 1
    drift = ", ".join(f"{n} {state}" for state, n in sorted(states.items())) or "no flows.lock"
    verdict = "[green]ok[/]" if report.ok else "[red]failed[/]"
    output.err.print(
        f"{verdict}: {report.flows} flows, {report.files} files, {len(report.spans)} spans resolved, "
        f"{report.cites} cites, {report.claims} claims checked, {len(report.problems)} problems; "
        f"drift: {drift}",
        soft_wrap=True,
    )


NEXT_SHOWN = 3  # flows named after `next:`; the rest are counted, so the line never wraps


# `status` piped: every count in a column of its own, for tools
STATUS_COLUMNS = (
    "flow",
    "files",
    "spans",
    "lines",
    "~tokens",
    "records",
    "drafts",
    "stale",
    "findings",
    "accepted",
    "needs work",
    "unreviewed",
    "state",
)
# `status` on a terminal: the same counts within 100 columns (a 32-character flow id included):
# the three review counts share one column, and the stale count is shown with the state
STATUS_SCREEN_COLUMNS = (
    "flow",
    "files",
    "spans",
    "lines",
    "~tokens",
    "drafts",
    "records",
    "flagged",
    "review",
    "state",
)
_STATUS_NUMBERS = frozenset({"files", "spans", "lines", "~tokens", "drafts", "records", "flagged"})
_STATE_STYLES = {"recorded": "green", "stale": "red", "broken": "red", "drafted": "yellow"}


def render_status(output: Output, report: StatusReport, *, every_row: bool = False) -> None:
    """`status`: the totals against the target first, then the flows under way (on a terminal;
    every flow with `every_row`, or when piped, for tools), then the next flows to write."""
    unknown = f" ({report.unknown} without provenance)" if report.unknown else ""
    output.err.print(
        f"[bold]{report.records} of {report.target} records[/]{safe(unknown)}: {report.accepted} accepted, "
        f"{report.needs_work} need work, {report.unreviewed} unreviewed; {report.drafted} drafts pending",
        soft_wrap=True,
    )
    every_row = every_row or not output.interactive
    rows = [row for row in report.flows if every_row or row.active]
    if rows and output.interactive:
        _status_screen_table(output, rows)
    elif rows:
        output.table(STATUS_COLUMNS, [_status_row(row) for row in rows])
    hidden = len(report.flows) - len(rows)
    if hidden:
        output.note(f"{hidden} flows not started are not shown; `svix-flows status --all` lists every flow")
    _status_hints(output, report)


def _status_row(row: FlowStatus) -> tuple[object, ...]:
    """A flow's row as tools read it: the columns of STATUS_COLUMNS."""
    return (
        row.flow,
        row.files,
        row.spans,
        "?" if row.lines is None else row.lines,
        "?" if row.tokens is None else row.tokens,
        row.records,
        row.drafted,
        row.stale,
        _flagged(row),
        row.accepted,
        row.needs_work,
        row.unreviewed,
        row.state,
    )


def _flagged(row: FlowStatus) -> str:
    return f"{row.flagged} of {row.records}" if row.flagged else ""


def _status_screen_table(output: Output, rows: list[FlowStatus]) -> None:
    """The flows' rows for a person: STATUS_SCREEN_COLUMNS, coloured by state, and a note that
    reads the merged cells when a row has any."""
    cells = [_screen_row(row) for row in rows]
    styles = {_state_cell(row): _STATE_STYLES[row.state] for row in rows if row.state in _STATE_STYLES}
    styles.update({_flagged(row): "yellow" for row in rows if row.flagged})
    output.table(STATUS_SCREEN_COLUMNS, cells, styles=styles, numbers=_STATUS_NUMBERS, compact=True)
    legend = []
    if any(row.records for row in rows):
        legend.append("review: records accepted/needing work/unreviewed")
    if any(row.stale for row in rows):
        legend.append("stale (N): N records whose code changed")
    if legend:
        output.note("; ".join(legend))


def _screen_row(row: FlowStatus) -> tuple[object, ...]:
    """A flow's row for a person: the columns of STATUS_SCREEN_COLUMNS."""
    return (
        row.flow,
        row.files,
        row.spans,
        "?" if row.lines is None else row.lines,
        "?" if row.tokens is None else row.tokens,
        row.drafted,
        row.records,
        _flagged(row),
        f"{row.accepted}/{row.needs_work}/{row.unreviewed}" if row.records else "",
        _state_cell(row),
    )


def _state_cell(row: FlowStatus) -> str:
    """The state, with the count of stale records when there are any."""
    if not row.stale:
        return row.state
    return f"{row.state} ({row.stale})" if row.state == "stale" else f"{row.state} ({row.stale} stale)"


def _status_hints(output: Output, report: StatusReport) -> None:
    """What to do next: the records with findings, the records awaiting review, the next flows."""
    if report.flagged:
        output.err.print(
            f"{report.flagged} record{'s have' if report.flagged > 1 else ' has'} findings (warnings included): "
            "`svix-flows validate` shows them, `svix-flows write FLOW --revise N` fixes one",
            soft_wrap=True,
        )
    if report.unreviewed:
        output.err.print(f"{report.unreviewed} records await review: `svix-flows review`", soft_wrap=True)
    if not report.next:
        return
    more = len(report.next) - NEXT_SHOWN
    listed = ", ".join(report.next[:NEXT_SHOWN]) + (
        f" (and {more} more to reach the target)" if more > 0 else ""
    )
    output.err.print(f"next: {safe(listed)}", soft_wrap=True)
    summaries = {row.flow: row.summary for row in report.flows}
    for flow in report.next[:NEXT_SHOWN]:
        output.err.print(f"  [bold]{safe(flow)}[/]: {safe(summaries[flow])}", soft_wrap=True)


def render_count(output: Output, report: CountReport) -> None:
    """`count`: a row per flow with records or drafts (on a terminal, one line for the others;
    piped, every flow), then the total against the target."""
    shown = [row for row in report.flows if row.records or row.pending or not row.in_catalog]
    if not output.interactive:
        shown = list(report.flows)
    rows: list[tuple[object, ...]] = [
        (row.flow + ("" if row.in_catalog else " (not in catalog)"), row.records, row.pending)
        for row in shown
    ]
    if report.unknown:
        rows.append(("unknown flow", report.unknown, ""))
    if rows:
        output.table(("flow", "records", "drafts pending"), rows)
    others = len(report.flows) - len(shown)
    if others:
        output.note(f"{others} other flows: no record, no draft")
    output.err.print(f"{report.total} of {report.target} records, {report.pending} drafts pending")


def validate_problem(file: str, found: Finding, json: bool) -> str:
    from .records.findings import printable

    if json:
        import orjson

        return orjson.dumps(found.to_dict(file)).decode() + "\n"
    return f"{printable(file, None)}:{found.line}: {found.code} {found.name}: {found.message}\n"


def validate_summary(output: Output, summary: Summary, json: bool, *, last: bool, files: int = 1) -> None:
    """Each file's summary on stderr; with --json, the total as the last object on stdout."""
    if json:
        if last:
            import orjson

            output.data(orjson.dumps({"summary": {**summary.to_dict(), "files": files}}).decode() + "\n")
        return
    import sys

    from .records.findings import CODES, printable

    codes = ", ".join(f"{code} ×{count}" for code, count in sorted(summary.codes.items()))
    lines = []
    if not last or files > 1:
        lines.append(
            f"{printable(summary.file, None)}: {summary.records} records, {summary.valid} valid; "
            f"{summary.errors} errors, {summary.warnings} warnings" + (f" ({codes})" if codes else "")
        )
    if last:  # what to do, once per code found (docs/validate.md has the whole table)
        lines += [f"  {code} {CODES[code].name}: {CODES[code].fix}" for code in sorted(summary.codes)]
    # plain text, escaped, written directly: rich would cost a fifth of a small file's run
    output.data("".join(line + "\n" for line in lines), sys.stderr)


def variant_question(flow: str, recorded: list[int]) -> str:
    """`message_creation has 1 record. Add a variant [a], revise record 1 [1], or quit [q]?`"""
    numbers = [str(n) for n in recorded]
    if len(numbers) == 1:
        records, revise = "1 record", f"revise record {numbers[0]} [{numbers[0]}]"
    else:
        listed = ", ".join(numbers[:-1]) + f" or {numbers[-1]}"
        records, revise = f"{len(numbers)} records", f"revise record {listed} [{'/'.join(numbers)}]"
    return f"{flow} has {records}. Add a variant [a], {revise}, or quit [q]?"


class TerminalQuestions:
    """The questions of `write`, asked on the terminal (stderr), answered on stdin."""

    def __init__(self, output: Output) -> None:
        self.output = output
        self.shown: Outcome | None = None  # the last outcome whose problems were shown before asking

    def ask(self, question: str, choices: list[str], default: str) -> str:
        """One question whose text names its own choices: `… [a], … [q]?`, Enter for `default`."""
        from rich.prompt import Prompt

        class Question(Prompt):
            prompt_suffix = " "  # the question ends in its own `?`

        return Question.ask(
            safe(question),
            choices=choices,
            default=default,
            console=self.output.err,
            show_choices=False,
            show_default=False,
        )

    def choose(self, flow: str, recorded: list[int]) -> int | None:
        from .ops.authoring import QUIT

        answer = self.ask(variant_question(flow, recorded), ["a", *map(str, recorded), "q"], "q")
        return None if answer == "a" else QUIT if answer == "q" else int(answer)

    def reopen(self, outcome: Outcome) -> bool:
        from rich.prompt import Confirm

        report_problems(self.output, outcome)
        self.shown = outcome
        return Confirm.ask("Reopen the editor to fix them?", default=True, console=self.output.err)

    def warned(self, outcome: Outcome) -> str:
        report_problems(self.output, outcome)
        self.shown = outcome
        answer = self.ask(
            "The record passes with warnings. Append anyway [a], reopen the editor [r] (Enter), or quit [q]?",
            ["a", "r", "q"],
            "r",
        )
        return {"a": "append", "r": "reopen", "q": "quit"}[answer]


def confirm(output: Output, question: str) -> bool:
    """A yes/no question on the terminal (stderr), no by default."""
    from rich.prompt import Confirm

    return Confirm.ask(question, default=False, console=output.err)


def describe_drop(plan: DropPlan, corpus: Path) -> str:
    """`drop`'s question and its notes name the same record the same way."""
    where = f"line {plan.line} of {corpus}" if plan.line else f"not in {corpus} any more"
    return f"`{plan.flow}` variant {plan.variant} ({where}; draft {plan.draft})"


def report_written(
    output: Output, outcome: Outcome, corpus: Path, *, shown: Outcome | None, claims: bool = False
) -> None:
    """What `write` came to: the problems (unless `shown` on the terminal already), then one line:
    what was recorded and what the checks covered ("appended … as line 7: 26 names, 7 claims
    checked, 0 contradicted"), or that nothing was; where earlier texts were kept. With `claims`,
    each claim the code backs, with where."""
    from .ops.authoring import Status, checked, describe, failure_note, supported_claims

    if outcome.kept is not None:
        output.note(f"the draft's earlier texts (never recorded) are kept at {outcome.kept}")
    if claims:
        backed = supported_claims(outcome)
        output.note(f"claims the code backs: {len(backed)}" + ("" if backed else " (none read)"))
        for line in backed:
            output.err.print(f"  {safe(line)}", soft_wrap=True, highlight=False)
    if not outcome.ok:
        if shown is not outcome:
            report_problems(output, outcome)
        output.note(failure_note(outcome))
        return
    report_problems(output, outcome)
    said = describe(outcome, corpus)
    if outcome.status in (Status.APPENDED, Status.REVISED) and not outcome.adopted:
        said += f": {checked(outcome)}"
    output.err.print(safe(said), soft_wrap=True)


def report_problems(output: Output, outcome: Outcome) -> None:
    if outcome.code_edited:
        output.note("edits below the === CODE line are ignored: the record's code comes from the checkout")
    if outcome.problem:
        output.error(outcome.problem)
    for found in outcome.findings:
        style = "bold red" if found.is_error else "yellow"
        output.err.print(
            f"{safe(str(outcome.draft))}: [{style}]{found.code} {found.name}[/]: {safe(found.message)}",
            soft_wrap=True,
        )


def _verdict_table(output: Output, findings: Sequence[Finding]) -> None:
    """What the checks say about one record, as `review` shows it: one row per finding of
    `validate` (with the checkout). The one place a record's verdicts are drawn, so the
    verdicts of further checks join this table rather than another."""
    from rich.table import Table

    from .records.findings import Severity

    console = output.out
    if not findings:
        console.print("[green]validate finds nothing on this record[/]")
        return
    table = Table(box=None, show_edge=False, show_header=True)
    for column in ("code", "check", "what"):
        table.add_column(column, overflow="fold")
    for found in findings:
        style = "bold red" if found.is_error else "yellow" if found.severity is Severity.WARNING else "dim"
        table.add_row(f"[{style}]{found.code}[/]", safe(found.name), safe(found.message))
    console.print(table)


def _review_title(item: ReviewItem, position: int, total: int) -> str:
    entry = item.entry
    return (
        f"{position}/{total} · {entry.flow} variant {entry.variant} · line {item.line} · {item.state.value}"
    )


def show_review_item(output: Output, item: ReviewItem, position: int, total: int) -> None:
    """One record for its reviewer: the request, the think block, the checks' verdicts, the code
    headers; an earlier review that no longer counts (revised, drifted) with its note."""
    from rich.rule import Rule
    from rich.text import Text

    console = output.out
    console.print(Rule(safe(_review_title(item, position, total)), style="bold"))
    earlier = item.earlier
    if earlier is not None:
        console.print(
            f"[yellow]earlier review ({safe(earlier.at)}, on the record before it changed): "
            f"{safe(earlier.verdict.value)}[/]" + (f": {safe(earlier.note)}" if earlier.note else "")
        )
    entry = item.entry
    console.print(f"[dim]draft {safe(entry.draft)} · recorded {safe(entry.created)}[/]")
    for title, text in (("request", item.request), ("think", item.think)):
        console.print()
        console.print(f"[bold]{title}[/]")
        console.print(Text(escape_controls(text, keep_layout=True)))
    console.print()
    console.print("[bold]checks[/]")
    _verdict_table(output, item.findings)
    console.print()
    console.print("[bold]code[/]")
    for header in item.headers:
        console.print(f"  [cyan]{safe(header)}[/]")
    console.print()


class TerminalReviewer:
    """`review` on a terminal: each record paged through $PAGER, then the question."""

    def __init__(self, output: Output, *, pager: bool = True) -> None:
        self.output = output
        self.pager = pager

    def decide(self, item: ReviewItem, position: int, total: int) -> ReviewDecision:
        from rich.prompt import Prompt

        from .ops.review import Action, Decision
        from .pager import page, pager_command

        command = pager_command() if self.pager and self.output.interactive else None
        if command is None:
            show_review_item(self.output, item, position, total)
        else:
            with self.output.out.capture() as captured:
                show_review_item(self.output, item, position, total)
            text = captured.get()
            if not page(text, command):
                self.output.data(text)
        answer = TerminalQuestions(self.output).ask(
            f"{item.entry.flow} variant {item.entry.variant}: "
            "accept [a], needs work [n], skip [s] (Enter), or quit [q]?",
            ["a", "n", "s", "q"],
            "s",
        )
        if answer == "n":
            note = ""
            while not note.strip():
                note = Prompt.ask("What needs work (one line)", console=self.output.err)
            return Decision(Action.NEEDS_WORK, note)
        return Decision({"a": Action.ACCEPT, "s": Action.SKIP, "q": Action.QUIT}[answer])


def render_review_list(output: Output, items: Sequence[ReviewItem]) -> None:
    """`review --no-input` without a decision: the records waiting, and any earlier note."""
    rows = []
    for item in items:
        earlier = item.earlier or item.entry.review
        said = ""
        if earlier is not None:
            said = earlier.verdict.value + (f": {earlier.note}" if earlier.note else "")
        rows.append((item.line, item.entry.flow, item.entry.variant, item.state.value, said))
    output.table(("line", "flow", "variant", "state", "last review"), rows)
    output.note(f"{len(items)} record{'' if len(items) == 1 else 's'} to review")


def render_review_report(output: Output, report: ReviewReport) -> None:
    """What a review pass wrote, one line per decision, then the tally."""
    from .ops.review import Action

    for item, decision in report.decided:
        what = "accepted" if decision.action is Action.ACCEPT else f"needs work: {decision.note}"
        output.note(f"line {item.line} `{item.entry.flow}` variant {item.entry.variant}: {what}")
    accepted = sum(1 for _, d in report.decided if d.action is Action.ACCEPT)
    if not report.decided and not report.skipped and not report.quit:
        output.note("nothing to review: no record awaits review (`svix-flows status` counts them)")
        return
    output.note(
        f"{accepted} accepted, {len(report.decided) - accepted} need work, {report.skipped} skipped; "
        f"{report.left} left unreviewed in this pass"
    )
