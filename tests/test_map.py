"""`map`: a flow as a sequence diagram, over the synthetic crate in fixtures/map.

`parcel_shipping` has the shape of the real message flow: an endpoint calls itself, a core
lookup, a db model constructor and the queue producer; a worker takes the task.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import pytest

from svix_flows.catalog import load_catalog
from svix_flows.ops.flowmap import build_map, render
from svix_flows.ops.flowmap.kinds import ArrowKind, FrameKind
from svix_flows.ops.flowmap.labels import label, short_type
from svix_flows.ops.flowmap.layout import FIT_WIDTH, WRAP, layout
from svix_flows.ops.flowmap.model import (
    DATABASE,
    Arrow,
    FlowMap,
    Frame,
    Lifeline,
    crop,
    flow_summary,
)
from svix_flows.ops.flowmap.render import index_html
from svix_flows.rust.checkout import Checkout

FIXTURE = Path(__file__).parent / "fixtures" / "map"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def diagram() -> FlowMap:
    catalog = load_catalog(FIXTURE / "flows.toml")
    return build_map(Checkout(FIXTURE / "checkout", catalog.source.root), catalog.flow("parcel_shipping"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "ws")
    return tmp_path / "ws"


def test_lifelines_are_the_flows_modules_in_flow_order(diagram: FlowMap) -> None:
    """One lifeline per module, in the order the flow's spans first reach it; the queue last."""
    assert [lane.name for lane in diagram.lifelines] == [
        "api::parcel",
        "core::depot",
        "db::models::parcel",
        "queue",
        "worker",
        "task queue",
    ]


def returns_map() -> FlowMap:
    return _flow("parcel_returns")


def _flow(flow_id: str) -> FlowMap:
    catalog = load_catalog(FIXTURE / "flows.toml")
    return build_map(Checkout(FIXTURE / "checkout", catalog.source.root), catalog.flow(flow_id))


def test_framework_extractors_are_elided_and_the_data_kept() -> None:
    """A handler's state, path, query and permission arguments are one `…` on its arrow, the
    body it takes stays; the tooltip and the text table keep the whole signature."""
    entry = returns_map().arrows[0]
    assert label(entry, short=True) == "book_returns(…, Json<ReturnIn>)"
    assert "State<Depots>" in label(entry)
    assert "book_returns(State<Depots>, Json<ReturnIn>)" in render(returns_map(), "text")


def test_spawned_work_is_an_async_arrow_in_a_background_frame_that_returns_nothing() -> None:
    """`tokio::spawn(async { book_all(..) })`: an asynchronous arrow where it is spawned, the
    spawned function's own steps inside a background frame, and no return to the caller; the
    handler's answer comes after the frame."""
    diagram = returns_map()
    spawned = next(i for i, a in enumerate(diagram.arrows) if a.function == "book_all")
    assert diagram.arrows[spawned].asynchronous
    assert not any(a.kind == ArrowKind.RETURN and a.function == "book_all" for a in diagram.arrows)
    frame = next(f for f in diagram.frames if f.kind == FrameKind.BACKGROUND)
    assert frame.start == spawned and diagram.arrows[frame.end].function == "book_returns"


def test_statements_on_a_connection_reach_the_database_inside_their_transaction() -> None:
    """`….all(&db)` and `row.insert(txn)` are arrows to a PostgreSQL lifeline; the insert made
    in `db.transaction(…)` sits in a transaction frame."""
    diagram = returns_map()
    db = next(i for i, lane in enumerate(diagram.lifelines) if lane.name == DATABASE)
    stores = [(a.function, a.data[0]) for a in diagram.arrows if a.kind == ArrowKind.STORE and a.target == db]
    assert stores == [("SELECT", "parcel::Entity::find_since(…).all(&db)"), ("INSERT", "row.insert(txn)")]
    frame = next(f for f in diagram.frames if f.kind == FrameKind.TRANSACTION)
    inside = [a.function for a in diagram.arrows[frame.start : frame.end]]
    assert inside == ["stamp_row", "stamp_row", "INSERT"]


def test_a_lifeline_no_arrow_reaches_is_not_drawn() -> None:
    """A module holding only a type of the flow has no lifeline; its type is listed apart."""
    diagram = returns_map()
    assert "api::parcel" not in [lane.name for lane in diagram.lifelines]
    assert diagram.unseen == ("api::parcel::ParcelOut",)


def test_joined_work_is_a_par_frame_with_a_branch_each_and_a_condition_is_an_opt() -> None:
    """`tokio::join!(a, b)`: one `par` frame, a new branch where `b` starts; the call inside
    `if with_cleanup { … }` is in an `opt` frame named by its condition."""
    diagram = _flow("parcel_sweepers")
    par = next(f for f in diagram.frames if f.kind == FrameKind.PAR)
    assert [a.function for a in diagram.arrows[par.start : par.end] if a.kind == ArrowKind.CALL] == [
        "sweep_depots",
        "sweep_labels",
    ]
    assert len(par.branches) == 1 and diagram.arrows[par.branches[0]].function == "sweep_labels"
    opt = next(f for f in diagram.frames if f.kind == FrameKind.OPT)
    assert opt.label == "if with_cleanup" and diagram.arrows[opt.start].function == "sweep_labels"


def test_a_deserialiser_runs_in_the_start_up_band_before_the_entry() -> None:
    """The function a field's value comes from runs when the configuration loads: it is drawn
    first, in a start-up frame, and never as called from outside the flow."""
    diagram = _flow("parcel_wait_read")
    frame = next(f for f in diagram.frames if f.kind == FrameKind.STARTUP)
    assert frame.start == 0 and (diagram.arrows[0].kind, diagram.arrows[0].function) == (
        ArrowKind.ENTRY,
        "parse_waits",
    )
    assert [(a.kind, a.function) for a in diagram.arrows[frame.end :]][:2] == [
        (ArrowKind.ENTRY, "next_wait"),
        (ArrowKind.ORIGIN, "parse_waits"),
    ]
    assert all("outside this flow" not in a.note for a in diagram.arrows)


def test_returns_name_the_call_they_answer(diagram: FlowMap) -> None:
    """Each return's label starts with the function it returns from, so stacked returns can
    be matched to their calls."""
    lookup = next(
        a for a in diagram.arrows if a.kind == ArrowKind.RETURN and a.function == "DepotApp::lookup"
    )
    assert label(lookup, short=True) == "← lookup: DepotApp | Err ?"


def test_mermaid_draws_frames_async_arrows_and_no_lost_message_heads() -> None:
    """Mermaid gets `par … and … end`, `opt`, a tinted `rect` for background work, `-)` for a
    spawned call, and never the `x` head (which means a lost message)."""
    sweepers = render(_flow("parcel_sweepers"), "mermaid")
    assert "par tokio::join!" in sweepers and "\n    and\n" in sweepers and "opt if with_cleanup" in sweepers
    returns = render(returns_map(), "mermaid")
    assert "rect rgba" in returns and "M0-)M0: book_all" in returns
    for text in (sweepers, returns, render(_flow("parcel_shipping"), "mermaid")):
        assert "--x" not in text and "-x" not in text


def test_svg_scales_to_its_container_with_a_readable_floor(diagram: FlowMap) -> None:
    """The SVG has a viewBox and width 100 %, capped at its natural width and never shrunk
    below MIN_SCALE of it."""
    root = ET.fromstring(render(diagram, "svg"))
    assert root.get("width") == "100%" and root.get("viewBox", "").startswith("0 0 ")
    natural = float(root.get("viewBox", "").split()[2])
    assert f"max-width:{natural:.0f}px" in root.get("style", "") and "min-width:" in root.get("style", "")


def test_a_long_label_wraps_instead_of_widening_the_page() -> None:
    """A call with many parameters is drawn on several lines of at most about WRAP characters."""
    arrow = Arrow(ArrowKind.CALL, 0, 1, "f", tuple(f"Parameter{i}Type" for i in range(6)))
    diagram = FlowMap("f", "t", "d", (Lifeline("a"), Lifeline("b")), (arrow,))
    box = next(b for b in layout(diagram).boxes if b.kind == "label")
    assert box.text.count("\n") >= 1 and all(len(line) <= WRAP + 16 for line in box.text.split("\n"))


def test_only_the_title_and_the_summary_sit_above_the_diagram(diagram: FlowMap) -> None:
    """The header holds the title and the flow's summary, never its facts."""
    flow = load_catalog(FIXTURE / "flows.toml").flow("parcel_returns")
    assert flow_summary(flow) == "The handler answers at once and books the returns in the background."
    header = [text for text, _, _ in layout(_flow("parcel_returns")).header]
    assert header[-1] == flow_summary(flow) and "transaction" not in " ".join(header)


def test_characters_xml_forbids_never_reach_a_picture(tmp_path: Path) -> None:
    """U+FFFF, U+FFFE and C0 controls in a title, a module or a type are replaced, so the SVG
    and the index page stay well-formed."""
    bad = "a\uffffb\ufffe\x01c\x1b"
    diagram = FlowMap(
        "f",
        bad,
        bad,
        (Lifeline(bad), Lifeline("b")),
        (Arrow(ArrowKind.CALL, 0, 1, bad, (bad,)),),
        summary=bad,
    )
    ET.fromstring(render(diagram, "svg"))
    page = index_html([(diagram, "f.svg")])
    assert "\uffff" not in page and "\ufffe" not in page and "\x01" not in page


def test_arrows_carry_the_signature_types(diagram: FlowMap) -> None:
    """A call arrow holds the callee's parameter types; its return arrow the return type."""
    calls = {a.function: a for a in diagram.arrows if a.kind == ArrowKind.CALL}
    assert calls["Model::new"].data == ("Vec<u8>", "u64")
    returns = {a.function: a for a in diagram.arrows if a.kind == ArrowKind.RETURN}
    assert returns["Model::new"].data == ("Self",) or returns["Model::new"].data == ("Model",)


def test_result_returns_are_error_returns_and_know_their_question_mark(diagram: FlowMap) -> None:
    """A `Result` return is an error return; `?` at the call site marks it propagated."""
    lookup = next(
        a for a in diagram.arrows if a.kind == ArrowKind.RETURN and a.function == "DepotApp::lookup"
    )
    assert lookup.error and lookup.propagated
    bytes_back = next(
        a for a in diagram.arrows if a.kind == ArrowKind.RETURN and a.function == "ParcelIn::label_bytes"
    )
    assert not bytes_back.error


def test_a_producer_send_is_a_queue_hop_to_the_worker_that_takes_the_task(diagram: FlowMap) -> None:
    """`.send(&ShipTask::new_task(..))` enqueues; the worker fn taking `ShipTask` receives it."""
    names = [lane.name for lane in diagram.lifelines]
    hops = [
        (names[a.source], names[a.target], a.function) for a in diagram.arrows if a.kind == ArrowKind.QUEUE
    ]
    assert hops == [("queue", "task queue", "enqueue"), ("task queue", "worker", "deliver")]


def waits_map() -> FlowMap:
    catalog = load_catalog(FIXTURE / "flows.toml")
    return build_map(Checkout(FIXTURE / "checkout", catalog.source.root), catalog.flow("parcel_waits"))


def test_a_field_made_by_a_deserialiser_is_an_origin_arrow_not_a_call() -> None:
    """`next_wait` reads `settings.waits`, whose `deserialize_with` function is a span of the
    flow: an origin arrow from that function's module, with no call and no return, since the
    value was made earlier and nothing runs then."""
    arrows = waits_map().arrows
    first = [(a.kind, a.function) for a in arrows[:3]]
    assert first == [
        (ArrowKind.ENTRY, "next_wait"),
        (ArrowKind.ORIGIN, "parse_waits"),
        (ArrowKind.RETURN, "next_wait"),
    ]
    assert arrows[1].data == ("settings.waits",)
    assert arrows[1].note == "made earlier, not called here"


def test_a_function_both_called_and_read_from_is_drawn_as_both() -> None:
    """`same_waits` calls `parse_waits` and also reads a field it made: the call keeps its call
    and return arrows, and the read is still an origin arrow."""
    arrows = waits_map().arrows
    rest = [(a.kind, a.function) for a in arrows[3:]]
    assert rest == [
        (ArrowKind.ENTRY, "same_waits"),
        (ArrowKind.CALL, "parse_waits"),
        (ArrowKind.RETURN, "parse_waits"),
        (ArrowKind.ORIGIN, "parse_waits"),
        (ArrowKind.RETURN, "same_waits"),
    ]


def test_an_origin_arrow_has_its_own_glyph_in_every_drawing() -> None:
    """Text draws it `··▷` and says so under the table, Mermaid as a dotted open arrow, SVG in
    its own style with a legend entry."""
    diagram = waits_map()
    text = render(diagram, "text")
    assert "settings  ··▷ retry" in text and "··▷ a field's value" in text
    assert "M1--)M0: settings.waits from parse_waits" in render(diagram, "mermaid")
    svg = render(diagram, "svg")
    assert 'class="origin"' in svg and "a field's value, made (or checked) earlier" in svg


def test_a_map_is_headed_by_the_title_and_the_summary_only(diagram: FlowMap) -> None:
    """Above the diagram: the flow's title and summary; its cited facts and notes stay out."""
    flow = load_catalog(FIXTURE / "flows.toml").flow("parcel_shipping")
    assert diagram.title == flow.title and diagram.description == flow.summary
    for form in ("svg", "text", "mermaid"):
        drawn = render(diagram, form)
        assert not any(entry in drawn for entry in flow.facts + flow.notes), form


def test_svg_parses_as_xml_and_names_every_module(diagram: FlowMap) -> None:
    """The SVG is well-formed XML, and each module of the flow is written in it."""
    root = ET.fromstring(render(diagram, "svg"))
    texts = {"".join(node.itertext()) for node in root.iter(f"{SVG}text")}
    for lane in diagram.lifelines:
        assert lane.name in texts


def test_svg_is_self_contained(diagram: FlowMap) -> None:
    """No external fonts, stylesheets, scripts or images: the file draws offline."""
    svg = render(diagram, "svg")
    for needle in ("<script", "@import", "url(http", "href=", "@font-face"):
        assert needle not in svg


def test_long_types_are_abbreviated_with_the_full_type_in_a_title() -> None:
    """A long type is shortened on the arrow; the `<title>` tooltip keeps it whole."""
    long_type = "ValidatedQuery<PaginationDescending<ReversibleIterator<crate::core::types::ParcelId>>>"
    diagram = FlowMap(
        "f", "t", "d", (Lifeline("a"), Lifeline("b")), (Arrow(ArrowKind.CALL, 0, 1, "list", (long_type,)),)
    )
    root = ET.fromstring(render(diagram, "svg"))
    shown = ["".join(n.itertext()) for n in root.iter(f"{SVG}text") if "list(" in "".join(n.itertext())]
    titles = ["".join(n.itertext()) for n in root.iter(f"{SVG}title")]
    assert shown and long_type not in shown[0] and "…" in shown[0]
    assert any(long_type in title for title in titles)


def test_short_type_drops_paths_and_lifetimes_before_eliding() -> None:
    """Module paths and lifetimes go first; inner generic arguments are elided only past the limit."""
    assert short_type("&crate::worker::WorkerContext<'_>") == "&WorkerContext"
    assert short_type("Result<Json<ListResponse<MessageAttemptOut>>>", 30) == "Result<Json<ListResponse<…>>>"
    assert short_type("Result<Json<ListResponse<MessageAttemptOut>>>", 20) == "Result<Json<…>>"


def test_mermaid_text_is_stable(diagram: FlowMap) -> None:
    """The Mermaid text of the fixture flow matches its golden file byte for byte."""
    assert render(diagram, "mermaid") == (FIXTURE / "parcel_shipping.mmd").read_text()


def test_text_table_numbers_every_arrow(diagram: FlowMap) -> None:
    """The terminal table has one numbered line per arrow and a legend."""
    text = render(diagram, "text")
    assert f"{len(diagram.arrows)}  " in text and "queue hop" in text


def _long_flow() -> FlowMap:
    """The size of the longest real flow: 8 modules, 60 arrows, long types, loops, far hops,
    nested frames with branches."""
    lanes = tuple(
        Lifeline(name)
        for name in (
            "v1::endpoints::endpoint::crud",
            "v1::endpoints::endpoint",
            "core::message_app",
            "db::models::endpoint",
            "db::models::endpointmetadata",
            "core::operational_webhooks",
            "queue",
            "task queue",
        )
    )
    arrows = []
    for i in range(60):
        source, target = i % 7, (i * 3 + 1) % 8
        kind = (ArrowKind.CALL, ArrowKind.RETURN, ArrowKind.QUEUE)[i % 3]
        data = (
            "Option<HashMap<String, Vec<crate::core::types::EndpointHeaderValue>>>",
            "&DatabaseConnection",
        )
        arrows.append(
            Arrow(
                kind,
                source if i % 5 else None,
                target if i % 11 else source,
                f"Entity::function_number_{i}",
                data[: 1 + i % 2],
                error=bool(i % 2),
                note="shown above" if i % 4 == 0 else "",
            )
        )
    frames = (
        Frame(FrameKind.PAR, "tokio::join!", 2, 30, (10, 20)),
        Frame(FrameKind.OPT, "if a_long_condition_that_names_things && another_one", 3, 9),
        Frame(FrameKind.BACKGROUND, "tokio::spawn, not awaited", 12, 18),
        Frame(FrameKind.TRANSACTION, "db.transaction(…)", 13, 16),
        Frame(FrameKind.STARTUP, "at start-up", 40, 45),
    )
    return FlowMap("long", "A long flow", "x " * 300, lanes, tuple(arrows), frames, "y " * 200)


def test_layout_never_overlaps_text_on_a_flow_of_real_size() -> None:
    """No two boxes (lifeline heads, arrow labels) of the longest-shaped flow intersect,
    and every label lies on the canvas."""
    placed = layout(_long_flow())
    for first, second in combinations(placed.boxes, 2):
        assert not first.overlaps(second), (first.text, second.text)
    for box in placed.boxes:
        assert box.x >= 0 and box.x + box.w <= placed.width and box.y + box.h <= placed.height


def test_labels_fit_between_the_lifelines_they_join() -> None:
    """An arrow's label is no wider than the arrow between two different lifelines."""
    diagram = _long_flow()
    placed = layout(diagram)
    labels = [b for b in placed.boxes if b.kind == "label"]
    offset = 1  # the "(outside)" column comes first
    for arrow, box in zip(diagram.arrows, labels):
        a = 0 if arrow.source is None else arrow.source + offset
        b = 0 if arrow.target is None else arrow.target + offset
        if a != b:
            left, right = sorted((placed.xs[a], placed.xs[b]))
            assert left <= box.x and box.x + box.w <= right


def _wide_flow() -> FlowMap:
    """Nine modules in a row, each calling the next with a label of about WRAP characters."""
    lanes = tuple(Lifeline(f"m{i}") for i in range(9))
    arrows = tuple(
        Arrow(ArrowKind.CALL, i, i + 1, f"step_{i}", ("AlphaArgument", "BetaArgumentType", "GammaArgument"))
        for i in range(8)
    )
    return FlowMap("wide", "A wide flow", "", lanes, arrows)


def test_a_picture_too_wide_for_an_index_page_wraps_its_labels_narrower() -> None:
    """A picture whose labels at WRAP characters would make it wider than an index page shows
    whole at 1,400 px (FIT_WIDTH) wraps them narrower, and then fits."""
    placed = layout(_wide_flow())
    labels = [b for b in placed.boxes if b.kind == "label"]
    assert placed.width <= FIT_WIDTH
    assert max(len(line) for box in labels for line in box.text.split("\n")) < WRAP


def test_a_picture_that_fits_keeps_its_labels_at_wrap_width(diagram: FlowMap) -> None:
    """Narrower wrapping is for a picture too wide only: one that fits keeps WRAP-wide labels."""
    placed = layout(diagram)
    assert placed.width <= FIT_WIDTH
    assert any(len(line) > 36 for box in placed.boxes if box.kind == "label" for line in box.text.split("\n"))


def test_the_index_keeps_each_pictures_border_inside_its_figure() -> None:
    """A full-width picture's border is inside its width (border-box), so it does not make its
    figure scroll by two pixels."""
    page = index_html([(_wide_flow(), "wide.svg")])
    assert "section svg{display:block;box-sizing:border-box;" in page


def test_map_writes_svg_to_a_file_by_default(cli, workspace: Path) -> None:
    """`-o FILE` without --format writes an SVG, and says so on stderr."""
    result = cli("--catalog", str(workspace / "flows.toml"), "map", "parcel_shipping", "-o", "p.svg")
    assert result.exit_code == 0, result.output
    assert Path("p.svg").read_text().startswith("<svg")


def test_map_all_writes_one_svg_per_flow_and_an_escaped_index(cli, workspace: Path, tmp_path: Path) -> None:
    """`--all -o DIR`: an SVG per flow and an index.html whose titles and descriptions are escaped."""
    out = tmp_path / "maps"
    result = cli("--catalog", str(workspace / "flows.toml"), "map", "--all", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".svg") == [
        "depot_lookup.svg",
        "parcel_returns.svg",
        "parcel_shipping.svg",
        "parcel_sweepers.svg",
        "parcel_wait_read.svg",
        "parcel_waits.svg",
    ]
    index = (out / "index.html").read_text()
    assert "<script>alert" not in index and "&lt;script&gt;alert" in index
    assert "&lt;lookup&gt; &amp; &quot;escape&quot;" in index
    ET.fromstring((out / "depot_lookup.svg").read_text())


def test_map_all_without_a_folder_is_a_usage_error(cli, workspace: Path) -> None:
    """`--all` needs `-o DIR`: one line, exit 2."""
    result = cli("--catalog", str(workspace / "flows.toml"), "map", "--all")
    assert result.exit_code == 2
    assert "needs -o DIR" in result.stderr


def test_an_unknown_flow_is_a_one_line_error(cli, workspace: Path) -> None:
    """A flow id the catalog lacks fails with its nearest ids, no traceback."""
    result = cli("--catalog", str(workspace / "flows.toml"), "map", "parcel_shiping")
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_map_refuses_to_write_over_the_corpus_and_the_workspace_files(cli, workspace: Path) -> None:
    """`-o` naming the corpus, its provenance, a draft or flows.toml is refused in one line
    with exit 2, `--force` or not, and the file is left as it was."""
    corpus = workspace / "out" / "cross_module_data_flows.jsonl"
    draft = workspace / "prompts" / "drafts" / "parcel_shipping.md"
    provenance = workspace / "out" / "cross_module_data_flows.provenance.jsonl"
    for path in (corpus, draft, provenance):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("precious\n")
    for path in (corpus, draft, provenance, workspace / "flows.toml"):
        before = path.read_bytes()
        for extra in ((), ("--force",)):
            result = cli(
                "--catalog", str(workspace / "flows.toml"), "map", "parcel_shipping", "-o", str(path), *extra
            )
            assert result.exit_code == 2 and "Traceback" not in result.output, result.output
            assert path.read_bytes() == before


def test_map_replaces_an_earlier_picture_but_not_another_file_without_force(cli, workspace: Path) -> None:
    """An earlier picture (it carries map's marker) is replaced; any other file is refused
    unless `--force`."""
    catalog = str(workspace / "flows.toml")
    picture = workspace / "p.svg"
    assert cli("--catalog", catalog, "map", "parcel_shipping", "-o", str(picture)).exit_code == 0
    for fmt in ("mermaid", "text", "svg"):
        result = cli("--catalog", catalog, "map", "parcel_waits", "--format", fmt, "-o", str(picture))
        assert result.exit_code == 0, result.output
    notes = workspace / "notes.md"
    notes.write_text("my notes\n")
    refused = cli("--catalog", catalog, "map", "parcel_shipping", "-o", str(notes))
    assert refused.exit_code == 2 and "--force" in refused.stderr and notes.read_text() == "my notes\n"
    forced = cli("--catalog", catalog, "map", "parcel_shipping", "-o", str(notes), "--force")
    assert forced.exit_code == 0 and notes.read_text().startswith("<svg")


def test_the_index_inlines_each_picture_with_search_areas_and_text_links(
    cli, workspace: Path, tmp_path: Path
) -> None:
    """index.html holds each SVG inline (so its tooltips work), a search box, the flows grouped
    by area, a record count per flow and a link to each flow's text table, which is written."""
    out = tmp_path / "maps"
    assert cli("--catalog", str(workspace / "flows.toml"), "map", "--all", "-o", str(out)).exit_code == 0
    index = (out / "index.html").read_text()
    assert "<img" not in index and index.count("<svg ") == 6
    assert (
        'id="search"' in index
        and '<h2 id="area-api">API</h2>' in index
        and "0 records" in index
        and "target of 2" in index
    )
    assert 'href="parcel_shipping.txt"' in index and (out / "parcel_shipping.txt").read_text().startswith(
        "parcel_shipping"
    )


def test_a_call_in_a_loop_body_is_in_a_loop_frame_inside_its_transaction() -> None:
    """`for row in rows { … row.insert(txn) … }` inside `db.transaction(…)`: a `loop` frame
    named by its header, nested in the transaction frame."""
    diagram = returns_map()
    transaction = next(f for f in diagram.frames if f.kind == FrameKind.TRANSACTION)
    loop = next(f for f in diagram.frames if f.kind == FrameKind.LOOP)
    assert loop.label == "for row in rows"
    assert transaction.start <= loop.start and loop.end <= transaction.end
    assert diagram.frames.index(transaction) < diagram.frames.index(loop)  # outermost first


def test_the_readme_picture_is_a_crop_readable_at_github_width() -> None:
    """docs/message_creation.svg is well-formed, a picture map wrote, and at most 1,000 px wide
    at its natural size, so GitHub's column (about 880 px) shows its 12 px text at 10 px or more."""
    path = Path(__file__).parent.parent / "docs" / "message_creation.svg"
    root = ET.fromstring(path.read_text())
    assert float(root.get("viewBox", "0 0 9999").split()[2]) <= 1000
    assert "drawn by svix-flows map" in path.read_text()


def test_a_crop_keeps_only_its_arrows_lifelines_and_the_frames_around_them() -> None:
    """`crop(diagram, 5, 8)`: three arrows, the lifelines they join renumbered from 0, and the
    frames that cover them clipped to the crop."""
    diagram = returns_map()
    part = crop(diagram, 5, 8)
    assert [a.function for a in part.arrows] == [a.function for a in diagram.arrows[5:8]]
    assert [lane.name for lane in part.lifelines] == ["api::recovery", DATABASE]
    assert {(f.kind, f.start, f.end) for f in part.frames} >= {
        (FrameKind.TRANSACTION, 0, 3),
        (FrameKind.BACKGROUND, 0, 3),
    }
