"""The command line: options in, one core call, the result rendered. No logic lives here.

Start-up time is part of the product (`show` is benchmarked against bare imports), so core
modules are imported inside the commands that need them, and annotations stay real objects
(typer would otherwise `eval` every string annotation at each start).
"""

import functools
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, cast

import typer

from .catalog import DEFAULT_MAX_TOKENS
from .errors import SvixFlowsError, UsageError
from .output import (
    Output,
    TerminalQuestions,
    report_written,
    safe,
    show_flows,
    show_spans,
    validate_problem,
    validate_summary,
)
from .rust.trace.format import TraceFormat

if TYPE_CHECKING:
    from .project import Project

app = typer.Typer(
    name="svix-flows",
    help="Find, show, assemble and check the svix-server data flows of a hand-written corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        from .resources import package_version

        typer.echo(f"svix-flows {package_version() or 'unknown (not installed)'}")
        raise typer.Exit()


def handled(func: Callable[..., Any]) -> Callable[..., Any]:
    """Translate the svix-flows error family into one line on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SvixFlowsError as exc:
            Output.create().error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper


def _how(ctx: typer.Context, name: str, flag: str, envvar: str) -> str:
    source = ctx.get_parameter_source(name)
    # compared by name: typer vendors click, so its enum is not importable under one stable path
    return envvar if getattr(source, "name", "") == "ENVIRONMENT" else flag


@app.callback()
def main_options(
    ctx: typer.Context,
    catalog: Annotated[
        Optional[Path],
        typer.Option(
            "--catalog",
            envvar="SVIX_FLOWS_CATALOG",
            help="The catalog file (flows.toml).",
            dir_okay=False,
        ),
    ] = None,
    source: Annotated[
        Optional[Path],
        typer.Option(
            "--source",
            envvar="SVIX_FLOWS_SOURCE",
            help="Root of a svix-webhooks checkout.",
            file_okay=False,
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say where the catalog and checkout were found.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Find, show, assemble and check the svix-server data flows of a hand-written corpus."""
    from .project import Project

    project = Project(
        catalog_flag=catalog,
        catalog_how=_how(ctx, "catalog", "--catalog", "SVIX_FLOWS_CATALOG"),
        source_flag=source,
        source_how=_how(ctx, "source", "--source", "SVIX_FLOWS_SOURCE"),
        verbose=verbose,
    )
    ctx.obj = project
    if verbose:
        ctx.call_on_close(lambda: _say_where(project))


def _say_where(project: "Project") -> None:
    output = Output.create()
    for label, found in (("catalog", project.found_catalog), ("checkout", project.found_source)):
        if found is not None:
            output.note(f"{label}: {found.path} (from {found.how})")


def _emit_code(output: Output, sections: list[str], plain: bool, render: Callable[[], None]) -> None:
    if plain or not output.interactive:
        output.data("\n\n".join(sections) + "\n")
    else:
        render()


PlainOption = Annotated[
    bool, typer.Option("--plain", help="Print exactly the record's code part, no colour.")
]


@app.command()
@handled
def show(
    ctx: typer.Context,
    flows: Annotated[list[str], typer.Argument(help="Flow ids from the catalog.")],
    plain: PlainOption = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="On a terminal, print without $PAGER.")
    ] = False,
) -> None:
    """Show a flow's title, summary, facts, notes and spans in flow order, highlighted, with file and
    line headers, and the steps it skips where it skips them; paged on a terminal.

    Piped, or with --plain, it prints exactly the code part of the flow's record.

    Example: svix-flows show message_creation --plain > message_creation.txt
    """
    from .records.render import code_section

    project = ctx.obj
    output = Output.create()
    resolved = [(flow, project.flow_spans(flow)) for flow in project.flows(flows)]
    _emit_code(
        output,
        [code_section(spans) for _, spans in resolved],
        plain,
        lambda: show_flows(output, resolved, pager=not no_pager),
    )


@app.command()
@handled
def span(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="File relative to the crate root, e.g. core/message_app.rs.")],
    symbols: Annotated[list[str], typer.Argument(help="Symbol paths, e.g. CreateMessageApp::layered_fetch.")],
    plain: PlainOption = False,
) -> None:
    """Show one or more items of any file of the checkout, by symbol path.

    Example: svix-flows span core/message_app.rs "impl CreateMessageApp" --plain
    """
    from .records.render import code_section

    project = ctx.obj
    output = Output.create()
    spans = project.spans(file, symbols)
    _emit_code(output, [code_section(spans)], plain, lambda: show_spans(output, spans))


@app.command()
@handled
def symbols(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(help="Files relative to the crate root.")],
    json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List every addressable item of files with its symbol path, kind and lines.

    Example: svix-flows symbols queue/mod.rs --json
    """
    import orjson

    project = ctx.obj
    output = Output.create()
    listing = [(file, item) for file in files for item in project.symbols(file)]
    if json:
        output.data(
            "".join(
                orjson.dumps(
                    {
                        "file": file,
                        "symbol": item.symbol,
                        "kind": item.kind,
                        "start_line": item.start_line,
                        "end_line": item.end_line,
                    }
                ).decode()
                + "\n"
                for file, item in listing
            )
        )
        return
    output.table(
        ("file", "symbol", "kind", "lines"),
        [(file, item.symbol, item.kind, f"{item.start_line}-{item.end_line}") for file, item in listing],
    )


@app.command("list")
@handled
def list_flows(ctx: typer.Context) -> None:
    """List the catalog's flows: id, title, summary and files.

    Example: svix-flows list
    """
    Output.create().table(
        ("id", "title", "summary", "files"),
        [(flow.id, flow.title, flow.summary, ", ".join(flow.files)) for flow in ctx.obj.catalog.flows],
    )


@app.command()
@handled
def validate(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="JSONL corpus files.", metavar="FILE...")],
    json: Annotated[
        bool, typer.Option("--json", help="One JSON object per problem, then a summary object.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings count as errors.")] = False,
    max_tokens: Annotated[
        Optional[int],
        typer.Option(
            "--max-tokens",
            min=1,
            help=f"Token budget per record (default: [corpus] max_tokens, else {DEFAULT_MAX_TOKENS}).",
        ),
    ] = None,
    no_source: Annotated[
        bool, typer.Option("--no-source", help="Do not compare spans with the checkout.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Check every line again, ignoring the results kept from earlier runs of the same "
            "checks over the same checkout.",
        ),
    ] = False,
) -> None:
    """Check every line of corpus files: format, think block, code fences, source, lints.

    Problems go to stdout as FILE:LINE: CODE name: message (or JSON), the summary to stderr.
    Exit 0 when no error, 1 when any (warnings too with --strict), 2 for a missing file.

    Example: svix-flows validate out/cross_module_data_flows.jsonl --strict
    """
    from .checks import validate as checks

    project = ctx.obj
    output = Output.create()
    checks.check_files(files)
    checkout, note = (None, None) if no_source else project.optional_checkout()
    if note:
        output.note(note)
    validator = checks.Validator.for_catalog(
        project.optional_catalog(),
        checkout=checkout,
        strict=strict,
        max_tokens=max_tokens,
        notes=project.verbose,
    )
    total = checks.Summary("total")
    results_dir = None if no_cache else project.cache_dir("results")
    for file, item in checks.validate_files(files, validator, results_dir):
        if isinstance(item, checks.Summary):
            total.add(item)
            validate_summary(output, item, json, last=False)
        else:
            output.data(validate_problem(file, item, json))
    validate_summary(output, total, json, last=True, files=len(files))
    raise typer.Exit(1 if total.errors else 0)


@app.command()
@handled
def write(
    ctx: typer.Context,
    flow: Annotated[str, typer.Argument(help="The flow id, from `svix-flows list`.")],
    number: Annotated[
        Optional[int], typer.Argument(help="With --revise: the variant to revise.", show_default=False)
    ] = None,
    revise: Annotated[
        bool, typer.Option("--revise", help="Revise a recorded variant; its line is replaced in place.")
    ] = False,
    prompt: Annotated[
        Optional[Path],
        typer.Option("--prompt", help="Take the request from this file, not the editor.", dir_okay=False),
    ] = None,
    think: Annotated[
        Optional[Path],
        typer.Option("--think", help="Take the reasoning from this file, not the editor.", dir_okay=False),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask: add a variant, exit 1 on a refused draft.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings refuse the record, as in `validate --strict`.")
    ] = False,
    claims: Annotated[
        bool, typer.Option("--claims", help="Also list the claims of the texts the code backs, with where.")
    ] = False,
) -> None:
    """Write a record of a flow in $VISUAL/$EDITOR: checked, then appended to the corpus.

    The draft (prompts/drafts/FLOW.md) is on disk before the editor opens and stays as the
    record's source. On a recorded flow, asks whether to add a variant or revise one.

    Example: svix-flows write message_creation --revise 2
    """
    import sys

    from .ops import authoring

    output = Output.create()
    ask = TerminalQuestions(output) if not no_input and sys.stdin.isatty() else authoring.NoInput()
    outcome = authoring.write(
        ctx.obj,
        flow,
        revise=authoring.revision(revise, number),
        texts=authoring.read_texts(prompt, think),
        ask=ask,
        strict=strict,
    )
    report_written(
        output, outcome, ctx.obj.catalog.corpus_path, shown=getattr(ask, "shown", None), claims=claims
    )
    if not outcome.ok:
        raise typer.Exit(1)


@app.command()
@handled
def count(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Count the corpus's records per flow, and drafts pending, against the target.

    Example: svix-flows count --json
    """
    from .ops.status import count as count_corpus
    from .output import render_count

    output = Output.create()
    report = count_corpus(ctx.obj.catalog)
    if json:
        import orjson

        output.data(orjson.dumps(report.to_dict()).decode() + "\n")
        return
    render_count(output, report)


@app.command()
@handled
def rebuild(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write nothing.")] = False,
) -> None:
    """Re-assemble the whole corpus from the recorded drafts and the checkout, atomically.

    Lists the records whose code changed, so their texts can be reviewed.

    Example: svix-flows rebuild --dry-run
    """
    from .ops.rebuild import rebuild as rebuild_corpus

    output = Output.create()
    report = rebuild_corpus(ctx.obj, dry_run=dry_run)
    for failure in report.failures:
        output.error(failure)
    for record in report.changed:
        output.out.print(
            f"[bold]{safe(record.flow)}[/] variant {record.variant} (line {record.line}, {safe(str(record.draft))}):"
        )
        for change in record.changes:
            output.out.print(f"  {safe(change)}", soft_wrap=True)
    if report.uncompared:
        output.note(
            f"{len(report.uncompared)} records had no earlier record to compare with (corpus or provenance missing)"
        )
    for line in report.kept[:10]:
        output.note(f"kept old line {line}: no draft describes it")
    if len(report.kept) > 10:
        output.note(f"… and {len(report.kept) - 10} more old lines that no draft describes, kept too")
    verb = "rebuilt" if report.written else "nothing written;" if report.failures else "would rebuild"
    output.err.print(
        f"{verb} {len(report.records)} records, {len(report.changed)} changed, "
        f"{len(report.pending)} drafts pending (not recorded)"
    )
    if report.failures:
        raise typer.Exit(1)


@app.command()
@handled
def trace(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="File of the entry point, relative to the crate root.")],
    symbol: Annotated[str, typer.Argument(help="The entry point's symbol path, e.g. create_message.")],
    depth: Annotated[int, typer.Option("--depth", min=0, help="How many calls deep to follow.")] = 3,
    into: Annotated[
        Optional[list[str]],
        typer.Option("--into", help="Follow only into these module prefixes (repeat, or comma-separate)."),
    ] = None,
    fmt: Annotated[
        Optional[TraceFormat],
        typer.Option(
            "--format", help="text (the tree), json (with resolution counts) or toml (a spans list)."
        ),
    ] = None,
    toml: Annotated[bool, typer.Option("--toml", hidden=True, help="Same as --format toml.")] = False,
    json: Annotated[bool, typer.Option("--json", hidden=True, help="Same as --format json.")] = False,
    all_calls: Annotated[
        bool, typer.Option("--all", help="In the tree, list std and unknown-receiver calls too.")
    ] = False,
) -> None:
    """Discover a flow: follow the calls from an entry point across module boundaries.

    Prints a tree of file:symbol (lines) with each callee's signature types; `⇒` marks a
    module boundary, and each edge says how it was resolved (queue hop, enum_dispatch,
    generic bound, conversion, derive, callback, ...). Calls it cannot resolve are listed,
    never guessed.

    Example: svix-flows trace v1/endpoints/message.rs create_message --depth 5 --into core,db,queue --format toml
    """
    from .rust.trace.render import output_format, render
    from .rust.trace.walk import trace_flow

    project = ctx.obj
    chosen = output_format(fmt, toml, json)
    found = trace_flow(project.checkout, file, symbol, depth, tuple(into or ()))
    output = Output.create()
    for note in found.skipped:
        output.note(note)
    output.data(render(found, chosen, all_calls))


class MapFormat(str, Enum):
    svg = "svg"
    mermaid = "mermaid"
    text = "text"


@app.command("map")
@handled
def map_flow(
    ctx: typer.Context,
    flow: Annotated[Optional[str], typer.Argument(help="A flow id from the catalog.")] = None,
    fmt: Annotated[
        Optional[MapFormat],
        typer.Option("--format", help="svg, mermaid or text (default: text on a terminal, else svg)."),
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file (with --all: this folder).")
    ] = None,
    all_flows: Annotated[
        bool, typer.Option("--all", help="Every flow: one SVG each and an index.html, into -o DIR.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an -o file that an earlier map did not write.")
    ] = False,
) -> None:
    """Draw a flow as a sequence diagram: its modules, and the calls, returns and queue hops
    between its spans, each labelled with the types that cross.

    Example: svix-flows map message_creation -o message_creation.svg
    """
    from .ops.flowmap import draw

    project = ctx.obj
    output_ = Output.create()
    text, written = draw(
        project.checkout,
        project.catalog,
        flow,
        fmt.value if fmt else None,
        output,
        all_flows,
        output_.interactive,
        force,
    )
    if text is not None:
        output_.data(text)
    for path in written:
        output_.note(f"wrote {path}")


@app.command()
@handled
def check(
    ctx: typer.Context,
    lock: Annotated[
        bool, typer.Option("--lock", help="Record every span's lines and hash in flows.lock.")
    ] = False,
) -> None:
    """Resolve every span of the catalog on the checkout; report problems and drift.

    Problems: unknown file, unknown symbol (with the nearest names), ambiguous symbol (with
    candidates), macro-generated symbol, a flow under three files, a description with fewer
    than two cites (file.rs:LINE or file.rs:A-B, from the crate root), a cite whose file or
    lines are not in the checkout. With flows.lock beside the catalog, each span is reported
    unchanged, moved, changed or gone, and a cite inside a moved span with where it is now.
    Exit 1 on any problem, changed or gone span.

    Example: svix-flows check --lock
    """
    from .corpus.pins import lock_path, read_lock, write_lock
    from .ops.check import check_catalog
    from .output import render_check

    project = ctx.obj
    catalog = project.catalog
    path = lock_path(catalog.path)
    report = check_catalog(catalog, project.checkout, read_lock(path))
    output = Output.create()
    render_check(output, report)
    if lock and not report.problems:
        write_lock(path, catalog.source.commit, report.spans)
        output.note(f"wrote {path} ({len(report.spans)} spans)")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@handled
def fetch(
    ctx: typer.Context,
    dest: Annotated[
        Optional[Path], typer.Option("--dest", help="Clone here instead of the cache.", file_okay=False)
    ] = None,
    url: Annotated[Optional[str], typer.Option("--url", help="Clone from a mirror or a local path.")] = None,
) -> None:
    """Clone svix-webhooks at the catalog's pinned commit into the cache.

    Does nothing when the right checkout is already there. The cache is
    $XDG_CACHE_HOME/svix-flows (or ~/.cache/svix-flows); show and the other commands find it
    without flags. With --source, SVIX_FLOWS_SOURCE or [source] path (and no --dest or --url),
    it verifies that checkout instead (the pinned commit, no uncommitted changes), offline.

    Example: svix-flows fetch --url /srv/mirrors/svix-webhooks
    """
    from .ops.fetch import fetch_or_verify

    project = ctx.obj
    output = Output.create()
    with output.err.status("svix-webhooks…") as spinner:
        fetched = fetch_or_verify(project, dest, url, lambda line: spinner.update(f"git: {safe(line)}"))
    if fetched.verified:
        output.note(fetched.verified)
        return
    verb = "cloned" if fetched.cloned else "already there:"
    output.note(f"{verb} {fetched.path} at {project.catalog.source.commit[:12]}")


@app.command()
@handled
def status(
    ctx: typer.Context,
    every_row: Annotated[
        bool, typer.Option("--all", help="On a terminal, a row for every flow, not started ones too.")
    ] = False,
) -> None:
    """The corpus against the target, then a row per flow under way: files, spans, lines, tokens,
    records, drafts, stale, findings, review counts; then the next flows to write.

    Piped, every flow has a row. Example: svix-flows status --all
    """
    from .ops.status import status as flow_status
    from .output import render_status

    project = ctx.obj
    render_status(Output.create(), flow_status(project.catalog, project.checkout), every_row=every_row)


@app.command()
@handled
def repair(
    ctx: typer.Context,
    file: Annotated[
        Optional[Path], typer.Argument(help="The corpus (default: the catalog's).", show_default=False)
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be repaired; change nothing.")
    ] = False,
) -> None:
    """Repair a corpus whose last line was torn (a crash, another tool); no byte is dropped.

    The torn bytes are saved beside the file as FILE.torn-TIME before they are cut; a last line
    that only lacks its newline gets one. Its provenance file is repaired the same way. A record
    that a crash left without provenance is adopted: its provenance is rebuilt from the line and
    its draft (the one holding its texts, or a new one written from the line) marked recorded.

    Example: svix-flows repair --dry-run
    """
    from .ops import repair as repairing

    catalog = ctx.obj.catalog if file is None else ctx.obj.optional_catalog()
    report = repairing.repair(file or catalog.corpus_path, dry_run=dry_run, catalog=catalog)
    output = Output.create()
    for line in repairing.describe(report):
        output.err.print(safe(line), soft_wrap=True)


@app.command()
@handled
def drop(
    ctx: typer.Context,
    flow: Annotated[str, typer.Argument(help="The flow id.")],
    number: Annotated[
        int, typer.Argument(help="The variant whose record to take out (1 for the first).", min=1)
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask; needed when not on a terminal.")
    ] = False,
) -> None:
    """Take variant N's record out of the corpus and its provenance; its draft is kept, marked dropped.

    `rebuild` does not bring a dropped record back, and `write` gives new variants new numbers.

    Example: svix-flows drop message_creation 2
    """
    import sys

    from .ops import dropping
    from .output import confirm, describe_drop

    output = Output.create()
    plan = dropping.plan_drop(ctx.obj, flow, number)
    what = safe(describe_drop(plan, ctx.obj.catalog.corpus_path))
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(f"drop {flow} {number}: not on a terminal to confirm; pass --yes")
        if not confirm(output, f"Drop {what}?"):
            output.note("nothing was dropped")
            return
    done = dropping.drop(ctx.obj, plan)
    output.note(f"dropped {what}; {done.remaining} records left")


@app.command()
@handled
def review(
    ctx: typer.Context,
    flow: Annotated[
        Optional[str], typer.Argument(help="Only this flow's records.", show_default=False)
    ] = None,
    number: Annotated[
        Optional[int],
        typer.Argument(help="The flow's variant N, as `drop FLOW N` takes it.", show_default=False),
    ] = None,
    variant: Annotated[
        Optional[int], typer.Option("--variant", min=1, help="The flow's variant N (any review state).")
    ] = None,
    line: Annotated[Optional[int], typer.Option("--line", min=1, help="The record on corpus line N.")] = None,
    accept: Annotated[bool, typer.Option("--accept", help="Accept the record, without asking.")] = False,
    needs_work: Annotated[
        Optional[str],
        typer.Option("--needs-work", metavar="NOTE", help="Mark it as needing work, with a note."),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input", help="Never ask: list what awaits review, or apply --accept/--needs-work."
        ),
    ] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Print each record without $PAGER.")] = False,
) -> None:
    """Read each unreviewed record again, oldest first, and accept it or mark it as needing work.

    On a terminal each record is paged (request, think block, the findings of `validate`, the
    code headers), then: accept [a], needs work [n] (a one-line note), skip [s] or quit [q].
    Each decision is kept in provenance at once. --accept or --needs-work NOTE decide for one
    record (--variant N of FLOW, --line N, else the oldest unreviewed); with --no-input and
    neither, the records waiting are listed.

    Example: svix-flows review message_creation --variant 2 --needs-work "say where the id is made" --no-input
    """
    import sys

    from .ops import review as reviewing
    from .output import TerminalReviewer, render_review_list, render_review_report

    output = Output.create()
    chosen = reviewing.pick(flow, reviewing.one_variant(number, variant), line)
    decision = reviewing.scripted(accept, needs_work)
    if decision is None and (no_input or not sys.stdin.isatty()):
        render_review_list(output, reviewing.items(ctx.obj, chosen, with_findings=False))
        return
    reviewer = reviewing.Scripted(decision) if decision else TerminalReviewer(output, pager=not no_pager)
    render_review_report(output, reviewing.run(ctx.obj, chosen, reviewer, scripted=decision is not None))


@app.command()
@handled
def export(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(help="The folder to write: new, empty, or an earlier export.", file_okay=False)
    ],
    eval_share: Annotated[
        float,
        typer.Option(
            "--eval-share",
            min=0.0,
            max=0.99,
            help="Share of records for the validation split, as close as whole flows allow.",
        ),
    ] = 0.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the flows' draw into validation.")] = 0,
    disjoint_code: Annotated[
        bool,
        typer.Option(
            "--disjoint-code",
            help="Draw groups of flows joined by shared code, so no code is in both splits.",
        ),
    ] = False,
    tokenizer: Annotated[
        Optional[Path],
        typer.Option(
            "--tokenizer", help="A Hugging Face tokenizer.json: exact token counts (else estimated)."
        ),
    ] = None,
    max_length: Annotated[
        Optional[int],
        typer.Option("--max-length", min=1, help="Warn about records over this many tokens."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse records over --max-length.")] = False,
    parquet: Annotated[bool, typer.Option("--parquet", help="Write Parquet beside the JSON Lines.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder that holds other files (replacing ours).")
    ] = False,
    reviewed_only: Annotated[
        bool,
        typer.Option("--reviewed-only", help="Only the records a review accepted (`svix-flows review`)."),
    ] = False,
) -> None:
    """Write the corpus as a folder a trainer uses as it is, with a dataset card.

    data/train.jsonl (and data/validation.jsonl with --eval-share), split by flow, with a
    reasoning column; chat_template.jinja (ChatML, answer-only loss); LICENSE; README.md, the
    card. A corpus with validation errors, or records without provenance, is refused.

    Example: svix-flows export dist/svix-flows --eval-share 0.2 --max-length 4096
    """
    from .ops.export.build import export as export_corpus
    from .ops.export.report import Options, summary

    output = Output.create()
    options = Options(
        eval_share, seed, disjoint_code, tokenizer, max_length, strict, parquet, force, reviewed_only
    )
    for line in summary(export_corpus(ctx.obj, folder, options)):
        output.note(line)


def main() -> None:
    """The console script. Usage errors (a bad flag, a missing argument) are one line too."""
    import sys

    from .interrupts import defer_during_imports, stop_deferring
    from .text import degrade_unencodable, shorten_runs

    degrade_unencodable(sys.stdout, sys.stderr)
    defer_during_imports()
    try:
        code = app(standalone_mode=False, prog_name="svix-flows")
    except typer.TyperException as exc:  # click's UsageError and friends
        if type(exc).__name__ == "NoArgsIsHelpError":
            # bare `svix-flows`: the help, as no_args_is_help promises (typer's vendored click
            # error; its class is private, so it is known by name)
            cast(Any, exc).show()
            sys.exit(2)
        context = getattr(exc, "ctx", None)
        where = context.command_path if context is not None else "svix-flows"
        message = shorten_runs(exc.format_message().rstrip("."))  # a pasted value may be huge
        Output.create().error(f"{message}; see `{where} --help`")
        sys.exit(getattr(exc, "exit_code", 2))
    except typer.Abort:
        Output.create().error("aborted")
        sys.exit(130)
    finally:
        stop_deferring()
    sys.exit(code if isinstance(code, int) else 0)
