"""Reading a flow on a terminal: paged through $PAGER, title and description first, skipped steps
named where they are skipped; the catalog's `skips`."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from rich.console import Console

from svix_flows.catalog import Flow, Skip, SpanRef, load_catalog
from svix_flows.errors import CatalogError
from svix_flows.output import Output, show_flow, show_flows
from svix_flows.pager import DEFAULT, page, pager_command
from svix_flows.rust.checkout import Span

HEADER = '[source]\ncommit = "0123456789abcdef0123456789abcdef01234567"\n'
FLOW = (
    '[[flow]]\nid = "a"\ntitle = "t"\ndescription = "d"\n'
    'spans = [{ file = "a.rs", symbol = "x" }, { file = "b.rs", symbol = "y" }]\n'
)
SPANS = [
    Span("a.rs", "src/a.rs", "first_step", "fn", 1, 2, "fn first_step() {\n}"),
    Span(
        "b.rs",
        "src/b.rs",
        "Thing::second_step",
        "method",
        5,
        6,
        "    fn second_step() {\n    }",
        "impl Thing",
    ),
]
PARCEL = Flow(
    "parcel",
    "Parcel: api → queue",
    "A parcel goes\n from the api to the queue.",
    (SpanRef("a.rs", "first_step"), SpanRef("b.rs", "Thing::second_step")),
    (Skip(1, "`weigh_parcel` sits here: flow weighing."),),
)


def _terminal() -> tuple[Output, io.StringIO]:
    buffer = io.StringIO()
    return Output(out=Console(file=buffer, width=100)), buffer  # a terminal, without escape codes


def _recorder(tmp_path: Path) -> tuple[str, Path]:
    """A pager command (for $PAGER) that writes $LESS and what it reads to a file."""
    seen = tmp_path / "paged.txt"
    code = f"import os,sys; open({str(seen)!r},'w').write(os.environ.get('LESS','')+'|'+sys.stdin.read())"
    return f'{sys.executable} -c "{code}"', seen


def test_the_default_pager_is_less_with_colours():
    """Without $PAGER the pager is `less -R`, as git's."""
    assert pager_command({}) == DEFAULT == ("less", "-R")


@pytest.mark.parametrize("value", ["", "cat", "  "])
def test_an_empty_pager_or_cat_means_no_pager(value):
    """$PAGER set to nothing or `cat` turns paging off."""
    assert pager_command({"PAGER": value}) is None


def test_pager_is_split_into_words_without_a_shell():
    """$PAGER `most -s` runs `most` with `-s`; no shell parses it."""
    assert pager_command({"PAGER": "most -s"}) == ("most", "-s")


def test_page_sends_the_text_and_sets_less_defaults(tmp_path):
    """The text reaches the pager's stdin, with LESS=FRX when LESS is unset (quit if one screen)."""
    command, seen = _recorder(tmp_path)
    assert page("hello\n", tuple(pager_command({"PAGER": command})), env={"PATH": "/usr/bin:/bin"})
    assert seen.read_text() == "FRX|hello\n"


def test_a_pager_that_cannot_start_is_reported_for_an_unpaged_show():
    """A missing pager program is not an error: `page` says so and the caller prints directly."""
    assert page("x", ("/nonexistent/pager",)) is False


def test_show_on_a_terminal_pages_through_pager(tmp_path, monkeypatch):
    """On a terminal, the rendered flow goes through $PAGER, not straight to the screen."""
    command, seen = _recorder(tmp_path)
    monkeypatch.setenv("PAGER", command)
    output, buffer = _terminal()
    show_flows(output, [(PARCEL, SPANS)], pager=True)
    assert "first_step" in seen.read_text()
    assert buffer.getvalue() == ""


def test_no_pager_prints_straight_to_the_terminal(tmp_path, monkeypatch):
    """`--no-pager` (pager=False) never runs $PAGER."""
    command, seen = _recorder(tmp_path)
    monkeypatch.setenv("PAGER", command)
    output, buffer = _terminal()
    show_flows(output, [(PARCEL, SPANS)], pager=False)
    assert not seen.exists()
    assert "first_step" in buffer.getvalue()


def test_piped_show_never_pages(cli, workspace, monkeypatch, tmp_path):
    """`show` into a pipe prints the plain code part and never starts $PAGER."""
    command, seen = _recorder(tmp_path)
    monkeypatch.setenv("PAGER", command)
    monkeypatch.chdir(workspace)
    result = cli("show", "parcel_creation")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("````rust\n// File: ")
    assert not seen.exists()


def test_show_opens_with_title_and_summary_then_spans():
    """The flow's title, then its summary (whitespace folded), come before the first span."""
    output, buffer = _terminal()
    show_flow(output, PARCEL, SPANS)
    text = buffer.getvalue()
    assert text.index("parcel: Parcel: api → queue") < text.index("A parcel goes from the api to the queue.")
    assert text.index("A parcel goes from the api") < text.index("src/a.rs first_step")


def test_show_lists_facts_then_notes_as_bullets_before_the_spans():
    """After the summary: each fact as a bullet, in order, then each note as a bullet under
    `Notes`, all before the first span."""
    flow = PARCEL._replace(
        facts=("`first_step` takes the parcel (a.rs:1).", "`second_step` queues it (b.rs:5)."),
        notes=("A full queue drops the parcel (b.rs:6).",),
    )
    output, buffer = _terminal()
    show_flow(output, flow, SPANS)
    text = buffer.getvalue()
    order = [
        "A parcel goes from the api",
        "• `first_step` takes the parcel (a.rs:1).",
        "• `second_step` queues it (b.rs:5).",
        "Notes",
        "• A full queue drops the parcel (b.rs:6).",
        "src/a.rs first_step",
    ]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)


def test_a_skipped_step_is_named_where_it_is_skipped():
    """A skip `after = 1` is printed between the first span and the second."""
    output, buffer = _terminal()
    show_flow(output, PARCEL, SPANS)
    text = buffer.getvalue()
    note = text.index("skipped here: `weigh_parcel` sits here: flow weighing.")
    assert text.index("fn first_step") < note < text.index("src/b.rs Thing::second_step")


def test_the_span_line_names_its_impl():
    """On a terminal too, a method's header line says which impl it is in."""
    output, buffer = _terminal()
    show_flow(output, PARCEL, SPANS)
    assert "src/b.rs Thing::second_step lines 5-6 in impl Thing" in buffer.getvalue()


def test_catalog_skips_load_in_order(tmp_path):
    """`skips = [{after, note}]` loads as Skip records; a flow without them has none."""
    path = tmp_path / "flows.toml"
    path.write_text(HEADER + FLOW + 'skips = [{ after = 1, note = " between x and y " }]\n')
    flow = load_catalog(path).flows[0]
    assert flow.skips == (Skip(1, "between x and y"),)
    path.write_text(HEADER + FLOW)
    assert load_catalog(path).flows[0].skips == ()


@pytest.mark.parametrize(
    ("skips", "message"),
    [
        ('skips = [{ after = 3, note = "n" }]', "flow `a`.skips[1].after: must be a span number from 0 to 2"),
        ("skips = [{ after = 1 }]", "flow `a`.skips[1]: missing key `note`"),
        ('skips = [{ after = 1, note = "n", why = 1 }]', "flow `a`.skips[1]: unknown key `why`"),
        ('skips = "x"', "flow `a`.skips: must be an array"),
    ],
    ids=["after-out-of-range", "no-note", "unknown-key", "not-array"],
)
def test_bad_skips_are_one_line_catalog_errors(tmp_path, skips, message):
    """A bad skip names the flow, the skip and the key."""
    path = tmp_path / "flows.toml"
    path.write_text(HEADER + FLOW + skips + "\n")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert message in str(caught.value)


def test_the_real_catalog_names_the_worker_skip():
    """worker_processing says where process_queue_task is skipped: after receive_all, before dispatch."""
    catalog = load_catalog(Path(__file__).parent.parent / "flows.toml")
    flow = next(f for f in catalog.flows if f.id == "worker_processing")
    skip = next(s for s in flow.skips if "process_queue_task" in s.note)
    assert flow.spans[skip.after - 1].symbol == "SvixOmniConsumer::receive_all"
    assert flow.spans[skip.after].symbol == "dispatch_message_task"


def test_a_pager_that_cannot_start_gets_the_flow_rendered_again_without_escape_codes(monkeypatch):
    """$PAGER names a program that does not exist: the flow is shown on the terminal, rendered
    again without styles, never the pager's text with its escape codes shown literally."""
    monkeypatch.setenv("PAGER", "/nonexistent/pager -R")
    buffer = io.StringIO()
    output = Output(out=Console(file=buffer, width=100, force_terminal=True, color_system="truecolor"))
    show_flows(output, [(PARCEL, SPANS)], pager=True)
    shown = buffer.getvalue()
    assert "first_step" in shown and "Parcel: api → queue" in shown
    assert "\x1b" not in shown and "\\x1b" not in shown
