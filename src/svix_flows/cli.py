"""The command line: options in, one core call, the result rendered. No logic lives here.

Start-up time is part of the product (`show` is benchmarked against bare imports), so core
modules are imported inside the commands that need them, and annotations stay real objects
(typer would otherwise `eval` every string annotation at each start).
"""

import functools
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from .errors import SvixFlowsError
from .output import Output, safe, show_spans

app = typer.Typer(
    name="svix-flows",
    help="Find, show, assemble and check the svix-server data flows of a hand-written corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("svix-flows")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"svix-flows {_version()}")
        raise typer.Exit()


def handled(func: Callable) -> Callable:
    """Translate the svix-flows error family into one line on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
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
            "--catalog", envvar="SVIX_FLOWS_CATALOG", help="The catalog file (flows.toml).",
            dir_okay=False,
        ),
    ] = None,
    source: Annotated[
        Optional[Path],
        typer.Option(
            "--source", envvar="SVIX_FLOWS_SOURCE", help="Root of a svix-webhooks checkout.",
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
    )
    ctx.obj = project
    if verbose:
        ctx.call_on_close(lambda: _say_where(project))


def _say_where(project) -> None:
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
) -> None:
    """Show a flow's spans in flow order, highlighted, with file and line headers.

    Piped, or with --plain, it prints exactly the <code> part of the flow's record.

    Example: svix-flows show message_creation --plain > message_creation.txt
    """
    from .render import code_section

    project = ctx.obj
    output = Output.create()
    resolved = [(flow, project.flow_spans(flow)) for flow in project.flows(flows)]
    _emit_code(
        output,
        [code_section(spans) for _, spans in resolved],
        plain,
        lambda: [show_spans(output, spans, f"{flow.id}: {flow.title}") for flow, spans in resolved],
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
    from .render import code_section

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
    from rich.table import Table

    table = Table(box=None, show_edge=False)
    for column in ("file", "symbol", "kind", "lines"):
        table.add_column(column)
    for file, item in listing:
        table.add_row(safe(file), safe(item.symbol), item.kind, f"{item.start_line}-{item.end_line}")
    output.out.print(table)


@app.command("list")
@handled
def list_flows(ctx: typer.Context) -> None:
    """List the catalog's flows: id, title and files.

    Example: svix-flows list
    """
    from rich.table import Table

    project = ctx.obj
    output = Output.create()
    table = Table(box=None, show_edge=False)
    for column in ("id", "title", "files"):
        table.add_column(column)
    for flow in project.catalog.flows:
        table.add_row(safe(flow.id), safe(flow.title), safe(", ".join(flow.files)))
    output.out.print(table)


@app.command()
@handled
def validate(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="JSONL corpus files.", metavar="FILE...")],
    json: Annotated[bool, typer.Option("--json", help="One JSON object per problem, then a summary object.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings count as errors.")] = False,
    max_tokens: Annotated[
        Optional[int],
        typer.Option("--max-tokens", min=1, help="Token budget per record (default: [corpus] max_tokens, else 8192)."),
    ] = None,
    no_source: Annotated[bool, typer.Option("--no-source", help="Do not compare spans with the checkout.")] = False,
) -> None:
    """Check every line of corpus files: format, think block, code fences, source, lints.

    Problems go to stdout as FILE:LINE: CODE name: message (or JSON), the summary to stderr.
    Exit 0 when no error, 1 when any (warnings too with --strict), 2 for a missing file.

    Example: svix-flows validate out/cross_module_data_flows.jsonl --strict
    """
    from . import validate as checks

    project = ctx.obj
    output = Output.create()
    checks.check_files(files)
    checkout, note = (None, None) if no_source else checks.optional_checkout(project)
    if note:
        output.note(note)
    validator = checks.Validator.for_catalog(
        project.optional_catalog(), checkout=checkout, strict=strict, max_tokens=max_tokens
    )
    total = checks.Summary("total")
    for file, item in checks.validate_files(files, validator):
        if isinstance(item, checks.Summary):
            total.add(item)
            _summary(output, item, json, last=False)
        else:
            output.data(_problem(file, item, json))
    _summary(output, total, json, last=True, files=len(files))
    raise typer.Exit(1 if total.errors else 0)


def _problem(file: str, found, json: bool) -> str:
    from .findings import printable

    if json:
        import orjson

        return orjson.dumps(found.to_dict(file)).decode() + "\n"
    return f"{printable(file, None)}:{found.line}: {found.code} {found.name}: {found.message}\n"


def _summary(output: Output, summary, json: bool, *, last: bool, files: int = 1) -> None:
    """Each file's summary on stderr; with --json, the total as the last object on stdout."""
    if json:
        if last:
            import orjson

            output.data(orjson.dumps({"summary": {**summary.to_dict(), "files": files}}).decode() + "\n")
        return
    if last and files == 1:
        return
    codes = ", ".join(f"{code} ×{count}" for code, count in sorted(summary.codes.items()))
    output.note(
        f"{summary.file}: {summary.records} records, {summary.valid} valid; "
        f"{summary.errors} errors, {summary.warnings} warnings" + (f" ({codes})" if codes else "")
    )


def main() -> None:
    app()
