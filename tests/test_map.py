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
from svix_flows.flowmap import build_map, render
from svix_flows.flowmap.model import (
    CALL,
    ENTRY,
    ORIGIN,
    QUEUE,
    RETURN,
    Arrow,
    FlowMap,
    Lifeline,
    short_type,
)
from svix_flows.flowmap.svg import layout
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


def test_arrows_carry_the_signature_types(diagram: FlowMap) -> None:
    """A call arrow holds the callee's parameter types; its return arrow the return type."""
    calls = {a.function: a for a in diagram.arrows if a.kind == CALL}
    assert calls["Model::new"].data == ("Vec<u8>", "u64")
    returns = {a.function: a for a in diagram.arrows if a.kind == RETURN}
    assert returns["Model::new"].data == ("Self",) or returns["Model::new"].data == ("Model",)


def test_result_returns_are_error_returns_and_know_their_question_mark(diagram: FlowMap) -> None:
    """A `Result` return is an error return; `?` at the call site marks it propagated."""
    lookup = next(a for a in diagram.arrows if a.kind == RETURN and a.function == "DepotApp::lookup")
    assert lookup.error and lookup.propagated
    bytes_back = next(a for a in diagram.arrows if a.kind == RETURN and a.function == "ParcelIn::label_bytes")
    assert not bytes_back.error


def test_a_producer_send_is_a_queue_hop_to_the_worker_that_takes_the_task(diagram: FlowMap) -> None:
    """`.send(&ShipTask::new_task(..))` enqueues; the worker fn taking `ShipTask` receives it."""
    names = [lane.name for lane in diagram.lifelines]
    hops = [(names[a.source], names[a.target], a.function) for a in diagram.arrows if a.kind == QUEUE]
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
    assert first == [(ENTRY, "next_wait"), (ORIGIN, "parse_waits"), (RETURN, "next_wait")]
    assert arrows[1].data == ("settings.waits",)
    assert arrows[1].note == "made earlier, not called here"


def test_a_function_both_called_and_read_from_is_drawn_as_both() -> None:
    """`same_waits` calls `parse_waits` and also reads a field it made: the call keeps its call
    and return arrows, and the read is still an origin arrow."""
    arrows = waits_map().arrows
    rest = [(a.kind, a.function) for a in arrows[3:]]
    assert rest == [
        (ENTRY, "same_waits"),
        (CALL, "parse_waits"),
        (RETURN, "parse_waits"),
        (ORIGIN, "parse_waits"),
        (RETURN, "same_waits"),
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
        "f", "t", "d", (Lifeline("a"), Lifeline("b")), (Arrow(CALL, 0, 1, "list", (long_type,)),)
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
    """The size of the longest real flow: 8 modules, 60 arrows, long types, loops, far hops."""
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
        kind = (CALL, RETURN, QUEUE)[i % 3]
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
    return FlowMap("long", "A long flow", "x " * 300, lanes, tuple(arrows))


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
    assert sorted(p.name for p in out.iterdir()) == [
        "depot_lookup.svg",
        "index.html",
        "parcel_shipping.svg",
        "parcel_waits.svg",
    ]
    index = (out / "index.html").read_text()
    assert "<script>" not in index and "&lt;script&gt;" in index
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
